"""The programs' and enrolments' business rules (see :mod:`umkm_ledger.kernel.rules`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation

__all__ = [
    "EnrolmentDatesOutOfOrder",
    "EnrolmentOutsideProgramTime",
    "EnterpriseNotEnrollable",
    "IndicatorAlreadyDefined",
    "IndicatorNotDefined",
    "OutsideProgramScope",
    "ProgramDatesOutOfOrder",
    "TargetOutsideProgramPeriod",
    "TargetsOverlap",
    "UnknownIndicatorKind",
]


class OutsideProgramScope(BusinessRuleViolation):
    """A program serves only enterprises (and sets quotas only for areas) inside its
    region scope: one of its region codes or a region within one of them."""

    def __init__(self, program: object, region: object, scope: Sequence[object]) -> None:
        self.program = program
        self.region = region
        super().__init__(
            N_(
                "{region} is outside the region scope of program {program} ({scope})",
                region=region,
                program=program,
                scope=", ".join(str(s) for s in scope),
            )
        )


class EnterpriseNotEnrollable(BusinessRuleViolation):
    """Only a trading enterprise is enrolled as binaan: not a closed one, and not a record
    merged into another (enrol the surviving record)."""

    def __init__(self, enterprise: object, status: str) -> None:
        self.enterprise = enterprise
        self.status = status
        super().__init__(
            N_(
                "enterprise {enterprise} is {status} and cannot be enrolled",
                enterprise=enterprise,
                status=N_(status),
            )
        )


class EnrolmentOutsideProgramTime(BusinessRuleViolation):
    """An enterprise is enrolled only while its program runs: on or after the day it
    started and, once closed, no later than the day it closed."""

    def __init__(self, program: object, day: date, detail: str) -> None:
        self.program = program
        self.day = day
        super().__init__(
            N_(
                "program {program} was not running on {day}: {detail}",
                program=program,
                day=day.isoformat(),
                detail=N_(detail),
            )
        )


class IndicatorAlreadyDefined(BusinessRuleViolation):
    """An indicator's key names one indicator per program; a wrong definition is fixed by
    a correction, not by defining it again."""

    def __init__(self, program: object, key: str) -> None:
        super().__init__(
            N_("program {program} already has an indicator {key!r}", program=program, key=key)
        )


class IndicatorNotDefined(BusinessRuleViolation):
    """Targets and opening balances belong to an indicator the program has defined."""

    def __init__(self, program: object, key: str, defined: Sequence[str]) -> None:
        self.key = key
        super().__init__(
            N_(
                "program {program} has no indicator {key!r}; it has: {defined}",
                program=program,
                key=key,
                defined=", ".join(defined) or N_("none"),
            )
        )


class UnknownIndicatorKind(BusinessRuleViolation):
    """An indicator counts something the ledger knows how to count: its kind is one of
    the registered indicator kinds."""

    def __init__(self, kind: str, known: Sequence[str]) -> None:
        self.kind = kind
        super().__init__(
            N_(
                "no indicator kind {kind!r}; known kinds: {known}",
                kind=kind,
                known=", ".join(known),
            )
        )


class TargetOutsideProgramPeriod(BusinessRuleViolation):
    """A target's periods fall within the program's period (a 2014-2018 program sets no
    target for 2019)."""

    def __init__(self, program: object, period: str, program_period: str) -> None:
        super().__init__(
            N_(
                "target period {period} is outside program {program}'s period {program_period}",
                period=period,
                program=program,
                program_period=program_period,
            )
        )


class TargetsOverlap(BusinessRuleViolation):
    """An indicator has one target for any period and area: a target whose periods
    overlap an existing target's, for the same area, an area within it or containing
    it, or the whole program, is refused (its numbers would add up twice). A wrong
    target is changed by correcting it."""

    def __init__(self, program: object, indicator: str, period: str, area: object) -> None:
        self.indicator = indicator
        super().__init__(
            N_(
                "program {program} already has a target for indicator {indicator!r} "
                "overlapping {period} in {where}",
                program=program,
                indicator=indicator,
                period=period,
                where=N_("the whole program") if area is None else str(area),
            )
        )


class ProgramDatesOutOfOrder(BusinessRuleViolation):
    """A program closes on or after the day it started, and its enrolments lie between
    the two: a correction of either date cannot leave an enrolment outside them."""

    def __init__(self, program: object, detail: str) -> None:
        self.program = program
        super().__init__(N_("program {program}: {detail}", program=program, detail=N_(detail)))


class EnrolmentDatesOutOfOrder(BusinessRuleViolation):
    """An enrolment's facts follow one another in time: an enterprise is enrolled on
    or after the day it was founded, and an exit, a re-enrolment or a funder's claim
    is dated on or after the enrolment step it follows."""

    def __init__(self, enrolment: object, detail: str) -> None:
        self.enrolment = enrolment
        super().__init__(
            N_("enrolment {enrolment}: {detail}", enrolment=enrolment, detail=N_(detail))
        )
