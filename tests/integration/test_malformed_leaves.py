"""A leaf table edited by hand with a value that is not a hash (SQLite takes any type) is
a finding of verification, never a traceback; the command line says so with status 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from umkm_ledger import Ledger
from umkm_ledger.cli import cli


@pytest.mark.parametrize("stored", ["abc", 12345, 1.5])
def test_a_leaf_of_the_wrong_type_is_a_finding(tmp_path: Path, stored: object) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url, notices=False) as ledger:
        for name in ("Dinkoperindag Ogan Ilir", "TJSL PT Hutama Karya", "Kemenperin"):
            ledger.register_funder(name, source="APBD kabupaten")
    with sqlite3.connect(tmp_path / "ledger.db") as raw:
        raw.execute("UPDATE stored_events_leaves SET leaf_hash = ? WHERE notification_id = 2",
                    (stored,))  # fmt: skip
    with Ledger.open(url, notices=False) as ledger:
        found = ledger.verify()
    assert not found.ok
    assert found.finding is not None
    assert (found.finding.kind, found.finding.position) == ("changed", 2)
    done = CliRunner().invoke(cli, ["--db", url, "audit", "verify"])
    assert done.exit_code == 1, done.output  # verified, not intact
    assert "not a hash" in done.output
    assert "Traceback" not in done.output
