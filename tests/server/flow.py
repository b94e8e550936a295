"""The requests of the issue's story: a program planned, an enterprise registered and
enrolled, a grant proposed by one officer and approved by another, over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.server.conftest import auth

SITI_OWNER: dict[str, Any] = {
    "name": "Siti Aminah",
    "nik": "1610084708800001",
    "gender": "F",
    "birth_year": 1980,
}
SONGKET: dict[str, Any] = {
    "name": "Tenun Songket Siti", "owners": [SITI_OWNER], "desa": "16.10.08.2003",
    "sector": "13121", "founded_on": "2014-03-01", "effective_date": "2016-02-01",
}  # fmt: skip


def ok(response: Any, status: int = 201) -> Any:
    """The JSON of a response that has ``status`` (else the test fails, showing it)."""
    assert response.status_code == status, response.text
    return response.json()


def plan_program(client: TestClient, herman: str) -> str:
    program = ok(client.post("/programs", headers=auth(herman, "plan-1"), json={
        "name": "Pengembangan 1000 Wirausaha UMKM", "agency": "Diskoperindag Ogan Ilir",
        "scope": ["16.10"], "period": "2016-01-01..2020-12-31", "effective_date": "2016-01-04",
    }))["id"]  # fmt: skip
    assert isinstance(program, str)
    ok(client.post(f"/programs/{program}/start", headers=auth(herman, "plan-2"),
                   json={"effective_date": "2016-01-04"}))  # fmt: skip
    ok(client.post(f"/programs/{program}/indicators", headers=auth(herman, "plan-3"), json={
        "key": "new_binaan", "kind": "binaan_enrolled", "title": "New binaan",
        "effective_date": "2016-01-04",
    }))  # fmt: skip
    ok(client.post(f"/programs/{program}/indicators/new_binaan/targets",
                   headers=auth(herman, "plan-4"),
                   json={"value": 1000, "periods": "2016-01-01..2020-12-31",
                         "effective_date": "2016-01-04"}))  # fmt: skip
    ok(client.post("/funders", headers=auth(herman, "plan-5"), json={
        "name": "Dinkoperindag Ogan Ilir", "source": "APBD kabupaten",
        "effective_date": "2016-01-04",
    }))  # fmt: skip
    return program


def allocate(client: TestClient, herman: str, program: str, amount: str = "Rp50 juta") -> str:
    return str(ok(client.post("/allocations", headers=auth(herman, f"alloc-{amount}"), json={
        "funder": "Dinkoperindag Ogan Ilir", "program_id": program, "fiscal_year": 2017,
        "instrument": "in-kind goods", "amount": amount, "effective_date": "2017-01-05",
    }))["id"])  # fmt: skip


def register_and_enrol(client: TestClient, siti: str, program: str, n: int = 0) -> str:
    body = {**SONGKET, "name": f"{SONGKET['name']} {n}" if n else SONGKET["name"]}
    enterprise = str(
        ok(client.post("/enterprises", headers=auth(siti, f"reg-{n}"), json=body))["id"]
    )
    ok(client.post(f"/programs/{program}/enrolments", headers=auth(siti, f"enrol-{n}"),
                   json={"enterprise_id": enterprise, "effective_date": "2017-02-01"}))  # fmt: skip
    return enterprise


def propose_looms(
    client: TestClient, siti: str, allocation: str, enterprise: str, key: str = "looms"
) -> str:
    return str(ok(client.post("/grants", headers=auth(siti, key), json={
        "allocation_id": allocation, "beneficiary_id": enterprise,
        "justification": "looms for the weavers", "effective_date": "2017-03-01",
        "items": [{"description": "alat tenun songket", "quantity": 5,
                   "unit_value": "Rp3.500.000"}],
    }))["id"])  # fmt: skip


def eligible_grant(client: TestClient, tokens: dict[str, str]) -> tuple[str, str]:
    """A program and a grant of five looms to an enterprise of it, proposed by Siti and
    found eligible: (program id, grant id)."""
    program = plan_program(client, tokens["herman"])
    allocation = allocate(client, tokens["herman"], program)
    songket = register_and_enrol(client, tokens["siti"], program)
    grant = propose_looms(client, tokens["siti"], allocation, songket)
    ok(client.post(f"/grants/{grant}/eligibility-check", headers=auth(tokens["siti"], "check"),
                   json={"effective_date": "2017-03-01"}))  # fmt: skip
    return program, grant


def delivered_grant(client: TestClient, tokens: dict[str, str]) -> tuple[str, str]:
    """A program and a grant of five looms to an enterprise of it, approved, handed over
    and acknowledged (the recipient named): (program id, grant id)."""
    program, grant = eligible_grant(client, tokens)
    ok(client.post(f"/grants/{grant}/approval", headers=auth(tokens["herman"], "approve"),
                   json={"effective_date": "2017-03-02"}))  # fmt: skip
    ok(client.post(f"/grants/{grant}/handovers", headers=auth(tokens["siti"], "h"), json={
        "bast_number": "027/BAST/III/2017", "place": "Inderalaya",
        "items": {"alat tenun songket": 5}, "effective_date": "2017-03-10",
    }))  # fmt: skip
    ok(client.post(f"/grants/{grant}/acknowledgements", headers=auth(tokens["siti"], "ack"),
                   json={"bast_number": "027/BAST/III/2017", "recipient": "Siti Aminah",
                         "effective_date": "2017-03-11"}))  # fmt: skip
    return program, grant
