"""The Funder and KurReferral aggregates: given events, when a command, then events."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from tests.support import Story, envelope, kinds, refused
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.lifecycle import KurStatus
from umkm_ledger.funding.rules import ReferralDatesOutOfOrder
from umkm_ledger.funding.values import FundingSource
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.rules import IllegalTransition
from umkm_ledger.kernel.values import Rupiah


def test_a_funder_is_known_by_its_name_in_any_spacing_or_case() -> None:
    funder = Funder.register("PT  Hutama Karya ", FundingSource.TJSL_BUMN, envelope=envelope())
    assert funder.name == "PT Hutama Karya"
    assert funder.id == Funder.id_for("pt hutama karya")
    with pytest.raises(InvalidValue, match="name"):
        Funder.register("  ", FundingSource.APBN, envelope=envelope())
    assert FundingSource.parse("apbd_kabupaten") is FundingSource.APBD_KABUPATEN


def referred() -> Story[KurReferral]:
    return Story(
        KurReferral.refer(
            enterprise_id=uuid4(),
            program_id=None,
            bank="Bank Sumsel Babel",
            amount_requested=Rupiah.from_juta(25),
            envelope=envelope(date(2020, 2, 20)),
        )
    )


def test_the_bank_decides_once_and_after_the_referral() -> None:
    story = referred()
    refused(
        story,
        lambda r: r.bank_approves(
            Rupiah.from_juta(20), "KUR-1", envelope=envelope(date(2020, 2, 1))
        ),
        ReferralDatesOutOfOrder,
    )
    events = story.when(
        lambda r: r.bank_approves(
            Rupiah.from_juta(20), "KUR-1", envelope=envelope(date(2020, 3, 11))
        )
    )
    assert kinds(events) == ["BankApproved"]
    assert story.aggregate.status is KurStatus.APPROVED
    refused(
        story, lambda r: r.bank_declines("KUR-2", envelope=envelope(date(2020, 3, 12))),
        IllegalTransition,
    )  # fmt: skip


def test_a_correction_of_a_referral_keeps_its_figures_valid() -> None:
    story = referred()
    refused(
        story,
        lambda r: r.correct(1, {"amount_requested": Rupiah(-1)}, envelope=envelope(reason="typo")),
        InvalidValue,
    )
    story.when(lambda r: r.correct(1, {"bank": "Bank BRI"}, envelope=envelope(reason="other bank")))
    assert story.aggregate.bank == "Bank BRI"
