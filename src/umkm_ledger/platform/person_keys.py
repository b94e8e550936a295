"""The key store: one AES-256 key per person, kept apart from the event log.

A person's NIK, name and birth details are written into events sealed with their own key
(:mod:`umkm_ledger.platform.sealing`). Erasing the person destroys that key: every event
that names them still verifies (the log's leaves hash the sealed bytes), and none can be
read again, in this database or in any backup made after.

Two tables, in the ledger's database but never part of its log:

- ``umkm_ledger_person_keys``: ``person`` (a random id, all that events name the person
  by), ``lookup`` (an HMAC of the NIK under the ledger's secret, so that the same NIK
  finds the same person; it gives no NIK back) and ``wrapped`` (the person's key,
  encrypted with a key derived from the ledger's secret). A copy of the database without
  the ledger's secret file gives neither a NIK nor a key.
- ``umkm_ledger_erased_people``: the ids of people erased, so that every process drops
  the keys it holds within a second of an erasure anywhere.

A new person's key is written by the recorder in the transaction of the events that first
name them (:meth:`StoredPersonKeys.write_pending`): a key is never committed without its
events, nor an event without its key, and a new person costs no commit of their own.
Erasing deletes the person's row; SQLite overwrites the deleted bytes
(``secure_delete``), PostgreSQL's table is vacuumed after.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Iterator
from typing import Any, Protocol
from uuid import UUID, uuid4

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import IntegrityError

from umkm_ledger.kernel.errors import N_, ConfigurationError
from umkm_ledger.kernel.values.identifiers import NIK

__all__ = [
    "KEYS_TABLE",
    "KeyRow",
    "PersonKey",
    "PersonKeys",
    "PersonTaken",
    "StoredPersonKeys",
    "UnreadablePersonKey",
    "open_person_keys",
]

KEYS_TABLE = "umkm_ledger_person_keys"
_ERASED_TABLE = "umkm_ledger_erased_people"
#: Keys per INSERT (three parameters each, well inside both databases' limits).
_ROWS_PER_INSERT = 1_000
#: How long a process trusts the keys it holds before it asks whether anyone was erased.
_RECHECK_SECONDS = 1.0


#: The people whose keys the command running in this context destroys (an approved
#: erasure): deleted in the transaction that records the approval.
_DESTROYING: contextvars.ContextVar[frozenset[UUID]] = contextvars.ContextVar(
    "umkm_ledger_destroying", default=frozenset()
)


class PersonTaken(IntegrityError):
    """Another process gave one of the NIKs being recorded a key first (its events were
    recorded first): nothing was saved, and the command runs again with that person."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} person key(s) taken by a concurrent writer")


class UnreadablePersonKey(ConfigurationError):
    """A key in the key store does not open with this ledger's secret (another secret, or
    the row was edited): nothing personal is shown as if it were erased."""


class PersonKey:
    """One person's key: it seals their personal data, and keys the digests of the
    commands that name them (so that, once it is destroyed, no receipt can be tested
    against a guessed NIK or name either)."""

    __slots__ = ("_aead", "digest_key")

    def __init__(self, raw: bytes) -> None:
        self._aead = AESGCM(raw)
        self.digest_key = hmac.new(raw, b"umkm-ledger command digest", hashlib.sha256).digest()

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes) -> bytes:
        return self._aead.encrypt(nonce, data, associated_data)

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes) -> bytes:
        return self._aead.decrypt(nonce, data, associated_data)


@attrs.frozen
class KeyRow:
    """A row of the key store as backups carry it (the key still wrapped)."""

    person: str
    lookup: str
    wrapped: str


class PersonKeys(Protocol):
    """What sealing and erasure need from a key store."""

    def person_for(self, nik: NIK) -> UUID:
        """The person this NIK is known as, made (with a new key) on first use."""
        ...

    def find(self, nik: NIK, *, committed: bool = False) -> UUID | None:
        """The person this NIK is known as, or None (never recorded, or erased)."""
        ...

    def key_of(self, person: UUID) -> PersonKey | None:
        """The person's key, or None once they are erased (or were never known)."""
        ...

    def destroy(self, person: UUID) -> bool:
        """Destroy the person's key for good; False when it was already gone."""
        ...

    def rows(self) -> list[KeyRow]:
        """Every key, still wrapped (for a backup)."""
        ...

    def restore(self, rows: list[KeyRow]) -> None:
        """Put a backup's keys back (into a ledger that has none of them)."""
        ...

    def erased(self) -> list[str]:
        """The ids of the people erased, as hex."""
        ...


