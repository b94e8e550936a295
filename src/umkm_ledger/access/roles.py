"""What each role may do through the HTTP service: one table, read by every endpoint.

A token is issued to ``USER@ROLE``; the role is one of :data:`ROLES`. Each endpoint of
the service names the one :class:`Permission` it needs, and a request whose token's role
lacks it is refused (403) before anything is read or recorded. Segregation of duties
(a proposer cannot approve their own grant) is the ledger's own rule and holds between
the authenticated people the tokens name.

The docs' table of roles is generated from :data:`ROLES` (``umkm_ledger.reference``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["ROLES", "ROLE_DUTIES", "Permission", "check_role", "may"]


class Permission(enum.Enum):
    """One kind of thing a request does."""

    #: Queries and pages: progress, enterprises, grants, funds, anomalies, trails.
    READ = "read"
    #: Registering enterprises, their reports and NIBs, enrolments, mentoring, Bimtek.
    RECORD = "record"
    #: Proposing grants, checking eligibility, handing aid over with a BAST.
    PROPOSE = "propose"
    #: Planning programs, indicators and targets; funders and their allocations.
    PLAN = "plan"
    #: Approving and rejecting grants.
    APPROVE = "approve"
    #: Checking the log's integrity (``audit verify``).
    VERIFY = "verify"
    #: Seeing owners' and trainees' names, birth years and addresses (NIKs stay masked);
    #: without it, reads show them as the feed does (left out, NIKs masked).
    PERSONAL = "personal"
    #: Reading the event feed (CloudEvents), as a page, a long poll or a stream.
    FEED = "feed"


_P = Permission

#: Each role and what it may do.
ROLES: Mapping[str, frozenset[Permission]] = MappingProxyType(
    {
        "petugas": frozenset({_P.READ, _P.PERSONAL, _P.RECORD, _P.PROPOSE}),
        "kepala-dinas": frozenset({_P.READ, _P.PERSONAL, _P.PLAN, _P.APPROVE}),
        "auditor": frozenset({_P.READ, _P.VERIFY, _P.FEED}),
        "consumer": frozenset({_P.FEED}),
    }
)

#: Who each role is, in words (for the docs and ``token issue --help``).
ROLE_DUTIES: Mapping[str, str] = MappingProxyType(
    {
        "petugas": N_("an officer of the dinas: registers, records and proposes"),
        "kepala-dinas": N_("the head of the dinas: plans programs and funds, approves grants"),
        "auditor": N_("an auditor (Inspektorat, BPK): reads, verifies, follows the feed"),
        "consumer": N_("another system (SIDT-KUMKM, a dashboard): follows the feed only"),
    }
)


def check_role(role: object, field: str = "role") -> str:
    """``role`` if it is one of :data:`ROLES`, else :class:`InvalidValue` naming them."""
    if isinstance(role, str) and role in ROLES:
        return role
    raise InvalidValue(field, role, N_("must be one of {roles}", roles=tuple(ROLES)))


def may(role: str, permission: Permission) -> bool:
    """Whether a token in ``role`` may do what ``permission`` names."""
    return permission in ROLES.get(role, frozenset())
