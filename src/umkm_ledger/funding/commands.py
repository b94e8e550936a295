"""The application's funding commands: funders, allocations, grants, KUR referrals.

Run by :class:`~umkm_ledger.platform.application.LedgerApplication`. Every command that
moves money saves the grant and its allocation in one transaction, so the allocation's
version decides between concurrent approvals (see :mod:`umkm_ledger.funding.allocation`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.lifecycle import AllocationStatus
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.funding.rules import (
    AllocationExists,
    AllocationNotPosted,
    FunderAlreadyRegistered,
    SegregationOfDuties,
)
from umkm_ledger.funding.values import Delivery, FundingSource, GrantItem, Instrument
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue, NotFound
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.programs.program import Program

__all__ = ["FundingCommands"]

A = TypeVar("A", bound=Aggregate)


class FundingCommands:
    """The funding commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app
        app.on_correction(Grant, self._correct_grant)

    def _correct_grant(
        self,
        record: Grant,
        version: int,
        changes: Mapping[str, Any],
        envelope: Envelope,
        check: Callable[[LedgerAggregate], None] | None,
    ) -> list[Aggregate]:
        """Correct a grant; a step that moved money, moved to another date, moves its
        allocation's movement with it."""
        record.correct(version, changes, envelope=envelope)
        if check is not None:
            check(record)
        if EFFECTIVE_DATE in changes:
            return self._follow_grant(record, version, envelope)
        return []

    # -- funders and allocations -------------------------------------------------------

    def register_funder(
        self, name: str, source: FundingSource, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        """Register a funder; registering it again with the same source records nothing."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            existing = self._app.find(Funder, Funder.id_for(name))
            if existing is not None:
                if existing.source is not source:
                    raise FunderAlreadyRegistered(existing.name, existing.source.value)
                return existing.id, []
            funder = Funder.register(name, source, envelope=envelope)
            return funder.id, [funder]

        return self._app.run(
            "register_funder",
            envelope,
            idempotent=idempotent,
            arguments={"name": name, "source": source},
            work=work,
        )

    def funder(self, name_or_id: str | UUID) -> Funder:
        funder_id = name_or_id if isinstance(name_or_id, UUID) else Funder.id_for(name_or_id)
        found = self._app.find(Funder, funder_id)
        if found is None:
            raise NotFound("funder", name_or_id)
        return found

    def allocate(
        self,
        *,
        funder: str | UUID,
        program_id: UUID,
        fiscal_year: int,
        instrument: Instrument,
        amount: Rupiah,
        pledged: bool,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        """Post (or, ``pledged``, record the promise of) funds for a program's year."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            found = self.funder(funder)
            program = self._app.get(Program, program_id)
            period = program.period
            if not period.start.year <= fiscal_year <= period.end.year:
                raise InvalidValue(
                    "fiscal_year",
                    fiscal_year,
                    N_("is outside the program's period ({period})", period=period.label),
                )
            allocation_id = Allocation.id_for(found.id, program.id, fiscal_year, instrument)
            existing = self._app.find(Allocation, allocation_id)
            if existing is not None:
                raise AllocationExists(allocation_id, existing.status.value)
            allocation = Allocation.allocate(
                funder_id=found.id,
                funder=found.name,
                program_id=program.id,
                fiscal_year=fiscal_year,
                instrument=instrument,
                amount=amount,
                pledged=pledged,
                envelope=envelope,
            )
            return allocation.id, [allocation]

        return self._app.run(
            "pledge" if pledged else "allocate",
            envelope,
            idempotent=idempotent,
            arguments={
                "funder": str(funder),
                "program_id": program_id,
                "fiscal_year": fiscal_year,
                "instrument": instrument,
                "amount": amount,
            },
            work=work,
        )

    def allocation_command(
        self,
        command: str,
        allocation_id: UUID,
        act: Callable[[Allocation], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Post a pledge, amend an allocation, withdraw a pledge (again, reading afresh,
        when an approval changed the allocation first)."""
        return self._app.record_command(
            command, Allocation, allocation_id, act, envelope, arguments,
            idempotent=idempotent, retries=2,
        )  # fmt: skip

    def allocation(self, allocation_id: UUID) -> Allocation:
        return self._app.get(Allocation, allocation_id)

    # -- grants ------------------------------------------------------------------------

    def propose_grant(
        self,
        *,
        allocation_id: UUID,
        beneficiary_id: UUID,
        items: Sequence[GrantItem],
        cash: Rupiah | None,
        justification: str,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            allocation = self._app.get(Allocation, allocation_id)
            if allocation.status is AllocationStatus.WITHDRAWN:
                raise AllocationNotPosted(allocation.id, allocation.status.value)
            beneficiary = self._app.find(LedgerAggregate, beneficiary_id)
            members: tuple[UUID, ...]
            if isinstance(beneficiary, Enterprise):
                kind, members, region = "enterprise", (), beneficiary.address.desa
            elif isinstance(beneficiary, BusinessGroup):
                kind, members, region = "group", beneficiary.members, beneficiary.region
            else:
                raise NotFound("enterprise or group", beneficiary_id)
            grant = Grant.propose(
                program_id=allocation.program_id,
                allocation_id=allocation.id,
                funder=allocation.funder,
                fiscal_year=allocation.fiscal_year,
                instrument=allocation.instrument,
                beneficiary_id=beneficiary.id,
                beneficiary_kind=kind,
                members=members,
                region=region,
                items=items,
                cash=cash,
                justification=justification,
                envelope=envelope,
            )
            return grant.id, [grant]

        return self._app.run(
            "propose_grant",
            envelope,
            idempotent=idempotent,
            arguments={
                "allocation_id": allocation_id,
                "beneficiary_id": beneficiary_id,
                "items": list(items),
                "cash": cash,
                "justification": justification,
            },
            work=work,
        )

    def grant(self, grant_id: UUID) -> Grant:
        return self._app.get(Grant, grant_id)

    def grant_command(
        self,
        command: str,
        grant_id: UUID,
        act: Callable[[Grant], tuple[Rupiah, str] | None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Run ``act`` on the grant. When it returns (amount, why), that much of the
        grant's commitment goes back to its allocation in the same transaction."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            grant = self._app.get(Grant, grant_id)
            released = act(grant)
            if released is None or released[0].amount == 0:
                return grant.id, [grant]
            allocation = self._app.get(Allocation, grant.allocation_id)
            allocation.release(grant.id, released[0], released[1], envelope=envelope)
            return grant.id, [grant, allocation]

        return self._app.run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"grant_id": grant_id, **arguments},
            work=work,
            retries=2,
        )

    def _follow_grant(self, grant: Grant, version: int, envelope: Envelope) -> list[Aggregate]:
        """When a grant's step that moved money (its approval, or a release) was
        corrected to another date, its movement on the allocation moves with it, in the
        same transaction: the funding ledger as of any date stays with the grant."""
        steps = grant.money_steps()
        if version not in steps:
            return []
        allocation = self._app.get(Allocation, grant.allocation_id)
        day = grant.facts[version].effective_date
        allocation.follow_grant(grant.id, steps.index(version), day, envelope=envelope)
        return [allocation]

    def decide_grant(
        self,
        grant_id: UUID,
        approve: bool,
        envelope: Envelope,
        *,
        idempotent: bool = False,
        still_eligible: Callable[[Grant, date], Sequence[str]] | None = None,
    ) -> UUID:
        """Approve (committing funds on the allocation) or reject a grant. A decision by
        the grant's proposer is refused, and the attempt recorded as a Refusal. An
        approval first asks ``still_eligible`` for reasons the beneficiary no longer
        qualifies (each attempt anew, when concurrent writers make it run again)."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            grant = self._app.get(Grant, grant_id)
            if not approve:
                grant.reject(envelope=envelope)
                return grant.id, [grant]
            allocation = self._app.get(Allocation, grant.allocation_id)
            amount = grant.approve(
                envelope=envelope,
                still_eligible=still_eligible,
                # An approval the money is not there for is refused as that, not as
                # the proposer's attempt: it would not have been recorded anyway.
                funds=lambda value, day: allocation.check_commit(grant.id, value, day),
            )
            allocation.commit(grant.id, amount, envelope=envelope)
            return grant.id, [grant, allocation]

        command = "approve_grant" if approve else "reject_grant"
        try:
            return self._app.run(
                command,
                envelope,
                idempotent=idempotent,
                arguments={"grant_id": grant_id},
                work=work,
                # Concurrent approvals against one allocation: the loser reads the
                # allocation again and is approved if the money is still there. Each
                # round lets one writer in, so this many writers at once all get an
                # answer (approved, or refused by the allocation's rule).
                retries=16,
            )
        except SegregationOfDuties as refused:
            refusal = Refusal.record(
                rule=type(refused).__name__,
                record_id=grant_id,
                action=command,
                detail=str(refused),
                envelope=envelope,
                refusal_id=Refusal.id_for(envelope.command_id) if idempotent else None,
            )
            # The same command sent again is the same attempt: recorded once.
            with contextlib.suppress(IntegrityError):
                self._app.save(refusal)
            raise

    def return_goods(
        self,
        grant_id: UUID,
        deliveries: Sequence[Delivery],
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        return self.grant_command(
            "return_goods",
            grant_id,
            lambda g: (g.return_goods(deliveries, envelope=envelope), "goods returned"),
            envelope,
            {"deliveries": list(deliveries)},
            idempotent=idempotent,
        )

    # -- KUR -----------------------------------------------------------------------------

    def refer_kur(
        self,
        *,
        enterprise_id: UUID,
        program_id: UUID | None,
        bank: str,
        amount_requested: Rupiah,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            enterprise = self._app.get(Enterprise, enterprise_id)
            if program_id is not None:
                self._app.get(Program, program_id)
            referral = KurReferral.refer(
                enterprise_id=enterprise.id,
                program_id=program_id,
                bank=bank,
                amount_requested=amount_requested,
                envelope=envelope,
            )
            return referral.id, [referral]

        return self._app.run(
            "refer_kur",
            envelope,
            idempotent=idempotent,
            arguments={
                "enterprise_id": enterprise_id,
                "program_id": program_id,
                "bank": bank,
                "amount_requested": amount_requested,
            },
            work=work,
        )

    def kur_command(
        self,
        command: str,
        referral_id: UUID,
        act: Callable[[KurReferral], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Record the bank's decision on a referral."""
        return self._app.record_command(
            command, KurReferral, referral_id, act, envelope, arguments,
            idempotent=idempotent, key="referral_id",
        )  # fmt: skip

    def kur_referral(self, referral_id: UUID) -> KurReferral:
        return self._app.get(KurReferral, referral_id)
