"""One-line descriptions of events, for timelines and histories.

Money is formatted for the reader's locale; NIKs never appear (owners are named).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from umkm_ledger.domain.base import LedgerAggregate
from umkm_ledger.domain.classification import Classification
from umkm_ledger.domain.values import Rupiah
from umkm_ledger.readmodels import EventRecord

__all__ = ["describe", "event_records"]


def _classification(c: Classification, locale: str) -> str:
    return (
        f"{c.size_class.value} by {c.basis.value} {c.figure.format(locale)} "
        f"under {c.regulation.value}"
    )


def _short(value: object) -> str:
    return str(value)[:8]


def _registered(f: dict[str, Any], locale: str) -> str:
    owners = ", ".join(o.name for o in f["owners"])
    nib = f" with NIB {f['nib']}" if f.get("nib") else ""
    return (
        f"registered {f['name']!r} (owners: {owners}) in desa {f['address'].desa}, "
        f"sector {f['sector']}, founded {f['founded_on']}{nib}"
    )


def _reclassified(f: dict[str, Any], locale: str) -> str:
    previous = f["previous"]
    new = f["classification"]
    if previous is None:
        return f"classified {_classification(new, locale)}"
    direction = "naik kelas: " if new.size_class.is_above(previous) else ""
    return f"{direction}{previous.value} → {_classification(new, locale)}"


def _corrected(f: dict[str, Any], locale: str) -> str:
    changes = ", ".join(
        f"{name} = {_value(value, locale)}" for name, value in sorted(f["changes"].items())
    )
    return f"corrected {f['corrects_kind']} (version {f['corrects_version']}): {changes}"


def _value(value: object, locale: str) -> str:
    if isinstance(value, Rupiah):
        return value.format(locale)
    if isinstance(value, tuple):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    return str(value)


_DESCRIBERS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "Registered": _registered,
    "NibRecorded": lambda f, _: f"NIB {f['nib']} recorded",
    "SalesReported": lambda f, loc: f"sales for {f['year']}: {f['amount'].format(loc)}",
    "CapitalReported": lambda f, loc: f"capital reported: {f['amount'].format(loc)}",
    "Reclassified": _reclassified,
    "StatusChanged": lambda f, _: (
        f"{f['action'].value}: {f['previous'].value} → {f['status'].value}"
    ),
    "SuspectedDuplicateFlagged": lambda f, _: (
        "suspected duplicate of " + ", ".join(_short(o) for o in f["others"])
    ),
    "DuplicateDismissed": lambda f, _: f"confirmed distinct from {_short(f['other'])}",
    "MergedInto": lambda f, _: f"merged into {_short(f['survivor'])} as a duplicate",
    "DuplicateAbsorbed": lambda f, _: f"absorbed duplicate record {_short(f['duplicate'])}",
    "Corrected": _corrected,
    "JoinedGroup": lambda f, _: f"joined group {_short(f['group_id'])}",
    "LeftGroup": lambda f, _: f"left group {_short(f['group_id'])}",
    "Formed": lambda f, _: (
        f"{f['kind'].value} {f['name']!r} formed in {f['region']}, founded {f['founded_on']}"
    ),
    "MemberJoined": lambda f, _: f"member joined: {_short(f['enterprise_id'])}",
    "MemberLeft": lambda f, _: f"member left: {_short(f['enterprise_id'])}",
    "ChairpersonAppointed": lambda f, _: (
        f"chairperson appointed: owner of {_short(f['enterprise_id'])}"
    ),
    "Dissolved": lambda f, _: "group dissolved",
}

# Events of the funding side, named with their aggregate (``Funder.Registered`` is not
# an enterprise's ``Registered``).
_DESCRIBERS.update(
    {
        "Funder.Registered": lambda f, _: f"funder {f['name']!r} registered ({f['source'].value})",
        "Allocation.Allocated": lambda f, loc: (
            f"{'pledged' if f['pledged'] else 'allocated'} {f['amount'].format(loc)} by "
            f"{f['funder']} for {f['fiscal_year']}, {f['instrument'].value}"
        ),
        "Allocation.Posted": lambda f, loc: f"pledge posted: {f['amount'].format(loc)}",
        "Allocation.Amended": lambda f, loc: f"amended to {f['amount'].format(loc)}",
        "Allocation.Withdrawn": lambda f, _: "pledge withdrawn",
        "Allocation.Committed": lambda f, loc: (
            f"{f['amount'].format(loc)} committed to grant {_short(f['grant_id'])}"
        ),
        "Allocation.Released": lambda f, loc: (
            f"{f['amount'].format(loc)} released from grant {_short(f['grant_id'])} ({f['why']})"
        ),
        "Grant.Proposed": lambda f, loc: (
            f"proposed {f['value'].format(loc)} of {f['instrument'].value} from {f['funder']} "
            f"for {f['beneficiary_kind']} {_short(f['beneficiary_id'])}: "
            + (
                ", ".join(f"{i.quantity} × {i.description}" for i in f["items"])
                or f["cash"].format(loc)
            )
        ),
        "Grant.EligibilityChecked": lambda f, _: (
            "eligible" if f["passed"] else "not eligible: " + "; ".join(f["reasons"])
        ),
        "Grant.Approved": lambda f, loc: f"approved, committing {f['value'].format(loc)}",
        "Grant.Rejected": lambda f, _: "rejected",
        "Grant.HandedOver": lambda f, loc: (
            f"handed over (BAST {f['bast_number']}) at {f['place']}: "
            + (
                ", ".join(f"{d.quantity} × {d.description}" for d in f["deliveries"])
                or f["cash"].format(loc)
            )
            + f", worth {f['value'].format(loc)}"
            + (f"; witnesses: {', '.join(f['witnesses'])}" if f["witnesses"] else "")
        ),
        "Grant.Acknowledged": lambda f, _: (
            f"BAST {f['bast_number']} acknowledged by {f['recipient']}"
        ),
        "Grant.Monitored": lambda f, _: (
            f"monitored by {f['seen_by']}: {f['condition'].value}"
            + (f" ({f['note']})" if f["note"] else "")
        ),
        "Grant.OutcomeReported": lambda f, loc: (
            "outcome: "
            + "; ".join(
                part
                for part in (
                    f"sales before {f['sales_before'].format(loc)}" if f["sales_before"] else "",
                    f"sales after {f['sales_after'].format(loc)}" if f["sales_after"] else "",
                    f["note"],
                )
                if part
            )
        ),
        "Grant.GoodsReturned": lambda f, loc: (
            "returned: "
            + ", ".join(f"{d.quantity} × {d.description}" for d in f["deliveries"])
            + f" ({f['released'].format(loc)} released)"
        ),
        "Grant.Repaid": lambda f, loc: f"loan repaid: {f['released'].format(loc)}",
        "Grant.Cancelled": lambda f, loc: f"cancelled ({f['released'].format(loc)} released)",
        "Grant.Revoked": lambda f, loc: f"revoked ({f['released'].format(loc)} released)",
        "KurReferral.Referred": lambda f, loc: (
            f"referred to {f['bank']} for KUR of {f['amount_requested'].format(loc)}"
        ),
        "KurReferral.BankApproved": lambda f, loc: (
            f"bank approved KUR of {f['amount'].format(loc)} (ref. {f['bank_reference']})"
        ),
        "KurReferral.BankDeclined": lambda f, _: f"bank declined (ref. {f['bank_reference']})",
        "Refusal.Recorded": lambda f, _: f"refused: {f['action']} ({f['rule']})",
    }
)


def _people(f: dict[str, Any]) -> str:
    return ", ".join(nik.masked() for nik in f["present"])


# Enrolments, and what an office does between grants.
_DESCRIBERS.update(
    {
        "Enrollment.Enrolled": lambda f, _: (
            f"enrolled as binaan of program {_short(f['program_id'])}"
            + (f" (claimed by {', '.join(f['funders'])})" if f["funders"] else "")
        ),
        "Enrollment.Exited": lambda f, _: "left the program",
        "Enrollment.Reenrolled": lambda f, _: "enrolled again",
        "Enrollment.AttributionClaimed": lambda f, _: f"claimed by funder {f['funder']}",
        "MentoringSession.Scheduled": lambda f, _: (
            f"mentoring planned for {f['planned_on'].isoformat()} with {f['mentor'].name} "
            f"({f['mentor'].kind.value}) on {', '.join(f['topics'])}, for "
            f"{len(f['enterprise_ids'])} enterprise(s)"
        ),
        "MentoringSession.Rescheduled": lambda f, _: (
            f"mentoring moved to {f['planned_on'].isoformat()}"
        ),
        "MentoringSession.Held": lambda f, _: (
            f"mentoring held, {f['duration_minutes']} min, {len(f['attended'])} attended"
            + (
                f"; follow-up: {', '.join(a.action for a in f['follow_ups'])}"
                if f["follow_ups"]
                else ""
            )
            + (f"; notes: {f['notes']}" if f["notes"] else "")
        ),
        "MentoringSession.Cancelled": lambda f, _: "mentoring cancelled",
        "MentoringSession.NoShow": lambda f, _: "mentoring: nobody came",
        "MentoringSession.FollowUpCompleted": lambda f, _: f"follow-up {f['line']} done",
        "Training.Organised": lambda f, _: (
            f"training {f['title']!r} organised by {f['organiser']}"
            + (f" with {f['partner']}" if f["partner"] else "")
            + f" at {f['venue']}, {', '.join(d.isoformat() for d in f['days'])}"
        ),
        "Training.ParticipantRegistered": lambda f, _: (
            f"{f['participant'].person.name} registered for the training"
        ),
        "Training.AttendanceRecorded": lambda f, _: (
            f"attendance list: {len(f['present'])} present ({_people(f)})"
        ),
        "Training.Completed": lambda f, _: (
            f"training completed ({f['nik'].masked()})"
            + (f", certificate {f['certificate']}" if f["certificate"] else "")
        ),
        "Training.GrantLinked": lambda f, _: f"aid handed over: grant {_short(f['grant_id'])}",
        "Training.Cancelled": lambda f, _: "training cancelled",
        "Consultation.Consulted": lambda f, _: (
            f"consulted {f['consultant'].name} at {f['place']} on {f['topic']}: {f['outcome']}"
        ),
        "Exhibition.Organised": lambda f, _: (
            f"exhibition {f['name']!r} by {f['organiser']} at {f['venue']}"
        ),
        "Exhibition.Participated": lambda f, loc: (
            "took part in the exhibition"
            + (f" with {', '.join(f['products'])}" if f["products"] else "")
            + f": {f['outcome']}"
            + (f" (sales {f['sales'].format(loc)})" if f["sales"] is not None else "")
        ),
    }
)


def describe(event: LedgerAggregate.Event, locale: str = "en") -> str:
    """A one-line description of ``event`` in English, numbers formatted for ``locale``."""
    kind = type(event).__name__
    describer = _DESCRIBERS.get(type(event).__qualname__) or _DESCRIBERS.get(kind)
    fields = event.fact_fields()
    if describer is None:
        return kind
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
