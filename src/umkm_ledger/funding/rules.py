"""The funding rules: funders, allocations, grants, KUR referrals (see
:mod:`umkm_ledger.kernel.rules`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation, Message

__all__ = [
    "AllocationBelowCommitted",
    "AllocationDatesOutOfOrder",
    "AllocationExists",
    "AllocationNotPosted",
    "BastNumberAlreadyUsed",
    "DeliveryExceedsApproval",
    "FunderAlreadyRegistered",
    "GrantCannotExceedAllocation",
    "GrantDatesOutOfOrder",
    "GrantDoesNotFitAllocation",
    "GrantNotEligible",
    "ReferralDatesOutOfOrder",
    "ReturnExceedsDelivery",
    "SegregationOfDuties",
    "UnknownHandover",
]


def _each(reasons: Sequence[str]) -> Message:
    """Reasons joined with "; ", each one translated (a Message, or a recorded text)."""
    joined = N_(reasons[0]) if reasons else Message("")
    for reason in reasons[1:]:
        joined = N_("{first}; {then}", first=joined, then=N_(reason))
    return joined


class FunderAlreadyRegistered(BusinessRuleViolation):
    """A funder's name identifies it: a name already registered with another source of
    funds cannot be registered again (registering it again as it is records nothing)."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        super().__init__(
            N_(
                "funder {name!r} is already registered, with source {source}",
                name=name,
                source=source,
            )
        )


class AllocationNotPosted(BusinessRuleViolation):
    """Funds are posted before aid is approved against them: a grant cannot be approved
    against an allocation that is only pledged, or was withdrawn, nor dated before the
    day the allocation was posted."""

    def __init__(self, allocation: object, status: str, on: date | None = None) -> None:
        self.allocation = allocation
        template = (
            N_("allocation {allocation} is {status}; post it before approving grants against it")
            if on is None
            else N_(
                "allocation {allocation} is {status} on {on}; post it before approving "
                "grants against it"
            )
        )
        super().__init__(
            N_(
                template,
                allocation=allocation,
                status=N_(status),
                on=None if on is None else on.isoformat(),
            )
        )


class GrantCannotExceedAllocation(BusinessRuleViolation):
    """An allocation is never over-committed: the grants approved against it, less what
    they released, never add up to more than its amount, now or as of any earlier date."""

    def __init__(
        self, allocation: object, asked: object, remaining: object, on: date | None = None
    ) -> None:
        self.allocation = allocation
        self.asked = asked
        self.remaining = remaining
        template = (
            N_("allocation {allocation} has {remaining} left; the grant needs {asked}")
            if on is None
            else N_("allocation {allocation} has {remaining} left on {on}; the grant needs {asked}")
        )
        super().__init__(
            N_(
                template,
                allocation=allocation,
                remaining=remaining,
                asked=asked,
                on=None if on is None else on.isoformat(),
            )
        )


class AllocationBelowCommitted(BusinessRuleViolation):
    """An allocation cannot be amended to less than the grants already committed
    against it."""

    def __init__(self, allocation: object, amount: object, committed: object) -> None:
        self.allocation = allocation
        super().__init__(
            N_(
                "allocation {allocation} cannot be amended to {amount}: {committed} is "
                "already committed to grants",
                allocation=allocation,
                amount=amount,
                committed=committed,
            )
        )


class GrantDoesNotFitAllocation(BusinessRuleViolation):
    """A grant draws on an allocation of its own program, in a form the allocation's
    instrument gives: items for in-kind goods and loans, an amount for the others."""

    def __init__(self, detail: str) -> None:
        super().__init__(N_(detail))


class SegregationOfDuties(BusinessRuleViolation):
    """Whoever proposed a grant can neither approve nor reject it: a second person
    decides. A refused attempt is itself recorded, as evidence for auditors."""

    def __init__(self, grant: object, user: str, action: str) -> None:
        self.grant = grant
        self.user = user
        self.action = action
        super().__init__(
            N_(
                "{user} proposed grant {grant} and so cannot {action} it",
                user=user,
                grant=grant,
                action=N_(action),
            )
        )


class DeliveryExceedsApproval(BusinessRuleViolation):
    """A handover never delivers more of an item (or more cash) than the grant
    approved and has not yet delivered, so the delivered value never exceeds the
    approved value."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class ReturnExceedsDelivery(BusinessRuleViolation):
    """Goods returned, and loans repaid, never exceed what was delivered (and not yet
    returned or repaid)."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class UnknownHandover(BusinessRuleViolation):
    """An acknowledgement names a handover (its BAST number) recorded for the grant;
    each handover is acknowledged once, and each BAST number is used once."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class BastNumberAlreadyUsed(BusinessRuleViolation):
    """A BAST (*berita acara serah terima*) records one handover: its number, compared
    without regard to case, is used once in the ledger, whichever grant it was for."""

    def __init__(self, bast_number: str, grant: object) -> None:
        self.bast_number = bast_number
        self.grant = grant
        super().__init__(
            N_(
                "BAST {bast_number} already records a handover of grant {grant}",
                bast_number=bast_number,
                grant=grant,
            )
        )


class GrantDatesOutOfOrder(BusinessRuleViolation):
    """A grant's steps follow one another in time: approval on or after the proposal,
    a handover on or after the approval, an acknowledgement, a return or a repayment on
    or after the handover it follows."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class AllocationExists(BusinessRuleViolation):
    """A funder has one allocation per program, fiscal year and instrument: more (or
    less) money for it is an amendment, and a pledge becomes funds by being posted."""

    def __init__(self, allocation: object, status: str) -> None:
        self.allocation = allocation
        super().__init__(
            N_(
                "allocation {allocation} already exists ({status}); amend it, or post the pledge",
                allocation=allocation,
                status=N_(status),
            )
        )


class AllocationDatesOutOfOrder(BusinessRuleViolation):
    """An allocation's changes follow one another in time: it is posted, amended or
    withdrawn on or after the step before it, and a grant's money comes back on or after
    the day it was committed. So its amount and its commitments read as of any date agree
    with what it holds now."""

    def __init__(self, allocation: object, detail: str) -> None:
        self.allocation = allocation
        super().__init__(
            N_("allocation {allocation}: {detail}", allocation=allocation, detail=N_(detail))
        )


class ReferralDatesOutOfOrder(BusinessRuleViolation):
    """A bank decides on a KUR referral on or after the day the enterprise was referred."""

    def __init__(self, referral: object, detail: str) -> None:
        self.referral = referral
        super().__init__(
            N_("KUR referral {referral}: {detail}", referral=referral, detail=N_(detail))
        )


class GrantNotEligible(BusinessRuleViolation):
    """A grant is approved only if its beneficiary still meets the program's rules on the
    day of the approval (binaan of the program, inside its scope, active, not already
    given the same kind of item by it that fiscal year); a new eligibility check records
    why not."""

    def __init__(self, grant: object, reasons: Sequence[str]) -> None:
        self.grant = grant
        self.reasons = tuple(reasons)
        super().__init__(
            N_(
                "grant {grant} is no longer eligible: {reasons}",
                grant=grant,
                reasons=_each(self.reasons),
            )
        )
