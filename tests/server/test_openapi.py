"""The committed OpenAPI document is the one the code generates: it cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from umkm_ledger.server import create_app
from umkm_ledger.server.openapi import openapi_text

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "reference" / "openapi.json"


def test_the_committed_document_is_what_the_code_generates() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), (
        "the service changed: python -m umkm_ledger.server.openapi (and commit the file)"
    )


def test_the_service_serves_the_same_document() -> None:
    with TestClient(create_app("memory://")) as client:
        served = client.get("/openapi.json").json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_operation_says_its_permission_and_its_problems() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path in ("/health", "/me"):
                continue
            assert operation["x-permission"], (method, path)
            assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
