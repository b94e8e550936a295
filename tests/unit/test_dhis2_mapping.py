"""The DHIS2 mapping file: what it holds once read, and every way it can be wrong, each
refused with a typed error naming the key as the file spells it (or the line, for text
that is not TOML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from umkm_ledger import (
    Dhis2Mapping,
    Dhis2MappingIncomplete,
    Dhis2MappingNotValid,
    InvalidValue,
    RegionCode,
    RegionLevel,
)
from umkm_ledger.interchange.dhis2.mapping import IndicatorMapping, mapping_key
from umkm_ledger.interchange.dhis2.periods import PERIOD_TYPES

MAPPING = """\
data_set = "UMKM_BINAAN"
id_scheme = "code"
period_type = "Yearly"
skip = ["binaan_nib", "new_binaan.target"]

[org_units]
level = "kecamatan"
codes = { "16.10.05" = "OI_PEMULUTAN", "161008" = "OI_TANJUNG_BATU" }

[category_option_combos]
total = "default"
gender = { F = "PEREMPUAN", M = "LAKI_LAKI", not_disaggregated = "TIDAK_TERPILAH" }

[attribute_option_combos]
actual = "REALISASI"
target = "TARGET"

[indicators.new_binaan]
actual = "UMKM_BINAAN_BARU"
target = "UMKM_BINAAN_BARU"
by = "gender"
"""


def _minimal(**more: Any) -> dict[str, Any]:
    return {"org_units": {"level": "kabupaten"}, **more}


def test_the_province_level_may_be_written_in_indonesian() -> None:
    for word in ("province", "provinsi"):
        mapping = Dhis2Mapping.from_mapping({"org_units": {"level": word}})
        assert mapping.level is RegionLevel.PROVINSI


def test_a_mapping_file_is_read_into_its_value_object(tmp_path: Path) -> None:
    (tmp_path / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    mapping = Dhis2Mapping.from_file(tmp_path / "mapping.toml")
    assert mapping.level is RegionLevel.KECAMATAN
    assert mapping.data_set == "UMKM_BINAAN"
    assert mapping.period_type is PERIOD_TYPES["Yearly"]
    assert mapping.skip == {"binaan_nib", "new_binaan.target"}
    assert mapping.indicators == {
        "new_binaan": IndicatorMapping("UMKM_BINAAN_BARU", "UMKM_BINAAN_BARU", "gender")
    }
    assert mapping.total == "default"
    assert mapping.category_option_combos["gender"]["M"] == "LAKI_LAKI"
    assert mapping.attribute_option_combos == {"actual": "REALISASI", "target": "TARGET"}
    # region codes as people type them (dotted or not) are the ledger's dotted codes
    assert mapping.org_units == {"16.10.05": "OI_PEMULUTAN", "16.10.08": "OI_TANJUNG_BATU"}
    assert mapping.org_unit(RegionCode("16.10.05")) == "OI_PEMULUTAN"
    assert mapping.org_unit(RegionCode("16.10.01")) is None  # a table: only what it lists
    assert (mapping.sends("new_binaan", "actual"), mapping.sends("new_binaan", "target")) == (
        True,
        False,
    )
    assert not mapping.sends("binaan_nib", "actual")


def test_the_same_keys_as_a_dict_make_the_same_mapping() -> None:
    import tomllib

    assert Dhis2Mapping.from_mapping(tomllib.loads(MAPPING)) == Dhis2Mapping.from_toml(MAPPING)


def test_without_a_table_of_org_units_an_org_unit_is_the_kemendagri_code() -> None:
    mapping = Dhis2Mapping.from_mapping(_minimal())
    assert mapping.org_unit(RegionCode("16.10")) == "16.10"
    assert (mapping.id_scheme, mapping.org_unit_id_scheme, mapping.period_type) == (
        "code",
        "code",
        None,
    )


def test_text_that_is_not_toml_is_refused_naming_its_line_and_column() -> None:
    broken = MAPPING.replace('level = "kecamatan"', "level = kecamatan")
    with pytest.raises(Dhis2MappingNotValid) as refused:
        Dhis2Mapping.from_toml(broken, source="mapping.toml")
    assert (refused.value.line, refused.value.column) == (7, 9)
    assert refused.value.field == "mapping.toml, line 7"
    assert refused.value.shown_value == "level = kecamatan"
    assert "line 7, column 9" in str(refused.value)


def test_toml_cut_short_is_refused_at_its_end() -> None:
    with pytest.raises(Dhis2MappingNotValid) as refused:
        Dhis2Mapping.from_toml('[org_units]\nlevel = "kabupaten"\nskip = [\n')
    assert refused.value.line == 3


def test_a_file_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Dhis2MappingNotValid, match="cannot be read"):
        Dhis2Mapping.from_file(tmp_path / "missing.toml")
    (tmp_path / "latin1.toml").write_bytes(b"# peta \xe9\n")
    with pytest.raises(Dhis2MappingNotValid, match="cannot be read"):
        Dhis2Mapping.from_file(tmp_path / "latin1.toml")


WRONG: dict[str, tuple[dict[str, Any], type[InvalidValue], str]] = {
    "no org units": ({}, Dhis2MappingIncomplete, "org_units"),
    "no level": ({"org_units": {}}, Dhis2MappingIncomplete, "org_units.level"),
    "a level that is none": (
        {"org_units": {"level": "kelurahan_kota"}}, Dhis2MappingNotValid, "org_units.level"
    ),
    "an unknown key": (_minimal(dataset="X"), Dhis2MappingNotValid, "dataset"),
    "an unknown key in a table": (
        _minimal(indicators={"new": {"actual": "A", "targets": "T"}}),
        Dhis2MappingNotValid, "indicators.new.targets",
    ),
    "a number for a data element": (
        _minimal(indicators={"new": {"actual": 17}}), Dhis2MappingNotValid, "indicators.new.actual"
    ),
    "a code longer than DHIS2 keeps": (
        _minimal(indicators={"new": {"actual": "X" * 51}}),
        Dhis2MappingNotValid, "indicators.new.actual",
    ),
    "a code on two lines": (
        _minimal(data_set="UMKM\nBINAAN"), Dhis2MappingNotValid, "data_set"
    ),
    "an id scheme that is none": (_minimal(id_scheme="name"), Dhis2MappingNotValid, "id_scheme"),
    "a code where UIDs are said": (
        {"id_scheme": "uid", "org_units": {"level": "kabupaten", "codes": {"16.10": "a1234567890"}},
         "category_option_combos": {"total": "default"}},
        Dhis2MappingNotValid, "category_option_combos.total",
    ),
    "org units by UID without their table": (
        {"org_units": {"level": "kabupaten", "id_scheme": "uid"}},
        Dhis2MappingIncomplete, "org_units.codes",
    ),
    "a region of another level": (
        {"org_units": {"level": "kabupaten", "codes": {"16.10.05": "PEMULUTAN"}}},
        Dhis2MappingNotValid, 'org_units.codes."16.10.05"',
    ),
    "a region code that is none": (
        {"org_units": {"level": "kabupaten", "codes": {"16.70": "X"}}},
        Dhis2MappingNotValid, 'org_units.codes."16.70"',
    ),
    "a period type this exporter does not write": (
        _minimal(period_type="BiWeekly"), Dhis2MappingNotValid, "period_type"
    ),
    "skip as one text": (_minimal(skip="binaan_nib"), Dhis2MappingNotValid, "skip"),
    "skip of a part that is none": (
        _minimal(skip=["new.baseline"]), Dhis2MappingNotValid, "skip[0]"
    ),
    "a breakdown by region": (
        _minimal(indicators={"new": {"actual": "A", "by": "kecamatan"}}),
        Dhis2MappingNotValid, "indicators.new.by",
    ),
    "a breakdown by funder (its rows overlap)": (
        _minimal(indicators={"new": {"actual": "A", "by": "funder"}}),
        Dhis2MappingNotValid, "indicators.new.by",
    ),
    "option combos of a dimension that is none": (
        _minimal(category_option_combos={"sex": {"F": "P"}}),
        Dhis2MappingNotValid, "category_option_combos.sex",
    ),
    "a table where a text goes": (
        _minimal(attribute_option_combos={"actual": {"code": "A"}}),
        Dhis2MappingNotValid, "attribute_option_combos.actual",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", WRONG, ids=list(WRONG))
def test_a_wrong_mapping_is_refused_naming_the_key(case: str) -> None:
    data, error, field = WRONG[case]
    with pytest.raises(error) as refused:
        Dhis2Mapping.from_mapping(data)
    assert refused.value.field == field


def test_a_uid_is_eleven_letters_and_digits_starting_with_a_letter() -> None:
    uids: dict[str, Any] = {
        "id_scheme": "uid",
        "org_units": {"level": "kabupaten", "codes": {"16.10": "OgnIlr16100"}},
        "indicators": {"new": {"actual": "fbfJHSPpUQD"}},
    }
    assert Dhis2Mapping.from_mapping(uids).indicators["new"].actual == "fbfJHSPpUQD"
    uids["indicators"] = {"new": {"actual": "1bfJHSPpUQD"}}
    with pytest.raises(Dhis2MappingNotValid, match="not a DHIS2 UID"):
        Dhis2Mapping.from_mapping(uids)


def test_values_without_a_value_are_spelled_as_keys_a_file_can_hold() -> None:
    assert [mapping_key(k) for k in ("F", "(unknown)", "(not disaggregated)", "not youth")] == [
        "F",
        "unknown",
        "not_disaggregated",
        "not_youth",
    ]
