"""Bulk recording: ``Ledger.batch`` decides each command by its usual rules and saves many
in one transaction, on SQLite and PostgreSQL.

Given a ledger, when commands are submitted to a batch, then each item says how it
ended (recorded, already recorded, refused), the log holds what the same commands sent
one by one would have recorded, and a refused command leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from tests.crowd import Crowd
from tests.integration.test_concurrent_rules import checked_grant, funded_program
from tests.integration.test_programs import DESA_A1, program, register
from tests.support import person
from umkm_ledger import (
    Batch,
    BatchConflict,
    BatchNotRecorded,
    CommandIdReused,
    InvalidValue,
    Ledger,
    NotFound,
    UmkmLedgerError,
)
from umkm_ledger.funding.rules import BastNumberAlreadyUsed, GrantNotEligible


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def registration(serial: int, *, owner: int | None = None, **fields: Any) -> dict[str, Any]:
    """The arguments of a registration of ``Usaha {serial}`` (owned by person ``owner``)."""
    return {
        "name": f"Usaha {serial}",
        "owners": [person(serial if owner is None else owner, DESA_A1)],
        "desa": DESA_A1,
        "sector": "13121",
        "founded_on": "2010-01-01",
        "effective_date": "2016-02-01",
        **fields,
    }


def submit_registrations(batch: Batch, ledger: Ledger, serials: range) -> list[Any]:
    return [batch.submit(ledger.register_enterprise, **registration(s)) for s in serials]


def test_a_batch_records_what_single_commands_record(ledger: Ledger, ledger_url: str) -> None:
    program_id = program(ledger)
    start = ledger.log_end()
    with ledger.batch(size=4) as batch:
        registered = submit_registrations(batch, ledger, range(1, 11))
        # A later command of the batch uses what an earlier one decided.
        enrolled = [
            batch.submit(ledger.enrol, program_id, item.result, effective_date="2016-03-01")
            for item in registered
        ]
        sold = batch.submit(
            ledger.report_sales, registered[0].result, year=2016, amount="Rp 2.400.000"
        )
    items = [*registered, *enrolled, sold]
    assert {item.status for item in items} == {"recorded"}
    assert batch.summary() == {"recorded": 21, "already recorded": 0, "refused": 0,
                               "not recorded": 0}  # fmt: skip
    assert [i.index for i in items] == list(range(21))
    assert sorted(ledger.binaan(program_id)) == sorted(i.result for i in registered)
    assert ledger.enterprise(registered[0].result).name == "Usaha 1"
    batch_events = ledger.log_end() - start

    # The same commands one by one, in another ledger: the same events.
    with Ledger.open(_other(ledger_url), actor="siti@officer") as alone:
        other_program = program(alone)
        begin = alone.log_end()
        ids = [alone.register_enterprise(**registration(s)) for s in range(1, 11)]
        for enterprise in ids:
            alone.enrol(other_program, enterprise, effective_date="2016-03-01")
        alone.report_sales(ids[0], year=2016, amount="Rp 2.400.000")
        assert alone.log_end() - begin == batch_events
        assert alone.progress(other_program).indicators[0].actual == 10
    assert ledger.progress(program_id).indicators[0].actual == 10


def _other(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url.replace(".db", "-alone.db")
    return f"{url}?schema=alone"  # PostgreSQL: a schema of its own


def test_a_refused_command_is_reported_and_the_others_are_recorded(ledger: Ledger) -> None:
    start = ledger.log_end()
    with ledger.batch(size=3) as batch:
        first = batch.submit(ledger.register_enterprise, **registration(1))
        bad_nik = registration(2)
        bad_nik["owners"] = [{**bad_nik["owners"][0], "nik": "16100"}]
        refused = batch.submit(ledger.register_enterprise, **bad_nik)
        unknown = batch.submit(ledger.report_sales, UUID(int=7), year=2016, amount=1_000_000)
        last = batch.submit(ledger.register_enterprise, **registration(3))
    assert (first.status, refused.status, unknown.status, last.status) == (
        "recorded", "refused", "refused", "recorded",
    )  # fmt: skip
    assert isinstance(refused.error, InvalidValue)
    assert refused.error.field == "owners[0].nik"
    assert "16100" not in repr(refused)  # personal data stays out of reprs
    assert isinstance(unknown.error, NotFound)
    with pytest.raises(InvalidValue):
        refused.value()
    assert batch.refused == [refused, unknown]
    # Two registrations, two events each: nothing of the refused ones.
    assert ledger.log_end() - start == 4
    assert sorted(ledger.enterprise_ids()) == sorted([first.value(), last.value()])


def test_command_ids_are_idempotent_across_and_within_batches(ledger: Ledger) -> None:
    def load() -> list[Any]:
        with ledger.batch(size=2) as batch:
            items = [
                batch.submit(ledger.register_enterprise, **registration(s, command_id=f"row-{s}"))
                for s in range(1, 6)
            ]
            # The same row twice in one file: recorded once.
            items.append(
                batch.submit(ledger.register_enterprise, **registration(1, command_id="row-1"))
            )
            # The same command id with another row: refused, naming what differs.
            items.append(
                batch.submit(ledger.register_enterprise, **registration(9, command_id="row-2"))
            )
        return items

    first = load()
    assert [i.status for i in first] == ["recorded"] * 5 + ["already recorded", "refused"]
    assert first[5].result == first[0].result
    assert isinstance(first[6].error, CommandIdReused)
    end = ledger.log_end()
    again = load()
    assert [i.status for i in again] == ["already recorded"] * 6 + ["refused"]
    assert [i.result for i in again[:6]] == [i.result for i in first[:6]]
    assert ledger.log_end() == end


def test_an_owner_registered_twice_in_one_batch_is_flagged(ledger: Ledger) -> None:
    with ledger.batch() as batch:
        one = batch.submit(ledger.register_enterprise, **registration(1, owner=40))
        two = batch.submit(ledger.register_enterprise, **registration(2, owner=40))
        three = batch.submit(ledger.register_enterprise, **registration(3, owner=40))
    assert ledger.enterprise(one.value()).suspected_duplicates == ()
    assert ledger.enterprise(two.value()).suspected_duplicates == (one.value(),)
    assert set(ledger.enterprise(three.value()).suspected_duplicates) == {one.value(), two.value()}


def test_rules_that_read_views_see_the_batch_s_earlier_commands(ledger: Ledger) -> None:
    """GrantNotEligible and BastNumberAlreadyUsed read the funding view, which does not
    show a batch's unsaved commands: the batch saves first and decides again."""
    program_id, (allocation, other) = funded_program(ledger, funders=2)
    weaver = register(ledger, 70, DESA_A1)
    ledger.enrol(program_id, weaver, effective_date="2016-03-01")
    grants = [checked_grant(ledger, a, weaver) for a in (allocation, other)]
    weaver2 = register(ledger, 71, DESA_A1)
    ledger.enrol(program_id, weaver2, effective_date="2016-03-01")
    third = checked_grant(ledger, allocation, weaver2)
    with ledger.batch() as batch:
        approvals = [
            batch.submit(ledger.approve_grant, g, actor="budi@kabid", effective_date="2016-12-05")
            for g in [*grants, third]
        ]
        handovers = [
            batch.submit(
                ledger.hand_over,
                g,
                bast_number="01/BAST/XII/2016",
                place="Inderalaya",
                items={"alat tenun songket": 1},
                effective_date="2016-12-10",
            )
            for g in (grants[0], third)
        ]
    assert [a.status for a in approvals] == ["recorded", "refused", "recorded"]
    assert isinstance(approvals[1].error, GrantNotEligible)
    assert [h.status for h in handovers] == ["recorded", "refused"]
    assert isinstance(handovers[1].error, BastNumberAlreadyUsed)


