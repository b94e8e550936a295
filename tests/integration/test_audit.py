"""Tamper evidence on each backend: every way of altering the stored log is found, and
named, by ``verify``; proof bundles check offline. The tampering is raw SQL, as a database
administrator would do it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import ConcurrencyConflict, InvalidValue, Ledger
from umkm_ledger.audit.bundle import check_bundle
from umkm_ledger.audit.checkpoint import Checkpoint, generate_key
from umkm_ledger.audit.service import LedgerNotIntact

Execute = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]
# The tables' names on each backend ({events} and {leaves} in the SQL below).
_TABLES: dict[str, tuple[str, str]] = {}


@contextlib.contextmanager
def raw(url: str) -> Iterator[Execute]:
    """Run SQL straight on the ledger's database (``?`` placeholders on both)."""
    events, leaves = _TABLES[url]

    def named(sql: str) -> str:
        return sql.replace("{events}", events).replace("{leaves}", leaves)

    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))

        def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            return connection.execute(named(sql), params).fetchall()

        try:
            yield run
            connection.commit()
        finally:
            connection.close()
        return
    with psycopg.connect(url, autocommit=True) as conn:

        def execute(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            text = named(sql).replace("?", "%s").replace("rowid", "notification_id")
            cursor = conn.execute(text, params)
            return cursor.fetchall() if cursor.description else []

        yield execute


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        recorder: Any = opened.application.recorder
        _TABLES[ledger_url] = (recorder.events_table_name, recorder.leaves_table_name)
        program_id = program(opened)
        for serial in range(1, 4):
            opened.enrol(program_id, register(opened, serial, DESA_A1), effective_date="2016-03-01")
        yield opened


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return generate_key()


def positions(url: str) -> list[int]:
    with raw(url) as sql:
        return [row[0] for row in sql("SELECT rowid FROM {events} ORDER BY rowid", ())]


def test_an_untouched_ledger_verifies_against_its_checkpoints(
    ledger: Ledger, key: Ed25519PrivateKey
) -> None:
    first = ledger.checkpoint(key)
    assert first.verify(key.public_key())
    register(ledger, 9, DESA_A1)
    result = ledger.verify(checkpoint=first.dumps(), public_key=key.public_key())
    assert result.ok, str(result)
    assert result.records > first.tree_size
    assert str(result).startswith(f"OK: {result.records} records")
    later = ledger.checkpoint(key)
    assert ledger.verify(checkpoint=later, public_key=key.public_key()).ok


def test_a_changed_byte_of_an_event_is_named(ledger: Ledger, ledger_url: str) -> None:
    victim = positions(ledger_url)[4]
    with raw(ledger_url) as sql:
        (state,) = sql("SELECT state FROM {events} WHERE rowid = ?", (victim,))[0]
        altered = bytearray(state)
        altered[len(altered) // 2] ^= 0x01
        sql("UPDATE {events} SET state = ? WHERE rowid = ?", (bytes(altered), victim))
    result = ledger.verify()
    assert result.finding is not None
    assert (result.finding.kind, result.finding.position) == ("changed", victim)
    assert f"position {victim} (record " in str(result)


def test_a_deleted_event_is_named(ledger: Ledger, ledger_url: str) -> None:
    victim = positions(ledger_url)[3]
    with raw(ledger_url) as sql:
        sql("DELETE FROM {events} WHERE rowid = ?", (victim,))
    finding = ledger.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("deleted", victim)


def test_an_inserted_event_is_named(ledger: Ledger, ledger_url: str) -> None:
    with raw(ledger_url) as sql:
        # A copy of an event, as another record's next version.
        origin, version, topic, state = sql(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "ORDER BY rowid LIMIT 1", (),
        )[0]  # fmt: skip
        sql("INSERT INTO {events} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)", (origin, version + 1000, topic, state))  # fmt: skip
    finding = ledger.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("inserted", positions(ledger_url)[-1])


def test_reordered_events_are_named(ledger: Ledger, ledger_url: str) -> None:
    first, second = positions(ledger_url)[2:4]
    with raw(ledger_url) as sql:
        parking = 10**9
        sql("UPDATE {events} SET rowid = ? WHERE rowid = ?", (parking, first))
        sql("UPDATE {events} SET rowid = ? WHERE rowid = ?", (first, second))
        sql("UPDATE {events} SET rowid = ? WHERE rowid = ?", (second, parking))
    finding = ledger.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("changed", first)


def test_a_log_truncated_after_a_checkpoint_is_found(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    signed = ledger.checkpoint(key)
    last = positions(ledger_url)[-2:]
    with raw(ledger_url) as sql:
        for position in last:  # events and their leaves: nothing local looks wrong
            sql("DELETE FROM {events} WHERE rowid = ?", (position,))
            sql("DELETE FROM {leaves} WHERE notification_id = ?", (position,))
    assert ledger.verify().ok  # without the checkpoint, nothing to compare with
    finding = ledger.verify(checkpoint=signed, public_key=key.public_key()).finding
    assert finding is not None
    assert finding.kind == "truncated"


def test_a_log_rewritten_after_a_checkpoint_fails_the_consistency_proof(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    from umkm_ledger.platform.leaves import record_leaf_hash

    signed = ledger.checkpoint(key)
    victim = positions(ledger_url)[1]
    with raw(ledger_url) as sql:
        origin, version, topic, state = sql(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "WHERE rowid = ?", (victim,),
        )[0]  # fmt: skip
        forged = bytes(state).replace(b'"_data_":', b'"_data_": ', 1)  # still JSON
        assert forged != bytes(state)
        sql("UPDATE {events} SET state = ? WHERE rowid = ?", (forged, victim))
        # The leaf is rewritten too, as someone who knows how leaves are made would.
        leaf = record_leaf_hash(victim, str(origin), version, topic, forged)
        sql("UPDATE {leaves} SET leaf_hash = ? WHERE notification_id = ?", (leaf, victim))
    assert ledger.verify().ok
    finding = ledger.verify(checkpoint=signed, public_key=key.public_key()).finding
    assert finding is not None
    assert finding.kind == "rewritten"


def test_a_forged_checkpoint_is_found(ledger: Ledger, key: Ed25519PrivateKey) -> None:
    signed = ledger.checkpoint(key)
    data = signed.to_json()
    data["tree_size"] = signed.tree_size - 1  # claims less than was signed
    result = ledger.verify(checkpoint=data, public_key=key.public_key())
    finding = result.finding
    assert finding is not None
    assert finding.kind == "forged checkpoint"
    assert f"checked against the checkpoint of {signed.tree_size - 1} records" in str(result)
    other = generate_key()
    forged = ledger.checkpoint(other)
    finding = ledger.verify(checkpoint=forged, public_key=key.public_key()).finding
    assert finding is not None
    assert finding.kind == "forged checkpoint"


def test_a_ledger_that_fails_verification_is_not_signed(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    with raw(ledger_url) as sql:
        sql("DELETE FROM {leaves} WHERE notification_id = ?", (positions(ledger_url)[0],))
    with pytest.raises(LedgerNotIntact, match="inserted"):
        ledger.checkpoint(key)


def test_a_proof_bundle_checks_offline_and_fails_when_altered(
    ledger: Ledger, key: Ed25519PrivateKey
) -> None:
    enterprise = next(iter(ledger.enterprise_ids()))
    ledger.report_sales(enterprise, year=2016, amount="Rp40 juta", effective_date="2016-12-31")
    signed = ledger.checkpoint(key)
    register(ledger, 8, DESA_A1)  # after the checkpoint: the bundle still checks
    bundle = ledger.proof_bundle(enterprise, checkpoint=Checkpoint.loads(signed.dumps()))
    checked = check_bundle(bundle, key.public_key())
    assert checked.ok, str(checked)
    assert [e["version"] for e in checked.events] == [1, 2, 3][: len(checked.events)]
    assert checked.events[0]["state"]["name"] == "Usaha 1"
    # Any field changed: the amount of a sales report, the order, the signature.
    import base64
    import json as _json

    altered = _json.loads(_json.dumps(bundle))
    event = altered["events"][-1]
    state = base64.b64decode(event["state"]).replace(b"40000000", b"90000000")
    assert state != base64.b64decode(event["state"])
    event["state"] = base64.b64encode(state).decode()
    assert not check_bundle(altered, key.public_key()).ok
    swapped = _json.loads(_json.dumps(bundle))
    swapped["events"][0]["position"] += 1
    assert not check_bundle(swapped, key.public_key()).ok
    assert not check_bundle(bundle, generate_key().public_key()).ok
    # An event left out (a cancellation hidden from the auditor) or repeated.
    for change in ("drop", "repeat"):
        edited = _json.loads(_json.dumps(bundle))
        if change == "drop":
            del edited["events"][0]
        else:
            edited["events"].append(edited["events"][0])
        assert "not all there" in str(check_bundle(edited, key.public_key()))


def test_concurrent_writers_make_one_consistent_tree(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    from tests.integration.test_ledger import at_once

    signed = ledger.checkpoint(key)

    def write(serial: int) -> Callable[[Ledger], object]:
        def act(own: Ledger) -> object:
            # Everyone registers the same funder too: the losers' inserts roll back (on
            # PostgreSQL they still take notification ids, leaving gaps in the log).
            with contextlib.suppress(ConcurrencyConflict):
                own.register_funder("Kemenperin", source="APBN")
            return [register(own, 100 * serial + n, DESA_A1) for n in range(4)]

        return act

    results, failures = at_once(ledger_url, [write(serial) for serial in range(1, 7)])
    assert failures == []
    assert len(results) == 6
    result = ledger.verify(checkpoint=signed, public_key=key.public_key())
    assert result.ok, str(result)
    with raw(ledger_url) as sql:
        ((events,),) = sql("SELECT COUNT(*) FROM {events}", ())
        ((leaves,),) = sql("SELECT COUNT(*) FROM {leaves}", ())
    assert events == leaves == result.records


def test_a_grant_replayed_as_of_a_date_and_as_known_at_a_moment(ledger: Ledger) -> None:
    from tests.integration.test_grants import approved, binaan, funded

    program_id, allocation_id = funded(ledger)
    enterprise = binaan(ledger, program_id, 50)
    grant = approved(ledger, allocation_id, enterprise)  # 1 Dec, 2 Dec, 5 Dec
    ledger.hand_over(grant, bast_number="B-1", place="Indralaya",
                     items={"alat tenun songket": 5}, effective_date="2016-12-16")  # fmt: skip
    handed = max(e.version for e in ledger.history(grant))
    before_correction = ledger.history(grant)[-1].recorded_at
    ledger.correct(grant, version=handed, changes={"effective_date": "2016-12-10"},
                   reason="BAST dated wrong")  # fmt: skip
    # Recorded last, dated before the handover: it takes its place by date.
    ledger.acknowledge_handover(grant, "B-1", recipient="Siti", effective_date="2016-12-12")

    steps = ledger.replay(grant)
    assert [(s.event.kind, s.on.isoformat()) for s in steps] == [
        ("Proposed", "2016-12-01"),
        ("EligibilityChecked", "2016-12-02"),
        ("Approved", "2016-12-05"),
        ("HandedOver", "2016-12-10"),  # the corrected date
        ("Corrected", steps[4].event.effective_date.isoformat()),  # right after its fact
        ("Acknowledged", "2016-12-12"),
    ]
    assert steps[4].event.corrects == handed
    assert steps[2].state["status"] == "approved"
    assert steps[3].state["delivered_value"] == "IDR15,000,000"
    assert steps[-1].state["status"] == ledger.grant(grant).status.value
    # As of 11 December: handed over (on the 10th, as corrected), not yet acknowledged.
    as_of = ledger.replay(grant, as_of="2016-12-11")
    assert [s.event.kind for s in as_of][-2:] == ["HandedOver", "Corrected"]
    # As known before the correction: the handover on the 16th, as first recorded.
    known = ledger.replay(grant, known_at=before_correction)
    assert [(s.event.kind, s.on.isoformat()) for s in known][-1] == ("HandedOver", "2016-12-16")
    both = ledger.replay(grant, as_of="2016-12-11", known_at=before_correction)
    assert [s.event.kind for s in both][-1] == "Approved"  # on the 11th it was not handed yet
    assert all(s.event.user_id and s.event.role for s in steps)
    with pytest.raises(InvalidValue, match="known_at"):
        ledger.replay(grant, known_at="yesterday")
    program_steps = ledger.replay(program_id)
    assert program_steps[0].state["status"] == "planned"
    assert ledger.replay(enterprise)[0].event.kind == "Registered"


def test_the_audit_trail_answers_by_actor_role_funder_program_period_and_kind(
    ledger: Ledger,
) -> None:
    from tests.integration.test_grants import approved, binaan, funded

    program_id, allocation_id = funded(ledger)
    grant = approved(ledger, allocation_id, binaan(ledger, program_id, 51))
    everything = ledger.audit_trail()
    assert [row.position for row in everything] == sorted(row.position for row in everything)
    approvals = ledger.audit_trail(actor="BUDI", kind="Approved")
    assert [(r.record_id, r.kind, r.role) for r in approvals] == [
        (grant, "Grant.Approved", "kabid")
    ]
    assert {r.kind for r in ledger.audit_trail(record_id=grant)} >= {
        "Grant.Proposed", "Grant.EligibilityChecked", "Grant.Approved",
    }  # fmt: skip
    funded_rows = ledger.audit_trail(funder="Dinkoperindag Ogan Ilir")
    assert {r.record_kind for r in funded_rows} == {"funder", "allocation", "grant"}
    in_program = ledger.audit_trail(program_id=program_id)
    assert {"program", "enrolment", "allocation", "grant"} <= {r.record_kind for r in in_program}
    december = ledger.audit_trail(period="2016-12-01..2016-12-31", kind="Grant.Proposed")
    assert [r.record_id for r in december] == [grant]
    assert ledger.audit_trail(role="kabid", period="2017-01-01..2017-12-31") == []
    with pytest.raises(InvalidValue, match="actor"):
        ledger.audit_trail(actor=" ")


def test_an_audit_report_of_a_grant_and_of_a_program(
    ledger: Ledger, key: Ed25519PrivateKey
) -> None:
    from tests.integration.test_grants import binaan, funded

    program_id, allocation_id = funded(ledger)
    grant = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id, 52), justification="looms",
        items=[{"description": "alat tenun songket", "quantity": 2, "unit_value": "Rp3 juta"}],
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant, effective_date="2016-12-02")
    with contextlib.suppress(Exception):  # the proposer tries to approve: refused, kept
        ledger.approve_grant(grant, effective_date="2016-12-03")
    signed = ledger.checkpoint(key)
    report = ledger.audit_report(grant, checkpoint=signed, public_key=key.public_key(),
                                 as_of="2016-12-31")  # fmt: skip
    assert report.verified
    assert "consistent with the checkpoint" in report.verification
    assert [e.kind for e in report.events] == ["Proposed", "EligibilityChecked"]
    assert report.events[-1].state["status"] == "eligible"
    (finding,) = report.findings
    assert finding.kind == "decision by the proposer attempted"
    assert "segregation of duties" in finding.rule
    assert "Recorded" in [e.kind for e in finding.events]
    page = report.to_html()
    # Self-contained: no script, nothing fetched (the SVG namespace is a name, not a link).
    assert "<script" not in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert 'id="history"' in page
    assert "EligibilityChecked" in page
    data = report.to_json()
    assert data["findings"][0]["rule"] == finding.rule
    lines = report.to_csv().splitlines()
    assert lines[0].startswith("effective_date,recorded_at,user_id")
    assert any(line.startswith("verification,ok,") for line in lines)
    assert any(line.startswith("decision by the proposer attempted,") for line in lines)
    from umkm_ledger.audit.report import ANOMALY_RULES

    assert "Rules checked" in page
    assert all(rule in page for rule in ANOMALY_RULES)
    whole = ledger.audit_report(program_id=program_id, as_of="2016-12-31")
    assert {e.record_kind for e in whole.events} >= {"program", "grant", "refusal"}
    assert len(whole.findings) == 1
    with pytest.raises(InvalidValue, match="scope"):
        ledger.audit_report(grant, program_id=program_id)


def test_an_event_slipped_in_below_the_first_position_is_found(
    ledger: Ledger, ledger_url: str
) -> None:
    with raw(ledger_url) as sql:
        origin, version, topic, state = sql(
            "SELECT originator_id, originator_version, topic, state FROM {events} "
            "ORDER BY rowid LIMIT 1", (),
        )[0]  # fmt: skip
        sql("INSERT INTO {events} (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)", (0, origin, version + 100, topic, state))  # fmt: skip
    finding = ledger.verify().finding
    assert finding is not None
    assert (finding.kind, finding.position) == ("inserted", 0)


@pytest.mark.parametrize(
    "tampering",
    [
        "UPDATE {events} SET originator_id = upper(originator_id) WHERE rowid = ?",
        "UPDATE {events} SET state = NULL WHERE rowid = ?",
        "UPDATE {events} SET state = CAST(state AS TEXT) WHERE rowid = ?",
        "UPDATE {events} SET topic = CAST(topic AS BLOB) WHERE rowid = ?",
        "UPDATE {events} SET originator_version = 'x' WHERE rowid = ?",
    ],
)
def test_any_malformed_stored_value_is_named(sqlite_url: str, tampering: str) -> None:
    with Ledger.open(sqlite_url, actor="siti@officer") as ledger:
        recorder: Any = ledger.application.recorder
        _TABLES[sqlite_url] = (recorder.events_table_name, recorder.leaves_table_name)
        program(ledger)
        victim = positions(sqlite_url)[1]
        with raw(sqlite_url) as sql:
            sql(tampering, (victim,))
        finding = ledger.verify().finding
        assert finding is not None
        assert (finding.kind, finding.position) == ("changed", victim)


def test_bundles_refuse_odd_values_and_reports_keep_corrections_in_place(
    ledger: Ledger, key: Ed25519PrivateKey, tmp_path: Any
) -> None:
    import json as _json

    from tests.integration.test_grants import approved, binaan, funded

    program_id, allocation_id = funded(ledger)
    grant = approved(ledger, allocation_id, binaan(ledger, program_id, 53))
    ledger.hand_over(grant, bast_number="B-1", place="Indralaya",
                     items={"alat tenun songket": 5}, effective_date="2016-12-16")  # fmt: skip
    handed = max(e.version for e in ledger.history(grant))
    ledger.correct(grant, version=handed, changes={"effective_date": "2016-12-10"},
                   reason="BAST dated wrong")  # fmt: skip
    ledger.acknowledge_handover(grant, "B-1", recipient="Siti", effective_date="2016-12-12")
    signed = ledger.checkpoint(key)
    bundle = ledger.proof_bundle(grant, checkpoint=signed)
    assert check_bundle(bundle, key.public_key()).ok
    odd_values = [
        ("originator_version", 3.0), ("position", True), ("leaf_index", "2"),
        ("originator_id", 5), ("position", -1), ("originator_version", 2**70),
    ]  # fmt: skip
    for field, odd in odd_values:
        edited = _json.loads(_json.dumps(bundle))
        edited["events"][2][field] = odd
        assert not check_bundle(edited, key.public_key()).ok, (field, odd)
    assert not check_bundle({**bundle, "events": 5}, key.public_key()).ok
    with pytest.raises(InvalidValue, match="checkpoint"):
        ledger.verify(checkpoint=5, public_key=key.public_key())  # type: ignore[arg-type]
    kinds = [e.kind for e in ledger.audit_report(grant).events]
    assert kinds[3:] == ["HandedOver", "Corrected", "Acknowledged"]
    program_kinds = [
        e.kind for e in ledger.audit_report(program_id=program_id).events
        if e.record_id == grant
    ]  # fmt: skip
    assert program_kinds[3:] == ["HandedOver", "Corrected", "Acknowledged"]
    assert ledger.audit_trail(kind="pproved") == []  # whole names only
    assert ledger.audit_trail(kind="%") == []


def test_a_ledger_from_before_the_leaves_gets_them_when_first_opened(
    ledger: Ledger, ledger_url: str, key: Ed25519PrivateKey
) -> None:
    before = ledger.verify()
    with raw(ledger_url) as sql:
        sql("DROP TABLE {leaves}", ())  # as an earlier version left it: no leaf table
    with Ledger.open(ledger_url) as reopened:
        again = reopened.verify()
    assert again.ok, str(again)
    assert (again.records, again.root_hash) == (before.records, before.root_hash)


def test_an_emptied_leaf_table_is_reported_and_never_refilled(
    ledger: Ledger, ledger_url: str
) -> None:
    with raw(ledger_url) as sql:
        sql("DELETE FROM {leaves}", ())  # leaves deleted behind the ledger's back
    with Ledger.open(ledger_url) as reopened:
        found = reopened.verify()
        assert not found.ok
        assert found.finding is not None
        assert found.finding.kind == "inserted"
        reopened.verify()
    with raw(ledger_url) as sql:
        ((left,),) = sql("SELECT COUNT(*) FROM {leaves}", ())
    assert left == 0  # neither opening nor verifying wrote a leaf