class _Wrapping:
    """Person keys wrapped with the ledger's secret, NIKs looked up by keyed digest."""

    def __init__(self, wrapping_key: bytes, lookup_key: bytes) -> None:
        self._aead = AESGCM(wrapping_key)
        self._lookup_key = lookup_key

    def lookup(self, nik: NIK) -> str:
        return hmac.new(self._lookup_key, nik.value.encode(), hashlib.sha256).hexdigest()

    def wrap(self, person: UUID, lookup: str, key: bytes) -> str:
        # Bound to the person and to their NIK's lookup: a row whose lookup was swapped
        # with another's (an edited backup) does not open, so an erasure asked for one
        # NIK can never destroy another person's key.
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, key, _bound_row(person, lookup))
        return base64.b64encode(nonce + sealed).decode()

    def unwrap(self, person: UUID, lookup: str, wrapped: str) -> PersonKey:
        try:
            raw = base64.b64decode(wrapped, validate=True)
            return PersonKey(self._aead.decrypt(raw[:12], raw[12:], _bound_row(person, lookup)))
        except (InvalidTag, ValueError):
            raise UnreadablePersonKey(
                N_(
                    "a person's key in the key store does not open with this ledger's "
                    "secret: open the ledger with its own secret file, or restore the key "
                    "store from its backup"
                )
            ) from None


def _bound_row(person: UUID, lookup: str) -> bytes:
    return person.bytes + lookup.encode()


