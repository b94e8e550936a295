"""The Ledger's side for what an office does between grants: mentoring sessions
(*pendampingan*), Bimtek trainings, PLUT consultations and exhibitions (*pameran*), an
enterprise's timeline across all records, and mentoring coverage.

:class:`~umkm_ledger.Ledger` holds this service and hands it its calls of this
context; the methods follow the Ledger's conventions (primitive inputs or value
objects, ids returned, the audit envelope's parts as keyword arguments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from umkm_ledger.activity.commands import ActivityCommands
from umkm_ledger.activity.mentoring import MAX_MINUTES, MentoringSession
from umkm_ledger.activity.readmodels import (
    ConsultationView,
    ExhibitionView,
    SessionView,
    TimelineEntry,
    TrainingView,
)
from umkm_ledger.activity.reports import CoverageReport, mentoring_coverage
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.values import (
    FollowUp,
    Mentor,
    MentorKind,
    Participant,
    checked_follow_ups,
    checked_mentor,
    checked_participant,
)
from umkm_ledger.enterprises.commands import EnterpriseCommands
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import (
    as_list,
    shown,
    to_date,
    to_dates,
    to_id,
    to_ids,
    to_nik,
    to_person,
    to_region,
    to_rupiah,
    to_texts,
)
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.records import record_kind
from umkm_ledger.kernel.values import NIK, Owner, RegionCode, Rupiah
from umkm_ledger.kernel.values.bounds import fact_date, whole_number
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.kernel.values.text import free_text, name_text, note_text, optional_name
from umkm_ledger.platform.history import event_records
from umkm_ledger.platform.session import Session
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.progress.facts import Facts

if TYPE_CHECKING:
    pass

__all__ = ["ActivityService", "to_follow_ups", "to_mentor"]

Day = date | str


def to_mentor(
    mentor: Mentor | str, kind: MentorKind | str = MentorKind.OFFICER, field: str = "mentor"
) -> Mentor:
    """A mentor from their name and kind (``officer`` or ``PLUT consultant``)."""
    if isinstance(mentor, Mentor):
        return checked_mentor(mentor, field)
    return Mentor(name_text(mentor, field), MentorKind.parse(kind, f"{field}_kind"))


def to_follow_ups(
    values: Sequence[FollowUp | Mapping[str, Any]], field: str = "follow_ups"
) -> list[FollowUp]:
    """Follow-up actions from mappings ``{"action": "...", "due": "2016-12-30"}``."""
    as_list(values, field, "follow-up actions")
    found = []
    for index, value in enumerate(values):
        where = f"{field}[{index}]"
        if isinstance(value, FollowUp):
            found.append(value)
            continue
        if not isinstance(value, Mapping) or set(value) != {"action", "due"}:
            raise InvalidValue(where, shown(value), "must give an action and the date it is due")
        try:
            action = free_text(value["action"], "action")
            found.append(FollowUp(action, to_date(value["due"], "due")))
        except InvalidValue as error:
            raise error.at(where) from None
    return list(checked_follow_ups(found, field))


def _minutes(value: object) -> int:
    return whole_number(value, "duration_minutes", minimum=1, maximum=MAX_MINUTES)


def _optional_id(value: UUID | str | None, field: str) -> UUID | None:
    return None if value is None else to_id(value, field)


class ActivityService:
    """Mentoring, trainings, consultations and exhibitions, from the primitive forms
    callers send, and the reports on them. Each public method is documented where callers
    see it, on :class:`umkm_ledger.Ledger`."""

    def __init__(
        self,
        session: Session,
        *,
        activity_commands: ActivityCommands,
        enterprise_commands: EnterpriseCommands,
        program_commands: ProgramCommands,
    ) -> None:
        self._session = session
        self._app = session.app
        self._activity_commands = activity_commands
        self._enterprise_commands = enterprise_commands
        self._program_commands = program_commands

    # -- mentoring -----------------------------------------------------------------------

    def schedule_mentoring(
        self,
        mentor: Mentor | str,
        *,
        topics: Sequence[str],
        planned_on: Day,
        enterprises: Sequence[UUID | str] = (),
        group: UUID | str | None = None,
        program_id: UUID | str | None = None,
        mentor_kind: MentorKind | str = MentorKind.OFFICER,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.schedule_session(
            program_id=_optional_id(program_id, "program_id"),
            mentor=to_mentor(mentor, mentor_kind),
            enterprise_ids=to_ids(enterprises, "enterprises"),
            group_id=_optional_id(group, "group"),
            topics=to_texts(topics, "topics"),
            planned_on=fact_date(to_date(planned_on, "planned_on"), "planned_on"),
            envelope=envelope,
            idempotent=idempotent,
        )

    def record_mentoring(
        self,
        mentor: Mentor | str,
        *,
        topics: Sequence[str],
        duration_minutes: int,
        enterprises: Sequence[UUID | str] = (),
        group: UUID | str | None = None,
        attended: Sequence[UUID | str] | None = None,
        notes: str = "",
        follow_ups: Sequence[FollowUp | Mapping[str, Any]] = (),
        program_id: UUID | str | None = None,
        mentor_kind: MentorKind | str = MentorKind.OFFICER,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.record_session(
            program_id=_optional_id(program_id, "program_id"),
            mentor=to_mentor(mentor, mentor_kind),
            enterprise_ids=to_ids(enterprises, "enterprises"),
            group_id=_optional_id(group, "group"),
            topics=to_texts(topics, "topics"),
            attended=None if attended is None else to_ids(attended, "attended"),
            duration_minutes=_minutes(duration_minutes),
            notes=note_text(notes, "notes"),
            follow_ups=to_follow_ups(follow_ups),
            envelope=envelope,
            idempotent=idempotent,
        )

    def _session_command(
        self,
        command: str,
        session_id: UUID | str,
        act: Any,
        arguments: Mapping[str, Any],
        envelope: Envelope,
        idempotent: bool,
    ) -> UUID:
        return self._activity_commands.session_command(
            command,
            to_id(session_id, "session_id"),
            act,
            envelope,
            arguments,
            idempotent=idempotent,
        )

    def hold_mentoring(
        self,
        session_id: UUID | str,
        *,
        attended: Sequence[UUID | str],
        duration_minutes: int,
        notes: str = "",
        follow_ups: Sequence[FollowUp | Mapping[str, Any]] = (),
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        came = to_ids(attended, "attended")
        agreed = to_follow_ups(follow_ups)
        duration_minutes = _minutes(duration_minutes)
        notes = note_text(notes, "notes")

        def act(session: MentoringSession) -> None:
            session.hold(
                attended=came, duration_minutes=duration_minutes, notes=notes,
                follow_ups=agreed, envelope=envelope,
            )  # fmt: skip

        arguments = {"attended": came, "duration_minutes": duration_minutes, "notes": notes,
                     "follow_ups": agreed}  # fmt: skip
        return self._session_command(
            "hold_mentoring", session_id, act, arguments, envelope, idempotent
        )

    def reschedule_mentoring(
        self,
        session_id: UUID | str,
        *,
        planned_on: Day,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        day = fact_date(to_date(planned_on, "planned_on"), "planned_on")
        return self._session_command(
            "reschedule_mentoring", session_id,
            lambda s: s.reschedule(day, envelope=envelope), {"planned_on": day},
            envelope, idempotent,
        )  # fmt: skip

    def cancel_mentoring(
        self,
        session_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._session_command(
            "cancel_mentoring", session_id, lambda s: s.cancel(envelope=envelope), {},
            envelope, idempotent,
        )  # fmt: skip

    def record_no_show(
        self,
        session_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._session_command(
            "record_no_show", session_id, lambda s: s.record_no_show(envelope=envelope), {},
            envelope, idempotent,
        )  # fmt: skip

    def complete_follow_up(
        self,
        session_id: UUID | str,
        line: int,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        line = whole_number(line, "line", minimum=1)
        return self._session_command(
            "complete_follow_up", session_id,
            lambda s: s.complete_follow_up(line, envelope=envelope), {"line": line},
            envelope, idempotent,
        )  # fmt: skip

    def mentoring_session(self, session_id: UUID | str) -> SessionView:
        return SessionView.of(self._activity_commands.session(to_id(session_id, "session_id")))

    def mentoring_coverage(
        self,
        program_id: UUID | str,
        *,
        period: Period | str | None = None,
        at_least: int = 1,
        as_of: Day | None = None,
    ) -> CoverageReport:
        program = self._program_commands.program(to_id(program_id, "program_id"))
        if period is None:
            span = program.period
        elif isinstance(period, Period):
            span = period
        else:
            span = Period.parse(period)
        if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
            raise InvalidValue("at_least", at_least, "must be 1 or more visits")
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        return mentoring_coverage(Facts(self._session.views()), program.id, span, at_least, day)

    # -- trainings -----------------------------------------------------------------------

    def organise_training(
        self,
        title: str,
        *,
        organiser: str,
        venue: str,
        region: RegionCode | str,
        days: Sequence[Day],
        topics: Sequence[str],
        trainers: Sequence[str] = (),
        funder: str | None = None,
        partner: str | None = None,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.organise_training(
            title=name_text(title, "title"), organiser=name_text(organiser, "organiser"),
            venue=name_text(venue, "venue"), region=to_region(region, "region"),
            days=to_dates(days, "days"), topics=to_texts(topics, "topics"),
            trainers=to_texts(trainers, "trainers"), funder=optional_name(funder, "funder"),
            partner=optional_name(partner, "partner"),
            program_id=_optional_id(program_id, "program_id"), envelope=envelope,
            idempotent=idempotent,
        )  # fmt: skip

    def register_participant(
        self,
        training_id: UUID | str,
        *,
        person: Owner | Mapping[str, Any],
        enterprise_id: UUID | str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        participant = checked_participant(
            Participant(to_person(person), to_id(enterprise_id, "enterprise_id")), "participant"
        )
        return self._activity_commands.register_participant(
            to_id(training_id, "training_id"), participant, envelope, idempotent=idempotent
        )

    def _training_command(
        self,
        command: str,
        training_id: UUID | str,
        act: Any,
        arguments: Mapping[str, Any],
        envelope: Envelope,
        idempotent: bool,
    ) -> UUID:
        return self._activity_commands.training_command(
            command, to_id(training_id, "training_id"), act, envelope, arguments,
            idempotent=idempotent,
        )  # fmt: skip

    def record_attendance(
        self,
        training_id: UUID | str,
        *,
        present: Sequence[NIK | str],
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        given: object = present
        if isinstance(given, str | bytes) or not isinstance(given, Sequence):
            raise InvalidValue("present", "<hidden>", "must be a list of NIKs")
        niks = [to_nik(nik, f"present[{index}]") for index, nik in enumerate(present)]
        return self._training_command(
            "record_attendance", training_id,
            lambda t: t.record_attendance(niks, envelope=envelope), {"present": niks},
            envelope, idempotent,
        )  # fmt: skip

    def complete_training(
        self,
        training_id: UUID | str,
        nik: NIK | str,
        *,
        certificate: str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        person = to_nik(nik)
        certificate = optional_name(certificate, "certificate")

        def act(training: Training) -> None:
            training.complete(person, certificate=certificate, envelope=envelope)

        return self._training_command(
            "complete_training", training_id, act,
            {"nik": person, "certificate": certificate}, envelope, idempotent,
        )  # fmt: skip

    def link_training_grant(
        self,
        training_id: UUID | str,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.link_training_grant(
            to_id(training_id, "training_id"), to_id(grant_id, "grant_id"), envelope,
            idempotent=idempotent,
        )  # fmt: skip

    def cancel_training(
        self,
        training_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._training_command(
            "cancel_training", training_id, lambda t: t.cancel(envelope=envelope), {},
            envelope, idempotent,
        )  # fmt: skip

    def training(self, training_id: UUID | str) -> TrainingView:
        return TrainingView.of(self._activity_commands.training(to_id(training_id, "training_id")))

    # -- consultations and exhibitions ---------------------------------------------------

    def record_consultation(
        self,
        enterprise_id: UUID | str,
        *,
        place: str,
        consultant: Mentor | str,
        topic: str,
        outcome: str,
        consultant_kind: MentorKind | str = MentorKind.PLUT_CONSULTANT,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.record_consultation(
            enterprise_id=to_id(enterprise_id, "enterprise_id"),
            program_id=_optional_id(program_id, "program_id"), place=name_text(place, "place"),
            consultant=to_mentor(consultant, consultant_kind, "consultant"),
            topic=name_text(topic, "topic"), outcome=free_text(outcome, "outcome"),
            envelope=envelope, idempotent=idempotent,
        )  # fmt: skip

    def consultation(self, consultation_id: UUID | str) -> ConsultationView:
        return ConsultationView.of(
            self._activity_commands.consultation(to_id(consultation_id, "consultation_id"))
        )

    def organise_exhibition(
        self,
        name: str,
        *,
        organiser: str,
        venue: str,
        region: RegionCode | str,
        days: Sequence[Day],
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.organise_exhibition(
            name=name_text(name, "name"), organiser=name_text(organiser, "organiser"),
            venue=name_text(venue, "venue"), region=to_region(region, "region"),
            days=to_dates(days, "days"), program_id=_optional_id(program_id, "program_id"),
            envelope=envelope, idempotent=idempotent,
        )  # fmt: skip

    def take_part(
        self,
        exhibition_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        outcome: str,
        products: Sequence[str] = (),
        sales: Rupiah | int | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._activity_commands.take_part(
            to_id(exhibition_id, "exhibition_id"), to_id(enterprise_id, "enterprise_id"),
            products=to_texts(products, "products"), outcome=free_text(outcome, "outcome"),
            sales=None if sales is None else to_rupiah(sales, "sales"),
            envelope=envelope, idempotent=idempotent,
        )  # fmt: skip

    def exhibition(self, exhibition_id: UUID | str) -> ExhibitionView:
        return ExhibitionView.of(
            self._activity_commands.exhibition(to_id(exhibition_id, "exhibition_id"))
        )

    # -- the timeline ----------------------------------------------------------------------

    def timeline(
        self, enterprise_id: UUID | str, *, locale: str = "en", personal: bool = True
    ) -> list[TimelineEntry]:
        enterprise = self._enterprise_commands.enterprise(to_id(enterprise_id, "enterprise_id"))
        # Through Facts: it reads the replacement if a rebuild elsewhere drops the slot.
        rows = Facts(self._session.views()).rows(
            "timeline",
            "SELECT record_id, version, effective_on FROM {entry} WHERE enterprise_id = ? "
            "ORDER BY effective_on, position",
            (enterprise.id.hex,),
        )
        records: dict[str, dict[int, Any]] = {}
        kinds: dict[str, str] = {}
        for record_id in dict.fromkeys(row[0] for row in rows):
            events = self._app.events_of(UUID(record_id))
            records[record_id] = {
                e.version: e for e in event_records(events, locale, personal=personal)
            }
            kinds[record_id] = record_kind(type(events[0]).__qualname__.partition(".")[0])
        return [
            TimelineEntry(
                record=kinds[record_id],
                event=records[record_id][version],
                on=date.fromisoformat(on),
            )
            for record_id, version, on in rows
        ]
