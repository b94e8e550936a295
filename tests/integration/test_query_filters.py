"""Queries answer about what exists: a filter naming a missing record says NotFound, and
binaan agree with progress about merged duplicates.

Before, a funder that was never registered gave an empty funding ledger (a table of
zeros on the command line) and an empty audit trail, where ``allocate`` said NotFound;
the same held for a program, a beneficiary or an enterprise named in any listing. And
``binaan`` listed a merged duplicate beside the enterprise it was merged into, while
progress counted the business once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from click.testing import CliRunner

from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger, NotFound
from umkm_ledger.cli import cli

MISSING = uuid4()


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def new_binaan(ledger: Ledger, program_id: UUID) -> float:
    return ledger.progress(program_id, as_of="2016-12-31").indicator("new_binaan").actual


# -- binaan and merges --------------------------------------------------------------


def test_binaan_lists_a_merged_duplicate_as_its_survivor_once(ledger: Ledger) -> None:
    program_id = program(ledger)
    survivor, duplicate = register(ledger, 1), register(ledger, 1)  # same owner: flagged
    ledger.enrol(program_id, survivor, effective_date="2016-05-01")
    ledger.enrol(program_id, duplicate, effective_date="2016-05-02")
    assert sorted(ledger.binaan(program_id)) == sorted([survivor, duplicate])
    ledger.merge_duplicate(duplicate, into=survivor, reason="same business")
    assert ledger.binaan(program_id) == [survivor]
    assert ledger.binaan(program_id, as_of="2016-12-31") == [survivor]
    assert len(ledger.binaan(program_id)) == new_binaan(ledger, program_id) == 1


def test_a_binaan_enrolled_only_as_its_duplicate_is_listed_as_the_survivor(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    survivor, duplicate = register(ledger, 1), register(ledger, 1)
    ledger.enrol(program_id, duplicate, effective_date="2016-05-02")
    ledger.merge_duplicate(duplicate, into=survivor, reason="same business")
    assert ledger.binaan(program_id) == [survivor]
    assert new_binaan(ledger, program_id) == 1
    ledger.exit_program(program_id, duplicate, reason="moved away", effective_date="2016-08-01")
    assert ledger.binaan(program_id) == []
    assert ledger.binaan(program_id, as_of="2016-06-01") == [survivor]


# -- every filter that names a record ---------------------------------------------------


@pytest.fixture
def funded(ledger: Ledger) -> dict[str, UUID]:
    """A program with a funder's allocation, a grant and a KUR referral."""
    program_id = program(ledger)
    weaver = register(ledger, 1, DESA_A1)
    ledger.enrol(program_id, weaver, effective_date="2016-03-01")
    funder = ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
    allocation = ledger.allocate(
        "Dinkoperindag Ogan Ilir", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp50 juta", effective_date="2016-01-05",
    )  # fmt: skip
    ledger.propose_grant(
        allocation, weaver, items=[{"description": "alat tenun", "quantity": 1,
                                    "unit_value": "Rp3.000.000"}],
        justification="a loom", effective_date="2016-04-01",
    )  # fmt: skip
    ledger.refer_kur(
        weaver, bank="BRI", amount_requested="Rp10 juta", program_id=program_id,
        effective_date="2016-04-01",
    )  # fmt: skip
    return {"program": program_id, "enterprise": weaver, "funder": funder}


QUERIES: list[tuple[str, Callable[[Ledger, dict[str, UUID]], Any], str]] = [
    ("funds by funder name", lambda ledger, _r: ledger.funds(funder="Yayasan Tidak Ada"), "funder"),
    ("funds by funder id", lambda ledger, _r: ledger.funds(funder=str(MISSING)), "funder"),
    ("funds by program", lambda ledger, _r: ledger.funds(program_id=MISSING), "program"),
    ("grants by program", lambda ledger, _r: ledger.grants(program_id=MISSING), "program"),
    (
        "grants by beneficiary",
        lambda ledger, _r: ledger.grants(beneficiary_id=MISSING),
        "enterprise or group",
    ),
    (
        "grants by a beneficiary that is a program",
        lambda ledger, r: ledger.grants(beneficiary_id=r["program"]),
        "enterprise or group",
    ),
    ("KUR by program", lambda ledger, _r: ledger.kur_referrals(program_id=MISSING), "program"),
    (
        "KUR by enterprise",
        lambda ledger, _r: ledger.kur_referrals(enterprise_id=MISSING),
        "enterprise",
    ),
    (
        "trail by funder",
        lambda ledger, _r: ledger.audit_trail(funder="Yayasan Tidak Ada"),
        "funder",
    ),
    ("trail by program", lambda ledger, _r: ledger.audit_trail(program_id=MISSING), "program"),
    ("trail by record", lambda ledger, _r: ledger.audit_trail(record_id=MISSING), "record"),
    (
        "audit report by funder id",
        lambda ledger, _r: ledger.audit_report(funder=str(MISSING)),
        "funder",
    ),
    ("aid history", lambda ledger, _r: ledger.aid_history(MISSING), "enterprise or group"),
]


@pytest.mark.parametrize(
    ("query", "kind"), [(q, k) for _, q, k in QUERIES], ids=[name for name, _, _ in QUERIES]
)
def test_a_filter_naming_a_missing_record_is_not_found(
    ledger: Ledger,
    funded: dict[str, UUID],
    query: Callable[[Ledger, dict[str, UUID]], Any],
    kind: str,
) -> None:
    with pytest.raises(NotFound, match=f"no {kind} with id"):
        query(ledger, funded)


def test_filters_naming_records_that_exist_still_answer(
    ledger: Ledger, funded: dict[str, UUID]
) -> None:
    by_name = ledger.funds(funder="dinkoperindag ogan ilir").rows  # a name, in any case
    by_id = ledger.funds(funder=str(funded["funder"])).rows
    assert [row.funder for row in by_name] == [row.funder for row in by_id]
    assert [row.funder for row in by_id] == ["Dinkoperindag Ogan Ilir"]
    assert ledger.funds(program_id=funded["program"]).rows == by_id
    assert len(ledger.grants(program_id=funded["program"])) == 1
    assert len(ledger.grants(beneficiary_id=funded["enterprise"])) == 1
    assert len(ledger.kur_referrals(enterprise_id=funded["enterprise"])) == 1
    assert ledger.audit_trail(funder=str(funded["funder"]))
    assert ledger.audit_trail(record_id=funded["funder"])


@pytest.mark.parametrize(
    "args",
    [
        ["funds", "--funder", "Yayasan Tidak Ada"],
        ["audit", "trail", "--funder", "Yayasan Tidak Ada"],
        ["grant", "list", "--program", str(MISSING)],
        ["kur", "list", "--program", str(MISSING)],
        ["funds", "--program", str(MISSING)],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_the_command_line_says_not_found_for_a_missing_filter(
    ledger_url: str, funded: dict[str, UUID], args: list[str]
) -> None:
    result = CliRunner().invoke(cli, ["--db", ledger_url, *args])
    assert result.exit_code == 3, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: NotFound: no "), result.stderr
    assert result.stdout == ""
