"""DHIS2 data value sets of the demo's programs, on SQLite and on PostgreSQL.

Both backends give the golden payloads byte for byte (so each other's); the figures are
the progress report's own (Ogan Ilir's 654 counted before the ledger and the 52 enrolled
since, per year and sex; South Sulawesi's 20 per desa per year rolled up to kecamatan);
every payload holds to the JSON Schema written from DHIS2's documentation and names no
person; and each figure the mapping gives no place is refused naming the key to add,
with nothing recorded. A change meant to the payloads is written to the golden files with
``UMKM_LEDGER_WRITE_GOLDEN=1 pytest tests/integration/test_dhis2.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from tests.conftest import POSTGRES_URL_ENV
from umkm_ledger import (
    ConfigurationError,
    Dhis2Mapping,
    Dhis2MappingIncomplete,
    Dhis2MappingNotValid,
    InvalidValue,
    Ledger,
    NoDhis2Period,
    NotFound,
)
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.dhis2 import OGAN_ILIR_DHIS2_MAPPING
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.interchange.dhis2.payload import payload_schema
from umkm_ledger.testing.postgres import create_database, drop_database

GOLDEN = Path(__file__).parents[1] / "golden" / "dhis2"

#: Ogan Ilir's program: the demo's own mapping file (yearly at the kabupaten, by sex).
OGAN_ILIR = OGAN_ILIR_DHIS2_MAPPING

#: South Sulawesi's young entrepreneurs: the targets' own years, per kecamatan, by youth;
#: actuals and targets in one data element, told apart by attribute option combos.
SULSEL = """\
[org_units]
level = "kecamatan"

[category_option_combos]
total = "default"
youth = { youth = "MUDA", not_youth = "BUKAN_MUDA" }

[attribute_option_combos]
actual = "REALISASI"
target = "TARGET"

[indicators.young_entrepreneurs]
actual = "WIRAUSAHA_MUDA"
target = "WIRAUSAHA_MUDA"
by = "youth"
"""

#: OKU Timur's 2020 program, every identifier a UID, the kabupaten in a table.
OKU_TIMUR = """\
id_scheme = "uid"

[org_units]
level = "kabupaten"
id_scheme = "uid"
codes = { "16.08" = "OkuTmr16080" }

[category_option_combos]
total = "HllvX50cXC0"

[indicators.new_ukm]
actual = "UkmPml2020A"
target = "UkmPml2020T"

