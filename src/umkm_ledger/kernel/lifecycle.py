"""Lifecycle tables: which action is allowed in which status, and where it leads.

This module is the one place where the enterprise and group lifecycles are defined,
as data (the way h11 keeps its protocol states in one table). Aggregates ask
:func:`next_status`; the docs' state diagrams are generated from the same tables by
:func:`mermaid_diagram`, so the picture cannot drift from the code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from umkm_ledger.kernel.rules import IllegalTransition

__all__ = [
    "ALLOCATION_LIFECYCLE",
    "ENROLMENT_LIFECYCLE",
    "ENTERPRISE_LIFECYCLE",
    "GRANT_LIFECYCLE",
    "GROUP_LIFECYCLE",
    "KUR_LIFECYCLE",
    "PROGRAM_LIFECYCLE",
    "SESSION_LIFECYCLE",
    "TRAINING_LIFECYCLE",
    "AllocationAction",
    "AllocationStatus",
    "EnrolmentAction",
    "EnrolmentStatus",
    "EnterpriseAction",
    "EnterpriseStatus",
    "GrantAction",
    "GrantStatus",
    "GroupAction",
    "GroupStatus",
    "KurAction",
    "KurStatus",
    "ProgramAction",
    "ProgramStatus",
    "SessionAction",
    "SessionStatus",
    "TrainingAction",
    "TrainingStatus",
    "mermaid_diagram",
    "next_status",
]


class EnterpriseStatus(enum.Enum):
    ACTIVE = "active"
    DORMANT = "dormant"
    CLOSED = "closed"
    #: *mandiri*: the enterprise no longer needs the program's guidance.
    GRADUATED = "graduated"
    #: Found to be a duplicate and merged into another record (terminal; never deleted).
    MERGED = "merged"


class EnterpriseAction(enum.Enum):
    RECORD_NIB = "record NIB"
    REPORT_SALES = "report sales"
    REPORT_CAPITAL = "report capital"
    MARK_DORMANT = "mark dormant"
    CLOSE = "close"
    REACTIVATE = "reactivate"
    GRADUATE = "graduate"
    RESOLVE_DUPLICATE = "resolve duplicate"
    MERGE_INTO = "merge into another"
    ABSORB_DUPLICATE = "absorb a duplicate"
    JOIN_GROUP = "join a group"
    CORRECT = "correct a fact"


class GroupStatus(enum.Enum):
    ACTIVE = "active"
    DISSOLVED = "dissolved"


class GroupAction(enum.Enum):
    ADD_MEMBER = "add member"
    REMOVE_MEMBER = "remove member"
    APPOINT_CHAIRPERSON = "appoint chairperson"
    DISSOLVE = "dissolve"
    CORRECT = "correct a fact"


_E = EnterpriseStatus
_A = EnterpriseAction

# Reports stay possible while dormant or graduated: a dormant enterprise's figures for
# an earlier year are still facts, and a graduated (mandiri) enterprise's sales are the
# outcome programs report on. A closed enterprise reports nothing until reactivated.
# Corrections are allowed in every status, because they fix what was recorded, not
# what the enterprise does now.
ENTERPRISE_LIFECYCLE: Mapping[EnterpriseStatus, Mapping[EnterpriseAction, EnterpriseStatus]] = {
    _E.ACTIVE: {
        _A.RECORD_NIB: _E.ACTIVE,
        _A.REPORT_SALES: _E.ACTIVE,
        _A.REPORT_CAPITAL: _E.ACTIVE,
        _A.MARK_DORMANT: _E.DORMANT,
        _A.CLOSE: _E.CLOSED,
        _A.GRADUATE: _E.GRADUATED,
        _A.RESOLVE_DUPLICATE: _E.ACTIVE,
        _A.MERGE_INTO: _E.MERGED,
        _A.ABSORB_DUPLICATE: _E.ACTIVE,
        _A.JOIN_GROUP: _E.ACTIVE,
        _A.CORRECT: _E.ACTIVE,
    },
    _E.DORMANT: {
        _A.RECORD_NIB: _E.DORMANT,
        _A.REPORT_SALES: _E.DORMANT,
        _A.REPORT_CAPITAL: _E.DORMANT,
        _A.CLOSE: _E.CLOSED,
        _A.REACTIVATE: _E.ACTIVE,
        _A.RESOLVE_DUPLICATE: _E.DORMANT,
        _A.MERGE_INTO: _E.MERGED,
        _A.ABSORB_DUPLICATE: _E.DORMANT,
        _A.CORRECT: _E.DORMANT,
    },
    _E.CLOSED: {
        _A.REACTIVATE: _E.ACTIVE,
        _A.RESOLVE_DUPLICATE: _E.CLOSED,
        _A.MERGE_INTO: _E.MERGED,
        _A.CORRECT: _E.CLOSED,
    },
    _E.GRADUATED: {
        _A.RECORD_NIB: _E.GRADUATED,
        _A.REPORT_SALES: _E.GRADUATED,
        _A.REPORT_CAPITAL: _E.GRADUATED,
        _A.MARK_DORMANT: _E.DORMANT,
        _A.CLOSE: _E.CLOSED,
        _A.RESOLVE_DUPLICATE: _E.GRADUATED,
        _A.MERGE_INTO: _E.MERGED,
        _A.ABSORB_DUPLICATE: _E.GRADUATED,
        _A.JOIN_GROUP: _E.GRADUATED,
        _A.CORRECT: _E.GRADUATED,
    },
    _E.MERGED: {
        _A.CORRECT: _E.MERGED,
    },
}

_G = GroupStatus
_GA = GroupAction

GROUP_LIFECYCLE: Mapping[GroupStatus, Mapping[GroupAction, GroupStatus]] = {
    _G.ACTIVE: {
        _GA.ADD_MEMBER: _G.ACTIVE,
        _GA.REMOVE_MEMBER: _G.ACTIVE,
        _GA.APPOINT_CHAIRPERSON: _G.ACTIVE,
        _GA.DISSOLVE: _G.DISSOLVED,
        _GA.CORRECT: _G.ACTIVE,
    },
    _G.DISSOLVED: {
        _GA.CORRECT: _G.DISSOLVED,
    },
}


class ProgramStatus(enum.Enum):
    PLANNED = "planned"
    RUNNING = "running"
    CLOSED = "closed"


class ProgramAction(enum.Enum):
    DEFINE_INDICATOR = "define an indicator"
    SET_TARGET = "set a target"
    RECORD_OPENING_BALANCE = "record an opening balance"
    START = "start"
    ENROL = "enrol an enterprise"
    CLOSE = "close"
    CORRECT = "correct a fact"


_P = ProgramStatus
_PA = ProgramAction

# A closed program still takes enrolments dated while it ran (records typed in late)
# and corrections; everything else about it is settled.
PROGRAM_LIFECYCLE: Mapping[ProgramStatus, Mapping[ProgramAction, ProgramStatus]] = {
    _P.PLANNED: {
        _PA.DEFINE_INDICATOR: _P.PLANNED,
        _PA.SET_TARGET: _P.PLANNED,
        _PA.RECORD_OPENING_BALANCE: _P.PLANNED,
        _PA.START: _P.RUNNING,
        _PA.CLOSE: _P.CLOSED,
        _PA.CORRECT: _P.PLANNED,
    },
    _P.RUNNING: {
        _PA.DEFINE_INDICATOR: _P.RUNNING,
        _PA.SET_TARGET: _P.RUNNING,
        _PA.RECORD_OPENING_BALANCE: _P.RUNNING,
        _PA.ENROL: _P.RUNNING,
        _PA.CLOSE: _P.CLOSED,
        _PA.CORRECT: _P.RUNNING,
    },
    _P.CLOSED: {
        _PA.ENROL: _P.CLOSED,
        _PA.CORRECT: _P.CLOSED,
    },
}


class EnrolmentStatus(enum.Enum):
    #: *binaan*: under the program's guidance.
    ENROLLED = "enrolled"
    EXITED = "exited"


class EnrolmentAction(enum.Enum):
    ENROL = "enrol"
    CLAIM_ATTRIBUTION = "claim attribution"
    EXIT = "exit"
    CORRECT = "correct a fact"


_N = EnrolmentStatus
_NA = EnrolmentAction

ENROLMENT_LIFECYCLE: Mapping[EnrolmentStatus, Mapping[EnrolmentAction, EnrolmentStatus]] = {
    _N.ENROLLED: {
        _NA.CLAIM_ATTRIBUTION: _N.ENROLLED,
        _NA.EXIT: _N.EXITED,
        _NA.CORRECT: _N.ENROLLED,
    },
    _N.EXITED: {
        _NA.ENROL: _N.ENROLLED,
        _NA.CLAIM_ATTRIBUTION: _N.EXITED,
        _NA.CORRECT: _N.EXITED,
    },
}


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


class SessionStatus(enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no-show"


class SessionAction(enum.Enum):
    RESCHEDULE = "reschedule"
    HOLD = "hold"
    CANCEL = "cancel"
    NO_SHOW = "record a no-show"
    COMPLETE_FOLLOW_UP = "complete a follow-up action"
    CORRECT = "correct a fact"


_S = SessionStatus
_SA = SessionAction

# A mentoring session is planned, then held (with its attendance, notes and agreed
# follow-up actions), cancelled, or nobody came. Follow-up actions are completed later.
SESSION_LIFECYCLE: Mapping[SessionStatus, Mapping[SessionAction, SessionStatus]] = {
    _S.SCHEDULED: {
        _SA.RESCHEDULE: _S.SCHEDULED,
        _SA.HOLD: _S.HELD,
        _SA.CANCEL: _S.CANCELLED,
        _SA.NO_SHOW: _S.NO_SHOW,
        _SA.CORRECT: _S.SCHEDULED,
    },
    _S.HELD: {_SA.COMPLETE_FOLLOW_UP: _S.HELD, _SA.CORRECT: _S.HELD},
    _S.CANCELLED: {_SA.CORRECT: _S.CANCELLED},
    _S.NO_SHOW: {_SA.CORRECT: _S.NO_SHOW},
}


class TrainingStatus(enum.Enum):
    ORGANISED = "organised"
    HELD = "held"
    CANCELLED = "cancelled"


class TrainingAction(enum.Enum):
    REGISTER = "register a participant"
    RECORD_ATTENDANCE = "record a day's attendance"
    COMPLETE = "record a completion"
    LINK_GRANT = "link a grant handed over at it"
    CANCEL = "cancel"
    CORRECT = "correct a fact"


_T = TrainingStatus
_TA = TrainingAction

# A Bimtek is organised, participants register, and its first attendance list makes it
# held; participants who came every day complete it. One that never took place is
# cancelled (nobody attended yet).
TRAINING_LIFECYCLE: Mapping[TrainingStatus, Mapping[TrainingAction, TrainingStatus]] = {
    _T.ORGANISED: {
        _TA.REGISTER: _T.ORGANISED,
        _TA.RECORD_ATTENDANCE: _T.HELD,
        _TA.LINK_GRANT: _T.ORGANISED,
        _TA.CANCEL: _T.CANCELLED,
        _TA.CORRECT: _T.ORGANISED,
    },
    _T.HELD: {
        _TA.REGISTER: _T.HELD,
        _TA.RECORD_ATTENDANCE: _T.HELD,
        _TA.COMPLETE: _T.HELD,
        _TA.LINK_GRANT: _T.HELD,
        _TA.CORRECT: _T.HELD,
    },
    _T.CANCELLED: {_TA.CORRECT: _T.CANCELLED},
}

S = TypeVar("S", bound=enum.Enum)
A = TypeVar("A", bound=enum.Enum)


def next_status(table: Mapping[S, Mapping[A, S]], kind: str, status: S, action: A) -> S:
    """The status that ``action`` leads to from ``status``, or :class:`IllegalTransition`."""
    try:
        return table[status][action]
    except KeyError:
        allowed = sorted(str(a.value) for a in table.get(status, {}))
        raise IllegalTransition(kind, str(status.value), str(action.value), allowed) from None


def mermaid_diagram(table: Mapping[S, Mapping[A, S]]) -> str:
    """A Mermaid ``stateDiagram-v2`` of the status-changing transitions in ``table``.

    Actions that keep the status are listed inside the state as a note, so the diagram
    shows everything the table allows without a self-loop per action.
    """
    lines = ["stateDiagram-v2"]
    for status, actions in table.items():
        for action, target in actions.items():
            if target is not status:
                lines.append(f"    {status.value} --> {target.value}: {action.value}")
    for status, actions in table.items():
        staying = [str(a.value) for a, t in actions.items() if t is status]
        if staying:
            lines.append(f"    note right of {status.value}: {', '.join(staying)}")
    return "\n".join(lines) + "\n"
