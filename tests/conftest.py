"""Shared fixtures: where each test's ledger lives.

* ``sqlite_url`` - ``sqlite:///<tmp_path>/ledger.db``, a fresh file per test.
* ``postgres_url`` - ``postgresql://...`` of a freshly created, empty database per test.
* ``ledger_url`` - parametrized: once with ``sqlite_url``, once with ``postgres_url``
  (test ids ``[sqlite]`` and ``[postgres]``; the latter is marked ``postgres``).
* ``postgres_server_url`` (session) - the server the test databases are made on:
  ``$UMKM_LEDGER_TEST_POSTGRES_URL`` if set, else a :class:`ThrowawayPostgres`
  started for this session and stopped at its end.

When no PostgreSQL can be had, tests needing it are skipped, except when ``$CI`` is
set (and not "0"/"false"/"no"/"off"): then they fail, since a CI run that skips the
PostgreSQL tests proves nothing about PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from umkm_ledger.testing.postgres import (
    PostgresUnavailable,
    ThrowawayPostgres,
    create_database,
    drop_database,
)

POSTGRES_URL_ENV = "UMKM_LEDGER_TEST_POSTGRES_URL"
_POSTGRES_FIXTURES = frozenset({"postgres_url", "postgres_server_url"})


def in_ci() -> bool:
    """Whether ``$CI`` is set to something truthy."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def postgres_unavailable(reason: str) -> NoReturn:
    """Skip the current test for lack of PostgreSQL; fail it instead when in CI."""
    if in_ci():
        pytest.fail(
            f"{reason}\n(CI is set: PostgreSQL tests must run in CI, so this is a failure)",
            pytrace=False,
        )
    pytest.skip(reason)


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _given_server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV, "").strip() or None


# ---------------------------------------------------------------------------- hooks


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "static: static checks (mypy, ruff) over the whole repo")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses a PostgreSQL fixture ``postgres`` (for ``-m``)."""
    for item in items:
        if _POSTGRES_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI, a test skipped for lack of PostgreSQL is a failed test, however it skipped."""
    report = yield
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        if "postgres" in reason.lower():
            report.outcome = "failed"
            report.longrepr = (
                f"skipped in CI, which counts as a failure: {reason}\n"
                "(CI is set: PostgreSQL tests must run in CI)"
            )
    return report


# ------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this test session (its ``postgres`` database)."""
    given = _given_server_url()
    if given is not None:
        try:
            with psycopg.connect(given, connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            pytest.fail(
                f"PostgreSQL at ${POSTGRES_URL_ENV}={_redacted(given)} does not answer: {exc}",
                pytrace=False,
            )
        yield given
        return
    server = ThrowawayPostgres()
    try:
        server.start()
    except PostgresUnavailable as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        postgres_unavailable(f"PostgreSQL unavailable: {problem}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """URL of a new, empty database ``t_<hex>`` on the session's PostgreSQL server."""
    name = f"t_{secrets.token_hex(8)}"
    url = create_database(postgres_server_url, name)
    yield url
    if _given_server_url() is not None:
        # Not our server: leave it as we found it. (A throwaway server is deleted whole.)
        drop_database(postgres_server_url, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file (not yet created) in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def ledger_url(request: pytest.FixtureRequest) -> str:
    """The ledger URL for each backend in turn: ``sqlite:///...``, ``postgresql://...``."""
    fixture = {"sqlite": "sqlite_url", "postgres": "postgres_url"}[request.param]
    url: str = request.getfixturevalue(fixture)
    return url
