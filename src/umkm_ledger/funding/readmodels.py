"""What funding queries return: funders, allocations, grants, KUR referrals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.lifecycle import AllocationStatus, GrantStatus, KurStatus
from umkm_ledger.funding.values import (
    FundingSource,
    GrantItem,
    Instrument,
    UtilisationStatus,
)
from umkm_ledger.kernel.values import RegionCode, Rupiah

__all__ = ["AllocationView", "FunderView", "GrantView", "HandoverView", "KurReferralView"]


@attrs.frozen
class FunderView:
    id: UUID
    name: str
    source: FundingSource

    @classmethod
    def of(cls, funder: Funder) -> FunderView:
        return cls(id=funder.id, name=funder.name, source=funder.source)


@attrs.frozen
class AllocationView:
    """An allocation and where its money is: ``amount == committed + remaining``."""

    id: UUID
    funder: str
    program_id: UUID
    fiscal_year: int
    instrument: Instrument
    status: AllocationStatus
    amount: Rupiah
    committed: Rupiah
    remaining: Rupiah
    released: Rupiah

    @classmethod
    def of(cls, allocation: Allocation) -> AllocationView:
        return cls(
            id=allocation.id,
            funder=allocation.funder,
            program_id=allocation.program_id,
            fiscal_year=allocation.fiscal_year,
            instrument=allocation.instrument,
            status=allocation.status,
            amount=allocation.amount,
            committed=allocation.committed,
            remaining=allocation.remaining,
            released=allocation.released,
        )


@attrs.frozen
class HandoverView:
    bast_number: str
    handed_over_on: date
    value: Rupiah
    acknowledged: bool


@attrs.frozen
class GrantView:
    """A grant's current state (its history is :meth:`umkm_ledger.Ledger.history`)."""

    id: UUID
    status: GrantStatus
    program_id: UUID
    allocation_id: UUID
    funder: str
    fiscal_year: int
    instrument: Instrument
    beneficiary_id: UUID
    beneficiary_kind: str
    members: tuple[UUID, ...]
    region: RegionCode
    items: tuple[GrantItem, ...]
    cash: Rupiah | None
    value: Rupiah
    justification: str
    proposer: str
    eligibility_reasons: tuple[str, ...]
    delivered: Rupiah
    released: Rupiah
    committed: Rupiah
    handovers: tuple[HandoverView, ...]
    condition: UtilisationStatus | None
    #: (item description, pieces approved and not yet handed over), per item line.
    undelivered: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, grant: Grant) -> GrantView:
        values = {
            f.fields["bast_number"]: f.fields["value"]
            for f in grant.facts.values()
            if f.kind == "HandedOver"
        }
        return cls(
            id=grant.id,
            status=grant.status,
            program_id=grant.program_id,
            allocation_id=grant.allocation_id,
            funder=grant.funder,
            fiscal_year=grant.fiscal_year,
            instrument=grant.instrument,
            beneficiary_id=grant.beneficiary_id,
            beneficiary_kind=grant.beneficiary_kind,
            members=grant.members,
            region=grant.region,
            items=grant.items,
            cash=grant.cash,
            value=grant.value,
            justification=grant.justification,
            proposer=grant.proposer,
            eligibility_reasons=grant.reasons,
            delivered=grant.delivered_value,
            released=grant.released,
            committed=grant.committed,
            handovers=tuple(
                HandoverView(bast, day, values[bast], bast in grant.acknowledged)
                for bast, day in grant.handovers.items()
            ),
            condition=grant.condition,
            undelivered=tuple(
                (item.description, item.quantity - grant.delivered.get(item.key, 0))
                for item in grant.items
            ),
        )


@attrs.frozen
class KurReferralView:
    id: UUID
    enterprise_id: UUID
    program_id: UUID | None
    bank: str
    amount_requested: Rupiah
    status: KurStatus
    amount: Rupiah | None
    bank_reference: str

    @classmethod
    def of(cls, referral: KurReferral) -> KurReferralView:
        return cls(
            id=referral.id,
            enterprise_id=referral.enterprise_id,
            program_id=referral.program_id,
            bank=referral.bank,
            amount_requested=referral.amount_requested,
            status=referral.status,
            amount=referral.amount,
            bank_reference=referral.bank_reference,
        )
