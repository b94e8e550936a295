"""Database faults are typed errors that say what to do: never a traceback, never a hang.

Each fault is made for real: a file or folder made read-only (``chmod``; a test run as
root gives up the capability that lets root write anyway), a disk that fills (a file-size
limit, ``RLIMIT_FSIZE``, in the child process), a zero-length file, a file that is not a
SQLite database, another program's SQLite database, a PostgreSQL role that may not write,
a database set read-only, and tracking rows deleted behind the ledger's back. Each is met
at ``Ledger.open``, at a command, at a query and on the command line, in a child process
(faults that the child sets up for itself stay in the child), and must be a
:class:`StorageFault` (or another ``UmkmLedgerError``): on the command line one line on
stderr and exit status 4 (could not run). Whatever was recorded before the fault is still
there after it.

On the code before StorageFault every one of these was a raw driver error, a traceback
on the command line, or (the deleted tracking row) ``umkm-ledger project`` looping
forever; the zero-length and foreign files opened as empty ledgers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from umkm_ledger import Ledger, StorageFault

pytestmark = pytest.mark.slow

#: Run first in every child: helpers that report what each step did, as JSON lines.
PRELUDE = textwrap.dedent(
    """
    import ctypes, json, os, resource, sys
    from click.testing import CliRunner
    from umkm_ledger import Ledger, UmkmLedgerError
    from umkm_ledger.cli import cli

    def as_ordinary_user():
        # Root writes to read-only files anyway (CAP_DAC_OVERRIDE): give that up.
        if os.geteuid() != 0:
            return
        libc = ctypes.CDLL(None, use_errno=True)
        class Header(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
        class Data(ctypes.Structure):
            _fields_ = [(n, ctypes.c_uint32) for n in ("effective", "permitted", "inherited")]
        header, data = Header(0x20080522, 0), (Data * 2)()
        assert libc.capget(ctypes.byref(header), data) == 0
        mask = ~((1 << 1) | (1 << 2)) & 0xFFFFFFFF  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        for part in ("effective", "permitted", "inherited"):
            setattr(data[0], part, getattr(data[0], part) & mask)
        assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()

    def say(step, **outcome):
        print(json.dumps({"step": step, **outcome}), flush=True)

    def attempt(step, work):
        try:
            say(step, ok=True, result=repr(work()))
        except UmkmLedgerError as error:
            say(step, ok=False, error=type(error).__name__,
                fault=getattr(error, "fault", None), message=str(error))

    def command_line(step, url, *args):
        result = CliRunner().invoke(cli, ["--db", url, *args])
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        say(step, exit=result.exit_code, stderr=result.stderr, crashed=crashed)
    """
)


def child(code: str, *args: str, timeout: float = 120) -> dict[str, dict[str, Any]]:
    """Run ``code`` (after the prelude) in a fresh interpreter; its steps by name."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    steps = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {step.pop("step"): step for step in steps}


def refused(outcome: dict[str, Any], fault: str | set[str], *words: str) -> None:
    assert outcome.get("ok") is False, outcome
    assert outcome["error"] in {"StorageFault", "StorageBusy"}, outcome
    assert outcome["fault"] in ({fault} if isinstance(fault, str) else fault), outcome
    assert "\n" not in outcome["message"]
    for word in words:
        assert word in outcome["message"], outcome


def one_line_exit_4(outcome: dict[str, Any], *words: str) -> None:
    assert not outcome["crashed"], outcome
    assert outcome["exit"] == 4, outcome  # could not run (umkm_ledger.cli.exits)
    lines = outcome["stderr"].strip().splitlines()
    assert len(lines) == 1, outcome
    assert lines[0].startswith("error: StorageFault: "), outcome
    for word in words:
        assert word in lines[0], outcome


def new_ledger(url: str) -> None:
    with Ledger.open(url, actor="siti@officer") as ledger:
        ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
        ledger.catch_up()


def funders(url: str) -> list[str]:
    with Ledger.open(url) as ledger:
        assert ledger.verify().ok
        return sorted(row.funder for row in ledger.audit_trail(kind="Registered") if row.funder)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:  # so that pytest can clean up
        path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)


