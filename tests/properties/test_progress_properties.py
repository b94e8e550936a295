"""Properties of programs and their views, over generated program histories.

For any history of registrations, enrolments (repeated, refused), exits, funder claims,
date corrections and merges:

* progress equals a naive recount from the raw events in the notification log;
* an as-of answer equals the recount of only the facts dated by that day;
* enrolling twice never counts twice (the recount counts enterprises, not events);
* a view rebuilt from event zero equals the incrementally maintained one.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import dates_between, program_steps
from tests.support import person
from umkm_ledger import Ledger, UmkmLedgerError
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.programs.enrolment import Enrolment

START, END = date(2016, 1, 4), date(2020, 12, 31)
Steps = list[tuple[str, dict[str, Any]]]


@contextlib.contextmanager
def opened(backend: str) -> Iterator[Ledger]:
    if backend == "memory":
        with Ledger.open("memory://", actor="siti@officer") as ledger:
            yield ledger
        return
    with (
        TemporaryDirectory() as folder,
        Ledger.open(f"sqlite:///{Path(folder) / 'ledger.db'}", actor="siti@officer") as ledger,
    ):
        yield ledger


def play(ledger: Ledger, steps: Steps) -> UUID:
    """Record the program and the steps; refused steps record nothing and are skipped."""
    program = ledger.plan_program(
        "P", agency="Dinas", scope=["16.10"], period=f"{START}..{END}", effective_date=START
    )
    ledger.start_program(program, effective_date=START)
    ledger.define_indicator(program, "new", kind="binaan_enrolled", title="New binaan")
    enterprises: list[UUID] = []
    for command, args in steps:
        index = args.get("enterprise", 0)
        target = enterprises[index % len(enterprises)] if enterprises else None
        with contextlib.suppress(UmkmLedgerError):
            if command == "register":
                enterprises.append(
                    ledger.register_enterprise(
                        "Usaha",
                        owners=[person(args["owner"], args["desa"])],
                        desa=args["desa"],
                        sector="13121",
                        founded_on="2010-01-01",
                        effective_date=args["on"],
                    )
                )
            elif target is None:
                continue
            elif command == "enrol":
                ledger.enrol(program, target, funders=args["funders"], effective_date=args["on"])
            elif command == "exit":
                ledger.exit_program(program, target, reason="left")
            elif command == "claim":
                ledger.claim_attribution(program, target, funder=args["funder"])
            elif command == "redate":
                enrolment = ledger.enrolment(program, target)
                ledger.correct(
                    enrolment.id, version=1, changes={"effective_date": args["on"]}, reason="x"
                )
            elif command == "merge":
                view = ledger.enterprise(target)
                if view.suspected_duplicates:
                    ledger.merge_duplicate(target, into=view.suspected_duplicates[0], reason="x")
    return program


def recount(ledger: Ledger, program: UUID, as_of: date) -> tuple[int, dict[str, int], int]:
    """New binaan by ``as_of`` (total, per kecamatan, attributed to funders), from the
    raw events: the naive model the views must agree with."""
    app = ledger.application
    events = [
        app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1_000_000)
    ]
    desa: dict[UUID, str] = {}
    survivor: dict[UUID, UUID] = {}
    enrolled: dict[UUID, tuple[UUID, date]] = {}
    claims: dict[UUID, dict[str, date]] = defaultdict(dict)
    for event in events:
        if isinstance(event, Enterprise.Registered):
            desa[event.originator_id] = str(event.address.desa)
        elif isinstance(event, Enterprise.MergedInto):
            survivor[event.originator_id] = event.survivor
        elif isinstance(event, Enrolment.Enrolled) and event.program_id == program:
            day = event.envelope.effective_date
            enrolled[event.originator_id] = (event.enterprise_id, day)
            claims[event.originator_id] = dict.fromkeys(event.funders, day)
        elif isinstance(event, Enrolment.AttributionClaimed):
            claims[event.originator_id].setdefault(event.funder, event.envelope.effective_date)
        elif (
            isinstance(event, LedgerAggregate.Corrected)
            and event.originator_id in enrolled
            and EFFECTIVE_DATE in event.changes
        ):
            enterprise, _ = enrolled[event.originator_id]
            day = event.changes[EFFECTIVE_DATE]
            enrolled[event.originator_id] = (enterprise, day)
            claims[event.originator_id] = {
                f: (day if c == _ else c) for f, c in claims[event.originator_id].items()
            }

    def counts_as(enterprise: UUID) -> UUID:
        while enterprise in survivor:
            enterprise = survivor[enterprise]
        return enterprise

    counted: dict[UUID, str] = {}
    funders: dict[str, set[UUID]] = defaultdict(set)
    for enrolment, (enterprise, day) in enrolled.items():
        if START <= day <= min(as_of, END):
            subject = counts_as(enterprise)
            counted[subject] = desa[enterprise][:8]
            for funder, claimed in claims[enrolment].items():
                if claimed <= as_of:
                    funders[funder].add(subject)
    by_kecamatan: dict[str, int] = defaultdict(int)
    for kecamatan in counted.values():
        by_kecamatan[kecamatan] += 1
    return len(counted), dict(by_kecamatan), sum(len(s) for s in funders.values())


def progress(ledger: Ledger, program: UUID, as_of: date) -> tuple[int, dict[str, int], int]:
    by_kecamatan = ledger.progress(program, as_of=as_of, by="kecamatan").indicator("new")
    by_funder = ledger.progress(program, as_of=as_of, by="funder").indicator("new")
    return (
        int(by_kecamatan.actual),
        {row.key: int(row.actual) for row in by_kecamatan.rows},
        int(by_funder.details["attributed_total"]),
    )


_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False)


@_settings
@given(program_steps(), dates_between(date(2015, 6, 1), date(2021, 12, 31)))
def test_progress_equals_a_recount_from_the_raw_events(steps: Steps, as_of: date) -> None:
    with opened("memory") as ledger:
        program = play(ledger, steps)
        assert progress(ledger, program, as_of) == recount(ledger, program, as_of)
        assert progress(ledger, program, END) == recount(ledger, program, END)


@settings(_settings, max_examples=25)
@given(program_steps())
def test_a_rebuilt_view_equals_the_live_view_on_sqlite(steps: Steps) -> None:
    with opened("sqlite") as ledger:
        program = play(ledger, steps[: len(steps) // 2])
        store = ledger._views()
        store.ready("progress")  # built early, then maintained page by page
        program_rest = play(ledger, steps[len(steps) // 2 :])
        live = store.dump(store.ready("progress"))
        ledger.rebuild("progress")
        assert store.dump(store.ready("progress")) == live
        for each in (program, program_rest):
            assert progress(ledger, each, END) == recount(ledger, each, END)


@settings(_settings, max_examples=25)
@given(program_steps(), st.integers(2, 4))
def test_enrolling_again_never_counts_twice(steps: Steps, times: int) -> None:
    with opened("memory") as ledger:
        program = play(ledger, steps)
        before = progress(ledger, program, END)
        enterprises = list(ledger.enterprise_ids())
        for _ in range(times):
            for enterprise in enterprises:
                with contextlib.suppress(UmkmLedgerError):
                    ledger.enrol(program, enterprise, effective_date=date(2016, 6, 1))
        after = progress(ledger, program, END)
        assert after[0] <= len(enterprises)
        assert after == recount(ledger, program, END)
        assert after[0] >= before[0]
