"""``umkm-ledger project --follow`` keeps the views current as events arrive.

The runner is a real subprocess (the console script); this test process only writes
events and reads the view's tracking position, never catching the view up itself.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from tests.support import person
from umkm_ledger import Ledger


def wait_for_position(ledger: Ledger, end: int, seconds: float = 30) -> None:
    store = ledger._views()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        slot = store.active_slot("progress")
        if slot is not None and store.position(slot) >= end:
            return
        time.sleep(0.1)
    raise AssertionError(f"the runner did not reach event {end} in {seconds} s")


def register(ledger: Ledger, serial: int) -> None:
    ledger.register_enterprise(
        f"Usaha {serial}", owners=[person(serial, "16.10.08.2003")], desa="16.10.08.2003",
        sector="13121", founded_on="2010-01-01", effective_date=date(2017, 1, 1),
    )  # fmt: skip


def test_the_follow_runner_keeps_views_current_until_stopped(ledger_url: str) -> None:
    script = Path(sys.executable).with_name("umkm-ledger")
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        register(ledger, 1)
        runner = subprocess.Popen(
            [str(script), "--db", ledger_url, "project", "--follow", "--interval", "0.2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for_position(ledger, ledger.log_end())
            for serial in range(2, 6):
                register(ledger, serial)
            wait_for_position(ledger, ledger.log_end())
            store = ledger._views()
            slot = store.active_slot("progress")
            assert slot is not None
            rows = store.query(slot, "SELECT COUNT(*) FROM {enterprise}")
            assert rows[0][0] == 5
        finally:
            runner.send_signal(signal.SIGTERM)
            _out, err = runner.communicate(timeout=30)
    assert runner.returncode == 0, err
    assert "stopped" in err
