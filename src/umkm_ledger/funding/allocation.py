"""The Allocation aggregate: what a funder puts into a program for a fiscal year, in
one instrument, and the grants committed against it.

The allocation is where money is conserved: every approval commits part of it and
every cancellation, revocation, return or repayment releases part of a commitment
back, all as its own events, so ``amount == committed + remaining`` at every version.
Two officers approving grants at the same moment both change this one record; the
event store lets only one of them save, so the allocation can never be over-committed.

Its id is derived from funder, program, fiscal year and instrument: there is one
allocation per combination, and more money for it is an amendment.

Its facts are also dated, and the funding ledger can be read as of any date. So the same
rules hold on every date, not only now: a commitment is not dated before the allocation
was posted, nor on a day when less remained, and amendments follow one another in time
(see :func:`_check_dates`, which commands and corrections share). A commitment or a
release is dated by the grant's step that made it, and moves only with that step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.funding.lifecycle import ALLOCATION_LIFECYCLE, AllocationAction, AllocationStatus
from umkm_ledger.funding.rules import (
    AllocationBelowCommitted,
    AllocationDatesOutOfOrder,
    AllocationNotPosted,
    GrantCannotExceedAllocation,
    ReturnExceedsDelivery,
)
from umkm_ledger.funding.values import Instrument, check_fiscal_year, positive_rupiah
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.rules import FactNotCorrectable, IllegalTransition
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.kernel.values.checks import instance
from umkm_ledger.kernel.values.text import name_text

__all__ = ["Allocation"]

_NAMESPACE = UUID("5b0e9d2c-71a4-4f6b-8c3e-0d9a8b7c6e5f")


class Allocation(LedgerAggregate):
    """Funds of one funder for one program, fiscal year and instrument."""

    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Allocated": {
            "funder": name_text,
            "fiscal_year": check_fiscal_year,
            "instrument": instance(Instrument, "an instrument (cash grant, in-kind goods...)"),
            "amount": positive_rupiah,
        },
        "Posted": {"amount": positive_rupiah},
        "Amended": {"amount": positive_rupiah},
    }

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
        cls.checked_fields(
            "Allocated",
            {"funder": funder, "fiscal_year": fiscal_year, "instrument": instrument,
             "amount": amount},
        )  # fmt: skip
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

    def check_commit(self, grant_id: UUID, amount: Rupiah, day: date) -> None:
        """Refuse to commit ``amount`` to a grant on ``day``, as :meth:`commit` would
        (:class:`AllocationNotPosted` unless the table allows it and the allocation was
        posted by then, :class:`GrantCannotExceedAllocation` when less remains), without
        recording anything."""
        try:
            self._allow(AllocationAction.COMMIT)
        except IllegalTransition:
            raise AllocationNotPosted(self.id, self.status.value) from None
        if amount > self.remaining:
            raise GrantCannotExceedAllocation(self.id, amount, self.remaining)
        if any(f.effective_date > day for f in self.facts.values()):
            trial = Fact("Committed", day, {"grant_id": grant_id, "amount": amount})
            _check_dates(self.id, {**self.facts, self.version + 1: trial}, self.version + 1)

    def commit(self, grant_id: UUID, amount: Rupiah, *, envelope: Envelope) -> None:
        """Commit ``amount`` to an approved grant (see :meth:`check_commit`)."""
        check_effective_date(envelope)
        self.check_commit(grant_id, amount, envelope.effective_date)
        # Checked on every date above already: not again by _record.
        self.trigger_event(self.Committed, envelope=envelope, grant_id=grant_id, amount=amount)

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(AllocationAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind in _MOVEMENTS:
            raise FactNotCorrectable(
                N_(
                    "{kind} (version {version}) of allocation {allocation} is dated by grant "
                    "{grant}'s own step: correct that step, and this follows it",
                    kind=fact.kind,
                    version=version,
                    allocation=self.id,
                    grant=fact.fields["grant_id"],
                )
            )
        _check_dates(self.id, {**self.facts, version: fact.with_changes(changes)}, version)

    def movements_of(self, grant_id: UUID) -> list[int]:
        """The versions of a grant's commitment and releases, in the order recorded."""
        return [
            version
            for version, fact in sorted(self.facts.items())
            if fact.kind in _MOVEMENTS and fact.fields["grant_id"] == grant_id
        ]

    def follow_grant(self, grant_id: UUID, index: int, day: date, *, envelope: Envelope) -> None:
        """Date the grant's ``index``-th money movement (0: its commitment, then each
        release) on ``day``, because the grant's step that made it was corrected to that
        day (the grant's correction and this one are saved together)."""
        self._allow(AllocationAction.CORRECT)
        require_reason(envelope, "a correction")
        versions = self.movements_of(grant_id)
        if not 0 <= index < len(versions):
            raise FactNotCorrectable(
                N_(
                    "allocation {allocation} holds {count} money movements of grant {grant}, "
                    "not a movement number {number}",
                    allocation=self.id,
                    count=len(versions),
                    grant=grant_id,
                    number=index + 1,
                )
            )
        version = versions[index]
        fact = self.facts[version]
        if fact.effective_date == day:
            return
        changes: dict[str, Any] = {EFFECTIVE_DATE: day}
        _check_dates(self.id, {**self.facts, version: fact.with_changes(changes)}, version)
        self._record(
            self.Corrected,
            envelope,
            corrects_version=version,
            corrects_kind=fact.kind,
            changes=changes,
        )

    def _record(
        self, event_class: type[LedgerAggregate.Event], envelope: Envelope, **fields: Any
    ) -> None:
        # A fact dated on or after all the others leaves every earlier date as it was, and
        # the commands' own checks (on what the allocation holds now) suffice. One dated
        # earlier changes the past: the dated rules are checked on every date.
        if event_class is not self.Corrected and any(
            f.effective_date > envelope.effective_date for f in self.facts.values()
        ):
            trial = Fact(event_class.__name__, envelope.effective_date, fields)
            _check_dates(self.id, {**self.facts, self.version + 1: trial}, self.version + 1)
        super()._record(event_class, envelope, **fields)

    def release(self, grant_id: UUID, amount: Rupiah, why: str, *, envelope: Envelope) -> None:
        """Give back ``amount`` of a grant's commitment (at most what it holds)."""
        self._allow(AllocationAction.RELEASE)
        holds = self.commitments.get(grant_id, Rupiah(0))
        if amount.amount <= 0 or amount > holds:
            raise ReturnExceedsDelivery(
                grant_id,
                N_(
                    "cannot release {amount} to allocation {allocation}: it holds {holds}",
                    amount=amount,
                    allocation=self.id,
                    holds=holds,
                ),
            )
        self._record(self.Released, envelope, grant_id=grant_id, amount=amount, why=why)


