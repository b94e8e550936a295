"""Region names: looked up by code in the code's own edition, searched by name, and
carried across the editions of the code list the package ships."""

from __future__ import annotations

import gzip
import hashlib
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umkm_ledger import (
    AmbiguousRegionName,
    Place,
    RegionCode,
    RegionLevel,
    UnknownRegionName,
    region_names,
)
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.platform.regions.keys import query_key, search_key

OLD = "Kepmendagri 100.1.1-6117/2022"
NEW = "Kepmendagri 300.2.2-2138/2025"
NAMES = region_names()


def test_the_data_set_has_both_editions_the_ledger_meets_the_default_first() -> None:
    assert NAMES.editions == (OLD, NEW)
    assert NAMES.newest == NEW
    assert NAMES.source["commit"] == "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7"
    assert NAMES.source["licence"].startswith("MIT")


def test_the_shipped_files_are_those_the_manifest_describes() -> None:
    folder = resources.files("umkm_ledger.platform.regions") / "data"
    manifest = json.loads((folder / "editions.json").read_text(encoding="utf-8"))
    for entry in manifest["editions"]:
        blob = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == entry["sha256"], entry["file"]
        codes = [line.split("\t")[0] for line in gzip.decompress(blob).decode().splitlines()]
        assert codes == sorted(codes)
        per_level = {str(level): 0 for level in range(1, 5)}
        for code in codes:
            per_level[str(code.count(".") + 1)] += 1
        assert per_level == entry["levels"]
    for entry in manifest["changes"]:
        blob = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == entry["sha256"]
    assert (folder / "LICENSE-wilayah.txt").read_text(encoding="utf-8").startswith("MIT License")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("16", "Sumatera Selatan"),
        ("16.07", "Kabupaten Banyuasin"),
        ("16.08", "Kabupaten Ogan Komering Ulu Timur"),
        ("16.10", "Kabupaten Ogan Ilir"),
        ("16.71", "Kota Palembang"),
        ("73", "Sulawesi Selatan"),
        ("16.08.13", "Madang Suku III"),
        ("16.08.13.2004", "Wana Bakti"),
        ("16.10.08.2003", "Tebing Gerinting Selatan"),
        ("16.10.02.1017", "Tanjung Batu"),
    ],
)
def test_the_seed_articles_places_have_their_names(code: str, name: str) -> None:
    assert NAMES.name_of(code) == name
    assert NAMES.name_of(RegionCode(code, NEW)) == name


def test_a_code_is_named_in_its_own_edition_never_in_another() -> None:
    kisam = RegionCode("11.02.03.2002", OLD)

    assert NAMES.name_of(kisam) == "Kisam"
    assert NAMES.name_of(RegionCode("11.02.03.2002", NEW)) == "Kuta Buluh"
    assert NAMES.name_of(RegionCode("16.08.13", "Permendagri 58/2021")) is None
    assert NAMES.name_of("16.08.99") is None


def test_a_label_puts_the_code_beside_the_name_and_marks_what_it_cannot_name() -> None:
    assert NAMES.label("16.08.13") == "Madang Suku III (16.08.13)"
    assert NAMES.label(RegionCode("16.08.13", "Permendagri 58/2021")) == (
        "16.08.13 (no names for Permendagri 58/2021)"
    )
    assert NAMES.label("16.08.99") == f"16.08.99 (not in {OLD})"
    indonesian = Labels("id", places=NAMES.label)
    assert indonesian.place(RegionCode("16.08.99")) == f"16.08.99 (tidak terdapat dalam {OLD})"
    assert indonesian.place(RegionCode("16.08.13")) == "Madang Suku III (16.08.13)"
    assert Labels("en").place(RegionCode("16.08.13")) == "16.08.13"  # no names: the code


