"""eventsourcing's recorders, writing each stored event's Merkle leaf hash with it.

The leaf hash (:mod:`umkm_ledger.platform.leaves`) of every stored event is inserted in the
same transaction as the event, into ``<events table>_leaves`` keyed by notification id. On
PostgreSQL, eventsourcing locks the events table for the length of each inserting
transaction (so notification ids are issued in commit order): concurrent writers append to
one log, and therefore to one tree. Ids can skip numbers (a rolled-back insert takes one),
so a leaf's place in the tree is its rank in the log, not its id.

Each recorder also checks a command's :class:`~umkm_ledger.platform.reads.ReadSet`
(passed to ``Application.save(..., reads=...)``) inside that transaction, once it holds
the log's write lock: see :mod:`umkm_ledger.platform.reads`.

The URL parser selects these factories (``PERSISTENCE_MODULE`` names a factory class).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore, PostgresFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteFactory
from eventsourcing.utils import Environment, EnvType
from psycopg import Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Identifier

from umkm_ledger.platform.leaves import record_leaf_hash
from umkm_ledger.platform.reads import LogRow, ReadSet
from umkm_ledger.platform.schema import quote_schema_lookups

__all__ = [
    "AuditedPOPOFactory",
    "AuditedPostgresFactory",
    "AuditedSQLiteFactory",
    "LeafRecorder",
    "LogCannotBeRestored",
    "LogNotEmpty",
    "RestoredRow",
]


def _leaves(ids: Sequence[int], stored: Sequence[StoredEvent]) -> list[tuple[int, bytes]]:
    return [
        (i, record_leaf_hash(i, s.originator_id, s.originator_version, s.topic, s.state))
        for i, s in zip(ids, stored, strict=True)
    ]


#: One event of a backup: position, record id, version, topic, stored state, leaf hash.
RestoredRow = tuple[int, UUID, int, str, bytes, bytes]


class LogCannotBeRestored(Exception):
    """This log cannot hold a restored one (a ledger in memory numbers its events 1, 2,
    3... and cannot keep positions that skip)."""


class LogNotEmpty(Exception):
    """A restore was asked of a log that already holds events (how many: ``events``)."""

    def __init__(self, events: int) -> None:
        super().__init__(f"the log already holds events (up to position {events})")
        self.events = events


def _hash_or_as_stored(value: Any) -> Any:
    """A stored leaf hash as bytes; anything else (a leaf table edited by hand: text, a
    number, null) as it is, for verification to name it rather than fail on it."""
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else value


def _reads(kwargs: Mapping[str, Any]) -> ReadSet | None:
    reads = kwargs.get("reads")
    return reads if isinstance(reads, ReadSet) and reads else None


class LeafRecorder(ABC):
    """What the audit reads from (and, for an upgrade, writes to) every audited recorder."""

    @abstractmethod
    def select_leaves(self, start: int, limit: int) -> list[tuple[int, Any]]:
        """(notification id, leaf hash) from ``start`` (inclusive), in log order. A hash
        is bytes as the ledger wrote it; a value of another type is given as stored."""

    @abstractmethod
    def insert_leaves(self, leaves: Sequence[tuple[int, bytes]]) -> None:
        """Write leaves of events stored before leaves were kept (an upgrade's backfill)."""

    @abstractmethod
    def restore_rows(self, pages: Iterable[Sequence[RestoredRow]]) -> int:
        """Write a backup's events exactly as they were stored, each at its own position,
        with its leaf hash, in one transaction, into a log that holds no event; the number
        written. Raises :class:`LogNotEmpty` (and writes nothing) when the log has events."""

    @abstractmethod
    def select_rows_with_leaves(
        self, after: int | None, upto: int, limit: int
    ) -> list[tuple[Any, ...]]:
        """What verification reads: stored events exactly as stored, each with the leaf
        hash written at its position (None: none was), after ``after`` (None: from the
        very first) and up to ``upto``, in log order: (notification id, originator id,
        version, topic, state, leaf hash). The originator id is given as the database
        holds it (text on SQLite; its 16 bytes on PostgreSQL; a UUID in memory)."""

    @abstractmethod
    def count_leaves(self, upto: int) -> int:
        """How many leaf hashes there are up to position ``upto``."""

    @abstractmethod
    def select_leaves_without_events(self, upto: int) -> list[int]:
        """The positions up to ``upto`` that have a leaf hash and no event, in order."""

    @abstractmethod
    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        """Stored events exactly as stored (notification id, originator id, version,
        topic, state) after ``after`` (None: from the very first, whatever its id), in log
        order: what verification reads, with nothing normalised on the way. ``topics``:
        only events stored under one of these names (the feed's filter)."""


def _plain_rows(cursor: Any) -> list[tuple[Any, ...]]:
    """All rows of an executed eventsourcing SQLite cursor as plain tuples."""
    # Its connections make sqlite3.Row objects; a verify reads a million rows, and making
    # and copying those is a tenth of it. The factory is looked at per fetch, so this works.
    cursor.sqlite_cursor.row_factory = None
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _inserted_with_keys(
    recorder: Any, insert: Any, stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
) -> Sequence[int] | None:
    """``insert(stored_events, **kwargs)``, with the people's keys made for these events
    (the recorder's key store's pending ones) written in the same transaction (see
    :meth:`StoredPersonKeys.write_pending`) and marked written once it committed."""
    keys = recorder.person_keys
    rows = keys.pending_rows() if keys is not None else []
    doomed = keys.doomed() if keys is not None else frozenset()
    if rows or doomed:
        kwargs["person_keys"] = (keys, rows, doomed)
    ids: Sequence[int] | None = insert(stored_events, **kwargs)
    if rows:
        keys.written(rows)
    return ids


def _write_person_keys(cursor: Any, kwargs: Mapping[str, Any]) -> None:
    pending = kwargs.get("person_keys")
    if pending is not None:
        keys, rows, doomed = pending
        if rows:
            keys.write_pending(cursor, rows)
        if doomed:
            keys.delete_doomed(cursor, doomed)


class AuditedSQLiteApplicationRecorder(SQLiteApplicationRecorder, LeafRecorder):
    #: The ledger's key store (set by the application when it opens it).
    person_keys: Any = None

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return _inserted_with_keys(self, super().insert_events, stored_events, kwargs)

    @property
    def leaves_table_name(self) -> str:
        return f"{self.events_table_name}_leaves"

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.leaves_table_name} "
            "(notification_id INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL)",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        _write_person_keys(c, kwargs)
        reads = _reads(kwargs)
        if reads is not None and ids:
            # The first INSERT took SQLite's write lock: no other writer commits until
            # this transaction ends, and every row below our first one is committed.
            own = min(ids)
            reads.check(
                lambda records: self._versions(c, records),
                lambda after, topics: self._rows_between(c, after, own, topics),
            )
        if ids:
            c.executemany(
                f"INSERT INTO {self.leaves_table_name} (notification_id, leaf_hash) VALUES (?, ?)",
                _leaves(ids, stored_events),
            )
        return ids

    def _versions(self, c: SQLiteCursor, records: Sequence[UUID]) -> dict[UUID, int]:
        marks = ", ".join("?" * len(records))
        c.execute(
            f"SELECT originator_id, MAX(originator_version) FROM {self.events_table_name} "
            f"WHERE originator_id IN ({marks}) GROUP BY originator_id",
            [r.hex for r in records],
        )
        return {UUID(row[0]): int(row[1]) for row in c.fetchall()}

    def _rows_between(
        self, c: SQLiteCursor, after: int, before: int, topics: Sequence[str]
    ) -> list[LogRow]:
        marks = ", ".join("?" * len(topics))
        c.execute(
            "SELECT originator_id, originator_version, topic, state FROM "
            f"{self.events_table_name} WHERE rowid > ? AND rowid < ? AND topic IN ({marks}) "
            "ORDER BY rowid",
            [after, before, *topics],
        )
        return [(row[0], int(row[1]), str(row[2]), bytes(row[3])) for row in c.fetchall()]

    def select_leaves(self, start: int, limit: int) -> list[tuple[int, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT notification_id, leaf_hash FROM {self.leaves_table_name} "
                "WHERE notification_id >= ? ORDER BY notification_id LIMIT ?",
                (start, limit),
            )
            return [(int(row[0]), _hash_or_as_stored(row[1])) for row in c.fetchall()]

    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        clauses: list[str] = [] if after is None else ["rowid > ?"]
        params: list[Any] = [] if after is None else [after]
        if topics is not None:
            clauses.append(f"topic IN ({', '.join('?' * len(topics))})")
            params += topics
        where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT rowid, originator_id, originator_version, topic, state FROM "
                f"{self.events_table_name} {where}ORDER BY rowid LIMIT ?",
                [*params, limit],
            )
            return _plain_rows(c)

    def select_rows_with_leaves(
        self, after: int | None, upto: int, limit: int
    ) -> list[tuple[Any, ...]]:
        low = "" if after is None else "e.rowid > ? AND "
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state, "
                f"l.leaf_hash FROM {self.events_table_name} e LEFT JOIN "
                f"{self.leaves_table_name} l ON l.notification_id = e.rowid "
                f"WHERE {low}e.rowid <= ? ORDER BY e.rowid LIMIT ?",
                [*([] if after is None else [after]), upto, limit],
            )
            return _plain_rows(c)

    def count_leaves(self, upto: int) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT COUNT(*) FROM {self.leaves_table_name} WHERE notification_id <= ?",
                (upto,),
            )
            return int(c.fetchone()[0])

    def select_leaves_without_events(self, upto: int) -> list[int]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT l.notification_id FROM {self.leaves_table_name} l "
                "WHERE l.notification_id <= ? AND NOT EXISTS (SELECT 1 FROM "
                f"{self.events_table_name} e WHERE e.rowid = l.notification_id) "
                "ORDER BY l.notification_id",
                (upto,),
            )
            return [int(row[0]) for row in c.fetchall()]

    def insert_leaves(self, leaves: Sequence[tuple[int, bytes]]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.executemany(
                f"INSERT INTO {self.leaves_table_name} (notification_id, leaf_hash) VALUES (?, ?)",
                list(leaves),
            )

    def restore_rows(self, pages: Iterable[Sequence[RestoredRow]]) -> int:
        written = 0
        with self.datastore.transaction(commit=True) as c:
            # A writer that records meanwhile takes a position that a restored event
            # holds: the insert fails and the whole restore is rolled back.
            c.execute(f"SELECT MAX(rowid) FROM {self.events_table_name}")
            (last,) = c.fetchone()
            if last is not None:
                raise LogNotEmpty(int(last))
            for page in pages:
                # The notification id of an event is its rowid: given, not allotted.
                c.executemany(
                    f"INSERT INTO {self.events_table_name} (rowid, originator_id, "
                    "originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
                    [(p, r.hex, v, t, s) for p, r, v, t, s, _leaf in page],
                )
                c.executemany(
                    f"INSERT INTO {self.leaves_table_name} (notification_id, leaf_hash) "
                    "VALUES (?, ?)",
                    [(p, leaf) for p, _r, _v, _t, _s, leaf in page],
                )
                written += len(page)
        return written


class AuditedPostgresApplicationRecorder(PostgresApplicationRecorder, LeafRecorder):
    #: The ledger's key store (set by the application when it opens it).
    person_keys: Any = None

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return _inserted_with_keys(self, super().insert_events, stored_events, kwargs)

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.leaves_table_name = f"{events_table_name}_leaves"
        table = Identifier(self.leaves_table_name)
        schema = Identifier(self.datastore.schema)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} "
                "(notification_id bigint PRIMARY KEY, leaf_hash bytea NOT NULL)"
            ).format(schema, table)
        )
        self._insert_leaves = SQL(
            "INSERT INTO {0}.{1} (notification_id, leaf_hash) VALUES (%s, %s)"
        ).format(schema, table)
        events = Identifier(events_table_name)
        self._select_versions = SQL(
            "SELECT originator_id, MAX(originator_version) AS version FROM {0}.{1} "
            "WHERE originator_id = ANY(%s) GROUP BY originator_id"
        ).format(schema, events)
        self._select_rows_after = SQL(
            "SELECT originator_id, originator_version, topic, state FROM {0}.{1} "
            "WHERE notification_id > %s AND topic = ANY(%s) ORDER BY notification_id"
        ).format(schema, events)
        self._select_leaves = SQL(
            "SELECT notification_id, leaf_hash FROM {0}.{1} WHERE notification_id >= %s "
            "ORDER BY notification_id LIMIT %s"
        ).format(schema, table)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # eventsourcing's own order (lock the table, notify, insert), with the command's
        # reads checked once the lock is held, before anything is inserted: a refusal
        # then leaves an empty transaction, which eventsourcing commits harmlessly.
        self._lock_table(curs)
        _write_person_keys(curs, kwargs)
        reads = _reads(kwargs)
        if reads is not None:
            reads.check(
                lambda records: self._versions(curs, records),
                lambda after, topics: self._rows_after(curs, after, topics),
            )
        self._notify_channel(curs)
        super(PostgresApplicationRecorder, self)._insert_stored_events(
            curs, stored_events, **kwargs
        )

    def _versions(self, curs: Cursor[DictRow], records: Sequence[UUID]) -> dict[UUID, int]:
        curs.execute(self._select_versions, (list(records),))
        return {UUID(str(row["originator_id"])): int(row["version"]) for row in curs.fetchall()}

    def _rows_after(self, curs: Cursor[DictRow], after: int, topics: Sequence[str]) -> list[LogRow]:
        curs.execute(self._select_rows_after, (after, list(topics)))
        return [
            (row["originator_id"], int(row["originator_version"]), row["topic"],
             bytes(row["state"]))
            for row in curs.fetchall()
        ]  # fmt: skip

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Still inside the inserting transaction, with the events table locked.
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            curs.executemany(self._insert_leaves, _leaves(ids, stored_events))
        return ids

    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        clauses: list[SQL] = [] if after is None else [SQL("notification_id > %s")]
        params: list[Any] = [] if after is None else [after]
        if topics is not None:
            clauses.append(SQL("topic = ANY(%s)"))
            params.append(list(topics))
        where = SQL("WHERE {0} ").format(SQL(" AND ").join(clauses)) if clauses else SQL("")
        statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {0}.{1} {2}ORDER BY notification_id LIMIT %s"
        ).format(Identifier(self.datastore.schema), Identifier(self.events_table_name), where)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, [*params, limit])
            return [
                (
                    row["notification_id"], row["originator_id"], row["originator_version"],
                    row["topic"], row["state"],
                )
                for row in curs
            ]  # fmt: skip

    def select_rows_with_leaves(
        self, after: int | None, upto: int, limit: int
    ) -> list[tuple[Any, ...]]:
        names = (Identifier(self.datastore.schema), Identifier(self.events_table_name))
        statement = SQL(
            # uuid_send: the id's 16 stored bytes, without building a UUID per row.
            "SELECT e.notification_id, uuid_send(e.originator_id), e.originator_version, "
            "e.topic, e.state, l.leaf_hash FROM {0}.{1} e LEFT JOIN {0}.{2} l "
            "ON l.notification_id = e.notification_id{3} WHERE {4}e.notification_id <= %s "
            "ORDER BY e.notification_id LIMIT %s"
        ).format(
            *names,
            Identifier(self.leaves_table_name),
            # Bounding both sides lets the join start at the page, not at the first leaf.
            SQL("" if after is None else " AND l.notification_id > %s"),
            SQL("" if after is None else "e.notification_id > %s AND "),
        )
        bounds = [] if after is None else [after, after]
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            # Binary results: the stored bytes as they are, not hex text to decode.
            curs.execute(statement, [*bounds, upto, limit], binary=True)
            return curs.fetchall()

    def count_leaves(self, upto: int) -> int:
        statement = SQL("SELECT COUNT(*) FROM {0}.{1} WHERE notification_id <= %s").format(
            Identifier(self.datastore.schema), Identifier(self.leaves_table_name)
        )
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, (upto,))
            row = curs.fetchone()
            return int(row[0]) if row else 0

    def select_leaves_without_events(self, upto: int) -> list[int]:
        statement = SQL(
            "SELECT l.notification_id FROM {0}.{2} l WHERE l.notification_id <= %s AND "
            "NOT EXISTS (SELECT 1 FROM {0}.{1} e WHERE e.notification_id = l.notification_id) "
            "ORDER BY l.notification_id"
        ).format(
            Identifier(self.datastore.schema),
            Identifier(self.events_table_name),
            Identifier(self.leaves_table_name),
        )
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, (upto,))
            return [int(row[0]) for row in curs.fetchall()]

    def select_leaves(self, start: int, limit: int) -> list[tuple[int, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._select_leaves, (start, limit))
            return [
                (int(row["notification_id"]), _hash_or_as_stored(row["leaf_hash"])) for row in curs
            ]

    def insert_leaves(self, leaves: Sequence[tuple[int, bytes]]) -> None:
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            curs.executemany(self._insert_leaves, list(leaves))

    def restore_rows(self, pages: Iterable[Sequence[RestoredRow]]) -> int:
        schema, events = Identifier(self.datastore.schema), Identifier(self.events_table_name)
        written = 0
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            curs.execute(
                SQL("SELECT MAX(notification_id) AS last FROM {0}.{1}").format(schema, events)
            )
            found = curs.fetchone()
            last = None if found is None else found["last"]
            if last is not None:
                raise LogNotEmpty(int(last))
            insert = SQL(
                "INSERT INTO {0}.{1} (notification_id, originator_id, originator_version, "
                "topic, state) VALUES (%s, %s, %s, %s, %s)"
            ).format(schema, events)
            for page in pages:
                curs.executemany(insert, [(p, r, v, t, s) for p, r, v, t, s, _leaf in page])
                curs.executemany(
                    self._insert_leaves, [(p, leaf) for p, _r, _v, _t, _s, leaf in page]
                )
                written += len(page)
            if written:
                # New events continue after the restored ones, as they would have.
                curs.execute(
                    SQL(
                        "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                        "(SELECT MAX(notification_id) FROM {0}.{1}))"
                    ).format(schema, events),
                    (f'"{self.datastore.schema}"."{self.events_table_name}"',),
                )
        return written


