"""The funding vocabulary in IATI's words: which IATI 2.03 transaction type each money or
goods movement the ledger records becomes, for whoever reports it.

One movement is one type or another depending on who publishes the file. The funder
(a ministry, a state company's TJSL) reports its own money: promising it is an *outgoing*
pledge, posting it for the program an *outgoing* commitment. The implementing office (the
dinas that runs the program and decides its grants) reports every funder's money that
reaches the program: the same promise is an *incoming* pledge, the same posting an
*incoming* commitment, and each grant it approves an *outgoing* commitment of its own.
Handing aid over and loans coming back are the same for both.

:data:`TRANSACTION_TABLE` is the one place this is decided: the IATI file
(:mod:`umkm_ledger.interchange.iati`) and the funding ledger's :meth:`FundsRow.iati
<umkm_ledger.funding.reports.FundsRow.iati>` both read it, and the reference page
``docs/reference/iati.md`` is made from it. The codes and names are IATI's TransactionType
codelist (version 2.03); the tests check them against the codelist itself.

Not reported, on purpose: a bank's KUR credit (the bank's money, not the program's: the
ledger records the referral and the bank's decision), and incoming funds (code 1: the
ledger records a funder's allocation to a program, not a transfer of money to the office).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from umkm_ledger.funding.values import FundingSource, Instrument

__all__ = [
    "FINANCE_TYPES",
    "ORGANISATION_TYPES",
    "TRANSACTION_TABLE",
    "Movement",
    "MovementType",
    "Reporter",
    "TransactionType",
    "handover_movement",
    "sign_of",
    "transaction_type",
]


class TransactionType(enum.Enum):
    """IATI's TransactionType codes (2.03) that the ledger's movements become."""

    INCOMING_FUNDS = "1"
    OUTGOING_COMMITMENT = "2"
    DISBURSEMENT = "3"
    EXPENDITURE = "4"
    LOAN_REPAYMENT = "6"
    INCOMING_COMMITMENT = "11"
    OUTGOING_PLEDGE = "12"
    INCOMING_PLEDGE = "13"

    @property
    def code(self) -> str:
        return self.value

    @property
    def iati_name(self) -> str:
        """The type's name in IATI's codelist."""
        return _NAMES[self]


_NAMES: Mapping[TransactionType, str] = {
    TransactionType.INCOMING_FUNDS: "Incoming Funds",
    TransactionType.OUTGOING_COMMITMENT: "Outgoing Commitment",
    TransactionType.DISBURSEMENT: "Disbursement",
    TransactionType.EXPENDITURE: "Expenditure",
    TransactionType.LOAN_REPAYMENT: "Loan Repayment",
    TransactionType.INCOMING_COMMITMENT: "Incoming Commitment",
    TransactionType.OUTGOING_PLEDGE: "Outgoing Pledge",
    TransactionType.INCOMING_PLEDGE: "Incoming Pledge",
}


class Reporter(enum.Enum):
    """Who publishes the file: a funder of the program, or the office that runs it."""

    FUNDER = "funder"
    IMPLEMENTER = "implementer"


class Movement(enum.Enum):
    """A movement of money or goods the funding records hold, in the ledger's words."""

    PLEDGED = "pledged"
    PLEDGE_WITHDRAWN = "pledge withdrawn"
    POSTED = "posted"
    GRANT_COMMITTED = "grant committed"
    COMMITMENT_RELEASED = "commitment released"
    CASH_HANDED_OVER = "cash handed over"
    GOODS_HANDED_OVER = "goods handed over"
    LOAN_REPAID = "loan repaid"


@attrs.frozen
class MovementType:
    """One row of :data:`TRANSACTION_TABLE`."""

    movement: Movement
    #: What the ledger records that makes the movement, and the amount it moves.
    recorded_as: str
    #: -1: the movement takes back what an earlier one reported (a negative value).
    sign: int
    #: The type when the funder reports (None: not in the funder's file).
    by_funder: TransactionType | None
    #: The type when the implementing office reports (None: not in its file).
    by_implementer: TransactionType | None
    #: The key of :meth:`FundsRow.iati` that holds where these movements stand now.
    funds_key: str | None


_T = TransactionType

