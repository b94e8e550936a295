"""The programs' and enrolments' commands in domain terms: get → command → save."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import (
    N_,
    NotFound,
)
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.programs.enrolment import Enrolment
from umkm_ledger.programs.indicator import Indicator, Target
from umkm_ledger.programs.program import Program
from umkm_ledger.programs.rules import EnrolmentDatesOutOfOrder, EnterpriseNotEnrollable

__all__ = ["ProgramCommands"]


class ProgramCommands:
    """The programs' and enrolments' commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app
        app.on_correction(Enrolment, self._correct_enrolment)

    def _correct_enrolment(
        self,
        record: Enrolment,
        version: int,
        changes: Mapping[str, Any],
        envelope: Envelope,
        check: Callable[[LedgerAggregate], None] | None,
    ) -> list[Aggregate]:
        """Correct an enrolment, once its rules that read other records allow it."""
        self._check_enrolment_correction(record, version, changes)
        record.correct(version, changes, envelope=envelope)
        if check is not None:
            check(record)
        return []

    def plan_program(
        self,
        *,
        name: str,
        agency: str,
        scope: Sequence[RegionCode],
        period: Period,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            program = Program.plan(
                name=name, agency=agency, scope=scope, period=period, envelope=envelope
            )
            return program.id, [program]

        arguments = {"name": name, "agency": agency, "scope": list(scope), "period": period}
        return self._app.run(
            "plan_program", envelope, idempotent=idempotent, arguments=arguments, work=work
        )

    def program_command(
        self,
        command: str,
        program_id: UUID,
        act: Callable[[Program], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Start or close a program, define an indicator, set a target, record a balance."""
        return self._app.record_command(
            command, Program, program_id, act, envelope, arguments, idempotent=idempotent
        )

    def define_indicator(
        self,
        program_id: UUID,
        indicator: Indicator,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        return self.program_command(
            "define_indicator",
            program_id,
            lambda p: p.define_indicator(indicator, envelope=envelope),
            envelope,
            {"indicator": indicator},
            idempotent=idempotent,
        )

    def set_target(
        self,
        program_id: UUID,
        indicator_key: str,
        target: Target,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        return self.program_command(
            "set_target",
            program_id,
            lambda p: p.set_target(indicator_key, target, envelope=envelope),
            envelope,
            {"indicator_key": indicator_key, "target": target},
            idempotent=idempotent,
        )

    def enrol(
        self,
        program_id: UUID,
        enterprise_id: UUID,
        funders: Sequence[str],
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Enrol an enterprise as binaan; enrolling it again records nothing new."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            program = self._app.get(Program, program_id)
            program.check_can_enrol(envelope.effective_date)
            enterprise = self._app.get(Enterprise, enterprise_id)
            if enterprise.status in (EnterpriseStatus.CLOSED, EnterpriseStatus.MERGED):
                raise EnterpriseNotEnrollable(enterprise.id, enterprise.status.value)
            program.check_in_scope(enterprise.address.desa)
            enrolment_id = Enrolment.id_for(program.id, enterprise.id)
            _check_founded_by(enterprise, enrolment_id, envelope.effective_date)
            existing = None if assume_new else self._app.find(Enrolment, enrolment_id)
            if existing is None:
                new = Enrolment.enrol(program.id, enterprise.id, funders=funders, envelope=envelope)
                return new.id, [new]
            existing.reenrol(funders=funders, envelope=envelope)
            return existing.id, [existing]

        return self._app.run(
            "enrol",
            envelope,
            idempotent=idempotent,
            arguments={
                "program_id": program_id,
                "enterprise_id": enterprise_id,
                "funders": list(funders),
            },
            work=work,
            optimistic=True,
        )

    def _check_enrolment_correction(
        self, enrolment: Enrolment, version: int, changes: Mapping[str, Any]
    ) -> None:
        """A corrected enrolment date still lies while the program ran and after the
        enterprise was founded."""
        fact = enrolment.facts.get(version)
        if fact is None or fact.kind != "Enrolled" or EFFECTIVE_DATE not in changes:
            return
        day = changes[EFFECTIVE_DATE]
        if not isinstance(day, date):
            return  # the domain refuses a value of the wrong type
        self._app.get(Program, enrolment.program_id).check_enrolment_date(day)
        _check_founded_by(self._app.get(Enterprise, enrolment.enterprise_id), enrolment.id, day)

    def enrolment_command(
        self,
        command: str,
        program_id: UUID,
        enterprise_id: UUID,
        act: Callable[[Enrolment], object],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Exit an enrolment, or add a funder's claim to it."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._app.get(Program, program_id)
            enrolment = self._app.find(Enrolment, Enrolment.id_for(program_id, enterprise_id))
            if enrolment is None:
                raise NotFound(
                    "enrolment",
                    N_(
                        "{enterprise} in program {program}",
                        enterprise=enterprise_id,
                        program=program_id,
                    ),
                )
            act(enrolment)
            return enrolment.id, [enrolment]

        return self._app.run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"program_id": program_id, "enterprise_id": enterprise_id, **arguments},
            work=work,
        )

    def program(self, program_id: UUID) -> Program:
        return self._app.get(Program, program_id)

    def enrolment(self, program_id: UUID, enterprise_id: UUID) -> Enrolment | None:
        return self._app.find(Enrolment, Enrolment.id_for(program_id, enterprise_id))


def _check_founded_by(enterprise: Enterprise, enrolment_id: UUID, day: date) -> None:
    """Refuse an enrolment dated before the enterprise was founded. (Not before its
    registration: offices register long-standing businesses today and enrol them with
    the date their guidance began.)"""
    if day < enterprise.founded_on:
        raise EnrolmentDatesOutOfOrder(
            enrolment_id,
            N_(
                "enrolled on {day}, before enterprise {enterprise} was founded ({founded})",
                day=day.isoformat(),
                enterprise=enterprise.id,
                founded=enterprise.founded_on.isoformat(),
            ),
        )
