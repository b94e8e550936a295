"""A process killed in the middle of a catch-up loses nothing and counts nothing twice.

A child process catches up the progress view; in its second page, after the page's
statements ran but before its transaction committed, it says so and waits; the test
kills it with SIGKILL there. The view must then hold exactly the first page (the second
rolled back, tracking position included), and a restarted catch-up must finish it to a
view identical to one rebuilt from scratch.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date

import psycopg

from tests.support import person
from umkm_ledger import Ledger
from umkm_ledger.platform.urls import parse_url

#: The child's page size (a catch-up's is larger; three pages are what matters here).
PAGE = 500

CHILD = textwrap.dedent(
    f"""
    import sys, time
    from umkm_ledger import Ledger
    from umkm_ledger.platform import view_store as store

    store._PAGE = {PAGE}

    original = store.run_statements
    pages = []

    def slow_second_page(tx, statements, *args):
        original(tx, statements, *args)
        pages.append(len(statements))
        if len(pages) == 2:
            print("mid-page", flush=True)  # the page's rows are written, not committed
            time.sleep(120)

    store.run_statements = slow_second_page
    with Ledger.open(sys.argv[1]) as ledger:
        ledger.catch_up(["progress"])
    print("finished", flush=True)
    """
)


def count(ledger: Ledger, table: str) -> int:
    store = ledger._views()
    slot = store.active_slot("progress") or store.ready("progress")
    return int(store.query(slot, f"SELECT COUNT(*) FROM {{{table}}}")[0][0])


def test_a_killed_catch_up_restarts_without_loss_or_double_counting(ledger_url: str) -> None:
    registrations = 2 * PAGE + 150  # three pages of Registered events
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        # Build the (empty) view first, so the child catches up an existing slot.
        ledger.catch_up(["progress"])
        for serial in range(1, registrations + 1):
            desa = ("16.10.08.2003", "16.10.05.2012")[serial % 2]
            ledger.register_enterprise(
                f"Usaha {serial}", owners=[person(serial, desa)], desa=desa, sector="13121",
                founded_on="2010-01-01", effective_date=date(2017, 1, 1),
            )  # fmt: skip
        end = ledger.log_end()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, ledger_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "mid-page", (line, child.stderr.read() if child.stderr else "")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    with Ledger.open(ledger_url) as ledger:
        store = ledger._views()
        slot = store.active_slot("progress")
        assert slot is not None
        position = store.position(slot)
        assert 0 < position < end
        # Exactly the first page is in the view: the registrations up to the position.
        registered_by_then = sum(
            1
            for n in ledger.application.recorder.select_notifications(1, end, stop=position)
            if n.topic.endswith("Enterprise.Registered")
        )
        assert registered_by_then == PAGE
        assert count(ledger, "enterprise") == PAGE

        ledger.catch_up(["progress"])
        assert store.position(slot) == end
        assert count(ledger, "enterprise") == registrations
        live = store.dump(store.ready("progress"))
        ledger.rebuild("progress")
        assert store.dump(store.ready("progress")) == live


KILLED_REBUILD = textwrap.dedent(
    """
    import os, signal, sys
    from umkm_ledger import Ledger
    from umkm_ledger.platform import view_store as store

    store._PAGE = 100

    def die(view, position, end):
        os.kill(os.getpid(), signal.SIGKILL)  # half-way: the first page is committed

    with Ledger.open(sys.argv[1]) as ledger:
        ledger.rebuild("progress", on_page=die)
    """
)


def view_tables(url: str, view: str) -> set[str]:
    """The tables of ``view``'s slots in the ledger's database, by the plain driver."""
    parsed = parse_url(url)
    pattern = f"uv\\_{view}\\_%"
    if parsed.backend == "sqlite":
        with sqlite3.connect(parsed.env["SQLITE_DBNAME"]) as connection:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'",
                (pattern,),
            ).fetchall()
    else:
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE %s",
                (pattern,),
            ).fetchall()
    return {str(row[0]) for row in rows}


def test_rebuilds_killed_half_way_leave_nothing_once_a_rebuild_finishes(
    ledger_url: str,
) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for serial in range(1, 151):  # 300 events: three pages of the child's size
            ledger.register_enterprise(
                f"Usaha {serial}", owners=[person(serial, "16.10.08.2003")],
                desa="16.10.08.2003", sector="13121", founded_on="2010-01-01",
            )  # fmt: skip
        ledger.catch_up(["progress"])
        live = ledger._views().dump(ledger._views().ready("progress"))
        tables_of_one_slot = len(view_tables(ledger_url, "progress"))
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", KILLED_REBUILD, ledger_url],
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == -signal.SIGKILL, done.stderr
    assert len(view_tables(ledger_url, "progress")) == 4 * tables_of_one_slot  # 3 left over

    with Ledger.open(ledger_url) as ledger:
        store = ledger._views()
        assert store.dump(store.ready("progress")) == live  # queries read the old slot
        ledger.rebuild("progress")
        assert [s.state for s in store._slots("progress")] == ["active"]
        assert len(view_tables(ledger_url, "progress")) == tables_of_one_slot
        assert store.dump(store.ready("progress")) == live
