"""Several processes opening a ledger that does not exist yet, at the same moment.

A district's web application starts its workers together; each opens the ledger, and
the first of them finds nothing there. Before, on SQLite two openers could both see no
tracking table, and the slower one's migration row was refused: its ledger failed to
open with eventsourcing's raw "Failed to record tracking". Every opener must get a
working ledger, what each recorded must be there once, and all must find the one secret
the first of them made.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import pytest

from tests.crowd import Crowd
from umkm_ledger import Ledger
from umkm_ledger.testing.postgres import create_database, drop_database

pytestmark = pytest.mark.slow

WORKERS = 4
ROUNDS = 3


def open_new_ledger(_home: Ledger, url: str, number: int) -> str:
    """Open ``url`` (maybe the first to), record a funder, read the views; the check value
    of the secret this opener keys with (found, or made by the first opener)."""
    with Ledger.open(url, actor="worker@officer") as ledger:
        ledger.register_funder(f"Funder {number}", source="APBN")
        ledger.catch_up()
        assert len(ledger.audit_trail(kind="Registered")) >= 1
        return ledger.application.ledger_secret.check_value


@pytest.fixture
def crowd() -> Iterator[Crowd]:
    # The workers' own ledger is not the one under test: they open that one at once.
    with Crowd("memory://", WORKERS) as workers:
        yield workers


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], str]]:
    """Makes the URL of a ledger that does not exist yet, on each backend in turn."""
    made: list[str] = []

    def make() -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('open')}/ledger.db"
        server: str = request.getfixturevalue("postgres_server_url")
        made.append(f"t_{secrets.token_hex(8)}")
        return create_database(server, made[-1])

    yield make
    if made and os.environ.get("UMKM_LEDGER_TEST_POSTGRES_URL", "").strip():
        # Not a throwaway server: leave it as we found it.
        server = request.getfixturevalue("postgres_server_url")
        for name in made:
            drop_database(server, name)


def test_processes_opening_a_new_ledger_at_once_all_get_it(
    crowd: Crowd, new_url: Callable[[], str]
) -> None:
    for _ in range(ROUNDS):
        url = new_url()
        outcomes = crowd.run([(open_new_ledger, (url, n)) for n in range(WORKERS)])
        assert [o.error for o in outcomes] == [None] * WORKERS, [o.message for o in outcomes]
        with Ledger.open(url) as ledger:
            assert ledger.verify().ok
            # One secret, made once: every opener keys people as the ledger does.
            assert {o.result for o in outcomes} == {ledger.application.ledger_secret.check_value}
            names = sorted(r.funder for r in ledger.audit_trail(kind="Registered") if r.funder)
        assert names == sorted(f"Funder {n}" for n in range(WORKERS))
