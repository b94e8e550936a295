"""Materialized views in the ledger's own database, updated exactly once per event.

Each view lives in tables next to the events (SQLite tables in the same file; PostgreSQL
tables in the same schema; an in-memory SQLite database for ``memory://``). A view is
caught up by reading the notification log from its tracked position, a page of events at
a time; the page's SQL and the new tracking position are written in one transaction, and
the position moves only from the value this reader started from (compare-and-set on
eventsourcing's tracking table). So a process killed mid-page loses the whole page and
nothing else, and two processes catching up the same view never apply a page twice.

Views are *slots*: (name, version, generation). Queries read the active slot. A rebuild,
or a new version of a view's logic, fills a new slot beside the active one and switches
to it only once it has caught up, so queries keep answering meanwhile.

Several processes catch up, rebuild and query the same views at once, so every
transaction that writes takes its locks in one order (see ``docs/explanation/design.md``,
"the view lock order"): first the view's registry rows (only transactions that change
which slots a view has: activating, dropping), then the slot's tracking row, then the
slot's tables. Two transactions then wait for each other at most in that order, never in
a circle. What can still happen (a deadlock with a reader, SQLite's "database is locked"
when the file is busy) is transient: the work is repeated after a pause, as a killed
process's would be. Any other database error becomes a
:class:`~umkm_ledger.kernel.errors.StorageFault` saying what to do.
"""

from __future__ import annotations

import contextlib
import functools
import json
import json.scanner
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
    PostgresTrackingRecorder,
)
from eventsourcing.sqlite import SQLiteDatastore, SQLiteFactory, SQLiteTrackingRecorder
from eventsourcing.utils import resolve_topic
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from umkm_ledger.kernel.errors import (
    N_,
    InvalidValue,
    StorageFault,
    UmkmLedgerError,
)
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.faults import (
    StorageSite,
    is_storage_error,
    is_transient,
    storage_fault,
)
from umkm_ledger.platform.progress import LONG_CATCH_UP, Notice, catch_up_notice
from umkm_ledger.platform.view import Statement, StoredFact, View, folding_with
from umkm_ledger.platform.view_digest import ViewDigest, table_digest
from umkm_ledger.platform.view_writes import run_statements

__all__ = ["PageDone", "Slot", "SlotRetired", "ViewStore"]

T = TypeVar("T")

#: Called after each committed page: (view name, position reached, log end).
PageDone = Callable[[str, int, int], None]

_REGISTRY = "umkm_views"
_NOT_STATE = frozenset({"originator_id", "originator_version", "originator_topic"})
_PAGE = 10_000
#: How long view upkeep keeps repeating work that met a transient error (a deadlock, a
#: busy database) before it gives up with StorageBusy.
_PATIENCE = 120.0
#: An INSERT of placeholders only, into named columns: what COPY can do instead.
_PLAIN_INSERT = re.compile(r"^INSERT INTO (\S+) \(([\w, ]+)\) VALUES \(\?(?:, \?)*\)$")


@attrs.frozen
class Slot:
    """One physical copy of a view: its tables and its tracking position's name."""

    name: str
    version: int
    generation: int
    state: str  # "building", "active" or "retired"

    @property
    def prefix(self) -> str:
        return f"uv_{self.name}_{self.version}_{self.generation}_"

    @property
    def tracking_name(self) -> str:
        return f"view:{self.name}:{self.version}:{self.generation}"


class SlotRetired(Exception):  # a signal to re-read, not an error
    """A query read a slot that another process retired meanwhile (its tables are gone):
    read the view's active slot instead."""


def _quoted(name: str) -> str:
    """A PostgreSQL identifier, quoted (a schema's case and hyphens are its own)."""
    return '"' + name.replace('"', '""') + '"'


