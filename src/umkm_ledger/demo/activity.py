"""The demo's mentoring, training and exhibitions, from the source articles:

* Ogan Ilir, 16 Dec 2016 (seed 000): Sentra Usaha TKI Purna shows songket, batik and
  Palembang snacks at the exhibition "Launching Pengembangan 1000 Wirausaha UMKM"; the
  district office then mentors (*pendampingan*) the sentra's members through 2017.
* Palembang, 23 Aug 2018 (seed 001): Kemenperin's Bimtek for new IKM, with a member of
  DPR RI Komisi VI, at which the KUB received their equipment (the grants of the funding
  demo are linked to it).

Mentors, the Bimtek's second day, its trainers, the attendance and the follow-up actions
are invented; every command has a fixed command id, so recording the demo again records
nothing.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.demo.enterprises import OGAN_ILIR, DemoResult
from umkm_ledger.demo.funding import DemoFunding
from umkm_ledger.demo.programs import DemoPrograms
from umkm_ledger.ledger import Ledger

__all__ = ["DemoActivity", "record_demo_activity"]

_ID = "demo:activity:"
_OI_OFFICER = "tapip@kepala-dinas"
_OI_MENTOR = "Rahmat Hidayat"  # an officer of the district office (invented)
_IKM_OFFICER = "rina@ditjen-ikma"
_PALEMBANG = "16.71"


@attrs.frozen
class DemoActivity:
    exhibition: UUID
    sessions: tuple[UUID, ...]
    bimtek: UUID


def record_demo_activity(
    ledger: Ledger, demo: DemoResult, programs: DemoPrograms, funding: DemoFunding
) -> DemoActivity:
    """Record the demo's exhibition, mentoring and Bimtek (idempotently)."""
    return DemoActivity(
        exhibition=_launch_exhibition(ledger, demo, programs),
        sessions=_sentra_mentoring(ledger, demo, programs),
        bimtek=_bimtek(ledger, funding),
    )


def _launch_exhibition(ledger: Ledger, demo: DemoResult, programs: DemoPrograms) -> UUID:
    launch = date(2016, 12, 16)
    exhibition = ledger.organise_exhibition(
        "Launching Pengembangan 1000 Wirausaha UMKM", organiser="Diskoperindag Ogan Ilir",
        venue="Pendopoan KPT Pemkab Ogan Ilir, Tanjung Senai", region=OGAN_ILIR, days=[launch],
        program_id=programs.ogan_ilir, effective_date=date(2016, 12, 1), actor=_OI_OFFICER,
        command_id=f"{_ID}expo",
    )  # fmt: skip
    products = (["songket"], ["batik"], ["kemplang", "makanan ringan khas Palembang"], ["songket"])
    for serial, (member, shown) in enumerate(zip(demo.sentra_members, products, strict=True)):
        ledger.take_part(
            exhibition, member, products=shown,
            outcome="products introduced to the people of Ogan Ilir (with BP3TKI Palembang)",
            effective_date=launch, actor=_OI_OFFICER, command_id=f"{_ID}expo:{serial}",
        )  # fmt: skip
    return exhibition


