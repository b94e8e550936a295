"""``umkm-ledger audit ...`` on SQLite and PostgreSQL: keys, checkpoints, verify, bundles
checked with no database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
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
    assert again.exit_code == 3  # a key is never overwritten
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
    assert missing.exit_code == 3
    assert "cannot be read" in missing.output


def test_histories_replayed_on_the_command_line(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id = program(ledger)
    shown = run(ledger_url, "history", "program", str(program_id))
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("History:")
    assert "→ status: running" in shown.output
    early = run(ledger_url, "history", "program", str(program_id), "--known-at", "2000-01-01")
    # The moment is shown in the reader's zone (WIB by default; the end of 1 January UTC).
    assert early.output.strip() == "History (as known at 2000-01-02 06:59 WIB):"
    wrong = run(ledger_url, "history", "grant", str(program_id))
    assert wrong.exit_code == 3
    assert "no grant" in wrong.output
    bad = run(ledger_url, "grant", "history", str(program_id), "--as-of", "someday")
    assert bad.exit_code == 3


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI renders the audit report in Chromium: .ci/run installs it")
    return found


def test_an_html_audit_report_renders_in_headless_chromium(
    sqlite_url: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    run(sqlite_url, "demo", "--audit-dir", str(tmp_path / "audit"))
    bundle = json.loads((tmp_path / "audit" / "hutama-karya-grant.json").read_text())
    page = tmp_path / "hutama-karya.html"
    made = run(
        sqlite_url, "audit", "report", bundle["record_id"], "-o", str(page),
        "--checkpoint", str(tmp_path / "audit" / "checkpoint.json"),
        "--public-key", str(tmp_path / "audit" / "demo-auditor.key.pub"),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
    ]  # fmt: skip
    shot = tmp_path / "report.png"
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert shot.stat().st_size > 10_000  # a page, not a blank
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()],
        check=True, capture_output=True, timeout=120, text=True,
    ).stdout  # fmt: skip
    assert "witnesses: Wakil Bupati Ogan Ilir" in dom
    assert "HandedOver" in dom
    assert "consistent with the checkpoint" in dom
    record_property("screenshot", str(shot))  # in the JUnit report, beside the test
    print(f"screenshot of the rendered report: {shot}")


def test_files_that_cannot_be_written_are_one_line_errors(ledger_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    Ledger.open(ledger_url).close()
    for args in (
        ["audit", "keygen", "--out", str(missing / "k")],
        ["audit", "report", "--funder", "x", "-o", str(missing / "r.html")],
    ):
        result = run(ledger_url, *args)
        assert result.exit_code == 3, result.output
        assert "Traceback" not in result.output
