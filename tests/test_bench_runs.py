"""The benchmark script keeps working (a tiny run; its timings are not asserted)."""

from __future__ import annotations

import json
import os
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


DISTRICT = BENCH.with_name("district.py")


def test_the_district_benchmark_runs_on_both_backends(postgres_server_url: str) -> None:
    """A small district through every phase, on SQLite and on the session's PostgreSQL."""
    done = subprocess.run(
        [
            sys.executable,
            str(DISTRICT),
            "--events",
            "1500",
            "--backends",
            "sqlite,postgres",
            "--single",
            "3",
            "--size",
            "200",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "UMKM_LEDGER_TEST_POSTGRES_URL": postgres_server_url},
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for backend in ("sqlite", "postgres"):
        results = report["results"][backend]
        load = results["load"]
        assert load["counts"]["refused"] == 0
        assert load["events"] > 1000
        # the baselines stored and read exactly the events the ledger stored
        assert results["load-baseline"]["events"] == load["events"]
        assert results["catch-up"]["events"] == load["events"]
        assert results["catch-up-baseline"]["events"] == load["events"]
        assert results["single"]["commands"] == {"registration": 3, "grant steps": 12}
        assert set(results["ratios"]) == {
            "load", "catch-up", "single registration", "single grant steps",
            "export IATI activity file", "export DHIS2 data value set",
        }  # fmt: skip
        assert all(ratio > 0 for ratio in results["ratios"].values())
    assert "| postgres | catch-up" in done.stdout


IMPORT = BENCH.with_name("import_registry.py")


def test_the_import_benchmark_runs_and_reports_a_ratio() -> None:
    done = subprocess.run(
        [sys.executable, str(IMPORT), "--rows", "60", "--backends", "sqlite"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    sqlite = report["results"]["sqlite"]
    assert sqlite["summary"]["register"] == {"recorded": 60}
    assert sqlite["ratio"] > 0
