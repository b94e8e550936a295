"""What verification claims, held to it on each backend: a record deleted from the middle
of the log with its leaf is named as a deletion at its signed position; a view edited
behind the ledger's back is named by ``audit verify`` with how to repair it; an audit
report shows what the verified events say, whatever the view rows were edited to.

The tampering is raw SQL, as a database administrator would do it.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.integration import test_audit
from tests.integration.test_audit import positions, raw
from tests.integration.test_grants import binaan, funded
from umkm_ledger import Ledger
from umkm_ledger.audit.checkpoint import Checkpoint
from umkm_ledger.cli import cli

# The tamper tests' ledger (a program, three enterprises enrolled) and signing key.
ledger = test_audit.ledger
key = test_audit.key


def view_tables(url: str, view: str, table: str) -> list[str]:
    """The database tables that hold ``table`` of ``view`` (each slot has its own)."""
    pattern = f"uv_{view}_%_{table}"
    with raw(url) as sql:
        if url.startswith("sqlite"):
            found = sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?",
                        (pattern,))  # fmt: skip
        else:
            found = sql("SELECT table_name FROM information_schema.tables WHERE table_name "
                        "LIKE ?", (pattern,))  # fmt: skip
    names = [str(row[0]) for row in found]
    # uv_funding_5_1_aid_item matches uv_funding_%_aid too: keep the exact table.
    return [name for name in names if name.split("_", 4)[-1] == table]


@pytest.mark.parametrize("where", ["first", "middle"])
def test_a_record_deleted_with_its_leaf_is_a_deletion_at_its_signed_position(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey, where: str
) -> None:
    signed = ledger.checkpoint(key)
    assert signed.format == "umkm-ledger checkpoint 2"
    assert signed.positions
    logged = positions(ledger_url)
    victim = logged[0] if where == "first" else logged[len(logged) // 2]
    with raw(ledger_url) as sql:  # the event and its leaf: nothing local looks wrong
        sql("DELETE FROM {events} WHERE rowid = ?", (victim,))
        sql("DELETE FROM {leaves} WHERE notification_id = ?", (victim,))

    found = ledger.verify(checkpoint=signed, public_key=key.public_key(), views=False)

    assert found.finding is not None
    assert (found.finding.kind, found.finding.position) == ("deleted", victim)
    assert f"position {victim}" in str(found)


def test_the_last_records_deleted_with_their_leaves_are_a_truncation(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    signed = Checkpoint.loads(ledger.checkpoint(key).dumps())  # as read back from its file
    last = positions(ledger_url)[-1]
    with raw(ledger_url) as sql:
        sql("DELETE FROM {events} WHERE rowid = ?", (last,))
        sql("DELETE FROM {leaves} WHERE notification_id = ?", (last,))

    found = ledger.verify(checkpoint=signed, public_key=key.public_key(), views=False)

    assert found.finding is not None
    assert found.finding.kind == "truncated"


def _refused_grant(ledger: Ledger) -> tuple[Any, Any]:
    program_id, allocation_id = funded(ledger)
    grant = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id, 52), justification="looms",
        items=[{"description": "alat tenun songket", "quantity": 2, "unit_value": "Rp3 juta"}],
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant, effective_date="2016-12-02")
    with contextlib.suppress(Exception):  # the proposer tries to approve: refused, kept
        ledger.approve_grant(grant, effective_date="2016-12-03")
    return program_id, grant


def test_an_edited_view_is_named_by_verify_with_how_to_repair_it(
    ledger: Ledger, ledger_url: str
) -> None:
    _refused_grant(ledger)
    assert [a.kind for a in ledger.anomalies()] == ["decision by the proposer attempted"]
    assert ledger.verify().ok
    (refusals,) = view_tables(ledger_url, "funding", "refusal")
    with raw(ledger_url) as sql:  # the refusal taken out of the view, the events untouched
        sql(f"DELETE FROM {refusals}", ())
    assert ledger.anomalies() == []  # what the edited view now says

    found = ledger.verify()

    assert not found.ok
    assert found.finding is None  # the log itself is intact
    (wrong,) = found.views_disagreeing
    assert (wrong.name, wrong.differing) == ("funding", ("refusal",))
    assert "umkm-ledger rebuild funding" in str(found)
    assert all(check.agrees for check in found.views if check.name != "funding")

    run = CliRunner().invoke(cli, ["--db", ledger_url, "audit", "verify", "--format", "json"])
    assert run.exit_code == 1, run.output
    said = json.loads(run.output)
    assert said["ok"] is False
    assert said["finding"] is None
    named = {view["name"]: view for view in said["views"]}
    assert named["funding"]["differing"] == ["refusal"]
    assert all(view["differing"] == [] for name, view in named.items() if name != "funding")
    text = CliRunner().invoke(cli, ["--db", ledger_url, "audit", "verify"])
    assert text.exit_code == 1
    assert "FAILED view funding" in text.output
    assert "umkm-ledger rebuild funding" in text.output
    skipped = CliRunner().invoke(cli, ["--db", ledger_url, "audit", "verify", "--no-views"])
    assert skipped.exit_code == 0, skipped.output

    ledger.rebuild("funding")

    assert ledger.verify().ok
    assert [a.kind for a in ledger.anomalies()] == ["decision by the proposer attempted"]


def test_an_audit_report_shows_the_verified_events_not_edited_view_rows(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    program_id, grant = _refused_grant(ledger)
    signed = ledger.checkpoint(key)
    assert ledger.anomalies()  # the views are built
    assert ledger.grants()
    for table in ("refusal", "movement", "allocation"):
        (name,) = view_tables(ledger_url, "funding", table)
        with raw(ledger_url) as sql:
            sql(f"DELETE FROM {name}", ())
    with raw(ledger_url) as sql:
        for name in view_tables(ledger_url, "records", "record"):
            sql(f"DELETE FROM {name}", ())

    report = ledger.audit_report(
        grant, checkpoint=signed, public_key=key.public_key(), as_of="2016-12-31"
    )

    assert report.verified
    (finding,) = report.findings
    assert finding.kind == "decision by the proposer attempted"
    assert [e.kind for e in report.events] == ["Proposed", "EligibilityChecked"]
    assert "computed from those events" in report.verification
    assert "decision by the proposer attempted" in report.to_csv()
    # The program's report too: every record of it, from the events.
    whole = ledger.audit_report(program_id=program_id, as_of="2016-12-31")
    assert {e.record_kind for e in whole.events} >= {"program", "grant", "refusal"}
    assert len(whole.findings) == 1