def test_a_place_knows_what_it_lies_in() -> None:
    place = NAMES.place("16.08.13.2004")

    assert place == Place(
        RegionCode("16.08.13.2004"),
        "Wana Bakti",
        ("Madang Suku III", "Kabupaten Ogan Komering Ulu Timur", "Sumatera Selatan"),
    )
    assert place.level is RegionLevel.DESA_KELURAHAN
    assert place.label == "Wana Bakti (16.08.13.2004)"
    assert [p.name for p in NAMES.children("16.08")][:3] == [
        "Martapura",
        "Buay Madang",
        "Belitang",
    ]


@pytest.mark.parametrize(
    "typed",
    ["Madang Suku III", "madang suku iii", "MADANG  SUKU   III", " Kecamatan Madang-Suku III"],
)
def test_a_search_ignores_case_spacing_punctuation_and_the_level_word(typed: str) -> None:
    [found] = NAMES.find(typed, level="kecamatan")

    assert found.code == RegionCode("16.08.13")


def test_a_kabupaten_or_kota_is_found_without_its_kind_and_exactly_with_it() -> None:
    assert [p.code.code for p in NAMES.find("Ogan Ilir", level="kabupaten")] == ["16.10"]
    assert [p.code.code for p in NAMES.find("Kab. Ogan Ilir", level="kabupaten")] == ["16.10"]
    assert [p.code.code for p in NAMES.find("Palembang", level="kota")] == ["16.71"]
    assert [p.code.code for p in NAMES.find("Bogor", level="kabupaten")] == ["32.01", "32.71"]
    assert [p.code.code for p in NAMES.find("Kota Bogor", level="kabupaten")] == ["32.71"]


def test_a_name_many_desa_share_is_ambiguous_with_every_candidate_and_its_code() -> None:
    with pytest.raises(AmbiguousRegionName) as refused:
        NAMES.resolve("Sukarami", level="desa", field="desa")

    codes = [p.code.code for p in refused.value.candidates]
    assert "16.10.05.2016" in codes
    assert "16.71.07.1005" in codes  # Suka Rami: the same name, spaced otherwise
    assert len(codes) == 26
    assert refused.value.field == "desa"
    assert "Sukarami (16.10.05.2016, Pemulutan, Kabupaten Ogan Ilir)" in str(refused.value)
    assert "and 14 more" in str(refused.value)
    assert isinstance(refused.value, InvalidValue)


def test_a_region_named_narrows_the_search_to_what_lies_in_it() -> None:
    ogan_ilir = NAMES.resolve("Ogan Ilir", level="kabupaten")

    code = NAMES.resolve("Sukarami", level="desa", within=ogan_ilir)
    assert code == RegionCode("16.10.05.2016")


def test_a_name_of_another_level_is_refused_saying_what_it_is() -> None:
    with pytest.raises(UnknownRegionName) as refused:
        NAMES.find("Madang Suku III", level="desa")

    assert [p.code.code for p in refused.value.elsewhere] == ["16.08.13"]
    assert "no desa/kelurahan has this name; these have it: Madang Suku III (16.08.13" in str(
        refused.value
    )


def test_a_name_outside_the_region_given_is_refused_saying_where_it_is() -> None:
    with pytest.raises(UnknownRegionName) as refused:
        NAMES.resolve("Wana Bakti", level="desa", within="16.10")

    assert [p.code.code for p in refused.value.elsewhere] == ["16.08.13.2004"]
    assert "in Kabupaten Ogan Ilir (16.10)" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "level", "close"),
    [
        ("Wana Bakty", "desa", "16.08.13.2004"),
        ("Madang Suku Tiga", "kecamatan", "16.08.13"),
        ("Ogan Ilr", "kabupaten", "16.10"),
    ],
)
def test_an_unknown_name_suggests_close_ones(typed: str, level: str, close: str) -> None:
    with pytest.raises(UnknownRegionName) as refused:
        NAMES.find(typed, level=level)

    assert close in [p.code.code for p in refused.value.suggestions]
    assert "close:" in str(refused.value)


