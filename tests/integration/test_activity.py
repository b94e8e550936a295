"""Mentoring, Bimtek trainings, consultations, exhibitions, coverage and the enterprise
timeline, on each backend (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.integration.test_programs import DESA_A1, DESA_B1, program, register
from tests.support import person
from umkm_ledger import (
    AlreadyParticipating,
    AlreadyRegistered,
    AttendeeNotInvited,
    CompletionNeedsAttendance,
    IllegalTransition,
    InvalidValue,
    Ledger,
    NotAnExhibitionDay,
    NotATrainingDay,
    NotFound,
    NotRegistered,
    ReasonRequired,
    SessionDatesOutOfOrder,
    SessionStatus,
    TrainingStatus,
)

LOOM = {"description": "alat tenun songket", "quantity": 5, "unit_value": "Rp3.000.000"}


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def binaan(ledger: Ledger, program_id: UUID, serial: int, desa: str = DESA_A1) -> UUID:
    enterprise = register(ledger, serial, desa)
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    return enterprise


def test_a_mentoring_session_from_its_plan_to_its_follow_up(ledger: Ledger) -> None:
    program_id = program(ledger)
    first, second = binaan(ledger, program_id, 1), binaan(ledger, program_id, 2)
    session = ledger.schedule_mentoring(
        "Rahmat", enterprises=[first, second], topics=["pembukuan"], planned_on="2016-04-01",
        program_id=program_id, effective_date="2016-03-20",
    )  # fmt: skip
    end = ledger.log_end()
    with pytest.raises(AttendeeNotInvited):
        ledger.hold_mentoring(
            session, attended=[register(ledger, 9)], duration_minutes=60,
            effective_date="2016-04-01",
        )  # fmt: skip
    end = ledger.log_end()
    with pytest.raises(SessionDatesOutOfOrder):
        ledger.hold_mentoring(
            session, attended=[first], duration_minutes=60, effective_date="2016-03-19"
        )
    with pytest.raises(SessionDatesOutOfOrder):
        ledger.hold_mentoring(
            session, attended=[first], duration_minutes=60, effective_date="2016-04-01",
            follow_ups=[{"action": "buku kas", "due": "2016-03-31"}],
        )  # fmt: skip
    with pytest.raises(InvalidValue, match="duration_minutes"):
        ledger.hold_mentoring(session, attended=[first], duration_minutes=0)
    with pytest.raises(InvalidValue, match=r"follow_ups\[0\]"):
        ledger.hold_mentoring(
            session, attended=[first], duration_minutes=60, follow_ups=[{"action": "x"}]
        )
    assert ledger.log_end() == end
    ledger.hold_mentoring(
        session, attended=[first], duration_minutes=90, notes="buku kas dimulai",
        follow_ups=[{"action": "catat penjualan", "due": "2016-04-30"}],
        effective_date="2016-04-01",
    )  # fmt: skip
    ledger.complete_follow_up(session, 1, effective_date="2016-04-20")
    view = ledger.mentoring_session(session)
    assert (view.status, view.held_on, view.attended) == (
        SessionStatus.HELD,
        date(2016, 4, 1),
        (first,),
    )
    assert view.follow_ups[0].completed_on == date(2016, 4, 20)
    end = ledger.log_end()
    with pytest.raises(IllegalTransition):
        ledger.cancel_mentoring(session, reason="too late")
    with pytest.raises(InvalidValue, match="line"):
        ledger.complete_follow_up(session, 1)
    with pytest.raises(NotFound):
        ledger.mentoring_session(uuid4())
    with pytest.raises(NotFound):
        ledger.hold_mentoring(uuid4(), attended=[first], duration_minutes=60)
    assert ledger.log_end() == end


def test_a_group_session_is_for_its_members_and_sessions_end_in_one_way(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    members = [binaan(ledger, program_id, serial) for serial in (1, 2, 3)]
    sentra = ledger.form_group(
        "Sentra Usaha TKI Purna", kind="sentra", region=DESA_A1, founded_on="2014-06-01",
        effective_date="2016-03-02",
    )  # fmt: skip
    for member in members:
        ledger.add_group_member(sentra, member, effective_date="2016-03-02")
    visit = ledger.record_mentoring(
        "Rahmat", group=sentra, topics=["harga jual"], duration_minutes=120,
        program_id=program_id, effective_date="2016-04-05",
    )  # fmt: skip
    assert set(ledger.mentoring_session(visit).attended) == set(members)
    with pytest.raises(InvalidValue, match="enterprise_ids"):
        ledger.record_mentoring(
            "Rahmat", group=sentra, enterprises=[members[0]], topics=["x"],
            duration_minutes=60,
        )  # fmt: skip
    planned = ledger.schedule_mentoring(
        "Dewi", mentor_kind="PLUT consultant", enterprises=[members[0]], topics=["desain"],
        planned_on="2016-05-01", effective_date="2016-04-20",
    )  # fmt: skip
    with pytest.raises(ReasonRequired):
        ledger.cancel_mentoring(planned, reason=None)  # type: ignore[arg-type]
    ledger.reschedule_mentoring(planned, planned_on="2016-05-08", effective_date="2016-04-28")
    ledger.record_no_show(planned, effective_date="2016-05-08")
    assert ledger.mentoring_session(planned).status is SessionStatus.NO_SHOW
    assert ledger.mentoring_session(planned).planned_on == date(2016, 5, 8)
    with pytest.raises(InvalidValue, match="mentor_kind"):
        ledger.schedule_mentoring(
            "X", mentor_kind="dukun", enterprises=[members[0]], topics=["x"],
            planned_on="2016-05-01",
        )  # fmt: skip


def _trainees(ledger: Ledger, program_id: UUID) -> list[tuple[UUID, dict[str, Any]]]:
    found = []
    for serial, (desa, female, born) in enumerate(
        [(DESA_A1, True, date(1995, 5, 5)), (DESA_A1, False, date(1980, 1, 9)),
         (DESA_B1, True, date(1970, 2, 2))],
        start=1,
    ):  # fmt: skip
        enterprise = binaan(ledger, program_id, serial, desa)
        found.append((enterprise, person(100 + serial, desa, born=born, female=female)))
    return found


def _bimtek(ledger: Ledger, program_id: UUID, days: list[str], title: str = "Bimtek IKM") -> UUID:
    return ledger.organise_training(
        title, organiser="Kemenperin, Ditjen IKMA", funder="Kemenperin",
        partner="Anggota DPR RI Komisi VI", venue="Hotel Aston Palembang", region="16.10",
        days=days, topics=["produksi"], trainers=["Ditjen IKMA"], program_id=program_id,
        effective_date="2016-08-01",
    )  # fmt: skip


def test_a_bimtek_counts_each_person_trained_once(ledger: Ledger) -> None:
    program_id = program(ledger)
    ledger.define_indicator(
        program_id, "trained", kind="people_trained", title="People trained",
        effective_date="2016-01-04",
    )  # fmt: skip
    trainees = _trainees(ledger, program_id)
    training = _bimtek(ledger, program_id, ["2016-08-23", "2016-08-24"])
    for enterprise, who in trainees:
        ledger.register_participant(
            training, person=who, enterprise_id=enterprise, effective_date="2016-08-20"
        )
    niks = [str(who["nik"]) for _, who in trainees]
    end = ledger.log_end()
    with pytest.raises(AlreadyRegistered):
        ledger.register_participant(training, person=trainees[0][1], enterprise_id=trainees[0][0])
    outsider = person(999, DESA_A1)
    with pytest.raises(NotRegistered):
        ledger.record_attendance(training, present=[outsider["nik"]], effective_date="2016-08-23")
    with pytest.raises(NotATrainingDay):
        ledger.record_attendance(training, present=niks, effective_date="2016-08-25")
    with pytest.raises(IllegalTransition):  # nobody attended yet: nothing to complete
        ledger.complete_training(training, niks[0], effective_date="2016-08-24")
    with pytest.raises(NotFound):
        ledger.register_participant(training, person=person(7, DESA_A1), enterprise_id=uuid4())
    assert ledger.log_end() == end
    ledger.record_attendance(training, present=niks, effective_date="2016-08-23")
    ledger.record_attendance(training, present=niks[:2], effective_date="2016-08-24")
    with pytest.raises(NotATrainingDay):
        ledger.record_attendance(training, present=niks, effective_date="2016-08-24")
    with pytest.raises(CompletionNeedsAttendance):
        ledger.complete_training(training, niks[2], effective_date="2016-08-24")
    for nik in niks[:2]:
        ledger.complete_training(training, nik, certificate="C", effective_date="2016-08-24")
    view = ledger.training(training)
    assert view.status is TrainingStatus.HELD
    assert [present for _, present in view.attendance] == [3, 2]
    assert view.completed == 2
    assert all(p.nik_masked.count("*") == 8 for p in view.participants)
    # The first trainee completes a second Bimtek of the program: still one person.
    again = _bimtek(ledger, program_id, ["2016-10-05"], "Bimtek pemasaran")
    ledger.register_participant(
        again, person=trainees[0][1], enterprise_id=trainees[0][0], effective_date="2016-10-01"
    )
    ledger.record_attendance(again, present=[niks[0]], effective_date="2016-10-05")
    ledger.complete_training(again, niks[0], effective_date="2016-10-05")
    trained = ledger.progress(program_id, as_of="2016-12-31", by="gender").indicator("trained")
    assert trained.actual == 2
    assert {row.key: row.actual for row in trained.rows} == {"F": 1, "M": 1}
    youth = ledger.progress(program_id, as_of="2016-12-31", by="youth").indicator("trained")
    assert {row.key: row.actual for row in youth.rows} == {"youth": 1, "not youth": 1}
    assert ledger.progress(program_id, as_of="2016-08-23").indicator("trained").actual == 0


def test_a_training_links_its_grants_and_is_cancelled_only_before_it_is_held(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    ledger.register_funder("Kemenperin", source="APBN", effective_date="2016-01-04")
    allocation = ledger.allocate(
        "Kemenperin", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp50 juta", effective_date="2016-01-05",
    )  # fmt: skip
    enterprise = binaan(ledger, program_id, 1)
    grant = ledger.propose_grant(
        allocation, enterprise, items=[LOOM], justification="looms", effective_date="2016-08-01"
    )
    training = _bimtek(ledger, program_id, ["2016-08-23"])
    ledger.link_training_grant(training, grant, effective_date="2016-08-23")
    with pytest.raises(InvalidValue, match="grant_id"):
        ledger.link_training_grant(training, grant)
    with pytest.raises(NotFound):
        ledger.link_training_grant(training, uuid4())
    assert ledger.training(training).grants == (grant,)
    other = _bimtek(ledger, program_id, ["2016-09-01"], "Bimtek batal")
    ledger.cancel_training(other, reason="venue not available", effective_date="2016-08-25")
    assert ledger.training(other).status is TrainingStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        ledger.register_participant(other, person=person(5, DESA_A1), enterprise_id=enterprise)


def test_mentoring_coverage_counts_visits_the_unvisited_and_each_mentor(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    ledger.define_indicator(
        program_id, "mentored", kind="enterprises_mentored", title="Mentored",
        effective_date="2016-01-04",
    )  # fmt: skip
    a, b, c = (binaan(ledger, program_id, serial) for serial in (1, 2, 3))
    for day in ("2016-04-01", "2016-06-01"):
        ledger.record_mentoring(
            "Rahmat", enterprises=[a, b], attended=[a], topics=["pembukuan"],
            duration_minutes=90, program_id=program_id, effective_date=day,
            follow_ups=[{"action": "buku kas", "due": "2016-07-01"}],
        )  # fmt: skip
    ledger.record_mentoring(
        "Dewi", mentor_kind="PLUT consultant", enterprises=[b], topics=["izin"],
        duration_minutes=60, program_id=program_id, effective_date="2016-05-10",
    )  # fmt: skip
    missed = ledger.schedule_mentoring(
        "Dewi", mentor_kind="PLUT consultant", enterprises=[c], topics=["izin"],
        planned_on="2016-05-20", program_id=program_id, effective_date="2016-05-11",
    )  # fmt: skip
    ledger.record_no_show(missed, effective_date="2016-05-20")
    # Another program's session, and one outside the period, do not count.
    ledger.record_mentoring(
        "Rahmat", enterprises=[c], topics=["x"], duration_minutes=30,
        effective_date="2016-06-02",
    )  # fmt: skip
    ledger.record_mentoring(
        "Rahmat", enterprises=[c], topics=["x"], duration_minutes=30, program_id=program_id,
        effective_date="2017-01-10",
    )  # fmt: skip
    report = ledger.mentoring_coverage(
        program_id, period="2016-01-01..2016-12-31", at_least=2, as_of="2016-12-31"
    )
    rows = {row.enterprise_id: row for row in report.rows}
    assert (report.binaan, report.mentored, report.never_visited) == (3, 1, (c,))
    assert (rows[a].visits, rows[a].last_visit, rows[a].days_since_last_visit) == (
        2,
        date(2016, 6, 1),
        213,
    )
    assert rows[b].visits == 1
    loads = {load.mentor: load for load in report.mentors}
    assert (loads["Rahmat"].sessions_held, loads["Rahmat"].hours) == (2, 3.0)
    assert (loads["Rahmat"].follow_ups_open, loads["Rahmat"].follow_ups_overdue) == (2, 2)
    assert (loads["Dewi"].sessions_held, loads["Dewi"].no_shows) == (1, 1)
    assert ledger.mentoring_coverage(program_id, period="2016-01-01..2016-04-30",
                                     as_of="2016-12-31").mentored == 1  # fmt: skip
    mentored = ledger.progress(program_id, as_of="2016-12-31").indicator("mentored")
    assert mentored.actual == 2
    with pytest.raises(InvalidValue, match="at_least"):
        ledger.mentoring_coverage(program_id, at_least=0)
    with pytest.raises(InvalidValue, match="period"):
        ledger.mentoring_coverage(program_id, period="soon")


def test_the_timeline_spans_every_record_about_an_enterprise_in_date_order(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    (enterprise, who), (neighbour, other) = _trainees(ledger, program_id)[:2]
    kub = ledger.form_group(
        "KUB Songket", kind="KUB", region=DESA_A1, founded_on="2015-01-01",
        effective_date="2016-03-02",
    )  # fmt: skip
    ledger.add_group_member(kub, enterprise, effective_date="2016-03-02")
    ledger.register_funder("Kemenperin", source="APBN", effective_date="2016-01-04")
    allocation = ledger.allocate(
        "Kemenperin", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp50 juta", effective_date="2016-01-05",
    )  # fmt: skip
    group_grant = ledger.propose_grant(
        allocation, kub, items=[LOOM], justification="looms", effective_date="2016-09-01"
    )
    ledger.refer_kur(
        enterprise, bank="BRI", amount_requested="Rp10 juta", effective_date="2016-07-01"
    )
    training = _bimtek(ledger, program_id, ["2016-08-23", "2016-08-24"])
    for member, person_ in ((enterprise, who), (neighbour, other)):
        ledger.register_participant(
            training, person=person_, enterprise_id=member, effective_date="2016-08-20"
        )
    ledger.record_attendance(training, present=[other["nik"]], effective_date="2016-08-23")
    ledger.record_attendance(
        training, present=[who["nik"], other["nik"]], effective_date="2016-08-24"
    )
    ledger.record_consultation(
        enterprise, place="PLUT Sumsel", consultant="Andi", topic="izin PIRT",
        outcome="berkas lengkap", effective_date="2016-05-02",
    )  # fmt: skip
    expo = ledger.organise_exhibition(
        "Launching 1000 Wirausaha", organiser="Diskoperindag", venue="Pendopoan",
        region="16.10", days=["2016-12-16"], effective_date="2016-12-01",
    )  # fmt: skip
    ledger.take_part(expo, enterprise, outcome="12 orders", sales="Rp3 juta",
                     effective_date="2016-12-16")  # fmt: skip
    with pytest.raises(AlreadyParticipating):
        ledger.take_part(expo, enterprise, outcome="again")
    # Recorded late, dated early: it takes its place by date.
    visit = ledger.record_mentoring(
        "Rahmat", enterprises=[enterprise], topics=["pembukuan"], duration_minutes=60,
        effective_date="2016-04-01",
    )  # fmt: skip
    timeline = ledger.timeline(enterprise)
    kinds = [(e.record, e.event.kind) for e in timeline]
    assert kinds == [
        ("enterprise", "Registered"),
        ("enrolment", "Enrolled"),
        ("enterprise", "JoinedGroup"),
        ("mentoring session", "Scheduled"),
        ("mentoring session", "Held"),
        ("consultation", "Consulted"),
        ("KUR referral", "Referred"),
        ("training", "ParticipantRegistered"),
        ("training", "AttendanceRecorded"),  # only the day it was on the list
        ("grant", "Proposed"),
        ("exhibition", "Participated"),
    ]
    dates = [e.on for e in timeline]
    assert dates == sorted(dates)
    assert all(e.event.user_id == "siti" for e in timeline)
    neighbour_kinds = [(e.record, e.event.kind) for e in ledger.timeline(neighbour)]
    assert ("grant", "Proposed") not in neighbour_kinds
    assert neighbour_kinds.count(("training", "AttendanceRecorded")) == 2
    # A correction moves the fact it corrects, and shows itself on its own date.
    held = next(e.event for e in timeline if e.event.kind == "Held")
    ledger.correct(visit, version=held.version, changes={"effective_date": "2016-04-03"},
                   reason="visit report dated wrong", effective_date="2016-12-20")  # fmt: skip
    moved = ledger.timeline(enterprise)
    assert [e.event.kind for e in moved][-1] == "Corrected"
    assert next(e for e in moved if e.event.kind == "Held").on == date(2016, 4, 3)
    assert [e.on for e in moved] == sorted(e.on for e in moved)
    assert group_grant in {e.event.aggregate_id for e in moved}
    with pytest.raises(NotFound):
        ledger.timeline(uuid4())


def test_rebuilt_activity_and_timeline_views_equal_the_live_ones(ledger: Ledger) -> None:
    program_id = program(ledger)
    store = ledger._views()
    for view in ("activity", "timeline"):
        store.ready(view)
    trainees = _trainees(ledger, program_id)
    training = _bimtek(ledger, program_id, ["2016-08-23"])
    for enterprise, who in trainees:
        ledger.register_participant(
            training, person=who, enterprise_id=enterprise, effective_date="2016-08-20"
        )
        ledger.record_mentoring(
            "Rahmat", enterprises=[enterprise], topics=["x"], duration_minutes=30,
            program_id=program_id, effective_date="2016-05-01",
        )  # fmt: skip
    ledger.record_attendance(
        training, present=[str(w["nik"]) for _, w in trainees], effective_date="2016-08-23"
    )
    for view in ("activity", "timeline"):
        live = store.dump(store.ready(view))
        ledger.rebuild(view)
        assert store.dump(store.ready(view)) == live


def test_dates_and_lists_stay_consistent_under_corrections(ledger: Ledger) -> None:
    program_id = program(ledger)
    trainees = _trainees(ledger, program_id)[:2]
    training = _bimtek(ledger, program_id, ["2016-08-23", "2016-08-24"])
    for enterprise, who in trainees:
        ledger.register_participant(
            training, person=who, enterprise_id=enterprise, effective_date="2016-08-20"
        )
    niks = [str(who["nik"]) for _, who in trainees]
    for day in ("2016-08-23", "2016-08-24"):
        ledger.record_attendance(training, present=niks, effective_date=day)
    ledger.complete_training(training, niks[0], effective_date="2016-08-24")
    history = ledger.history(training)
    registration = next(e.version for e in history if e.kind == "ParticipantRegistered")
    first_list = next(e.version for e in history if e.kind == "AttendanceRecorded")
    end = ledger.log_end()
    with pytest.raises(NotRegistered, match="2016-08-23"):
        ledger.correct(training, version=registration, changes={"effective_date": "2016-08-24"},
                       reason="registered late")  # fmt: skip
    # A list corrected to leave out someone who completed is refused; texts are NIKs.
    with pytest.raises(CompletionNeedsAttendance):
        ledger.correct(training, version=first_list, changes={"present": niks[1:]},
                       reason="was absent")  # fmt: skip
    assert ledger.log_end() == end
    second_list = max(e.version for e in history if e.kind == "AttendanceRecorded")
    ledger.correct(training, version=second_list, changes={"present": niks[:1]},
                   reason="second trainee left at noon")  # fmt: skip
    assert [present for _, present in ledger.training(training).attendance] == [2, 1]
    expo = ledger.organise_exhibition(
        "Pameran", organiser="Diskoperindag", venue="Indralaya", region="16.10",
        days=["2016-12-16", "2016-12-17"], effective_date="2016-12-01",
    )  # fmt: skip
    with pytest.raises(NotAnExhibitionDay):
        ledger.take_part(expo, trainees[0][0], outcome="ok", effective_date="2016-12-18")
    ledger.take_part(expo, trainees[0][0], outcome="ok", effective_date="2016-12-17")
    participated = ledger.history(expo)[-1].version
    with pytest.raises(NotAnExhibitionDay):
        ledger.correct(expo, version=participated, changes={"effective_date": "2016-12-01"},
                       reason="typo")  # fmt: skip


def test_timelines_follow_corrected_lists_and_linked_grants(ledger: Ledger) -> None:
    program_id = program(ledger)
    (first, who), (second, other) = _trainees(ledger, program_id)[:2]
    training = _bimtek(ledger, program_id, ["2016-08-21", "2016-08-23"])
    ledger.register_participant(
        training, person=who, enterprise_id=first, effective_date="2016-08-20"
    )
    ledger.register_participant(
        training, person=other, enterprise_id=second, effective_date="2016-08-22"
    )
    end = ledger.log_end()
    with pytest.raises(NotRegistered, match="2016-08-21"):  # before the second registered
        ledger.record_attendance(
            training, present=[who["nik"], other["nik"]], effective_date="2016-08-21"
        )
    assert ledger.log_end() == end
    for day in ("2016-08-21", "2016-08-23"):
        ledger.record_attendance(training, present=[who["nik"]], effective_date=day)
    listed = max(e.version for e in ledger.history(training))
    ledger.correct(
        training, version=listed, changes={"present": [other["nik"]]},
        reason="the list was mixed up", effective_date="2016-08-25",
    )  # fmt: skip

    def kinds(enterprise: UUID) -> list[str]:
        return [e.event.kind for e in ledger.timeline(enterprise) if e.record == "training"]

    assert kinds(first) == ["ParticipantRegistered", "AttendanceRecorded", "Corrected"]
    assert kinds(second) == ["ParticipantRegistered", "AttendanceRecorded", "Corrected"]
    second_list = [e for e in ledger.timeline(second) if e.event.kind == "AttendanceRecorded"]
    assert second_list[0].on == date(2016, 8, 23)
    ledger.register_funder("Kemenperin", source="APBN", effective_date="2016-01-04")
    allocation = ledger.allocate(
        "Kemenperin", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp50 juta", effective_date="2016-01-05",
    )  # fmt: skip
    grant = ledger.propose_grant(
        allocation, first, items=[LOOM], justification="looms", effective_date="2016-08-01"
    )
    ledger.link_training_grant(training, grant, effective_date="2016-08-23")
    assert "GrantLinked" in kinds(first)
    assert "GrantLinked" not in kinds(second)  # the aid went to the first only
    store = ledger._views()
    live = store.dump(store.ready("timeline"))
    ledger.rebuild("timeline")
    assert store.dump(store.ready("timeline")) == live
    # Coverage asked before its period began: nobody was binaan yet.
    early = ledger.mentoring_coverage(program_id, period="2019-01-01..2019-12-31",
                                      as_of="2016-12-31")  # fmt: skip
    assert early.binaan == 0
