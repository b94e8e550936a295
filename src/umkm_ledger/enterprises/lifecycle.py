"""The enterprise and group lifecycles, as data (see :mod:`umkm_ledger.kernel.lifecycle`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from umkm_ledger.kernel.lifecycle import register_lifecycle

__all__ = [
    "ENTERPRISE_LIFECYCLE",
    "GROUP_LIFECYCLE",
    "EnterpriseAction",
    "EnterpriseStatus",
    "GroupAction",
    "GroupStatus",
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

register_lifecycle("enterprise", EnterpriseStatus, EnterpriseAction, ENTERPRISE_LIFECYCLE)
register_lifecycle("group", GroupStatus, GroupAction, GROUP_LIFECYCLE)
