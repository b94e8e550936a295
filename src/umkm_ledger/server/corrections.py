"""Who may correct which fact over HTTP: the role that may record such a fact.

A correction is a new event that changes an earlier one, so the right to correct follows
the right to record: an officer corrects a registration, the kepala dinas a program's
target or an approval. Refusals (the evidence of a blocked attempt) and API tokens are
not corrected over HTTP at all; their administrators use the Python API or the command
line, which whoever can open the database may.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from umkm_ledger.access.roles import Permission
from umkm_ledger.kernel.coerce import to_id
from umkm_ledger.ledger import Ledger
from umkm_ledger.server.auth import Caller, Forbidden

__all__ = ["CORRECTED_WITH", "check_correction"]

_P = Permission

#: Per kind of record (its class), the permission a correction of its facts needs;
#: None: not corrected over HTTP.
CORRECTED_WITH: Mapping[str, Permission | None] = MappingProxyType({
    "Enterprise": _P.RECORD, "BusinessGroup": _P.RECORD, "Enrolment": _P.RECORD,
    "MentoringSession": _P.RECORD, "Training": _P.RECORD, "Consultation": _P.RECORD,
    "Exhibition": _P.RECORD, "KurReferral": _P.RECORD,
    "Program": _P.PLAN, "Funder": _P.PLAN, "Allocation": _P.PLAN,
    "Grant": _P.PROPOSE,
    "Refusal": None, "ApiToken": None,
})  # fmt: skip
#: Facts whose correction needs more than their record's permission.
_FACTS: Mapping[tuple[str, str], Permission] = MappingProxyType({
    ("Grant", "Approved"): _P.APPROVE, ("Grant", "Rejected"): _P.APPROVE,
    ("Grant", "Revoked"): _P.APPROVE,
})  # fmt: skip


def check_correction(ledger: Ledger, caller: Caller, arguments: Mapping[str, Any]) -> None:
    """Refuse (:class:`Forbidden`) a correction the caller's role may not make; leave
    anything else wrong with it (no such record or version) to the ledger to say."""
    events = ledger.application.events_of(to_id(arguments["record_id"], "record_id"))
    record = type(events[0]).__qualname__.partition(".")[0]
    version = arguments.get("version")
    fact = (
        type(events[version - 1]).__name__
        if isinstance(version, int) and 0 < version <= len(events) else ""
    )  # fmt: skip
    needed = _FACTS.get((record, fact), CORRECTED_WITH.get(record))
    if needed is None:
        raise Forbidden(caller.token.role, None)
    if not caller.may(needed):
        raise Forbidden(caller.token.role, needed)