# -- SQLite files --------------------------------------------------------------------


WRITE_READ_AND_SAY = """
    url = sys.argv[1]
    as_ordinary_user()
    attempt("open", lambda: Ledger.open(url).close())
    def command():
        with Ledger.open(url, actor="siti@officer") as ledger:
            return ledger.register_funder("Bank Sumsel Babel", source="bank/KUR")
    attempt("command", command)
    def query():
        with Ledger.open(url, actor="siti@officer") as ledger:
            return ledger.funds().rows
    attempt("query", query)
    command_line(
        "cli", url, "funder", "register", "--name", "Bank Sumsel Babel", "--source", "bank/KUR"
    )
"""


def test_a_read_only_ledger_file_is_a_storage_fault(folder: Path) -> None:
    path = folder / "ledger.db"
    url = f"sqlite:///{path}"
    new_ledger(url)
    with Ledger.open(url) as ledger:  # one event more than the views have seen
        ledger.register_funder("TJSL PT Hutama Karya", source="TJSL BUMN")
    path.chmod(0o444)
    steps = child(WRITE_READ_AND_SAY, url)
    assert steps["open"]["ok"], steps["open"]  # reading needs no write
    refused(steps["command"], "read-only", f"the ledger file {path} is read-only")
    refused(steps["query"], "read-only", "write permission")
    one_line_exit_4(steps["cli"], "read-only")
    path.chmod(0o644)
    assert funders(url) == ["Dinkoperindag Ogan Ilir", "TJSL PT Hutama Karya"]


def test_a_ledger_in_a_read_only_folder_is_a_storage_fault(folder: Path) -> None:
    ledgers = folder / "ledgers"
    ledgers.mkdir()
    url = f"sqlite:///{ledgers / 'ledger.db'}"
    new_ledger(url)
    ledgers.chmod(0o555)
    steps = child(WRITE_READ_AND_SAY, url)
    for step in ("open", "command", "query"):
        refused(steps[step], "read-only", f"the folder {ledgers} is read-only", "-wal")
    one_line_exit_4(steps["cli"], "read-only")
    new = child(
        """
        as_ordinary_user()
        attempt("open", lambda: Ledger.open(sys.argv[1]).close())
        """,
        f"sqlite:///{ledgers / 'new.db'}",
    )
    refused(new["open"], "read-only", f"the folder {ledgers} is read-only")
    ledgers.chmod(0o755)
    assert funders(url) == ["Dinkoperindag Ogan Ilir"]
    assert not (ledgers / "new.db").exists()


def test_a_full_disk_is_a_storage_fault_and_loses_nothing(folder: Path) -> None:
    path = folder / "ledger.db"
    url = f"sqlite:///{path}"
    new_ledger(url)
    with Ledger.open(url, actor="siti@officer") as ledger:
        # Events the audit view has not seen: catching it up will need room to write.
        for number in range(400):
            ledger.register_funder(f"Yayasan {number:03d}", source="private CSR")
    before = funders(url)
    steps = child(
        """
        url, limit = sys.argv[1], int(sys.argv[2])
        # A full disk, as far as this process is concerned: files stop growing here.
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        recorded = []
        ledger = Ledger.open(url, actor="siti@officer")
        def fill():
            for number in range(100_000):
                name = f"Funder {number:05d} " + "x" * 150
                ledger.register_funder(name, source="private CSR")
                recorded.append(name)
        attempt("command", fill)
        say("recorded", names=recorded)
        attempt("query", lambda: len(ledger.audit_trail()))
        command_line("cli", url, "audit", "trail")
        ledger.close()
        """,
        url,
        str(path.stat().st_size + 64 * 1024),
    )
    # SQLite says "disk I/O error" when a write is refused (EFBIG) and "database or disk
    # is full" when the disk has no room left (ENOSPC): either way, what to do is said.
    full = {"disk-full", "disk-error"}
    refused(steps["command"], full, "nothing was recorded", "free some space")
    refused(steps["query"], full, "free some space")
    one_line_exit_4(steps["cli"], "free some space")
    recorded = steps["recorded"]["names"]
    assert recorded  # some went in before the disk filled, and they all stayed in
    assert funders(url) == sorted([*before, *recorded])


