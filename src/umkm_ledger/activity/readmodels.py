"""What mentoring, training, consultation and exhibition queries return."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.lifecycle import SessionStatus, TrainingStatus
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.values import Mentor
from umkm_ledger.kernel.values import RegionCode, Rupiah
from umkm_ledger.kernel.values.person import PERSONAL
from umkm_ledger.platform.history import EventRecord

__all__ = [
    "ConsultationView",
    "ExhibitionView",
    "ExhibitorView",
    "FollowUpView",
    "ParticipantView",
    "SessionView",
    "TimelineEntry",
    "TrainingView",
]


@attrs.frozen
class FollowUpView:
    line: int
    action: str
    due: date
    completed_on: date | None

    def overdue_on(self, day: date) -> bool:
        """Not completed by ``day``, and due before it."""
        done = self.completed_on is not None and self.completed_on <= day
        return not done and self.due < day


@attrs.frozen
class SessionView:
    """A mentoring session: planned, held (who came, how long), its follow-up actions."""

    id: UUID
    program_id: UUID | None
    mentor: Mentor
    status: SessionStatus
    invited: tuple[UUID, ...]
    group_id: UUID | None
    topics: tuple[str, ...]
    planned_on: date
    held_on: date | None
    attended: tuple[UUID, ...]
    duration_minutes: int
    notes: str
    follow_ups: tuple[FollowUpView, ...]

    @classmethod
    def of(cls, session: MentoringSession) -> SessionView:
        return cls(
            id=session.id,
            program_id=session.program_id,
            mentor=session.mentor,
            status=session.status,
            invited=session.invited,
            group_id=session.group_id,
            topics=session.topics,
            planned_on=session.planned_on,
            held_on=session.held_on,
            attended=session.attended,
            duration_minutes=session.duration_minutes,
            notes=session.notes,
            follow_ups=tuple(
                FollowUpView(line, f.action, f.due, session.completed_on(line))
                for line, f in enumerate(session.follow_ups, start=1)
            ),
        )


@attrs.frozen
class ParticipantView:
    """A participant as listings show them: named, the NIK masked."""

    name: str = attrs.field(metadata=PERSONAL)
    nik_masked: str
    gender: str
    birth_year: int = attrs.field(metadata=PERSONAL)
    enterprise_id: UUID
    attended: tuple[date, ...]
    completed_on: date | None
    certificate: str | None


@attrs.frozen
class TrainingView:
    """A Bimtek: its days, participants with their attendance, and linked grants."""

    id: UUID
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
    status: TrainingStatus
    participants: tuple[ParticipantView, ...]
    #: Per day of the training, how many were on its attendance list (0: no list yet).
    attendance: tuple[tuple[date, int], ...]
    grants: tuple[UUID, ...]

    @property
    def completed(self) -> int:
        return sum(1 for p in self.participants if p.completed_on is not None)

    @classmethod
    def of(cls, training: Training) -> TrainingView:
        lists = {
            f.effective_date: len(f.fields["present"])
            for f in training.facts.values()
            if f.kind == "AttendanceRecorded"
        }
        participants = []
        for nik, participant in training.participants.items():
            person = participant.person
            version = training.completions.get(nik)
            participants.append(
                ParticipantView(
                    name=person.name,
                    nik_masked=nik.masked(),
                    gender=person.gender.value,
                    birth_year=person.birth_year,
                    enterprise_id=participant.enterprise_id,
                    attended=training.attended(nik),
                    completed_on=training.completed_on(nik),
                    certificate=(
                        None if version is None else training.facts[version].fields["certificate"]
                    ),
                )
            )
        return cls(
            id=training.id,
            title=training.title,
            organiser=training.organiser,
            funder=training.funder,
            partner=training.partner,
            program_id=training.program_id,
            venue=training.venue,
            region=training.region,
            days=training.days,
            topics=training.topics,
            trainers=training.trainers,
            status=training.status,
            participants=tuple(participants),
            attendance=tuple((day, lists.get(day, 0)) for day in training.days),
            grants=training.grants,
        )


@attrs.frozen
class ConsultationView:
    id: UUID
    enterprise_id: UUID
    program_id: UUID | None
    on: date
    place: str
    consultant: Mentor
    topic: str
    outcome: str

    @classmethod
    def of(cls, consultation: Consultation) -> ConsultationView:
        return cls(
            id=consultation.id,
            enterprise_id=consultation.enterprise_id,
            program_id=consultation.program_id,
            on=consultation.facts[1].effective_date,
            place=consultation.place,
            consultant=consultation.consultant,
            topic=consultation.topic,
            outcome=consultation.outcome,
        )


@attrs.frozen
class ExhibitorView:
    enterprise_id: UUID
    on: date
    products: tuple[str, ...]
    outcome: str
    sales: Rupiah | None


@attrs.frozen
class ExhibitionView:
    id: UUID
    name: str
    organiser: str
    program_id: UUID | None
    venue: str
    region: RegionCode
    days: tuple[date, ...]
    exhibitors: tuple[ExhibitorView, ...]

    @classmethod
    def of(cls, exhibition: Exhibition) -> ExhibitionView:
        exhibitors = []
        for version in exhibition.participants.values():
            fact = exhibition.facts[version]
            exhibitors.append(
                ExhibitorView(
                    enterprise_id=fact.fields["enterprise_id"],
                    on=fact.effective_date,
                    products=fact.fields["products"],
                    outcome=fact.fields["outcome"],
                    sales=fact.fields["sales"],
                )
            )
        return cls(
            id=exhibition.id,
            name=exhibition.name,
            organiser=exhibition.organiser,
            program_id=exhibition.program_id,
            venue=exhibition.venue,
            region=exhibition.region,
            days=exhibition.days,
            exhibitors=tuple(exhibitors),
        )


@attrs.frozen
class TimelineEntry:
    """One event of an enterprise's timeline, the kind of record it belongs to
    (``enterprise``, ``enrolment``, ``grant``, ``mentoring session``, ``training``...), and
    the date it is placed on."""

    record: str
    event: EventRecord
    #: The date in force: the event's effective date, or the one a correction gave it.
    on: date
