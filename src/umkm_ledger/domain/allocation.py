"""The Allocation aggregate: what a funder puts into a program for a fiscal year, in
one instrument, and the grants committed against it.

The allocation is where money is conserved: every approval commits part of it and
every cancellation, revocation, return or repayment releases part of a commitment
back, all as its own events, so ``amount == committed + remaining`` at every version.
Two officers approving grants at the same moment both change this one record; the
event store lets only one of them save, so the allocation can never be over-committed.

Its id is derived from funder, program, fiscal year and instrument: there is one
allocation per combination, and more money for it is an amendment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.domain.base import LedgerAggregate, check_effective_date, require_reason
from umkm_ledger.domain.envelope import Envelope
from umkm_ledger.domain.lifecycle import (
    ALLOCATION_LIFECYCLE,
    AllocationAction,
    AllocationStatus,
    next_status,
)
from umkm_ledger.domain.rules import (
    AllocationBelowCommitted,
    AllocationNotPosted,
    GrantCannotExceedAllocation,
    IllegalTransition,
    ReturnExceedsDelivery,
)
from umkm_ledger.domain.values import Rupiah
from umkm_ledger.domain.values.funding import Instrument, check_fiscal_year, positive_rupiah
from umkm_ledger.errors import InvalidValue

__all__ = ["Allocation"]

_NAMESPACE = UUID("5b0e9d2c-71a4-4f6b-8c3e-0d9a8b7c6e5f")


class Allocation(LedgerAggregate):
    """Funds of one funder for one program, fiscal year and instrument."""

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Allocated(Event, Aggregate.Created):
        """Funds were allocated: posted in a budget, or (``pledged``) only promised."""

        funder_id: UUID
        funder: str
        program_id: UUID
        fiscal_year: int
        instrument: Instrument
        amount: Rupiah
        pledged: bool

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            aggregate.funder_id = self.funder_id
            aggregate.funder = self.funder
            aggregate.program_id = self.program_id
            aggregate.fiscal_year = self.fiscal_year
            aggregate.instrument = self.instrument
            aggregate.amount = self.amount
            aggregate.status = AllocationStatus.PLEDGED if self.pledged else AllocationStatus.POSTED

    @dataclass(frozen=True)
    class Posted(Event):
        """A pledge was posted in the budget, for ``amount`` (which may differ from the
        promise)."""

        amount: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            aggregate.amount = self.amount
            aggregate.status = AllocationStatus.POSTED

    @dataclass(frozen=True)
    class Amended(Event):
        """The allocated amount changed (a budget revision; the reason is in the envelope)."""

        amount: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            aggregate.amount = self.amount

    @dataclass(frozen=True)
    class Withdrawn(Event):
        """A pledge was withdrawn without being posted (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            aggregate.status = AllocationStatus.WITHDRAWN

    @dataclass(frozen=True)
    class Committed(Event):
        """An approved grant committed ``amount`` of the allocation."""

        grant_id: UUID
        amount: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            outstanding = aggregate.commitments.get(self.grant_id, Rupiah(0))
            aggregate.commitments[self.grant_id] = outstanding + self.amount

    @dataclass(frozen=True)
    class Released(Event):
        """Part of a grant's commitment came back to the allocation: the grant was
        cancelled or revoked, goods were returned, or a loan was repaid (``why``)."""

        grant_id: UUID
        amount: Rupiah
        why: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Allocation)
            aggregate.commitments[self.grant_id] -= self.amount
            aggregate.released = aggregate.released + self.amount

    def __init__(self) -> None:
        self._init_facts()
        self.funder_id: UUID
        self.funder = ""
        self.program_id: UUID
        self.fiscal_year = 0
        self.instrument: Instrument
        self.amount = Rupiah(0)
        self.status = AllocationStatus.POSTED
        #: grant id -> the part of the allocation it holds now.
        self.commitments: dict[UUID, Rupiah] = {}
        self.released = Rupiah(0)

    @staticmethod
    def id_for(funder_id: UUID, program_id: UUID, fiscal_year: int, instrument: Instrument) -> UUID:
        return uuid5(_NAMESPACE, f"{funder_id}/{program_id}/{fiscal_year}/{instrument.value}")

    @classmethod
    def allocate(
        cls,
        *,
        funder_id: UUID,
        funder: str,
        program_id: UUID,
        fiscal_year: int,
        instrument: Instrument,
        amount: Rupiah,
        pledged: bool,
        envelope: Envelope,
    ) -> Allocation:
        if not isinstance(instrument, Instrument):
            raise InvalidValue("instrument", instrument, "must be an Instrument")
        check_fiscal_year(fiscal_year)
        positive_rupiah(amount, "amount")
        check_effective_date(envelope)
        return cls._create(
            cls.Allocated,
            id=cls.id_for(funder_id, program_id, fiscal_year, instrument),
            envelope=envelope,
            funder_id=funder_id,
            funder=funder,
            program_id=program_id,
            fiscal_year=fiscal_year,
            instrument=instrument,
            amount=amount,
            pledged=pledged,
        )

    # -- what it holds ---------------------------------------------------------------

    @property
    def committed(self) -> Rupiah:
        """What approved grants hold now (their commitments less what they released)."""
        return sum(self.commitments.values(), Rupiah(0))

    @property
    def remaining(self) -> Rupiah:
        """What further grants can still commit."""
        return self.amount - self.committed

    # -- commands ----------------------------------------------------------------------

    def _allow(self, action: AllocationAction) -> None:
        next_status(ALLOCATION_LIFECYCLE, "allocation", self.status, action)

    def post(self, amount: Rupiah | None, *, envelope: Envelope) -> None:
        """Post a pledge in the budget (for ``amount``, or the pledged amount)."""
        self._allow(AllocationAction.POST)
        self._record(self.Posted, envelope, amount=positive_rupiah(amount or self.amount, "amount"))

    def amend(self, amount: Rupiah, *, envelope: Envelope) -> None:
        require_reason(envelope, "an amendment of an allocation")
        self._allow(AllocationAction.AMEND)
        positive_rupiah(amount, "amount")
        if amount == self.amount:
            raise InvalidValue("amount", amount, "is already the allocation's amount")
        if amount < self.committed:
            raise AllocationBelowCommitted(self.id, amount, self.committed)
        self._record(self.Amended, envelope, amount=amount)

    def withdraw(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "a withdrawal of a pledge")
        self._allow(AllocationAction.WITHDRAW)
        self._record(self.Withdrawn, envelope)

    def commit(self, grant_id: UUID, amount: Rupiah, *, envelope: Envelope) -> None:
        """Commit ``amount`` to an approved grant (:class:`AllocationNotPosted` unless the
        table allows it, :class:`GrantCannotExceedAllocation` when less remains)."""
        try:
            self._allow(AllocationAction.COMMIT)
        except IllegalTransition:
            raise AllocationNotPosted(self.id, self.status.value) from None
        if amount > self.remaining:
            raise GrantCannotExceedAllocation(self.id, amount, self.remaining)
        self._record(self.Committed, envelope, grant_id=grant_id, amount=amount)

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(AllocationAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def release(self, grant_id: UUID, amount: Rupiah, why: str, *, envelope: Envelope) -> None:
        """Give back ``amount`` of a grant's commitment (at most what it holds)."""
        self._allow(AllocationAction.RELEASE)
        holds = self.commitments.get(grant_id, Rupiah(0))
        if amount.amount <= 0 or amount > holds:
            raise ReturnExceedsDelivery(
                grant_id, f"cannot release {amount} to allocation {self.id}: it holds {holds}"
            )
        self._record(self.Released, envelope, grant_id=grant_id, amount=amount, why=why)
