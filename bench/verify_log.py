"""Verifying the ledger's Merkle tree: ``Ledger.verify()`` against hashing the same bytes.

Fills a fresh store with N events (the same events as ``catch_up_progress.py``), then,
on the same store, in the same run:

* ``hashlib baseline``: the stored events' bytes (already in memory, framed as leaves
  are) hashed with SHA-256 in a plain loop: the floor of any verification;
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
import sys
import time
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from umkm_ledger import Ledger
from umkm_ledger.platform.leaves import leaf_input

# Run as a script: the repository root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.catch_up_progress import fill, store


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def hashlib_baseline(url: str) -> tuple[float, int]:
    """SHA-256 of each stored event's leaf bytes, in a plain loop; (seconds, events)."""
    with Ledger.open(url) as ledger:
        recorder = ledger.application.recorder
        inputs: list[bytes] = []
        start = 1
        while True:
            page = recorder.select_notifications(start, 10_000)
            inputs += [
                leaf_input(n.id, n.originator_id, n.originator_version, n.topic, n.state)
                for n in page
            ]
            if len(page) < 10_000:
                break
            start = page[-1].id + 1
    sha256 = hashlib.sha256
    started = time.perf_counter()
    for data in inputs:
        sha256(b"\x00" + data).digest()
    return time.perf_counter() - started, len(inputs)


def ledger_verify(url: str) -> tuple[float, int]:
    with Ledger.open(url) as ledger:
        started = time.perf_counter()
        result = ledger.verify()
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
    lines = ["backend     events   hashlib events/s   verify events/s   ratio"]
    for backend in args.backends.split(","):
        with store(backend) as url:
            _log(f"{backend}: filling {args.events} events")
            total = fill(url, args.events)
            base_times, verify_times = [], []
            for run in range(args.repeat):
                _log(f"{backend}: run {run + 1}: hashlib baseline, then verify")
                base_times.append(hashlib_baseline(url)[0])
                verify_times.append(ledger_verify(url)[0])
            base = sorted(base_times)[len(base_times) // 2]
            ours = sorted(verify_times)[len(verify_times) // 2]
            results[backend] = {
                "events": total,
                "hashlib_seconds": base_times,
                "verify_seconds": verify_times,
                "hashlib_events_per_s": total / base,
                "verify_events_per_s": total / ours,
                "ratio": base / ours,
            }
            lines.append(
                f"{backend:<10} {total:>7}   {total / base:>16,.0f}   {total / ours:>15,.0f}   "
                f"{base / ours:>5.2f}"
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