class AuditedPOPOApplicationRecorder(POPOApplicationRecorder, LeafRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._leaves: dict[int, bytes] = {}
        self._leaves_lock = threading.Lock()

    def _insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self._leaves_lock:
            ids = super()._insert_events(stored_events, **kwargs)
            if ids:
                self._leaves.update(_leaves(ids, stored_events))
            return ids

    def _assert_uniqueness(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        # Called with the database lock held, before anything is inserted.
        super()._assert_uniqueness(stored_events, **kwargs)
        reads = _reads(kwargs)
        if reads is not None:
            reads.check(self._versions, self._rows_after)

    def _versions(self, records: Sequence[UUID]) -> dict[UUID, int]:
        found = ((r, self._stored_events_index.get(str(r))) for r in records)
        return {r: max(versions) for r, versions in found if versions}

    def _rows_after(self, after: int, topics: Sequence[str]) -> list[LogRow]:
        wanted = set(topics)
        return [
            (s.originator_id, s.originator_version, s.topic, s.state)
            for s in self._stored_events[after:]
            if s.topic in wanted
        ]

    def select_leaves(self, start: int, limit: int) -> list[tuple[int, Any]]:
        with self._leaves_lock:
            ids = sorted(i for i in self._leaves if i >= start)[:limit]
            return [(i, self._leaves[i]) for i in ids]

    def select_rows_with_leaves(
        self, after: int | None, upto: int, limit: int
    ) -> list[tuple[Any, ...]]:
        with self._leaves_lock:
            rows = self.select_rows(after, limit)
            return [(*row, self._leaves.get(row[0])) for row in rows if row[0] <= upto]

    def count_leaves(self, upto: int) -> int:
        with self._leaves_lock:
            return sum(1 for i in self._leaves if i <= upto)

    def select_leaves_without_events(self, upto: int) -> list[int]:
        with self._leaves_lock:
            stored = len(self._stored_events)
            # In memory, event n is the n-th stored: a leaf beyond them has no event.
            return sorted(i for i in self._leaves if i <= upto and not 0 < i <= stored)

    def insert_leaves(self, leaves: Sequence[tuple[int, bytes]]) -> None:
        with self._leaves_lock:
            self._leaves.update(leaves)

    def restore_rows(self, pages: Iterable[Sequence[RestoredRow]]) -> int:
        # A ledger in memory numbers its events 1, 2, 3...: it cannot hold a log whose
        # positions skip, and a restore must keep every position (the leaves hash them).
        raise LogCannotBeRestored("a ledger in memory cannot be restored into")

    def select_rows(
        self, after: int | None, limit: int, topics: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        page = self.select_notifications(
            None if after is None else after,
            limit,
            topics=() if topics is None else topics,
            inclusive_of_start=after is None,
        )
        return [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in page]


class AuditedSQLiteFactory(SQLiteFactory):
    application_recorder_class = AuditedSQLiteApplicationRecorder


class AuditedPostgresFactory(PostgresFactory):
    application_recorder_class = AuditedPostgresApplicationRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        # Before any recorder looks its types up: a mixed-case schema needs them quoted.
        quote_schema_lookups(self.datastore)


class AuditedPOPOFactory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        return AuditedPOPOApplicationRecorder()
