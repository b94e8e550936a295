"""Enterprises found by the name of their region, through the Python API and over HTTP,
on SQLite and PostgreSQL; a desa coded in the older edition of the code list found by a
region of the newer one; a code of an edition without names shown, never misnamed.
(Over HTTP: tests/server/test_region_filters.py.)"""

from __future__ import annotations

import pytest

from tests.support import person
from umkm_ledger import AmbiguousRegionName, Ledger, RegionCode, UnknownRegionName
from umkm_ledger.enterprises.text import render_enterprise
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.platform.regions import place_label

NEW = "Kepmendagri 300.2.2-2138/2025"


def _register(ledger: Ledger, name: str, desa: RegionCode | str, serial: int) -> str:
    code = desa if isinstance(desa, RegionCode) else RegionCode(desa)
    return str(
        ledger.register_enterprise(
            name, owners=[person(serial, code.code)], desa=desa, sector="10792",
            founded_on="2015-01-01", effective_date="2024-01-02",
        )
    )  # fmt: skip


def test_enterprises_of_a_region_named_by_officials(ledger_url: str) -> None:
    with Ledger.open(ledger_url, notices=False) as ledger:
        rice = _register(ledger, "Beras Organik Wana Bakti", "16.08.13.2004", 1)
        guava = _register(ledger, "Jambu Kristal Suka Raja", "16.08.02.2001", 2)
        songket = _register(ledger, "Tenun Songket Siti", "16.10.08.2003", 3)

        in_madang = ledger.enterprises(kecamatan="Madang Suku III")
        in_oku = ledger.enterprises(kabupaten="ogan komering ulu timur")
        in_desa = ledger.enterprises(kabupaten="16.08", desa="Wana Bakti")
        everywhere = ledger.enterprises()

    assert [str(v.id) for v in in_madang] == [rice]
    assert [str(v.id) for v in in_oku] == [rice, guava]
    assert [str(v.id) for v in in_desa] == [rice]
    assert [str(v.id) for v in everywhere] == [rice, guava, songket]
    assert ledger.region_name(in_madang[0].desa) == "Wana Bakti"


def test_an_ambiguous_or_unknown_region_name_lists_what_it_could_be(ledger_url: str) -> None:
    with Ledger.open(ledger_url, notices=False) as ledger:
        _register(ledger, "Kerupuk Sukarami", "16.10.05.2016", 1)
        with pytest.raises(AmbiguousRegionName) as ambiguous:
            ledger.enterprises(desa="Sukarami")
        with pytest.raises(UnknownRegionName) as unknown:
            ledger.enterprises(kecamatan="Madang Suku Tiga")
        [found] = ledger.enterprises(kabupaten="Ogan Ilir", desa="Sukarami")

    assert RegionCode("16.10.05.2016") in [p.code for p in ambiguous.value.candidates]
    assert RegionCode("16.08.13") in [p.code for p in unknown.value.suggestions]
    assert found.name == "Kerupuk Sukarami"


def test_a_desa_coded_before_a_pemekaran_is_found_by_its_new_kecamatan(ledger_url: str) -> None:
    with Ledger.open(ledger_url, notices=False) as ledger:
        # Tolisu was in Kecamatan Toili (72.01.09) in the 2022 list; the 2025 list puts it
        # in Toili Jaya (72.01.24), a kecamatan the 2022 list does not have.
        tolisu = _register(ledger, "Kopi Tolisu", "72.01.09.2015", 1)
        _register(ledger, "Kakao Toili", "72.01.09.2001", 2)
        recoded = _register(ledger, "Sagu Tolisu", RegionCode("72.01.24.2001", NEW), 3)

        in_toili_jaya = ledger.enterprises(kecamatan="Toili Jaya")

    assert [str(v.id) for v in in_toili_jaya] == [tolisu, recoded]
    assert {v.desa.edition for v in in_toili_jaya} == {"Kepmendagri 100.1.1-6117/2022", NEW}


def test_a_code_of_an_edition_without_names_is_shown_as_a_code_marked_so(
    ledger_url: str,
) -> None:
    with Ledger.open(ledger_url, notices=False) as ledger:
        older = _register(
            ledger, "Tenun Lama", RegionCode("16.08.13.2004", "Permendagri 58/2021"), 1
        )
        view = ledger.enterprise(older)
        assert ledger.region_name(view.desa) is None
        assert ledger.enterprises(kecamatan="Madang Suku III") == []

    shown = render_enterprise(view, Labels("en", places=place_label))
    assert "16.08.13.2004 (no names for Permendagri 58/2021)" in shown
    assert "Wana Bakti" not in shown