OPEN_AND_SAY = """
    url = sys.argv[1]
    attempt("open", lambda: Ledger.open(url).close())
    command_line("cli", url, "funds")
"""


def test_a_zero_length_file_is_not_an_empty_ledger(folder: Path) -> None:
    path = folder / "ledger.db"
    path.write_bytes(b"")
    os.utime(path, (1_600_000_000, 1_600_000_000))  # not being created at this moment
    steps = child(OPEN_AND_SAY, f"sqlite:///{path}")
    refused(steps["open"], "not-a-ledger", "empty file (0 bytes)", "restore it from a backup")
    one_line_exit_4(steps["cli"], "empty file")
    assert path.stat().st_size == 0  # left as it was


def test_a_file_that_is_not_a_sqlite_database_is_refused(folder: Path) -> None:
    path = folder / "ledger.db"
    path.write_text("NIK,Nama\n1610084708800001,Siti Aminah\n" * 100, encoding="utf-8")
    before = path.read_bytes()
    steps = child(OPEN_AND_SAY, f"sqlite:///{path}")
    refused(steps["open"], "not-a-ledger", "is not a SQLite database")
    one_line_exit_4(steps["cli"], "not a SQLite database")
    assert path.read_bytes() == before


def test_another_programs_sqlite_database_is_not_an_empty_ledger(folder: Path) -> None:
    path = folder / "sikp.db"
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE debitur (nik TEXT, plafon INTEGER)")
    database.commit()
    database.close()
    steps = child(OPEN_AND_SAY, f"sqlite:///{path}")
    refused(steps["open"], "not-a-ledger", "tables debitur", "not a ledger")
    one_line_exit_4(steps["cli"], "not a ledger")
    database = sqlite3.connect(path)
    tables = {name for (name,) in database.execute("SELECT name FROM sqlite_master")}
    database.close()
    assert tables == {"debitur"}


def test_a_new_empty_file_being_created_by_another_opener_opens(folder: Path) -> None:
    """SQLite makes a new file empty and writes its header a moment later: an opener
    that looks in between waits for it instead of refusing a ledger being created."""
    path = folder / "ledger.db"
    path.write_bytes(b"")
    creator = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; time.sleep(1); "
            "sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL').fetchall()",
            str(path),
        ]
    )
    try:
        with Ledger.open(f"sqlite:///{path}") as ledger:
            ledger.register_funder("Kemenperin", source="APBN")
    finally:
        creator.wait(timeout=60)
    assert creator.returncode == 0
    assert funders(f"sqlite:///{path}") == ["Kemenperin"]


# -- both backends -------------------------------------------------------------------


def _delete_view_tracking(url: str, view: str) -> None:
    pattern = f"view:{view}:%"
    if url.startswith("sqlite"):
        database = sqlite3.connect(url.removeprefix("sqlite:///"))
        database.execute("DELETE FROM tracking WHERE application_name LIKE ?", (pattern,))
        database.commit()
        database.close()
        return
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "DELETE FROM umkm_ledger_tracking WHERE application_name LIKE %s", (pattern,)
        )


