"""A ledger keeps the records its commands read, and still decides on what other
writers stored since, on SQLite and PostgreSQL.

Given two open ledgers on one store (two processes' worth: nothing shared in memory),
when both approve grants against one allocation, then each sees the other's
commitments: the allocation is never over-committed, and both read the same totals.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.integration.test_concurrent_rules import checked_grant, funded_program
from tests.integration.test_programs import register
from umkm_ledger import Ledger
from umkm_ledger.funding.rules import GrantCannotExceedAllocation


def test_a_kept_allocation_sees_what_another_writer_committed(ledger_url: str) -> None:
    with (
        Ledger.open(ledger_url, actor="siti@officer", notices=False) as mine,
        Ledger.open(ledger_url, actor="siti@officer", notices=False) as theirs,
    ):
        program_id, (allocation,) = funded_program(mine)  # Rp50 juta; a grant is Rp6 juta
        grants: list[UUID] = []
        for serial in range(1, 10):
            weaver = register(mine, serial)
            mine.enrol(program_id, weaver, effective_date="2016-03-01")
            grants.append(checked_grant(mine, allocation, weaver))
        for grant in grants[:4]:  # this ledger now keeps the allocation
            mine.approve_grant(grant, actor="budi@kabid", effective_date="2016-12-05")
        for grant in grants[4:8]:
            theirs.approve_grant(grant, actor="budi@kabid", effective_date="2016-12-05")
        with pytest.raises(GrantCannotExceedAllocation):
            mine.approve_grant(grants[8], actor="budi@kabid", effective_date="2016-12-05")
        assert mine.allocation(allocation).committed == theirs.allocation(allocation).committed
        assert str(mine.allocation(allocation).committed) == "Rp48.000.000"
