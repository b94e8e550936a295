"""The HTTP service under test: in process (Starlette's test client, both backends) or
served by uvicorn in another process (:func:`served`, for curl, the browser and load)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from umkm_ledger import Ledger
from umkm_ledger.server import create_app

#: Who holds a token in these tests, by name.
HOLDERS = {
    "siti": "siti@petugas",
    "herman": "herman@kepala-dinas",
    "siti_kepala": "siti@kepala-dinas",  # the same person in a second role
    "ani": "ani@auditor",
    "sidt": "sidt@consumer",
}


def issue_tokens(url: str) -> dict[str, str]:
    """A token for each of :data:`HOLDERS`, issued by the administrator: name → secret."""
    with Ledger.open(url, actor="admin@admin") as ledger:
        return {name: ledger.issue_token(holder).secret for name, holder in HOLDERS.items()}


@pytest.fixture
def tokens(ledger_url: str) -> dict[str, str]:
    return issue_tokens(ledger_url)


@pytest.fixture
def client(ledger_url: str, tokens: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(ledger_url)) as test_client:
        yield test_client


def auth(secret: str, key: str | None = None) -> dict[str, str]:
    """The headers of a request with ``secret`` (and an Idempotency-Key)."""
    headers = {"Authorization": f"Bearer {secret}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers
