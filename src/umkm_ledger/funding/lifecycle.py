"""The allocation, grant and KUR referral lifecycles, as data (see
:mod:`umkm_ledger.kernel.lifecycle`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from umkm_ledger.kernel.lifecycle import register_lifecycle

__all__ = [
    "ALLOCATION_LIFECYCLE",
    "GRANT_LIFECYCLE",
    "KUR_LIFECYCLE",
    "AllocationAction",
    "AllocationStatus",
    "GrantAction",
    "GrantStatus",
    "KurAction",
    "KurStatus",
]


class AllocationStatus(enum.Enum):
    #: Promised (a CSR pledge): reported apart, not yet money grants can draw on.
    PLEDGED = "pledged"
    #: Posted in the budget: grants against it can be approved.
    POSTED = "posted"
    #: A pledge that was never posted.
    WITHDRAWN = "withdrawn"


class AllocationAction(enum.Enum):
    POST = "post"
    AMEND = "amend"
    WITHDRAW = "withdraw"
    COMMIT = "commit funds to a grant"
    RELEASE = "release funds of a grant"
    CORRECT = "correct a fact"


_L = AllocationStatus


_LA = AllocationAction


# Funds move only on a posted allocation; a pledge can be amended (the promise
# changed) and is either posted or withdrawn.
ALLOCATION_LIFECYCLE: Mapping[AllocationStatus, Mapping[AllocationAction, AllocationStatus]] = {
    _L.PLEDGED: {
        _LA.POST: _L.POSTED,
        _LA.AMEND: _L.PLEDGED,
        _LA.WITHDRAW: _L.WITHDRAWN,
        _LA.CORRECT: _L.PLEDGED,
    },
    _L.POSTED: {
        _LA.AMEND: _L.POSTED,
        _LA.COMMIT: _L.POSTED,
        _LA.RELEASE: _L.POSTED,
        _LA.CORRECT: _L.POSTED,
    },
    _L.WITHDRAWN: {
        _LA.CORRECT: _L.WITHDRAWN,
    },
}


class GrantStatus(enum.Enum):
    PROPOSED = "proposed"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    APPROVED = "approved"
    REJECTED = "rejected"
    PARTLY_DELIVERED = "partly delivered"
    DELIVERED = "delivered"
    #: Every item delivered was given back.
    RETURNED = "returned"
    #: A loan in kind, repaid in full.
    REPAID = "repaid"
    CANCELLED = "cancelled"
    REVOKED = "revoked"


class GrantAction(enum.Enum):
    PASS_ELIGIBILITY = "pass the eligibility check"
    FAIL_ELIGIBILITY = "fail the eligibility check"
    APPROVE = "approve"
    REJECT = "reject"
    HAND_OVER_PART = "hand over a part"
    HAND_OVER_REST = "hand over the rest"
    ACKNOWLEDGE = "acknowledge a handover"
    MONITOR = "monitor utilisation"
    REPORT_OUTCOME = "report an outcome"
    RETURN_PART = "take back some goods"
    RETURN_ALL = "take back every good"
    REPAY_PART = "repay a part"
    REPAY_REST = "repay the rest"
    CANCEL = "cancel"
    REVOKE = "revoke"
    CORRECT = "correct a fact"


_R = GrantStatus


_RA = GrantAction


#: What can be recorded about aid that reached its recipient, without moving it on.
_AFTER_DELIVERY = (_RA.ACKNOWLEDGE, _RA.MONITOR, _RA.REPORT_OUTCOME, _RA.CORRECT)


# Before approval a grant can be re-checked (an enterprise enrolled since a failed
# check) or cancelled; an approved grant is cancelled only before anything was handed
# over, and revoked (with a reason) after that. Whether a handover, a return or a
# repayment is "a part" or "the rest" is decided by the quantities, not the caller.
GRANT_LIFECYCLE: Mapping[GrantStatus, Mapping[GrantAction, GrantStatus]] = {
    _R.PROPOSED: {
        _RA.PASS_ELIGIBILITY: _R.ELIGIBLE,
        _RA.FAIL_ELIGIBILITY: _R.INELIGIBLE,
        _RA.CANCEL: _R.CANCELLED,
        _RA.CORRECT: _R.PROPOSED,
    },
    _R.INELIGIBLE: {
        _RA.PASS_ELIGIBILITY: _R.ELIGIBLE,
        _RA.FAIL_ELIGIBILITY: _R.INELIGIBLE,
        _RA.REJECT: _R.REJECTED,
        _RA.CANCEL: _R.CANCELLED,
        _RA.CORRECT: _R.INELIGIBLE,
    },
    _R.ELIGIBLE: {
        _RA.PASS_ELIGIBILITY: _R.ELIGIBLE,
        _RA.FAIL_ELIGIBILITY: _R.INELIGIBLE,
        _RA.APPROVE: _R.APPROVED,
        _RA.REJECT: _R.REJECTED,
        _RA.CANCEL: _R.CANCELLED,
        _RA.CORRECT: _R.ELIGIBLE,
    },
    _R.APPROVED: {
        _RA.HAND_OVER_PART: _R.PARTLY_DELIVERED,
        _RA.HAND_OVER_REST: _R.DELIVERED,
        _RA.CANCEL: _R.CANCELLED,
        _RA.REVOKE: _R.REVOKED,
        _RA.CORRECT: _R.APPROVED,
    },
    _R.PARTLY_DELIVERED: {
        _RA.HAND_OVER_PART: _R.PARTLY_DELIVERED,
        _RA.HAND_OVER_REST: _R.DELIVERED,
        **dict.fromkeys(_AFTER_DELIVERY, _R.PARTLY_DELIVERED),
        _RA.RETURN_PART: _R.PARTLY_DELIVERED,
        _RA.REPAY_PART: _R.PARTLY_DELIVERED,
        _RA.REVOKE: _R.REVOKED,
    },
    _R.DELIVERED: {
        **dict.fromkeys(_AFTER_DELIVERY, _R.DELIVERED),
        _RA.RETURN_PART: _R.DELIVERED,
        _RA.RETURN_ALL: _R.RETURNED,
        _RA.REPAY_PART: _R.DELIVERED,
        _RA.REPAY_REST: _R.REPAID,
        _RA.REVOKE: _R.REVOKED,
    },
    _R.REPAID: {
        _RA.ACKNOWLEDGE: _R.REPAID,
        _RA.MONITOR: _R.REPAID,
        _RA.REPORT_OUTCOME: _R.REPAID,
        _RA.CORRECT: _R.REPAID,
    },
    _R.REVOKED: {
        # What was handed over before the revocation is still acknowledged, comes back,
        # or (a loan) is repaid.
        _RA.ACKNOWLEDGE: _R.REVOKED,
        _RA.RETURN_PART: _R.REVOKED,
        _RA.RETURN_ALL: _R.REVOKED,
        _RA.REPAY_PART: _R.REVOKED,
        _RA.CORRECT: _R.REVOKED,
    },
    _R.RETURNED: {_RA.ACKNOWLEDGE: _R.RETURNED, _RA.CORRECT: _R.RETURNED},
    _R.REJECTED: {_RA.CORRECT: _R.REJECTED},
    _R.CANCELLED: {_RA.CORRECT: _R.CANCELLED},
}


class KurStatus(enum.Enum):
    REFERRED = "referred"
    APPROVED = "approved by the bank"
    DECLINED = "declined by the bank"


class KurAction(enum.Enum):
    BANK_APPROVES = "record the bank's approval"
    BANK_DECLINES = "record the bank's refusal"
    CORRECT = "correct a fact"


_K = KurStatus


_KA = KurAction


# The ledger does not lend: it records that an office referred an enterprise to a bank
# for KUR, and the bank's decision with the bank's own reference.
KUR_LIFECYCLE: Mapping[KurStatus, Mapping[KurAction, KurStatus]] = {
    _K.REFERRED: {
        _KA.BANK_APPROVES: _K.APPROVED,
        _KA.BANK_DECLINES: _K.DECLINED,
        _KA.CORRECT: _K.REFERRED,
    },
    _K.APPROVED: {_KA.CORRECT: _K.APPROVED},
    _K.DECLINED: {_KA.CORRECT: _K.DECLINED},
}

register_lifecycle("allocation", AllocationStatus, AllocationAction, ALLOCATION_LIFECYCLE)
register_lifecycle("grant", GrantStatus, GrantAction, GRANT_LIFECYCLE)
register_lifecycle("KUR referral", KurStatus, KurAction, KUR_LIFECYCLE)
