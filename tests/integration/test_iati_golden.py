"""The demo's IATI files, hand-checked and kept as golden files.

Three files of the demo (recorded under reproducible ids, as the feed's golden fixtures
are): PT Hutama Karya's TJSL reporting its own money in the KUB Karya Usang Sungging
program, the Ogan Ilir office reporting the same program in Indonesian, and Kemenperin
reporting its 2018 program for new IKM in Palembang and Banyuasin. Each validates
against IATI's schema, codelists and ruleset, is made the same on SQLite and on
PostgreSQL, and is the golden file byte for byte. The figures in them are computed here
again from the seed articles' numbers (as the demo records them), not read from the
ledger's reports. Rewrite the files, after reading the diff, with
``UMKM_LEDGER_WRITE_GOLDEN=1 pytest tests/integration/test_iati_golden.py``.
"""

from __future__ import annotations

import os
import re
import statistics
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.iati_checks import codelist_problems, rule_problems, schema_problems
from umkm_ledger import Ledger
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.kernel.identity import IdSource, id_source

GOLDEN = Path(__file__).parents[1] / "golden" / "iati"
_IDS = uuid.UUID("00000000-0000-4000-8000-000000000000")
#: Illustrative identifiers (XI-IATI is IATI's own list; these numbers are made up).
HUTAMA_KARYA = "XI-IATI-DEMO-HK"
OGAN_ILIR = "XI-IATI-DEMO-DKUKMPP-OI"
KEMENPERIN = "XI-IATI-DEMO-KEMENPERIN"
GENERATED = "2026-01-05T01:00:00Z"
OFFICE = "Dinas Koperasi, UKM, Perindustrian dan Perdagangan Ogan Ilir"


def demo_files(url: str) -> dict[str, bytes]:
    """The three files, from the demo recorded into the ledger at ``url``."""
    ids = IdSource(replay=[uuid.uuid5(_IDS, str(n)) for n in range(20_000)])
    with id_source(ids), Ledger.open(url, notices=False) as ledger:
        result = record_demo(ledger)
        programs = record_demo_programs(ledger, result)
        funding = record_demo_funding(ledger, result, programs)
        record_demo_activity(ledger, result, programs, funding)
        return {
            "hutama-karya.xml": ledger.iati(
                programs.kub_program, reporting_org=HUTAMA_KARYA,
                reporting_org_name="PT Hutama Karya (Persero)", as_funder="TJSL PT Hutama Karya",
                org_refs={OFFICE: OGAN_ILIR},
                as_of="2025-12-31", generated_at=GENERATED,
            ).xml,
            "kub-program-by-the-dinas.xml": ledger.iati(
                programs.kub_program, reporting_org=OGAN_ILIR, language="id",
                org_types={"TJSL PT Hutama Karya": "15"}, as_of="2025-12-31",
                generated_at=GENERATED,
            ).xml,
            "kemenperin.xml": ledger.iati(
                funding.kemenperin_program, reporting_org=KEMENPERIN, reporting_org_type=10,
                org_refs={"Kemenperin": KEMENPERIN}, as_of="2018-12-31", generated_at=GENERATED,
            ).xml,
        }  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    url = f"sqlite:///{tmp_path_factory.mktemp('iati-demo') / 'demo.db'}"
    return demo_files(url)