def _sentra_mentoring(ledger: Ledger, demo: DemoResult, programs: DemoPrograms) -> tuple[UUID, ...]:
    program = programs.ogan_ilir
    ledger.define_indicator(
        program, "mentored", kind="enterprises_mentored", title="Binaan mentored",
        effective_date=date(2016, 12, 20), actor=_OI_OFFICER, command_id=f"{_ID}oi:indicator",
    )  # fmt: skip
    first = ledger.record_mentoring(
        _OI_MENTOR, group=demo.sentra, topics=["pembukuan sederhana", "harga jual songket"],
        duration_minutes=120, program_id=program,
        follow_ups=[{"action": "catat penjualan songket per bulan", "due": "2017-02-28"}],
        notes="the looms of the launch are in use", effective_date=date(2017, 1, 19),
        actor=_OI_OFFICER, command_id=f"{_ID}oi:visit:1",
    )  # fmt: skip
    ledger.complete_follow_up(
        first, 1, effective_date=date(2017, 2, 20), actor=_OI_OFFICER,
        command_id=f"{_ID}oi:visit:1:done",
    )  # fmt: skip
    second = ledger.schedule_mentoring(
        _OI_MENTOR, group=demo.sentra, topics=["pemasaran online"], planned_on="2017-04-12",
        program_id=program, effective_date=date(2017, 3, 30), actor=_OI_OFFICER,
        command_id=f"{_ID}oi:visit:2:plan",
    )  # fmt: skip
    ledger.hold_mentoring(
        second, attended=list(demo.sentra_members[:3]), duration_minutes=90,
        follow_ups=[{"action": "buka toko online untuk songket", "due": "2017-06-30"}],
        effective_date=date(2017, 4, 12), actor=_OI_OFFICER, command_id=f"{_ID}oi:visit:2",
    )  # fmt: skip
    third = ledger.schedule_mentoring(
        "Dewi Lestari", mentor_kind="PLUT consultant", enterprises=[demo.sentra_members[0]],
        topics=["desain motif songket"], planned_on="2017-08-09", program_id=program,
        effective_date=date(2017, 7, 28), actor=_OI_OFFICER, command_id=f"{_ID}oi:visit:3:plan",
    )  # fmt: skip
    ledger.record_no_show(
        third, effective_date=date(2017, 8, 9), actor=_OI_OFFICER,
        command_id=f"{_ID}oi:visit:3",
    )  # fmt: skip
    return first, second, third


def _bimtek(ledger: Ledger, funding: DemoFunding) -> UUID:
    days = [date(2018, 8, 23), date(2018, 8, 24)]
    program = funding.kemenperin_program
    ledger.define_indicator(
        program, "trained", kind="people_trained", title="People trained at the Bimtek",
        effective_date=date(2018, 1, 2), actor=_IKM_OFFICER, command_id=f"{_ID}ikm:indicator",
    )  # fmt: skip
    training = ledger.organise_training(
        "Bimtek Penumbuhan Wirausaha Baru IKM", organiser="Kemenperin, Ditjen IKMA",
        funder="Kemenperin", partner="Bambang Wasista Bambang Utoyo, DPR RI Komisi VI",
        venue="Hotel Aston Palembang", region=_PALEMBANG, days=days,
        topics=["produksi", "pemasaran online (pro digital)"],
        trainers=["Ditjen IKMA", "Dinas Perindustrian Kota Palembang"], program_id=program,
        effective_date=date(2018, 8, 1), actor=_IKM_OFFICER, command_id=f"{_ID}ikm:organise",
    )  # fmt: skip
    niks = []
    for serial, (member, person) in enumerate(funding.kemenperin_members, start=1):
        ledger.register_participant(
            training, person=person, enterprise_id=member, effective_date=date(2018, 8, 20),
            actor=_IKM_OFFICER, command_id=f"{_ID}ikm:register:{serial}",
        )  # fmt: skip
        niks.append(str(person["nik"]))
    # Everyone came the first day; one did not come back the second.
    for number, (day, present) in enumerate(zip(days, (niks, niks[1:]), strict=True)):
        ledger.record_attendance(
            training, present=present, effective_date=day, actor=_IKM_OFFICER,
            command_id=f"{_ID}ikm:attendance:{number}",
        )  # fmt: skip
    for serial, nik in enumerate(niks[1:], start=2):
        ledger.complete_training(
            training, nik, certificate=f"IKMA/BIMTEK/2018/{serial:03d}", effective_date=days[-1],
            actor=_IKM_OFFICER, command_id=f"{_ID}ikm:complete:{serial}",
        )  # fmt: skip
    for number, grant in enumerate(funding.kemenperin_grants, start=1):
        ledger.link_training_grant(
            training, grant, effective_date=days[0], actor=_IKM_OFFICER,
            command_id=f"{_ID}ikm:grant:{number}",
        )  # fmt: skip
    return training
