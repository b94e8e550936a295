"""What queries return: frozen attrs read models, detached from the aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.enterprises.classification import Classification, SizeClass
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.kernel.values import KBLI, NIB, Address, Gender, RegionCode, Rupiah
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.enrolment import Enrollment
from umkm_ledger.programs.indicator import Indicator, Target
from umkm_ledger.programs.lifecycle import EnrolmentStatus, ProgramStatus
from umkm_ledger.programs.program import OpeningBalance, Program

__all__ = [
    "EnrolmentView",
    "EnterpriseView",
    "EventRecord",
    "GroupView",
    "OwnerView",
    "ProgramView",
    "ReportView",
]


@attrs.frozen
class OwnerView:
    """An owner as shown to users: the NIK only masked."""

    name: str
    nik_masked: str
    gender: Gender
    birth_year: int


@attrs.frozen
class ReportView:
    version: int
    basis: str  # "sales" or "capital"
    amount: Rupiah
    effective_date: date
    year: int | None


@attrs.frozen
class EnterpriseView:
    id: UUID
    name: str
    status: EnterpriseStatus
    nib: NIB | None
    owners: tuple[OwnerView, ...]
    address: Address
    sector: KBLI
    founded_on: date
    classification: Classification | None
    reports: tuple[ReportView, ...]
    suspected_duplicates: tuple[UUID, ...]
    merged_into: UUID | None
    absorbed: tuple[UUID, ...]
    groups: tuple[UUID, ...]
    version: int
    registered_at: datetime
    updated_at: datetime

    @property
    def size_class(self) -> SizeClass | None:
        return self.classification.size_class if self.classification else None

    @property
    def desa(self) -> RegionCode:
        return self.address.desa

    @classmethod
    def of(cls, enterprise: Enterprise) -> EnterpriseView:
        return cls(
            id=enterprise.id,
            name=enterprise.name,
            status=enterprise.status,
            nib=enterprise.nib,
            owners=tuple(
                OwnerView(o.name, o.nik.masked(), o.gender, o.birth_year) for o in enterprise.owners
            ),
            address=enterprise.address,
            sector=enterprise.sector,
            founded_on=enterprise.founded_on,
            classification=enterprise.classification,
            reports=tuple(
                ReportView(r.version, r.basis.value, r.amount, r.effective_date, r.year)
                for r in sorted(enterprise.reports.values(), key=lambda r: r.version)
            ),
            suspected_duplicates=tuple(sorted(enterprise.suspected_duplicates, key=str)),
            merged_into=enterprise.merged_into,
            absorbed=enterprise.absorbed,
            groups=enterprise.groups,
            version=enterprise.version,
            registered_at=enterprise.created_on,
            updated_at=enterprise.modified_on,
        )


@attrs.frozen
class GroupView:
    id: UUID
    name: str
    kind: GroupKind
    region: RegionCode
    founded_on: date
    status: GroupStatus
    members: tuple[UUID, ...]
    chairperson: UUID | None
    version: int

    @classmethod
    def of(cls, group: BusinessGroup) -> GroupView:
        return cls(
            id=group.id,
            name=group.name,
            kind=group.kind,
            region=group.region,
            founded_on=group.founded_on,
            status=group.status,
            members=group.members,
            chairperson=group.chairperson,
            version=group.version,
        )


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
    def of(cls, enrolment: Enrollment) -> EnrolmentView:
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


@attrs.frozen
class EventRecord:
    """One event of a history, with its audit envelope and what it corrects."""

    aggregate_id: UUID
    version: int
    kind: str
    summary: str
    effective_date: date
    recorded_at: datetime
    user_id: str
    role: str
    command_id: str
    source_system: str
    reason: str | None
    #: The fields the event asserts (values as recorded, NIKs included: handle with care).
    fields: Mapping[str, Any] = attrs.field(repr=False)
    #: For a correction: the version it corrects.
    corrects: int | None = None
    #: Versions of the later corrections of this event.
    corrected_by: tuple[int, ...] = ()
