"""What a careful attacker or auditor tries next: corrections beyond one's role, markup
in names, personal data in facts other than owners, token digests, a stream that
outlives its token, another site's sign-in form, an unexpected failure."""

from __future__ import annotations

import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import auth, issue_tokens
from tests.server.flow import delivered_grant
from umkm_ledger import Ledger
from umkm_ledger.server import create_app
from umkm_ledger.testing.service import served


def test_a_correction_needs_the_role_that_records_such_facts(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    program, grant = delivered_grant(client, tokens)
    with Ledger.open(ledger_url, create=False) as ledger:
        history = ledger.history(grant)
        approved = next(r.version for r in history if r.kind == "Approved")
        refusals = ledger.audit_trail(kind="Refusal.Recorded")
        end = ledger.log_end()
        token = ledger.tokens()[0].id

    def correct(who: str, record: str, version: int, changes: dict[str, object]) -> int:
        answer = client.post(
            f"/records/{record}/corrections",
            headers=auth(tokens[who], "x"),
            json={"version": version, "changes": changes, "reason": "r"},
        )
        return int(answer.status_code)

    assert correct("siti", program, 1, {"name": "Program Lain"}) == 403
    assert correct("siti", grant, approved, {"effective_date": "2017-03-01"}) == 403
    assert correct("siti", str(token), 1, {"effective_date": "2017-03-01"}) == 403
    assert correct("herman", str(token), 1, {"effective_date": "2017-03-01"}) == 403
    assert refusals == []
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.log_end() == end
    # the kepala dinas corrects the program, an officer the enterprise's registration
    assert correct("herman", program, 1, {"name": "Pengembangan 1000 Wirausaha"}) == 201


def test_markup_in_names_is_text_on_every_page(sqlite_url: str) -> None:
    tokens = issue_tokens(sqlite_url)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    with Ledger.open(sqlite_url, actor="siti@petugas") as ledger:
        program = ledger.plan_program(evil, agency=evil, scope=["16.10"],
                                      period="2016-01-01..2020-12-31",
                                      effective_date="2016-01-04")  # fmt: skip
        ledger.start_program(program, effective_date="2016-01-04")
        ledger.register_funder(evil, source="APBD kabupaten", effective_date="2016-01-04")
        funds = ledger.allocate(evil, program, fiscal_year=2017, instrument="in-kind goods",
                                amount="Rp50 juta", effective_date="2017-01-05")  # fmt: skip
        group = ledger.form_group(evil, kind="KUB", region="16.10.08.2003",
                                  founded_on="2015-01-01", effective_date="2016-02-01")  # fmt: skip
        owner = {"name": evil, "nik": "1610084708800001", "gender": "F", "birth_year": 1980}
        member = ledger.register_enterprise(evil, owners=[owner], desa="16.10.08.2003",
                                            sector="13121", founded_on="2014-03-01",
                                            effective_date="2016-02-01")  # fmt: skip
        ledger.add_group_member(group, member, effective_date="2016-02-02")
        ledger.enrol(program, member, effective_date="2017-02-01")
        grant = ledger.propose_grant(funds, group, justification=evil, items=[
            {"description": evil, "quantity": 1, "unit_value": "Rp1.000.000"}
        ], effective_date="2017-03-01")  # fmt: skip
    with TestClient(create_app(sqlite_url)) as client:
        client.cookies.set("umkm_ledger_token", tokens["herman"])
        for path in (
            "/pages",
            f"/pages/programs/{program}",
            f"/pages/grants/{grant}",
            f"/pages/enterprises/{member}",
            "/pages/funds",
            "/pages/anomalies",
        ):
            shown = client.get(path)
            assert shown.status_code == 200, path
            assert "<script>" not in shown.text, path
            assert "<img src=x" not in shown.text, path
            assert "default-src 'none'" in shown.headers["content-security-policy"]
            assert shown.headers["x-content-type-options"] == "nosniff"
        assert "&lt;script&gt;" in client.get(f"/pages/grants/{grant}").text


def test_whom_a_bast_names_and_a_tokens_digest_are_not_shown_to_an_auditor(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    _program, grant = delivered_grant(client, tokens)
    for path in (f"/grants/{grant}", f"/records/{grant}/history"):
        auditor = client.get(path, headers=auth(tokens["ani"]))
        assert auditor.status_code == 200
        assert "Siti Aminah" not in auditor.text, path
        assert "Siti Aminah" in client.get(path, headers=auth(tokens["herman"])).text, path
    with Ledger.open(ledger_url, create=False) as ledger:
        token = ledger.tokens()[0]
        digest = ledger.application.events_of(token.id)[0].digest  # type: ignore[attr-defined]
    for who in ("ani", "herman"):
        shown = client.get(f"/records/{token.id}/history", headers=auth(tokens[who]))
        assert shown.status_code == 200
        assert digest not in shown.text


def test_command_ids_on_the_trail_only_for_roles_that_see_personal_data(
    client: TestClient, tokens: dict[str, str]
) -> None:
    delivered_grant(client, tokens)
    auditor = client.get("/audit/trail", headers=auth(tokens["ani"])).json()
    head = client.get("/audit/trail", headers=auth(tokens["herman"])).json()
    assert auditor
    assert {row["command_id"] for row in auditor} == {"***"}
    assert "plan-1" in {row["command_id"] for row in head}


def test_another_sites_form_cannot_sign_a_browser_in(
    client: TestClient, tokens: dict[str, str]
) -> None:
    forged = client.post(
        "/login",
        data={"token": tokens["herman"]},
        headers={"Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "set-cookie" not in forged.headers
    own = client.post(
        "/login",
        data={"token": tokens["herman"]},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert own.status_code == 303
    assert "Max-Age=" in own.headers["set-cookie"]


def test_an_unexpected_failure_is_a_500_problem_that_says_nothing_inside(
    client: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals /var/lib/ledger.db")

    monkeypatch.setattr(Ledger, "anomalies", broken)
    failing = TestClient(client.app, raise_server_exceptions=False)
    answer = failing.get("/anomalies", headers=auth(tokens["ani"]))
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert "internals" not in answer.text


def test_a_stream_ends_soon_after_its_token_is_revoked(sqlite_url: str) -> None:
    tokens = issue_tokens(sqlite_url)
    with Ledger.open(sqlite_url, actor="admin@admin") as ledger:
        sidt = next(t for t in ledger.tokens() if t.role == "consumer")
        ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
    lines: list[str] = []
    with served(sqlite_url) as base:
        streaming = threading.Event()

        def follow() -> None:
            with httpx.stream("GET", f"{base}/feed/stream", headers=auth(tokens["sidt"]),
                              timeout=60) as stream:  # fmt: skip
                for line in stream.iter_lines():
                    lines.append(line)
                    if line.startswith("event: cloudevent"):
                        streaming.set()

        follower = threading.Thread(target=follow)
        follower.start()
        # Revoked once the stream is under way (a fixed sleep raced a busy machine's start).
        assert streaming.wait(timeout=30), "the stream sent no event"
        with Ledger.open(sqlite_url, actor="admin@admin") as ledger:
            ledger.revoke_token(sidt.id, reason="contract ended")
        follower.join(timeout=30)
        assert not follower.is_alive(), "the stream went on after its token was revoked"
    assert any(line.startswith("event: cloudevent") for line in lines)
