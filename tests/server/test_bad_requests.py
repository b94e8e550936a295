"""Bad requests get a 4xx with a problem body that says what is wrong, and record
nothing: malformed JSON, wrong types, unknown fields, huge bodies, path tricks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import auth, issue_tokens
from tests.server.flow import SONGKET
from umkm_ledger import Ledger
from umkm_ledger.server import create_app
from umkm_ledger.server.app import MAX_BODY


@pytest.fixture
def officer(sqlite_url: str) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    tokens = issue_tokens(sqlite_url)
    with TestClient(create_app(sqlite_url)) as client:
        yield client, auth(tokens["siti"], "key-1"), sqlite_url


def _log_end(url: str) -> int:
    with Ledger.open(url, create=False) as ledger:
        return ledger.log_end()


def _chunks(size: int) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield b" " * 65536
        sent += 65536


BAD_BODIES: dict[str, tuple[bytes | dict[str, Any], int, str | None]] = {
    "not JSON": (b'{"name": "Tenun', 400, None),
    "a list, not an object": (b"[1, 2]", 422, None),
    "a number for a name": ({**SONGKET, "name": 12}, 422, "name"),
    "a text for a birth year": (
        {**SONGKET, "owners": [{**SONGKET["owners"][0], "birth_year": "1980"}]},
        422, "owners[0].birth_year",
    ),
    "an unknown field": ({**SONGKET, "is_admin": True}, 422, "is_admin"),
    "a field missing": ({k: v for k, v in SONGKET.items() if k != "desa"}, 422, "desa"),
    "a NUL in a name": ({**SONGKET, "name": "Tenun\x00Siti"}, 422, "name"),
    "a name of a million characters": ({**SONGKET, "name": "x" * 200_000}, 422, "name"),
    "a number too long to print": ({**SONGKET, "kbli_version": 10**400}, 422, None),
    "a date from the future": ({**SONGKET, "effective_date": "2999-01-01"}, 409, None),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_a_bad_body_is_a_4xx_naming_what_is_wrong_and_records_nothing(
    officer: tuple[TestClient, dict[str, str], str], case: str
) -> None:
    client, headers, url = officer
    body, status, field = BAD_BODIES[case]
    before = _log_end(url)
    if isinstance(body, bytes):
        answer = client.post("/enterprises", content=body,
                             headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    else:
        answer = client.post("/enterprises", json=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status
    assert problem["detail"]
    if field is not None:
        assert problem["field"] == field
    assert "Traceback" not in answer.text
    assert _log_end(url) == before


def test_a_huge_body_is_cut_off_whether_it_says_its_length_or_not(
    officer: tuple[TestClient, dict[str, str], str],
) -> None:
    client, headers, url = officer
    before = _log_end(url)
    declared = client.post("/enterprises", content=b" " * (MAX_BODY + 1),
                           headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert declared.status_code == 413
    chunked = client.post("/enterprises", content=_chunks(4 * MAX_BODY),
                          headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert chunked.status_code == 413
    assert chunked.json()["type"] == "urn:umkm-ledger:problem:too-large"
    assert _log_end(url) == before


@pytest.mark.parametrize(
    "path",
    [
        "/enterprises/..%2F..%2Fetc%2Fpasswd",
        "/enterprises/%00",
        "/enterprises/' OR 1=1 --",
        "/pages/../openapi.json/../../etc/passwd",
        "/grants/" + "9" * 5000,
        "/funders/%F0%9F%92%A3",
    ],
)
def test_path_tricks_find_nothing(
    officer: tuple[TestClient, dict[str, str], str], path: str
) -> None:
    client, headers, _url = officer
    answer = client.get(path, headers=auth(headers["Authorization"].split()[1]))
    assert 400 <= answer.status_code < 500, (path, answer.status_code)
    assert "root:" not in answer.text
    assert "Traceback" not in answer.text


def test_a_bad_idempotency_key_is_refused(officer: tuple[TestClient, dict[str, str], str]) -> None:
    client, headers, url = officer
    before = _log_end(url)
    for key in ("x" * 201, "key with a\ttab "):
        answer = client.post(
            "/enterprises", json=SONGKET, headers={**headers, "Idempotency-Key": key}
        )
        assert answer.status_code == 422, (key, answer.text)
    assert _log_end(url) == before


def test_wrong_query_parameters_are_422(officer: tuple[TestClient, dict[str, str], str]) -> None:
    client, headers, _url = officer
    for params in ({"limit": 0}, {"limit": "many"}, {"offset": -1}, {"limit": 10**6}):
        answer = client.get("/enterprises", params=params, headers=headers)
        assert answer.status_code == 422, params
        assert answer.json()["field"] in ("limit", "offset")
