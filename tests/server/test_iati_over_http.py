"""``GET /programs/{id}/iati``: a program's IATI activity file over HTTP, for readers,
in the request's language, the same bytes as the Python API's; on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient
from lxml import etree

from tests.iati_checks import rule_problems, schema_problems
from tests.integration.test_iati import DISTRICT, OFFICE, REF, funded_program
from tests.server.conftest import auth
from umkm_ledger import Ledger

_SAME = {"reporting_org": REF, "as_of": "2018-12-31", "generated_at": "2026-01-05T01:00:00Z"}


def test_a_reader_gets_the_file_the_api_makes(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    with Ledger.open(ledger_url, actor="siti@petugas", notices=False) as ledger:
        program = funded_program(ledger)["program"]
        as_of, moment = _SAME["as_of"], _SAME["generated_at"]
        expected = ledger.iati(program, reporting_org=REF, as_of=as_of, generated_at=moment).xml
        in_indonesian = ledger.iati(
            program,
            reporting_org=REF,
            as_of=as_of,
            generated_at=moment,
            language="id",
            as_funder=DISTRICT,
            org_refs={OFFICE: REF},
        ).xml
    answer = client.get(f"/programs/{program}/iati", params=_SAME, headers=auth(tokens["ani"]))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/xml"
    assert answer.content == expected
    asked = client.get(
        f"/programs/{program}/iati",
        params={**_SAME, "lang": "id", "as_funder": DISTRICT, "org": f"{OFFICE}={REF}"},
        headers=auth(tokens["herman"]),
    )
    assert asked.status_code == 200, asked.text
    assert asked.content == in_indonesian
    assert schema_problems(asked.content) == []
    assert rule_problems(asked.content) == []
    assert (
        etree.fromstring(asked.content)[0].get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    )


def test_refusals_are_problems_naming_what(
    client: TestClient, tokens: dict[str, str], ledger_url: str
) -> None:
    with Ledger.open(ledger_url, actor="siti@petugas", notices=False) as ledger:
        program = funded_program(ledger)["program"]
    path = f"/programs/{program}/iati"
    reader = auth(tokens["ani"])
    assert client.get(path, params=_SAME).status_code == 401
    assert client.get(path, params=_SAME, headers=auth(tokens["sidt"])).status_code == 403
    bad = client.get(path, params={**_SAME, "reporting_org": "Dinas OI"}, headers=reader)
    assert (bad.status_code, bad.json()["field"]) == (422, "reporting_org")
    pair = client.get(path, params={**_SAME, "org": "no pair"}, headers=reader)
    assert (pair.status_code, pair.json()["field"]) == (422, "org")
    missing = client.get(path, params={"as_of": "2018-12-31"}, headers=reader)
    assert (missing.status_code, missing.json()["field"]) == (422, "reporting_org")
    unknown = client.get(
        "/programs/3f2a9c1e-0000-4000-8000-000000000000/iati", params=_SAME, headers=reader
    )
    assert unknown.status_code == 404
