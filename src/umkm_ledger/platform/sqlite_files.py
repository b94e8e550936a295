"""Whether a SQLite file is a ledger, before eventsourcing makes one of it.

SQLite takes any file it can open: a zero-length file is an empty database to it, and a
database of another program gets the ledger's tables added beside its own. Either would
open as an *empty ledger* without a word, where the person opening it meant a ledger that
was truncated, or named the wrong file. So a SQLite ledger opens only when its file

* does not exist yet (a new ledger is made), or
* is a SQLite database with the ledger's events table, or with no table at all (made by
  another process opening the same new ledger a moment ago).

A zero-length file is not a ledger, with one exception: a file made in the last few
seconds that gets its content meanwhile (another process is creating the ledger: SQLite
makes the file empty and writes its header a moment later). Anything else is refused with
a :class:`StorageFault` that says what to do.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from umkm_ledger.kernel.errors import N_, ConfigurationError, StorageFault

__all__ = ["check_ledger_file", "copy_online"]

#: The table eventsourcing keeps the ledger's events in, in a SQLite file.
EVENTS_TABLE = "stored_events"
_HEADER = b"SQLite format 3\x00"
#: How long a just-made empty file may take to get its header from its creator.
_CREATION_GRACE = 5.0


def check_ledger_file(path: str) -> None:
    """Refuse to open ``path`` as a ledger unless it is one, or does not exist yet."""
    file = Path(path)
    if file.is_dir():
        raise ConfigurationError(N_("{path} is a folder; name a file in it", path=path))
    size = _settled_size(file)
    if size is None:  # a new ledger
        return
    if size == 0:
        raise StorageFault(
            "not-a-ledger",
            N_(
                "{path} is an empty file (0 bytes), not a ledger: if it held one, it "
                "was truncated: restore it from a backup; to start a new ledger, delete the "
                "empty file (or name a file that does not exist)",
                path=path,
            ),
        )
    with file.open("rb") as opened:
        header = opened.read(len(_HEADER))
    if header != _HEADER:
        raise StorageFault(
            "not-a-ledger",
            N_(
                "{path} is not a SQLite database (another kind of file, or a damaged "
                "one); check the path, or restore the ledger from a backup",
                path=path,
            ),
        )
    tables = _tables(file)
    if tables and EVENTS_TABLE not in tables:
        raise StorageFault(
            "not-a-ledger",
            N_(
                "{path} is the database of something else (tables {tables}), not a "
                "ledger; name another file: a ledger keeps a SQLite file of its own",
                path=path,
                tables=", ".join(sorted(tables)[:5]),
            ),
        )


def _settled_size(file: Path) -> int | None:
    """The file's size (None: there is no file), waiting a little while a just-made empty
    file may still be getting its header from the process that is creating the ledger."""
    while True:
        try:
            status = file.stat()
        except FileNotFoundError:
            return None
        if status.st_size > 0 or time.time() - status.st_mtime > _CREATION_GRACE:
            return status.st_size
        time.sleep(0.05)


def _tables(file: Path) -> set[str]:
    """The tables of the database (empty when it cannot be read now: then opening it
    says why, or it is being created)."""
    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return set()
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(name) for (name,) in rows}
    except sqlite3.Error:
        return set()
    finally:
        connection.close()


def copy_online(path: str, target: str) -> int:
    """Copy the SQLite ledger at ``path`` into a new file ``target`` with SQLite's online
    backup API: a consistent copy (as of one moment) while other processes keep reading
    and writing. Returns the copy's size in bytes. An existing ``target`` is refused."""
    out = Path(target)
    if out.exists():
        raise ConfigurationError(
            N_("{path} exists: a backup never overwrites a file; name a new one", path=target)
        )
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=4096)
        finally:
            copy.close()
    finally:
        source.close()
    return out.stat().st_size
