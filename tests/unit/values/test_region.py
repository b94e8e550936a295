from __future__ import annotations

import pytest
from hypothesis import given

from tests.strategies import desa_codes, region_codes
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import DEFAULT_EDITION, RegionCode, RegionLevel

OGAN_ILIR = RegionCode("16.10")


class TestConstruction:
    @pytest.mark.parametrize(
        ("code", "level"),
        [
            ("16", RegionLevel.PROVINSI),
            ("16.10", RegionLevel.KABUPATEN_KOTA),
            ("16.10.01", RegionLevel.KECAMATAN),
            ("16.10.01.2001", RegionLevel.DESA_KELURAHAN),
            ("33.73.04.1001", RegionLevel.DESA_KELURAHAN),
            ("91.03.01.3007", RegionLevel.DESA_KELURAHAN),  # a desa adat (Kabupaten Jayapura)
        ],
    )
    def test_levels(self, code: str, level: RegionLevel) -> None:
        region = RegionCode(code)
        assert region.level is level
        assert str(region) == code
        assert region.edition == DEFAULT_EDITION

    def test_level_labels(self) -> None:
        assert [level.label for level in RegionLevel] == [
            "provinsi",
            "kabupaten/kota",
            "kecamatan",
            "desa/kelurahan",
        ]

    @pytest.mark.parametrize(
        "code",
        [
            "10",  # provinces start at 11
            "09",
            "16.00",
            "16.70",  # 70 is neither kabupaten nor kota
            "16.10.00",
            "16.10.01.1000",
            "16.10.01.2000",
            "16.10.01.0001",
            "16.10.01.4001",
            "16.10.01.3000",
            "1610",  # the constructor wants the dotted form
            "16.1",
            "16.10.01.201",
            " 16",
            "16.",
            "",
        ],
    )
    def test_invalid_codes(self, code: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            RegionCode(code)
        assert caught.value.field == "region"

    def test_edition_must_be_named(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            RegionCode("16", " ")
        assert caught.value.field == "region.edition"
        with pytest.raises(InvalidValue) as caught:
            RegionCode.parse("16", "", field="group.region")
        assert caught.value.field == "group.region.edition"

    def test_non_text(self) -> None:
        with pytest.raises(InvalidValue):
            RegionCode(16)  # type: ignore[arg-type]


class TestParse:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("1610012001", "16.10.01.2001"),
            ("161001", "16.10.01"),
            ("1610", "16.10"),
            ("16", "16"),
            ("  16.10.01  ", "16.10.01"),
            ("16.09", "16.09"),
        ],
    )
    def test_dotted_and_undotted(self, text: str, code: str) -> None:
        assert RegionCode.parse(text) == RegionCode(code)

    @pytest.mark.parametrize("text", ["1", "161", "16100120", "16100120011", "16-10", "xx", "1670"])
    def test_rejects(self, text: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            RegionCode.parse(text, field="address.desa")
        assert caught.value.field == "address.desa"

    def test_edition_is_kept(self) -> None:
        region = RegionCode.parse("1610", edition="Kepmendagri 050-145/2022")
        assert region.edition == "Kepmendagri 050-145/2022"
        assert region.parent == RegionCode("16", "Kepmendagri 050-145/2022")

    @given(region_codes())
    def test_parse_of_undotted_and_dotted(self, region: RegionCode) -> None:
        assert RegionCode.parse(region.code) == region
        assert RegionCode.parse(region.code.replace(".", "")) == region


class TestHierarchy:
    def test_desa_in_ogan_ilir(self) -> None:
        desa = RegionCode("16.10.01.2001")
        assert desa.parent == RegionCode("16.10.01")
        assert desa.ancestors() == (RegionCode("16"), OGAN_ILIR, RegionCode("16.10.01"))
        assert desa.at_level(RegionLevel.KABUPATEN_KOTA) == OGAN_ILIR
        assert desa.is_within(OGAN_ILIR)
        assert not desa.is_within(RegionCode("16.09"))
        assert not desa.is_kelurahan
        assert not desa.is_kota
        assert desa.province_code == "16"
        assert desa.province == RegionCode("16")

    def test_province_has_no_parent(self) -> None:
        assert RegionCode("16").parent is None
        assert RegionCode("16").ancestors() == ()

    def test_kota_and_kelurahan(self) -> None:
        kelurahan = RegionCode("16.71.01.1001")  # Kota Palembang
        assert kelurahan.is_kota
        assert kelurahan.is_kelurahan
        assert RegionCode("16.71").is_kota
        assert not RegionCode("16").is_kota

    def test_at_level_cannot_go_deeper(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            OGAN_ILIR.at_level(RegionLevel.KECAMATAN)
        assert caught.value.field == "level"

    def test_other_edition_is_not_within(self) -> None:
        assert not RegionCode("16.10.01", "Permendagri 72/2019").is_within(OGAN_ILIR)

    @given(region_codes())
    def test_within_each_ancestor_and_itself(self, region: RegionCode) -> None:
        assert region.is_within(region)
        for ancestor in region.ancestors():
            assert region.is_within(ancestor)
            assert ancestor.level < region.level
            assert ancestor.edition == region.edition
            assert not ancestor.is_within(region)

    @given(region_codes())
    def test_parent_is_last_ancestor(self, region: RegionCode) -> None:
        ancestors = region.ancestors()
        assert region.parent == (ancestors[-1] if ancestors else None)
        assert len(ancestors) == region.level - 1
        assert [a.level for a in ancestors] == list(RegionLevel)[: region.level - 1]

    @given(region_codes(), region_codes())
    def test_within_means_same_prefix(self, one: RegionCode, other: RegionCode) -> None:
        expected = one.level >= other.level and one.at_level(other.level) == other
        assert one.is_within(other) == expected

    @given(desa_codes())
    def test_desa_strategy(self, desa: RegionCode) -> None:
        assert desa.level is RegionLevel.DESA_KELURAHAN
        assert desa.is_kelurahan == (desa.code[-4] == "1")
