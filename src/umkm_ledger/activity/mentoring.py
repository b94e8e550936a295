"""The MentoringSession aggregate: *pendampingan*, one visit or meeting at a time.

A session is scheduled for some enterprises (or a group's members) with a mentor (an
officer or a PLUT consultant) and topics, then held (who came, how long, notes, and the
follow-up actions agreed, each due by a date), cancelled, or nobody came. A visit that was
never scheduled beforehand is recorded after the fact (:meth:`MentoringSession.record`),
dated on the day it happened. The day it was held is the envelope's effective date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.activity.lifecycle import SESSION_LIFECYCLE, SessionAction, SessionStatus
from umkm_ledger.activity.rules import AttendeeNotInvited, SessionDatesOutOfOrder
from umkm_ledger.activity.values import (
    FollowUp,
    Mentor,
    checked_follow_ups,
    checked_mentor,
)
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values.bounds import fact_date, whole_number
from umkm_ledger.kernel.values.text import name_texts, note_text

__all__ = ["MentoringSession"]

#: Longer than a working day is not one session.
MAX_MINUTES = 12 * 60


def _enterprises(values: Sequence[UUID], field: str) -> tuple[UUID, ...]:
    if not isinstance(values, Sequence) or isinstance(values, str) or not values:  # type: ignore[unreachable]
        raise InvalidValue(field, values, "must list at least one enterprise")
    for index, value in enumerate(values):
        if not isinstance(value, UUID):
            raise InvalidValue(f"{field}[{index}]", value, "must be an enterprise id")
    if len(set(values)) != len(values):
        raise InvalidValue(field, [str(v) for v in values], "lists an enterprise twice")
    return tuple(values)


def _topics(values: object, field: str) -> tuple[str, ...]:
    return name_texts(values, field, at_least=1)


def _minutes(value: object, field: str) -> int:
    return whole_number(value, field, minimum=1, maximum=MAX_MINUTES)


class MentoringSession(LedgerAggregate):
    """One mentoring visit or meeting, from its schedule to its follow-up actions."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Scheduled": frozenset({"topics", "planned_on"}),
        "Rescheduled": frozenset({"planned_on"}),
        "Held": frozenset({"duration_minutes", "notes"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Scheduled": {
            "mentor": checked_mentor,
            "enterprise_ids": _enterprises,
            "topics": _topics,
            "planned_on": fact_date,
        },
        "Rescheduled": {"planned_on": fact_date},
        "Held": {
            "attended": _enterprises,
            "duration_minutes": _minutes,
            "notes": note_text,
            "follow_ups": checked_follow_ups,
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Scheduled(Event, Aggregate.Created):
        """A session was planned for ``planned_on`` with ``mentor``, for the enterprises
        (a group's members when ``group_id`` is set), on ``topics``."""

        program_id: UUID | None
        mentor: Mentor
        enterprise_ids: tuple[UUID, ...]
        group_id: UUID | None
        topics: tuple[str, ...]
        planned_on: date

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.program_id = self.program_id
            aggregate.mentor = self.mentor
            aggregate.invited = self.enterprise_ids
            aggregate.group_id = self.group_id
            aggregate.topics = self.topics
            aggregate.planned_on = self.planned_on

    @dataclass(frozen=True)
    class Rescheduled(Event):
        """The session was moved to ``planned_on``."""

        planned_on: date

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.planned_on = self.planned_on

    @dataclass(frozen=True)
    class Held(Event):
        """The session took place: who ``attended``, for how long, ``notes``, and the
        ``follow_ups`` agreed."""

        attended: tuple[UUID, ...]
        duration_minutes: int
        notes: str
        follow_ups: tuple[FollowUp, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.step(SessionAction.HOLD)
            aggregate.attended = self.attended
            aggregate.duration_minutes = self.duration_minutes
            aggregate.notes = self.notes
            aggregate.follow_ups = self.follow_ups

    @dataclass(frozen=True)
    class Cancelled(Event):
        """The session will not take place (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.step(SessionAction.CANCEL)

    @dataclass(frozen=True)
    class NoShow(Event):
        """The mentor came, nobody of the enterprises did."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.step(SessionAction.NO_SHOW)

    @dataclass(frozen=True)
    class FollowUpCompleted(Event):
        """The follow-up action at ``line`` (from 1, as agreed) was done."""

        line: int

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, MentoringSession)
            aggregate.completed[self.line] = self.originator_version

    def __init__(self) -> None:
        self._init_facts()
        self.program_id: UUID | None = None
        self.mentor: Mentor
        self.invited: tuple[UUID, ...] = ()
        self.group_id: UUID | None = None
        self.topics: tuple[str, ...] = ()
        self.planned_on: date
        self.status = SessionStatus.SCHEDULED
        self.attended: tuple[UUID, ...] = ()
        self.duration_minutes = 0
        self.notes = ""
        self.follow_ups: tuple[FollowUp, ...] = ()
        #: follow-up line -> the version that completed it.
        self.completed: dict[int, int] = {}

    def step(self, action: SessionAction) -> None:
        self.status = next_status(SESSION_LIFECYCLE, "mentoring session", self.status, action)

    def _allow(self, action: SessionAction) -> None:
        next_status(SESSION_LIFECYCLE, "mentoring session", self.status, action)

    # -- creation ----------------------------------------------------------------------

    @classmethod
    def schedule(
        cls,
        *,
        program_id: UUID | None,
        mentor: Mentor,
        enterprise_ids: Sequence[UUID],
        group_id: UUID | None = None,
        topics: Sequence[str],
        planned_on: date,
        envelope: Envelope,
    ) -> MentoringSession:
        """Plan a session (``planned_on`` may lie ahead; the envelope dates the planning)."""
        fields = cls.checked_fields(
            "Scheduled",
            {"mentor": mentor, "enterprise_ids": enterprise_ids, "topics": topics,
             "planned_on": planned_on},
        )  # fmt: skip
        check_effective_date(envelope)
        return cls._create(
            cls.Scheduled,
            id=new_id(),
            envelope=envelope,
            program_id=program_id,
            group_id=group_id,
            **fields,
        )

    @classmethod
    def record(
        cls,
        *,
        program_id: UUID | None,
        mentor: Mentor,
        enterprise_ids: Sequence[UUID],
        group_id: UUID | None = None,
        topics: Sequence[str],
        attended: Sequence[UUID] | None = None,
        duration_minutes: int,
        notes: str = "",
        follow_ups: Sequence[FollowUp] = (),
        envelope: Envelope,
    ) -> MentoringSession:
        """A session recorded after the fact: scheduled and held on the envelope's
        effective date (``attended`` defaults to every enterprise named)."""
        session = cls.schedule(
            program_id=program_id, mentor=mentor, enterprise_ids=enterprise_ids,
            group_id=group_id, topics=topics, planned_on=envelope.effective_date,
            envelope=envelope,
        )  # fmt: skip
        session.hold(
            attended=session.invited if attended is None else attended,
            duration_minutes=duration_minutes,
            notes=notes,
            follow_ups=follow_ups,
            envelope=envelope,
        )
        return session

    # -- commands ----------------------------------------------------------------------

    def _move(
        self, action: SessionAction, event: type[LedgerAggregate.Event], envelope: Envelope,
        **fields: Any,
    ) -> None:  # fmt: skip
        self._allow(action)
        check_effective_date(envelope)
        trial = Fact(event.__name__, envelope.effective_date, fields)
        _check_order(self.id, {**self.facts, self.version + 1: trial})
        self._record(event, envelope, **fields)

    def reschedule(self, planned_on: date, *, envelope: Envelope) -> None:
        planned_on = fact_date(planned_on, "planned_on")
        if planned_on == self.planned_on:
            raise InvalidValue("planned_on", planned_on, "is already the planned date")
        self._move(SessionAction.RESCHEDULE, self.Rescheduled, envelope, planned_on=planned_on)

    def hold(
        self,
        *,
        attended: Sequence[UUID],
        duration_minutes: int,
        notes: str = "",
        follow_ups: Sequence[FollowUp] = (),
        envelope: Envelope,
    ) -> None:
        """Record that the session took place on the envelope's effective date."""
        self._allow(SessionAction.HOLD)
        fields = self.checked_fields(
            "Held",
            {"attended": attended, "duration_minutes": duration_minutes, "notes": notes,
             "follow_ups": follow_ups},
        )  # fmt: skip
        for enterprise_id in fields["attended"]:
            if enterprise_id not in self.invited:
                raise AttendeeNotInvited(self.id, enterprise_id)
        self._move(SessionAction.HOLD, self.Held, envelope, **fields)

    def cancel(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "a cancellation of a mentoring session")
        self._move(SessionAction.CANCEL, self.Cancelled, envelope)

    def record_no_show(self, *, envelope: Envelope) -> None:
        self._move(SessionAction.NO_SHOW, self.NoShow, envelope)

    def complete_follow_up(self, line: int, *, envelope: Envelope) -> None:
        """The follow-up action at ``line`` (1 for the first agreed) was done."""
        self._allow(SessionAction.COMPLETE_FOLLOW_UP)
        if isinstance(line, bool) or not isinstance(line, int):
            raise InvalidValue("line", line, "must be a whole number")
        if not 1 <= line <= len(self.follow_ups):
            raise InvalidValue(
                "line",
                line,
                N_("the session agreed {count} follow-up actions", count=len(self.follow_ups)),
            )
        if line in self.completed:
            raise InvalidValue("line", line, "that follow-up action is already completed")
        self._move(SessionAction.COMPLETE_FOLLOW_UP, self.FollowUpCompleted, envelope, line=line)

    # -- what it holds -----------------------------------------------------------------

    @property
    def held_on(self) -> date | None:
        for fact in self.facts.values():
            if fact.kind == "Held":
                return fact.effective_date
        return None

    def completed_on(self, line: int) -> date | None:
        version = self.completed.get(line)
        return None if version is None else self.facts[version].effective_date

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(SessionAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if EFFECTIVE_DATE in changes:
            _check_order(self.id, {**self.facts, version: fact.with_changes(changes)})

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Scheduled":
            self.topics = fact.fields["topics"]
        if fact.kind in ("Scheduled", "Rescheduled"):
            latest = max(v for v, f in self.facts.items() if f.kind in ("Scheduled", "Rescheduled"))
            self.planned_on = self.facts[latest].fields["planned_on"]
        elif fact.kind == "Held":
            self.duration_minutes = fact.fields["duration_minutes"]
            self.notes = fact.fields["notes"]


def _check_order(session: UUID, facts: Mapping[int, Fact]) -> None:
    """One date rule for commands and corrections: what follows the schedule is dated on
    or after it; follow-ups fall due, and are completed, on or after the session."""
    scheduled = facts[1].effective_date
    held: date | None = None
    for fact in facts.values():
        day = fact.effective_date
        if fact.kind in ("Held", "Cancelled", "NoShow", "Rescheduled") and day < scheduled:
            raise SessionDatesOutOfOrder(
                session,
                N_(
                    "{kind} dated {day} would be before it was scheduled ({scheduled})",
                    kind=fact.kind,
                    day=day.isoformat(),
                    scheduled=scheduled.isoformat(),
                ),
            )
        if fact.kind == "Held":
            held = day
            for follow_up in fact.fields["follow_ups"]:
                if follow_up.due < held:
                    raise SessionDatesOutOfOrder(
                        session,
                        N_(
                            "follow-up {action!r} would be due on {due}, before the session "
                            "({held})",
                            action=follow_up.action,
                            due=follow_up.due.isoformat(),
                            held=held.isoformat(),
                        ),
                    )
    for fact in facts.values():
        if fact.kind == "FollowUpCompleted" and held is not None and fact.effective_date < held:
            raise SessionDatesOutOfOrder(
                session,
                N_(
                    "a follow-up completed on {day} would be before the session ({held})",
                    day=fact.effective_date.isoformat(),
                    held=held.isoformat(),
                ),
            )


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    MentoringSession,
    "activity.MentoringSession",
    formerly="umkm_ledger.domain.mentoring:MentoringSession",
    events=(
        "Scheduled",
        "Rescheduled",
        "Held",
        "Cancelled",
        "NoShow",
        "FollowUpCompleted",
        "Corrected",
    ),
)
register_record_kind(MentoringSession, "mentoring session")
