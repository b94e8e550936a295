"""People and places: an enterprise's owner and a postal address."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import date

import attrs

from umkm_ledger.domain.values.identifiers import NIK
from umkm_ledger.domain.values.region import RegionCode, RegionLevel
from umkm_ledger.errors import InvalidValue

__all__ = ["Address", "Gender", "Owner"]


class Gender(enum.Enum):
    """Sex as recorded on the KTP, which is what the NIK encodes and reports disaggregate by."""

    PEREMPUAN = "F"
    LAKI_LAKI = "M"

    @classmethod
    def parse(cls, text: str, field: str = "gender") -> Gender:
        """F/M, P/L (perempuan/laki-laki), female/male, wanita/pria; any case."""
        key = " ".join(text.lower().replace("-", " ").split()) if isinstance(text, str) else None
        gender = _GENDER_WORDS.get(key) if key is not None else None
        if gender is None:
            raise InvalidValue(field, text, "is not a gender (F/M, P/L, perempuan/laki-laki)")
        return gender

    @property
    def label(self) -> str:
        return "perempuan" if self is Gender.PEREMPUAN else "laki-laki"


_GENDER_WORDS = {
    **dict.fromkeys(("f", "p", "female", "perempuan", "wanita"), Gender.PEREMPUAN),
    **dict.fromkeys(("m", "l", "male", "laki laki", "lakilaki", "pria"), Gender.LAKI_LAKI),
}


def _non_blank(field: str) -> Callable[[object, object, str], None]:
    def check(_instance: object, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(field, value, "must not be empty")

    return check


def _stripped(value: str) -> str:
    # Leading/trailing blanks come from forms and would make equal names unequal.
    return value.strip() if isinstance(value, str) else value


@attrs.frozen
class Owner:
    """The person who owns an enterprise.

    The NIK, the gender and the birth year must tell the same story: the NIK's +40
    day marks a woman, and its two year digits must end ``birth_year``. Errors about
    that never quote the NIK.
    """

    name: str = attrs.field(converter=_stripped)
    nik: NIK
    gender: Gender
    birth_year: int

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidValue("name", self.name, "must not be empty")
        if not isinstance(self.nik, NIK):
            raise InvalidValue("nik", "<hidden>", "must be a NIK; use NIK.parse for text")
        if not isinstance(self.gender, Gender):
            raise InvalidValue("gender", self.gender, "must be a Gender; use Gender.parse")
        year = self.birth_year
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise InvalidValue("birth_year", year, "must be a year from 1900 to 2100")
        if self.nik.is_female != (self.gender is Gender.PEREMPUAN):
            marked = "a woman" if self.nik.is_female else "a man"
            raise InvalidValue(
                "gender", self.gender.label, f"the NIK is that of {marked} (women: day + 40)"
            )
        if not self.nik.matches_birth_year(year):
            raise InvalidValue("birth_year", year, "does not match the birth year in the NIK")
        try:
            date(year, self.nik.birth_month, self.nik.birth_day)
        except ValueError:
            raise InvalidValue(
                "birth_year", year, "the birth date in the NIK does not exist in that year"
            ) from None

    @property
    def birth_date(self) -> date:
        """Day and month from the NIK, year from ``birth_year``."""
        return date(self.birth_year, self.nik.birth_month, self.nik.birth_day)

    def age_in(self, year: int) -> int:
        """The age the owner reaches during ``year``.

        Whole calendar years, because targets and reports (youth, for instance)
        run per fiscal year, which is the calendar year.
        """
        if year < self.birth_year:
            raise InvalidValue("year", year, "is before the owner's birth year")
        return year - self.birth_year


@attrs.frozen
class Address:
    """A street address inside a desa or kelurahan."""

    street: str = attrs.field(converter=_stripped, validator=_non_blank("address.street"))
    desa: RegionCode
    postal_code: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.desa, RegionCode):
            raise InvalidValue("address.desa", self.desa, "must be a RegionCode")
        if self.desa.level is not RegionLevel.DESA_KELURAHAN:
            raise InvalidValue(
                "address.desa",
                self.desa.code,
                f"is a {self.desa.level.label}, not a desa/kelurahan",
            )
        postal = self.postal_code
        if postal is not None and (
            not isinstance(postal, str) or re.fullmatch(r"[0-9]{5}", postal) is None
        ):
            raise InvalidValue("address.postal_code", postal, "a kode pos is 5 digits")
