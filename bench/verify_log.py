"""Verifying the ledger's Merkle tree: ``Ledger.verify()`` against hashing the same bytes.

Fills a fresh store with N events (the same events as ``catch_up_progress.py``), then,
on the same store, in the same run:

* ``read + frame + hash``: every stored event read with the plain driver (``sqlite3``,
  ``psycopg``), framed as a leaf and hashed with SHA-256, in one plain loop: the floor of
  any verification on that backend;
* ``verify``: ``Ledger.verify()``: read every event and every stored leaf hash in pages,
  recompute each leaf, compare, and compute the tree's root (RFC 9162).

Prints events/s for both and the ratio verify speed / baseline speed.

Usage::

    .venv/bin/python bench/verify_log.py --events 100000 --backends sqlite
    .venv/bin/python bench/verify_log.py            # 1 000 000 on both backends
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import struct
import sys
import time
from collections.abc import Iterator
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import psycopg

from umkm_ledger import Ledger
from umkm_ledger.platform.urls import parse_url

# Run as a script: the repository root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.catch_up_progress import fill, store

#: Verify's speed as a share of the baseline's (issue 17).
GOAL = 0.8


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


_PAGE = 10_000


def _sqlite_pages(path: str, table: str) -> Iterator[list[tuple[Any, ...]]]:
    """Pages of (position, record id as hex, version, topic, state) with sqlite3."""
    import sqlite3  # noqa: PLC0415

    connection = sqlite3.connect(path)
    query = (
        "SELECT rowid, originator_id, originator_version, topic, state FROM "
        f"{table} WHERE rowid > ? ORDER BY rowid LIMIT {_PAGE}"
    )
    try:
        after = 0
        while rows := connection.execute(query, (after,)).fetchall():
            yield rows
            after = rows[-1][0]
    finally:
        connection.close()


def _postgres_pages(env: dict[str, str], table: str) -> Iterator[list[tuple[Any, ...]]]:
    """The same pages with psycopg (record ids as UUID objects)."""
    connection = psycopg.connect(
        host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"],
    )  # fmt: skip
    query = (
        "SELECT notification_id, originator_id, originator_version, topic, state "
        f"FROM {table} WHERE notification_id > %s ORDER BY notification_id LIMIT {_PAGE}"
    )
    try:
        after = 0
        while True:
            with connection.cursor() as cursor:
                rows = cursor.execute(query, (after,)).fetchall()
            if not rows:
                return
            yield rows
            after = rows[-1][0]
    finally:
        connection.close()


def read_frame_hash(url: str) -> tuple[float, int]:
    """The floor of any verification on this backend: read every stored event with the
    plain driver (pages of 10 000 by position), frame it as a leaf (RFC 9162 input, as
    :func:`umkm_ledger.platform.leaves.leaf_input` does) and SHA-256 it, in one loop;
    (seconds, events)."""
    parsed = parse_url(url)
    head, length, sha256 = struct.Struct(">Q16sQI"), struct.Struct(">Q"), hashlib.sha256
    with Ledger.open(url) as ledger:
        recorder: Any = ledger.application.recorder
        table = str(recorder.events_table_name)
    events = 0
    started = time.perf_counter()
    sqlite = parsed.backend == "sqlite"
    pages = (
        _sqlite_pages(parsed.env["SQLITE_DBNAME"], table)
        if sqlite
        else _postgres_pages(dict(parsed.env), table)
    )
    for rows in pages:
        for position, record, version, topic, state in rows:
            name = topic.encode()
            raw = bytes.fromhex(record) if sqlite else record.bytes
            sha256(
                b"\x00"
                + head.pack(position, raw, version, len(name))
                + name
                + length.pack(len(state))
                + bytes(state)
            ).digest()
        events += len(rows)
    return time.perf_counter() - started, events


def ledger_verify(url: str) -> tuple[float, int]:
    with Ledger.open(url) as ledger:
        started = time.perf_counter()
        result = ledger.verify(views=False)  # the log only: what the baseline reads
        seconds = time.perf_counter() - started
        assert result.ok, str(result)
        return seconds, result.records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side (medians)")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    lines = ["backend     events   baseline events/s   verify events/s   ratio   goal"]
    for backend in args.backends.split(","):
        with store(backend) as url:
            _log(f"{backend}: filling {args.events} events")
            total = fill(url, args.events)
            base_times, verify_times = [], []
            for run in range(args.repeat):
                _log(f"{backend}: run {run + 1}: read + frame + hash, then verify")
                base_times.append(read_frame_hash(url)[0])
                verify_times.append(ledger_verify(url)[0])
            base = sorted(base_times)[len(base_times) // 2]
            ours = sorted(verify_times)[len(verify_times) // 2]
            results[backend] = {
                "events": total,
                "baseline_seconds": base_times,
                "verify_seconds": verify_times,
                "baseline_events_per_s": total / base,
                "verify_events_per_s": total / ours,
                "ratio": base / ours,
            }
            lines.append(
                f"{backend:<10} {total:>7}   {total / base:>17,.0f}   {total / ours:>15,.0f}   "
                f"{base / ours:>5.2f}   {GOAL}"
            )
    print("\n".join(lines))
    print(
        json.dumps(
            {
                "benchmark": "verify_log",
                "python": platform.python_version(),
                "eventsourcing": package_version("eventsourcing"),
                "cpus": os.cpu_count(),
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
