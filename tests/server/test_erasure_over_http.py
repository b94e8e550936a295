"""Erasing a person's personal data through the HTTP service, as a district's web
application does it: a petugas asks (the NIK in the body, never in a path), a kepala
dinas approves, and from then on nobody reads the person back, whatever their role."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.conftest import auth
from umkm_ledger import ERASED, Ledger

NIK = "1610084708800001"
SONGKET = {
    "name": "Tenun Songket Siti",
    "owners": [{"name": "Siti Aminah", "nik": NIK, "gender": "F", "birth_year": 1980}],
    "desa": "16.10.08.2003",
    "street": "Jl. Lintas Timur 7",
    "sector": "13121",
    "founded_on": "2014-03-01",
}


def test_a_petugas_asks_a_kepala_dinas_approves_and_the_person_reads_as_erased(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    made = client.post("/enterprises", headers=auth(tokens["siti"], "reg"), json=SONGKET)
    assert made.status_code == 201, made.text
    enterprise = made.json()["id"]
    asked = client.post(
        "/erasures", headers=auth(tokens["siti"], "erase-1"),
        json={"nik": NIK, "ground": "subject-request", "reason": "surat 12/PDP/2026"},
    )  # fmt: skip
    assert asked.status_code == 201, asked.text
    assert NIK not in asked.text
    erasure = asked.json()["id"]
    # The officer who asked cannot decide, in another role either; an auditor cannot at all.
    own = client.post(f"/erasures/{erasure}/approval", headers=auth(tokens["siti_kepala"], "a"),
                      json={})  # fmt: skip
    assert own.status_code == 409
    assert own.json()["rule"] == "ErasureNeedsASecondOfficer"
    forbidden = client.post(f"/erasures/{erasure}/approval", headers=auth(tokens["ani"], "b"),
                            json={})  # fmt: skip
    assert forbidden.status_code == 403
    approved = client.post(
        f"/erasures/{erasure}/approval", headers=auth(tokens["herman"], "c"), json={}
    )
    assert approved.status_code == 201, approved.text
    listed = client.get("/erasures", headers=auth(tokens["ani"]))
    assert [(e["status"], e["key_destroyed"]) for e in listed.json()] == [("erased", True)]
    shown = client.get(f"/enterprises/{enterprise}", headers=auth(tokens["herman"])).json()
    owner = shown["enterprise"]["owners"][0]
    assert (owner["name"], owner["nik_masked"]) == (ERASED, ERASED)
    assert shown["enterprise"]["address"]["street"] == ERASED
    assert "Siti Aminah" not in str(shown)
    assert "Lintas Timur" not in str(shown)
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.verify().ok


def test_a_bad_erasure_request_is_a_4xx_that_records_nothing(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    client.post("/enterprises", headers=auth(tokens["siti"], "reg"), json=SONGKET)
    with Ledger.open(ledger_url, create=False) as ledger:
        end = ledger.log_end()
    bad = [
        {"nik": NIK, "ground": "bosan", "reason": "x"},
        {"nik": "1610084708800002", "ground": "unlawful", "reason": "x"},
        {"nik": 1610084708800001, "ground": "unlawful", "reason": "x"},
        {"nik": NIK, "ground": "unlawful"},
    ]
    answers = [
        client.post("/erasures", headers=auth(tokens["siti"], f"bad-{n}"), json=body)
        for n, body in enumerate(bad)
    ]
    assert [a.status_code for a in answers] == [422, 404, 422, 422], [a.text for a in answers]
    assert all("1610084708800002" not in a.text for a in answers)
    with Ledger.open(ledger_url, create=False) as ledger:
        assert ledger.log_end() == end
