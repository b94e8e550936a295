"""What program queries return: frozen attrs read models of programs and enrolments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.enrolment import Enrolment
from umkm_ledger.programs.indicator import Indicator, Target
from umkm_ledger.programs.lifecycle import EnrolmentStatus, ProgramStatus
from umkm_ledger.programs.program import OpeningBalance, Program


@attrs.frozen
class ProgramView:
    id: UUID
    name: str
    agency: str
    scope: tuple[RegionCode, ...]
    period: Period
    status: ProgramStatus
    started_on: date | None
    closed_on: date | None
    indicators: tuple[Indicator, ...]
    targets: Mapping[str, tuple[Target, ...]]
    opening_balances: tuple[OpeningBalance, ...]
    version: int

    @classmethod
    def of(cls, program: Program) -> ProgramView:
        return cls(
            id=program.id,
            name=program.name,
            agency=program.agency,
            scope=program.scope,
            period=program.period,
            status=program.status,
            started_on=program.started_on,
            closed_on=program.closed_on,
            indicators=tuple(program.indicators.values()),
            targets=dict(program.targets),
            opening_balances=program.opening_balances,
            version=program.version,
        )


@attrs.frozen
class EnrolmentView:
    """An enterprise as binaan of a program."""

    id: UUID
    program_id: UUID
    enterprise_id: UUID
    status: EnrolmentStatus
    enrolled_on: date
    funders: tuple[str, ...]
    version: int

    @classmethod
    def of(cls, enrolment: Enrolment) -> EnrolmentView:
        assert enrolment.enrolled_on is not None
        return cls(
            id=enrolment.id,
            program_id=enrolment.program_id,
            enterprise_id=enrolment.enterprise_id,
            status=enrolment.status,
            enrolled_on=enrolment.enrolled_on,
            funders=enrolment.funders,
            version=enrolment.version,
        )
