"""Catching up the progress view: the Ledger's projection against a raw read-and-fold.

Fills a fresh store with N events that the ``progress`` view reads (per enterprise: its
registration, a sales report, the re-classification it causes, and an enrolment as
binaan: four events, saved in big batches), then, on the same store, in the same run:

* ``raw baseline``: read the same rows (id, topic, state) with the plain driver
  (sqlite3 or psycopg) in pages as big as the catch-up's, ``json.loads`` each state and
  fold it in plain Python (counts per topic, per desa, per program): what any projection
  must at least do;
* ``ledger``: ``Ledger.catch_up(["progress"])`` on a view built from event zero: read
  the notification log, decode the stored state, write the view's tables (COPY on
  PostgreSQL) and the tracking position, one transaction per page.

Prints events/s for both and the ratio ledger speed / raw speed against the goal
"at least 50 % of the raw baseline".

Usage::

    .venv/bin/python bench/catch_up_progress.py --events 100000 --backends sqlite
    .venv/bin/python bench/catch_up_progress.py            # 1 000 000 on both backends
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit
from uuid import UUID, uuid5

import psycopg

from umkm_ledger import Ledger
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.values import KBLI, NIK, Address, Gender, Owner, RegionCode, Rupiah
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.urls import parse_url
from umkm_ledger.platform.view_store import _PAGE
from umkm_ledger.programs.enrolment import Enrolment
from umkm_ledger.testing.postgres import ThrowawayPostgres, create_database, drop_database

GOAL: Final = 0.5
POSTGRES_URL_ENV: Final = "UMKM_LEDGER_TEST_POSTGRES_URL"
#: The raw side reads pages as big as the Ledger's catch-up does.
PAGE: Final = _PAGE
EVENTS_PER_ENTERPRISE: Final = 4
PROGRAM: Final = UUID("8b0d3c6e-4b9f-4a51-9d7e-6d1f2f0c9a11")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fill(url: str, events: int, batch: int = 250) -> int:
    """Save ``events`` (rounded to whole enterprises) that the progress view reads."""
    env = dict(parse_url(url).env)
    app = LedgerApplication(env=env)
    actor = Actor("bench", "officer")
    enterprises = max(1, events // EVENTS_PER_ENTERPRISE)
    kecamatan = ("161008", "161005", "160914", "730601")
    pending: list[Any] = []
    try:
        for serial in range(enterprises):
            code = kecamatan[serial % len(kecamatan)]
            desa = RegionCode(f"{code[:2]}.{code[2:4]}.{code[4:]}.{2001 + serial % 9:04d}")
            female = serial % 2 == 1
            day = 1 + serial % 28 + (40 if female else 0)
            nik = NIK(f"{code}{day:02d}0385{1 + serial % 9999:04d}")
            owner = Owner(
                name=f"Pemilik {serial}",
                nik=nik,
                gender=Gender.PEREMPUAN if female else Gender.LAKI_LAKI,
                birth_year=1985,
            )
            envelope = Envelope(actor, f"bench-{serial}", date(2017, 1 + serial % 12, 1))
            enterprise = Enterprise.register(
                name=f"Usaha {serial}",
                owners=[owner],
                address=Address(street="-", desa=desa),
                sector=KBLI(2020, ("13121", "10792", "47111")[serial % 3]),
                founded_on=date(2010, 1, 1),
                nib=None,
                envelope=envelope,
                id=uuid5(PROGRAM, str(serial)),
            )
            enterprise.report_sales(
                2016, Rupiah(40_000_000 + serial % 500 * 1_000_000), envelope=envelope
            )
            enrolment = Enrolment.enrol(
                PROGRAM, enterprise.id, funders=("APBD",) if serial % 2 else (), envelope=envelope
            )
            pending += [enterprise, enrolment]
            if len(pending) >= 2 * batch:
                app.save(*pending)
                pending.clear()
            if serial and serial % 50_000 == 0:
                _log(f"  filled {serial * EVENTS_PER_ENTERPRISE} events")
        if pending:
            app.save(*pending)
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def raw_read_and_fold(url: str) -> tuple[float, int]:
    """Read every event row with the plain driver, json.loads it, fold it; (seconds, rows)."""
    parsed = parse_url(url)
    env = parsed.env
    topics: Counter[str] = Counter()
    per_desa: Counter[str] = Counter()
    per_program: Counter[str] = Counter()
    rows = 0

    def fold(topic: str, state: bytes | str) -> None:
        data = json.loads(state)
        topics[topic] += 1
        address = data.get("address")
        if address is not None:
            per_desa[address["_data_"]["desa"]["_data_"]["code"]] += 1
        program = data.get("program_id")
        if program is not None:
            per_program[str(program)] += 1

    started = time.perf_counter()
    if parsed.backend == "sqlite":
        import sqlite3  # noqa: PLC0415

        lite = sqlite3.connect(env["SQLITE_DBNAME"])
        position = 0
        while True:
            page = lite.execute(
                "SELECT rowid, topic, state FROM stored_events WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (position, PAGE),
            ).fetchall()
            for _id, topic, state in page:
                fold(topic, state)
            rows += len(page)
            if len(page) < PAGE:
                break
            position = page[-1][0]
        lite.close()
    else:
        with psycopg.connect(
            dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"],
        ) as connection:  # fmt: skip
            position = 0
            while True:
                page = connection.execute(
                    "SELECT notification_id, topic, state FROM umkm_ledger_events "
                    "WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
                    (position, PAGE),
                ).fetchall()
                for _id, topic, state in page:
                    fold(topic, bytes(state))
                rows += len(page)
                if len(page) < PAGE:
                    break
                position = page[-1][0]
    seconds = time.perf_counter() - started
    assert sum(per_program.values()) > 0
    return seconds, rows


def ledger_catch_up(url: str) -> tuple[float, int]:
    """Build the progress view from event zero through the Ledger; (seconds, events)."""
    with Ledger.open(url) as ledger:
        started = time.perf_counter()
        reached = ledger.catch_up(["progress"])
        seconds = time.perf_counter() - started
        store = ledger._views()
        slot = store.ready("progress")
        enterprises = store.query(slot, "SELECT COUNT(*) FROM {enterprise}")[0][0]
        assert enterprises * EVENTS_PER_ENTERPRISE == reached, (enterprises, reached)
        return seconds, reached


@contextmanager
def store(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="umkm-bench-") as directory:
            yield f"sqlite:///{Path(directory) / 'catch-up.db'}"
        return
    given = os.environ.get(POSTGRES_URL_ENV, "").strip()
    with contextmanager(_server)(given) as server_url:
        url = create_database(server_url)
        try:
            yield url
        finally:
            drop_database(server_url, unquote(urlsplit(url).path.lstrip("/")))


def _server(given: str) -> Iterator[str]:
    if given:
        yield given
        return
    with ThrowawayPostgres() as server:
        yield server.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side (medians)")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    lines = ["backend     events   raw events/s   ledger events/s   ratio   goal"]
    for backend in args.backends.split(","):
        with store(backend) as url:
            _log(f"{backend}: filling {args.events} events")
            total = fill(url, args.events)
            raw_times, ledger_times = [], []
            for run in range(args.repeat):
                _log(f"{backend}: run {run + 1}: raw read-and-fold")
                raw_times.append(raw_read_and_fold(url)[0])
                _log(f"{backend}: run {run + 1}: ledger catch-up (view from event zero)")
                # The first run builds the view; later runs rebuild it: the same work.
                ledger_times.append(ledger_catch_up(url)[0] if run == 0 else _rebuild(url))
            raw = sorted(raw_times)[len(raw_times) // 2]
            ours = sorted(ledger_times)[len(ledger_times) // 2]
            ratio = raw / ours
            results[backend] = {
                "events": total,
                "raw_seconds": raw_times,
                "ledger_seconds": ledger_times,
                "raw_events_per_s": total / raw,
                "ledger_events_per_s": total / ours,
                "ratio": ratio,
                "goal": GOAL,
                "goal_met": ratio >= GOAL,
            }
            lines.append(
                f"{backend:<10} {total:>7}   {total / raw:>12,.0f}   {total / ours:>15,.0f}   "
                f"{ratio:>5.2f}   {'met' if ratio >= GOAL else 'NOT met'} (>= {GOAL})"
            )
    print("\n".join(lines))
    print(
        json.dumps(
            {
                "benchmark": "catch_up_progress",
                "python": platform.python_version(),
                "eventsourcing": package_version("eventsourcing"),
                "cpus": os.cpu_count(),
                "results": results,
            }
        )
    )
    return 0


def _rebuild(url: str) -> float:
    """A timed rebuild from event zero (the same work as a first catch-up)."""
    with Ledger.open(url) as ledger:
        started = time.perf_counter()
        ledger.rebuild("progress")
        return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
