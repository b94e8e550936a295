"""The application's commands for what an office does between grants: mentoring
sessions, Bimtek trainings, PLUT consultations and exhibitions.

Run by :class:`~umkm_ledger.platform.application.LedgerApplication`. Each command checks
that the records it names exist (enterprises, a group, a program, a grant) and records
nothing when one does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.values import FollowUp, Mentor, Participant
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.funding.grant import Grant
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import RegionCode, Rupiah
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.programs.program import Program

__all__ = ["ActivityCommands"]

A = TypeVar("A", bound=Aggregate)


class ActivityCommands:
    """The activity commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app

    def _check_program(self, program_id: UUID | None) -> None:
        if program_id is not None:
            self._app.get(Program, program_id)

    def _invited(self, enterprise_ids: Sequence[UUID], group_id: UUID | None) -> tuple[UUID, ...]:
        """The enterprises a session is for: those named, or a group's members."""
        if group_id is not None:
            if enterprise_ids:
                raise InvalidValue(
                    "enterprise_ids", [str(e) for e in enterprise_ids],
                    "name a group or enterprises, not both",
                )  # fmt: skip
            members = self._app.get(BusinessGroup, group_id).members
            if not members:
                raise InvalidValue("group_id", group_id, "the group has no members")
            return tuple(members)
        for enterprise_id in enterprise_ids:
            self._app.get(Enterprise, enterprise_id)
        return tuple(enterprise_ids)

    # -- mentoring -----------------------------------------------------------------------

    def schedule_session(
        self,
        *,
        program_id: UUID | None,
        mentor: Mentor,
        enterprise_ids: Sequence[UUID],
        group_id: UUID | None,
        topics: Sequence[str],
        planned_on: date,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._check_program(program_id)
            session = MentoringSession.schedule(
                program_id=program_id, mentor=mentor,
                enterprise_ids=self._invited(enterprise_ids, group_id), group_id=group_id,
                topics=topics, planned_on=planned_on, envelope=envelope,
            )  # fmt: skip
            return session.id, [session]

        return self._app.run(
            "schedule_session",
            envelope,
            idempotent=idempotent,
            arguments={
                "program_id": program_id,
                "mentor": mentor,
                "enterprise_ids": list(enterprise_ids),
                "group_id": group_id,
                "topics": list(topics),
                "planned_on": planned_on,
            },
            work=work,
        )

    def record_session(
        self,
        *,
        program_id: UUID | None,
        mentor: Mentor,
        enterprise_ids: Sequence[UUID],
        group_id: UUID | None,
        topics: Sequence[str],
        attended: Sequence[UUID] | None,
        duration_minutes: int,
        notes: str,
        follow_ups: Sequence[FollowUp],
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._check_program(program_id)
            session = MentoringSession.record(
                program_id=program_id, mentor=mentor,
                enterprise_ids=self._invited(enterprise_ids, group_id), group_id=group_id,
                topics=topics, attended=attended, duration_minutes=duration_minutes,
                notes=notes, follow_ups=follow_ups, envelope=envelope,
            )  # fmt: skip
            return session.id, [session]

        return self._app.run(
            "record_session",
            envelope,
            idempotent=idempotent,
            arguments={
                "program_id": program_id,
                "mentor": mentor,
                "enterprise_ids": list(enterprise_ids),
                "group_id": group_id,
                "topics": list(topics),
                "attended": None if attended is None else list(attended),
                "duration_minutes": duration_minutes,
                "notes": notes,
                "follow_ups": list(follow_ups),
            },
            work=work,
        )

    def session_command(
        self,
        command: str,
        session_id: UUID,
        act: Callable[[MentoringSession], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Reschedule, hold, cancel, record a no-show, complete a follow-up action."""
        return self._app.record_command(
            command, MentoringSession, session_id, act, envelope, arguments,
            idempotent=idempotent, key="session_id",
        )  # fmt: skip

    def session(self, session_id: UUID) -> MentoringSession:
        return self._app.get(MentoringSession, session_id)

    # -- trainings -----------------------------------------------------------------------

    def organise_training(
        self,
        *,
        title: str,
        organiser: str,
        venue: str,
        region: RegionCode,
        days: Sequence[date],
        topics: Sequence[str],
        trainers: Sequence[str],
        funder: str | None,
        partner: str | None,
        program_id: UUID | None,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._check_program(program_id)
            training = Training.organise(
                title=title, organiser=organiser, venue=venue, region=region, days=days,
                topics=topics, trainers=trainers, funder=funder, partner=partner,
                program_id=program_id, envelope=envelope,
            )  # fmt: skip
            return training.id, [training]

        return self._app.run(
            "organise_training",
            envelope,
            idempotent=idempotent,
            arguments={
                "title": title,
                "organiser": organiser,
                "venue": venue,
                "region": region,
                "days": list(days),
                "topics": list(topics),
                "trainers": list(trainers),
                "funder": funder,
                "partner": partner,
                "program_id": program_id,
            },
            work=work,
        )

    def training_command(
        self,
        command: str,
        training_id: UUID,
        act: Callable[[Training], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Record attendance, a completion, a cancellation (registrations and linked
        grants check what they name first: :meth:`register_participant`,
        :meth:`link_training_grant`)."""
        return self._app.record_command(
            command, Training, training_id, act, envelope, arguments,
            idempotent=idempotent, key="training_id",
        )  # fmt: skip

    def register_participant(
        self,
        training_id: UUID,
        participant: Participant,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        def act(training: Training) -> None:
            self._app.get(Enterprise, participant.enterprise_id)
            training.register(participant, envelope=envelope)

        return self.training_command(
            "register_participant", training_id, act, envelope,
            {"participant": participant}, idempotent=idempotent,
        )  # fmt: skip

    def link_training_grant(
        self, training_id: UUID, grant_id: UUID, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(training: Training) -> None:
            self._app.get(Grant, grant_id)
            training.link_grant(grant_id, envelope=envelope)

        return self.training_command(
            "link_training_grant", training_id, act, envelope, {"grant_id": grant_id},
            idempotent=idempotent,
        )  # fmt: skip

    def training(self, training_id: UUID) -> Training:
        return self._app.get(Training, training_id)

    # -- consultations and exhibitions ---------------------------------------------------

    def record_consultation(
        self,
        *,
        enterprise_id: UUID,
        program_id: UUID | None,
        place: str,
        consultant: Mentor,
        topic: str,
        outcome: str,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._app.get(Enterprise, enterprise_id)
            self._check_program(program_id)
            consultation = Consultation.record(
                enterprise_id=enterprise_id, program_id=program_id, place=place,
                consultant=consultant, topic=topic, outcome=outcome, envelope=envelope,
            )  # fmt: skip
            return consultation.id, [consultation]

        return self._app.run(
            "record_consultation",
            envelope,
            idempotent=idempotent,
            arguments={
                "enterprise_id": enterprise_id,
                "program_id": program_id,
                "place": place,
                "consultant": consultant,
                "topic": topic,
                "outcome": outcome,
            },
            work=work,
        )

    def consultation(self, consultation_id: UUID) -> Consultation:
        return self._app.get(Consultation, consultation_id)

    def organise_exhibition(
        self,
        *,
        name: str,
        organiser: str,
        venue: str,
        region: RegionCode,
        days: Sequence[date],
        program_id: UUID | None,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._check_program(program_id)
            exhibition = Exhibition.organise(
                name=name, organiser=organiser, venue=venue, region=region, days=days,
                program_id=program_id, envelope=envelope,
            )  # fmt: skip
            return exhibition.id, [exhibition]

        return self._app.run(
            "organise_exhibition",
            envelope,
            idempotent=idempotent,
            arguments={
                "name": name,
                "organiser": organiser,
                "venue": venue,
                "region": region,
                "days": list(days),
                "program_id": program_id,
            },
            work=work,
        )

    def take_part(
        self,
        exhibition_id: UUID,
        enterprise_id: UUID,
        *,
        products: Sequence[str],
        outcome: str,
        sales: Rupiah | None,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def act(exhibition: Exhibition) -> None:
            self._app.get(Enterprise, enterprise_id)
            exhibition.take_part(
                enterprise_id, products=products, outcome=outcome, sales=sales,
                envelope=envelope,
            )  # fmt: skip

        return self._app.record_command(
            "take_part", Exhibition, exhibition_id, act, envelope,
            {"enterprise_id": enterprise_id, "products": list(products), "outcome": outcome,
             "sales": sales},
            idempotent=idempotent, key="exhibition_id",
        )  # fmt: skip

    def exhibition(self, exhibition_id: UUID) -> Exhibition:
        return self._app.get(Exhibition, exhibition_id)