[indicators.registered]
actual = "UmkmTrdftrA"
"""


@attrs.frozen
class Demo:
    url: str
    programs: dict[str, str]


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    """The demo recorded once per backend for this module."""
    name = ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('dhis2') / 'demo.db'}"
    else:
        server: str = request.getfixturevalue("postgres_server_url")
        name = f"t_{secrets.token_hex(8)}"
        url = create_database(server, name)
    with Ledger.open(url, actor="demo@officer", notices=False) as ledger:
        result = record_demo(ledger)
        programs = record_demo_programs(ledger, result)
        funding = record_demo_funding(ledger, result, programs)
        record_demo_activity(ledger, result, programs, funding)
    yield Demo(url, {"ogan_ilir": str(programs.ogan_ilir), "sulsel": str(programs.sulsel),
                     "oku_timur": str(programs.oku_timur), "kub": str(programs.kub_program),
                     "kemenperin": str(funding.kemenperin_program)})  # fmt: skip
    if name and os.environ.get(POSTGRES_URL_ENV):
        drop_database(request.getfixturevalue("postgres_server_url"), name)


@pytest.fixture
def ledger(demo: Demo) -> Iterator[Ledger]:
    with Ledger.open(demo.url, actor="ani@auditor", notices=False, create=False) as opened:
        yield opened


CASES = {
    "ogan-ilir": ("ogan_ilir", OGAN_ILIR, "2020-12-31"),
    "sulsel": ("sulsel", SULSEL, "2018-12-31"),
    "oku-timur": ("oku_timur", OKU_TIMUR, "2020-12-31"),
}


def _payload(ledger: Ledger, demo: Demo, case: str) -> dict[str, Any]:
    program, mapping, as_of = CASES[case]
    made = ledger.dhis2(demo.programs[program], Dhis2Mapping.from_toml(mapping), as_of=as_of)
    payload: dict[str, Any] = made.as_json()
    return payload


@pytest.mark.parametrize("case", CASES)
def test_the_demos_payloads_are_the_golden_ones(ledger: Ledger, demo: Demo, case: str) -> None:
    program, mapping, as_of = CASES[case]
    made = ledger.dhis2(demo.programs[program], Dhis2Mapping.from_toml(mapping), as_of=as_of)
    golden = GOLDEN / f"{case}.json"
    if os.environ.get("UMKM_LEDGER_WRITE_GOLDEN") == "1":
        golden.write_text(made.dumps(), encoding="utf-8")
    assert made.dumps() == golden.read_text(encoding="utf-8")
    assert made.as_json() == json.loads(made.dumps())


def _sums(payload: dict[str, Any], *fields: str) -> dict[tuple[str, ...], int]:
    found: dict[tuple[str, ...], int] = defaultdict(int)
    for value in payload["dataValues"]:
        found[tuple(value[f] for f in fields)] += int(value["value"])
    return dict(found)


def test_ogan_ilirs_figures_are_its_progress_reports(ledger: Ledger, demo: Demo) -> None:
    payload = _payload(ledger, demo, "ogan-ilir")
    program = demo.programs["ogan_ilir"]
    by_sex = ledger.progress(program, as_of="2020-12-31", by="gender")
    binaan = by_sex.indicator("new_binaan")
    per_element = _sums(payload, "dataElement")
    assert binaan.actual == 706  # 654 counted before the ledger, 52 enrolled since
    assert per_element[("UMKM_BINAAN_BARU",)] == 706
    assert per_element[("UMKM_BINAAN_NIB",)] == by_sex.indicator("binaan_nib").actual
    assert per_element[("UMKM_DIDAMPINGI",)] == by_sex.indicator("mentored").actual
    sexes = {"PEREMPUAN": "F", "LAKI_LAKI": "M", "TIDAK_TERPILAH": "(not disaggregated)"}
    binaan_rows = {
        sexes[combo]: total
        for (element, combo), total in _sums(payload, "dataElement", "categoryOptionCombo").items()
        if element == "UMKM_BINAAN_BARU"
    }
    assert binaan_rows == {row.key: row.actual for row in binaan.rows}
    [opening] = [v for v in payload["dataValues"] if v["categoryOptionCombo"] == "TIDAK_TERPILAH"]
    assert (opening["period"], opening["orgUnit"], opening["value"]) == ("2016", "16.10", "654")
    assert opening["comment"].startswith("includes 654 counted before the ledger on 2016-12-16")
    # per year, as the report says as of each year's end
    for year in range(2016, 2021):
        up_to = ledger.progress(program, as_of=f"{year}-12-31").indicator("new_binaan").actual
        counted = sum(
            int(v["value"]) for v in payload["dataValues"]
            if v["dataElement"] == "UMKM_BINAAN_BARU" and int(v["period"]) <= year
        )  # fmt: skip
        assert counted == up_to, year


def test_south_sulawesis_figures_are_its_progress_cells(ledger: Ledger, demo: Demo) -> None:
    payload = _payload(ledger, demo, "sulsel")
    report = ledger.progress(demo.programs["sulsel"], as_of="2018-12-31", by="kecamatan")
    cells = report.indicator("young_entrepreneurs").cells
    sums = _sums(payload, "period", "orgUnit", "attributeOptionCombo")
    sent = {kind: {(p, a): total for (p, a, k), total in sums.items() if k == kind}
            for kind in ("REALISASI", "TARGET")}  # fmt: skip
    assert {(c.period.label, str(c.area)): c.actual for c in cells} == sent["REALISASI"]
    assert {(c.period.label, str(c.area)): c.target for c in cells} == sent["TARGET"]
    assert {c.target for c in cells} == {40}  # 20 per desa, two desa per kecamatan
    targets = [v for v in payload["dataValues"] if v["attributeOptionCombo"] == "TARGET"]
    assert {v["categoryOptionCombo"] for v in targets} == {"default"}  # not disaggregated


def test_money_is_whole_rupiah_and_growth_a_percentage(ledger: Ledger, demo: Demo) -> None:
    aid = Dhis2Mapping.from_mapping({
        "period_type": "Quarterly", "org_units": {"level": "kabupaten"},
        "category_option_combos": {"total": "default"},
        "indicators": {"aid": {"actual": "NILAI_BANTUAN"}, "aided": {"actual": "UMKM_DIBANTU"},
                       "trained": {"actual": "DILATIH"}},
    })  # fmt: skip
    values = ledger.dhis2(demo.programs["kemenperin"], aid, as_of="2018-12-31").as_json()
    report = ledger.progress(demo.programs["kemenperin"], as_of="2018-12-31", by="kabupaten")
    money = {v["orgUnit"]: v["value"] for v in values["dataValues"]
             if v["dataElement"] == "NILAI_BANTUAN"}  # fmt: skip
    assert money == {row.key: str(row.actual) for row in report.indicator("aid").rows}
    assert money == {"16.07": "6000000", "16.71": "14500000"}  # Rp6 juta and Rp14,5 juta
    growth = Dhis2Mapping.from_mapping({
        "period_type": "Yearly", "org_units": {"level": "kabupaten"},
        "category_option_combos": {"total": "default"},
        "indicators": {"sales_growth": {"actual": "PERTUMBUHAN_OMZET", "target": "TARGET_OMZET"}},
    })  # fmt: skip
    sent = ledger.dhis2(demo.programs["kub"], growth, as_of="2025-12-31").as_json()["dataValues"]
    median = ledger.progress(demo.programs["kub"], as_of="2025-12-31").indicator("sales_growth")
    # the 2024 sales were reported in January 2025: the growth is 2024's, beside its target,
    # as in the progress report's 2024 cell
    assert [(v["dataElement"], v["period"], v["value"]) for v in sent] == [
        ("PERTUMBUHAN_OMZET", "2024", f"{median.actual:g}"),
        ("TARGET_OMZET", "2024", "50"),
    ]
    [cell] = [c for c in median.cells if c.period.label == "2024"]
    assert (cell.target, cell.actual) == (50, median.actual)


def test_every_payload_holds_to_the_schema_written_from_dhis2s_docs(
    ledger: Ledger, demo: Demo
) -> None:
    schema = payload_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for case in CASES:
        jsonschema.validate(_payload(ledger, demo, case), schema)


def test_no_payload_names_a_person(ledger: Ledger, demo: Demo) -> None:
    texts = [json.dumps(_payload(ledger, demo, case), ensure_ascii=False) for case in CASES]
    owners = {
        owner.name for enterprise in ledger.enterprise_ids()
        for owner in ledger.enterprise(enterprise).owners
    }  # fmt: skip
    assert len(owners) > 100
    for text in texts:
        assert not re.search(r"[0-9]{16}", text)  # no NIK
        assert not [name for name in owners if name in text]


def test_an_earlier_day_has_the_periods_begun_by_then(ledger: Ledger, demo: Demo) -> None:
    mapping = Dhis2Mapping.from_toml(OGAN_ILIR)
    early = ledger.dhis2(demo.programs["ogan_ilir"], mapping, as_of="2017-06-30").as_json()
    assert {v["period"] for v in early["dataValues"]} == {"2016", "2017"}
    so_far = ledger.progress(demo.programs["ogan_ilir"], as_of="2017-06-30")
    values = early["dataValues"]
    binaan = [int(v["value"]) for v in values if v["dataElement"] == "UMKM_BINAAN_BARU"]
    assert sum(binaan) == so_far.indicator("new_binaan").actual


def _changed(text: str, old: str, new: str) -> Dhis2Mapping:
    assert old in text
    return Dhis2Mapping.from_toml(text.replace(old, new))


REFUSED: dict[str, tuple[str, str, str, str, type[InvalidValue], str]] = {
    "an indicator with no mapping": (
        "ogan_ilir", OGAN_ILIR,
        '[indicators.mentored]\nactual = "UMKM_DIDAMPINGI"\nby = "gender"\n', "",
        Dhis2MappingIncomplete, "indicators.mentored",
    ),
    "an indicator the program lacks": (
        "ogan_ilir", OGAN_ILIR, "[indicators.binaan_nib]", "[indicators.binaan_nibs]",
        Dhis2MappingNotValid, "indicators.binaan_nibs",
    ),
    "a sex with no option combo": (
        "ogan_ilir", OGAN_ILIR, ', M = "LAKI_LAKI"', "",
        Dhis2MappingIncomplete, "category_option_combos.gender.M",
    ),
    "an opening balance with no sex": (
        "ogan_ilir", OGAN_ILIR, ', not_disaggregated = "TIDAK_TERPILAH"', "",
        Dhis2MappingIncomplete, "category_option_combos.gender.not_disaggregated",
    ),
    "an opening balance with no kecamatan": (
        "ogan_ilir", OGAN_ILIR, 'level = "kabupaten"', 'level = "kecamatan"',
        Dhis2MappingIncomplete, "org_units.level",
    ),
    "targets with no data element": (
        "ogan_ilir", OGAN_ILIR, 'skip = ["new_binaan.target"]', "skip = []",
        Dhis2MappingIncomplete, "indicators.new_binaan.target",
    ),
    "a five-year program period, no period type": (
        "ogan_ilir", OGAN_ILIR, 'period_type = "Yearly"\n', "",
        NoDhis2Period, "period_type",
    ),
    "a region not in the table of org units": (
        "sulsel", SULSEL, 'level = "kecamatan"',
        'level = "kecamatan"\ncodes = { "73.06.01" = "GOWA_BONTONOMPO" }',
        Dhis2MappingIncomplete, 'org_units.codes."73.06.02"',
    ),
    "actuals and targets in the same data values": (
        "sulsel",
        SULSEL.replace('[attribute_option_combos]\nactual = "REALISASI"\ntarget = "TARGET"\n', ""),
        'by = "youth"\n', "", Dhis2MappingNotValid, "indicators.young_entrepreneurs.target",
    ),
    "a youth with no option combo": (
        "sulsel", SULSEL, ', not_youth = "BUKAN_MUDA"', "",
        Dhis2MappingIncomplete, "category_option_combos.youth.not_youth",
    ),
    "no option combo for totals": (
        "oku_timur", OKU_TIMUR, 'total = "HllvX50cXC0"', "",
        Dhis2MappingIncomplete, "category_option_combos.total",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_figure_the_mapping_gives_no_place_is_refused_naming_the_key(
    ledger: Ledger, demo: Demo, case: str
) -> None:
    program, text, old, new, error, field = REFUSED[case]
    before = ledger.log_end()
    with pytest.raises(error) as refused:
        ledger.dhis2(demo.programs[program], _changed(text, old, new), as_of="2020-12-31")
    assert refused.value.field == field
    assert ledger.log_end() == before


def test_the_five_year_target_in_yearly_periods_is_refused_not_guessed(
    ledger: Ledger, demo: Demo
) -> None:
    text = OGAN_ILIR.replace('skip = ["new_binaan.target"]', "skip = []").replace(
        'actual = "UMKM_BINAAN_BARU"', 'actual = "UMKM_BINAAN_BARU"\ntarget = "UMKM_TARGET"'
    )
    with pytest.raises(NoDhis2Period) as refused:
        ledger.dhis2(demo.programs["ogan_ilir"], Dhis2Mapping.from_toml(text))
    assert refused.value.field == "indicators.new_binaan.target"
    assert "2016-01-01 to 2020-12-31 is not one Yearly period" in str(refused.value)


def test_a_mapping_may_be_given_as_the_files_keys(ledger: Ledger, demo: Demo) -> None:
    import tomllib

    as_keys = ledger.dhis2(demo.programs["sulsel"], tomllib.loads(SULSEL), as_of="2018-12-31")
    assert as_keys.as_json() == _payload(ledger, demo, "sulsel")
    with pytest.raises(InvalidValue, match="must be a Dhis2Mapping"):
        ledger.dhis2(demo.programs["sulsel"], SULSEL)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        ledger.dhis2("3f2a9c1e-0000-4000-8000-000000000000", tomllib.loads(SULSEL))


def test_a_payload_is_written_to_a_new_file_only(
    ledger: Ledger, demo: Demo, tmp_path: Path
) -> None:
    payload = ledger.dhis2(
        demo.programs["ogan_ilir"], Dhis2Mapping.from_toml(OGAN_ILIR), as_of="2020-12-31"
    )
    target = tmp_path / "ogan-ilir.json"
    assert payload.write(target) == target
    assert target.read_text(encoding="utf-8") == payload.dumps()
    target.write_text("sent yesterday", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="never overwrites"):
        payload.write(target)
    assert target.read_text(encoding="utf-8") == "sent yesterday"