#: Which transaction type each movement becomes, by who reports it.
TRANSACTION_TABLE: tuple[MovementType, ...] = (
    MovementType(
        Movement.PLEDGED,
        "an allocation pledged (promised, not posted) and each amendment of a pledge: "
        "its amount, or the difference",
        1, _T.OUTGOING_PLEDGE, _T.INCOMING_PLEDGE, "pledge",
    ),
    MovementType(
        Movement.PLEDGE_WITHDRAWN,
        "a pledge withdrawn without being posted: what it promised, taken back",
        -1, _T.OUTGOING_PLEDGE, _T.INCOMING_PLEDGE, "pledge",
    ),
    MovementType(
        Movement.POSTED,
        "an allocation posted in a budget for the program (allocated, or a pledge posted) "
        "and each amendment of it: its amount, or the difference",
        1, _T.OUTGOING_COMMITMENT, _T.INCOMING_COMMITMENT, None,
    ),
    MovementType(
        Movement.GRANT_COMMITTED,
        "a grant approved: the part of the allocation it commits to its beneficiary "
        "(inside the funder's own commitment, so not in the funder's file)",
        1, None, _T.OUTGOING_COMMITMENT, "commitment",
    ),
    MovementType(
        Movement.COMMITMENT_RELEASED,
        "a grant cancelled or revoked, or goods given back: the commitment released to "
        "the allocation, taken back",
        -1, None, _T.OUTGOING_COMMITMENT, "commitment",
    ),
    MovementType(
        Movement.CASH_HANDED_OVER,
        "aid given as an amount (cash grant, interest subsidy, training, mentoring) handed "
        "over: the value of the handover",
        1, _T.DISBURSEMENT, _T.DISBURSEMENT, "disbursement",
    ),
    MovementType(
        Movement.GOODS_HANDED_OVER,
        "goods (in-kind goods, goods lent as a loan) handed over with a BAST: the value "
        "of what it hands over",
        1, _T.EXPENDITURE, _T.EXPENDITURE, "expenditure",
    ),
    MovementType(
        Movement.LOAN_REPAID,
        "a loan in kind repaid: the amount repaid",
        1, _T.LOAN_REPAYMENT, _T.LOAN_REPAYMENT, "loan repayment",
    ),
)  # fmt: skip

_BY_MOVEMENT: Mapping[Movement, MovementType] = {row.movement: row for row in TRANSACTION_TABLE}


def transaction_type(movement: Movement, reporter: Reporter) -> TransactionType | None:
    """The type ``movement`` becomes in a file ``reporter`` publishes (None: left out)."""
    row = _BY_MOVEMENT[movement]
    return row.by_funder if reporter is Reporter.FUNDER else row.by_implementer


def sign_of(movement: Movement) -> int:
    """+1, or -1 for a movement that takes back what an earlier one reported."""
    return _BY_MOVEMENT[movement].sign


def handover_movement(instrument: Instrument) -> Movement:
    """What a handover of aid of ``instrument`` is: goods (items) or an amount."""
    return Movement.GOODS_HANDED_OVER if instrument.in_items else Movement.CASH_HANDED_OVER


#: IATI OrganisationType of a funder, by where its money comes from. DAK is the state's
#: transfer that a region spends through its own budget, so its funder is the region.
ORGANISATION_TYPES: Mapping[FundingSource, str] = {
    FundingSource.APBN: "10",  # Government
    FundingSource.APBD_PROVINSI: "11",  # Local Government
    FundingSource.APBD_KABUPATEN: "11",  # Local Government
    FundingSource.DAK: "11",  # Local Government
    FundingSource.TJSL_BUMN: "15",  # Other Public Sector: a state-owned company
    FundingSource.PRIVATE_CSR: "70",  # Private Sector
    FundingSource.BANK_KUR: "70",  # Private Sector
    FundingSource.SELF_FUNDED: "70",  # Private Sector: the enterprises themselves
}

#: IATI FinanceType of aid, by its instrument.
FINANCE_TYPES: Mapping[Instrument, str] = {
    Instrument.CASH_GRANT: "110",  # Standard grant
    Instrument.IN_KIND_GOODS: "110",  # Standard grant
    Instrument.LOAN: "421",  # Standard loan
    Instrument.INTEREST_SUBSIDY: "210",  # Interest subsidy
    Instrument.TRAINING: "110",  # Standard grant
    Instrument.MENTORING: "110",  # Standard grant
}
