"""The ``records`` view: every listed record's kind and the log position of the event
that created it, so listings (the enterprises, groups and programs, in the order they
were recorded) read an index instead of scanning the log.

Which records are listed is decided where the contexts are put together (the
:class:`~umkm_ledger.Ledger`): :func:`records_view` takes each kind's creating event.
:func:`listed` pages through one kind's ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar
from uuid import UUID

from umkm_ledger.kernel.event_types import stored_names
from umkm_ledger.platform.view import Statement, StoredFact, View
from umkm_ledger.platform.view_store import SlotRetired, ViewStore

__all__ = ["RECORDS", "listed", "records_view"]

#: The view's name.
RECORDS = "records"
# Ids read per query while a listing is iterated.
_PAGE = 1000


class _Records(View):
    name = RECORDS
    version = 1
    tables: ClassVar[dict[str, str]] = {"record": "record_id TEXT, kind TEXT, position BIGINT"}
    keys: ClassVar[dict[str, str]] = {"record": "record_id"}
    indexes = (("record", "kind, position"),)

    def __init__(self, kinds: Mapping[str, str]) -> None:
        # topic -> kind; one fold serves every topic.
        self._kinds = dict(kinds)

    def statements(self, fact: StoredFact) -> Iterator[Statement]:
        yield (
            "INSERT INTO {record} (record_id, kind, position) VALUES (?, ?, ?)",
            (fact.record_id, self._kinds[fact.topic], fact.position),
        )


def records_view(first_events: Mapping[type[Any], str], *, version: int) -> View:
    """The view listing records of each kind by the event that creates them
    (``{Enterprise.Registered: "enterprise", ...}``). ``version`` goes up whenever the
    kinds listed change (the view is then rebuilt beside the old one)."""
    kinds = {topic: kind for cls, kind in first_events.items() for topic in stored_names(cls)}

    class RecordsView(_Records):
        event_classes: ClassVar[Sequence[type[Any]]] = tuple(first_events)

    RecordsView.version = version
    return RecordsView(kinds)


def listed(store: ViewStore, kind: str) -> Iterator[UUID]:
    """The ids of every record of ``kind``, in the order they were recorded.

    Read a page at a time from the view's index (kind, position), so the first ids come
    at once however long the log is; the view is caught up when the listing starts."""
    slot = store.ready(RECORDS)
    after = -1
    while True:
        try:
            rows = store.query(
                slot,
                "SELECT record_id, position FROM {record} WHERE kind = ? AND position > ? "
                "ORDER BY position LIMIT ?",
                (kind, after, _PAGE),
            )
        except SlotRetired:
            # A rebuild replaced the slot meanwhile: go on from the same position in the
            # slot that replaced it (as far as this one was, or further).
            slot = store.ready(RECORDS)
            continue
        for record_id, _position in rows:
            yield UUID(hex=str(record_id))
        if len(rows) < _PAGE:
            return
        after = int(rows[-1][1])