def test_an_all_or_nothing_batch_records_nothing_when_one_is_refused(ledger: Ledger) -> None:
    start = ledger.log_end()
    with pytest.raises(NotFound), ledger.batch(atomic=True) as batch:  # noqa: PT012 (the batch raises at its end)
        batch.submit(ledger.register_enterprise, **registration(1))
        batch.submit(ledger.report_sales, UUID(int=7), year=2016, amount=1_000_000)
    assert ledger.log_end() == start

    caught = ledger.batch(atomic=True)
    with pytest.raises(BatchNotRecorded) as refused, caught:  # noqa: PT012 (the batch raises at its end)
        caught.submit(ledger.register_enterprise, **registration(2))
        with contextlib.suppress(NotFound):  # caught, but the batch still records nothing
            caught.submit(ledger.report_sales, UUID(int=7), year=2016, amount=1)
    assert refused.value.index == 1
    assert ledger.log_end() == start

    with ledger.batch(atomic=True) as whole:
        items = submit_registrations(whole, ledger, range(3, 6))
        assert ledger.log_end() == start  # saved only when the block ends
    assert [i.status for i in items] == ["recorded"] * 3
    assert ledger.log_end() == start + 6


def test_an_all_or_nothing_batch_refuses_what_it_cannot_decide_in_one_go(ledger: Ledger) -> None:
    program_id, (allocation, other) = funded_program(ledger, funders=2)
    weaver = register(ledger, 80, DESA_A1)
    ledger.enrol(program_id, weaver, effective_date="2016-03-01")
    grants = [checked_grant(ledger, a, weaver) for a in (allocation, other)]
    start = ledger.log_end()
    with pytest.raises(BatchConflict), ledger.batch(atomic=True) as batch:  # noqa: PT012 (the batch raises at its end)
        for grant in grants:
            batch.submit(
                ledger.approve_grant, grant, actor="budi@kabid", effective_date="2016-12-05"
            )
    assert ledger.log_end() == start


