"""Concurrent clients through the HTTP service, two service processes, both backends:
approvals race for the last rupiah of one allocation. Nothing is lost, the allocation is
never over-committed, no request is answered 5xx (bench/serve_load.py, a small run; its
times are reported, not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "serve_load.py"


def test_concurrent_clients_lose_nothing_and_never_over_commit(postgres_server_url: str) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--clients", "8", "--rounds", "3", "--workers", "2"],
        capture_output=True, text=True, check=True, timeout=600,
        env={**os.environ, "UMKM_LEDGER_TEST_POSTGRES_URL": postgres_server_url},
    )  # fmt: skip
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for backend in ("sqlite", "postgres"):
        served = report["results"][backend]["service"]
        held = served["invariants"]
        assert served["server_errors"] == 0, served["statuses"]
        assert held["lost_updates"] == 0, held
        assert not held["over_committed"]
        # half the proposals fit: each that fits is approved, each that does not refused
        assert held["committed"] == held["amount"]
        assert served["statuses"]["approve"] == {"201": 12, "409": 12}
        assert served["statuses"]["register"] == {"201": 24}
        assert set(served["latency"]) == {"register", "enrol", "propose", "check", "approve"}
        assert report["results"][backend]["ratio"] > 0
