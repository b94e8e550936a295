"""Summaries of the funding events (see :mod:`umkm_ledger.platform.history`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.platform.history import register_summaries, semicolons, short_id


def _items(things: Sequence[Any]) -> str:
    return ", ".join(f"{i.quantity} × {i.description}" for i in things)


def _allocated(f: dict[str, Any], loc: str) -> Message:
    said = {
        "amount": f["amount"].format(loc),
        "funder": f["funder"],
        "year": f["fiscal_year"],
        "instrument": N_(f["instrument"].value),
    }
    if f["pledged"]:
        return N_("pledged {amount} by {funder} for {year}, {instrument}", **said)
    return N_("allocated {amount} by {funder} for {year}, {instrument}", **said)


def _handed_over(f: dict[str, Any], loc: str) -> Message:
    said = N_(
        "handed over (BAST {bast}) at {place}: {what}, worth {value}",
        bast=f["bast_number"],
        place=f["place"],
        what=_items(f["deliveries"]) or f["cash"].format(loc),
        value=f["value"].format(loc),
    )
    if not f["witnesses"]:
        return said
    return N_("{said}; witnesses: {witnesses}", said=said, witnesses=", ".join(f["witnesses"]))


def _monitored(f: dict[str, Any], _loc: str) -> Message:
    said = {"seen_by": f["seen_by"], "condition": N_(f["condition"].value)}
    if f["note"]:
        return N_("monitored by {seen_by}: {condition} ({note})", note=f["note"], **said)
    return N_("monitored by {seen_by}: {condition}", **said)


def _outcome(f: dict[str, Any], loc: str) -> Message:
    parts: list[str] = []
    if f["sales_before"]:
        parts.append(N_("sales before {amount}", amount=f["sales_before"].format(loc)))
    if f["sales_after"]:
        parts.append(N_("sales after {amount}", amount=f["sales_after"].format(loc)))
    if f["note"]:
        parts.append(N_("{text}", text=f["note"]))  # the note as written
    return N_("outcome: {parts}", parts=semicolons(parts))


def _proposed(f: dict[str, Any], loc: str) -> Message:
    return N_(
        "proposed {value} of {instrument} from {funder} for {kind} {beneficiary}: {what}",
        value=f["value"].format(loc),
        instrument=N_(f["instrument"].value),
        funder=f["funder"],
        kind=N_(f["beneficiary_kind"]),
        beneficiary=short_id(f["beneficiary_id"]),
        what=_items(f["items"]) or f["cash"].format(loc),
    )


def _checked(f: dict[str, Any], _loc: str) -> Message:
    if f["passed"]:
        return N_("eligible")
    return N_("not eligible: {reasons}", reasons=semicolons(f["reasons"]))


#: Why money went back to an allocation, as the ledger records it (``Released.why``).
_RELEASED = (N_("cancelled"), N_("revoked"), N_("goods returned"), N_("loan repaid"))


# Events of the funding side, named with their aggregate (``Funder.Registered`` is not
# an enterprise's ``Registered``).
register_summaries(
    {
        "Funder.Registered": lambda f, _: N_(
            "funder {name!r} registered ({source})", name=f["name"], source=f["source"].value
        ),
        "Allocation.Allocated": _allocated,
        "Allocation.Posted": lambda f, loc: N_(
            "pledge posted: {amount}", amount=f["amount"].format(loc)
        ),
        "Allocation.Amended": lambda f, loc: N_(
            "amended to {amount}", amount=f["amount"].format(loc)
        ),
        "Allocation.Withdrawn": lambda f, _: N_("pledge withdrawn"),
        "Allocation.Committed": lambda f, loc: N_(
            "{amount} committed to grant {grant}",
            amount=f["amount"].format(loc),
            grant=short_id(f["grant_id"]),
        ),
        # ``why``: one of _RELEASED.
        "Allocation.Released": lambda f, loc: N_(
            "{amount} released from grant {grant} ({why})",
            amount=f["amount"].format(loc),
            grant=short_id(f["grant_id"]),
            why=N_(f["why"]),
        ),
        "Grant.Proposed": _proposed,
        "Grant.EligibilityChecked": _checked,
        "Grant.Approved": lambda f, loc: N_(
            "approved, committing {value}", value=f["value"].format(loc)
        ),
        "Grant.Rejected": lambda f, _: N_("rejected"),
        "Grant.HandedOver": _handed_over,
        "Grant.Acknowledged": lambda f, _: N_(
            "BAST {bast} acknowledged by {recipient}",
            bast=f["bast_number"],
            recipient=f["recipient"],
        ),
        "Grant.Monitored": _monitored,
        "Grant.OutcomeReported": _outcome,
        "Grant.GoodsReturned": lambda f, loc: N_(
            "returned: {items} ({released} released)",
            items=_items(f["deliveries"]),
            released=f["released"].format(loc),
        ),
        "Grant.Repaid": lambda f, loc: N_(
            "loan repaid: {released}", released=f["released"].format(loc)
        ),
        "Grant.Cancelled": lambda f, loc: N_(
            "cancelled ({released} released)", released=f["released"].format(loc)
        ),
        "Grant.Revoked": lambda f, loc: N_(
            "revoked ({released} released)", released=f["released"].format(loc)
        ),
        "KurReferral.Referred": lambda f, loc: N_(
            "referred to {bank} for KUR of {amount}",
            bank=f["bank"],
            amount=f["amount_requested"].format(loc),
        ),
        "KurReferral.BankApproved": lambda f, loc: N_(
            "bank approved KUR of {amount} (ref. {reference})",
            amount=f["amount"].format(loc),
            reference=f["bank_reference"],
        ),
        "KurReferral.BankDeclined": lambda f, _: N_(
            "bank declined (ref. {reference})", reference=f["bank_reference"]
        ),
        "Refusal.Recorded": lambda f, _: N_(
            "refused: {action} ({rule})", action=f["action"], rule=f["rule"]
        ),
    }
)