class StoredPersonKeys:
    """The key store in the ledger's own database (SQLite or PostgreSQL), or in memory
    for a ledger in memory (``datastore`` None)."""

    def __init__(self, wrapping: _Wrapping, datastore: Any, *, postgres: bool, schema: str) -> None:
        self._wrapping = wrapping
        self._datastore = datastore
        self._postgres = postgres
        prefix = f'"{schema}".' if schema else ""
        self._keys_table = prefix + KEYS_TABLE
        self._erased_table = prefix + _ERASED_TABLE
        self._mark = "%s" if postgres else "?"
        self._lock = threading.Lock()
        self._keys: dict[UUID, PersonKey] = {}
        self._people: dict[str, UUID] = {}
        # A ledger in memory keeps its rows here.
        self._memory: dict[str, KeyRow] | None = {} if datastore is None else None
        self._memory_erased: list[str] = []
        # New people's keys, written by the recorder in the transaction of the events
        # that first name them (lookup -> row): never a key without its events committed
        # in a separate transaction, and no commit of its own per new person.
        self._pending: dict[str, KeyRow] = {}
        self._pending_keys: dict[UUID, PersonKey] = {}
        self._erasures_seen = -1
        self._checked_at = 0.0
        if datastore is not None:
            self._create_tables()

    def _create_tables(self) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            if self._postgres:
                # Workers opening a new ledger at once: PostgreSQL's CREATE TABLE IF NOT
                # EXISTS is not safe against itself, so one creates while the others wait.
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (KEYS_TABLE,))
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self._keys_table} (person TEXT PRIMARY KEY, "
                "lookup TEXT NOT NULL UNIQUE, wrapped TEXT NOT NULL)"
            )
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self._erased_table} (person TEXT PRIMARY KEY)"
            )

    # -- reading ----------------------------------------------------------------------

    def _fresh(self) -> None:
        """Drop the keys held here if someone was erased since they were read."""
        now = time.monotonic()
        if now - self._checked_at < _RECHECK_SECONDS:
            return
        count = len(self._memory_erased) if self._memory is not None else self._count_erased()
        if count != self._erasures_seen:
            self._keys.clear()
            self._people.clear()
            self._erasures_seen = count
        self._checked_at = now

    def _count_erased(self) -> int:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT COUNT(*) AS n FROM {self._erased_table}")
            row = cursor.fetchone()
        return int(row["n"] if self._postgres else row[0])

    def _select(self, column: str, value: str) -> KeyRow | None:
        if self._memory is not None:
            if column == "person":
                return self._memory.get(value)
            return next((r for r in self._memory.values() if r.lookup == value), None)
        sql = (
            f"SELECT person, lookup, wrapped FROM {self._keys_table} WHERE {column} = {self._mark}"
        )
        if self._postgres:
            # One statement on an autocommit connection: one round trip, not three.
            with self._datastore.get_connection() as connection:
                row = connection.execute(sql, (value,)).fetchone()
        else:
            with self._datastore.transaction(commit=False) as cursor:
                cursor.execute(sql, (value,))
                row = cursor.fetchone()
        return None if row is None else self._row(row)

    def _row(self, row: Any) -> KeyRow:
        if self._postgres:
            return KeyRow(str(row["person"]), str(row["lookup"]), str(row["wrapped"]))
        return KeyRow(str(row[0]), str(row[1]), str(row[2]))

    def find(self, nik: NIK, *, committed: bool = False) -> UUID | None:
        """The person ``nik`` is known as (``committed``: only as written by a committed
        transaction, not a key made here and not written yet)."""
        lookup = self._wrapping.lookup(nik)
        with self._lock:
            self._fresh()
            pending = None if committed else self._pending.get(lookup)
            if pending is not None:
                return UUID(pending.person)
            known = self._people.get(lookup)
        if known is not None:
            return known
        row = self._select("lookup", lookup)
        if row is None:
            return None
        person = UUID(row.person)
        with self._lock:
            self._people[lookup] = person
        return person

    def person_for(self, nik: NIK) -> UUID:
        found = self.find(nik)
        if found is not None:
            return found
        person = uuid4()
        key = AESGCM.generate_key(256)
        lookup = self._wrapping.lookup(nik)
        row = KeyRow(person.hex, lookup, self._wrapping.wrap(person, lookup, key))
        if self._memory is not None:
            self._insert_in_memory([row])
            found = self.find(nik)
            assert found is not None
            return found
        with self._lock:
            self._pending[row.lookup] = row
            self._pending_keys[person] = PersonKey(key)
        return person

    def pending_rows(self) -> list[KeyRow]:
        """The keys made here and not yet written (see :meth:`write_pending`)."""
        with self._lock:
            return list(self._pending.values())

    def write_pending(self, cursor: Any, rows: list[KeyRow]) -> None:
        """Write ``rows`` in the transaction of ``cursor`` (the events' own). When another
        process wrote a key for one of these NIKs first, raise :class:`PersonTaken` (the
        transaction is rolled back; the command runs again and finds that person)."""
        inserted = self._inserted(cursor, rows)
        taken = [row.lookup for row in rows if row.person not in inserted]
        if taken:
            with self._lock:
                for lookup in taken:
                    dropped = self._pending.pop(lookup, None)
                    if dropped is not None:
                        self._pending_keys.pop(UUID(dropped.person), None)
            raise PersonTaken(len(taken))

    @contextlib.contextmanager
    def destroying(self, person: UUID) -> Iterator[None]:
        """While this context runs a command, the events it saves delete ``person``'s key
        in their own transaction (see :meth:`delete_doomed`): the approval of an erasure
        and the destruction of the key commit together, or neither does."""
        token = _DESTROYING.set(_DESTROYING.get() | {person})
        try:
            yield
        finally:
            _DESTROYING.reset(token)

    @staticmethod
    def doomed() -> frozenset[UUID]:
        """The people whose keys the running command destroys."""
        return _DESTROYING.get()

    def delete_doomed(self, cursor: Any, people: frozenset[UUID]) -> set[UUID]:
        """Delete ``people``'s keys in the transaction of ``cursor`` and list them erased;
        the people whose key was still there."""
        m = self._mark
        if not self._postgres:
            # Overwrite the deleted row's bytes in the file, not just unlink them.
            cursor.execute("PRAGMA secure_delete = ON")
        deleted: set[UUID] = set()
        for person in sorted(people):
            # The first statement writes: SQLite then waits for the write lock, where a
            # read first would be refused outright once another writer had committed.
            cursor.execute(
                f"DELETE FROM {self._keys_table} WHERE person = {m} RETURNING person",
                (person.hex,),
            )
            if cursor.fetchall():
                deleted.add(person)
            cursor.execute(
                f"INSERT INTO {self._erased_table} (person) VALUES ({m}) ON CONFLICT DO NOTHING",
                (person.hex,),
            )
        return deleted

    def written(self, rows: list[KeyRow]) -> None:
        """``rows`` were committed with their events."""
        with self._lock:
            for row in rows:
                if self._pending.get(row.lookup) == row:
                    del self._pending[row.lookup]
                    person = UUID(row.person)
                    self._people[row.lookup] = person
                    key = self._pending_keys.pop(person, None)
                    if key is not None:
                        self._keys[person] = key

    def flush(self) -> None:
        """Write the pending keys in a transaction of their own (before a restore or a
        migration writes events without the recorder's insert)."""
        rows = self.pending_rows()
        if rows and self._memory is None:
            with self._datastore.transaction(commit=True) as cursor:
                self.write_pending(cursor, rows)
            self.written(rows)

    def key_of(self, person: UUID) -> PersonKey | None:
        with self._lock:
            self._fresh()
            key = self._keys.get(person) or self._pending_keys.get(person)
        if key is not None:
            return key
        row = self._select("person", person.hex)
        if row is None:
            return None
        key = self._wrapping.unwrap(person, row.lookup, row.wrapped)
        with self._lock:
            self._keys[person] = key
        return key

    def rows(self) -> list[KeyRow]:
        if self._memory is not None:
            return sorted(self._memory.values(), key=lambda r: r.person)
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT person, lookup, wrapped FROM {self._keys_table} ORDER BY person"
            )
            return [self._row(row) for row in cursor.fetchall()]

    def erased(self) -> list[str]:
        if self._memory is not None:
            return sorted(self._memory_erased)
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT person FROM {self._erased_table} ORDER BY person")
            return [str(row["person"] if self._postgres else row[0]) for row in cursor.fetchall()]

    # -- writing ----------------------------------------------------------------------

    def _inserted(self, cursor: Any, rows: list[KeyRow]) -> set[str]:
        """Insert ``rows`` in the transaction of ``cursor``, leaving any whose person or
        NIK is there already; the persons (hex) inserted."""
        m = self._mark
        inserted: set[str] = set()
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            values = ", ".join([f"({m}, {m}, {m})"] * len(chunk))
            # One statement: the rows it did not insert are those another writer had.
            cursor.execute(
                f"INSERT INTO {self._keys_table} (person, lookup, wrapped) VALUES {values} "
                "ON CONFLICT DO NOTHING RETURNING person",
                [field for row in chunk for field in (row.person, row.lookup, row.wrapped)],
            )
            inserted |= {str(r["person"] if self._postgres else r[0]) for r in cursor.fetchall()}
        return inserted

    def _insert_in_memory(self, rows: list[KeyRow]) -> None:
        assert self._memory is not None
        for row in rows:
            taken = row.person in self._memory or any(
                r.lookup == row.lookup for r in self._memory.values()
            )
            if not taken:
                self._memory[row.person] = row

    def restore(self, rows: list[KeyRow]) -> None:
        if self._memory is not None:
            self._insert_in_memory(rows)
            return
        if rows:
            with self._datastore.transaction(commit=True) as cursor:
                self._inserted(cursor, rows)

    def destroy(self, person: UUID) -> bool:
        with self._lock:
            self._keys.pop(person, None)
            self._pending_keys.pop(person, None)
            self._pending = {k: r for k, r in self._pending.items() if r.person != person.hex}
            self._people = {k: v for k, v in self._people.items() if v != person}
        if self._memory is not None:
            removed = self._memory.pop(person.hex) if person.hex in self._memory else None
            if person.hex not in self._memory_erased:
                self._memory_erased.append(person.hex)
            return removed is not None
        with self._datastore.transaction(commit=True) as cursor:
            gone = bool(self.delete_doomed(cursor, frozenset({person})))
        if self._postgres:
            self._vacuum()
        else:
            self._checkpoint()
        return gone

    def _checkpoint(self) -> None:
        # The deleted row's old page stays in SQLite's write-ahead log until a checkpoint
        # copies the log back into the file (overwritten there, secure_delete) and empties it.
        try:
            with self._datastore.get_connection(commit=True) as connection:
                connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:
            return

    def _vacuum(self) -> None:
        # A deleted row stays in PostgreSQL's table file until vacuumed (VACUUM cannot run
        # inside a transaction, so on a connection of its own).
        with self._datastore.get_connection() as connection:
            autocommit = connection.autocommit
            connection.autocommit = True
            try:
                connection.execute(f"VACUUM {self._keys_table}")
            finally:
                connection.autocommit = autocommit


def open_person_keys(app: Any) -> StoredPersonKeys:
    """The key store of the ledger ``app`` (made on first use)."""
    secret = app.ledger_secret
    wrapping = _Wrapping(secret.person_key_wrapping, secret.person_lookup)
    datastore = getattr(app.recorder, "datastore", None)
    persistence = str(app.env.get("PERSISTENCE_MODULE", "")).lower()
    postgres = "postgres" in persistence
    schema = str(getattr(datastore, "schema", "") or "") if postgres else ""
    return StoredPersonKeys(wrapping, datastore, postgres=postgres, schema=schema)