def test_deleted_tracking_rows_are_a_storage_fault_and_rebuild_mends_them(ledger_url: str) -> None:
    new_ledger(ledger_url)
    _delete_view_tracking(ledger_url, "funding")
    with Ledger.open(ledger_url) as ledger:
        ledger.register_funder("Bank Sumsel Babel", source="bank/KUR")
    steps = child(
        """
        url = sys.argv[1]
        def query():
            with Ledger.open(url) as ledger:
                return ledger.funds().rows
        attempt("query", query)
        command_line("project", url, "project", "--quiet")
        """,
        ledger_url,
        timeout=60,  # it looped forever
    )
    refused(steps["query"], "view-damaged", "view funding", "umkm-ledger rebuild funding")
    one_line_exit_4(steps["project"], "rebuild funding")
    after = child(
        """
        url = sys.argv[1]
        command_line("rebuild", url, "rebuild", "funding")
        command_line("project", url, "project", "--quiet")
        """,
        ledger_url,
        timeout=60,
    )
    assert after["rebuild"]["exit"] == 0, after
    assert after["project"]["exit"] == 0, after
    with Ledger.open(ledger_url) as ledger:
        assert sorted(row.funder for row in ledger.funds().rows) == []  # no allocations
        store = ledger._views()
        live = store.dump(store.ready("funding"))
        ledger.rebuild("funding")
        assert store.dump(store.ready("funding")) == live


# -- PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def clerk(postgres_url: str) -> Iterator[tuple[str, str]]:
    """A PostgreSQL role of its own (``clerk_<hex>``) that may use the test database, and
    the ledger URL as that role."""
    role = f"clerk_{secrets.token_hex(4)}"
    password = secrets.token_hex(8)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        connection.execute(f"GRANT ALL ON SCHEMA public TO {role}")
    user_url = postgres_url.replace("://postgres:postgres@", f"://{role}:{password}@", 1)
    assert user_url != postgres_url
    yield role, user_url
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP OWNED BY {role}")
        connection.execute(f"DROP ROLE {role}")


def test_a_postgres_role_that_may_not_write_gets_storage_faults(
    postgres_url: str, clerk: tuple[str, str]
) -> None:
    role, clerk_url = clerk
    new_ledger(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        connection.execute(f"REVOKE CREATE ON SCHEMA public FROM {role}")
    steps = child(WRITE_READ_AND_SAY, clerk_url)
    for step in ("open", "command", "query"):
        refused(steps[step], "read-only", "connect as a user that may write")
    one_line_exit_4(steps["cli"], "read-only")
    assert funders(postgres_url) == ["Dinkoperindag Ogan Ilir"]


def test_a_postgres_grant_revoked_while_open_is_a_storage_fault(
    postgres_url: str, clerk: tuple[str, str]
) -> None:
    role, clerk_url = clerk
    with Ledger.open(clerk_url, actor="siti@officer") as ledger:
        ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
        ledger.catch_up()
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(
                f"REVOKE INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM {role}"
            )
        with pytest.raises(StorageFault) as command:
            ledger.register_funder("Bank Sumsel Babel", source="bank/KUR")
        assert command.value.fault == "read-only"
        assert "permission denied" in str(command.value)
        assert [row.funder for row in ledger.audit_trail(kind="Registered")] == [
            "Dinkoperindag Ogan Ilir"
        ]


def test_a_read_only_postgres_database_is_a_storage_fault(postgres_url: str) -> None:
    new_ledger(postgres_url)
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
    try:
        steps = child(OPEN_AND_SAY, postgres_url)
        refused(steps["open"], "read-only", "read-only transaction")
        one_line_exit_4(steps["cli"], "read-only")
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute("SET default_transaction_read_only = off")
            connection.execute(f"ALTER DATABASE {name} RESET default_transaction_read_only")
    assert funders(postgres_url) == ["Dinkoperindag Ogan Ilir"]


@contextlib.contextmanager
def socket_nobody_listens_on() -> Iterator[int]:
    """A local TCP port that refuses connections (bound, never listening)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as bound:
        bound.bind(("127.0.0.1", 0))
        yield int(bound.getsockname()[1])


def test_an_unreachable_postgres_server_is_a_storage_fault() -> None:
    with socket_nobody_listens_on() as port:
        steps = child(OPEN_AND_SAY, f"postgresql://postgres:secret@127.0.0.1:{port}/ledger")
    refused(steps["open"], "unreachable", "check that the server runs")
    assert "secret" not in steps["open"]["message"]
    one_line_exit_4(steps["cli"], "cannot reach the database")
