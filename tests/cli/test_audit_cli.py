"""``umkm-ledger audit ...`` on SQLite and PostgreSQL: keys, checkpoints, verify, bundles
checked with no database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.cli.test_cli import run
from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger
from umkm_ledger.cli import cli


def test_checkpoint_verify_and_an_offline_bundle(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program(ledger)
        enterprise = register(ledger, 1, DESA_A1)
    key = tmp_path / "inspektorat.key"

    def ok(*args: str) -> str:
        result = run(ledger_url, *args)
        assert result.exit_code == 0, result.output
        return result.output.strip()

    assert "keep it secret" in ok("audit", "keygen", "--out", str(key))
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    again = run(ledger_url, "audit", "keygen", "--out", str(key))
    assert again.exit_code == 2  # a key is never overwritten
    checkpoint = tmp_path / "checkpoint.json"
    assert "checkpoint of" in ok("audit", "checkpoint", "--key", str(key), "-o", str(checkpoint))
    signed = json.loads(checkpoint.read_text())
    verified = ok("audit", "verify", "--checkpoint", str(checkpoint),
                  "--public-key", f"{key}.pub")  # fmt: skip
    assert verified.startswith(f"OK: {signed['tree_size']} records")
    bundle = tmp_path / "enterprise.json"
    ok("audit", "bundle", str(enterprise), "--checkpoint", str(checkpoint), "-o", str(bundle))
    # Checked with no ledger at all.
    offline = CliRunner().invoke(
        cli, ["audit", "check-bundle", str(bundle), "--public-key", f"{key}.pub"]
    )
    assert offline.exit_code == 0, offline.output
    assert "OK: 1 events" in offline.output
    assert "Registered" in offline.output
    data = json.loads(bundle.read_text())
    data["events"][0]["originator_version"] = 2
    bundle.write_text(json.dumps(data))
    altered = CliRunner().invoke(
        cli, ["audit", "check-bundle", str(bundle), "--public-key", f"{key}.pub"]
    )
    assert altered.exit_code == 1
    assert "FAILED" in altered.output
    missing = run(ledger_url, "audit", "verify", "--checkpoint", str(tmp_path / "nope.json"),
                  "--public-key", f"{key}.pub")  # fmt: skip
    assert missing.exit_code == 2
    assert "cannot be read" in missing.output
