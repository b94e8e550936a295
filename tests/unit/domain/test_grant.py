"""The Grant and Allocation aggregates: given events, when a command, then events; and a
stateful machine in which money is conserved whatever happens to the grants."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from tests.strategies import grant_items
from tests.support import DESA, Story, envelope, kinds, refused, replay
from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.lifecycle import GRANT_LIFECYCLE, GrantAction, GrantStatus
from umkm_ledger.funding.rules import (
    AllocationBelowCommitted,
    AllocationDatesOutOfOrder,
    AllocationNotPosted,
    DeliveryExceedsApproval,
    GrantCannotExceedAllocation,
    GrantDatesOutOfOrder,
    ReturnExceedsDelivery,
    SegregationOfDuties,
)
from umkm_ledger.funding.values import Delivery, GrantItem, Instrument
from umkm_ledger.kernel.errors import UmkmLedgerError
from umkm_ledger.kernel.rules import FactNotCorrectable, IllegalTransition, ReasonRequired
from umkm_ledger.kernel.values import Rupiah

LOOMS = (GrantItem("alat tenun songket", 5, Rupiah.from_juta(3)),)
DAY = date(2016, 12, 1)


def proposed(
    items: tuple[GrantItem, ...] = LOOMS, instrument: Instrument = Instrument.IN_KIND_GOODS
) -> Grant:
    return Grant.propose(
        program_id=uuid4(),
        allocation_id=uuid4(),
        funder="Dinkoperindag Ogan Ilir",
        fiscal_year=2016,
        instrument=instrument,
        beneficiary_id=uuid4(),
        beneficiary_kind="enterprise",
        region=DESA,
        items=items,
        justification="songket weavers need looms",
        envelope=envelope(DAY),
    )


def approved_story() -> Story[Grant]:
    story = Story(proposed())
    story.when(lambda g: g.record_eligibility([], envelope=envelope(DAY)))
    story.when(lambda g: g.approve(envelope=envelope(DAY, user="budi")))
    return story


def test_a_grant_is_approved_by_someone_else_after_passing_its_check() -> None:
    story = Story(proposed())
    refused(story, lambda g: g.approve(envelope=envelope(DAY, user="budi")), IllegalTransition)
    story.when(lambda g: g.record_eligibility([], envelope=envelope(DAY)))
    refused(story, lambda g: g.approve(envelope=envelope(DAY)), SegregationOfDuties)
    refused(story, lambda g: g.reject(envelope=envelope(DAY, "no")), SegregationOfDuties)
    events = story.when(lambda g: g.approve(envelope=envelope(DAY, user="budi")))
    assert kinds(events) == ["Approved"]
    assert events[0].value == Rupiah.from_juta(15)
    assert story.aggregate.status is GrantStatus.APPROVED


def test_a_failed_check_keeps_its_reasons_and_can_be_checked_again() -> None:
    story = Story(proposed())
    story.when(lambda g: g.record_eligibility(["not binaan"], envelope=envelope(DAY)))
    assert story.aggregate.status is GrantStatus.INELIGIBLE
    assert story.aggregate.reasons == ("not binaan",)
    story.when(lambda g: g.record_eligibility([], envelope=envelope(DAY)))
    assert story.aggregate.status.value == "eligible"


def test_handovers_come_in_parts_and_never_exceed_the_approval() -> None:
    story = approved_story()
    later = envelope(date(2016, 12, 16))
    story.when(
        lambda g: g.hand_over(
            bast_number="B-1", place="Indralaya", deliveries=[Delivery("Alat Tenun Songket", 2)],
            envelope=later,
        )
    )  # fmt: skip
    assert story.aggregate.status is GrantStatus.PARTLY_DELIVERED
    refused(
        story,
        lambda g: g.hand_over(
            bast_number="B-2", place="Indralaya", deliveries=[Delivery("alat tenun songket", 4)],
            envelope=later,
        ),
        DeliveryExceedsApproval,
    )  # fmt: skip
    refused(
        story,
        lambda g: g.hand_over(
            bast_number="B-2", place="Indralaya", deliveries=[Delivery("alat tenun songket", 3)],
            envelope=envelope(date(2016, 11, 30)),
        ),
        GrantDatesOutOfOrder,
    )  # fmt: skip
    story.when(
        lambda g: g.hand_over(
            bast_number="B-2", place="Indralaya", deliveries=[Delivery("alat tenun songket", 3)],
            envelope=later,
        )
    )  # fmt: skip
    grant = story.aggregate
    assert grant.status is GrantStatus.DELIVERED
    assert grant.delivered_value == grant.value


def test_money_leaves_only_through_named_events() -> None:
    story = approved_story()
    refused(story, lambda g: g.cancel(envelope=envelope(DAY)), ReasonRequired)
    events = story.when(lambda g: g.cancel(envelope=envelope(DAY, "sentra closed")))
    assert kinds(events) == ["Cancelled"]
    assert events[0].released == Rupiah.from_juta(15)
    assert story.aggregate.committed == Rupiah(0)
    refused(story, lambda g: g.revoke(envelope=envelope(DAY, "x")), IllegalTransition)


def test_an_allocation_commits_only_what_remains_and_only_when_posted() -> None:
    allocation = Allocation.allocate(
        funder_id=uuid4(), funder="PT Hutama Karya", program_id=uuid4(), fiscal_year=2023,
        instrument=Instrument.IN_KIND_GOODS, amount=Rupiah.from_juta(200), pledged=True,
        envelope=envelope(DAY),
    )  # fmt: skip
    story = Story(allocation)
    grant = uuid4()
    refused(
        story,
        lambda a: a.commit(grant, Rupiah.from_juta(10), envelope=envelope()),
        AllocationNotPosted,
    )
    story.when(lambda a: a.post(None, envelope=envelope()))
    refused(
        story,
        lambda a: a.commit(grant, Rupiah.from_juta(201), envelope=envelope()),
        GrantCannotExceedAllocation,
    )
    story.when(lambda a: a.commit(grant, Rupiah.from_juta(200), envelope=envelope()))
    refused(
        story,
        lambda a: a.release(grant, Rupiah.from_juta(201), "x", envelope=envelope()),
        ReturnExceedsDelivery,
    )
    story.when(lambda a: a.release(grant, Rupiah.from_juta(50), "revoked", envelope=envelope()))
    assert story.aggregate.remaining == Rupiah.from_juta(50)


def pledge_story(on: date = date(2023, 2, 1)) -> Story[Allocation]:
    return Story(
        Allocation.allocate(
            funder_id=uuid4(), funder="PT Hutama Karya", program_id=uuid4(), fiscal_year=2023,
            instrument=Instrument.IN_KIND_GOODS, amount=Rupiah.from_juta(100), pledged=True,
            envelope=envelope(on),
        )
    )  # fmt: skip


def test_an_allocation_changes_in_date_order() -> None:
    story = pledge_story()
    refused(
        story,
        lambda a: a.post(None, envelope=envelope(date(2023, 1, 31))),
        AllocationDatesOutOfOrder,
    )
    refused(
        story,
        lambda a: a.withdraw(envelope=envelope(date(2023, 1, 1), reason="CSR budget cut")),
        AllocationDatesOutOfOrder,
    )
    story.when(lambda a: a.post(None, envelope=envelope(date(2023, 3, 1))))
    story.when(
        lambda a: a.amend(Rupiah.from_juta(150), envelope=envelope(date(2023, 4, 1), "APBD-P"))
    )
    # An amendment dated before the last one would leave the amount read as of a later
    # date (the older amendment) apart from what the allocation holds.
    refused(
        story,
        lambda a: a.amend(Rupiah.from_juta(120), envelope=envelope(date(2023, 3, 15), "typo")),
        AllocationDatesOutOfOrder,
    )
    refused(
        story,
        lambda a: a.correct(
            3, {"effective_date": date(2023, 2, 15)}, envelope=envelope(reason="x")
        ),
        AllocationDatesOutOfOrder,
    )
    events = story.when(
        lambda a: a.correct(
            3, {"effective_date": date(2023, 3, 20)}, envelope=envelope(reason="SK date")
        )
    )
    assert kinds(events) == ["Corrected"]


def test_an_allocation_holds_its_commitments_on_every_date() -> None:
    story = pledge_story()
    story.when(lambda a: a.post(None, envelope=envelope(date(2023, 3, 1))))
    grant = uuid4()
    # Committed before it was posted: the funds were only pledged on that day.
    refused(
        story,
        lambda a: a.commit(grant, Rupiah.from_juta(10), envelope=envelope(date(2023, 2, 10))),
        AllocationNotPosted,
    )
    story.when(
        lambda a: a.amend(Rupiah.from_juta(150), envelope=envelope(date(2023, 5, 1), "APBD-P"))
    )
    # Rp120 juta fits today, but not on 1 April, when the allocation was Rp100 juta.
    error = refused(
        story,
        lambda a: a.commit(grant, Rupiah.from_juta(120), envelope=envelope(date(2023, 4, 1))),
        GrantCannotExceedAllocation,
    )
    assert "2023-04-01" in str(error)
    story.when(
        lambda a: a.commit(grant, Rupiah.from_juta(120), envelope=envelope(date(2023, 5, 2)))
    )
    story.when(
        lambda a: a.release(
            grant, Rupiah.from_juta(70), "revoked", envelope=envelope(date(2023, 6, 1))
        )
    )
    # Now Rp50 juta is committed, but Rp120 juta was in May: an amendment to Rp60 juta
    # dated in May would leave it over-committed then.
    refused(
        story,
        lambda a: a.amend(Rupiah.from_juta(60), envelope=envelope(date(2023, 5, 10), "cut")),
        AllocationBelowCommitted,
    )
    story.when(lambda a: a.amend(Rupiah.from_juta(60), envelope=envelope(date(2023, 6, 2), "cut")))
    refused(
        story,
        lambda a: a.correct(
            6, {"effective_date": date(2023, 5, 15)}, envelope=envelope(reason="x")
        ),
        AllocationBelowCommitted,
    )
    # Movements are dated by the grant's steps: corrected with them, not on their own.
    refused(
        story,
        lambda a: a.correct(4, {"effective_date": date(2023, 5, 3)}, envelope=envelope(reason="x")),
        FactNotCorrectable,
    )
    refused(
        story,
        lambda a: a.follow_grant(grant, 1, date(2023, 5, 1), envelope=envelope(reason="x")),
        AllocationDatesOutOfOrder,
    )
    events = story.when(
        lambda a: a.follow_grant(grant, 0, date(2023, 5, 1), envelope=envelope(reason="SK date"))
    )
    assert kinds(events) == ["Corrected"]
    assert story.aggregate.facts[4].effective_date == date(2023, 5, 1)


def test_a_corrected_date_keeps_the_steps_in_order() -> None:
    story = approved_story()
    story.when(
        lambda g: g.hand_over(
            bast_number="B-1", place="Indralaya", deliveries=[Delivery("alat tenun songket", 5)],
            envelope=envelope(date(2016, 12, 16)),
        )
    )  # fmt: skip
    story.when(
        lambda g: g.acknowledge("B-1", recipient="Siti", envelope=envelope(date(2016, 12, 17)))
    )
    moved = {"effective_date": date(2016, 12, 18)}
    refused(
        story,
        lambda g: g.correct(4, moved, envelope=envelope(reason="typo in BAST date")),
        GrantDatesOutOfOrder,
    )
    refused(
        story,
        lambda g: g.correct(
            3, {"effective_date": date(2016, 11, 1)}, envelope=envelope(reason="typo")
        ),
        GrantDatesOutOfOrder,
    )
    events = story.when(
        lambda g: g.correct(
            4, {"effective_date": date(2016, 12, 15)}, envelope=envelope(reason="typo")
        )
    )
    assert kinds(events) == ["Corrected"]
    assert story.aggregate.handovers["B-1"] == date(2016, 12, 15)


class MoneyIsConserved(RuleBasedStateMachine):
    """Grants against one allocation, in any order of commands: the allocation always
    holds exactly what its grants hold, never more than its amount, and replay agrees."""

    grants = Bundle("grants")

    def __init__(self) -> None:
        super().__init__()
        self.allocation = Allocation.allocate(
            funder_id=uuid4(), funder="Kemenperin", program_id=uuid4(), fiscal_year=2018,
            instrument=Instrument.IN_KIND_GOODS, amount=Rupiah.from_juta(40), pledged=False,
            envelope=envelope(date(2018, 1, 2)),
        )  # fmt: skip
        self.allocation_events = list(self.allocation.collect_events())
        self.live: dict[UUID, Grant] = {}
        self.events: dict[UUID, list[object]] = {}
        #: The model: what each grant should hold of the allocation, from what the
        #: commands said they committed and released.
        self.model: dict[UUID, int] = {}

    def run(self, grant_id: UUID, command: object) -> None:
        """Run a command on the grant (and its allocation); on a refusal nothing of
        either is kept."""
        grant = replay(self.events[grant_id])
        allocation = replay(self.allocation_events)
        try:
            moved = command(grant, allocation)  # type: ignore[operator]
            if isinstance(moved, Rupiah) and moved.amount > 0:
                allocation.release(grant.id, moved, "back", envelope=envelope(DAY))
                self.model[grant_id] -= moved.amount
            elif isinstance(moved, tuple):  # an approval: (amount committed,)
                self.model[grant_id] += moved[0].amount
        except UmkmLedgerError:
            return
        self.events[grant_id] += grant.collect_events()
        self.allocation_events += allocation.collect_events()
        self.live[grant_id] = replay(self.events[grant_id])
        self.allocation = replay(self.allocation_events)

    @rule(target=grants, items=grant_items())
    def propose(self, items: tuple[GrantItem, ...]) -> UUID:
        grant = proposed(items)
        self.model[grant.id] = 0
        self.events[grant.id] = list(grant.collect_events())
        self.live[grant.id] = replay(self.events[grant.id])
        self.run(grant.id, lambda g, a: g.record_eligibility([], envelope=envelope(DAY)))
        return grant.id

    @rule(grant_id=grants)
    def approve(self, grant_id: UUID) -> None:
        def command(grant: Grant, allocation: Allocation) -> tuple[Rupiah]:
            amount = grant.approve(envelope=envelope(DAY, user="budi"))
            allocation.commit(grant.id, amount, envelope=envelope(DAY, user="budi"))
            return (amount,)

        self.run(grant_id, command)

    @rule(grant_id=grants, approve=st.booleans())
    def the_proposer_decides(self, grant_id: UUID, approve: bool) -> None:
        """Whatever state the grant is in, its proposer (siti) never decides it."""
        grant = replay(self.events[grant_id])
        proposer = envelope(DAY, "my own grant")  # siti, who proposed it
        action = GrantAction.APPROVE if approve else GrantAction.REJECT
        decide = grant.approve if approve else grant.reject
        # Refused for segregation of duties when the decision would otherwise be allowed;
        # else by the lifecycle table (an attempt that could not succeed anyway).
        allowed = action in GRANT_LIFECYCLE[grant.status]
        with pytest.raises(SegregationOfDuties if allowed else IllegalTransition):
            decide(envelope=proposer)
        assert grant.pending_events == []

    @rule(grant_id=grants, data=st.data())
    def hand_over(self, grant_id: UUID, data: st.DataObject) -> None:
        grant = self.live[grant_id]
        item = data.draw(st.sampled_from(grant.items))
        quantity = data.draw(st.integers(1, item.quantity))
        bast = f"B-{len(grant.handovers) + 1}"
        self.run(
            grant_id,
            lambda g, a: g.hand_over(
                bast_number=bast, place="Palembang",
                deliveries=[Delivery(item.description, quantity)], envelope=envelope(DAY),
            ),
        )  # fmt: skip

    @rule(grant_id=grants, data=st.data())
    def return_goods(self, grant_id: UUID, data: st.DataObject) -> None:
        grant = self.live[grant_id]
        item = data.draw(st.sampled_from(grant.items))
        quantity = data.draw(st.integers(1, item.quantity))
        self.run(
            grant_id,
            lambda g, a: g.return_goods(
                [Delivery(item.description, quantity)], envelope=envelope(DAY, "broken")
            ),
        )

    @rule(grant_id=consumes(grants))
    def cancel(self, grant_id: UUID) -> None:
        self.run(grant_id, lambda g, a: g.cancel(envelope=envelope(DAY, "no longer needed")))

    @rule(grant_id=grants)
    def revoke(self, grant_id: UUID) -> None:
        self.run(grant_id, lambda g, a: g.revoke(envelope=envelope(DAY, "misused")))

    @invariant()
    def the_allocation_holds_what_its_grants_hold(self) -> None:
        allocation = self.allocation
        assert allocation.amount == allocation.committed + allocation.remaining
        assert Rupiah(0) <= allocation.committed <= allocation.amount
        held = sum((g.committed for g in self.live.values()), Rupiah(0))
        assert allocation.committed == held == Rupiah(sum(self.model.values()))
        for grant in self.live.values():
            assert allocation.commitments.get(grant.id, Rupiah(0)) == grant.committed
            assert grant.committed == Rupiah(self.model[grant.id])
            assert grant.delivered_value <= grant.value
            for item in grant.items:
                assert 0 <= grant.returned.get(item.key, 0) <= grant.delivered.get(item.key, 0)
                assert grant.delivered.get(item.key, 0) <= item.quantity

    @invariant()
    def a_delivered_grant_has_everything_delivered(self) -> None:
        for grant in self.live.values():
            if grant.status is GrantStatus.DELIVERED:
                assert grant.all_delivered()


MoneyIsConserved.TestCase.settings = settings(max_examples=60, stateful_step_count=25)
TestMoneyIsConserved = MoneyIsConserved.TestCase


def test_goods_cannot_come_back_before_they_were_handed_over() -> None:
    story = approved_story()
    with pytest.raises(ReturnExceedsDelivery):
        story.when(
            lambda g: g.return_goods(
                [Delivery("alat tenun songket", 1)], envelope=envelope(reason="broken")
            )
        )
