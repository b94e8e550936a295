"""What a recording command answers tools with: the record it is about, and the events
it wrote there. One shape for the command line's ``--format json`` and the HTTP
service's responses to commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from umkm_ledger.kernel.records import record_kind
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.history import EventRecord, event_records

__all__ = ["command_result", "recorded_json"]


def recorded_json(kind: str, record: UUID, new: Sequence[EventRecord]) -> dict[str, Any]:
    """``{"recorded", "kind", "id", "effective_date", "events": [{version, event,
    summary}]}``: ``recorded`` is false when the command wrote nothing new there."""
    return {
        "recorded": bool(new),
        "kind": kind,
        "id": str(record),
        "effective_date": new[0].effective_date.isoformat() if new else None,
        "events": [{"version": r.version, "event": r.kind, "summary": str(r.summary)} for r in new],
    }


def command_result(app: LedgerApplication, record: UUID, command_id: str) -> dict[str, Any]:
    """:func:`recorded_json` of what the command with ``command_id`` wrote on ``record``:
    the same answer however often the command is resent (its events carry its id)."""
    events = app.events_of(record)
    kind = record_kind(type(events[0]).__qualname__.partition(".")[0])
    mine = [r for r in event_records(events, "en") if r.command_id == command_id]
    return recorded_json(kind, record, mine)
