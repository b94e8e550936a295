"""What queries return: frozen attrs read models, detached from the aggregates."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from umkm_ledger.enterprises.classification import Classification, SizeClass
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.kernel.values import KBLI, NIB, Address, Gender, RegionCode, Rupiah
from umkm_ledger.kernel.values.person import PERSONAL

__all__ = ["EnterpriseView", "GroupView", "OwnerView", "ReportView"]


@attrs.frozen
class OwnerView:
    """An owner as shown to users: the NIK only masked."""

    name: str = attrs.field(metadata=PERSONAL)
    nik_masked: str
    gender: Gender
    birth_year: int = attrs.field(metadata=PERSONAL)


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
