"""The enterprises' and groups' business rules (see :mod:`umkm_ledger.kernel.rules`
for how a rule is written and the rules every record shares)."""

from __future__ import annotations

from datetime import date

__all__ = [
    "AlreadyGroupMember",
    "ChairpersonMustBeMember",
    "NibAlreadyRecorded",
    "NibAlreadyRegistered",
    "NotAGroupMember",
    "NotASuspectedDuplicate",
    "ReportBeforeFounding",
    "SalesYearAlreadyReported",
]
from umkm_ledger.kernel.errors import N_, BusinessRuleViolation


class NibAlreadyRegistered(BusinessRuleViolation):
    """An NIB identifies one enterprise: an NIB already recorded for one enterprise
    cannot be recorded for another."""

    def __init__(self, nib: str, holder: object) -> None:
        self.nib = nib
        self.holder = holder
        super().__init__(
            N_("NIB {nib} is already registered to enterprise {holder}", nib=nib, holder=holder)
        )


class NibAlreadyRecorded(BusinessRuleViolation):
    """An enterprise's NIB is recorded once; a wrong NIB is fixed by a correction that
    names the reason, not by recording another."""

    def __init__(self, enterprise: object, nib: str) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} already has NIB {nib}; use a correction to change it",
                enterprise=enterprise,
                nib=nib,
            )
        )


class ReportBeforeFounding(BusinessRuleViolation):
    """A sales or capital report cannot cover a period that ended before the enterprise
    was founded."""

    def __init__(self, period: str, founded: date) -> None:
        super().__init__(
            N_(
                "report for {period} predates the founding date {founded}",
                period=N_(period),
                founded=founded.isoformat(),
            )
        )


class NotASuspectedDuplicate(BusinessRuleViolation):
    """A duplicate is confirmed distinct or merged only for a pair of enterprises that the
    ledger flagged as suspected duplicates and that is still unresolved."""

    def __init__(self, enterprise: object, other: object) -> None:
        super().__init__(
            N_(
                "enterprises {enterprise} and {other} are not an unresolved suspected "
                "duplicate pair",
                enterprise=enterprise,
                other=other,
            )
        )


class AlreadyGroupMember(BusinessRuleViolation):
    """An enterprise is a member of a group once; it joins again only after it left."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is already a member of group {group}",
                enterprise=enterprise,
                group=group,
            )
        )


class NotAGroupMember(BusinessRuleViolation):
    """Only a current member can leave a group."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is not a member of group {group}",
                enterprise=enterprise,
                group=group,
            )
        )


class ChairpersonMustBeMember(BusinessRuleViolation):
    """A group's chairperson is the owner of one of its current member enterprises."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is not a member of group {group}, so cannot chair it",
                enterprise=enterprise,
                group=group,
            )
        )


class SalesYearAlreadyReported(BusinessRuleViolation):
    """A calendar year's sales are reported once per enterprise; a wrong figure is fixed by
    a correction of that report, so no indicator can count a year twice."""

    def __init__(self, year: int, version: int) -> None:
        self.year = year
        self.version = version
        super().__init__(
            N_(
                "sales for {year} were already reported (version {version}); correct that report",
                year=year,
                version=version,
            )
        )