def test_the_demo_files_are_the_golden_ones_on_either_backend(ledger_url: str) -> None:
    made = demo_files(ledger_url)
    if os.environ.get("UMKM_LEDGER_WRITE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        for name, xml in made.items():
            (GOLDEN / name).write_bytes(xml)
    assert sorted(made) == sorted(p.name for p in GOLDEN.glob("*.xml"))
    for name, xml in made.items():
        assert xml == (GOLDEN / name).read_bytes(), name


@pytest.mark.parametrize("name", ["hutama-karya.xml", "kub-program-by-the-dinas.xml",
                                  "kemenperin.xml"])  # fmt: skip
def test_each_file_validates_against_iati_schema_codelists_and_rules(
    files: dict[str, bytes], name: str
) -> None:
    assert schema_problems(files[name]) == []
    assert codelist_problems(files[name]) == []
    assert rule_problems(files[name]) == []


def _activity(xml: bytes) -> etree._Element:
    (activity,) = etree.fromstring(xml).findall("iati-activity")
    return activity


def _transactions(activity: etree._Element) -> list[tuple[str, str, int]]:
    """(type code, date, value) of each transaction, in the file's order."""
    return [
        (
            str(t.find("transaction-type").get("code")),  # type: ignore[union-attr]
            str(t.find("transaction-date").get("iso-date")),  # type: ignore[union-attr]
            int(str(t.findtext("value"))),
        )
        for t in activity.iter("transaction")
    ]


def _figures(period: Any) -> dict[tuple[str, str], str | None]:
    """A period's actuals by (location, dimension value): ("", "") is the total."""
    return {
        ("".join(a.xpath("location/@ref")), "".join(a.xpath("dimension/@value"))): a.get("value")
        for a in period.findall("actual")
    }


def _juta(amount: int | float) -> int:
    return int(amount * 1_000_000)


# Seed 003: Rp200 juta of tools and raw materials for 30 craftsmen; the demo prices them
# 30 tool sets at Rp5 juta and raw materials of Rp50 juta, pledged on 2 Oct 2023, posted
# on 1 Nov and handed over on 9 Nov; a further Rp75 juta of training pledged for 2024.
HK_GOODS = 30 * _juta(5) + 1 * _juta(50)


def test_hutama_karya_reports_its_own_pledges_commitment_and_goods(files: dict[str, bytes]) -> None:
    activity = _activity(files["hutama-karya.xml"])
    assert _juta(200) == HK_GOODS  # the article's Rp200 juta
    assert _transactions(activity) == [
        ("12", "2023-10-02", _juta(200)),  # outgoing pledge
        ("2", "2023-11-01", _juta(200)),  # outgoing commitment: the pledge posted
        ("12", "2023-11-09", _juta(75)),  # the 2024 training, only promised
        ("4", "2023-11-09", HK_GOODS),  # expenditure: the goods handed over (BAST)
    ]
    assert activity.findtext("iati-identifier", "").startswith(f"{HUTAMA_KARYA}-")
    reporting = activity.find("reporting-org")
    assert reporting is not None
    assert (reporting.get("ref"), reporting.get("type")) == (HUTAMA_KARYA, "15")
    roles = sorted(
        (str(p.get("role")), str(p.findtext("narrative")))
        for p in activity.iter("participating-org")
    )
    assert roles == [("1", "TJSL PT Hutama Karya"), ("3", OFFICE), ("4", OFFICE)]
    receivers = [t.findtext("receiver-org/narrative") for t in activity.iter("transaction")]
    assert receivers[-1] == "KUB Karya Usang Sungging"
    budgets = [
        (b.findtext("value"), b.get("status"), b.find("period-start").get("iso-date"))  # type: ignore[union-attr]
        for b in activity.iter("budget")
    ]
    assert budgets == [(str(_juta(200)), "2", "2023-01-01"), (str(_juta(75)), "1", "2024-01-01")]


# The demo's KUB program: growth of the first ten craftsmen's sales, 2024 over 2022, in
# percent (the chair's 2022 sales were Rp640 juta, the others Rp90 juta + Rp7 juta each).
GROWTH = (52, 35, 61, 48, 70, 44, 55, 30, 66, 50)


def _sales() -> Iterator[tuple[int, int]]:
    for index, growth in enumerate(GROWTH):
        before = 640_000_000 if index == 0 else 90_000_000 + 7_000_000 * index
        yield before, before * (100 + growth) // 100


def test_the_office_reports_every_movement_and_the_sales_growth(files: dict[str, bytes]) -> None:
    activity = _activity(files["kub-program-by-the-dinas.xml"])
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    assert _transactions(activity) == [
        ("13", "2023-10-02", _juta(200)),  # incoming pledge
        ("11", "2023-11-01", _juta(200)),  # incoming commitment
        ("13", "2023-11-09", _juta(75)),
        ("2", "2023-11-09", HK_GOODS),  # outgoing commitment: the grant to the KUB
        ("4", "2023-11-09", HK_GOODS),
    ]
    growths = [100 * (after - before) / before for before, after in _sales()]
    median = statistics.median(growths)
    assert median == 51.0
    (period,) = activity.iter("period")
    assert period.xpath("period-start/@iso-date | period-end/@iso-date") == [
        "2024-01-01", "2024-12-31",
    ]  # fmt: skip
    assert [t.get("value") for t in period.findall("target")] == ["50"]
    assert _figures(period) == {("", ""): "51", ("16.10", ""): "51", ("", "male"): "51"}
    assert "Program pengembangan" in (activity.findtext("description/narrative") or "")
    (sector,) = [s for s in activity.iter("sector") if s.get("vocabulary") == "99"]
    assert (sector.get("code"), sector.get("percentage")) == ("32112", "100")


# Seed 001: Kemenperin's Bimtek in Palembang, 23 Aug 2018, and equipment for two KUB: in
# Palembang 3 sewing machines at Rp3,5 juta and an overlocker at Rp4 juta, in Banyuasin 3
# bamboo-craft tool sets at Rp2 juta; three members each, the second of each a man; the
# first member in Palembang did not come back the second day.
PALEMBANG_GOODS = 3 * _juta(3.5) + _juta(4)
BANYUASIN_GOODS = 3 * _juta(2)


def test_kemenperin_reports_its_allocation_grants_and_results(files: dict[str, bytes]) -> None:
    activity = _activity(files["kemenperin.xml"])
    on = date(2018, 8, 23).isoformat()
    assert _transactions(activity) == [
        ("11", "2018-02-01", _juta(150)),
        ("2", on, PALEMBANG_GOODS),  # the grants as proposed: Palembang's KUB first
        ("2", on, BANYUASIN_GOODS),
        ("4", on, PALEMBANG_GOODS),
        ("4", on, BANYUASIN_GOODS),
    ]
    roles = [p.get("role") for p in activity.iter("participating-org")]
    assert roles == ["1", "4"]  # Kemenperin funds its own program: no extending office
    figures = {}
    for result in activity.iter("result"):
        (period,) = result.iter("period")
        (code,) = result.findall("indicator/reference")
        figures[str(code.get("code"))] = _figures(period)
    assert figures["aid_value_delivered"] == {
        ("", ""): str(PALEMBANG_GOODS + BANYUASIN_GOODS),
        ("16.71", ""): str(PALEMBANG_GOODS),
        ("16.07", ""): str(BANYUASIN_GOODS),
    }
    assert figures["enterprises_aided"] == {
        ("", ""): "6", ("16.71", ""): "3", ("16.07", ""): "3",
        ("", "female"): "4", ("", "male"): "2",
    }  # fmt: skip
    assert figures["people_trained"] == {
        ("", ""): "5", ("16.71", ""): "2", ("16.07", ""): "3",
        ("", "female"): "3", ("", "male"): "2",
    }  # fmt: skip
    sectors = sorted((s.get("code"), s.get("percentage")) for s in activity.iter("sector"))
    assert sectors == [("14111", "50"), ("16292", "50"), ("32130", "100")]


def test_no_personal_data_is_in_the_files(files: dict[str, bytes], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    ids = IdSource(replay=[uuid.uuid5(_IDS, str(n)) for n in range(20_000)])
    with id_source(ids), Ledger.open(url, notices=False) as ledger:
        result = record_demo(ledger)
        programs = record_demo_programs(ledger, result)
        funding = record_demo_funding(ledger, result, programs)
        record_demo_activity(ledger, result, programs, funding)
        people = []
        for enterprise_id in ledger.enterprise_ids():
            enterprise = ledger.enterprise(enterprise_id)
            people.append(enterprise.name)
            people += [
                part for owner in enterprise.owners for part in (owner.name, owner.nik_masked)
            ]
    text = b"".join(files.values()).decode()
    assert len(people) > 500
    assert not [found for found in people if found in text]
    assert re.search(r"[0-9]{16}", text) is None  # no NIK, whole or in part of an id
