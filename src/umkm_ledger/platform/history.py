"""A record's history as people read it: each event with its envelope, a one-line
summary, what it corrects and what later corrected it.

Each summary is a :class:`~umkm_ledger.kernel.errors.Message`: English as text (what
``EventRecord.summary`` prints and compares as), with its template and parameters, so
that the command line and reports say it in the reader's language. Money is formatted for
the reader's locale; words of the ledger's vocabulary (statuses, actions, kinds) are
translated; names and ids are shown as recorded. NIKs never appear (owners are named).

Each context writes the summaries of its own events (its ``summaries`` module) and
registers them here (:func:`register_summaries`); corrections and status changes, which
every record has, are summarised here.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.kernel.values.person import is_personal

__all__ = [
    "HIDDEN",
    "EventRecord",
    "Summary",
    "describe",
    "event_records",
    "register_summaries",
    "semicolons",
    "short_id",
    "shown_fields",
    "without_personal",
]

#: How an event is summarised: from its fields and the reader's locale.
Summary = Callable[[dict[str, Any], str], Message]


@attrs.frozen
class EventRecord:
    """One event of a history, with its audit envelope and what it corrects."""

    aggregate_id: UUID
    version: int
    kind: str
    summary: str
    effective_date: date
    recorded_at: datetime
    user_id: str
    role: str
    command_id: str
    source_system: str
    reason: str | None
    #: The fields the event asserts (values as recorded, NIKs included: handle with care).
    fields: Mapping[str, Any] = attrs.field(repr=False)
    #: For a correction: the version it corrects.
    corrects: int | None = None
    #: Versions of the later corrections of this event.
    corrected_by: tuple[int, ...] = ()


def semicolons(parts: Sequence[str]) -> Message:
    """Parts of a description joined with "; ", each translated where it is a Message."""
    joined = N_(parts[0]) if parts else Message("")
    for part in parts[1:]:
        joined = N_("{first}; {then}", first=joined, then=N_(part))
    return joined


def short_id(value: object) -> str:
    """An id as summaries show it: its first eight characters."""
    return str(value)[:8]


def _corrected(f: dict[str, Any], locale: str) -> Message:
    changes = ", ".join(
        f"{name} = {_shown(value, locale)}" for name, value in sorted(f["changes"].items())
    )
    return N_(
        "corrected {kind} (version {version}): {changes}",
        kind=f["corrects_kind"],
        version=f["corrects_version"],
        changes=changes,
    )


def _shown(value: object, locale: str) -> str:
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


# By event class name (every record's ``Corrected``), or ``Record.Event`` where records
# share an event's name but not its meaning (``Funder.Registered``).
_SUMMARIES: dict[str, Summary] = {"Corrected": _corrected, "StatusChanged": _status_changed}


def register_summaries(summaries: Mapping[str, Summary]) -> None:
    """Summarise each event named in ``summaries`` (by ``Event`` or ``Record.Event``)."""
    taken = sorted(set(summaries) & set(_SUMMARIES))
    if taken:
        raise ValueError(f"events already summarised: {', '.join(taken)}")
    _SUMMARIES.update(summaries)


#: What a summary shows instead of a person's name to a reader without the right to it.
HIDDEN = "***"


def without_personal(value: Any) -> Any:
    """``value`` with the text of every personal field (a person's name) replaced by
    :data:`HIDDEN`, in value objects however deeply nested; NIKs stay (summaries mask them)."""
    if isinstance(value, tuple | list):
        return type(value)(without_personal(item) for item in value)
    if isinstance(value, dict):
        return {key: without_personal(item) for key, item in value.items()}
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            current = getattr(value, field.name)
            if is_personal(field) and isinstance(current, str) and current != HIDDEN:
                changes[field.name] = HIDDEN
            elif attrs.has(type(current)) or isinstance(current, tuple | list | dict):
                changes[field.name] = without_personal(current)
        return attrs.evolve(value, **changes) if changes else value
    return value


def _marked(event_class: object, flag: str) -> set[str]:
    """The fields of an event class whose metadata has ``flag`` (``personal``,
    ``credential``)."""
    if not (isinstance(event_class, type) and dataclasses.is_dataclass(event_class)):
        return set()
    return {f.name for f in dataclasses.fields(event_class) if f.metadata.get(flag)}


def _hidden_names(event_class: object, personal: bool) -> set[str]:
    return _marked(event_class, "credential") | (
        set() if personal else _marked(event_class, "personal")
    )


def _with_hidden(values: Mapping[str, Any], names: set[str], hidden: str | None) -> dict[str, Any]:
    return {
        name: (hidden if isinstance(value, str) else None) if name in names else value
        for name, value in values.items()
    }


def shown_fields(
    event: LedgerAggregate.Event, *, personal: bool = True, hidden: str | None = None
) -> dict[str, Any]:
    """An event's own fields as a reader may see them: a credential's digest never, and,
    for a reader without the right to personal data (``personal=False``), no field its
    class marks personal (nor, in a correction, the corrected value of one) and no
    person's name in a value object. Hidden texts become ``hidden``, other values None."""
    fields = _with_hidden(event.fact_fields(), _hidden_names(type(event), personal), hidden)
    if isinstance(event, LedgerAggregate.Corrected):
        owner = vars(sys.modules[type(event).__module__]).get(
            type(event).__qualname__.partition(".")[0]
        )
        corrected = getattr(owner, event.corrects_kind, None)
        # A corrected kind not found (it cannot happen today): hide every change, not none.
        names = set(event.changes) if corrected is None and not personal else set()
        names |= _hidden_names(corrected, personal)
        fields["changes"] = _with_hidden(event.changes, names, hidden)
    return fields if personal else dict(without_personal(fields))


def describe(event: LedgerAggregate.Event, locale: str = "en", *, personal: bool = True) -> Message:
    """A one-line description of ``event``: English as text, numbers formatted for
    ``locale``; a :class:`Message` that the presentation can translate. ``personal=False``:
    for a reader without the right to personal data, people's names are :data:`HIDDEN`."""
    kind = type(event).__name__
    describer = _SUMMARIES.get(type(event).__qualname__) or _SUMMARIES.get(kind)
    fields = shown_fields(event, personal=personal, hidden=HIDDEN)
    if describer is None:
        return Message(kind)
    return describer(fields, locale)


def event_records(
    events: Sequence[LedgerAggregate.Event], locale: str, *, personal: bool = True
) -> list[EventRecord]:
    """A record's events as histories show them: each with its envelope, a summary, what
    it corrects and what later corrected it (``events``: all of one record's, in order).
    ``personal=False``: the summaries name no person (:func:`describe`), the fields hold
    no personal data (:func:`shown_fields`) and command ids are hidden."""
    corrected_by: dict[int, list[int]] = {}
    for event in events:
        if isinstance(event, LedgerAggregate.Corrected):
            corrected_by.setdefault(event.corrects_version, []).append(event.originator_version)
    return [
        EventRecord(
            aggregate_id=event.originator_id,
            version=event.originator_version,
            kind=type(event).__name__,
            summary=describe(event, locale, personal=personal),
            effective_date=event.envelope.effective_date,
            recorded_at=event.timestamp,
            user_id=event.envelope.actor.user_id,
            role=event.envelope.actor.role,
            # Callers choose command ids and may build them of personal data.
            command_id=event.envelope.command_id if personal else HIDDEN,
            source_system=event.envelope.source_system,
            reason=event.envelope.reason,
            fields=shown_fields(event, personal=personal),
            corrects=(
                event.corrects_version if isinstance(event, LedgerAggregate.Corrected) else None
            ),
            corrected_by=tuple(corrected_by.get(event.originator_version, ())),
        )
        for event in events
    ]
