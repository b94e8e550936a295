"""The MentoringSession aggregate: given events, when a command, then events; and a
stateful machine of the session lifecycle against a model of its table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.strategies import dates_between, follow_ups, mentors
from tests.support import Story, envelope, kinds, refused, replay
from umkm_ledger.activity.lifecycle import SESSION_LIFECYCLE, SessionAction, SessionStatus
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.rules import AttendeeNotInvited, SessionDatesOutOfOrder
from umkm_ledger.activity.values import FollowUp, Mentor, MentorKind
from umkm_ledger.kernel.errors import InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.rules import FactNotCorrectable, IllegalTransition, ReasonRequired

#: Sentra Usaha TKI Purna's members (enterprise ids), and one that was not invited.
ANI, BUDI, CITRA, OUTSIDER = uuid4(), uuid4(), uuid4(), uuid4()
MENTOR = Mentor.plut_consultant("Kemas Rusdi")
#: The session is planned on PLANNED_ON for VISIT.
PLANNED_ON = date(2017, 3, 1)
VISIT = date(2017, 3, 8)
PIRT = FollowUp("urus izin PIRT", date(2017, 4, 8))
HALAL = FollowUp("daftar sertifikasi halal", date(2017, 5, 8))

Command = Callable[[MentoringSession], object]


def scheduled(
    invited: Sequence[UUID] = (ANI, BUDI, CITRA), planned_on: date = VISIT
) -> MentoringSession:
    return MentoringSession.schedule(
        program_id=uuid4(),
        mentor=MENTOR,
        enterprise_ids=invited,
        topics=[" pemasaran daring ", "pembukuan"],
        planned_on=planned_on,
        envelope=envelope(PLANNED_ON),
    )


def hold(
    attended: Sequence[UUID] = (ANI, BUDI),
    on: date = VISIT,
    minutes: Any = 90,
    agreed: Sequence[FollowUp] = (PIRT, HALAL),
) -> Command:
    return lambda s: s.hold(
        attended=attended,
        duration_minutes=minutes,
        notes="  kemasan perlu diperbaiki  ",
        follow_ups=agreed,
        envelope=envelope(on),
    )


def held_story(agreed: Sequence[FollowUp] = (PIRT, HALAL)) -> Story[MentoringSession]:
    story = Story(scheduled())
    story.when(hold(agreed=agreed))
    return story


def recorded(**overrides: Any) -> MentoringSession:
    fields: dict[str, Any] = {
        "program_id": None,
        "mentor": Mentor.officer("Sri Wahyuni"),
        "enterprise_ids": [ANI, BUDI],
        "topics": ["produksi"],
        "duration_minutes": 60,
        "envelope": envelope(VISIT),
        **overrides,
    }
    return MentoringSession.record(**fields)


# -- scheduling -------------------------------------------------------------------------


def test_a_session_is_planned_for_enterprises_with_a_mentor_and_topics() -> None:
    story = Story(scheduled())
    assert kinds(story.events) == ["Scheduled"]
    (event,) = story.events
    assert event.planned_on == VISIT
    assert event.envelope.effective_date == PLANNED_ON
    session = story.aggregate
    assert session.status is SessionStatus.SCHEDULED
    assert session.mentor == MENTOR
    assert session.mentor.kind is MentorKind.PLUT_CONSULTANT
    assert session.invited == (ANI, BUDI, CITRA)
    assert session.topics == ("pemasaran daring", "pembukuan")
    assert session.planned_on == VISIT
    assert session.held_on is None
    assert session.attended == ()
    assert session.follow_ups == ()


@pytest.mark.parametrize(
    "overrides",
    [
        {"enterprise_ids": []},
        {"enterprise_ids": [ANI, ANI]},
        {"enterprise_ids": ["not an id"]},
        {"topics": []},
        {"topics": ["pemasaran", "  "]},
        {"topics": "pemasaran"},
        {"mentor": "Kemas Rusdi"},
        {"planned_on": datetime(2017, 3, 8, 9, 0)},
        {"planned_on": "2017-03-08"},
    ],
    ids=lambda o: next(iter(o)),
)
def test_a_session_needs_enterprises_a_mentor_topics_and_a_day(overrides: dict[str, Any]) -> None:
    fields: dict[str, Any] = {
        "program_id": None,
        "mentor": MENTOR,
        "enterprise_ids": [ANI],
        "topics": ["pemasaran"],
        "planned_on": VISIT,
        "envelope": envelope(PLANNED_ON),
        **overrides,
    }
    with pytest.raises(InvalidValue):
        MentoringSession.schedule(**fields)


def test_a_session_is_rescheduled_to_another_day() -> None:
    story = Story(scheduled())
    refused(story, lambda s: s.reschedule(VISIT, envelope=envelope(date(2017, 3, 5))), InvalidValue)
    events = story.when(lambda s: s.reschedule(date(2017, 3, 15), envelope=envelope(VISIT)))
    assert kinds(events) == ["Rescheduled"]
    story.when(lambda s: s.reschedule(date(2017, 3, 22), envelope=envelope(date(2017, 3, 14))))
    session = story.aggregate
    assert session.planned_on == date(2017, 3, 22)
    assert session.status is SessionStatus.SCHEDULED
    # Moved before it was even planned: not a step that can have happened.
    refused(
        story,
        lambda s: s.reschedule(date(2017, 3, 29), envelope=envelope(date(2017, 2, 28))),
        SessionDatesOutOfOrder,
    )


# -- holding ----------------------------------------------------------------------------


def test_a_held_session_keeps_who_came_how_long_and_what_was_agreed() -> None:
    story = Story(scheduled())
    events = story.when(hold())
    assert kinds(events) == ["Held"]
    session = story.aggregate
    assert session.status is SessionStatus.HELD
    assert session.held_on == VISIT
    assert session.attended == (ANI, BUDI)
    assert session.duration_minutes == 90
    assert session.notes == "kemasan perlu diperbaiki"
    assert session.follow_ups == (PIRT, HALAL)
    assert session.completed == {}


def test_only_enterprises_it_was_planned_for_attend() -> None:
    story = Story(scheduled(invited=(ANI, BUDI)))
    refused(story, hold(attended=(ANI, OUTSIDER)), AttendeeNotInvited)
    refused(story, hold(attended=()), InvalidValue)
    refused(story, hold(attended=(ANI, ANI)), InvalidValue)
    assert story.aggregate.status is SessionStatus.SCHEDULED
    story.when(hold(attended=(BUDI,)))
    assert story.aggregate.attended == (BUDI,)


@pytest.mark.parametrize("minutes", [0, -30, 721, 24 * 60, 1.5, True, "90"])
def test_a_session_lasts_from_a_minute_to_twelve_hours(minutes: object) -> None:
    story = Story(scheduled())
    refused(story, hold(minutes=minutes), InvalidValue)


@pytest.mark.parametrize("minutes", [1, 720])
def test_the_shortest_and_longest_sessions_are_accepted(minutes: int) -> None:
    story = Story(scheduled())
    story.when(hold(minutes=minutes))
    assert story.aggregate.duration_minutes == minutes


def test_follow_ups_fall_due_on_or_after_the_session() -> None:
    story = Story(scheduled())
    overdue = FollowUp("ganti kemasan", VISIT - timedelta(days=1))
    refused(story, hold(agreed=(PIRT, overdue)), SessionDatesOutOfOrder)
    refused(story, hold(agreed=("ganti kemasan",)), InvalidValue)  # type: ignore[arg-type]
    story.when(hold(agreed=(FollowUp("ganti kemasan", VISIT),)))
    assert story.aggregate.follow_ups[0].due == story.aggregate.held_on


def test_a_session_happens_on_or_after_it_was_planned() -> None:
    story = Story(scheduled())
    before = PLANNED_ON - timedelta(days=1)
    refused(story, hold(on=before), SessionDatesOutOfOrder)
    refused(story, lambda s: s.cancel(envelope=envelope(before, "hujan")), SessionDatesOutOfOrder)
    refused(story, lambda s: s.record_no_show(envelope=envelope(before)), SessionDatesOutOfOrder)
    # Earlier than the planned visit, but after the planning: it came forward.
    story.when(hold(on=PLANNED_ON, agreed=()))
    assert story.aggregate.held_on == PLANNED_ON


def test_a_visit_recorded_after_the_fact_is_planned_and_held_on_its_day() -> None:
    session = recorded(follow_ups=[PIRT])
    story = Story(session)
    assert kinds(story.events) == ["Scheduled", "Held"]
    assert all(e.envelope.effective_date == VISIT for e in story.events)
    rebuilt = story.aggregate
    assert rebuilt.status is SessionStatus.HELD
    assert rebuilt.planned_on == rebuilt.held_on == VISIT
    assert rebuilt.invited == rebuilt.attended == (ANI, BUDI)
    assert rebuilt.follow_ups == (PIRT,)
    assert recorded(attended=[BUDI]).attended == (BUDI,)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"attended": [OUTSIDER]}, AttendeeNotInvited),
        ({"duration_minutes": 0}, InvalidValue),
        ({"follow_ups": [FollowUp("urus izin PIRT", date(2017, 3, 7))]}, SessionDatesOutOfOrder),
        ({"topics": []}, InvalidValue),
    ],
    ids=["outsider", "no-minutes", "overdue-follow-up", "no-topics"],
)
def test_a_visit_recorded_after_the_fact_keeps_the_rules_of_a_held_session(
    overrides: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        recorded(**overrides)


# -- cancellations and no-shows ----------------------------------------------------------


def test_a_cancellation_needs_a_reason_and_ends_the_session() -> None:
    story = Story(scheduled())
    refused(story, lambda s: s.cancel(envelope=envelope(VISIT)), ReasonRequired)
    events = story.when(lambda s: s.cancel(envelope=envelope(VISIT, "jalan banjir")))
    assert kinds(events) == ["Cancelled"]
    assert events[0].envelope.reason == "jalan banjir"
    assert story.aggregate.status is SessionStatus.CANCELLED
    for command in (
        hold(),
        lambda s: s.reschedule(date(2017, 4, 1), envelope=envelope(VISIT)),
        lambda s: s.record_no_show(envelope=envelope(VISIT)),
        lambda s: s.cancel(envelope=envelope(VISIT, "again")),
        lambda s: s.complete_follow_up(1, envelope=envelope(VISIT)),
    ):
        refused(story, command, IllegalTransition)


def test_nobody_came() -> None:
    story = Story(scheduled())
    events = story.when(lambda s: s.record_no_show(envelope=envelope(VISIT)))
    assert kinds(events) == ["NoShow"]
    session = story.aggregate
    assert session.status is SessionStatus.NO_SHOW
    assert session.held_on is None
    error = refused(story, hold(), IllegalTransition)
    assert isinstance(error, IllegalTransition)
    assert error.allowed == (SessionAction.CORRECT.value,)
    refused(story, lambda s: s.record_no_show(envelope=envelope(VISIT)), IllegalTransition)


def test_a_held_session_is_not_moved_cancelled_missed_or_held_again() -> None:
    story = held_story()
    for command in (
        hold(on=date(2017, 3, 9)),
        lambda s: s.reschedule(date(2017, 4, 1), envelope=envelope(VISIT)),
        lambda s: s.record_no_show(envelope=envelope(VISIT)),
        lambda s: s.cancel(envelope=envelope(VISIT, "salah input")),
    ):
        refused(story, command, IllegalTransition)


# -- follow-up actions ------------------------------------------------------------------


def test_follow_up_actions_are_completed_once_each_by_their_line() -> None:
    story = Story(scheduled())
    later = envelope(date(2017, 4, 2))

    def completing(line: Any) -> Command:
        return lambda s: s.complete_follow_up(line, envelope=later)

    refused(story, completing(1), IllegalTransition)
    story.when(hold())
    for line in (0, 3, -1, True, "1"):  # two were agreed
        refused(story, completing(line), InvalidValue)
    events = story.when(completing(2))
    assert kinds(events) == ["FollowUpCompleted"]
    assert events[0].line == 2
    refused(story, completing(2), InvalidValue)
    refused(
        story,
        lambda s: s.complete_follow_up(1, envelope=envelope(VISIT - timedelta(days=1))),
        SessionDatesOutOfOrder,
    )
    story.when(lambda s: s.complete_follow_up(1, envelope=envelope(VISIT)))
    session = story.aggregate
    assert set(session.completed) == {1, 2}
    assert session.completed_on(1) == VISIT
    assert session.completed_on(2) == date(2017, 4, 2)
    assert session.status is SessionStatus.HELD


def test_a_session_without_follow_ups_has_nothing_to_complete() -> None:
    story = held_story(agreed=())
    refused(story, lambda s: s.complete_follow_up(1, envelope=envelope(VISIT)), InvalidValue)


# -- corrections ------------------------------------------------------------------------


def completed_story() -> Story[MentoringSession]:
    """Scheduled (1), held (2) with two follow-ups, follow-up 1 completed on 1 April (3)."""
    story = held_story()
    story.when(lambda s: s.complete_follow_up(1, envelope=envelope(date(2017, 4, 1))))
    return story


def fix(version: int, changes: dict[str, Any], reason: str | None = "salah ketik") -> Command:
    return lambda s: s.correct(version, changes, envelope=envelope(date(2017, 6, 1), reason))


def test_corrected_dates_keep_the_session_in_order() -> None:
    story = completed_story()
    moved = "effective_date"
    # planned after it was held
    refused(story, fix(1, {moved: date(2017, 3, 9)}), SessionDatesOutOfOrder)
    # held before it was planned
    refused(story, fix(2, {moved: date(2017, 2, 27)}), SessionDatesOutOfOrder)
    # held after a follow-up fell due (PIRT: 8 April)
    refused(story, fix(2, {moved: date(2017, 4, 9)}), SessionDatesOutOfOrder)
    # held after a follow-up was completed (1 April)
    refused(story, fix(2, {moved: date(2017, 4, 2)}), SessionDatesOutOfOrder)
    # completed before the session
    refused(story, fix(3, {moved: date(2017, 3, 7)}), SessionDatesOutOfOrder)
    events = story.when(fix(2, {moved: date(2017, 3, 10)}))
    assert kinds(events) == ["Corrected"]
    story.when(fix(3, {moved: date(2017, 3, 10)}))
    story.when(fix(1, {moved: date(2017, 3, 10)}))
    session = story.aggregate
    assert session.held_on == date(2017, 3, 10)
    assert session.completed_on(1) == date(2017, 3, 10)
    assert session.facts[1].effective_date == date(2017, 3, 10)
    assert session.facts[2].corrected_by == (4,)


def test_corrected_topics_duration_and_notes_stay_valid() -> None:
    story = completed_story()
    wrong: list[tuple[int, dict[str, Any], type[Exception]]] = [
        (1, {"topics": ()}, InvalidValue),
        (1, {"topics": ("pemasaran", " ")}, InvalidValue),
        (1, {"topics": "pemasaran"}, InvalidValue),
        (2, {"duration_minutes": 0}, InvalidValue),
        (2, {"duration_minutes": 721}, InvalidValue),
        (2, {"duration_minutes": True}, InvalidValue),
        (2, {"notes": 5}, InvalidValue),
        (2, {"attended": (ANI,)}, FactNotCorrectable),
        (2, {"follow_ups": ()}, FactNotCorrectable),
        (1, {"mentor": Mentor.officer("Andi")}, FactNotCorrectable),
        (3, {"line": 2}, FactNotCorrectable),
        (9, {"notes": "x"}, FactNotCorrectable),
        (2, {}, FactNotCorrectable),
    ]
    for version, changes, error in wrong:
        refused(story, fix(version, changes), error)
    refused(story, fix(2, {"notes": "x"}, reason=None), ReasonRequired)
    story.when(fix(1, {"topics": ("pemasaran daring", "kemasan")}))
    story.when(fix(2, {"duration_minutes": 120, "notes": "ditemani ketua KUB"}))
    session = story.aggregate
    assert session.topics == ("pemasaran daring", "kemasan")
    assert session.duration_minutes == 120
    assert session.notes == "ditemani ketua KUB"
    assert session.attended == (ANI, BUDI)


def test_a_corrected_plan_gives_way_to_a_later_reschedule() -> None:
    story = Story(scheduled())
    story.when(lambda s: s.reschedule(date(2017, 3, 15), envelope=envelope(date(2017, 3, 2))))
    story.when(fix(1, {"planned_on": date(2017, 3, 9)}))
    assert story.aggregate.planned_on == date(2017, 3, 15), "the reschedule is in force"
    assert story.aggregate.facts[1].fields["planned_on"] == date(2017, 3, 9)
    story.when(fix(2, {"planned_on": date(2017, 3, 16)}))
    assert story.aggregate.planned_on == date(2017, 3, 16)
    # A reschedule dated before the plan it moves is out of order, corrected or not.
    refused(story, fix(2, {"effective_date": date(2017, 2, 1)}), SessionDatesOutOfOrder)
    refused(story, fix(1, {"effective_date": date(2017, 3, 3)}), SessionDatesOutOfOrder)


def test_a_cancelled_or_missed_session_is_still_corrected() -> None:
    story = Story(scheduled())
    story.when(lambda s: s.cancel(envelope=envelope(VISIT, "jalan banjir")))
    story.when(fix(2, {"effective_date": date(2017, 3, 7)}))
    refused(story, fix(2, {"effective_date": date(2017, 2, 7)}), SessionDatesOutOfOrder)
    story.when(fix(1, {"topics": ("pembukuan",)}))
    session = story.aggregate
    assert session.status is SessionStatus.CANCELLED
    assert session.facts[2].effective_date == date(2017, 3, 7)
    assert session.topics == ("pembukuan",)


def test_a_duration_cannot_be_corrected_away() -> None:
    refused(completed_story(), fix(2, {"duration_minutes": None}), UmkmLedgerError)


def test_a_planned_day_cannot_be_corrected_away() -> None:
    refused(Story(scheduled()), fix(1, {"planned_on": None}), UmkmLedgerError)


def test_an_effective_date_cannot_be_corrected_away() -> None:
    refused(completed_story(), fix(2, {"effective_date": None}), UmkmLedgerError)


# -- replay -----------------------------------------------------------------------------


def test_replay_rebuilds_the_session_it_was_recorded_from() -> None:
    session = scheduled()
    session.reschedule(date(2017, 3, 9), envelope=envelope(date(2017, 3, 2)))
    session.hold(
        attended=[CITRA], duration_minutes=45, notes="di rumah produksi",
        follow_ups=[PIRT, HALAL], envelope=envelope(date(2017, 3, 9)),
    )  # fmt: skip
    session.complete_follow_up(2, envelope=envelope(date(2017, 5, 1)))
    session.correct(3, {"duration_minutes": 50}, envelope=envelope(reason="absen"))
    session.correct(1, {"topics": ("pembukuan",)}, envelope=envelope(reason="salah"))
    events = session.collect_events()
    assert kinds(events) == [
        "Scheduled", "Rescheduled", "Held", "FollowUpCompleted", "Corrected", "Corrected",
    ]  # fmt: skip
    rebuilt = replay(events)
    assert vars(rebuilt) == vars(session)
    assert rebuilt.held_on == date(2017, 3, 9)
    assert rebuilt.completed_on(2) == date(2017, 5, 1)


# -- the session lifecycle, as a machine ------------------------------------------------

DAY_SHIFTS = st.integers(-10, 60)
#: Follow-ups fall due some days after the session (a few, before it).
DUES = st.lists(st.integers(-3, 40), max_size=3)


class SessionLifecycle(RuleBasedStateMachine):
    """Any sequence of reschedules, holds, cancellations, no-shows and completed
    follow-ups, on dates in and out of order, against a model of the lifecycle table:
    each command succeeds exactly when the model says so, and a refused one is refused
    with the right error and leaves nothing behind. Half the sessions start planned,
    half recorded after the fact (held already, with follow-ups to complete)."""

    def __init__(self) -> None:
        super().__init__()
        self.story: Story[MentoringSession]
        self.scheduled_on = PLANNED_ON
        self.status = SessionStatus.SCHEDULED
        self.planned_on = VISIT
        self.held_on: date | None = None
        self.follow_ups: tuple[FollowUp, ...] = ()
        self.completed: set[int] = set()

    @staticmethod
    def _agreed(day: date, dues: list[int]) -> tuple[FollowUp, ...]:
        return tuple(
            FollowUp(f"tindak lanjut {n}", day + timedelta(days=due))
            for n, due in enumerate(dues, 1)
        )

    @initialize(after_the_fact=st.booleans(), dues=st.lists(st.integers(0, 40), max_size=3))
    def start(self, after_the_fact: bool, dues: list[int]) -> None:
        if not after_the_fact:
            self.story = Story(scheduled(invited=(ANI, BUDI)))
            return
        agreed = self._agreed(VISIT, dues)
        self.story = Story(recorded(follow_ups=agreed))
        self.scheduled_on = self.planned_on = VISIT
        self.status, self.held_on, self.follow_ups = SessionStatus.HELD, VISIT, agreed

    def run(self, action: SessionAction, command: Command, problem: type[Exception] | None) -> bool:
        """Run ``command``; refused by the table first, then by ``problem`` if any."""
        if action not in SESSION_LIFECYCLE[self.status]:
            refused(self.story, command, IllegalTransition)
            return False
        if problem is not None:
            refused(self.story, command, problem)
            return False
        self.story.when(command)
        self.status = SESSION_LIFECYCLE[self.status][action]
        return True

    def _day(self, shift: int) -> date:
        return self.scheduled_on + timedelta(days=shift)

    def _in_order(self, day: date) -> type[Exception] | None:
        return SessionDatesOutOfOrder if day < self.scheduled_on else None

    @rule(shift=DAY_SHIFTS, moved=st.integers(-5, 30))
    def reschedule(self, shift: int, moved: int) -> None:
        day, planned = self._day(shift), VISIT + timedelta(days=moved)
        if planned == self.planned_on:
            planned += timedelta(days=1)
        if self.run(
            SessionAction.RESCHEDULE,
            lambda s: s.reschedule(planned, envelope=envelope(day)),
            self._in_order(day),
        ):
            self.planned_on = planned

    @rule(
        shift=DAY_SHIFTS,
        attended=st.lists(st.sampled_from([ANI, BUDI]), min_size=1, max_size=2, unique=True),
        outsider=st.sampled_from([False, False, True]),
        minutes=st.integers(1, 720),
        dues=DUES,
    )
    def take_place(
        self, shift: int, attended: list[UUID], outsider: bool, minutes: int, dues: list[int]
    ) -> None:
        day = self._day(shift)
        agreed = self._agreed(day, dues)
        came = [*attended, OUTSIDER] if outsider else attended
        problem: type[Exception] | None = self._in_order(day)
        if outsider:
            problem = AttendeeNotInvited
        elif any(f.due < day for f in agreed):
            problem = SessionDatesOutOfOrder
        if self.run(SessionAction.HOLD, hold(came, day, minutes, agreed), problem):
            self.held_on, self.follow_ups = day, agreed

    @rule(shift=DAY_SHIFTS)
    def cancel(self, shift: int) -> None:
        day = self._day(shift)
        self.run(
            SessionAction.CANCEL,
            lambda s: s.cancel(envelope=envelope(day, "hujan")),
            self._in_order(day),
        )

    @rule()
    def cancel_without_reason(self) -> None:
        refused(self.story, lambda s: s.cancel(envelope=envelope(VISIT)), ReasonRequired)

    @rule(shift=DAY_SHIFTS)
    def no_show(self, shift: int) -> None:
        day = self._day(shift)
        self.run(
            SessionAction.NO_SHOW,
            lambda s: s.record_no_show(envelope=envelope(day)),
            self._in_order(day),
        )

    @rule(line=st.integers(0, 4), shift=DAY_SHIFTS)
    def complete_follow_up(self, line: int, shift: int) -> None:
        day = self._day(shift)
        problem: type[Exception] | None = None
        if not 1 <= line <= len(self.follow_ups) or line in self.completed:
            problem = InvalidValue
        elif self.held_on is not None and day < self.held_on:
            problem = SessionDatesOutOfOrder
        if self.run(
            SessionAction.COMPLETE_FOLLOW_UP,
            lambda s: s.complete_follow_up(line, envelope=envelope(day)),
            problem,
        ):
            self.completed.add(line)

    @invariant()
    def the_events_rebuild_the_model(self) -> None:
        session: MentoringSession = replay(self.story.events)
        assert session.status is self.status
        assert set(session.completed) == self.completed
        assert session.held_on == self.held_on
        assert session.planned_on == self.planned_on
        assert session.follow_ups == self.follow_ups
        assert session.pending_events == []
        for line in self.completed:
            completed_on = session.completed_on(line)
            assert self.held_on is not None
            assert completed_on is not None
            assert completed_on >= self.held_on
        assert all(f.due >= session.held_on for f in session.follow_ups if session.held_on)


SessionLifecycle.TestCase.settings = settings(
    max_examples=50, stateful_step_count=20, deadline=None
)
TestSessionLifecycle = SessionLifecycle.TestCase


# -- any mentor, any agreed actions -------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    mentor=mentors(),
    agreed=st.lists(follow_ups(dates_between(VISIT, date(2018, 12, 31))), max_size=4),
)
def test_any_mentor_and_actions_due_after_the_visit_can_be_recorded(
    mentor: Mentor, agreed: list[FollowUp]
) -> None:
    session = recorded(mentor=mentor, follow_ups=agreed)
    rebuilt = replay(session.collect_events())
    assert rebuilt.mentor == mentor
    assert rebuilt.follow_ups == tuple(agreed)
    assert vars(rebuilt) == vars(session)
