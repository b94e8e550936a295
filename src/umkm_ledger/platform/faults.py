"""Database errors as the ledger's own: what went wrong with the storage, and what to do.

Drivers speak in their own terms (``attempt to write a readonly database``, SQLSTATE
``40P01``) and in several lines; callers of the ledger get a :class:`StorageFault` that
names the fault and says what to do, in one line, with the driver's first line as the
detail. Transient errors (a deadlock, a serialization failure, a lock not granted in time,
SQLite's "database is locked") are told apart by :func:`is_transient`, so that work which
can safely be repeated (catching a view up) is repeated instead of failing.

:func:`typed_storage_faults` puts this at the Ledger's edge: every public method of the
class it decorates raises a :class:`StorageFault` where a driver error would escape.
"""

from __future__ import annotations

import functools
import inspect
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs
import psycopg
from eventsourcing.persistence import PersistenceError

from umkm_ledger.kernel.errors import N_, StorageBusy, StorageFault, UmkmLedgerError

__all__ = [
    "StorageSite",
    "is_storage_error",
    "is_transient",
    "storage_fault",
    "typed_storage_faults",
]

T = TypeVar("T")

#: PostgreSQL's deadlock_detected, serialization_failure and lock_not_available.
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
#: What the transient errors say when no code is at hand (an error re-raised as text).
_TRANSIENT_WORDS = (
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
    "canceling statement due to lock timeout",
)


@attrs.frozen
class StorageSite:
    """Where the ledger's data is, as messages name it: the URL (password hidden) and,
    for SQLite, the file."""

    display: str
    sqlite_path: str | None = None

    @classmethod
    def of(cls, env: Mapping[str, str], display: str) -> StorageSite:
        path = env.get("SQLITE_DBNAME")
        memory = path is None or "mode=memory" in path or path == ":memory:"
        return cls(display, None if memory else path)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it was raised from, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_storage_error(error: BaseException) -> bool:
    """Whether ``error`` comes from the database (eventsourcing's or a driver's error)."""
    return isinstance(error, PersistenceError | sqlite3.Error | psycopg.Error)


def is_transient(error: BaseException) -> bool:
    """Whether the same work, run again in a moment, may succeed: a deadlock, a
    serialization failure, a lock that was not granted in time."""
    for link in _chain(error):
        if isinstance(link, psycopg.Error) and link.sqlstate in _TRANSIENT_SQLSTATES:
            return True
        name = getattr(link, "sqlite_errorname", "")
        if isinstance(link, sqlite3.Error) and name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return True
    text = str(error).lower()
    return any(words in text for words in _TRANSIENT_WORDS)


def _detail(error: BaseException) -> str:
    """The driver's own words, first line only (PostgreSQL adds DETAIL, HINT, LINE)."""
    deepest = list(_chain(error))[-1]
    lines = str(deepest).strip().splitlines() or [type(deepest).__name__]
    return lines[0].strip()


def _codes(error: BaseException) -> tuple[str, str]:
    """(SQLite error name, PostgreSQL SQLSTATE) of the driver error, "" when unknown."""
    sqlite_name, sqlstate = "", ""
    for link in _chain(error):
        if isinstance(link, sqlite3.Error) and not sqlite_name:
            sqlite_name = str(getattr(link, "sqlite_errorname", "") or "")
        if isinstance(link, psycopg.Error) and not sqlstate:
            sqlstate = str(link.sqlstate or "")
    return sqlite_name, sqlstate


def _connection_failed(error: BaseException) -> bool:
    """A connection that could not be made (or was lost): psycopg says so without a
    SQLSTATE, which only a server's answer carries."""
    return any(
        isinstance(link, psycopg.OperationalError) and link.sqlstate is None
        for link in _chain(error)
    )


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _read_only(site: StorageSite, detail: str) -> StorageFault:
    path = None if site.sqlite_path is None else Path(site.sqlite_path)
    where = site.display
    if path is not None and path.exists() and not _writable(path):
        message = N_(
            "the ledger file {path} is read-only, so nothing can be recorded (or "
            "views kept); give whoever runs the ledger write permission on it, or open a "
            "writable copy",
            path=str(path),
        )
    elif path is not None and not _writable(path.parent):
        message = N_(
            "the folder {folder} is read-only, and SQLite writes beside the ledger "
            "file (its -wal and -shm files); give whoever runs the ledger write permission on "
            "the folder, or open a copy in a writable folder",
            folder=str(path.parent),
        )
    else:
        message = N_(
            "{where}: the database is read-only ({detail}), so nothing can be recorded (or "
            "views kept); connect as a user that may write to it, or open a writable copy",
            where=where,
            detail=detail,
        )
    return StorageFault("read-only", message)


