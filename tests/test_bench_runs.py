"""The benchmark script keeps working (a tiny run; its timings are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "register_enterprises.py"


def test_the_registration_benchmark_runs_and_reports_a_ratio() -> None:
    args = ["--n", "60", "--repeat", "1", "--warmup", "5", "--backends", "memory"]
    done = subprocess.run(
        [sys.executable, str(BENCH), *args, "--primary-only"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    memory = report["results"]["memory"]
    assert memory["sides"]["ledger"]["events_per_command"] == 2.0
    assert memory["sides"]["baseline"]["events_per_command"] == 1.0
    assert memory["ratio"] > 0


CATCH_UP = BENCH.with_name("catch_up_progress.py")


def test_the_catch_up_benchmark_runs_and_reports_a_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(CATCH_UP), "--events", "400", "--backends", "sqlite"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    sqlite = report["results"]["sqlite"]
    assert sqlite["events"] == 400
    assert sqlite["ratio"] > 0
