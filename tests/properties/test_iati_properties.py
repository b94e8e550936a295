"""Properties of IATI files, over generated histories:

* the transactions of a file add up, type by type, to what the funding ledger says the
  program's money stands at, and the file keeps IATI's schema and rules;
* an indicator's actuals period by period add up to its headline actual, when its targets'
  periods cover the program's period;
* sector shares sum to exactly 100 and each is within a hundredth of its exact share;
* an organisation identifier is taken when it is an agency's code and a number, and
  refused when it holds a space or one of / & | ?.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.iati_checks import codelist, rule_problems, schema_problems
from tests.support import person
from umkm_ledger import InvalidValue, Ledger
from umkm_ledger.interchange.iati.activity import _percentages
from umkm_ledger.interchange.iati.organisations import org_identifier

_settings = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REF = "XI-IATI-PROPERTY"
FUNDER = "APBD Kabupaten Ogan Ilir"
PLEDGER = "PT Bank Sumsel Babel CSR"
_J = 1_000_000

# A grant: (amount in juta, what becomes of it: kept approved, handed over, cancelled).
grants = st.lists(
    st.tuples(st.integers(1, 5), st.sampled_from(["approved", "handed over", "cancelled"])),
    max_size=4,
)
# A pledge: (amount in juta, amended to, what becomes of it).
pledges = st.tuples(
    st.integers(1, 30),
    st.none() | st.integers(1, 30),
    st.sampled_from(["pledged", "posted", "withdrawn"]),
)


def _enterprise(ledger: Ledger, serial: int) -> str:
    owner = person(serial, "16.10.08.2003", born=date(1985, 3, 4), female=serial % 2 == 0)
    return str(
        ledger.register_enterprise(
            f"Usaha {serial}", owners=[owner], desa="16.10.08.2003", sector="13121",
            founded_on="2010-01-01", effective_date="2016-02-01",
        )
    )  # fmt: skip


@_settings
@given(allocated=st.integers(20, 60), amended=st.none() | st.integers(20, 60), aid=grants,
       promise=pledges)  # fmt: skip
def test_transactions_add_up_to_the_funding_ledger(
    allocated: int, amended: int | None, aid: list[tuple[int, str]],
    promise: tuple[int, int | None, str],
) -> None:  # fmt: skip
    with Ledger.open("memory://", actor="siti@officer", notices=False) as ledger:
        program = ledger.plan_program(
            "P", agency="Dinas", scope=["16.10"], period="2016-01-01..2017-12-31",
            effective_date="2016-01-04",
        )  # fmt: skip
        ledger.start_program(program, effective_date="2016-01-04")
        ledger.register_funder(FUNDER, source="APBD kabupaten", effective_date="2016-01-04")
        ledger.register_funder(PLEDGER, source="private CSR", effective_date="2016-01-04")
        cash = ledger.allocate(FUNDER, program, fiscal_year=2016, instrument="cash grant",
                               amount=allocated * _J, effective_date="2016-02-01")  # fmt: skip
        if amended is not None and amended != allocated:
            ledger.amend_allocation(cash, amount=amended * _J, reason="APBD-P",
                                    effective_date="2016-03-01")  # fmt: skip
        for serial, (juta, fate) in enumerate(aid, start=1):
            enterprise = _enterprise(ledger, serial)
            ledger.enrol(program, enterprise, effective_date="2016-04-01")
            grant = ledger.propose_grant(cash, enterprise, cash=juta * _J, justification="j",
                                         effective_date="2016-05-01")  # fmt: skip
            ledger.check_eligibility(grant, effective_date="2016-05-01")
            ledger.approve_grant(grant, actor="budi@kepala-dinas", effective_date="2016-05-02")
            if fate == "handed over":
                ledger.hand_over(grant, bast_number=f"K-{serial}", place="Indralaya",
                                 cash=juta * _J, effective_date="2016-06-01")  # fmt: skip
            elif fate == "cancelled":
                ledger.cancel_grant(grant, reason="moved away", effective_date="2016-06-01")
        pledged, changed, fate = promise
        csr = ledger.pledge(PLEDGER, program, fiscal_year=2017, instrument="training",
                            amount=pledged * _J, effective_date="2016-07-01")  # fmt: skip
        if changed is not None and changed != pledged:
            ledger.amend_allocation(csr, amount=changed * _J, reason="revised",
                                    effective_date="2016-08-01")  # fmt: skip
        if fate == "posted":
            ledger.post_allocation(csr, effective_date="2016-09-01")
        elif fate == "withdrawn":
            ledger.withdraw_pledge(csr, reason="cut", effective_date="2016-09-01")
        xml = ledger.iati(program, reporting_org=REF, as_of="2017-12-31").xml
        rows = ledger.funds(program_id=program, as_of="2017-12-31").rows
    assert schema_problems(xml) == []
    assert rule_problems(xml) == []
    sums: dict[str, int] = defaultdict(int)
    for transaction in etree.fromstring(xml).iter("transaction"):
        sums[str(transaction.find("transaction-type").get("code"))] += int(  # type: ignore[union-attr]
            str(transaction.findtext("value"))
        )
    standing: dict[str, int] = defaultdict(int)
    for row in rows:
        for key, amount in row.iati().items():
            standing[key] += amount.amount
    assert sums["11"] == sum(row.allocated.amount for row in rows)
    assert sums["2"] == standing["commitment"]
    assert sums["3"] == standing["disbursement"]
    # A pledge stays reported once posted (the posting is a commitment of its own).
    last_promise = (changed or pledged) * _J
    assert sums["13"] == (0 if fate == "withdrawn" else last_promise)
    assert standing["pledge"] == (last_promise if fate == "pledged" else 0)


@_settings
@given(
    days=st.lists(st.integers(0, 3 * 365), max_size=8),
    balance=st.none() | st.tuples(st.integers(0, 3 * 365), st.integers(0, 50)),
)
def test_period_actuals_add_up_to_the_headline(
    days: list[int], balance: tuple[int, int] | None
) -> None:
    start = date(2016, 1, 1)
    with Ledger.open("memory://", actor="siti@officer", notices=False) as ledger:
        program = ledger.plan_program(
            "P", agency="Dinas", scope=["16.10"], period="2016-01-01..2018-12-31",
            effective_date=start,
        )  # fmt: skip
        ledger.start_program(program, effective_date=start)
        ledger.define_indicator(program, "new", kind="binaan_enrolled", title="New binaan",
                                effective_date=start)  # fmt: skip
        ledger.set_target(program, "new", value=10, periods="2016..2018", effective_date=start)
        if balance is not None:
            ledger.record_opening_balance(program, "new", value=balance[1],
                                          counted_on=start + timedelta(days=balance[0]),
                                          source_document="rekap")  # fmt: skip
        for serial, offset in enumerate(days, start=1):
            enterprise = _enterprise(ledger, serial)
            ledger.enrol(program, enterprise, effective_date=start + timedelta(days=offset))
        headline = ledger.progress(program, as_of="2018-12-31").indicator("new").actual
        xml = ledger.iati(program, reporting_org=REF, as_of="2018-12-31").xml
    totals = [
        int(str(period.xpath("actual[not(*)]/@value")[0]))  # type: ignore[index]
        for period in etree.fromstring(xml).iter("period")
    ]
    assert len(totals) == 3
    assert sum(totals) == headline


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30).filter(any))
def test_sector_shares_sum_to_exactly_100(counts: list[int]) -> None:
    shares = [Decimal(share) for share in _percentages(counts)]
    assert sum(shares) == 100
    total = sum(counts)
    for share, count in zip(shares, counts, strict=True):
        assert abs(share - Decimal(100 * count) / total) <= Decimal("0.01")


_AGENCIES = sorted(code for code in codelist("OrganisationRegistrationAgency"))


@given(
    agency=st.sampled_from(_AGENCIES),
    number=st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                      blacklist_characters="/&|?\t\n\r\x0b\x0c\x85"),
        min_size=1, max_size=40,
    ),
)  # fmt: skip
def test_an_agency_code_and_a_number_is_an_identifier(agency: str, number: str) -> None:
    identifier = f"{agency}-{number}"
    assert org_identifier(identifier, "reporting_org") == identifier


@given(
    agency=st.sampled_from(_AGENCIES),
    left=st.text(max_size=5),
    bad=st.sampled_from([" ", "/", "&", "|", "?", "\t", "\n"]),
    right=st.text(max_size=5),
)
def test_an_identifier_with_a_space_or_a_forbidden_sign_is_refused(
    agency: str, left: str, bad: str, right: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        org_identifier(f"{agency}-1{left}{bad}{right}", "reporting_org")
    assert refused.value.field == "reporting_org"
