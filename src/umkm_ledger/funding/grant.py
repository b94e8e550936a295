"""The Grant aggregate: one piece of aid, in cash or in kind, from proposal to outcome.

Its lifecycle is the table :data:`umkm_ledger.funding.lifecycle.GRANT_LIFECYCLE`. Money
moves on the allocation, not here: the methods that commit or give back funds return
the amount, and the application records it on the allocation in the same transaction
(see :mod:`umkm_ledger.funding.allocation`). Each event carries what it is worth
(``value``, ``released``) so that views and auditors read amounts, not recompute them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.funding.lifecycle import GRANT_LIFECYCLE, GrantAction, GrantStatus
from umkm_ledger.funding.rules import (
    DeliveryExceedsApproval,
    GrantDatesOutOfOrder,
    GrantDoesNotFitAllocation,
    GrantNotEligible,
    ReturnExceedsDelivery,
    SegregationOfDuties,
    UnknownHandover,
)
from umkm_ledger.funding.values import (
    Delivery,
    GrantItem,
    Instrument,
    UtilisationStatus,
    check_fiscal_year,
    checked_deliveries,
    checked_items,
    positive_rupiah,
)
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue, Message
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values import RegionCode, Rupiah
from umkm_ledger.kernel.values.checks import instance, non_negative_rupiah, optional
from umkm_ledger.kernel.values.person import PERSONAL
from umkm_ledger.kernel.values.text import free_text, free_texts, name_text, name_texts, note_text

__all__ = ["BENEFICIARY_KINDS", "Grant"]

#: What a grant can go to.
BENEFICIARY_KINDS = ("enterprise", "group")


class Grant(LedgerAggregate):
    """Aid to an enterprise or a group, drawn on one allocation."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Proposed": frozenset({"justification"}),
        "HandedOver": frozenset({"place", "witnesses"}),
        "Monitored": frozenset({"condition", "seen_by", "note"}),
        "OutcomeReported": frozenset({"sales_before", "sales_after", "note"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Proposed": {
            "funder": name_text,
            "fiscal_year": check_fiscal_year,
            "instrument": instance(Instrument, "an instrument (cash grant, in-kind goods...)"),
            "items": checked_items,
            "cash": optional(positive_rupiah),
            "justification": free_text,
        },
        "EligibilityChecked": {"reasons": free_texts},
        "HandedOver": {
            "bast_number": name_text,
            "place": name_text,
            "deliveries": checked_deliveries,
            "cash": optional(positive_rupiah),
            "witnesses": name_texts,
        },
        "Acknowledged": {"bast_number": name_text, "recipient": name_text},
        "Monitored": {
            "condition": instance(UtilisationStatus, "in use, idle, sold, broken or lost"),
            "seen_by": name_text,
            "note": note_text,
        },
        "OutcomeReported": {
            "sales_before": optional(non_negative_rupiah),
            "sales_after": optional(non_negative_rupiah),
            "note": note_text,
        },
        "GoodsReturned": {"deliveries": checked_deliveries},
        "Repaid": {"released": positive_rupiah},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Proposed(Event, Aggregate.Created):
        """Aid was proposed for a beneficiary: ``items`` (goods, or goods lent) or a
        ``cash`` amount, drawn on an allocation. A group's ``members`` are those it had
        when proposed (reports count them as the enterprises aided)."""

        program_id: UUID
        allocation_id: UUID
        funder: str
        fiscal_year: int
        instrument: Instrument
        beneficiary_id: UUID
        beneficiary_kind: str
        members: tuple[UUID, ...]
        #: Where the aid goes: the enterprise's desa, or the group's region.
        region: RegionCode
        items: tuple[GrantItem, ...]
        cash: Rupiah | None
        value: Rupiah
        justification: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            for name in (
                "program_id",
                "allocation_id",
                "funder",
                "fiscal_year",
                "instrument",
                "beneficiary_id",
                "beneficiary_kind",
                "members",
                "region",
                "items",
                "cash",
                "value",
                "justification",
            ):
                setattr(aggregate, name, getattr(self, name))
            aggregate.proposer = self.envelope.actor.user_id

    @dataclass(frozen=True)
    class EligibilityChecked(Event):
        """The beneficiary was checked against the program's rules; ``reasons`` say why
        it failed (empty when it passed)."""

        passed: bool
        reasons: tuple[str, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.reasons = self.reasons
            passed = GrantAction.PASS_ELIGIBILITY
            aggregate.step(passed if self.passed else GrantAction.FAIL_ELIGIBILITY)

    @dataclass(frozen=True)
    class Approved(Event):
        """The grant was approved, committing ``value`` of its allocation."""

        value: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.step(GrantAction.APPROVE)

    @dataclass(frozen=True)
    class Rejected(Event):
        """The grant was rejected (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.step(GrantAction.REJECT)

    @dataclass(frozen=True)
    class HandedOver(Event):
        """Aid was handed over, as recorded in a BAST (*berita acara serah terima*):
        where, what and how many (or how much cash), before which witnesses."""

        bast_number: str
        place: str
        deliveries: tuple[Delivery, ...]
        cash: Rupiah | None
        witnesses: tuple[str, ...]
        value: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            for delivery in self.deliveries:
                key = delivery.key
                aggregate.delivered[key] = aggregate.delivered.get(key, 0) + delivery.quantity
            aggregate.delivered_value = aggregate.delivered_value + self.value
            aggregate.handovers[self.bast_number] = self.envelope.effective_date
            for delivery in self.deliveries:
                for serial in delivery.serial_numbers:
                    aggregate.serials[serial] = self.bast_number
            complete = aggregate.all_delivered()
            aggregate.step(GrantAction.HAND_OVER_REST if complete else GrantAction.HAND_OVER_PART)

    @dataclass(frozen=True)
    class Acknowledged(Event):
        """The recipient acknowledged receiving what a handover delivered."""

        bast_number: str
        #: Who signed for it: a person's name (left out of the pseudonymous feed).
        recipient: str = field(metadata=PERSONAL)

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.acknowledged = (*aggregate.acknowledged, self.bast_number)

    @dataclass(frozen=True)
    class Monitored(Event):
        """A monitoring visit found the aid ``condition`` (in use, idle, sold, ...)."""

        condition: UtilisationStatus
        seen_by: str
        note: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.condition = self.condition

    @dataclass(frozen=True)
    class OutcomeReported(Event):
        """What the aid achieved: sales before and after, in the recipient's words or
        the officer's."""

        sales_before: Rupiah | None
        sales_after: Rupiah | None
        note: str

    @dataclass(frozen=True)
    class GoodsReturned(Event):
        """Goods came back (the reason is in the envelope); ``released`` went back to
        the allocation."""

        deliveries: tuple[Delivery, ...]
        released: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            for delivery in self.deliveries:
                key = delivery.key
                aggregate.returned[key] = aggregate.returned.get(key, 0) + delivery.quantity
                for serial in delivery.serial_numbers:
                    aggregate.serials.pop(serial, None)
            aggregate.released = aggregate.released + self.released
            everything = aggregate.status is GrantStatus.DELIVERED and all(
                aggregate.returned.get(i.key, 0) == i.quantity for i in aggregate.items
            )
            aggregate.step(GrantAction.RETURN_ALL if everything else GrantAction.RETURN_PART)

    @dataclass(frozen=True)
    class Repaid(Event):
        """Part of a loan in kind was repaid (the cloth sold); ``released`` went back to
        the allocation (a revolving fund lends it again)."""

        released: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.released = aggregate.released + self.released
            aggregate.repaid = aggregate.repaid + self.released
            # Repaid in full once everything was delivered and nothing is owed.
            settled = aggregate.status is GrantStatus.DELIVERED and (
                aggregate.released_after_delivery() == aggregate.delivered_value
            )
            aggregate.step(GrantAction.REPAY_REST if settled else GrantAction.REPAY_PART)

    @dataclass(frozen=True)
    class Cancelled(Event):
        """The grant was cancelled before anything was handed over (the reason is in
        the envelope); an approved grant's commitment (``released``) went back."""

        released: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.released = aggregate.released + self.released
            aggregate.step(GrantAction.CANCEL)

    @dataclass(frozen=True)
    class Revoked(Event):
        """An approved grant was revoked (the reason is in the envelope); what was not
        yet handed over (``released``) went back to the allocation."""

        released: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Grant)
            aggregate.released = aggregate.released + self.released
            aggregate.step(GrantAction.REVOKE)

    def __init__(self) -> None:
        self._init_facts()
        self.program_id: UUID
        self.allocation_id: UUID
        self.funder = ""
        self.fiscal_year = 0
        self.instrument: Instrument
        self.beneficiary_id: UUID
        self.beneficiary_kind = "enterprise"
        self.members: tuple[UUID, ...] = ()
        self.region: RegionCode
        self.items: tuple[GrantItem, ...] = ()
        self.cash: Rupiah | None = None
        self.value = Rupiah(0)
        self.justification = ""
        self.proposer = ""
        self.status = GrantStatus.PROPOSED
        self.reasons: tuple[str, ...] = ()
        #: item key -> pieces handed over (cash grants: the delivered value says it).
        self.delivered: dict[str, int] = {}
        self.returned: dict[str, int] = {}
        self.delivered_value = Rupiah(0)
        self.released = Rupiah(0)
        self.repaid = Rupiah(0)
        #: BAST number -> its handover's date.
        self.handovers: dict[str, date] = {}
        self.acknowledged: tuple[str, ...] = ()
        #: Serial number -> the BAST that handed the piece over (until it comes back).
        self.serials: dict[str, str] = {}
        self.condition: UtilisationStatus | None = None

    # -- proposal ------------------------------------------------------------------------

    @classmethod
    def propose(
        cls,
        *,
        program_id: UUID,
        allocation_id: UUID,
        funder: str,
        fiscal_year: int,
        instrument: Instrument,
        beneficiary_id: UUID,
        beneficiary_kind: str,
        members: Sequence[UUID] = (),
        region: RegionCode,
        items: Sequence[GrantItem] = (),
        cash: Rupiah | None = None,
        justification: str,
        envelope: Envelope,
    ) -> Grant:
        if beneficiary_kind not in BENEFICIARY_KINDS:
            raise InvalidValue("beneficiary_kind", beneficiary_kind, "must be enterprise or group")
        check_effective_date(envelope)
        checked = cls.checked_fields(
            "Proposed",
            {"funder": funder, "fiscal_year": fiscal_year, "instrument": instrument,
             "items": items, "cash": cash, "justification": justification},
        )  # fmt: skip
        items, cash = checked["items"], checked["cash"]
        if instrument.in_items:
            if cash is not None or not items:
                raise GrantDoesNotFitAllocation(
                    N_(
                        "aid of the instrument {instrument!r} is given as items, not cash",
                        instrument=instrument.value,
                    )
                )
            value = sum((item.value for item in items), Rupiah(0))
        else:
            if items or cash is None:
                raise GrantDoesNotFitAllocation(
                    N_(
                        "aid of the instrument {instrument!r} is given as a cash amount, not items",
                        instrument=instrument.value,
                    )
                )
            value = cash
        if value.amount <= 0:
            raise InvalidValue("value", value, "a grant must be worth more than Rp0")
        return cls._create(
            cls.Proposed,
            id=new_id(),
            envelope=envelope,
            program_id=program_id,
            allocation_id=allocation_id,
            funder=funder,
            fiscal_year=fiscal_year,
            instrument=instrument,
            beneficiary_id=beneficiary_id,
            beneficiary_kind=beneficiary_kind,
            members=tuple(members),
            region=region,
            items=items,
            cash=cash,
            value=value,
            justification=checked["justification"],
        )

    # -- status ----------------------------------------------------------------------

    def _allow(self, action: GrantAction) -> GrantStatus:
        return next_status(GRANT_LIFECYCLE, "grant", self.status, action)

    def step(self, action: GrantAction) -> None:
        """Move along the lifecycle table (events call this as they are applied; the
        command that triggered them checked the move first)."""
        self.status = next_status(GRANT_LIFECYCLE, "grant", self.status, action)

    def _move(
        self, action: GrantAction, event: type[LedgerAggregate.Event], envelope: Envelope, **kw: Any
    ) -> None:
        """Check ``action`` against the lifecycle table and the new fact's date against
        the steps before it, then record ``event``."""
        self._allow(action)
        check_effective_date(envelope)
        trial = Fact(kind=event.__name__, effective_date=envelope.effective_date, fields=kw)
        _check_order(self.id, {**self.facts, self.version + 1: trial})
        self._record(event, envelope, **kw)

    def record_eligibility(self, reasons: Sequence[str], *, envelope: Envelope) -> bool:
        """Record the outcome of an eligibility check; True when it passed."""
        passed = not reasons
        action = GrantAction.PASS_ELIGIBILITY if passed else GrantAction.FAIL_ELIGIBILITY
        self._move(
            action,
            self.EligibilityChecked,
            envelope,
            passed=passed,
            reasons=reasons,
        )
        return passed

    def _check_proposer(self, action: GrantAction, envelope: Envelope) -> None:
        # Dated out of order is refused by that rule first: not an attempt worth keeping.
        kind = "Approved" if action is GrantAction.APPROVE else "Rejected"
        trial = Fact(kind=kind, effective_date=envelope.effective_date, fields={})
        _check_order(self.id, {**self.facts, self.version + 1: trial})
        user = envelope.actor.user_id
        if _same_person(user, self.proposer):
            raise SegregationOfDuties(self.id, user, action.value)

    def approve(
        self,
        *,
        envelope: Envelope,
        still_eligible: Callable[[Grant, date], Sequence[str]] | None = None,
        funds: Callable[[Rupiah, date], None] | None = None,
    ) -> Rupiah:
        """Approve the grant (by someone other than its proposer); returns the amount
        to commit on the allocation. ``still_eligible`` gives the reasons the beneficiary
        no longer qualifies on the approval date (:class:`GrantNotEligible`); ``funds``
        refuses when the allocation cannot take the amount on that date.

        A decision by the proposer is refused only when it would otherwise have been
        recorded: an attempt that breaks another rule is refused by that rule (and is not
        an attempt worth keeping as evidence).
        """
        check_effective_date(envelope)
        self._allow(GrantAction.APPROVE)
        reasons = [] if still_eligible is None else still_eligible(self, envelope.effective_date)
        if reasons:
            raise GrantNotEligible(self.id, reasons)
        if funds is not None:
            funds(self.value, envelope.effective_date)
        self._check_proposer(GrantAction.APPROVE, envelope)
        self._move(GrantAction.APPROVE, self.Approved, envelope, value=self.value)
        return self.value

    def reject(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "a rejection")
        check_effective_date(envelope)
        self._allow(GrantAction.REJECT)
        self._check_proposer(GrantAction.REJECT, envelope)
        self._move(GrantAction.REJECT, self.Rejected, envelope)

    # -- delivery ---------------------------------------------------------------------

    def _item(self, delivery: Delivery, field: str) -> GrantItem:
        for item in self.items:
            if item.key == delivery.key:
                return item
        listed = ", ".join(item.description for item in self.items)
        raise InvalidValue(
            field, delivery.description, N_("is not an item of the grant ({listed})", listed=listed)
        )

    def hand_over(
        self,
        *,
        bast_number: str,
        place: str,
        deliveries: Sequence[Delivery] = (),
        cash: Rupiah | None = None,
        witnesses: Sequence[str] = (),
        envelope: Envelope,
    ) -> None:
        """Record a handover (all of the grant or a part of it) with its BAST."""
        checked = self.checked_fields(
            "HandedOver",
            {"bast_number": bast_number, "place": place, "deliveries": deliveries,
             "cash": cash, "witnesses": witnesses},
        )  # fmt: skip
        bast, deliveries, cash = checked["bast_number"], checked["deliveries"], checked["cash"]
        if bast in self.handovers:
            raise UnknownHandover(self.id, N_("BAST {bast} is already recorded", bast=bast))
        if self.instrument.in_items:
            if cash is not None or not deliveries:
                raise InvalidValue("deliveries", deliveries, "a grant of items hands over items")
            value = Rupiah(0)
            counts: dict[str, int] = {}
            handed: dict[str, str] = dict(self.serials)
            for index, delivery in enumerate(deliveries):
                item = self._item(delivery, f"deliveries[{index}].description")
                counts[item.key] = counts.get(item.key, 0) + delivery.quantity
                value = value + Rupiah(delivery.quantity * item.unit_value.amount)
                for serial in delivery.serial_numbers:
                    if serial in handed:
                        raise InvalidValue(
                            f"deliveries[{index}].serial_numbers",
                            serial,
                            N_("was already handed over (BAST {bast})", bast=handed[serial]),
                        )
                    handed[serial] = bast
            for item in self.items:
                left = item.quantity - self.delivered.get(item.key, 0)
                if counts.get(item.key, 0) > left:
                    raise DeliveryExceedsApproval(
                        self.id,
                        N_(
                            "{count} × {item} handed over, but only {left} of {quantity} "
                            "approved are not delivered yet",
                            count=counts[item.key],
                            item=item.description,
                            left=left,
                            quantity=item.quantity,
                        ),
                    )
        else:
            if deliveries or cash is None:
                raise InvalidValue("cash", cash, "a cash grant hands over an amount above Rp0")
            undelivered = self.value - self.delivered_value
            if cash > undelivered:
                raise DeliveryExceedsApproval(
                    self.id,
                    N_(
                        "{cash} handed over, but only {undelivered} of {value} is left",
                        cash=cash,
                        undelivered=undelivered,
                        value=self.value,
                    ),
                )
            value = cash
        # A part or the rest: the event decides as it is applied (the table allows both
        # in the same statuses).
        self._move(
            GrantAction.HAND_OVER_PART,
            self.HandedOver,
            envelope,
            bast_number=bast,
            place=checked["place"],
            deliveries=deliveries,
            cash=cash,
            witnesses=checked["witnesses"],
            value=value,
        )

    def acknowledge(self, bast_number: str, *, recipient: str, envelope: Envelope) -> None:
        """The recipient acknowledged the handover recorded in ``bast_number``."""
        self._allow(GrantAction.ACKNOWLEDGE)
        bast_number = name_text(bast_number, "bast_number")
        if bast_number not in self.handovers:
            raise UnknownHandover(
                self.id,
                N_(
                    "no handover with BAST {bast!r} (known: {known})",
                    bast=bast_number,
                    known=", ".join(self.handovers) or N_("none"),
                ),
            )
        if bast_number in self.acknowledged:
            raise UnknownHandover(
                self.id,
                N_("the handover of BAST {bast} is acknowledged", bast=bast_number),
            )
        self._move(
            GrantAction.ACKNOWLEDGE,
            self.Acknowledged,
            envelope,
            bast_number=bast_number,
            recipient=recipient,
        )

    def monitor(
        self, condition: UtilisationStatus, *, seen_by: str, note: str = "", envelope: Envelope
    ) -> None:
        self._move(
            GrantAction.MONITOR,
            self.Monitored,
            envelope,
            **self.checked_fields(
                "Monitored", {"condition": condition, "seen_by": seen_by, "note": note}
            ),
        )

    def report_outcome(
        self,
        *,
        sales_before: Rupiah | None = None,
        sales_after: Rupiah | None = None,
        note: str = "",
        envelope: Envelope,
    ) -> None:
        fields = self.checked_fields(
            "OutcomeReported",
            {"sales_before": sales_before, "sales_after": sales_after, "note": note},
        )
        _check_outcome(fields, "outcome")
        self._move(GrantAction.REPORT_OUTCOME, self.OutcomeReported, envelope, **fields)

    # -- money coming back ------------------------------------------------------------

    def return_goods(self, deliveries: Sequence[Delivery], *, envelope: Envelope) -> Rupiah:
        """Goods came back; returns the value to release on the allocation."""
        require_reason(envelope, "a return of goods")
        deliveries = checked_deliveries(deliveries, "deliveries")
        if not self.instrument.in_items or not deliveries:
            raise InvalidValue("deliveries", deliveries, "only goods can be returned, as items")
        value = Rupiah(0)
        counts: dict[str, int] = {}
        serials_held = set(self.serials)
        for index, delivery in enumerate(deliveries):
            item = self._item(delivery, f"deliveries[{index}].description")
            counts[item.key] = counts.get(item.key, 0) + delivery.quantity
            value = value + Rupiah(delivery.quantity * item.unit_value.amount)
            for serial in delivery.serial_numbers:
                if serial not in serials_held:
                    raise InvalidValue(
                        f"deliveries[{index}].serial_numbers",
                        serial,
                        "was not handed over to the recipient (or came back already)",
                    )
                serials_held.discard(serial)
        for key, count in counts.items():
            held = self.delivered.get(key, 0) - self.returned.get(key, 0)
            if count > held:
                raise ReturnExceedsDelivery(
                    self.id,
                    N_(
                        "{count} × {item} returned, but the recipient holds {held}",
                        count=count,
                        item=key,
                        held=held,
                    ),
                )
        outstanding = self.delivered_value - self.released_after_delivery()
        if value > outstanding:
            raise ReturnExceedsDelivery(
                self.id,
                N_(
                    "returning {value} of goods, but only {outstanding} was not repaid",
                    value=value,
                    outstanding=outstanding,
                ),
            )
        self._move(
            GrantAction.RETURN_PART,
            self.GoodsReturned,
            envelope,
            deliveries=deliveries,
            released=value,
        )
        return value

    def released_after_delivery(self) -> Rupiah:
        """What came back of the delivered value: goods returned and loans repaid."""
        return sum(
            (
                f.fields["released"]
                for f in self.facts.values()
                if f.kind in ("GoodsReturned", "Repaid")
            ),
            Rupiah(0),
        )

    def repay(self, amount: Rupiah, *, envelope: Envelope) -> Rupiah:
        """Part (or the rest) of a loan in kind was repaid; returns the amount released."""
        if self.instrument is not Instrument.LOAN:
            raise GrantDoesNotFitAllocation(
                N_(
                    "grant {grant} is {instrument}, not a loan: nothing to repay",
                    grant=self.id,
                    instrument=N_(self.instrument.value),
                )
            )
        positive_rupiah(amount, "amount")
        owed = self.delivered_value - self.released_after_delivery()
        if amount > owed:
            raise ReturnExceedsDelivery(
                self.id, N_("repaying {amount}, but {owed} is owed", amount=amount, owed=owed)
            )
        self._move(GrantAction.REPAY_PART, self.Repaid, envelope, released=amount)
        return amount

    def cancel(self, *, envelope: Envelope) -> Rupiah:
        """Cancel before anything was handed over; returns the commitment to release."""
        require_reason(envelope, "a cancellation")
        self._allow(GrantAction.CANCEL)
        committed = self.value if self.status is GrantStatus.APPROVED else Rupiah(0)
        self._move(GrantAction.CANCEL, self.Cancelled, envelope, released=committed)
        return committed

    def revoke(self, *, envelope: Envelope) -> Rupiah:
        """Revoke an approved grant; returns what was not handed over (released)."""
        require_reason(envelope, "a revocation")
        self._allow(GrantAction.REVOKE)
        undelivered = self.value - self.delivered_value
        self._move(GrantAction.REVOKE, self.Revoked, envelope, released=undelivered)
        return undelivered

    # -- what it holds ---------------------------------------------------------------

    @property
    def committed(self) -> Rupiah:
        """What the grant holds of its allocation now."""
        approved = any(f.kind == "Approved" for f in self.facts.values())
        return (self.value if approved else Rupiah(0)) - self.released

    def all_delivered(self) -> bool:
        """Whether every item (or all the cash) approved has been handed over."""
        if self.instrument.in_items:
            return all(self.delivered.get(i.key, 0) == i.quantity for i in self.items)
        return self.delivered_value == self.value

    def item_kinds(self) -> tuple[str, ...]:
        """The kinds of goods this grant gives (what "the same item twice" compares)."""
        return tuple(item.kind for item in self.items)

    def money_steps(self) -> list[int]:
        """The versions of the steps that moved money on the allocation, in order: the
        approval (its commitment), then each cancellation, revocation, return or
        repayment that released some. The allocation records one movement for each, in
        the same order (:meth:`Allocation.movements_of`)."""
        return [
            version
            for version, fact in sorted(self.facts.items())
            if fact.kind == "Approved"
            or (fact.kind in _RELEASING and fact.fields["released"].amount > 0)
        ]

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(GrantAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        """A corrected fact keeps the rules its command keeps: an outcome says something,
        and the steps stay in order."""
        if fact.kind == "OutcomeReported":
            changed = [name for name in changes if name != EFFECTIVE_DATE] or [EFFECTIVE_DATE]
            _check_outcome({**fact.fields, **changes}, f"changes.{changed[0]}")
        if EFFECTIVE_DATE in changes:
            _check_order(self.id, {**self.facts, version: fact.with_changes(changes)})

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Proposed":
            self.justification = fact.fields["justification"]
        elif fact.kind == "Monitored":
            latest = max(v for v, f in self.facts.items() if f.kind == "Monitored")
            self.condition = self.facts[latest].fields["condition"]
        elif fact.kind == "HandedOver":
            # A handover moved in time: its date is what acknowledgements follow.
            self.handovers[fact.fields["bast_number"]] = fact.effective_date


#: The steps that give part of a commitment back to the allocation (``released``).
_RELEASING = ("Cancelled", "Revoked", "GoodsReturned", "Repaid")


def _same_person(user: str, other: str) -> bool:
    """User ids compare in any case and spacing (``Siti`` and ``siti`` are one person)."""
    return " ".join(user.split()).casefold() == " ".join(other.split()).casefold()


#: For each kind of step, the steps it must not be dated before, and which of them counts
#: when there are several ("last": the most recent before it; "first": the earliest).
_FOLLOWS: Mapping[str, tuple[tuple[str, ...], str, Message]] = {
    "EligibilityChecked": (("Proposed",), "last", N_("the proposal")),
    "Rejected": (("Proposed", "EligibilityChecked"), "last", N_("the step before it")),
    "Cancelled": (
        ("Proposed", "EligibilityChecked", "Approved"),
        "last",
        N_("the step before it"),
    ),
    "Approved": (("EligibilityChecked",), "last", N_("the eligibility check")),
    "HandedOver": (("Approved",), "last", N_("the approval")),
    "Revoked": (("Approved", "HandedOver"), "last", N_("the approval or last handover")),
    "Monitored": (("HandedOver",), "first", N_("the first handover")),
    "OutcomeReported": (("HandedOver",), "first", N_("the first handover")),
    # What comes back (goods, repayments) follows every handover recorded before it, so
    # nothing can come back before it went out.
    "GoodsReturned": (("HandedOver",), "last", N_("the last handover")),
    "Repaid": (("HandedOver",), "last", N_("the last handover")),
}


def _check_order(grant_id: UUID, facts: Mapping[int, Fact]) -> None:
    """Refuse facts whose dates break :data:`_FOLLOWS` (each against the steps recorded
    before it), or an acknowledgement dated before its handover. Commands and
    corrections of dates are checked by this one rule."""
    ordered = sorted(facts.items())
    for version, fact in ordered:
        if fact.kind == "Acknowledged":
            handed = next(
                f.effective_date
                for _, f in ordered
                if f.kind == "HandedOver" and f.fields["bast_number"] == fact.fields["bast_number"]
            )
            if fact.effective_date < handed:
                raise GrantDatesOutOfOrder(
                    grant_id,
                    N_(
                        "BAST {bast} acknowledged on {day}, before its handover of {handed}",
                        bast=fact.fields["bast_number"],
                        day=fact.effective_date.isoformat(),
                        handed=handed.isoformat(),
                    ),
                )
            continue
        rule = _FOLLOWS.get(fact.kind)
        if rule is None:
            continue
        kinds, which, what = rule
        before = [f.effective_date for v, f in ordered if v < version and f.kind in kinds]
        if not before:
            continue
        bound = max(before) if which == "last" else min(before)
        if fact.effective_date < bound:
            raise GrantDatesOutOfOrder(
                grant_id,
                N_(
                    "{kind} dated {day} would be before {what} ({bound})",
                    kind=fact.kind,
                    day=fact.effective_date.isoformat(),
                    what=what,
                    bound=bound.isoformat(),
                ),
            )


def _check_outcome(fields: Mapping[str, Any], field: str) -> None:
    """An outcome gives sales before or after, or a note."""
    if fields["sales_before"] is None and fields["sales_after"] is None and not fields["note"]:
        raise InvalidValue(field, None, "give sales before/after or a note")


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Grant,
    "funding.Grant",
    formerly="umkm_ledger.domain.grant:Grant",
    events=(
        "Proposed",
        "EligibilityChecked",
        "Approved",
        "Rejected",
        "HandedOver",
        "Acknowledged",
        "Monitored",
        "OutcomeReported",
        "GoodsReturned",
        "Repaid",
        "Cancelled",
        "Revoked",
        "Corrected",
    ),
)
register_record_kind(Grant, "grant")
