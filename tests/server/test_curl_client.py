"""The curl-only client in examples/ runs against ``umkm-ledger serve`` (another process,
on loopback): registers, enrols, proposes and approves as two officers, follows the feed
and opens the progress page; run twice, it records nothing the second time."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.server.conftest import issue_tokens
from umkm_ledger import Ledger
from umkm_ledger.testing.service import served

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "curl_client.sh"


def _run(env: dict[str, str], base: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(SCRIPT)], env={**env, "BASE": base}, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_a_curl_only_client_does_the_whole_story(ledger_url: str, tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.skip("no curl on this machine")
    tokens = issue_tokens(ledger_url)
    env = {**os.environ, "OFFICER": tokens["siti"], "HEAD": tokens["herman"],
           "FEED": tokens["sidt"]}  # fmt: skip
    with served(ledger_url, log=tmp_path / "serve.log") as base:
        first = _run(env, base)
        assert first.returncode == 0, first.stdout + first.stderr
        with Ledger.open(ledger_url, create=False) as ledger:
            end = ledger.log_end()
        again = _run(env, base)
        assert again.returncode == 0, again.stdout + again.stderr
    lines = first.stdout.splitlines()
    assert lines[0].endswith("approved: 32500000 left"), first.stdout
    feed = int(lines[1].removeprefix("feed: ").removesuffix(" events"))
    assert feed >= 12
    assert lines[2] == f"stream: {feed} events"
    assert lines[3] == "<h1>Pengembangan 1000 Wirausaha UMKM</h1>"
    assert again.stdout == first.stdout
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.log_end() == end
        grant = ledger.grants()[0]
        approved = ledger.history(grant.grant_id)[-1]
        assert (approved.kind, approved.user_id, approved.role) == (
            "Approved", "herman", "kepala-dinas",
        )  # fmt: skip
    log = (tmp_path / "serve.log").read_text()
    assert "POST /grants" in log
    for secret in tokens.values():
        assert secret not in log
    assert "1610084708800001" not in log
