"""A district-shaped ledger, recorded through the batch API: what ``district.py`` loads.

Deterministic for a seed and a size. For ``enterprises`` registered enterprises (a
kabupaten has about 36 000), in the order a district office would record them:

* 3 funders (APBD, APBN, a BUMN's TJSL) and 4 programs of 2020-2024 over the district,
  each started, with an indicator of binaan enrolled (a target) and of binaan mentored,
  and one allocation per program and fiscal year 2021-2024;
* every enterprise registered (in 2020), one in ten with an NIB recorded later;
* 85 % enrolled as binaan in one of the programs;
* sales reported for 2020-2023 (about 4 per enterprise: 150 000 at district size);
* mentoring sessions for the binaan (one to three enterprises each, about a dozen per
  binaan over the five years);
* one enterprise in seven given a grant: proposed, checked, approved (another person),
  handed over with a BAST, acknowledged and monitored.

At 36 000 enterprises this is about 1 M events. Names, NIKs and desa codes are invented
(valid in form: NIK birth dates and genders agree with the owners).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from bench.register_enterprises import make_registrations

from umkm_ledger import Batch, Ledger

__all__ = ["EVENTS_PER_ENTERPRISE", "DistrictPlan", "enterprises_for", "load_district"]

#: Stored events per enterprise of the plan (measured; used to size a run by events).
EVENTS_PER_ENTERPRISE = 28.5
_OFFICER, _HEAD = "petugas@kabid-ukm", "kepala@kepala-dinas"
_SCOPE = "16"  # the invented owners live in several kabupaten of Sumatera Selatan
_MENTORS = ("Rahmat Hidayat", "Dewi Lestari", "Agus Salim", "Nurul Huda", "Yuni Astuti")
_TOPICS = ("pembukuan sederhana", "pemasaran online", "harga pokok produksi", "kemasan", "NIB")
_GOODS = (("mesin jahit", "Rp2.500.000"), ("alat tenun", "Rp3.500.000"), ("sealer", "Rp900.000"))


def enterprises_for(events: int) -> int:
    """How many enterprises make a ledger of about ``events`` stored events."""
    return max(40, round(events / EVENTS_PER_ENTERPRISE))


@dataclass
class DistrictPlan:
    enterprises: int
    seed: int = 2026
    #: Commands per batch transaction.
    size: int = 500
    #: Called with (commands submitted, stage) now and then, for progress on stderr.
    progress: Callable[[int, str], None] | None = None


def load_district(ledger: Ledger, plan: DistrictPlan) -> dict[str, int]:
    """Record the plan's ledger through ``ledger.batch``; returns commands per status."""
    rng = random.Random(plan.seed)
    with ledger.batch(size=plan.size) as batch:
        loader = _Loader(ledger, batch, rng, plan)
        loader.run()
    return dict(batch.summary())


