"""The IATI codes the ledger writes are IATI's: every table of ``funding.iati`` and
``interchange.iati.codes`` checked against the vendored 2.03 codelists (active codes,
and the names the tables give them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from tests.iati_checks import codelist, codelist_names
from umkm_ledger.funding.iati import (
    FINANCE_TYPES,
    ORGANISATION_TYPES,
    TRANSACTION_TABLE,
    TransactionType,
)
from umkm_ledger.funding.values import FundingSource, Instrument
from umkm_ledger.interchange.iati import codes
from umkm_ledger.kernel.values import RegionLevel
from umkm_ledger.programs.lifecycle import ProgramStatus
from umkm_ledger.programs.progress import indicator_kinds


def active(name: str, values: Iterable[str]) -> list[str]:
    """Those of ``values`` that are not active codes of codelist ``name``."""
    known = codelist(name)
    return [value for value in values if known.get(value) != "active"]


def test_transaction_types_are_iatis_codes_and_names() -> None:
    names = codelist_names("TransactionType")
    for kind in TransactionType:
        assert names[kind.code] == kind.iati_name, kind
    used = {t for row in TRANSACTION_TABLE for t in (row.by_funder, row.by_implementer) if t}
    assert used == set(TransactionType) - {TransactionType.INCOMING_FUNDS}


def test_every_source_instrument_and_status_has_its_code() -> None:
    assert set(ORGANISATION_TYPES) == set(FundingSource)
    assert set(FINANCE_TYPES) == set(Instrument)
    assert set(codes.ACTIVITY_STATUS) == set(ProgramStatus)
    assert set(codes.FEATURE_DESIGNATIONS) == set(RegionLevel)
    # The package's own kinds (the docs' examples register others, which get the fallbacks).
    built_in = {
        name: kind
        for name, kind in indicator_kinds().items()
        if type(kind).__module__.startswith("umkm_ledger.")
    }
    assert set(codes.RESULT_TYPES) == set(built_in)
    assert {kind.unit for kind in built_in.values()} <= set(codes.MEASURES)


@pytest.mark.parametrize(
    ("codelist_name", "table"),
    [
        ("OrganisationType", ORGANISATION_TYPES),
        ("OrganisationType", {"group": codes.GROUP_TYPE}),
        ("FinanceType", FINANCE_TYPES),
        ("ActivityStatus", codes.ACTIVITY_STATUS),
        ("ActivityDateType", codes.ACTIVITY_DATES),
        ("OrganisationRole", codes.ORGANISATION_ROLES),
        ("LocationType", codes.FEATURE_DESIGNATIONS),
        ("ResultType", codes.RESULT_TYPES),
        ("IndicatorMeasure", codes.MEASURES),
        ("IndicatorVocabulary", {"kind": codes.INDICATOR_VOCABULARY}),
        ("SectorVocabulary", {"dac": codes.DAC_VOCABULARY, "kbli": codes.SECTOR_VOCABULARY}),
        ("Sector", {"default": codes.DAC_SECTOR}),
        ("GeographicLocationReach", {"reach": codes.LOCATION_REACH}),
        ("GeographicExactness", {"exactness": codes.EXACTNESS}),
        ("GeographicLocationClass", {"class": codes.LOCATION_CLASS}),
        ("Country", {"country": codes.COUNTRY}),
        ("Currency", {"currency": codes.CURRENCY}),
        ("Version", {"version": codes.VERSION}),
    ],
)
def test_each_table_holds_active_codes_of_its_codelist(
    codelist_name: str, table: Mapping[object, str]
) -> None:
    assert active(codelist_name, table.values()) == []


def test_the_organisation_types_a_publisher_may_name_are_iatis() -> None:
    names = codelist_names("OrganisationType")
    assert {code: names[code] for code in codes.ORGANISATION_TYPES} == dict(
        codes.ORGANISATION_TYPES
    )
    assert active("OrganisationType", codes.ORGANISATION_TYPES) == []
