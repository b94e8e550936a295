"""The Training aggregate: a Bimtek (*bimbingan teknis*) and its attendance list.

An agency organises it, often with a funder and a partner (Kemenperin with a member of
DPR Komisi VI, in Palembang), at a venue, on one or more days, with topics and trainers.
People register (each with their NIK and the enterprise they represent); each day's
attendance list is recorded on that day; those who attended every day complete it (with
a certificate number, where one is given). Equipment handed over at the event is aid with
its own grant, linked here. Reports count people by NIK, once, however many trainings
they complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.activity.lifecycle import TRAINING_LIFECYCLE, TrainingAction, TrainingStatus
from umkm_ledger.activity.rules import (
    AlreadyRegistered,
    CompletionNeedsAttendance,
    NotATrainingDay,
    NotRegistered,
)
from umkm_ledger.activity.values import Participant, checked_participant
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
from umkm_ledger.kernel.values import NIK, RegionCode
from umkm_ledger.kernel.values.bounds import fact_date
from umkm_ledger.kernel.values.checks import checked_niks, instance, optional
from umkm_ledger.kernel.values.text import name_text, name_texts, optional_name

__all__ = ["Training"]


def _days(values: object, field: str) -> tuple[date, ...]:
    if not isinstance(values, Sequence) or isinstance(values, str) or not values:
        raise InvalidValue(field, type(values).__name__, "must list at least one day")
    days = tuple(fact_date(value, f"{field}[{index}]") for index, value in enumerate(values))
    if len(set(days)) != len(days):
        raise InvalidValue(field, [d.isoformat() for d in days], "lists a day twice")
    return tuple(sorted(days))


def _topics(values: object, field: str) -> tuple[str, ...]:
    return name_texts(values, field, at_least=1)


class Training(LedgerAggregate):
    """A Bimtek: who organised it, when and where, who came each day, who completed."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Organised": frozenset({"title", "venue", "topics", "trainers", "partner", "funder"}),
        "AttendanceRecorded": frozenset({"present"}),
        "Completed": frozenset({"certificate"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Organised": {
            "title": name_text,
            "organiser": name_text,
            "funder": optional_name,
            "partner": optional_name,
            "venue": name_text,
            "region": instance(RegionCode, "a region code"),
            "days": _days,
            "topics": _topics,
            "trainers": name_texts,
        },
        "ParticipantRegistered": {"participant": checked_participant},
        "AttendanceRecorded": {"present": checked_niks},
        "Completed": {"nik": instance(NIK, "a NIK"), "certificate": optional(name_text)},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Organised(Event, Aggregate.Created):
        """A training was organised by ``organiser`` (with ``funder`` and ``partner``,
        where there are), at ``venue`` in ``region``, on ``days``."""

        title: str
        organiser: str
        funder: str | None
        partner: str | None
        program_id: UUID | None
        venue: str
        region: RegionCode
        days: tuple[date, ...]
        topics: tuple[str, ...]
        trainers: tuple[str, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            for name in ("title", "organiser", "funder", "partner", "program_id", "venue"):
                setattr(aggregate, name, getattr(self, name))
            aggregate.region = self.region
            aggregate.days = self.days
            aggregate.topics = self.topics
            aggregate.trainers = self.trainers

    @dataclass(frozen=True)
    class ParticipantRegistered(Event):
        """A person registered, for the enterprise they represent."""

        participant: Participant

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            aggregate.participants[self.participant.nik] = self.participant

    @dataclass(frozen=True)
    class AttendanceRecorded(Event):
        """The attendance list of the day (the effective date): who was ``present``."""

        present: tuple[NIK, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            aggregate.step(TrainingAction.RECORD_ATTENDANCE)

    @dataclass(frozen=True)
    class Completed(Event):
        """The person completed the training (``certificate``: its number, if any)."""

        nik: NIK
        certificate: str | None

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            aggregate.completions[self.nik] = self.originator_version

    @dataclass(frozen=True)
    class GrantLinked(Event):
        """Aid handed over at the training belongs to the grant ``grant_id``."""

        grant_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            aggregate.grants = (*aggregate.grants, self.grant_id)

    @dataclass(frozen=True)
    class Cancelled(Event):
        """The training will not take place (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Training)
            aggregate.step(TrainingAction.CANCEL)

    def __init__(self) -> None:
        self._init_facts()
        self.title = ""
        self.organiser = ""
        self.funder: str | None = None
        self.partner: str | None = None
        self.program_id: UUID | None = None
        self.venue = ""
        self.region: RegionCode
        self.days: tuple[date, ...] = ()
        self.topics: tuple[str, ...] = ()
        self.trainers: tuple[str, ...] = ()
        self.status = TrainingStatus.ORGANISED
        self.participants: dict[NIK, Participant] = {}
        #: NIK -> the version of its completion.
        self.completions: dict[NIK, int] = {}
        self.grants: tuple[UUID, ...] = ()

    def step(self, action: TrainingAction) -> None:
        self.status = next_status(TRAINING_LIFECYCLE, "training", self.status, action)

    def _allow(self, action: TrainingAction) -> None:
        next_status(TRAINING_LIFECYCLE, "training", self.status, action)

    @classmethod
    def organise(
        cls,
        *,
        title: str,
        organiser: str,
        venue: str,
        region: RegionCode,
        days: Sequence[date],
        topics: Sequence[str],
        trainers: Sequence[str] = (),
        funder: str | None = None,
        partner: str | None = None,
        program_id: UUID | None = None,
        envelope: Envelope,
    ) -> Training:
        check_effective_date(envelope)
        return cls._create(
            cls.Organised,
            id=new_id(),
            envelope=envelope,
            title=title,
            organiser=organiser,
            funder=funder,
            partner=partner,
            program_id=program_id,
            venue=venue,
            region=region,
            days=days,
            topics=topics,
            trainers=trainers,
        )

    # -- commands ----------------------------------------------------------------------

    def register(self, participant: Participant, *, envelope: Envelope) -> None:
        self._allow(TrainingAction.REGISTER)
        participant = checked_participant(participant, "participant")
        if participant.nik in self.participants:
            raise AlreadyRegistered(self.id, participant.person.name)
        self._record(self.ParticipantRegistered, envelope, participant=participant)

    def _name(self, nik: NIK) -> str:
        found = self.participants.get(nik)
        return found.person.name if found is not None else nik.masked()

    def record_attendance(self, present: Sequence[NIK], *, envelope: Envelope) -> None:
        """Record the attendance list of the day that is the envelope's effective date."""
        self._allow(TrainingAction.RECORD_ATTENDANCE)
        present = checked_niks(present, "present")
        self._check_registered_list(present)
        trial = Fact("AttendanceRecorded", envelope.effective_date, {"present": tuple(present)})
        _check_days(self, {**self.facts, self.version + 1: trial})
        self._record(self.AttendanceRecorded, envelope, present=tuple(present))

    def _check_registered_list(self, present: Sequence[NIK]) -> None:
        """Everyone on an attendance list (checked by :func:`checked_niks`) is registered."""
        for nik in present:
            if nik not in self.participants:
                raise NotRegistered(self.id, nik.masked())

    def attended(self, nik: NIK) -> tuple[date, ...]:
        """The days ``nik`` was on the attendance list (as corrected)."""
        return tuple(
            sorted(
                f.effective_date
                for f in self.facts.values()
                if f.kind == "AttendanceRecorded" and nik in f.fields["present"]
            )
        )

    def complete(self, nik: NIK, *, certificate: str | None = None, envelope: Envelope) -> None:
        self._allow(TrainingAction.COMPLETE)
        if not isinstance(nik, NIK):
            raise InvalidValue("nik", "<hidden>", "must be a NIK")
        if nik not in self.participants:
            raise NotRegistered(self.id, nik.masked())
        if nik in self.completions:
            raise InvalidValue("nik", nik.masked(), "has already completed this training")
        trial = Fact("Completed", envelope.effective_date, {"nik": nik})
        _check_days(self, {**self.facts, self.version + 1: trial})
        self._record(
            self.Completed,
            envelope,
            nik=nik,
            certificate=certificate,
        )

    def link_grant(self, grant_id: UUID, *, envelope: Envelope) -> None:
        self._allow(TrainingAction.LINK_GRANT)
        if grant_id in self.grants:
            raise InvalidValue("grant_id", grant_id, "is already linked to this training")
        self._record(self.GrantLinked, envelope, grant_id=grant_id)

    def cancel(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "a cancellation of a training")
        self._allow(TrainingAction.CANCEL)
        self._record(self.Cancelled, envelope)

    # -- what it holds -----------------------------------------------------------------

    def completed_on(self, nik: NIK) -> date | None:
        version = self.completions.get(nik)
        return None if version is None else self.facts[version].effective_date

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(TrainingAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if "present" in changes:
            self._check_registered_list(changes["present"])
        if EFFECTIVE_DATE in changes or "present" in changes:
            # A completion stands on the lists: a list corrected to leave someone out
            # who completed is refused.
            _check_days(self, {**self.facts, version: fact.with_changes(changes)})

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Organised":
            for name in ("title", "venue", "topics", "trainers", "partner", "funder"):
                setattr(self, name, fact.fields[name])


def _check_days(training: Training, facts: Mapping[int, Fact]) -> None:
    """One rule for commands and corrections: an attendance list is dated on one of the
    training's days, one per day; a completion follows the last day, and every day of
    it the person was on the list."""
    days = training.days
    listed: set[date] = set()
    present: dict[NIK, set[date]] = {}
    registered = {
        f.fields["participant"].nik: f.effective_date
        for f in facts.values()
        if f.kind == "ParticipantRegistered"
    }
    for fact in facts.values():
        if fact.kind != "AttendanceRecorded":
            continue
        day = fact.effective_date
        if day not in days:
            raise NotATrainingDay(
                training.id,
                N_(
                    "{day} is not one of its days ({days})",
                    day=day.isoformat(),
                    days=", ".join(d.isoformat() for d in days),
                ),
            )
        if day in listed:
            raise NotATrainingDay(
                training.id, N_("the list of {day} is recorded", day=day.isoformat())
            )
        listed.add(day)
        for nik in fact.fields.get("present", ()):
            present.setdefault(nik, set()).add(day)
            _check_registered(training, nik, day, registered)
    for fact in facts.values():
        if fact.kind != "Completed":
            continue
        nik = fact.fields["nik"]
        name = training._name(nik)
        _check_registered(training, nik, fact.effective_date, registered)
        if fact.effective_date < days[-1]:
            raise CompletionNeedsAttendance(
                training.id, name, N_("its last day is {day}", day=days[-1].isoformat())
            )
        missed = [d for d in days if d not in present.get(nik, set())]
        if missed:
            raise CompletionNeedsAttendance(
                training.id,
                name,
                N_("absent on {days}", days=", ".join(d.isoformat() for d in missed)),
            )


def _check_registered(
    training: Training, nik: NIK, day: date, registered: Mapping[NIK, date]
) -> None:
    since = registered.get(nik)
    if since is not None and day < since:
        raise NotRegistered(training.id, training._name(nik), on=day)


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Training,
    "activity.Training",
    formerly="umkm_ledger.domain.training:Training",
    events=(
        "Organised",
        "ParticipantRegistered",
        "AttendanceRecorded",
        "Completed",
        "GrantLinked",
        "Cancelled",
        "Corrected",
    ),
)
register_record_kind(Training, "training")