def test_a_code_is_taken_as_typed_at_its_level_only() -> None:
    assert NAMES.resolve("160813", level="kecamatan") == RegionCode("16.08.13")
    with pytest.raises(InvalidValue, match="is a kabupaten/kota code"):
        NAMES.resolve("16.08", level="kecamatan", field="kecamatan")
    with pytest.raises(InvalidValue, match="must be one of"):
        NAMES.find("Ogan Ilir", level="county")
    with pytest.raises(InvalidValue, match="must name a region"):
        NAMES.find("   ")


def test_filters_narrow_from_the_coarsest_and_must_agree() -> None:
    chosen = NAMES.narrow(
        {"kabupaten": "Ogan Komering Ulu Timur", "kecamatan": "Madang Suku III", "desa": None}
    )

    assert chosen == RegionCode("16.08.13")
    assert NAMES.narrow({"desa": None}) is None
    with pytest.raises(InvalidValue, match="is not in Kabupaten Ogan Ilir"):
        NAMES.narrow({"kabupaten": "16.10", "kecamatan": "16.08.13"})


def test_a_code_that_moved_in_a_pemekaran_is_carried_across_either_way() -> None:
    tolisu = RegionCode("72.01.09.2015", OLD)  # Toili, Banggai: in Toili Jaya since

    moved = NAMES.change(tolisu, NEW)

    assert (moved.kind, moved.code) == ("moved", RegionCode("72.01.24.2001", NEW))
    assert NAMES.translate(RegionCode("72.01.24.2001", NEW), OLD) == tolisu
    assert NAMES.name_of(tolisu, edition=NEW) == "Tolisu"
    assert NAMES.translate(RegionCode("92.01", OLD), NEW) == RegionCode("96.01", NEW)  # Sorong
    assert NAMES.change(RegionCode("16.08.13", OLD), NEW).kind == "same"
    assert NAMES.change(RegionCode("72.01.24", NEW), OLD).kind == "new"
    assert NAMES.change(RegionCode("16.08", "Permendagri 58/2021"), NEW).kind == "unknown"


def test_a_region_of_the_newer_edition_finds_what_was_coded_in_the_older() -> None:
    [toili_jaya] = NAMES.find("Toili Jaya", level="kecamatan")

    assert toili_jaya.code == RegionCode("72.01.24", NEW)
    assert NAMES.lies_in(RegionCode("72.01.09.2015", OLD), toili_jaya.code)
    assert not NAMES.lies_in(RegionCode("72.01.09.2001", OLD), toili_jaya.code)


def test_a_place_in_both_editions_is_found_once_in_the_default_edition() -> None:
    [found] = NAMES.find("Wana Bakti", level="desa", within="16.08")

    assert found.code.edition == OLD


def test_keys_are_what_the_search_compares() -> None:
    assert search_key("Kab. Ogan  Ilir") == search_key("KABUPATEN OGAN ILIR") == "kabupatenoganilir"
    assert query_key("Desa Wana Bakti") == search_key("Wana Bakti")
    assert search_key("Regapu’u") == search_key("Regapu'u") == "regapuu"


def _codes(edition: str) -> list[RegionCode]:
    return list(NAMES.codes(edition))


_ALL = {edition: _codes(edition) for edition in (OLD, NEW)}


@settings(max_examples=400, deadline=None)
@given(edition=st.sampled_from([OLD, NEW]), index=st.integers(min_value=0))
def test_every_code_is_found_by_its_name_at_its_level(edition: str, index: int) -> None:
    code = _ALL[edition][index % len(_ALL[edition])]
    name = NAMES.name_of(code)
    assert name is not None

    found = NAMES.find(name, level=code.level, edition=edition)

    assert code in [place.code for place in found]
    if code.level > RegionLevel.PROVINSI:
        # Inside its parent, by name: the code, unless its parent has two of that name.
        inside = NAMES.find(name, level=code.level, within=code.parent, edition=edition)
        assert code in [place.code for place in inside]
