"""Listings: the enterprises, groups and programs in the order they were recorded, read
from the ``records`` view's index (not a scan of the log), on SQLite and PostgreSQL.

Given records of several kinds recorded in turn, when they are listed, then each listing
holds exactly its kind's ids in recording order, and a listing that is being read while
another process rebuilds the view goes on where it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from uuid import UUID

import pytest

from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger
from umkm_ledger.platform import records_view


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer", notices=False) as opened:
        yield opened


def group(ledger: Ledger, serial: int) -> UUID:
    return ledger.form_group(
        f"KUB {serial}", kind="kub", region=DESA_A1, founded_on="2014-06-01",
        effective_date="2016-03-02",
    )  # fmt: skip


def test_each_listing_holds_its_kind_in_the_order_recorded(ledger: Ledger) -> None:
    enterprises, groups, programs = [], [], []
    for serial in range(1, 8):
        enterprises.append(register(ledger, serial))
        if serial % 2:
            groups.append(group(ledger, serial))
        if serial % 3 == 0:
            programs.append(program(ledger))
    assert list(ledger.enterprise_ids()) == enterprises
    assert list(ledger.group_ids()) == groups
    assert list(ledger.program_ids()) == programs
    later = register(ledger, 99)  # reads follow writes
    assert list(ledger.enterprise_ids())[-1] == later


def test_a_listing_read_across_a_rebuild_goes_on_where_it_was(
    ledger: Ledger, ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_view, "_PAGE", 3)
    enterprises = [register(ledger, serial) for serial in range(1, 11)]
    listing = ledger.enterprise_ids()
    first = list(itertools.islice(listing, 4))  # two pages read
    with Ledger.open(ledger_url, notices=False) as other:
        other.rebuild("records")  # drops the tables the listing was reading
    assert first + list(listing) == enterprises


def test_a_listing_starts_at_once_on_a_current_ledger(ledger: Ledger) -> None:
    enterprises = [register(ledger, serial) for serial in range(1, 6)]
    ledger.catch_up()
    assert ledger.view_positions()["records"] == ledger.log_end()
    assert next(iter(ledger.enterprise_ids())) == enterprises[0]