def test_an_exception_in_the_block_leaves_the_unsaved_commands_unrecorded(ledger: Ledger) -> None:
    start = ledger.log_end()
    with pytest.raises(RuntimeError), ledger.batch(size=2) as batch:  # noqa: PT012 (the batch raises at its end)
        saved = submit_registrations(batch, ledger, range(1, 3))  # a full transaction
        pending = batch.submit(ledger.register_enterprise, **registration(3))
        raise RuntimeError("the caller's own failure")
    assert [i.status for i in saved] == ["recorded", "recorded"]
    assert pending.status == "not recorded"
    assert ledger.log_end() == start + 4


def test_a_batch_takes_only_its_ledger_s_commands(ledger: Ledger, ledger_url: str) -> None:
    with ledger.batch() as batch:
        query = batch.submit(ledger.view_names)
        assert query.status == "pending"
        with Ledger.open(ledger_url) as other, pytest.raises(InvalidValue) as foreign:
            batch.submit(other.register_enterprise, **registration(1))
        assert foreign.value.field == "command"
    assert str(query.status) == "refused"  # now that the block has ended
    assert isinstance(query.error, InvalidValue)
    with pytest.raises(InvalidValue):
        batch.submit(ledger.register_enterprise, **registration(2))  # closed
    sizes: tuple[Any, ...] = (0, -1, True, 100_001, "10")
    for size in sizes:
        with pytest.raises(InvalidValue) as bad:
            ledger.batch(size=size)
        assert bad.value.field == "size"


# -- several processes at once ----------------------------------------------------------

OWNERS = (101, 102, 103)


def register_owned(ledger: Ledger, worker: int) -> list[str]:
    """A batch of registrations by the shared owners (each owner twice per worker)."""
    with ledger.batch(size=3) as batch:
        items = [
            batch.submit(
                ledger.register_enterprise,
                **registration(1000 * worker + n, owner=OWNERS[n % len(OWNERS)]),
            )
            for n in range(2 * len(OWNERS))
        ]
    if batch.refused:
        raise batch.refused[0].error or UmkmLedgerError("refused")
    return [str(i.result) for i in items]


def approve_in_batch(ledger: Ledger, grant_id: UUID) -> str:
    with ledger.batch() as batch:
        item = batch.submit(
            ledger.approve_grant, grant_id, actor="budi@kabid", effective_date="2016-12-05"
        )
    return str(item.value())


@pytest.mark.slow
def test_batches_in_several_processes_keep_duplicate_detection(ledger_url: str) -> None:
    """Every enterprise of an owner names all that owner's earlier ones (in log order),
    however the workers' batches interleaved."""
    with Ledger.open(ledger_url) as ledger:
        ledger.catch_up()
    with Crowd(ledger_url, 4) as crowd:
        outcomes = crowd.run([(register_owned, (w,)) for w in range(4)])
    assert all(o.ok for o in outcomes), outcomes
    with Ledger.open(ledger_url) as ledger:
        order = {e: n for n, e in enumerate(ledger.enterprise_ids())}
        by_owner: dict[int, list[UUID]] = {}
        for outcome in outcomes:
            assert isinstance(outcome.result, list)
            for n, enterprise in enumerate(outcome.result):
                by_owner.setdefault(OWNERS[n % len(OWNERS)], []).append(UUID(enterprise))
        for enterprises in by_owner.values():
            assert len(enterprises) == 8
            enterprises.sort(key=order.__getitem__)
            for j, enterprise in enumerate(enterprises):
                flagged = set(ledger.enterprise(enterprise).suspected_duplicates)
                assert flagged == set(enterprises[:j])


@pytest.mark.slow
def test_batches_in_several_processes_give_an_item_to_a_beneficiary_once(
    ledger_url: str,
) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id, allocations = funded_program(ledger, funders=4)
        weaver = register(ledger, 90, DESA_A1)
        ledger.enrol(program_id, weaver, effective_date="2016-03-01")
        grants = [checked_grant(ledger, a, weaver) for a in allocations]
        ledger.catch_up()
    with Crowd(ledger_url, 4) as crowd:
        outcomes = crowd.run([(approve_in_batch, (g,)) for g in grants])
    assert sum(o.ok for o in outcomes) == 1, outcomes
    assert {o.error for o in outcomes if not o.ok} == {"GrantNotEligible"}
