"""``POST /programs/{id}/dhis2`` as a DHIS2 integration script calls it, on SQLite and
PostgreSQL: the mapping file as TOML (or its keys as JSON) in, the Python API's
``dataValueSets`` payload out, for any role that reads; a body that is neither TOML nor
JSON is a 400 (with the line and column of TOML that does not parse) or a 415, a mapping
the ledger refuses a 422 naming the key; nothing is recorded."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.cli.test_dhis2_cli import MAPPING
from tests.server.conftest import auth
from umkm_ledger import Dhis2Mapping, Ledger
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.interchange.dhis2.payload import payload_schema
from umkm_ledger.server import create_app


@pytest.fixture
def served(ledger_url: str, tokens: dict[str, str]) -> Iterator[tuple[TestClient, str]]:
    """The service on a ledger holding the demo's programs, and Ogan Ilir's program id."""
    with Ledger.open(ledger_url, actor="demo@officer", notices=False) as ledger:
        program = str(record_demo_programs(ledger, record_demo(ledger)).ogan_ilir)
    with TestClient(create_app(ledger_url)) as client:
        yield client, program


def _toml(secret: str, media: str = "application/toml") -> dict[str, str]:
    return {**auth(secret), "Content-Type": media}


def _expected(url: str, program: str, as_of: str | None = None) -> object:
    with Ledger.open(url, create=False, notices=False) as ledger:
        return ledger.dhis2(program, Dhis2Mapping.from_toml(MAPPING), as_of=as_of).as_json()


def _log_end(url: str) -> int:
    with Ledger.open(url, create=False, notices=False) as ledger:
        return ledger.log_end()


def test_the_mapping_as_toml_or_json_gives_the_python_apis_payload(
    served: tuple[TestClient, str], tokens: dict[str, str], ledger_url: str
) -> None:
    client, program = served
    before = _log_end(ledger_url)
    path = f"/programs/{program}/dhis2"
    expected = _expected(ledger_url, program, "2020-12-31")
    for secret in (tokens["ani"], tokens["siti"], tokens["herman"]):  # every role that reads
        answer = client.post(path, params={"as_of": "2020-12-31"}, content=MAPPING,
                             headers=_toml(secret))  # fmt: skip
        assert answer.status_code == 200, answer.text
        assert answer.json() == expected
    as_json = client.post(path, params={"as_of": "2020-12-31"}, json=tomllib.loads(MAPPING),
                          headers=auth(tokens["ani"]))  # fmt: skip
    assert as_json.json() == expected
    as_text = client.post(path, params={"as_of": "2020-12-31"}, content=MAPPING,
                          headers=_toml(tokens["ani"], "text/plain; charset=utf-8"))  # fmt: skip
    assert as_text.json() == expected
    jsonschema.validate(answer.json(), payload_schema())
    values = answer.json()["dataValues"]
    assert sum(int(v["value"]) for v in values if v["dataElement"] == "UMKM_BINAAN_BARU") == 706
    earlier = client.post(path, params={"as_of": "2017-12-31"}, content=MAPPING,
                          headers=_toml(tokens["ani"]))  # fmt: skip
    assert earlier.json() == _expected(ledger_url, program, "2017-12-31") != expected
    assert _log_end(ledger_url) == before


def test_refusals_say_what_is_wrong_and_record_nothing(
    served: tuple[TestClient, str], tokens: dict[str, str], ledger_url: str
) -> None:
    client, program = served
    before = _log_end(ledger_url)
    path = f"/programs/{program}/dhis2"
    reader = tokens["ani"]

    not_toml = client.post(path, content=MAPPING.replace("level =", "level"), headers=_toml(reader))
    assert not_toml.status_code == 400
    problem = not_toml.json()
    assert (problem["line"], problem["column"], problem["field"]) == (5, 7, "body, line 5")
    assert problem["type"].endswith(":malformed")

    for body in (b"[1, 2]", b'{"org_units": '):
        answer = client.post(path, content=body, headers=_toml(reader, "application/json"))
        assert answer.status_code == 400, body

    xml = client.post(path, content=b"<mapping/>", headers=_toml(reader, "application/xml"))
    assert xml.status_code == 415

    kecamatan = client.post(path, content=MAPPING.replace('"kabupaten"', '"kecamatan"'),
                            headers=_toml(reader))  # fmt: skip
    assert kecamatan.status_code == 422
    assert kecamatan.json()["field"] == "org_units.level"
    assert "opening balance of 654" in kecamatan.json()["detail"]

    indonesian = client.post(path, content=MAPPING.replace(', M = "LAKI_LAKI"', ""),
                             headers={**_toml(reader), "Accept-Language": "id"})  # fmt: skip
    assert indonesian.status_code == 422
    assert indonesian.json()["field"] == "category_option_combos.gender.M"
    assert "tidak punya kombinasi opsi kategori" in indonesian.json()["detail"]

    unknown = client.post("/programs/3f2a9c1e-0000-4000-8000-000000000000/dhis2",
                          content=MAPPING, headers=_toml(reader))  # fmt: skip
    assert unknown.status_code == 404

    assert client.post(path, content=MAPPING, headers=_toml(tokens["sidt"])).status_code == 403
    assert client.post(path, content=MAPPING, headers={"Content-Type": "application/toml"}
                       ).status_code == 401  # fmt: skip
    assert _log_end(ledger_url) == before


def test_the_openapi_document_describes_the_body_and_the_payload() -> None:
    with TestClient(create_app("memory://")) as client:
        document = client.get("/openapi.json").json()
    operation = document["paths"]["/programs/{program_id}/dhis2"]["post"]
    assert operation["x-permission"] == "read"
    assert set(operation["requestBody"]["content"]) == {
        "application/toml", "text/plain", "application/json",
    }  # fmt: skip
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["required"] == ["dataValues"]
    assert json.dumps(answer) == json.dumps(payload_schema())
