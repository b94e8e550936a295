"""The scripts in examples/ run and do what they say."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from umkm_ledger import Ledger, SizeClass
from umkm_ledger.demo.enterprises import record_demo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_register_and_report_ends_kecil(sqlite_url: str) -> None:
    assert load("register_and_report").main(sqlite_url) is SizeClass.KECIL


def test_register_and_report_runs_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "register_and_report.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Beras Organik Wana Bakti: kecil" in done.stdout
    assert "refused: sales for 2023 were already reported" in done.stdout


def test_the_feed_resumes_where_it_stopped(sqlite_url: str) -> None:
    with Ledger.open(sqlite_url) as ledger:
        record_demo(ledger)
        total = ledger.application.recorder.max_notification_id()
    read_feed = load("read_the_feed").read_feed
    kinds, last = read_feed(sqlite_url, page=7)
    assert last == total
    assert kinds["Enterprise.Registered"] == 39
    assert kinds["BusinessGroup.MemberJoined"] == 34
    more, again = read_feed(sqlite_url, after=last)
    assert (sum(more.values()), again) == (0, last)
