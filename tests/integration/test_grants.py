"""Funders, allocations and the grant lifecycle on each backend (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.integration.test_ledger import at_once
from tests.integration.test_programs import DESA_A1, OUTSIDE, program, register
from umkm_ledger import (
    AllocationDatesOutOfOrder,
    AllocationExists,
    AllocationNotPosted,
    DeliveryExceedsApproval,
    EffectiveDateInFuture,
    FactNotCorrectable,
    FunderAlreadyRegistered,
    FundsRow,
    GrantCannotExceedAllocation,
    GrantDatesOutOfOrder,
    GrantDoesNotFitAllocation,
    GrantNotEligible,
    GrantStatus,
    IllegalTransition,
    InvalidValue,
    Ledger,
    NotFound,
    Rupiah,
    SegregationOfDuties,
    UmkmLedgerError,
    UnknownHandover,
)
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.kernel.envelope import Actor, Envelope

LOOM = {"description": "alat tenun songket", "quantity": 5, "unit_value": "Rp3.000.000"}


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def envelope(actor: str, day: str, reason: str | None = None) -> Envelope:
    return Envelope(
        actor=Actor.parse(actor),
        command_id=str(uuid4()),
        effective_date=date.fromisoformat(day),
        reason=reason,
    )


def funded(ledger: Ledger, amount: str = "Rp50.000.000", **fields: Any) -> tuple[UUID, UUID]:
    """A running program with a posted in-kind allocation: (program id, allocation id)."""
    program_id = program(ledger)
    ledger.register_funder(
        "Dinkoperindag Ogan Ilir", source="APBD kabupaten", effective_date="2016-01-04"
    )
    allocation_id = ledger.allocate(
        "Dinkoperindag Ogan Ilir", program_id, fiscal_year=2016,
        instrument=fields.pop("instrument", "in-kind goods"), amount=amount,
        effective_date="2016-01-05",
    )  # fmt: skip
    return program_id, allocation_id


def binaan(ledger: Ledger, program_id: UUID, serial: int = 1, desa: str = DESA_A1) -> UUID:
    enterprise_id = register(ledger, serial, desa)
    ledger.enrol(program_id, enterprise_id, effective_date="2016-03-01")
    return enterprise_id


def approved(ledger: Ledger, allocation_id: UUID, beneficiary: UUID, **fields: Any) -> UUID:
    """A grant proposed by siti, checked, approved by budi."""
    grant_id = ledger.propose_grant(
        allocation_id, beneficiary, items=fields.pop("items", [LOOM]),
        justification="songket weavers need looms", effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-12-05")
    return grant_id


def test_a_funder_is_registered_once_by_name(ledger: Ledger) -> None:
    first = ledger.register_funder("PT Hutama Karya", source="TJSL BUMN")
    assert ledger.register_funder("pt  hutama karya", source="tjsl_bumn") == first
    with pytest.raises(FunderAlreadyRegistered):
        ledger.register_funder("PT Hutama Karya", source="private CSR")
    assert ledger.funder("PT Hutama Karya").source.value == "TJSL BUMN"
    with pytest.raises(NotFound):
        ledger.funder("Bank Tidak Ada")
    with pytest.raises(InvalidValue, match="source"):
        ledger.register_funder("Kemenperin", source="lottery")


def test_one_allocation_per_funder_program_year_and_instrument(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    with pytest.raises(AllocationExists):
        ledger.allocate(
            "Dinkoperindag Ogan Ilir", program_id, fiscal_year=2016,
            instrument="in-kind goods", amount="Rp1.000.000",
        )  # fmt: skip
    with pytest.raises(InvalidValue, match="fiscal_year"):
        ledger.allocate(
            "Dinkoperindag Ogan Ilir", program_id, fiscal_year=2023,
            instrument="in-kind goods", amount="Rp1.000.000",
        )  # fmt: skip
    ledger.amend_allocation(allocation_id, amount="Rp60 juta", reason="APBD-P 2016")
    view = ledger.allocation(allocation_id)
    assert (view.amount, view.committed, view.remaining) == (
        Rupiah.from_juta(60),
        Rupiah(0),
        Rupiah.from_juta(60),
    )


def test_a_grant_goes_from_proposal_to_acknowledged_handover(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id)
    grant_id = approved(ledger, allocation_id, sentra)
    assert ledger.grant(grant_id).status is GrantStatus.APPROVED
    assert ledger.allocation(allocation_id).committed == Rupiah.from_juta(15)

    ledger.hand_over(
        grant_id, bast_number="BAST/027/XII/2016", place="Kantor Dinkoperindag Ogan Ilir",
        items=[{"description": "Alat Tenun Songket", "quantity": 2,
                "serial_numbers": ["ATS-01", "ATS-02"]}],
        witnesses=["Wakil Bupati Ogan Ilir"], effective_date="2016-12-16",
    )  # fmt: skip
    assert ledger.grant(grant_id).status is GrantStatus.PARTLY_DELIVERED
    with pytest.raises(DeliveryExceedsApproval):
        ledger.hand_over(
            grant_id, bast_number="BAST/028/XII/2016", place="Indralaya",
            items={"alat tenun songket": 4}, effective_date="2016-12-17",
        )  # fmt: skip
    ledger.hand_over(
        grant_id, bast_number="BAST/028/XII/2016", place="Indralaya",
        items={"alat tenun songket": 3}, effective_date="2016-12-17",
    )  # fmt: skip
    ledger.acknowledge_handover(
        grant_id, "BAST/027/XII/2016", recipient="Ketua Sentra", effective_date="2016-12-18"
    )
    with pytest.raises(UnknownHandover):
        ledger.acknowledge_handover(grant_id, "BAST/999", recipient="Ketua Sentra")
    grant = ledger.grant(grant_id)
    assert grant.status is GrantStatus.DELIVERED
    assert grant.delivered == grant.value == Rupiah.from_juta(15)
    assert [(h.bast_number, h.acknowledged) for h in grant.handovers] == [
        ("BAST/027/XII/2016", True),
        ("BAST/028/XII/2016", False),
    ]


def test_the_proposer_cannot_decide_and_the_attempt_is_evidence(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    end = ledger.log_end()
    with pytest.raises(SegregationOfDuties):
        ledger.approve_grant(grant_id)  # siti proposed it
    assert ledger.grant(grant_id).status is GrantStatus.ELIGIBLE
    assert ledger.allocation(allocation_id).committed == Rupiah(0)
    recorded = ledger.application.recorder.select_notifications(end + 1, 10)
    assert [n.topic.rpartition(".")[2] for n in recorded] == ["Recorded"]
    refusal: object = ledger.application.repository.get(UUID(str(recorded[0].originator_id)))
    assert isinstance(refusal, Refusal)
    assert (refusal.rule, refusal.record_id, refusal.action) == (
        "SegregationOfDuties",
        grant_id,
        "approve_grant",
    )
    with pytest.raises(SegregationOfDuties):
        ledger.reject_grant(grant_id, reason="changed my mind")
    ledger.approve_grant(grant_id, actor="budi@kabid")


def test_a_failed_eligibility_check_is_recorded_with_its_reasons(ledger: Ledger) -> None:
    _, allocation_id = funded(ledger)
    outsider = register(ledger, 7, OUTSIDE)
    grant_id = ledger.propose_grant(
        allocation_id, outsider, items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    grant = ledger.grant(grant_id)
    assert grant.status is GrantStatus.INELIGIBLE
    assert len(grant.eligibility_reasons) == 2
    assert "scope" in grant.eligibility_reasons[0]
    assert "not binaan" in grant.eligibility_reasons[1]
    with pytest.raises(IllegalTransition):
        ledger.approve_grant(grant_id, actor="budi@kabid")


def test_a_pledge_must_be_posted_before_approval(ledger: Ledger) -> None:
    program_id = program(ledger)
    ledger.register_funder("PT Hutama Karya", source="TJSL BUMN", effective_date="2016-01-04")
    pledge = ledger.pledge(
        "PT Hutama Karya", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="200 juta", effective_date="2016-02-01",
    )  # fmt: skip
    grant_id = ledger.propose_grant(
        pledge, binaan(ledger, program_id), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    with pytest.raises(AllocationNotPosted):
        ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-12-05")
    assert ledger.grant(grant_id).status is GrantStatus.ELIGIBLE
    ledger.post_allocation(pledge, effective_date="2016-12-03")
    ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-12-05")
    assert ledger.allocation(pledge).remaining == Rupiah.from_juta(185)


def test_cash_and_goods_fit_their_instrument(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id)
    with pytest.raises(GrantDoesNotFitAllocation):
        ledger.propose_grant(allocation_id, sentra, cash="Rp5 juta", justification="cash")
    with pytest.raises(NotFound):
        ledger.propose_grant(allocation_id, program_id, items=[LOOM], justification="x")


def test_money_comes_back_on_cancel_revoke_and_return(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    first = approved(ledger, allocation_id, binaan(ledger, program_id, 1))
    second = approved(ledger, allocation_id, binaan(ledger, program_id, 2))
    third = approved(ledger, allocation_id, binaan(ledger, program_id, 3))
    assert ledger.allocation(allocation_id).remaining == Rupiah.from_juta(5)
    with pytest.raises(GrantCannotExceedAllocation):
        approved(ledger, allocation_id, binaan(ledger, program_id, 4))

    ledger.cancel_grant(first, reason="the sentra closed", effective_date="2016-12-06")
    ledger.hand_over(
        second, bast_number="B-2", place="Indralaya", items={"alat tenun songket": 2},
        effective_date="2016-12-10",
    )  # fmt: skip
    ledger.revoke_grant(second, reason="looms resold", effective_date="2016-12-20")
    ledger.hand_over(
        third, bast_number="B-3", place="Indralaya", items={"alat tenun songket": 5},
        effective_date="2016-12-10",
    )  # fmt: skip
    ledger.return_goods(
        third, items={"alat tenun songket": 1}, reason="one loom broken on arrival",
        effective_date="2016-12-21",
    )  # fmt: skip

    view = ledger.allocation(allocation_id)
    # first: all 15 back; second: the 3 looms never delivered (9); third: one loom (3).
    assert view.released == Rupiah.from_juta(15 + 9 + 3)
    assert view.committed == Rupiah.from_juta(6 + 12)
    assert view.amount == view.committed + view.remaining
    assert ledger.grant(first).status is GrantStatus.CANCELLED
    assert ledger.grant(second).status is GrantStatus.REVOKED
    assert ledger.grant(third).status is GrantStatus.DELIVERED


def test_a_loan_in_kind_is_repaid_back_into_the_allocation(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger, instrument="loan")
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    ledger.hand_over(
        grant_id, bast_number="P-1", place="Sentra Usaha TKI Purna",
        items={"alat tenun songket": 5}, effective_date="2016-12-16",
    )  # fmt: skip
    ledger.repay_loan(grant_id, amount="Rp5 juta", effective_date="2017-06-01")
    assert ledger.grant(grant_id).status is GrantStatus.DELIVERED
    ledger.repay_loan(grant_id, amount="Rp10 juta", effective_date="2017-12-01")
    assert ledger.grant(grant_id).status is GrantStatus.REPAID
    assert ledger.allocation(allocation_id).remaining == Rupiah.from_juta(50)


def test_a_refused_command_records_nothing(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    end = ledger.log_end()
    attempts: list[Callable[[], object]] = [
        lambda: ledger.hand_over(grant_id, bast_number="X", place="P", items={"loom": 1}),
        lambda: ledger.hand_over(grant_id, bast_number="X", place="P", cash="Rp1"),
        lambda: ledger.cancel_grant(grant_id, reason=""),
        lambda: ledger.repay_loan(grant_id, amount="Rp1.000"),
        lambda: ledger.return_goods(grant_id, items={"alat tenun songket": 1}, reason="r"),
    ]
    for attempt in attempts:
        with pytest.raises(UmkmLedgerError):
            attempt()
    assert ledger.log_end() == end


def test_concurrent_approvals_never_over_commit(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id, allocation_id = funded(ledger, amount="Rp45.000.000")
        grants = []
        for serial in range(1, 7):
            grant_id = ledger.propose_grant(
                allocation_id, binaan(ledger, program_id, serial), items=[LOOM],
                justification="looms", effective_date="2016-12-01",
            )  # fmt: skip
            ledger.check_eligibility(grant_id, effective_date="2016-12-02")
            grants.append(grant_id)

    # Six approvals of Rp15 juta each against Rp45 juta, all at once.
    def approval(grant_id: UUID) -> Callable[[Ledger], object]:
        return lambda own: own.approve_grant(
            grant_id, actor="budi@kabid", effective_date="2016-12-05"
        )

    results, failures = at_once(ledger_url, [approval(g) for g in grants])
    assert len(results) == 3
    assert all(isinstance(f, GrantCannotExceedAllocation) for f in failures), failures
    with Ledger.open(ledger_url) as ledger:
        view = ledger.allocation(allocation_id)
        assert view.committed == view.amount == Rupiah.from_juta(45)
        statuses = [ledger.grant(g).status for g in grants]
        assert statuses.count(GrantStatus.APPROVED) == 3


def test_the_funding_ledger_follows_every_grant(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    ledger.register_funder("PT Hutama Karya", source="TJSL BUMN", effective_date="2016-01-04")
    ledger.pledge(
        "PT Hutama Karya", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp200.000.000", effective_date="2016-02-01",
    )  # fmt: skip
    first = approved(ledger, allocation_id, binaan(ledger, program_id, 1))
    second = approved(ledger, allocation_id, binaan(ledger, program_id, 2, "16.10.05.2012"))
    ledger.hand_over(
        first, bast_number="B-1", place="Indralaya", items={"alat tenun songket": 5},
        effective_date="2016-12-16",
    )  # fmt: skip
    ledger.revoke_grant(second, reason="not needed", effective_date="2016-12-20")

    report = ledger.funds(fiscal_year=2016, by="kecamatan")
    assert [(r.funder, r.allocated, r.pledged) for r in report.rows] == [
        ("Dinkoperindag Ogan Ilir", Rupiah.from_juta(50), Rupiah(0)),
        ("PT Hutama Karya", Rupiah(0), Rupiah.from_juta(200)),
    ]
    row = report.rows[0]
    assert (row.committed, row.delivered, row.released, row.remaining) == (
        Rupiah.from_juta(15),
        Rupiah.from_juta(15),
        Rupiah.from_juta(15),
        Rupiah.from_juta(35),
    )
    assert row.allocated == row.committed + row.remaining
    assert row.iati() == {
        "pledge": Rupiah(0),
        "commitment": Rupiah.from_juta(15),
        "disbursement": Rupiah(0),
        "expenditure": Rupiah.from_juta(15),
        "loan repayment": Rupiah(0),
    }
    assert report.total.pledged == Rupiah.from_juta(200)
    assert [(r.region, r.committed, r.delivered) for r in report.by_region] == [
        ("16.10.05", Rupiah(0), Rupiah(0)),
        ("16.10.08", Rupiah.from_juta(15), Rupiah.from_juta(15)),
    ]
    assert ledger.funds(funder="pt hutama karya").total.allocated == Rupiah(0)
    assert ledger.funds(fiscal_year=2017).rows == ()


def test_an_enterprise_aid_history_includes_its_group_grants(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    member = binaan(ledger, program_id, 1)
    kub = ledger.form_group(
        "KUB Karya Usang Sungging", kind="KUB", region="16.10.08.2003",
        founded_on="2015-01-01", effective_date="2016-01-10",
    )  # fmt: skip
    ledger.add_group_member(kub, member, effective_date="2016-01-11")
    own = approved(ledger, allocation_id, member, items=[{**LOOM, "quantity": 1}])
    shared = approved(ledger, allocation_id, kub, items=[{**LOOM, "description": "oven"}])
    history = ledger.aid_history(member)
    assert [(r.grant_id, r.role) for r in history] == [(own, "beneficiary"), (shared, "member")]
    assert [r.grant_id for r in ledger.aid_history(kub)] == [shared]
    with pytest.raises(NotFound):
        ledger.aid_history(program_id)


def test_anomalies_name_what_an_auditor_should_see(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id, 1)
    # Both checked before either was approved: each passes, and the pair is an anomaly.
    first, second = (
        ledger.propose_grant(
            allocation_id, sentra, items=[{**LOOM, "quantity": quantity}],
            justification="looms", effective_date="2016-12-01",
        )
        for quantity in (1, 2)
    )  # fmt: skip
    for grant_id in (first, second):
        ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    ledger.approve_grant(first, actor="budi@kabid", effective_date="2016-12-05")
    # The ledger re-checks at approval; another system writing through the application
    # (or an approval racing this one) does not, and the anomaly shows it.
    with pytest.raises(GrantNotEligible, match="already received"):
        ledger.approve_grant(second, actor="budi@kabid", effective_date="2016-12-05")
    FundingCommands(ledger.application).decide_grant(
        second, True, envelope("budi@kabid", "2016-12-05")
    )
    ledger.hand_over(
        first, bast_number="B-1", place="Indralaya", items={"alat tenun songket": 1},
        effective_date="2016-12-16",
    )  # fmt: skip
    ledger.exit_program(program_id, sentra, reason="moved away", effective_date="2016-12-17")
    ledger.hand_over(
        second, bast_number="B-2", place="Indralaya", items={"alat tenun songket": 2},
        effective_date="2016-12-18",
    )  # fmt: skip
    ledger.acknowledge_handover(second, "B-2", recipient="Siti", effective_date="2016-12-19")
    third = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id, 2), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(third, effective_date="2016-12-02")
    with pytest.raises(SegregationOfDuties):
        ledger.approve_grant(third, effective_date="2016-12-20")

    found = {(a.kind, a.grant_id) for a in ledger.anomalies(as_of="2017-02-01")}
    assert found == {
        ("unacknowledged handover", first),
        ("aid to a non-binaan", second),
        ("same item twice in a fiscal year", first),
        ("same item twice in a fiscal year", second),
        ("decision by the proposer attempted", third),
    }
    early = {a.kind for a in ledger.anomalies(as_of="2016-12-16")}
    assert "unacknowledged handover" not in early


def test_aid_indicators_count_value_and_enterprises_with_group_members(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    for key, kind in (("aid", "aid_value_delivered"), ("aided", "enterprises_aided")):
        ledger.define_indicator(program_id, key, kind=kind, title=key, effective_date="2016-01-04")
    alone = binaan(ledger, program_id, 1)
    members = [binaan(ledger, program_id, serial) for serial in (2, 3, 4)]
    kub = ledger.form_group(
        "KUB Songket", kind="KUB", region="16.10.08.2003", founded_on="2015-01-01",
        effective_date="2016-01-10",
    )  # fmt: skip
    for member in [*members, alone]:
        ledger.add_group_member(kub, member, effective_date="2016-01-11")
    own = approved(ledger, allocation_id, alone, items=[{**LOOM, "quantity": 1}])
    shared = approved(ledger, allocation_id, kub, items=[{**LOOM, "quantity": 2}])
    ledger.hand_over(
        own, bast_number="B-1", place="Indralaya", items={"alat tenun songket": 1},
        effective_date="2016-12-16",
    )  # fmt: skip
    ledger.hand_over(
        shared, bast_number="B-2", place="Indralaya", items={"alat tenun songket": 2},
        effective_date="2016-12-18",
    )  # fmt: skip

    progress = ledger.progress(program_id, as_of="2016-12-31", by="funder")
    assert progress.indicator("aid").actual == 3 * 3_000_000
    assert progress.indicator("aid").unit == "rupiah"
    # The enterprise aided alone and as a member counts once; the KUB's four members count.
    assert progress.indicator("aided").actual == 4
    assert [(r.key, r.actual) for r in progress.indicator("aided").rows] == [
        ("Dinkoperindag Ogan Ilir", 4)
    ]
    before = ledger.progress(program_id, as_of="2016-12-17")
    assert before.indicator("aid").actual == 3_000_000
    assert before.indicator("aided").actual == 1
    ledger.return_goods(
        shared, items={"alat tenun songket": 1}, reason="broken", effective_date="2017-01-10"
    )
    assert ledger.progress(program_id, as_of="2016-12-31").indicator("aid").actual == 9_000_000
    assert ledger.progress(program_id, as_of="2017-01-10").indicator("aid").actual == 6_000_000


def test_the_same_item_twice_in_a_fiscal_year_fails_the_check(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id)
    first = approved(ledger, allocation_id, sentra, items=[{**LOOM, "quantity": 1}])
    second = ledger.propose_grant(
        allocation_id, sentra, items=[{**LOOM, "description": "Alat Tenun  Songket"},
                                      {**LOOM, "description": "oven"}],
        justification="more looms", effective_date="2016-12-06",
    )  # fmt: skip
    ledger.check_eligibility(second, effective_date="2016-12-07")
    reasons = ledger.grant(second).eligibility_reasons
    assert reasons == (
        f"already received 'alat tenun songket' from this program in 2016 (grant {first})",
    )
    ledger.cancel_grant(first, reason="looms never bought", effective_date="2016-12-08")
    ledger.check_eligibility(second, effective_date="2016-12-09")
    assert ledger.grant(second).status is GrantStatus.ELIGIBLE


def test_approval_checks_the_beneficiary_again(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id)
    grant_id = ledger.propose_grant(
        allocation_id, sentra, items=[LOOM], justification="looms", effective_date="2016-12-01"
    )
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    ledger.exit_program(program_id, sentra, reason="moved away", effective_date="2016-12-03")
    end = ledger.log_end()
    with pytest.raises(GrantNotEligible, match="not binaan"):
        ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-12-05")
    assert ledger.log_end() == end
    assert ledger.allocation(allocation_id).committed == Rupiah(0)


def test_the_proposer_is_the_proposer_in_any_case_and_only_real_attempts_count(
    ledger: Ledger,
) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    with pytest.raises(SegregationOfDuties):
        ledger.approve_grant(grant_id, actor=" Siti @kabid", effective_date="2016-12-03")
    assert len(ledger.anomalies(as_of="2016-12-31")) == 1
    ledger.cancel_grant(grant_id, reason="not needed", effective_date="2016-12-04")
    end = ledger.log_end()
    # Not an attempt that could have succeeded: refused by the lifecycle, no evidence kept.
    with pytest.raises(IllegalTransition):
        ledger.approve_grant(grant_id, effective_date="2016-12-05")
    with pytest.raises(EffectiveDateInFuture):
        ledger.approve_grant(grant_id, effective_date="2099-01-01")
    assert ledger.log_end() == end
    # Dated before its eligibility check: refused by the date rule, no Refusal kept.
    other = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id, 9), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(other, effective_date="2016-12-10")
    end = ledger.log_end()
    with pytest.raises(GrantDatesOutOfOrder):
        ledger.approve_grant(other, effective_date="2016-12-05")
    assert ledger.log_end() == end


def test_a_loan_handed_over_in_part_or_revoked_is_still_repaid(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger, instrument="loan")
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    ledger.hand_over(
        grant_id, bast_number=" P-1 ", place="Sentra", items={"alat tenun songket": 2},
        effective_date="2016-12-16",
    )  # fmt: skip
    ledger.repay_loan(grant_id, amount="Rp2 juta", effective_date="2017-01-10")
    assert ledger.grant(grant_id).status is GrantStatus.PARTLY_DELIVERED
    ledger.revoke_grant(grant_id, reason="weavers left", effective_date="2017-02-01")
    ledger.repay_loan(grant_id, amount="Rp4 juta", effective_date="2017-03-01")
    ledger.acknowledge_handover(grant_id, " P-1 ", recipient="Siti", effective_date="2017-03-02")
    grant = ledger.grant(grant_id)
    assert grant.status is GrantStatus.REVOKED
    assert grant.committed == Rupiah(0)
    assert ledger.allocation(allocation_id).remaining == Rupiah.from_juta(50)
    row = ledger.funds().rows[0]
    assert row.iati()["loan repayment"] == Rupiah.from_juta(6)
    assert ledger.anomalies(as_of="2018-01-01") == []


def test_corrections_keep_fields_valid_and_dates_in_order(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    for bast, day in (("B-1", "2016-12-06"), ("B-2", "2016-12-20")):
        ledger.hand_over(
            grant_id, bast_number=bast, place="Indralaya", items={"alat tenun songket": 1},
            effective_date=day,
        )  # fmt: skip
    # A visit after the first handover is in order, whenever the second came.
    ledger.monitor_grant(grant_id, condition="in use", effective_date="2016-12-10")
    end = ledger.log_end()
    with pytest.raises(InvalidValue, match=r"changes\.place"):
        ledger.correct(grant_id, version=4, changes={"place": " "}, reason="typo")
    with pytest.raises(GrantDatesOutOfOrder):
        ledger.correct(grant_id, version=4, changes={"effective_date": "2016-12-01"}, reason="typo")
    assert ledger.log_end() == end
    ledger.correct(grant_id, version=4, changes={"place": "Kantor Desa"}, reason="typo")


def test_serial_numbers_go_out_once(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    loom = {"description": "alat tenun songket", "quantity": 1, "serial_numbers": ["ATS-1"]}
    ledger.hand_over(
        grant_id, bast_number="B-1", place="P", items=[loom], effective_date="2016-12-06"
    )
    with pytest.raises(InvalidValue, match="serial_numbers"):
        ledger.hand_over(
            grant_id, bast_number="B-2", place="P", items=[loom], effective_date="2016-12-07"
        )


def test_a_grant_revoked_before_delivery_is_not_aid_received(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id)
    first = approved(ledger, allocation_id, sentra)
    ledger.revoke_grant(first, reason="supplier failed", effective_date="2016-12-06")
    second = approved(ledger, allocation_id, sentra)
    assert ledger.grant(second).status is GrantStatus.APPROVED
    assert ledger.funder(str(ledger.funder("Dinkoperindag Ogan Ilir").id)).name == (
        "Dinkoperindag Ogan Ilir"
    )


def test_funds_as_of_a_date_leave_out_what_came_later(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    first = approved(ledger, allocation_id, binaan(ledger, program_id, 1))
    ledger.hand_over(
        first, bast_number="B-1", place="Indralaya", items={"alat tenun songket": 5},
        effective_date="2016-12-16",
    )  # fmt: skip
    ledger.amend_allocation(
        allocation_id, amount="Rp70 juta", reason="APBD-P", effective_date="2016-12-20"
    )
    ledger.register_funder("PT Hutama Karya", source="TJSL BUMN", effective_date="2016-01-04")
    pledge = ledger.pledge(
        "PT Hutama Karya", program_id, fiscal_year=2016, instrument="training",
        amount="Rp20 juta", effective_date="2016-06-01",
    )  # fmt: skip
    ledger.post_allocation(pledge, effective_date="2016-12-28")

    def row(as_of: str, funder: str = "Dinkoperindag Ogan Ilir") -> FundsRow:
        (found,) = ledger.funds(funder=funder, as_of=as_of).rows
        return found

    assert row("2016-12-10").allocated == Rupiah.from_juta(50)
    assert (row("2016-12-10").committed, row("2016-12-10").delivered) == (
        Rupiah.from_juta(15),
        Rupiah(0),
    )
    assert row("2016-12-31").allocated == Rupiah.from_juta(70)
    assert row("2016-12-31").delivered == Rupiah.from_juta(15)
    assert row("2016-12-04").committed == Rupiah(0)  # approved on the 5th
    assert ledger.funds(as_of="2016-01-04").rows == ()
    assert (
        row("2016-12-27", "PT Hutama Karya").pledged,
        row("2016-12-27", "PT Hutama Karya").allocated,
    ) == (Rupiah.from_juta(20), Rupiah(0))
    assert row("2016-12-28", "PT Hutama Karya").allocated == Rupiah.from_juta(20)


def test_grants_and_kur_referrals_are_listed(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    sentra = binaan(ledger, program_id, 1)
    other = binaan(ledger, program_id, 2)
    first = approved(ledger, allocation_id, sentra)
    second = ledger.propose_grant(
        allocation_id, other, items=[LOOM], justification="looms", effective_date="2016-12-02"
    )
    assert [g.grant_id for g in ledger.grants(program_id=program_id)] == [first, second]
    assert [g.grant_id for g in ledger.grants(status="approved")] == [first]
    assert [g.grant_id for g in ledger.grants(beneficiary_id=other)] == [second]
    with pytest.raises(InvalidValue, match="status"):
        ledger.grants(status="lost")
    referral = ledger.refer_kur(
        sentra, bank="Bank Sumsel Babel", amount_requested="Rp25 juta", program_id=program_id,
        effective_date="2016-12-03",
    )  # fmt: skip
    ledger.record_kur_decision(
        referral, approved=False, bank_reference="KUR-9", reason="no collateral",
        effective_date="2016-12-09",
    )  # fmt: skip
    (listed,) = ledger.kur_referrals(program_id=program_id)
    assert (listed.referral_id, listed.status, listed.bank_reference) == (
        referral,
        "declined by the bank",
        "KUR-9",
    )
    assert ledger.kur_referrals(enterprise_id=other) == []


def test_nothing_comes_back_before_it_went_out_nor_moves_into_the_future(
    ledger: Ledger,
) -> None:
    program_id, allocation_id = funded(ledger)
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))
    for bast, day, pieces in (("B-1", "2016-12-10", 1), ("B-2", "2016-12-20", 4)):
        ledger.hand_over(
            grant_id, bast_number=bast, place="P", items={"alat tenun songket": pieces},
            effective_date=day,
        )  # fmt: skip
    end = ledger.log_end()
    with pytest.raises(GrantDatesOutOfOrder):
        ledger.return_goods(
            grant_id, items={"alat tenun songket": 3}, reason="r", effective_date="2016-12-12"
        )
    with pytest.raises(GrantDatesOutOfOrder):
        ledger.revoke_grant(grant_id, reason="r", effective_date="2016-12-15")
    with pytest.raises(EffectiveDateInFuture):
        ledger.correct(grant_id, version=4, changes={"effective_date": "2099-12-30"}, reason="typo")
    with pytest.raises(InvalidValue, match="status"):
        ledger.grants(status=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="funder"):
        ledger.funds(funder=5)  # type: ignore[arg-type]
    assert ledger.log_end() == end


def test_an_allocation_read_as_of_any_date_agrees_with_what_it_holds(ledger: Ledger) -> None:
    program_id, _ = funded(ledger)
    ledger.register_funder("PT Hutama Karya", source="TJSL BUMN", effective_date="2016-01-04")
    pledge = ledger.pledge(
        "PT Hutama Karya", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp20 juta", effective_date="2016-02-01",
    )  # fmt: skip
    ledger.amend_allocation(pledge, amount="Rp30 juta", reason="MoU", effective_date="2016-04-01")
    # Posted before the amendment it follows: the ledger as of April would show Rp30
    # juta while the allocation holds the posted amount.
    with pytest.raises(AllocationDatesOutOfOrder):
        ledger.post_allocation(pledge, effective_date="2016-03-01")
    ledger.post_allocation(pledge, effective_date="2016-05-01")
    grant_id = ledger.propose_grant(
        pledge, binaan(ledger, program_id), items=[LOOM], justification="looms",
        effective_date="2016-04-10",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-04-11")
    end = ledger.log_end()
    # Approved on a day the funds were only pledged: refused as that, and (though siti
    # proposed it) not kept as an attempt by the proposer.
    with pytest.raises(AllocationNotPosted, match="2016-04-12"):
        ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-04-12")
    with pytest.raises(AllocationNotPosted):
        ledger.approve_grant(grant_id, effective_date="2016-04-12")
    assert ledger.log_end() == end
    ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-05-02")
    allocation = ledger.allocation(pledge)
    (row,) = ledger.funds(funder="PT Hutama Karya").rows
    assert (row.allocated, row.committed) == (allocation.amount, allocation.committed)
    # A commitment is dated by the approval: corrected with it, never on its own.
    commitment = max(e.version for e in ledger.history(pledge) if e.kind == "Committed")
    with pytest.raises(FactNotCorrectable, match="grant"):
        ledger.correct(
            pledge, version=commitment, changes={"effective_date": "2016-05-20"}, reason="typo"
        )


def test_correcting_a_grant_step_moves_its_money_on_the_allocation(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger, amount="Rp25.000.000")
    grant_id = approved(ledger, allocation_id, binaan(ledger, program_id))  # 5 December
    ledger.cancel_grant(grant_id, reason="kiosk closed", effective_date="2016-12-20")

    def committed(as_of: str) -> Rupiah:
        (row,) = ledger.funds(as_of=as_of).rows
        return row.committed

    approval = next(e.version for e in ledger.history(grant_id) if e.kind == "Approved")
    cancel = next(e.version for e in ledger.history(grant_id) if e.kind == "Cancelled")
    ledger.correct(
        grant_id, version=approval, changes={"effective_date": "2016-12-08"}, reason="SK date"
    )
    ledger.correct(grant_id, version=cancel, changes={"effective_date": "2016-12-12"}, reason="x")
    assert committed("2016-12-07") == Rupiah(0)
    assert committed("2016-12-08") == Rupiah.from_juta(15)
    assert committed("2016-12-12") == Rupiah(0)
    history = ledger.history(allocation_id)
    assert [(e.kind, e.corrects) for e in history[-2:]] == [("Corrected", 2), ("Corrected", 3)]
    # Moved to a day the allocation could not hold it: refused, neither record changes.
    ledger.amend_allocation(
        allocation_id, amount="Rp20 juta", reason="APBD-P", effective_date="2016-12-21"
    )
    later = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id, 2), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(later, effective_date="2016-12-02")
    ledger.approve_grant(later, actor="budi@kabid", effective_date="2016-12-22")
    end = ledger.log_end()
    with pytest.raises(GrantCannotExceedAllocation, match="2016-12-09"):
        ledger.correct(
            later, version=approval, changes={"effective_date": "2016-12-09"}, reason="x"
        )
    assert ledger.log_end() == end


def test_a_proposer_approving_beyond_the_allocation_is_refused_by_the_allocation(
    ledger: Ledger,
) -> None:
    program_id, allocation_id = funded(ledger, amount="Rp10.000.000")
    grant_id = ledger.propose_grant(
        allocation_id, binaan(ledger, program_id), items=[LOOM], justification="looms",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    end = ledger.log_end()
    with pytest.raises(GrantCannotExceedAllocation):
        ledger.approve_grant(grant_id, effective_date="2016-12-05")
    assert ledger.log_end() == end
    assert ledger.anomalies(as_of="2016-12-31") == []


def test_listings_keep_the_order_things_were_recorded_in(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    beneficiaries = [binaan(ledger, program_id, serial) for serial in range(1, 7)]
    grants = [
        ledger.propose_grant(
            allocation_id,
            beneficiary,
            items=[LOOM],
            justification="looms",
            effective_date="2016-12-01",
        )
        for beneficiary in beneficiaries
    ]
    assert [g.grant_id for g in ledger.grants(program_id=program_id)] == grants
    referrals = [
        ledger.refer_kur(
            beneficiary, bank="BRI", amount_requested="Rp10 juta", effective_date="2016-12-03"
        )
        for beneficiary in beneficiaries
    ]
    assert [r.referral_id for r in ledger.kur_referrals()] == referrals


def test_impossible_amounts_and_serials_are_refused_with_nothing_recorded(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    enterprise = binaan(ledger, program_id)
    end = ledger.log_end()
    with pytest.raises(InvalidValue, match="quantity"):
        ledger.propose_grant(
            allocation_id, enterprise, justification="x", effective_date="2016-12-01",
            items=[{"description": "loom", "quantity": 10**12, "unit_value": "Rp10.000.000"}],
        )  # fmt: skip
    with pytest.raises(InvalidValue, match="triliun"):
        ledger.amend_allocation(allocation_id, amount=10**25, reason="typo")
    with pytest.raises(InvalidValue, match="amount"):
        ledger.amend_allocation(allocation_id, amount=None, reason="x")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="unacknowledged_after_days"):
        ledger.anomalies(unacknowledged_after_days=10**9)
    assert ledger.log_end() == end
    grant_id = approved(ledger, allocation_id, enterprise)
    ledger.hand_over(
        grant_id, bast_number="B-1", place="Indralaya", effective_date="2016-12-10",
        items=[{"description": "alat tenun songket", "quantity": 2,
                "serial_numbers": ["ATS-01", "ATS-02"]}],
    )  # fmt: skip
    end = ledger.log_end()
    with pytest.raises(InvalidValue, match="serial_numbers"):
        ledger.return_goods(
            grant_id, reason="back", effective_date="2016-12-11",
            items=[{"description": "alat tenun songket", "quantity": 1,
                    "serial_numbers": ["NEVER-HANDED"]}],
        )  # fmt: skip
    assert ledger.log_end() == end
    ledger.funds()  # the view still reads


def test_an_aid_history_lists_same_day_grants_in_the_order_proposed(ledger: Ledger) -> None:
    program_id, allocation_id = funded(ledger)
    enterprise = binaan(ledger, program_id)
    grants = [
        ledger.propose_grant(
            allocation_id,
            enterprise,
            justification="x",
            effective_date="2016-12-01",
            items=[{"description": f"item {i}", "quantity": 1, "unit_value": "Rp1.000.000"}],
        )
        for i in range(6)
    ]
    assert [record.grant_id for record in ledger.aid_history(enterprise)] == grants