class _Transaction:
    """A DB-API cursor seen the same way on both backends."""

    def __init__(self, cursor: Any, postgres: bool) -> None:
        if postgres:
            # eventsourcing's connections make dict rows, which merge same-named columns.
            cursor.row_factory = tuple_row
        else:
            # Plain tuples: eventsourcing's connections make sqlite3.Row objects.
            cursor.row_factory = None
        self._cursor = cursor
        self._postgres = postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cursor.execute(self._sql(sql), tuple(params))
        return int(self._cursor.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        copyable = _PLAIN_INSERT.match(sql) if self._postgres else None
        if copyable is not None:
            # COPY moves rows into PostgreSQL several times faster than INSERTs, even
            # pipelined ones; a view's inserts never conflict (each page is applied once).
            table, columns = copyable.groups()
            with self._cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        self._cursor.executemany(self._sql(sql), [tuple(r) for r in rows])

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._cursor.fetchall()]

    def rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql``, a few thousand at a time (a whole view may not fit in
        memory): on PostgreSQL through a server-side cursor in this transaction."""
        if self._postgres:
            with self._cursor.connection.cursor(
                name=f"umkm_rows_{uuid.uuid4().hex}", row_factory=tuple_row
            ) as cursor:
                cursor.itersize = 5_000
                cursor.execute(sql)
                yield from cursor
            return
        cursor = self._cursor.connection.cursor()
        try:
            cursor.execute(sql)
            while chunk := cursor.fetchmany(5_000):
                # sqlite3.Row objects, which compare and print as objects: tuples.
                yield from (tuple(row) for row in chunk)
        finally:
            cursor.close()


class _SQLiteViews(SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {_REGISTRY} (name TEXT, version INTEGER, "
            "generation INTEGER, state TEXT, PRIMARY KEY (name, version, generation))",
        ]

    def create_table(self) -> None:
        try:
            super().create_table()
        except IntegrityError:
            # Two processes opening a new ledger at once both saw no tracking table; the
            # other created it and its migration row first, so ours was refused. Look
            # again: the table is there now, with nothing left to migrate.
            self.tracking_table_exists = False
            super().create_table()


class _PostgresViews(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} (name TEXT, version INTEGER, "
                "generation INTEGER, state TEXT, PRIMARY KEY (name, version, generation))"
            ).format(Identifier(datastore.schema), Identifier(_REGISTRY))
        )


class ViewStore:
    """The views of one open ledger: catch-up, rebuild, queries."""

    def __init__(
        self,
        app: LedgerApplication,
        views: Sequence[View],
        *,
        site: StorageSite | None = None,
        notice: Notice | None = None,
        scratch: str | None = None,
        upto: int | None = None,
    ) -> None:
        """``scratch``: a SQLite file of its own to keep the views in, whatever the
        ledger's backend (what a check folds into; see :meth:`fold_fresh`). ``upto``:
        the views see the log only up to this position (what was verified)."""
        self._app = app
        self._upto = upto
        self._views = {view.name: view for view in views}
        # Told once when a query must first catch up a long way (see ready()).
        self._notice = notice
        self._checked_end = 0
        #: How many events behind a view must be for a query to say so first.
        self.long_catch_up = LONG_CATCH_UP
        self._lock = threading.RLock()
        #: Where the views are, as error messages name it.
        self.site = site or StorageSite.of(app.env, app.env.get("SQLITE_DBNAME", "the ledger"))
        factory = app.factory
        self._own_datastore: SQLiteDatastore | None = None
        self.recorder: SQLiteTrackingRecorder | PostgresTrackingRecorder
        if isinstance(factory, PostgresFactory) and scratch is None:
            self.postgres = True
            self._schema = _quoted(factory.datastore.schema) + "."
            self.tracking_table = f"{self._schema}{app.name.lower()}_tracking"
            self.recorder = factory.tracking_recorder(_PostgresViews)
        else:
            self.postgres = False
            self._schema = ""
            self.tracking_table = "tracking"
            if scratch is not None:
                datastore = SQLiteDatastore(scratch)
                self._own_datastore = datastore
            elif isinstance(factory, SQLiteFactory):
                datastore = factory.datastore
            else:
                # memory:// keeps events in the process; its views live in a private
                # in-memory SQLite database, so one implementation serves every backend.
                datastore = SQLiteDatastore(
                    f"file:umkm-views-{uuid.uuid4()}?mode=memory&cache=shared"
                )
                self._own_datastore = datastore
            self.recorder = _SQLiteViews(datastore)
            self._retrying(self.recorder.create_table)

    @property
    def views(self) -> Mapping[str, View]:
        return self._views

    def view(self, name: str) -> View:
        try:
            return self._views[name]
        except KeyError:
            known = ", ".join(sorted(self._views))
            raise InvalidValue(
                "view", str(name)[:60], N_("names no view; views: {known}", known=known)
            ) from None

    def close(self) -> None:
        if self._own_datastore is not None:
            self._own_datastore.close()

    # -- transactions --------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[_Transaction]:
        with self.recorder.datastore.transaction(commit=commit) as cursor:
            raw = cursor if self.postgres else cursor.sqlite_cursor  # type: ignore[union-attr]
            yield _Transaction(raw, self.postgres)

    def _retrying(self, work: Callable[[], T]) -> T:
        """``work``, done again after a pause whenever it meets a transient error (a
        deadlock, a serialization failure, a lock not granted, SQLite's busy file).

        Safe because view upkeep is made of transactions that can each be lost at any
        point (a killed process loses its page and nothing else): done again, work reads
        the slots and positions afresh. Other database errors become a StorageFault."""
        deadline = time.monotonic() + _PATIENCE
        pause = 0.01
        while True:
            try:
                return work()
            except (UmkmLedgerError, SlotRetired):
                raise
            except Exception as error:
                if not is_storage_error(error):
                    raise
                if is_transient(error) and time.monotonic() < deadline:
                    # Random, so that two processes that collided do not collide again.
                    time.sleep(random.uniform(pause / 2, pause))
                    pause = min(pause * 2, 1.0)
                    continue
                raise storage_fault(error, self.site) from error

    def _lock_view(self, tx: _Transaction, name: str) -> None:
        """The first lock of a transaction that changes which slots a view has: all of
        the view's registry rows, in key order (on SQLite: the database's write lock,
        taken before anything is read, so the transaction never has to upgrade)."""
        if self.postgres:
            tx.execute(
                f"SELECT 1 FROM {self._schema}{_REGISTRY} WHERE name = ? "
                "ORDER BY version, generation FOR UPDATE",
                (name,),
            )
        else:
            tx.execute(
                f"UPDATE {self._schema}{_REGISTRY} SET state = state WHERE name = ?", (name,)
            )

    def _lock_slot(self, tx: _Transaction, slot: Slot) -> bool:
        """Lock the slot's tracking row (which every page of a catch-up updates first);
        False when it is gone."""
        if self.postgres:
            tx.execute(
                f"SELECT notification_id FROM {self.tracking_table} "
                "WHERE application_name = ? FOR UPDATE",
                (slot.tracking_name,),
            )
            return bool(tx.fetchall())
        locked = tx.execute(
            f"UPDATE {self.tracking_table} SET notification_id = notification_id "
            "WHERE application_name = ?",
            (slot.tracking_name,),
        )
        return locked == 1

    def table(self, slot: Slot, table: str) -> str:
        return f"{self._schema}{slot.prefix}{table}"

    def _keyed(self, columns: str) -> str:
        """SQLite keeps a keyed table in one B-tree (not a rowid tree and a key index)
        when told so: half the writes per row."""
        return " WITHOUT ROWID" if not self.postgres and "PRIMARY KEY" in columns else ""

    def _names(self, slot: Slot) -> dict[str, str]:
        view = self._views[slot.name]
        return {table: self.table(slot, table) for table in view.tables}

    # -- slots ---------------------------------------------------------------------

    def _slots(self, name: str) -> list[Slot]:
        with self._transaction(commit=False) as tx:
            tx.execute(
                f"SELECT name, version, generation, state FROM {self._schema}{_REGISTRY} "
                "WHERE name = ? ORDER BY version, generation",
                (name,),
            )
            return [Slot(*row) for row in tx.fetchall()]

    def _create_slot(self, view: View, generation: int) -> Slot | None:
        """A new building slot with its tables and tracking row (None: another process
        created that generation first). Everything it locks is new: its registry row
        (the first lock), its tables, its tracking row."""
        slot = Slot(view.name, view.version, generation, "building")
        names = self._names(slot)
        with self._transaction(commit=True) as tx:
            inserted = tx.execute(
                f"INSERT INTO {self._schema}{_REGISTRY} VALUES (?, ?, ?, 'building') "
                "ON CONFLICT DO NOTHING",
                (slot.name, slot.version, slot.generation),
            )
            if inserted != 1:
                return None
            for table, columns in view.tables.items():
                tx.execute(
                    f"CREATE TABLE IF NOT EXISTS {names[table]} ({columns}){self._keyed(columns)}"
                )
            tx.execute(
                f"INSERT INTO {self.tracking_table} VALUES (?, 0) ON CONFLICT DO NOTHING",
                (slot.tracking_name,),
            )
        return slot

    def active_slot(self, name: str) -> Slot | None:
        view = self.view(name)
        return self._retrying(lambda: self._active_slot(view))

    def _active_slot(self, view: View) -> Slot | None:
        for slot in reversed(self._slots(view.name)):
            if slot.state == "active" and slot.version == view.version:
                return slot
        return None

    def _building_slot(self, view: View, *, fresh: bool) -> Slot:
        while True:
            slots = self._slots(view.name)
            if not fresh:
                for slot in reversed(slots):
                    if slot.state == "building" and slot.version == view.version:
                        return slot
            generation = 1 + max(
                (s.generation for s in slots if s.version == view.version), default=0
            )
            created = self._create_slot(view, generation)
            if created is not None:
                return created

    def _activate(self, slot: Slot) -> bool:
        """Make ``slot`` the one queries read; retire and drop the ones it replaces.
        False if another process retired ``slot`` first (it is gone)."""
        view = self._views[slot.name]
        names = self._names(slot)
        with self._transaction(commit=True) as tx:
            # The lock order: the view's registry rows, the slot's tracking row (a page
            # of a later catch-up holds it while it writes the tables), the tables.
            self._lock_view(tx, slot.name)
            if not self._lock_slot(tx, slot):
                return False
            claimed = tx.execute(
                f"UPDATE {self._schema}{_REGISTRY} SET state = 'active' "
                "WHERE name = ? AND version = ? AND generation = ? AND state <> 'retired'",
                (slot.name, slot.version, slot.generation),
            )
            if claimed != 1:
                return False
            # Keys and secondary indexes are made when queries start reading the slot
            # (if the build did not need them earlier): one sort each instead of an
            # index update per row while the slot was built.
            _make_keys(tx, slot, view, names, view.keys)
            for number, (table, columns) in enumerate(view.indexes):
                index = f"{slot.prefix}i{number}"
                tx.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {names[table]} ({columns})")
            # Only this version and older ones: during a rolling upgrade a process still
            # running older code keeps (or builds) its own version beside the newer one.
            # The slots it replaces are the active one and every build begun before it
            # (an earlier generation): a rebuild killed half-way leaves one, which would
            # otherwise stay for ever. A build still running on one finds it retired
            # and starts again on the slot queries now read (or from zero, a rebuild).
            tx.execute(
                f"UPDATE {self._schema}{_REGISTRY} SET state = 'retired' "
                "WHERE name = ? AND version <= ? AND NOT (version = ? AND generation = ?) "
                "AND (state = 'active' OR (state = 'building' "
                "AND (version < ? OR generation < ?)))",
                (slot.name, slot.version, slot.version, slot.generation, slot.version,
                 slot.generation),
            )  # fmt: skip
        self._drop_retired(slot.name)
        return True

    def _drop_retired(self, name: str) -> None:
        """Drop the tables of the view's retired slots.

        First, in the lock order, the slot's tracking row goes: a catch-up still on the
        slot finds it gone and stops before writing. Then each table is dropped in a
        transaction of its own, which holds no lock a reader could be waiting for (a
        query that joins two tables may hold one while it waits for the other). Last,
        the registry row. Each step can be lost and is done again by the next drop."""
        view = self._views[name]
        for old in self._slots(name):
            if old.state != "retired":
                continue
            with self._transaction(commit=True) as tx:
                self._lock_view(tx, name)
                self._lock_slot(tx, old)
                tx.execute(
                    f"DELETE FROM {self.tracking_table} WHERE application_name = ?",
                    (old.tracking_name,),
                )
            for table in view.tables:
                with self._transaction(commit=True) as tx:
                    tx.execute(f"DROP TABLE IF EXISTS {self.table(old, table)}")
            with self._transaction(commit=True) as tx:
                self._lock_view(tx, name)
                tx.execute(
                    f"DELETE FROM {self._schema}{_REGISTRY} "
                    "WHERE name = ? AND version = ? AND generation = ? AND state = 'retired'",
                    (old.name, old.version, old.generation),
                )

    # -- catching up ---------------------------------------------------------------

    def position(self, slot: Slot) -> int:
        return self._retrying(lambda: self._position(slot))

    def _position(self, slot: Slot) -> int:
        return self.recorder.max_tracking_id(slot.tracking_name) or 0

    def positions(self) -> dict[str, int]:
        """Each view's log position: how far the slot queries read has caught up (0 for
        a view not built yet)."""

        def read() -> dict[str, int]:
            found = {}
            for name, view in sorted(self._views.items()):
                slot = self._active_slot(view)
                found[name] = 0 if slot is None else self._position(slot)
            return found

        return self._retrying(read)

    def log_end(self) -> int:
        end = self._retrying(lambda: self._app.recorder.max_notification_id() or 0)
        return end if self._upto is None else min(end, self._upto)

    def ready(self, name: str, *, on_page: PageDone | None = None) -> Slot:
        """The view's active slot, caught up with every event recorded so far.

        This is what makes reads follow writes: a query after a command sees it. A view
        seen for the first time (or with new logic) is built first.
        """
        end = self.log_end()
        if on_page is None and self._notice is not None:
            self._tell_if_far_behind(name, end)
        return self._retrying(lambda: self._ready(name, end, on_page))

    def _tell_if_far_behind(self, name: str, end: int) -> None:
        """Say once (per open ledger) that a query has a long catch-up before it.

        Looked at only when the log has grown by ``long_catch_up`` events since the
        last look, so queries on a current ledger pay nothing for it."""
        if end - self._checked_end < self.long_catch_up:
            return
        self._checked_end = end
        view = self.view(name)
        slot = self._retrying(lambda: self._active_slot(view))
        position = 0 if slot is None else self.position(slot)
        if end - position >= self.long_catch_up and self._notice is not None:
            self._notice(catch_up_notice(name, position, end))
            self._notice = None

    def _ready(self, name: str, end: int, on_page: PageDone | None) -> Slot:
        with self._lock:
            view = self.view(name)
            while True:
                # Again whenever another process retired the slot under us (a rebuild
                # or a newer version that caught up first): then read what replaced it.
                slot = self._active_slot(view)
                if slot is None:
                    slot = self._building_slot(view, fresh=False)
                    if self._advance(slot, end, on_page) and self._activate(slot):
                        return attrs.evolve(slot, state="active")
                elif self._advance(slot, end, on_page):
                    return slot

    def catch_up(
        self, names: Sequence[str] | None = None, *, on_page: PageDone | None = None
    ) -> int:
        """Catch up the named views (default: all) with every event recorded when it
        was called; returns that log position (later events wait for the next call)."""
        end = self.log_end()
        wanted = sorted(set(names or self._views))
        for name in wanted:
            self.view(name)  # an unknown name is refused before any work
        self._retrying(functools.partial(self._ready_many, wanted, end, on_page))
        return end

    def _ready_many(self, names: Sequence[str], end: int, on_page: PageDone | None) -> None:
        """:meth:`_ready` for several views, reading the log once for all of them."""
        with self._lock:
            slots = []
            for name in names:
                view = self._views[name]
                slots.append(self._active_slot(view) or self._building_slot(view, fresh=False))
            done = self._advance_many(slots, end, on_page)
            for slot in slots:
                if slot in done and (slot.state == "active" or self._activate(slot)):
                    continue
                # Another process moved or retired it meanwhile: on its own, as always.
                self._ready(slot.name, end, on_page)

    def rebuild(self, name: str, *, on_page: PageDone | None = None) -> Slot:
        """Replay the view from event zero into a new slot, then switch queries to it."""
        return self._retrying(lambda: self._rebuild(name, on_page))

    def _rebuild(self, name: str, on_page: PageDone | None) -> Slot:
        with self._lock:
            view = self.view(name)
            while True:
                slot = self._building_slot(view, fresh=True)
                end = self._app.recorder.max_notification_id() or 0
                if self._advance(slot, end, on_page) and self._activate(slot):
                    return attrs.evolve(slot, state="active")

    def is_current(self, slot: Slot) -> bool:
        """Whether ``slot`` is still in the registry and not retired (its tables exist)."""
        return self._retrying(lambda: self._is_current(slot))

    def _is_current(self, slot: Slot) -> bool:
        return any(
            (s.version, s.generation) == (slot.version, slot.generation) and s.state != "retired"
            for s in self._slots(slot.name)
        )

    def _advance(self, slot: Slot, end: int, on_page: PageDone | None) -> bool:
        """Apply the events after the slot's position up to ``end``; False if the slot
        was retired meanwhile (by another process), True once it reached ``end``."""
        view = self._views[slot.name]
        names = self._names(slot)
        topics = view.topics()
        position = self._position(slot)
        while position < end:
            rows = self._read(position, end, topics)
            reached = rows[-1][0] if rows else end
            statements: list[Statement] = []
            with folding_with(self._app.ledger_secret.person_secret):
                for fact in self._facts(rows):
                    statements += view.statements(fact)
            with self._transaction(commit=True) as tx:
                # The first lock of every page: the slot's tracking row, moved only
                # from where this reader started (compare-and-set).
                moved = tx.execute(
                    f"UPDATE {self.tracking_table} SET notification_id = ? "
                    "WHERE application_name = ? AND notification_id = ?",
                    (reached, slot.tracking_name, position),
                )
                if moved == 1:
                    make_keys = functools.partial(_make_keys, tx, slot, view, names)
                    run_statements(tx, statements, names, view.keys, make_keys)
            if moved != 1:
                # Another process applied this page first: continue from where it got,
                # unless it retired the slot (its tracking row is gone with it).
                if self.recorder.max_tracking_id(slot.tracking_name) is None:
                    # Retiring a slot marks it so before its tracking row goes: a row
                    # gone from a slot still current was deleted outside the ledger, and
                    # no page can ever move it again.
                    if self._is_current(slot):
                        raise _damaged(slot)
                    return False
                if not self._is_current(slot):
                    return False
                position = self._position(slot)
                continue
            position = reached
            if on_page is not None:
                on_page(slot.name, position, end)
        return True

    def _advance_many(self, slots: Sequence[Slot], end: int, on_page: PageDone | None) -> set[Slot]:
        """:meth:`_advance` for several slots in one pass over the log: each page of
        events is read and decoded once, folded by every view that reads it, and written
        with every slot's new position in one transaction. Returns the slots that
        reached ``end``; one whose position another process moved meanwhile (or that it
        retired) is left out, to be advanced on its own."""
        positions = {slot: self._position(slot) for slot in slots}
        done = {slot for slot in slots if positions[slot] >= end}
        live = sorted((s for s in slots if s not in done), key=lambda s: s.tracking_name)
        while live:
            start = min(positions[slot] for slot in live)
            readers: dict[str, list[tuple[Slot, View]]] = {}
            for slot in live:
                view = self._views[slot.name]
                for topic in view.topics():
                    readers.setdefault(topic, []).append((slot, view))
            rows = self._read(start, end, tuple(readers))
            reached = rows[-1][0] if rows else end
            # A slot already further on than this page (caught up before) waits for
            # the pages that pass it.
            behind = [slot for slot in live if positions[slot] < reached]
            statements: dict[Slot, list[Statement]] = {slot: [] for slot in behind}
            # Per topic, what folds it: (the slot's position, its statements, its fold).
            folds: dict[str, list[tuple[int, list[Statement], Any]]] = {
                topic: [] for topic in readers
            }
            for topic, interested in readers.items():
                for slot, view in interested:
                    if slot in statements:
                        folds[topic].append((positions[slot], statements[slot], view.statements))
            with folding_with(self._app.ledger_secret.person_secret):
                for fact in self._facts(rows):
                    for position, into, fold in folds[fact.topic]:
                        if fact.position > position:
                            into.extend(fold(fact))
            lost: list[Slot] = []
            with self._transaction(commit=True) as tx:
                # The lock order holds: each slot's tracking row before its tables, and
                # the tracking rows always in the same (name) order.
                for slot in behind:
                    moved = tx.execute(
                        f"UPDATE {self.tracking_table} SET notification_id = ? "
                        "WHERE application_name = ? AND notification_id = ?",
                        (reached, slot.tracking_name, positions[slot]),
                    )
                    if moved != 1:
                        lost.append(slot)
                        continue
                    view, names = self._views[slot.name], self._names(slot)
                    make_keys = functools.partial(_make_keys, tx, slot, view, names)
                    run_statements(tx, statements[slot], names, view.keys, make_keys)
            for slot in behind:
                if slot not in lost:
                    positions[slot] = reached
                    if on_page is not None:
                        on_page(slot.name, reached, end)
            done |= {slot for slot in behind if slot not in lost and reached >= end}
            live = [s for s in live if s not in lost and s not in done]
        return done

    def follow(
        self,
        stop: threading.Event,
        *,
        interval: float = 1.0,
        on_page: PageDone | None = None,
    ) -> None:
        """Keep every view current until ``stop`` is set.

        PostgreSQL wakes up as soon as events are committed (LISTEN on the channel that
        eventsourcing notifies on every insert), and also every ``interval`` seconds in
        case a notification was missed; SQLite, which cannot notify, looks for new events
        every ``interval`` seconds.
        """
        if not self.postgres:
            reached = self.catch_up(on_page=on_page)
            while not stop.wait(interval):
                if self.log_end() > reached:
                    reached = self.catch_up(on_page=on_page)
            return
        recorder = self._app.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        datastore = recorder.datastore
        with datastore.get_connection() as connection:
            # Listen first, then catch up: an event committed in between still wakes us.
            connection.execute(SQL("LISTEN {0}").format(Identifier(recorder.channel_name)))
            reached = self.catch_up(on_page=on_page)
            while not stop.is_set():
                for _ in connection.notifies(timeout=min(interval, 0.5), stop_after=1):
                    pass
                if not stop.is_set() and self.log_end() > reached:
                    reached = self.catch_up(on_page=on_page)
            connection.execute(SQL("UNLISTEN {0}").format(Identifier(recorder.channel_name)))

    def _read(self, position: int, end: int, topics: Sequence[str]) -> list[tuple[Any, ...]]:
        """(id, record id, version, topic, state) of the next page of events with
        ``topics`` after ``position`` up to ``end``, in notification order.

        This is the notification log read straight from its table when the views share
        the events' database: building eventsourcing's Notification objects (and parsing
        every record id into a UUID) would cost a fifth of a catch-up.
        """
        if self._own_datastore is not None:  # memory://: events are not in SQL
            return [
                (n.id, n.originator_id, n.originator_version, n.topic, n.state)
                for n in self._app.recorder.select_notifications(
                    position + 1, _PAGE, stop=end, topics=topics
                )
            ]
        table = self._app.recorder.events_table_name  # type: ignore[attr-defined]
        marks = ", ".join("?" * len(topics))
        key = "notification_id" if self.postgres else "rowid"
        with self._transaction(commit=False) as tx:
            tx.execute(
                f"SELECT {key}, originator_id, originator_version, topic, state "
                f"FROM {self._schema}{table} WHERE {key} > ? AND {key} <= ? "
                f"AND topic IN ({marks}) ORDER BY {key} LIMIT ?",
                (position, end, *topics, _PAGE),
            )
            return tx.fetchall()

    def _facts(self, rows: Sequence[tuple[Any, ...]]) -> Iterator[StoredFact]:
        """The stored events of a page as views read them: state as plain JSON data.

        One loop with everything it needs in local names: this runs once per event of
        every catch-up, and is most of what a catch-up costs besides the reading. A
        generator: each event's decoded state is garbage once folded, where a page's
        worth kept alive would make every garbage collection scan it.
        """
        mapper = self._app.mapper
        cipher, compressor = mapper.cipher, mapper.compressor
        decode, fact, is_uuid = _decode, StoredFact, uuid.UUID
        current: dict[str, int] = {}  # topic -> its class's class_version
        for position, record, version, topic, state in rows:
            plain = state
            if cipher is not None:
                plain = cipher.decrypt(bytes(plain))
            if compressor is not None:
                plain = compressor.decompress(bytes(plain))
            data = decode(bytes(plain).decode())
            stored_version = data.pop("class_version", 1)
            if topic not in current:
                current[topic] = _class_version(topic)
            if stored_version < current[topic]:
                data = self._upcast(record, version, topic, bytes(state))
            record_id = record.hex if isinstance(record, is_uuid) else record.replace("-", "")
            yield fact(topic, record_id, version, data, position)

    def _upcast(self, record: Any, version: int, topic: str, state: bytes) -> dict[str, Any]:
        """The state of an event stored before its class was upcast, in its current
        shape (views see the current shape only)."""
        mapper = self._app.mapper
        stored = StoredEvent(
            originator_id=record if isinstance(record, uuid.UUID) else uuid.UUID(record),
            originator_version=version,
            topic=topic,
            state=state,
        )
        event = mapper.to_domain_event(stored)
        fields = {k: v for k, v in vars(event).items() if k not in _NOT_STATE}
        data: dict[str, Any] = _decode(mapper.transcoder.encode(fields).decode())
        return data

    # -- reading -------------------------------------------------------------------

    def query(self, slot: Slot, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (``?`` placeholders, ``{table}`` names) over the slot's tables.

        Raises :class:`SlotRetired` when another process retired the slot and dropped its
        tables meanwhile (then read the view's active slot)."""
        return self._retrying(lambda: self._query(slot, sql, params))

    def _query(self, slot: Slot, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            with self._transaction(commit=False) as tx:
                tx.execute(sql.format(**self._names(slot)), params)
                return tx.fetchall()
        except Exception as error:
            retired = is_storage_error(error) and not is_transient(error)
            if retired and not self._is_current(slot):
                raise SlotRetired(slot) from error
            raise

    def fold_fresh(
        self, names: Sequence[str], end: int, *, on_page: PageDone | None = None
    ) -> dict[str, Slot]:
        """New slots of the named views folded from the first event up to ``end`` in one
        pass over the log, and left beside the active ones (nothing reads them): what a
        view is checked against. Meant for a ``scratch`` store, which no one else
        writes."""
        with self._lock:
            slots = [self._building_slot(self.view(name), fresh=True) for name in names]
            done = self._retrying(lambda: self._advance_many(slots, end, on_page))
            for slot in slots:
                if slot not in done and not self._advance(slot, end, on_page):
                    raise _damaged(slot)
            return {slot.name: slot for slot in slots}

    def digest(self, name: str, slot: Slot | None = None) -> ViewDigest | None:
        """The view's tracked position and each table's rows, counted and digested, all
        read in one snapshot (writers may go on meanwhile); of its active slot unless
        one is named. None: the view was never built."""
        view = self.view(name)
        return self._retrying(lambda: self._digest(view, slot))

    def _digest(self, view: View, slot: Slot | None) -> ViewDigest | None:
        slot = slot or self._active_slot(view)
        if slot is None:
            return None
        names = self._names(slot)
        with self._transaction(commit=False) as tx:
            if self.postgres:  # one snapshot for every table and the position
                tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tx.execute(
                f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?",
                (slot.tracking_name,),
            )
            found = tx.fetchall()
            if not found:
                return None
            tables = {
                table: table_digest(tx.rows(f"SELECT * FROM {names[table]}"), columns)
                for table, columns in view.tables.items()
            }
        return ViewDigest(view.name, int(found[0][0]), tables)

    def dump(self, slot: Slot) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table of the slot, sorted: for comparing two builds."""
        view = self._views[slot.name]
        return {
            table: sorted(self.query(slot, f"SELECT * FROM {{{table}}}"), key=repr)
            for table in view.tables
        }


def _damaged(slot: Slot) -> StorageFault:
    return StorageFault(
        "view-damaged",
        N_(
            "view {view}: its position ({tracking}) is gone from the tracking table, deleted "
            "outside the ledger, so it cannot be brought up to date; rebuild it: umkm-ledger "
            "rebuild {view} (or Ledger.rebuild)",
            view=slot.name,
            tracking=slot.tracking_name,
        ),
    )


# typeshed wants the context to be a scanner itself; any JSONDecoder is what it reads.
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]
)


def _decode(text: str) -> Any:
    """One JSON document, as the transcoder wrote it (no surrounding whitespace).

    The decoder's scanner called directly: ``json.loads`` checks the encoding, skips
    whitespace twice and wraps the scanner in ``raw_decode``, a tenth of a catch-up.
    """
    try:
        value, end = _scan(text, 0)
    except StopIteration as stop:
        raise json.JSONDecodeError("Expecting value", text, stop.value) from None
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


@functools.cache
def _class_version(topic: str) -> int:
    """The current ``class_version`` of the event class named by ``topic``."""
    return int(getattr(resolve_topic(topic), "class_version", 1))


def _make_keys(
    tx: _Transaction, slot: Slot, view: View, names: Mapping[str, str], tables: Iterable[str]
) -> None:
    """Make the unique indexes of the keys of ``tables`` (those that have one), unless
    they exist. Both callers hold the slot's tracking row (or registry row) locked, so
    two processes never create the same index at once."""
    for number, (table, columns) in enumerate(view.keys.items()):
        if table in tables:
            index = f"{slot.prefix}k{number}"
            tx.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {index} ON {names[table]} ({columns})")
