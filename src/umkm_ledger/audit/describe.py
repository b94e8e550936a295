"""One-line descriptions of events, for timelines and histories.

Each description is a :class:`~umkm_ledger.kernel.errors.Message`: English as text (what
``EventRecord.summary`` prints and compares as), with its template and parameters, so
that the command line and reports say it in the reader's language. Money is formatted for
the reader's locale; words of the ledger's vocabulary (statuses, actions, kinds) are
translated; names and ids are shown as recorded. NIKs never appear (owners are named).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from umkm_ledger.enterprises.classification import Classification
from umkm_ledger.enterprises.readmodels import EventRecord
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.kernel.values import Rupiah

__all__ = ["describe", "event_records", "semicolons"]

_Describer = Callable[[dict[str, Any], str], Message]


def semicolons(parts: Sequence[str]) -> Message:
    """Parts of a description joined with "; ", each translated where it is a Message."""
    joined = N_(parts[0]) if parts else Message("")
    for part in parts[1:]:
        joined = N_("{first}; {then}", first=joined, then=N_(part))
    return joined


def _classification(c: Classification, locale: str) -> Message:
    return N_(
        "{size_class} by {basis} {figure} under {regulation}",
        size_class=c.size_class.value,
        basis=N_(c.basis.value),
        figure=c.figure.format(locale),
        regulation=c.regulation.value,
    )


def _short(value: object) -> str:
    return str(value)[:8]


def _registered(f: dict[str, Any], locale: str) -> Message:
    said = {
        "name": f["name"],
        "owners": ", ".join(o.name for o in f["owners"]),
        "desa": f["address"].desa,
        "sector": f["sector"],
        "founded": f["founded_on"],
    }
    if f.get("nib"):
        return N_(
            "registered {name!r} (owners: {owners}) in desa {desa}, sector {sector}, "
            "founded {founded} with NIB {nib}",
            nib=f["nib"],
            **said,
        )
    return N_(
        "registered {name!r} (owners: {owners}) in desa {desa}, sector {sector}, founded {founded}",
        **said,
    )


def _reclassified(f: dict[str, Any], locale: str) -> Message:
    previous = f["previous"]
    new = _classification(f["classification"], locale)
    if previous is None:
        return N_("classified {classification}", classification=new)
    if f["classification"].size_class.is_above(previous):
        return N_(
            "naik kelas: {previous} → {classification}",
            previous=previous.value,
            classification=new,
        )
    return N_("{previous} → {classification}", previous=previous.value, classification=new)


def _corrected(f: dict[str, Any], locale: str) -> Message:
    changes = ", ".join(
        f"{name} = {_value(value, locale)}" for name, value in sorted(f["changes"].items())
    )
    return N_(
        "corrected {kind} (version {version}): {changes}",
        kind=f["corrects_kind"],
        version=f["corrects_version"],
        changes=changes,
    )


def _value(value: object, locale: str) -> str:
    if isinstance(value, Rupiah):
        return value.format(locale)
    if isinstance(value, tuple):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    return str(value)


def _status_changed(f: dict[str, Any], _locale: str) -> Message:
    return N_(
        "{action}: {previous} → {status}",
        action=N_(f["action"].value),
        previous=N_(f["previous"].value),
        status=N_(f["status"].value),
    )


_DESCRIBERS: dict[str, _Describer] = {
    "Registered": _registered,
    "NibRecorded": lambda f, _: N_("NIB {nib} recorded", nib=f["nib"]),
    "SalesReported": lambda f, loc: N_(
        "sales for {year}: {amount}", year=f["year"], amount=f["amount"].format(loc)
    ),
    "CapitalReported": lambda f, loc: N_(
        "capital reported: {amount}", amount=f["amount"].format(loc)
    ),
    "Reclassified": _reclassified,
    "StatusChanged": _status_changed,
    "SuspectedDuplicateFlagged": lambda f, _: N_(
        "suspected duplicate of {others}", others=", ".join(_short(o) for o in f["others"])
    ),
    "DuplicateDismissed": lambda f, _: N_(
        "confirmed distinct from {other}", other=_short(f["other"])
    ),
    "MergedInto": lambda f, _: N_(
        "merged into {survivor} as a duplicate", survivor=_short(f["survivor"])
    ),
    "DuplicateAbsorbed": lambda f, _: N_(
        "absorbed duplicate record {duplicate}", duplicate=_short(f["duplicate"])
    ),
    "Corrected": _corrected,
    "JoinedGroup": lambda f, _: N_("joined group {group}", group=_short(f["group_id"])),
    "LeftGroup": lambda f, _: N_("left group {group}", group=_short(f["group_id"])),
    "Formed": lambda f, _: N_(
        "{kind} {name!r} formed in {region}, founded {founded}",
        kind=f["kind"].value,
        name=f["name"],
        region=f["region"],
        founded=f["founded_on"],
    ),
    "MemberJoined": lambda f, _: N_(
        "member joined: {enterprise}", enterprise=_short(f["enterprise_id"])
    ),
    "MemberLeft": lambda f, _: N_(
        "member left: {enterprise}", enterprise=_short(f["enterprise_id"])
    ),
    "ChairpersonAppointed": lambda f, _: N_(
        "chairperson appointed: owner of {enterprise}", enterprise=_short(f["enterprise_id"])
    ),
    "Dissolved": lambda f, _: N_("group dissolved"),
}


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
        beneficiary=_short(f["beneficiary_id"]),
        what=_items(f["items"]) or f["cash"].format(loc),
    )


def _checked(f: dict[str, Any], _loc: str) -> Message:
    if f["passed"]:
        return N_("eligible")
    return N_("not eligible: {reasons}", reasons=semicolons(f["reasons"]))


# Events of the funding side, named with their aggregate (``Funder.Registered`` is not
# an enterprise's ``Registered``).
_DESCRIBERS.update(
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
            grant=_short(f["grant_id"]),
        ),
        # ``why``: one of _RELEASED.
        "Allocation.Released": lambda f, loc: N_(
            "{amount} released from grant {grant} ({why})",
            amount=f["amount"].format(loc),
            grant=_short(f["grant_id"]),
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


#: Why money went back to an allocation, as the ledger records it (``Released.why``).
_RELEASED = (N_("cancelled"), N_("revoked"), N_("goods returned"), N_("loan repaid"))


def _people(f: dict[str, Any]) -> str:
    return ", ".join(nik.masked() for nik in f["present"])


def _enrolled(f: dict[str, Any], _loc: str) -> Message:
    program = _short(f["program_id"])
    if f["funders"]:
        return N_(
            "enrolled as binaan of program {program} (claimed by {funders})",
            program=program,
            funders=", ".join(f["funders"]),
        )
    return N_("enrolled as binaan of program {program}", program=program)


def _held(f: dict[str, Any], _loc: str) -> Message:
    said = N_(
        "mentoring held, {minutes} min, {attended} attended",
        minutes=f["duration_minutes"],
        attended=len(f["attended"]),
    )
    if f["follow_ups"]:
        said = N_(
            "{said}; follow-up: {actions}",
            said=said,
            actions=", ".join(a.action for a in f["follow_ups"]),
        )
    if f["notes"]:
        said = N_("{said}; notes: {notes}", said=said, notes=f["notes"])
    return said


def _organised(f: dict[str, Any], _loc: str) -> Message:
    said = {
        "title": f["title"],
        "organiser": f["organiser"],
        "venue": f["venue"],
        "days": ", ".join(d.isoformat() for d in f["days"]),
    }
    if f["partner"]:
        return N_(
            "training {title!r} organised by {organiser} with {partner} at {venue}, {days}",
            partner=f["partner"],
            **said,
        )
    return N_("training {title!r} organised by {organiser} at {venue}, {days}", **said)


def _participated(f: dict[str, Any], loc: str) -> Message:
    said = (
        N_(
            "took part in the exhibition with {products}: {outcome}",
            products=", ".join(f["products"]),
            outcome=f["outcome"],
        )
        if f["products"]
        else N_("took part in the exhibition: {outcome}", outcome=f["outcome"])
    )
    if f["sales"] is None:
        return said
    return N_("{said} (sales {sales})", said=said, sales=f["sales"].format(loc))


def _completed(f: dict[str, Any], _loc: str) -> Message:
    if f["certificate"]:
        return N_(
            "training completed ({nik}), certificate {certificate}",
            nik=f["nik"].masked(),
            certificate=f["certificate"],
        )
    return N_("training completed ({nik})", nik=f["nik"].masked())


# Enrolments, and what an office does between grants.
_DESCRIBERS.update(
    {
        "Enrollment.Enrolled": _enrolled,
        "Enrollment.Exited": lambda f, _: N_("left the program"),
        "Enrollment.Reenrolled": lambda f, _: N_("enrolled again"),
        "Enrollment.AttributionClaimed": lambda f, _: N_(
            "claimed by funder {funder}", funder=f["funder"]
        ),
        "MentoringSession.Scheduled": lambda f, _: N_(
            "mentoring planned for {planned_on} with {mentor} ({mentor_kind}) on {topics}, "
            "for {count} enterprise(s)",
            planned_on=f["planned_on"].isoformat(),
            mentor=f["mentor"].name,
            mentor_kind=N_(f["mentor"].kind.value),
            topics=", ".join(f["topics"]),
            count=len(f["enterprise_ids"]),
        ),
        "MentoringSession.Rescheduled": lambda f, _: N_(
            "mentoring moved to {planned_on}", planned_on=f["planned_on"].isoformat()
        ),
        "MentoringSession.Held": _held,
        "MentoringSession.Cancelled": lambda f, _: N_("mentoring cancelled"),
        "MentoringSession.NoShow": lambda f, _: N_("mentoring: nobody came"),
        "MentoringSession.FollowUpCompleted": lambda f, _: N_(
            "follow-up {line} done", line=f["line"]
        ),
        "Training.Organised": _organised,
        "Training.ParticipantRegistered": lambda f, _: N_(
            "{name} registered for the training", name=f["participant"].person.name
        ),
        "Training.AttendanceRecorded": lambda f, _: N_(
            "attendance list: {count} present ({people})",
            count=len(f["present"]),
            people=_people(f),
        ),
        "Training.Completed": _completed,
        "Training.GrantLinked": lambda f, _: N_(
            "aid handed over: grant {grant}", grant=_short(f["grant_id"])
        ),
        "Training.Cancelled": lambda f, _: N_("training cancelled"),
        "Consultation.Consulted": lambda f, _: N_(
            "consulted {consultant} at {place} on {topic}: {outcome}",
            consultant=f["consultant"].name,
            place=f["place"],
            topic=f["topic"],
            outcome=f["outcome"],
        ),
        "Exhibition.Organised": lambda f, _: N_(
            "exhibition {name!r} by {organiser} at {venue}",
            name=f["name"],
            organiser=f["organiser"],
            venue=f["venue"],
        ),
        "Exhibition.Participated": _participated,
    }
)


def _target(f: dict[str, Any], _locale: str) -> Message:
    target = f["target"]
    said = {
        "indicator": f["indicator_key"],
        "value": target.value,
        "periods": ", ".join(p.label for p in target.periods),
    }
    if target.per_area is None:
        return N_("target of {indicator}: {value}, for {periods}", **said)
    return N_(
        "target of {indicator}: {value} per {per_area} in {areas}, for {periods}",
        per_area=target.per_area.label,
        areas=", ".join(str(a) for a in target.areas),
        **said,
    )


def _opening_balance(f: dict[str, Any], _locale: str) -> Message:
    said = {"indicator": f["indicator_key"], "value": f["value"], "source": f["source_document"]}
    if f["area"] is None:
        return N_("opening balance of {indicator}: {value} (source: {source})", **said)
    return N_(
        "opening balance of {indicator}: {value} in {area} (source: {source})",
        area=f["area"],
        **said,
    )


# A program's own events: what it is, and what it reports on.
_DESCRIBERS.update(
    {
        "Program.Planned": lambda f, _: N_(
            "program {name!r} planned by {agency} for {scope}, {period}",
            name=f["name"],
            agency=f["agency"],
            scope=", ".join(str(s) for s in f["scope"]),
            period=f["period"].label,
        ),
        "Program.IndicatorDefined": lambda f, _: N_(
            "indicator {key} ({kind}) defined: {title}",
            key=f["indicator"].key,
            kind=f["indicator"].kind,
            title=f["indicator"].title,
        ),
        "Program.TargetSet": _target,
        "Program.OpeningBalanceRecorded": _opening_balance,
    }
)


def describe(event: LedgerAggregate.Event, locale: str = "en") -> Message:
    """A one-line description of ``event``: English as text, numbers formatted for
    ``locale``; a :class:`Message` that the presentation can translate."""
    kind = type(event).__name__
    describer = _DESCRIBERS.get(type(event).__qualname__) or _DESCRIBERS.get(kind)
    fields = event.fact_fields()
    if describer is None:
        return Message(kind)
    return describer(fields, locale)


def event_records(events: Sequence[LedgerAggregate.Event], locale: str) -> list[EventRecord]:
    """A record's events as histories show them: each with its envelope, a summary, what
    it corrects and what later corrected it (``events``: all of one record's, in order)."""
    corrected_by: dict[int, list[int]] = {}
    for event in events:
        if isinstance(event, LedgerAggregate.Corrected):
            corrected_by.setdefault(event.corrects_version, []).append(event.originator_version)
    return [
        EventRecord(
            aggregate_id=event.originator_id,
            version=event.originator_version,
            kind=type(event).__name__,
            summary=describe(event, locale),
            effective_date=event.envelope.effective_date,
            recorded_at=event.timestamp,
            user_id=event.envelope.actor.user_id,
            role=event.envelope.actor.role,
            command_id=event.envelope.command_id,
            source_system=event.envelope.source_system,
            reason=event.envelope.reason,
            fields=event.fact_fields(),
            corrects=(
                event.corrects_version if isinstance(event, LedgerAggregate.Corrected) else None
            ),
            corrected_by=tuple(corrected_by.get(event.originator_version, ())),
        )
        for event in events
    ]
