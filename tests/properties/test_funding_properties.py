"""Properties of the funding side, over generated histories of grants.

For any sequence of proposals, approvals, handovers (in parts), returns, repayments,
revocations and cancellations against allocations (some refused, recording nothing):

* money is conserved: every allocation's amount is what grants hold plus what remains,
  what grants hold is what they committed less what they released, and no allocation
  is ever over-committed;
* the funding view says of each grant what the grant itself says (status and amounts);
* the funding view rebuilt from event zero equals the incrementally maintained one;
* with steps dated out of order, and dates corrected afterwards, the funding ledger read
  as of any date never shows an allocation over-committed, and read as of today it says
  what the allocations and grants hold.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import funding_steps
from tests.support import person
from umkm_ledger import Ledger, Rupiah, UmkmLedgerError

Steps = list[tuple[str, dict[str, Any]]]
DESA = "16.10.08.2003"
_settings = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def play(
    ledger: Ledger, steps: Steps, back: list[int] | None = None
) -> tuple[UUID, UUID, list[UUID]]:
    """Two allocations (goods, and goods lent) and the steps; refused steps are skipped.
    Step ``i`` is dated ``back[i]`` days before its turn (out of order, when set)."""
    program = ledger.plan_program(
        "P", agency="Dinas", scope=["16.10"], period="2016-01-01..2016-12-31",
        effective_date="2016-01-04",
    )  # fmt: skip
    ledger.start_program(program, effective_date="2016-01-04")
    ledger.register_funder("Kemenperin", source="APBN", effective_date="2016-01-04")
    goods, loans = (
        ledger.allocate(
            "Kemenperin", program, fiscal_year=2016, instrument=instrument,
            amount="Rp150.000.000", effective_date="2016-01-05",
        )
        for instrument in ("in-kind goods", "loan")
    )  # fmt: skip
    enterprise = ledger.register_enterprise(
        "Usaha", owners=[person(1, DESA)], desa=DESA, sector="13121", founded_on="2010-01-01",
        effective_date="2016-01-06",
    )  # fmt: skip
    ledger.enrol(program, enterprise, effective_date="2016-02-01")
    grants: list[UUID] = []
    day = date(2016, 3, 1)
    for index, (command, args) in enumerate(steps):
        # One day per step: every step follows the ones before it.
        when = date.fromordinal(day.toordinal() + index - (back[index] if back else 0))
        if command == "propose":
            allocation = (goods, loans)[index % 2]
            items = [
                {"description": i.description, "quantity": i.quantity, "unit_value": i.unit_value}
                for i in args["items"]
            ]
            grant = ledger.propose_grant(
                allocation, enterprise, items=items, justification="aid", effective_date=when
            )
            ledger.check_eligibility(grant, effective_date=when)
            grants.append(grant)
        elif grants:
            chosen = pick(ledger, grants, command, args["grant"])
            with contextlib.suppress(UmkmLedgerError):
                act(ledger, chosen, command, args["share"], when)
    return goods, loans, grants


def pick(ledger: Ledger, grants: list[UUID], command: str, index: int) -> UUID:
    """The grant a step acts on: steps after an approval go to approved grants when there
    are some (so histories reach deliveries and what follows them), others to any."""
    if command != "approve":
        approved = [g for g in grants if ledger.grant(g).committed.amount > 0]
        if approved:
            return approved[index % len(approved)]
    return grants[index % len(grants)]


def act(ledger: Ledger, grant: UUID, command: str, share: int, when: date) -> None:
    """One command on a grant; ``share`` (1 to 6) picks an item line and how much of it."""
    view = ledger.grant(grant)
    line = view.items[share % len(view.items)]
    some = {line.description: max(1, line.quantity * share // 6)}
    if command == "approve":
        ledger.approve_grant(grant, actor="budi@kabid", effective_date=when)
    elif command == "hand_over":
        ledger.hand_over(
            grant, bast_number=f"B-{when}-{len(view.handovers)}", place="Indralaya", items=some,
            effective_date=when,
        )  # fmt: skip
    elif command == "hand_over_rest":
        rest = {description: left for description, left in view.undelivered if left}
        ledger.hand_over(
            grant, bast_number=f"R-{when}", place="Indralaya", items=rest, effective_date=when
        )
    elif command == "return":
        ledger.return_goods(grant, items=some, reason="broken", effective_date=when)
    elif command == "revoke":
        ledger.revoke_grant(grant, reason="misused", effective_date=when)
    elif command == "cancel":
        ledger.cancel_grant(grant, reason="not needed", effective_date=when)
    elif command == "acknowledge":
        bast = view.handovers[0].bast_number if view.handovers else "none"
        ledger.acknowledge_handover(grant, bast, recipient="Siti", effective_date=when)
    elif command == "repay":
        owed = max(1, view.delivered.amount * share // 6)
        ledger.repay_loan(grant, amount=Rupiah(owed), effective_date=when)
    else:
        raise AssertionError(f"unknown step {command}")


def check_money(ledger: Ledger, allocations: tuple[UUID, ...], grants: list[UUID]) -> None:
    views = [ledger.grant(g) for g in grants]
    for allocation_id in allocations:
        allocation = ledger.allocation(allocation_id)
        assert allocation.amount == allocation.committed + allocation.remaining
        assert Rupiah(0) <= allocation.committed <= allocation.amount
        held = sum((g.committed for g in views if g.allocation_id == allocation_id), Rupiah(0))
        assert allocation.committed == held
        released = sum((g.released for g in views if g.allocation_id == allocation_id), Rupiah(0))
        assert allocation.released == released
    for grant in views:
        assert grant.delivered <= grant.value
    report = ledger.funds()
    for row in report.rows:
        assert row.allocated == row.committed + row.remaining
    assert report.total.committed == sum((g.committed for g in views), Rupiah(0))
    assert report.total.delivered == sum((g.delivered for g in views), Rupiah(0))


def check_view_agrees(ledger: Ledger, grants: list[UUID]) -> None:
    store = ledger._views()
    rows = {
        UUID(grant_id): (status, delivered, released)
        for grant_id, status, delivered, released in store.query(
            store.ready("funding"), "SELECT grant_id, status, delivered, released FROM {aid}"
        )
    }
    for grant_id in grants:
        grant = ledger.grant(grant_id)
        assert rows[grant_id] == (grant.status.value, grant.delivered.amount, grant.released.amount)


@_settings
@given(funding_steps())
def test_money_is_conserved_and_the_view_agrees_with_the_grants(steps: Steps) -> None:
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        goods, loans, grants = play(ledger, steps)
        check_money(ledger, (goods, loans), grants)
        check_view_agrees(ledger, grants)


@settings(_settings, max_examples=15)
@given(funding_steps(), funding_steps())
def test_a_rebuilt_funding_view_equals_the_live_one(first: Steps, then: Steps) -> None:
    with (
        TemporaryDirectory() as folder,
        Ledger.open(f"sqlite:///{Path(folder) / 'ledger.db'}", actor="siti@officer") as ledger,
    ):
        store = ledger._views()
        goods, loans, grants = play(ledger, first)
        store.ready("funding")  # built early, then maintained page by page
        # The second half acts on the first half's grants, at the end of the year.
        for command, args in then:
            if command != "propose" and grants:
                grant = pick(ledger, grants, command, args["grant"])
                with contextlib.suppress(UmkmLedgerError):
                    act(ledger, grant, command, args["share"], date(2016, 12, 31))
        live = store.dump(store.ready("funding"))
        ledger.rebuild("funding")
        assert store.dump(store.ready("funding")) == live
        check_view_agrees(ledger, grants)
        check_money(ledger, (goods, loans), grants)


MONEY_STEPS = ("Approved", "Cancelled", "Revoked", "GoodsReturned", "Repaid")


@settings(_settings, max_examples=20)
@given(
    funding_steps(),
    st.lists(st.integers(0, 12), min_size=30, max_size=30),
    st.lists(st.tuples(st.integers(0, 20), st.integers(-15, 15)), max_size=6),
    st.lists(st.tuples(st.integers(-40, 40), st.integers(100, 200)), max_size=3),
)
def test_the_funding_ledger_as_of_any_date_keeps_the_rules(
    steps: Steps,
    back: list[int],
    moves: list[tuple[int, int]],
    amendments: list[tuple[int, int]],
) -> None:
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        goods, loans, grants = play(ledger, steps, back)
        # Amendments dated anywhere in the year; refused when they would break a date.
        for index, (days, juta) in enumerate(amendments):
            with contextlib.suppress(UmkmLedgerError):
                ledger.amend_allocation(
                    (goods, loans)[index % 2], amount=Rupiah.from_juta(juta), reason="APBD-P",
                    effective_date=date.fromordinal(date(2016, 6, 1).toordinal() + days),
                )  # fmt: skip
        # Corrections moving a grant's money steps (approvals, releases) in time.
        for pick_index, delta in moves:
            if not grants:
                break
            grant = grants[pick_index % len(grants)]
            steps_of = [e for e in ledger.history(grant) if e.kind in MONEY_STEPS]
            if not steps_of:
                continue
            step = steps_of[pick_index % len(steps_of)]
            day = date.fromordinal(step.effective_date.toordinal() + delta)
            with contextlib.suppress(UmkmLedgerError):
                ledger.correct(
                    grant, version=step.version, changes={"effective_date": day}, reason="typo"
                )
        check_money(ledger, (goods, loans), grants)
        for allocation_id in (goods, loans):
            allocation = ledger.allocation(allocation_id)
            (row,) = ledger.funds(instrument=allocation.instrument).rows
            assert (row.allocated, row.committed) == (allocation.amount, allocation.committed)
        for ordinal in range(date(2016, 1, 1).toordinal(), date(2017, 1, 1).toordinal(), 3):
            for row in ledger.funds(as_of=date.fromordinal(ordinal)).rows:
                assert Rupiah(0) <= row.committed <= row.allocated, (date.fromordinal(ordinal), row)
