"""Bitemporal replay: a record's history as of an effective date, as known at a moment.

Two times run through every fact (docs/explanation/design.md, "Two kinds of date"):

- *known at* (record time): only the events the ledger had recorded by that moment: "what
  did the ledger show then";
- *as of* (effective time): only the facts in force on that date, including facts
  recorded later about it: "what was true then". A correction of a fact's date moves the
  fact; a correction of its values is applied to it (the right value was true all along).

Both combine. Steps are listed in effective-date order (ties: as recorded), each correction
right after the fact it corrects, and each step shows the record's state after it: the
record is rebuilt from exactly the steps listed, in that order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.platform.history import EventRecord, event_records

__all__ = ["HistoryStep", "replay", "state_of"]

#: What a step shows of the record after it, where the record has it.
_STATE = (
    "status", "size_class", "nib", "amount", "value", "committed", "remaining",
    "delivered_value", "released", "condition", "planned_on",
)  # fmt: skip


@attrs.frozen
class HistoryStep:
    """One step of a replayed history."""

    event: EventRecord
    #: The date the fact is in force from (its effective date, or a correction's).
    on: date
    #: The record after this step (``status``, amounts...), as text.
    state: Mapping[str, str]


def state_of(record: Any, locale: str = "en") -> dict[str, str]:
    """A record's state as a few named texts (status, size class, amounts...)."""
    found: dict[str, str] = {}
    for name in _STATE:
        try:
            value = getattr(record, name)
        except (AttributeError, KeyError):
            continue
        if callable(value):
            value = value()
        if value is None:
            continue
        if isinstance(value, Rupiah):
            found[name] = value.format(locale)
        elif hasattr(value, "value") and not isinstance(value, int | str):
            found[name] = str(value.value)
        else:
            found[name] = str(value)
    for name in ("members", "participants", "commitments"):
        collection = getattr(record, name, None)
        if collection and not callable(collection):
            found[name] = str(len(collection))
    return found


def replay(
    events: Sequence[LedgerAggregate.Event],
    *,
    as_of: date | None = None,
    known_at: datetime | None = None,
    locale: str = "en",
) -> list[HistoryStep]:
    """The history of one record (``events``: all of them, in version order)."""
    known = [e for e in events if known_at is None or e.timestamp <= known_at]
    corrections = [e for e in known if isinstance(e, LedgerAggregate.Corrected)]
    on = {e.originator_version: e.envelope.effective_date for e in known}
    for correction in corrections:
        moved = correction.changes.get(EFFECTIVE_DATE)
        if isinstance(moved, date):
            on[correction.corrects_version] = moved
    facts = [
        e
        for e in known
        if not isinstance(e, LedgerAggregate.Corrected)
        and (as_of is None or on[e.originator_version] <= as_of)
    ]
    facts.sort(
        key=lambda e: (e.originator_version != 1, on[e.originator_version], e.originator_version)
    )
    sequence: list[LedgerAggregate.Event] = []
    for fact in facts:
        sequence.append(fact)
        sequence += [c for c in corrections if c.corrects_version == fact.originator_version]
    records = {r.version: r for r in event_records(list(events), locale)}
    steps, record, numbers = [], None, {}
    broken = False
    for number, event in enumerate(sequence, start=1):
        numbers[event.originator_version] = number
        state: Mapping[str, str] = {}
        if not broken:
            try:
                record = _renumbered(event, number, numbers).mutate(record)
                state = state_of(record, locale)
            except Exception as error:  # a subset the domain cannot replay: say so, go on
                broken = True
                state = {
                    "state": N_("cannot be rebuilt from these steps ({error})", error=str(error))
                }
        steps.append(
            HistoryStep(
                event=records[event.originator_version],
                on=on.get(event.originator_version, event.envelope.effective_date),
                state=state,
            )
        )
    return steps


def _renumbered(
    event: LedgerAggregate.Event, number: int, numbers: Mapping[int, int]
) -> LedgerAggregate.Event:
    """The event as the ``number``-th of the replayed sequence (a correction names its
    fact by the fact's new number)."""
    if isinstance(event, LedgerAggregate.Corrected):
        return dataclasses.replace(
            event, originator_version=number, corrects_version=numbers[event.corrects_version]
        )
    return dataclasses.replace(event, originator_version=number)
