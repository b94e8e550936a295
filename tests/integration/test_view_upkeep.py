"""View upkeep never fails a command or a query, whoever else is catching up or rebuilding.

Views are caught up lazily (inside queries, and inside commands whose rules read a view)
by every process that has the ledger open, and rebuilt beside the old tables by whoever
asks. Worker processes (spawned, each with its own ledger) keep doing one of those for a
few seconds while others record: nothing may fail, and afterwards every view must equal
one rebuilt from the first event.

Before the view lock order (projections/store.py), PostgreSQL answered some of these with
a raw ``deadlock detected`` within seconds: a slot being activated or dropped took its
table locks in another order than a page of a catch-up of the same slot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from uuid import UUID

import pytest

from tests.crowd import Crowd
from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger

pytestmark = pytest.mark.slow

WORKERS = 6
ROUNDS = 3
SECONDS = 4.0
#: Enterprises a writer registers per round at most (owners' NIKs have 4-digit serials).
PER_WRITER = 1_000


@pytest.fixture
def crowd(ledger_url: str) -> Iterator[Crowd]:
    with Crowd(ledger_url, WORKERS) as workers:
        yield workers


# -- what the workers keep doing (module level: sent to other processes) --------------


def _for_a_while(work: Callable[[int], object], most: int = 10**6) -> int:
    """Run ``work(n)`` again and again for SECONDS (at most ``most`` times); how many
    times it ran."""
    deadline = time.monotonic() + SECONDS
    done = 0
    while time.monotonic() < deadline and done < most:
        work(done)
        done += 1
    return done


def record(ledger: Ledger, program_id: UUID, first_serial: int) -> int:
    def enrol_one(n: int) -> None:
        enterprise = register(ledger, first_serial + n, DESA_A1)
        ledger.enrol(program_id, enterprise, effective_date="2016-03-01")

    return _for_a_while(enrol_one, most=PER_WRITER)


def catch_up(ledger: Ledger) -> int:
    return _for_a_while(lambda _n: ledger.catch_up())


def rebuild(ledger: Ledger) -> int:
    views = ("progress", "funding", "audit", "timeline")
    return _for_a_while(lambda n: ledger.rebuild(views[n % len(views)]))


def query(ledger: Ledger, program_id: UUID) -> int:
    def ask(_n: int) -> None:
        ledger.progress(program_id, as_of="2016-12-31")
        ledger.binaan(program_id)
        ledger.funds()
        ledger.audit_trail(program_id=program_id)

    return _for_a_while(ask)


def test_catching_up_rebuilding_and_querying_at_once_never_fails(
    ledger_url: str, crowd: Crowd
) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id = program(ledger)
        ledger.catch_up()
        for round_number in range(ROUNDS):
            serials = 1 + 2 * PER_WRITER * round_number
            outcomes = crowd.run(
                [
                    (record, (program_id, serials)),
                    (record, (program_id, serials + PER_WRITER)),
                    (catch_up, ()),
                    (rebuild, ()),
                    (rebuild, ()),
                    (query, (program_id,)),
                ]
            )
            assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok]
        enrolled = len(ledger.binaan(program_id))
        assert enrolled == sum(1 for _ in ledger.enterprise_ids())
        assert ledger.progress(program_id).indicator("new_binaan").actual == enrolled
        store = ledger._views()
        for name in ledger.view_names():
            live = store.dump(store.ready(name))
            ledger.rebuild(name)
            assert store.dump(store.ready(name)) == live, name