_MOVEMENTS = ("Committed", "Released")
#: The steps that set the allocation's amount, each on or after the one before it.
_AMOUNT_STEPS = ("Allocated", "Posted", "Amended")


def _check_dates(allocation_id: UUID, facts: Mapping[int, Fact], changed: int) -> None:
    """Refuse facts whose dates would make the allocation, read as of some date, break a
    rule that holds for it now.

    - Posting, amending and withdrawing follow the step that set the amount before them
      (:class:`AllocationDatesOutOfOrder`), so the amount read as of any date is the one
      the allocation held on it.
    - Walking the facts in date order: no commitment while the allocation was not posted
      (:class:`AllocationNotPosted`), never more committed than its amount
      (:class:`GrantCannotExceedAllocation`, or :class:`AllocationBelowCommitted` for an
      amendment), and no release before its grant's commitment.

    ``changed`` is the version of the new or corrected fact: an amendment that leaves a
    later commitment without room is refused as the amendment it is.
    """
    ordered = sorted(facts.items())
    last: Fact | None = None
    for _, fact in ordered:
        follows = fact.kind in ("Posted", "Amended", "Withdrawn") and last is not None
        if follows and last is not None and fact.effective_date < last.effective_date:
            raise AllocationDatesOutOfOrder(
                allocation_id,
                N_(
                    "{kind} dated {day} would be before the {step} amount of {last_day}",
                    kind=fact.kind,
                    day=fact.effective_date.isoformat(),
                    step=N_(last.kind.lower()),
                    last_day=last.effective_date.isoformat(),
                ),
            )
        if fact.kind in _AMOUNT_STEPS:
            last = fact
    amount, committed, standing = 0, 0, "not yet allocated"
    committed_on: dict[UUID, date] = {}
    for _, fact in sorted(ordered, key=lambda item: (item[1].effective_date, item[0])):
        day, fields = fact.effective_date, fact.fields
        if fact.kind in _AMOUNT_STEPS:
            amount = fields["amount"].amount
            if fact.kind == "Allocated":
                standing = "pledged" if fields["pledged"] else "posted"
            elif fact.kind == "Posted":
                standing = "posted"
            if committed > amount:
                raise AllocationBelowCommitted(
                    allocation_id,
                    Rupiah(amount),
                    N_("{amount} (on {day})", amount=Rupiah(committed), day=day.isoformat()),
                )
        elif fact.kind == "Withdrawn":
            standing = "withdrawn"
        elif fact.kind == "Committed":
            if standing != "posted":
                raise AllocationNotPosted(allocation_id, standing, on=day)
            asked = fields["amount"].amount
            if committed + asked > amount and facts[changed].kind in _AMOUNT_STEPS:
                raise AllocationBelowCommitted(
                    allocation_id,
                    facts[changed].fields["amount"],
                    N_(
                        "{amount} (on {day})",
                        amount=Rupiah(committed + asked),
                        day=day.isoformat(),
                    ),
                )
            if committed + asked > amount:
                raise GrantCannotExceedAllocation(
                    allocation_id, Rupiah(asked), Rupiah(amount - committed), on=day
                )
            committed += asked
            committed_on.setdefault(fields["grant_id"], day)
        elif fact.kind == "Released":
            grant_id = fields["grant_id"]
            if grant_id not in committed_on:
                raise AllocationDatesOutOfOrder(
                    allocation_id,
                    N_(
                        "grant {grant}'s funds would come back on {day}, before they were "
                        "committed",
                        grant=grant_id,
                        day=day.isoformat(),
                    ),
                )
            committed -= fields["amount"].amount


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Allocation,
    "funding.Allocation",
    formerly="umkm_ledger.domain.allocation:Allocation",
    events=("Allocated", "Posted", "Amended", "Withdrawn", "Committed", "Released", "Corrected"),
)
register_record_kind(Allocation, "allocation")
