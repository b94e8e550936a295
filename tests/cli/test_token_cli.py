"""``umkm-ledger token``: an administrator issues, lists and revokes the HTTP service's
tokens; each is an audited event, and no secret is kept or shown twice."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from umkm_ledger import Ledger
from umkm_ledger.cli import cli


def run(url: str, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--lang", lang, "--actor", "admin@dinas", *args])


def test_a_token_is_issued_shown_once_listed_without_it_and_revoked(ledger_url: str) -> None:
    issued = run(ledger_url, "token", "issue", "siti@petugas", "--label", "PHP registry")
    assert issued.exit_code == 0, issued.output
    said, secret = issued.output.strip().splitlines()
    assert said.startswith("issued API token ")
    assert said.endswith(" to siti@petugas; its secret, shown this once:")
    assert secret.startswith("ulk_")
    listed = run(ledger_url, "token", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [token] = json.loads(listed.output)
    assert (token["user_id"], token["role"], token["status"], token["label"]) == (
        "siti", "petugas", "active", "PHP registry",
    )  # fmt: skip
    assert secret not in listed.output
    assert "digest" not in token
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.authenticate(secret) is not None
        assert secret not in repr(ledger.tokens())
    revoked = run(ledger_url, "token", "revoke", token["id"][:8], "--reason", "laptop lost")
    assert revoked.exit_code == 0, revoked.output
    assert "API token revoked" in revoked.output
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.authenticate(secret) is None
        trail = ledger.audit_trail(record_id=token["id"])
        assert [(row.kind, row.user_id, row.reason) for row in trail] == [
            ("ApiToken.Issued", "admin", None), ("ApiToken.Revoked", "admin", "laptop lost"),
        ]  # fmt: skip
    again = run(ledger_url, "token", "revoke", token["id"], "--reason", "again")
    assert again.exit_code != 0
    assert "already revoked" in again.output


def test_a_role_the_service_does_not_know_is_refused_in_words(sqlite_url: str) -> None:
    refused = run(sqlite_url, "token", "issue", "budi@boss")
    assert refused.exit_code != 0
    assert "must be one of petugas, kepala-dinas, auditor, consumer" in refused.output
    in_indonesian = run(sqlite_url, "token", "issue", "budi@boss", lang="id")
    assert "harus salah satu dari" in in_indonesian.output
    expired = run(sqlite_url, "token", "issue", "budi@petugas", "--expires", "2001-01-01")
    assert expired.exit_code != 0
    assert "expires_on" in expired.output
    with Ledger.open(sqlite_url, create=False) as ledger:
        assert ledger.tokens() == []


def test_a_token_works_until_its_last_day(sqlite_url: str) -> None:
    issued = run(sqlite_url, "token", "issue", "ani@auditor", "--expires", "2099-12-31",
                 "--format", "json")  # fmt: skip
    body = json.loads(issued.output)
    assert body["expires_on"] == "2099-12-31"
    with Ledger.open(sqlite_url, create=False) as ledger:
        assert ledger.authenticate(body["secret"]) is not None
        assert ledger.authenticate(body["secret"] + "x") is None
        assert ledger.authenticate(12345) is None
