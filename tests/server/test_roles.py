"""Every endpoint × every role: what the role table (umkm_ledger.access.roles) says a
role may do is what the service lets it do, and without a working token nothing is
answered but the health check."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.server.conftest import HOLDERS, auth, issue_tokens
from umkm_ledger.access.roles import ROLES, Permission
from umkm_ledger.server import create_app

# Open without a token: the health check, and the sign-in pages themselves.
_OPEN = {"/health", "/login", "/logout", "/openapi.json"}
# Streams for ever when allowed: only its refusals are checked here (the curl test reads it).
_ENDLESS = "/feed/stream"
_ANY_ID = "3f2a9c1e-0000-4000-8000-000000000000"


def _routes() -> list[tuple[str, str, Permission | None]]:
    app = create_app("memory://")
    found = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or route.path in _OPEN:
            continue
        extra = route.openapi_extra or {}
        needed = extra.get("x-permission")
        if route.path.startswith("/pages"):
            needed = "read"
        permission = None if needed is None else Permission(needed)
        for method in sorted(route.methods or ()):
            found.append((method, route.path, permission))
    return found


ROUTES = _routes()


def test_every_endpoint_but_me_says_which_permission_it_needs() -> None:
    assert len(ROUTES) > 30
    assert [path for _, path, permission in ROUTES if permission is None] == ["/me"]


@pytest.fixture(scope="module")
def served_tokens(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'ledger.db'}"
    tokens = issue_tokens(url)
    return TestClient(create_app(url), follow_redirects=False), tokens


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> int:
    concrete = re.sub(r"{\w+}", _ANY_ID, path)
    if method == "POST":
        return int(client.post(concrete, json={}, headers=headers).status_code)
    return int(client.get(concrete, headers=headers).status_code)


@pytest.mark.parametrize(
    ("method", "path", "permission"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_each_role_may_do_what_the_table_says_and_no_more(
    served_tokens: tuple[TestClient, dict[str, str]],
    method: str,
    path: str,
    permission: Permission | None,
) -> None:
    client, tokens = served_tokens
    anonymous = _call(client, method, path, {})
    assert anonymous == (303 if path.startswith("/pages") else 401), (method, path)
    for name, holder in HOLDERS.items():
        role = holder.partition("@")[2]
        allowed = permission is None or permission in ROLES[role]
        if allowed and path == _ENDLESS:
            continue
        status = _call(client, method, path, auth(tokens[name], "k"))
        if allowed:
            assert status not in (401, 403), (holder, method, path, status)
        else:
            assert status == 403, (holder, method, path, status)