def storage_fault(error: BaseException, site: StorageSite) -> StorageFault:
    """The :class:`StorageFault` that says what ``error`` (a database error) means and
    what to do about it."""
    sqlite_name, sqlstate = _codes(error)
    detail = _detail(error)
    text = detail.lower()
    where = site.display
    if is_transient(error):
        return StorageBusy(
            "busy",
            N_(
                "{where}: the database stayed locked by other writers ({detail}); nothing "
                "was recorded: send the command again (with the same command id)",
                where=where,
                detail=detail,
            ),
        )
    if (
        sqlite_name.startswith("SQLITE_READONLY")
        or "readonly database" in text
        or sqlstate in {"25006", "42501"}
    ):
        return _read_only(site, detail)
    if sqlite_name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        path = None if site.sqlite_path is None else Path(site.sqlite_path)
        if path is not None and not _writable(path.parent):
            return _read_only(site, detail)
        return StorageFault(
            "failed",
            N_(
                "{where}: the database file cannot be opened ({detail}); check that it and "
                "its folder can be read and written by whoever runs the ledger",
                where=where,
                detail=detail,
            ),
        )
    if sqlite_name == "SQLITE_FULL" or "disk is full" in text or sqlstate.startswith("53"):
        return StorageFault(
            "disk-full",
            N_(
                "{where}: the disk is full ({detail}); nothing was recorded: free some space "
                "and send the command again",
                where=where,
                detail=detail,
            ),
        )
    if sqlite_name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageFault(
            "disk-error",
            N_(
                "{where}: the disk could not be written ({detail}): it may be full, failing "
                "or over a file-size limit; nothing was recorded: free some space (or check "
                "the disk) and send the command again",
                where=where,
                detail=detail,
            ),
        )
    if sqlite_name == "SQLITE_NOTADB" or "file is not a database" in text:
        return StorageFault(
            "not-a-ledger",
            N_(
                "{where}: the file is not a SQLite database (another kind of file, or a "
                "damaged one); check the path, or restore the ledger from a backup",
                where=where,
            ),
        )
    if sqlite_name == "SQLITE_CORRUPT" or "malformed" in text:
        return StorageFault(
            "damaged",
            N_(
                "{where}: the database file is damaged ({detail}); restore the ledger from a "
                "backup",
                where=where,
                detail=detail,
            ),
        )
    if sqlstate == "3D000":
        return StorageFault(
            "unreachable",
            N_(
                "{where}: the database does not exist ({detail}); create it (createdb) or "
                "correct the URL",
                where=where,
                detail=detail,
            ),
        )
    if sqlstate.startswith(("08", "28")) or _connection_failed(error):
        return StorageFault(
            "unreachable",
            N_(
                "{where}: cannot reach the database ({detail}); check that the server runs "
                "and the URL's host, port, user and password",
                where=where,
                detail=detail,
            ),
        )
    return StorageFault(
        "failed",
        N_(
            "{where}: the database failed ({detail}); a command sent with a command id can "
            "be sent again safely once it works",
            where=where,
            detail=detail,
        ),
    )


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
        except UmkmLedgerError:
            raise
        except Exception as error:
            if not is_storage_error(error):
                raise
            raise storage_fault(error, self.storage_site) from error
        if isinstance(result, Iterator):
            return _guarded_iteration(result, lambda: self.storage_site)
        return result

    return guarded


def _guarded_iteration(items: Iterator[T], site: Callable[[], StorageSite]) -> Iterator[T]:
    """``items``, read lazily (``enterprise_ids()`` pages through the log as it goes)."""
    try:
        yield from items
    except UmkmLedgerError:
        raise
    except Exception as error:
        if not is_storage_error(error):
            raise
        raise storage_fault(error, site()) from error


def typed_storage_faults(cls: type[T]) -> type[T]:
    """Make every public method of ``cls`` (its own and inherited) raise a
    :class:`StorageFault` instead of a database error. ``cls`` provides ``storage_site``."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        member = _static(cls, name)
        if member is not None:
            setattr(cls, name, _guarded(member))
    return cls


def _static(cls: type[Any], name: str) -> Any:
    """The attribute as defined on the class (a plain function for methods; class
    methods, static methods and properties are left as they are)."""
    for klass in cls.__mro__:
        if name in vars(klass):
            member = vars(klass)[name]
            return member if inspect.isfunction(member) else None
    return None
