from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import kblis, nibs, niks
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import KBLI, NIB, NIK, RegionCode

# A made-up NIK: Ogan Ilir kecamatan 01, a woman born 5 Aug 1990, serial 0012.
SITI = "1610014508900012"


class TestNIB:
    def test_thirteen_digits(self) -> None:
        nib = NIB("9120001234567")
        assert nib.value == "9120001234567"
        assert str(nib) == "9120001234567"

    def test_parse_drops_whitespace(self) -> None:
        assert NIB.parse(" 912000 1234567\n") == NIB("9120001234567")

    @pytest.mark.parametrize(
        "bad", ["912000123456", "91200012345678", "912000123456a", " 9120001234567"]
    )
    def test_constructor_wants_the_clean_form(self, bad: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            NIB(bad)
        assert caught.value.field == "nib"

    def test_parse_names_the_field(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            NIB.parse("12345", field="enterprise.nib")
        assert caught.value.field == "enterprise.nib"
        assert caught.value.shown_value == "12345"

    @given(nibs())
    def test_parse_round_trip(self, nib: NIB) -> None:
        assert NIB.parse(str(nib)) == nib


class TestNIK:
    def test_parts(self) -> None:
        nik = NIK(SITI)
        assert nik.is_female
        assert (nik.birth_day, nik.birth_month, nik.birth_year_2digit) == (5, 8, 90)
        assert nik.region == RegionCode("16.10.01")
        assert nik.matches_birth_year(1990)
        assert nik.matches_birth_year(2090)
        assert not nik.matches_birth_year(1991)
        assert nik.value == SITI

    def test_man(self) -> None:
        nik = NIK("1610010508900012")
        assert not nik.is_female
        assert nik.birth_day == 5

    def test_masked(self) -> None:
        nik = NIK(SITI)
        assert nik.masked() == "161001********12"
        assert str(nik) == "161001********12"
        assert repr(nik) == "NIK('161001********12')"
        assert f"{nik}" == "161001********12"

    def test_parse_strips_whitespace(self) -> None:
        assert NIK.parse(f"  {SITI[:6]} {SITI[6:12]} {SITI[12:]} ") == NIK(SITI)

    @pytest.mark.parametrize(
        ("bad", "why"),
        [
            ("1610013102900012", "31 Feb"),
            ("1610017102900012", "a woman's 31 Feb"),
            ("1610010013900012", "month 13"),
            ("1610010000900012", "day 0 and month 0"),
            ("1610013208900012", "day 32 (only 1-31 and 41-71 exist)"),
            ("1610014008900012", "day 40"),
            ("1610017208900012", "day 72"),
            ("1610012902010012", "29 Feb 1901/2001"),
            ("1610010508900000", "serial 0000"),
            ("1010010508900012", "province 10"),
            ("1600010508900012", "kabupaten 00"),
            ("1670010508900012", "kabupaten 70"),
            ("1610000508900012", "kecamatan 00"),
            ("161001050890001", "15 digits"),
            ("16100105089000123", "17 digits"),
            ("16100105089000a2", "a letter"),
        ],
    )
    def test_invalid(self, bad: str, why: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            NIK(bad)
        assert caught.value.field == "nik", why
        assert bad not in str(caught.value)

    @pytest.mark.parametrize("leap", ["1610012902000012", "1610016902040012"])
    def test_29_february_of_some_leap_year(self, leap: str) -> None:
        assert NIK(leap).birth_day == 29

    def test_wrong_length_is_masked_after_four(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            NIK.parse("161001450890001", field="owners[0].nik")
        assert caught.value.field == "owners[0].nik"
        assert caught.value.shown_value == "1610" + "*" * 11

    def test_non_text_is_not_printed(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            NIK(1610014508900012)  # type: ignore[arg-type]
        assert "1610014508900012" not in str(caught.value)

    @given(niks())
    def test_never_shown_in_full(self, nik: NIK) -> None:
        for text in (repr(nik), str(nik), f"{nik!r} {nik}", repr([nik]), repr({"k": nik})):
            assert nik.value not in text
        assert nik.masked() == nik.value[:6] + "********" + nik.value[-2:]

    @given(
        niks(),
        st.sampled_from(
            [(6, "00"), (6, "32"), (6, "40"), (6, "72"), (8, "00"), (8, "13"), (12, "0000")]
        ),
    )
    def test_not_shown_in_errors(self, nik: NIK, breakage: tuple[int, str]) -> None:
        at, digits = breakage
        broken = nik.value[:at] + digits + nik.value[at + len(digits) :]
        with pytest.raises(InvalidValue) as caught:
            NIK.parse(broken)
        assert broken not in str(caught.value)
        assert caught.value.shown_value == broken[:6] + "********" + broken[-2:]

    @given(niks(female=True))
    def test_female_strategy(self, nik: NIK) -> None:
        assert nik.is_female
        assert 1 <= nik.birth_day <= 31

    @given(niks(female=False, birth_year=2000))
    def test_pinned_strategy(self, nik: NIK) -> None:
        assert not nik.is_female
        assert nik.matches_birth_year(2000)

    @given(niks())
    def test_parse_and_region(self, nik: NIK) -> None:
        assert NIK.parse(nik.value) == nik
        assert nik.region.code.replace(".", "") == nik.value[:6]


class TestKBLI:
    def test_str_and_parts(self) -> None:
        kbli = KBLI(2020, "13121")
        assert str(kbli) == "13121 (KBLI 2020)"
        assert kbli.division == "13"
        assert kbli.section == "C"

    def test_division_45_exists_in_2020_only(self) -> None:
        assert KBLI(2020, "45201").section == "G"
        with pytest.raises(InvalidValue) as caught:
            KBLI(2025, "45201")
        assert caught.value.field == "kbli"

    def test_99_moved_from_u_to_v(self) -> None:
        assert KBLI(2020, "99000").section == "U"
        assert KBLI(2025, "99000").section == "V"

    @pytest.mark.parametrize(
        ("division", "in_2020", "in_2025"),
        [("61", "J", "K"), ("64", "K", "L"), ("68", "L", "M"), ("85", "P", "Q"), ("47", "G", "G")],
    )
    def test_sections_shift_between_versions(
        self, division: str, in_2020: str, in_2025: str
    ) -> None:
        assert KBLI(2020, f"{division}100").section == in_2020
        assert KBLI(2025, f"{division}100").section == in_2025

    @pytest.mark.parametrize(
        "division", ["00", "04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"]
    )
    @pytest.mark.parametrize("version", [2020, 2025])
    def test_divisions_isic_does_not_have(self, division: str, version: int) -> None:
        with pytest.raises(InvalidValue):
            KBLI(version, f"{division}000")

    @pytest.mark.parametrize("bad", ["1312", "131211", "1312a", " 13121"])
    def test_five_digits(self, bad: str) -> None:
        with pytest.raises(InvalidValue):
            KBLI(2020, bad)

    @pytest.mark.parametrize("version", [2009, 2015, 2026, True])
    def test_versions(self, version: int) -> None:
        with pytest.raises(InvalidValue) as caught:
            KBLI(version, "13121")
        assert caught.value.field == "kbli.version"

    def test_parse(self) -> None:
        assert KBLI.parse(" 13121 ") == KBLI(2020, "13121")
        assert KBLI.parse("13121", version=2025) == KBLI(2025, "13121")
        with pytest.raises(InvalidValue) as caught:
            KBLI.parse("45201", version=2025, field="sector")
        assert caught.value.field == "sector"
        with pytest.raises(InvalidValue) as caught:
            KBLI.parse("13121", version=2019, field="sector")
        assert caught.value.field == "sector.version"

    def test_same_code_different_version_differs(self) -> None:
        assert KBLI(2020, "13121") != KBLI(2025, "13121")

    @given(kblis())
    def test_strategy_and_parse(self, kbli: KBLI) -> None:
        assert KBLI.parse(kbli.code, version=kbli.version) == kbli
        assert kbli.section.isalpha()


@pytest.mark.parametrize(
    "make",
    [
        lambda: NIB("\uff19120001234567"),  # a full-width 9
        lambda: NIK("\u0661610014508900012"),  # an Arabic-Indic 1
        lambda: KBLI(2020, "\u0661" + "3121"),
        lambda: RegionCode.parse("\u0661\u0666"),
    ],
)
def test_only_ascii_digits(make: Callable[[], object]) -> None:
    # Otherwise one number could be registered twice under two spellings.
    with pytest.raises(InvalidValue):
        make()
