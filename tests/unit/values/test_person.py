from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from tests.strategies import addresses, owners
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import NIK, Address, Gender, Owner, RegionCode

SITI_NIK = NIK("1610014508900012")  # a woman born 5 Aug 1990 (made up)
BUDI_NIK = NIK("1610010508900013")  # a man born 5 Aug 1990 (made up)
DESA = RegionCode("16.10.01.2001")


class TestGender:
    @pytest.mark.parametrize(
        "text", ["F", "f", "P", "female", "Perempuan", " PEREMPUAN ", "wanita"]
    )
    def test_women(self, text: str) -> None:
        assert Gender.parse(text) is Gender.PEREMPUAN

    @pytest.mark.parametrize("text", ["M", "m", "L", "male", "Laki-laki", "laki laki", "pria"])
    def test_men(self, text: str) -> None:
        assert Gender.parse(text) is Gender.LAKI_LAKI

    @pytest.mark.parametrize("text", ["", "x", "fm", "lelaki?"])
    def test_garbage(self, text: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Gender.parse(text, field="owners[0].gender")
        assert caught.value.field == "owners[0].gender"

    def test_labels(self) -> None:
        assert Gender.PEREMPUAN.label == "perempuan"
        assert Gender.LAKI_LAKI.label == "laki-laki"


class TestOwner:
    def test_consistent_owner(self) -> None:
        owner = Owner("  Siti Aminah ", SITI_NIK, Gender.PEREMPUAN, 1990)
        assert owner.name == "Siti Aminah"
        assert owner.birth_date == date(1990, 8, 5)
        assert owner.age_in(2023) == 33

    def test_repr_masks_the_nik(self) -> None:
        owner = Owner("Siti", SITI_NIK, Gender.PEREMPUAN, 1990)
        assert SITI_NIK.value not in repr(owner)
        assert "161001********12" in repr(owner)

    def test_gender_must_match_the_nik(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner("Siti", SITI_NIK, Gender.LAKI_LAKI, 1990)
        assert caught.value.field == "gender"
        assert SITI_NIK.value not in str(caught.value)

    def test_birth_year_must_match_the_nik(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner("Budi", BUDI_NIK, Gender.LAKI_LAKI, 1991)
        assert caught.value.field == "birth_year"
        assert BUDI_NIK.value not in str(caught.value)

    def test_29_february_needs_a_leap_birth_year(self) -> None:
        nik = NIK("1610012902000012")
        assert Owner("Andi", nik, Gender.LAKI_LAKI, 2000).birth_date == date(2000, 2, 29)
        with pytest.raises(InvalidValue) as caught:
            Owner("Andi", nik, Gender.LAKI_LAKI, 1900)
        assert caught.value.field == "birth_year"

    @pytest.mark.parametrize("year", [1899, 2101, True])
    def test_birth_year_sanity(self, year: int) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner("Budi", BUDI_NIK, Gender.LAKI_LAKI, year)
        assert caught.value.field == "birth_year"

    @pytest.mark.parametrize("name", ["", "   "])
    def test_name_required(self, name: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner(name, BUDI_NIK, Gender.LAKI_LAKI, 1990)
        assert caught.value.field == "name"

    def test_nik_must_be_a_nik(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner("Budi", "1610010508900013", Gender.LAKI_LAKI, 1990)  # type: ignore[arg-type]
        assert caught.value.field == "nik"
        assert "1610010508900013" not in str(caught.value)

    def test_gender_must_be_a_gender(self) -> None:
        with pytest.raises(InvalidValue):
            Owner("Budi", BUDI_NIK, "M", 1990)  # type: ignore[arg-type]

    def test_age_before_birth(self) -> None:
        with pytest.raises(InvalidValue):
            Owner("Budi", BUDI_NIK, Gender.LAKI_LAKI, 1990).age_in(1989)

    def test_error_can_be_located(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Owner("Siti", SITI_NIK, Gender.LAKI_LAKI, 1990)
        assert caught.value.at("owners[1]").field == "owners[1].gender"

    @given(owners())
    def test_owners_strategy_is_consistent(self, owner: Owner) -> None:
        assert owner.nik.is_female == (owner.gender is Gender.PEREMPUAN)
        assert owner.nik.matches_birth_year(owner.birth_year)
        assert owner.nik.value not in repr(owner)
        assert owner.age_in(owner.birth_year) == 0


class TestAddress:
    def test_in_a_desa(self) -> None:
        address = Address("Jl. Lintas Timur No. 5", DESA, "30662")
        assert address.desa == DESA
        assert Address("Dusun II", DESA).postal_code is None

    @pytest.mark.parametrize("region", ["16", "16.10", "16.10.01"])
    def test_must_be_desa_level(self, region: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Address("Jl. Merdeka", RegionCode(region))
        assert caught.value.field == "address.desa"

    @pytest.mark.parametrize("postal_code", ["3066", "306621", "3066a", ""])
    def test_postal_code_is_five_digits(self, postal_code: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Address("Jl. Merdeka", DESA, postal_code)
        assert caught.value.field == "address.postal_code"

    def test_street_required(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Address(" ", DESA)
        assert caught.value.field == "address.street"

    def test_desa_must_be_a_region_code(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Address("Jl. Merdeka", "16.10.01.2001")  # type: ignore[arg-type]
        assert caught.value.field == "address.desa"

    @given(addresses())
    def test_addresses_strategy(self, address: Address) -> None:
        assert address.desa.parent is not None
