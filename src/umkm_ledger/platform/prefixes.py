"""Finding records by the first characters of their id, on every backend.

A record's first event is the row ``(originator_id, 1)`` of the events table, whose
primary key starts with the originator id. Every id that starts with a given run of hex
digits lies between that run padded with ``0`` and padded with ``f``, so the lookup is
one range scan of the primary key's index (on SQLite, where ids are stored as 32 hex
digits of text, and on PostgreSQL, where ``uuid`` values compare byte by byte as their
hex digits do): never a scan of the log.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recorder
from eventsourcing.popo import POPOAggregateRecorder
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg.sql import SQL, Identifier

__all__ = ["first_events_with_prefix"]


def first_events_with_prefix(
    recorder: Recorder, digits: str, limit: int, after: UUID | None = None
) -> list[tuple[UUID, str]]:
    """``(id, topic of its first event)`` of at most ``limit`` records whose id, written
    as 32 lower-case hex digits, starts with ``digits`` (and, given ``after``, comes after
    it: the next page); in id order."""
    low = UUID(digits.ljust(32, "0"))
    high = UUID(digits.ljust(32, "f"))
    if after is not None:
        if after >= high:
            return []
        low = max(low, UUID(int=after.int + 1))
    if isinstance(recorder, SQLiteAggregateRecorder):
        return _sqlite(recorder, low, high, limit)
    if isinstance(recorder, PostgresAggregateRecorder):
        return _postgres(recorder, low, high, limit)
    if isinstance(recorder, POPOAggregateRecorder):
        return _memory(recorder, low, high, limit)
    raise TypeError(f"no prefix lookup for {type(recorder).__name__}")


def _sqlite(
    recorder: SQLiteAggregateRecorder, low: UUID, high: UUID, limit: int
) -> list[tuple[UUID, str]]:
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(
            f"SELECT originator_id, topic FROM {recorder.events_table_name} "
            "WHERE originator_id BETWEEN ? AND ? AND originator_version = 1 "
            "ORDER BY originator_id LIMIT ?",
            (low.hex, high.hex, limit),
        )
        return [(UUID(row[0]), str(row[1])) for row in cursor.fetchall()]


def _postgres(
    recorder: PostgresAggregateRecorder, low: UUID, high: UUID, limit: int
) -> list[tuple[UUID, str]]:
    datastore = recorder.datastore
    # Ids are stored as uuid (the default) or as their canonical text; both order like
    # their hex digits, so the same range finds them.
    as_text = datastore.originator_id_type == "text"
    bounds: tuple[Any, Any] = (str(low), str(high)) if as_text else (low, high)
    statement = SQL(
        "SELECT originator_id, topic FROM {0}.{1} "
        "WHERE originator_id BETWEEN %s AND %s AND originator_version = 1 "
        "ORDER BY originator_id LIMIT %s"
    ).format(Identifier(datastore.schema), Identifier(recorder.events_table_name))
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, (*bounds, limit))
        return [(UUID(str(row["originator_id"])), str(row["topic"])) for row in cursor.fetchall()]


def _memory(
    recorder: POPOAggregateRecorder, low: UUID, high: UUID, limit: int
) -> list[tuple[UUID, str]]:
    # memory:// keeps an index of records in the process (eventsourcing's, private), keyed
    # by the ids' canonical text, which orders like their hex digits: a pass over its
    # keys reads no events.
    first, last = str(low), str(high)
    with recorder._database_lock:
        index = recorder._stored_events_index
        found = sorted(
            key for key, versions in index.items() if 1 in versions and first <= key <= last
        )[:limit]
        return [(UUID(key), recorder._stored_events[index[key][1]].topic) for key in found]
