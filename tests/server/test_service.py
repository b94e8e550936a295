"""The HTTP service as a PHP or Java system uses it: tokens decide who acts, commands are
idempotent by their key, refusals are problem details, the feed follows the log. On
SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from tests.server.conftest import auth
from tests.server.flow import (
    SONGKET,
    allocate,
    delivered_grant,
    eligible_grant,
    ok,
    plan_program,
    propose_looms,
    register_and_enrol,
)
from umkm_ledger import Ledger


def test_two_authenticated_officers_propose_and_approve_a_grant(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    # Given a program planned by the kepala dinas and an enterprise enrolled by an officer
    program = plan_program(client, tokens["herman"])
    allocation = allocate(client, tokens["herman"], program)
    songket = register_and_enrol(client, tokens["siti"], program)
    # When the officer proposes looms and the kepala dinas approves them
    grant = propose_looms(client, tokens["siti"], allocation, songket)
    ok(client.post(f"/grants/{grant}/eligibility-check", headers=auth(tokens["siti"], "check"),
                   json={"effective_date": "2017-03-01"}))  # fmt: skip
    approved = ok(client.post(f"/grants/{grant}/approval", headers=auth(tokens["herman"], "ok"),
                              json={"effective_date": "2017-03-02"}))  # fmt: skip
    # Then the approval is recorded, under the kepala dinas's authenticated identity
    assert [e["event"] for e in approved["events"]] == ["Approved"]
    history = ok(client.get(f"/records/{grant}/history", headers=auth(tokens["ani"])), 200)
    assert [(h["kind"], h["user_id"], h["role"]) for h in history] == [
        ("Proposed", "siti", "petugas"),
        ("EligibilityChecked", "siti", "petugas"),
        ("Approved", "herman", "kepala-dinas"),
    ]
    left = ok(client.get(f"/allocations/{allocation}", headers=auth(tokens["herman"])), 200)
    assert left["remaining"] == 50_000_000 - 17_500_000
    progress = ok(client.get(f"/programs/{program}/progress", headers=auth(tokens["ani"]),
                             params={"as_of": "2020-12-31"}), 200)  # fmt: skip
    assert (progress["indicators"][0]["actual"], progress["indicators"][0]["target"]) == (1, 1000)
    with Ledger.open(ledger_url, create=False) as ledger:
        assert str(ledger.grant(grant).proposer) == "siti"


def test_the_proposer_cannot_approve_with_a_token_in_another_role(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _program, grant = eligible_grant(client, tokens)
    # Siti proposed as petugas; her kepala-dinas token is still Siti
    refused = client.post(f"/grants/{grant}/approval", headers=auth(tokens["siti_kepala"], "x"),
                          json={"effective_date": "2017-03-02"})  # fmt: skip
    assert refused.status_code == 409
    problem = refused.json()
    assert refused.headers["content-type"] == "application/problem+json"
    assert (problem["type"], problem["rule"]) == (
        "urn:umkm-ledger:problem:rule", "SegregationOfDuties",
    )  # fmt: skip
    assert problem["status"] == 409
    assert "proposed a grant" in problem["rule_text"]
    status = ok(client.get(f"/grants/{grant}", headers=auth(tokens["herman"])), 200)
    assert status["grant"]["status"] == "eligible"


def test_a_body_cannot_name_another_actor(client: TestClient, tokens: dict[str, str]) -> None:
    refused = client.post("/enterprises", headers=auth(tokens["siti"], "a"),
                          json={**SONGKET, "actor": "herman@kepala-dinas"})  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["field"] == "actor"


def test_a_resend_with_the_same_key_answers_the_first_result_and_records_nothing(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    first = client.post("/enterprises", headers=auth(tokens["siti"], "reg-1"), json=SONGKET)
    with Ledger.open(ledger_url, create=False) as ledger:
        end = ledger.log_end()
    again = client.post("/enterprises", headers=auth(tokens["siti"], "reg-1"), json=SONGKET)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = client.post("/enterprises", headers=auth(tokens["siti"], "reg-1"),
                        json={**SONGKET, "name": "Tenun Lain"})  # fmt: skip
    assert other.status_code == 409
    assert other.json()["type"] == "urn:umkm-ledger:problem:command-id-reused"
    assert other.json()["differing"] == ["name"]
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.log_end() == end
        assert len(list(ledger.enterprise_ids())) == 1


def test_refusals_name_the_field_or_the_record(client: TestClient, tokens: dict[str, str]) -> None:
    bad_nik = {**SONGKET, "owners": [{**SONGKET["owners"][0], "nik": "12345"}]}
    refused = client.post("/enterprises", headers=auth(tokens["siti"], "b"), json=bad_nik)
    assert refused.status_code == 422
    assert refused.json()["field"] == "owners[0].nik"
    assert "1610084708800001" not in refused.text
    missing = client.get("/grants/3f2a9c1e-0000-4000-8000-000000000000",
                         headers=auth(tokens["herman"]))  # fmt: skip
    assert missing.status_code == 404
    assert missing.json()["kind"] == "grant"
    in_indonesian = client.post("/enterprises", json=bad_nik, headers={
        **auth(tokens["siti"], "c"), "Accept-Language": "id-ID,id;q=0.9",
    })  # fmt: skip
    assert in_indonesian.json()["detail"] != refused.json()["detail"]


def test_a_revoked_token_no_longer_works(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    me = ok(client.get("/me", headers=auth(tokens["ani"])), 200)
    assert (me["user_id"], me["role"]) == ("ani", "auditor")
    with Ledger.open(ledger_url, actor="admin@admin") as ledger:
        ledger.revoke_token(me["id"], reason="left the Inspektorat")
        assert ledger.history(me["id"])[-1].reason == "left the Inspektorat"
    refused = client.get("/me", headers=auth(tokens["ani"]))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert client.get("/programs").status_code == 401
    assert client.get("/programs", headers=auth("ulk_" + "x" * 43)).status_code == 401


def test_a_follower_pages_through_the_feed_and_waits_for_new_events(
    client: TestClient, tokens: dict[str, str]
) -> None:
    program = plan_program(client, tokens["herman"])
    page = client.get("/feed", headers=auth(tokens["sidt"]), params={"after": 0, "limit": 2})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/cloudevents-batch+json")
    events = page.json()
    assert len(events) == 2
    assert all(e["specversion"] == "1.0" for e in events)
    rest = client.get("/feed", headers=auth(tokens["sidt"]),
                      params={"after": page.headers["feed-position"]}).json()  # fmt: skip
    assert {e["position"] for e in rest}.isdisjoint({e["position"] for e in events})
    end = client.get("/feed", headers=auth(tokens["sidt"]), params={"after": 0, "limit": 10_000})
    position = end.headers["feed-position"]

    def enrol_later() -> None:
        time.sleep(0.5)
        register_and_enrol(client, tokens["siti"], program)

    writer = threading.Thread(target=enrol_later)
    writer.start()
    waited = client.get("/feed", headers=auth(tokens["sidt"]),
                        params={"after": position, "wait": 20})  # fmt: skip
    writer.join()
    assert waited.json()[0]["type"] == "umkm-ledger.enterprises.Enterprise.Registered.v1"
    assert "Siti Aminah" not in waited.text
    assert "1610084708800001" not in waited.text


def test_personal_data_is_shown_only_to_roles_that_may_see_it(
    client: TestClient, tokens: dict[str, str]
) -> None:
    program = plan_program(client, tokens["herman"])
    songket = register_and_enrol(client, tokens["siti"], program)
    training = ok(client.post("/trainings", headers=auth(tokens["siti"], "bimtek"), json={
        "title": "Bimtek motif songket", "organiser": "Diskoperindag Ogan Ilir",
        "venue": "Inderalaya", "region": "16.10", "days": ["2017-04-03"],
        "topics": ["motif"], "effective_date": "2017-03-20",
    }))["id"]  # fmt: skip
    ok(client.post(f"/trainings/{training}/participants", headers=auth(tokens["siti"], "daftar"),
                   json={"person": SONGKET["owners"][0], "enterprise_id": songket,
                         "effective_date": "2017-03-25"}))  # fmt: skip
    reads = [f"/enterprises/{songket}", f"/enterprises/{songket}/timeline",
             f"/records/{songket}/history", f"/trainings/{training}"]  # fmt: skip
    for path in reads:
        auditor = client.get(path, headers=auth(tokens["ani"]))
        assert auditor.status_code == 200, path
        assert "Siti Aminah" not in auditor.text, path
        assert "1980" not in auditor.text, path
        assert "1610084708800001" not in auditor.text, path
        head = client.get(path, headers=auth(tokens["herman"]))
        assert "Siti Aminah" in head.text, path
        assert "1610084708800001" not in head.text, path


def test_the_aid_after_its_handover_goes_on_over_http(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _program, grant = delivered_grant(client, tokens)
    siti = tokens["siti"]
    returned = ok(client.post(f"/grants/{grant}/returns", headers=auth(siti, "back"), json={
        "items": {"alat tenun songket": 1}, "reason": "one loom never used",
        "effective_date": "2017-09-01",
    }))  # fmt: skip
    assert [e["event"] for e in returned["events"]] == ["GoodsReturned"]
    ok(client.post(f"/grants/{grant}/outcomes", headers=auth(siti, "outcome"), json={
        "sales_before": "Rp85 juta", "sales_after": "Rp120 juta", "effective_date": "2017-12-31",
    }))  # fmt: skip
    state = ok(client.get(f"/grants/{grant}", headers=auth(tokens["herman"])), 200)["grant"]
    assert state["released"] == 3_500_000
    refused = client.post(f"/grants/{grant}/revocation", headers=auth(siti, "revoke"),
                          json={"reason": "x"})  # fmt: skip
    assert refused.status_code == 403


def test_a_mentoring_visit_is_planned_held_and_followed_up_over_http(
    client: TestClient, tokens: dict[str, str]
) -> None:
    program = plan_program(client, tokens["herman"])
    songket = register_and_enrol(client, tokens["siti"], program)
    siti = tokens["siti"]
    visit = ok(client.post("/mentoring-sessions/planned", headers=auth(siti, "plan"), json={
        "mentor": "Dewi Lestari", "topics": ["desain motif"], "planned_on": "2017-08-09",
        "enterprises": [songket], "program_id": program, "effective_date": "2017-07-28",
    }))["id"]  # fmt: skip
    ok(client.post(f"/mentoring-sessions/{visit}/held", headers=auth(siti, "held"), json={
        "attended": [songket], "duration_minutes": 90, "effective_date": "2017-08-09",
        "follow_ups": [{"action": "send the new motif samples", "due": "2017-09-01"}],
    }))  # fmt: skip
    done = ok(client.post(f"/mentoring-sessions/{visit}/follow-ups/completion",
                          headers=auth(siti, "done"),
                          json={"line": 1, "effective_date": "2017-08-30"}))  # fmt: skip
    assert [e["event"] for e in done["events"]] == ["FollowUpCompleted"]
    session = ok(client.get(f"/mentoring-sessions/{visit}", headers=auth(tokens["ani"])), 200)
    assert session["status"] == "held"
    assert session["duration_minutes"] == 90