class _Loader:
    def __init__(self, ledger: Ledger, batch: Batch, rng: random.Random, plan: DistrictPlan):
        self.ledger, self.batch, self.rng, self.plan = ledger, batch, rng, plan
        self.submitted = 0

    def submit(self, command: Callable[..., UUID], *args: Any, **kwargs: Any) -> UUID:
        item = self.batch.submit(command, *args, **kwargs)
        self.submitted += 1
        if self.plan.progress is not None and self.submitted % 5000 == 0:
            self.plan.progress(self.submitted, item.command)
        if item.error is not None:
            raise item.error  # the plan is valid: a refusal is a defect of the ledger
        assert item.result is not None
        return item.result

    def run(self) -> None:
        ledger, n = self.ledger, self.plan.enterprises
        funders = [("Pemerintah Kabupaten", "APBD kabupaten"), ("Kementerian", "APBN"),
                   ("TJSL BUMN", "TJSL BUMN")]  # fmt: skip
        for name, source in funders:
            self.submit(
                ledger.register_funder,
                name,
                source=source,
                effective_date="2020-01-02",
                actor=_HEAD,
            )
        programs = [self._program(k) for k in range(4)]
        allocations = {
            (p, year): self.submit(
                ledger.allocate,
                funders[k % 3][0],
                program,
                fiscal_year=year,
                instrument="in-kind goods",
                amount="Rp20.000.000.000",
                effective_date=f"{year}-01-10",
                actor=_HEAD,
            )
            for k, (p, program) in enumerate(enumerate(programs))
            for year in range(2021, 2025)
        }
        people = make_registrations(n, seed=self.plan.seed)
        enterprises: list[UUID] = []
        for i, person in enumerate(people):
            enterprises.append(
                self.submit(
                    ledger.register_enterprise,
                    person.name,
                    owners=person.owners,
                    desa=person.desa,
                    sector=person.sector,
                    founded_on=date(min(person.founded_on.year, 2019), 1 + i % 12, 1),
                    street=person.street,
                    effective_date=_day(2020, i),
                    actor=_OFFICER,
                )
            )
        binaan: list[tuple[UUID, int, date]] = []
        for i, enterprise in enumerate(enterprises):
            if i % 10 == 3:
                self.submit(
                    ledger.record_nib,
                    enterprise,
                    f"9120{(self.plan.seed * 7919 + i):09d}",
                    effective_date=_day(2021, i),
                    actor=_OFFICER,
                )
            if i % 20 < 17:
                program = i % 4
                on = _day(2020 + i % 2, i) + timedelta(days=20)
                self.submit(
                    ledger.enrol,
                    programs[program],
                    enterprise,
                    effective_date=on,
                    actor=_OFFICER,
                )
                binaan.append((enterprise, program, on))
        for year in range(2020, 2024):
            for i, enterprise in enumerate(enterprises):
                amount = 40_000_000 + (i * 7_919_003 + year * 104_729) % 900_000_000
                self.submit(
                    ledger.report_sales,
                    enterprise,
                    year=year,
                    amount=amount,
                    effective_date=f"{year + 1}-01-{1 + i % 28:02d}",
                    actor=_OFFICER,
                )
        self._mentoring(programs, binaan)
        self._grants(programs, allocations, enterprises, binaan)

    def _program(self, k: int) -> UUID:
        ledger = self.ledger
        program = self.submit(
            ledger.plan_program,
            f"Pengembangan UMKM Binaan {k + 1}",
            agency="Dinas Koperasi dan UKM",
            scope=[_SCOPE],
            period="2020-01-01..2024-12-31",
            effective_date="2020-01-02",
            actor=_HEAD,
        )
        self.submit(ledger.start_program, program, effective_date="2020-01-02", actor=_HEAD)
        self.submit(
            ledger.define_indicator,
            program,
            "binaan",
            kind="binaan_enrolled",
            title="UMKM binaan",
            baseline=0,
            baseline_on="2020-01-02",
            effective_date="2020-01-02",
            actor=_HEAD,
        )
        self.submit(
            ledger.set_target,
            program,
            "binaan",
            value=max(1, self.plan.enterprises // 5),
            periods="2020-01-01..2024-12-31",
            effective_date="2020-01-02",
            actor=_HEAD,
        )
        self.submit(
            ledger.define_indicator,
            program,
            "mentored",
            kind="enterprises_mentored",
            title="Binaan mentored",
            effective_date="2020-01-02",
            actor=_HEAD,
        )
        return program

    def _mentoring(self, programs: list[UUID], binaan: list[tuple[UUID, int, date]]) -> None:
        ledger, rng = self.ledger, self.rng
        by_program: dict[int, list[tuple[UUID, date]]] = {}
        for enterprise, program, on in binaan:
            by_program.setdefault(program, []).append((enterprise, on))
        for program, members in sorted(by_program.items()):
            # About a dozen sessions per binaan over the program's years.
            for round_ in range(22):
                for start in range(0, len(members), 2):
                    group = members[start : start + 1 + (start // 2) % 3]
                    enterprises = [e for e, _ in group]
                    first = max(on for _, on in group)
                    held = first + timedelta(days=30 + round_ * 70 + rng.randint(0, 60))
                    held = min(held, date(2024, 12, 20))
                    self.submit(
                        ledger.record_mentoring,
                        rng.choice(_MENTORS),
                        topics=[rng.choice(_TOPICS)],
                        duration_minutes=60 + 30 * (round_ % 3),
                        enterprises=enterprises,
                        program_id=programs[program],
                        effective_date=held,
                        actor=_OFFICER,
                    )

    def _grants(
        self,
        programs: list[UUID],
        allocations: dict[tuple[int, int], UUID],
        enterprises: list[UUID],
        binaan: list[tuple[UUID, int, date]],
    ) -> None:
        ledger = self.ledger
        for g, (enterprise, program, _on) in enumerate(binaan[::6]):
            year = 2022 + g % 3  # binaan are enrolled in 2020 and 2021
            goods, value = _GOODS[g % len(_GOODS)]
            quantity = 1 + g % 3
            day = _day(year, g) + timedelta(days=14)
            grant = self.submit(
                ledger.propose_grant,
                allocations[(program, year)],
                enterprise,
                items=[{"description": goods, "quantity": quantity, "unit_value": value}],
                justification="binaan with growing sales need equipment of their own",
                effective_date=day,
                actor=_OFFICER,
            )
            self.submit(ledger.check_eligibility, grant, effective_date=day, actor=_OFFICER)
            self.submit(ledger.approve_grant, grant, effective_date=day, actor=_HEAD)
            bast = f"{g:05d}/BAST/DKUKM/{year}"
            handed = day + timedelta(days=7)
            self.submit(
                ledger.hand_over,
                grant,
                bast_number=bast,
                place="Kantor Dinas Koperasi dan UKM",
                items={goods: quantity},
                witnesses=["Kepala Desa"],
                effective_date=handed,
                actor=_OFFICER,
            )
            self.submit(
                ledger.acknowledge_handover,
                grant,
                bast,
                recipient="pemilik usaha",
                effective_date=handed,
                actor=_OFFICER,
            )
            self.submit(
                ledger.monitor_grant,
                grant,
                condition="in use",
                note="dipakai setiap hari",
                effective_date=handed + timedelta(days=90),
                actor=_OFFICER,
            )


def _day(year: int, i: int) -> date:
    """A working day of ``year`` spread by ``i`` (never later than mid-December)."""
    return date(year, 1, 2) + timedelta(days=(i * 37) % 340)
