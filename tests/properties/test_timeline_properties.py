"""Properties of an enterprise's timeline, over generated histories of mentoring,
trainings, consultations, exhibitions, grants and corrections:

* it holds exactly the events about that enterprise (worked out here from the events
  themselves), each once;
* in effective-date order (a corrected date counts), ties in the order recorded;
* the timeline view rebuilt from event zero equals the live one.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.test_programs import DESA_A1, program, register
from tests.strategies import timeline_steps
from tests.support import person
from umkm_ledger import Ledger, UmkmLedgerError
from umkm_ledger.kernel.aggregate import LedgerAggregate

Steps = list[tuple[str, dict[str, Any]]]
START = date(2016, 4, 1)


def play(ledger: Ledger, steps: Steps) -> list[UUID]:
    program_id = program(ledger)
    enterprises = [register(ledger, serial, DESA_A1) for serial in (1, 2, 3)]
    for enterprise in enterprises:
        ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    people = {e: person(50 + n, DESA_A1) for n, e in enumerate(enterprises)}
    kub = ledger.form_group(
        "KUB", kind="KUB", region=DESA_A1, founded_on="2015-01-01", effective_date="2016-03-02"
    )
    for enterprise in enterprises[:2]:
        ledger.add_group_member(kub, enterprise, effective_date="2016-03-02")
    ledger.register_funder("Kemenperin", source="APBN", effective_date="2016-01-04")
    allocation = ledger.allocate(
        "Kemenperin", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp500 juta", effective_date="2016-01-05",
    )  # fmt: skip
    training = ledger.organise_training(
        "Bimtek", organiser="Kemenperin", venue="Palembang", region="16.10",
        days=[START + timedelta(days=d) for d in range(0, 40, 10)], topics=["produksi"],
        effective_date="2016-03-20",
    )  # fmt: skip
    expo = ledger.organise_exhibition(
        "Pameran", organiser="Diskoperindag", venue="Indralaya", region="16.10",
        days=["2016-06-01"], effective_date="2016-03-20",
    )  # fmt: skip
    records: list[UUID] = [training, expo, kub]
    for index, (command, args) in enumerate(steps):
        on = START + timedelta(days=args["day"])
        chosen = [enterprises[i] for i in sorted(set(args["who"]))]
        with contextlib.suppress(UmkmLedgerError):
            if command == "mentoring":
                records.append(
                    ledger.record_mentoring(
                        "Rahmat", enterprises=chosen, topics=["x"], duration_minutes=60,
                        program_id=program_id, effective_date=on,
                    )
                )  # fmt: skip
            elif command == "register":
                ledger.register_participant(
                    training, person=people[chosen[0]], enterprise_id=chosen[0],
                    effective_date=on,
                )  # fmt: skip
            elif command == "attend":
                ledger.record_attendance(
                    training, present=[people[e]["nik"] for e in chosen], effective_date=on
                )
            elif command == "consult":
                records.append(
                    ledger.record_consultation(
                        chosen[0], place="PLUT", consultant="Andi", topic="izin",
                        outcome="ok", effective_date=on,
                    )
                )  # fmt: skip
            elif command == "exhibit":
                ledger.take_part(expo, chosen[0], outcome="orders", effective_date=on)
            elif command == "grant":
                beneficiary = kub if args["group"] else chosen[0]
                records.append(
                    ledger.propose_grant(
                        allocation, beneficiary, justification="aid", effective_date=on,
                        items=[{"description": f"item {index}", "quantity": 1,
                                "unit_value": "Rp1 juta"}],
                    )
                )  # fmt: skip
            elif command == "correct":
                record = records[args["day"] % len(records)]
                history = ledger.history(record)
                fact = history[args["day"] % len(history)]
                ledger.correct(
                    record, version=fact.version, reason="dated wrong",
                    changes={"effective_date": fact.effective_date + timedelta(days=args["shift"])},
                )  # fmt: skip
    return enterprises


def about(ledger: Ledger, enterprise: UUID) -> dict[tuple[UUID, int], date]:
    """Every event about ``enterprise``, worked out from the events, with the date in
    force (the last correction of its date, if any)."""
    found: dict[tuple[UUID, int], date] = {}
    app = ledger.application
    for notification in app.recorder.select_notifications(1, 100_000):
        event = app.mapper.to_domain_event(notification)
        if not isinstance(event, LedgerAggregate.Event) or event.originator_version != 1:
            continue
        events = app.events_of(event.originator_id)
        for item in _concerning(events, enterprise):
            found[(item.originator_id, item.originator_version)] = item.envelope.effective_date
        for item in events:
            if isinstance(item, LedgerAggregate.Corrected):
                key = (item.originator_id, item.corrects_version)
                if key in found:
                    found[(item.originator_id, item.originator_version)] = (
                        item.envelope.effective_date
                    )
                    if "effective_date" in item.changes:
                        found[key] = item.changes["effective_date"]
    return found


def _concerning(events: list[Any], enterprise: UUID) -> list[Any]:
    first = events[0]
    kind = type(first).__qualname__.partition(".")[0]
    plain = [e for e in events if not isinstance(e, LedgerAggregate.Corrected)]
    if kind == "Enterprise":
        return plain if first.originator_id == enterprise else []
    if kind in ("Enrolment", "KurReferral", "Consultation"):
        return plain if first.enterprise_id == enterprise else []
    if kind == "Grant":
        return plain if enterprise in (first.beneficiary_id, *first.members) else []
    if kind == "MentoringSession":
        return plain if enterprise in first.enterprise_ids else []
    if kind == "Exhibition":
        return [e for e in plain if getattr(e, "enterprise_id", None) == enterprise]
    if kind == "Training":
        mine: set[Any] = set()
        found = []
        for event in plain:
            name = type(event).__name__
            if name == "ParticipantRegistered" and event.participant.enterprise_id == enterprise:
                mine.add(event.participant.nik)
                found.append(event)
            elif _names_one_of(event, name, mine):
                found.append(event)
        return found
    return []


def _names_one_of(event: Any, name: str, mine: set[Any]) -> bool:
    """Whether a training event is about one of ``mine`` (people registered for the
    enterprise so far): on their day's list, their completion, or about everyone in it."""
    if name == "AttendanceRecorded":
        return bool(mine & set(event.present))
    if name == "Completed":
        return event.nik in mine
    # (GrantLinked is about the grant's beneficiaries; these histories link no grants.)
    return name == "Cancelled" and bool(mine)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timeline_steps())
def test_a_timeline_holds_exactly_the_events_about_its_enterprise_in_order(
    steps: Steps,
) -> None:
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        enterprises = play(ledger, steps)
        for enterprise in enterprises:
            timeline = ledger.timeline(enterprise)
            shown = {(e.event.aggregate_id, e.event.version): e.on for e in timeline}
            assert len(shown) == len(timeline)
            assert shown == about(ledger, enterprise)
            assert [e.on for e in timeline] == sorted(e.on for e in timeline)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timeline_steps(), st.sampled_from(["timeline", "activity"]))
def test_a_rebuilt_timeline_equals_the_live_one(steps: Steps, view: str) -> None:
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        store = ledger._views()
        store.ready(view)
        play(ledger, steps)
        live = store.dump(store.ready(view))
        ledger.rebuild(view)
        assert store.dump(store.ready(view)) == live
