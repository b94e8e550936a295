"""People and places: an enterprise's owner and a postal address."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import shown_number
from umkm_ledger.kernel.values.identifiers import ERASED, NIK
from umkm_ledger.kernel.values.region import RegionCode, RegionLevel

__all__ = [
    "CREDENTIAL",
    "HIDDEN_YEAR",
    "PERSONAL",
    "Address",
    "Gender",
    "Owner",
    "hiding_personal_data",
    "is_personal",
    "shown_name",
]


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
            shown = text[:40] if isinstance(text, str) else shown_number(text)
            raise InvalidValue(field, shown, "is not a gender (F/M, P/L, perempuan/laki-laki)")
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


#: How an error shows a birth year: a birth detail, never printed.
HIDDEN_YEAR = "****"
_INNER_LETTERS = re.compile(r"(?<=\w)\w")


def shown_name(value: object) -> object:
    """A person's name as an error may show it: each word's first letter, the rest
    starred (``Siti Aminah`` → ``S*** A*****``), cut at 60 characters. Enough for the
    person who typed it to see which entry is meant; no name for anyone else to read."""
    if not isinstance(value, str):
        return shown_number(value)
    return _INNER_LETTERS.sub("*", value[:60])


_SHOWN_PERSONAL: dict[str, Callable[[object], object]] = {
    "name": shown_name,
    "birth_year": lambda _value: HIDDEN_YEAR,
}


def hiding_personal_data(error: InvalidValue) -> InvalidValue:
    """``error`` about a person's field, with the value it shows masked where the field
    is personal data (names, birth details; NIKs are masked where they are parsed)."""
    shown = _SHOWN_PERSONAL.get(error.field)
    if shown is None:
        return error
    masked = type(error).__new__(type(error))
    InvalidValue.__init__(masked, error.field, shown(error.shown_value), error.problem)
    return masked


#: The metadata of a field that holds personal data (UU 27/2022): left out of, or
#: pseudonymised in, whatever leaves the ledger for readers without the right to it
#: (the public event feed, by default). A NIK is personal wherever it appears.
PERSONAL: Mapping[str, bool] = MappingProxyType({"personal": True})


#: The metadata of a field that holds a credential's digest (an API token's): the ledger
#: checks it, and shows it to nobody (histories, exports of fields, the audit trail).
CREDENTIAL: Mapping[str, bool] = MappingProxyType({"credential": True})


def is_personal(field: attrs.Attribute[Any] | Any) -> bool:
    """Whether ``field`` (of a value object, attrs; or of an event, a dataclass field)
    holds personal data."""
    return bool(field.metadata.get("personal"))


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

    name: str = attrs.field(converter=_stripped, repr=False, metadata=PERSONAL)
    nik: NIK = attrs.field(metadata=PERSONAL)
    gender: Gender
    birth_year: int = attrs.field(repr=False, metadata=PERSONAL)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidValue("name", shown_name(self.name), "must not be empty")
        if not isinstance(self.nik, NIK):
            raise InvalidValue("nik", "<hidden>", "must be a NIK; use NIK.parse for text")
        if not isinstance(self.gender, Gender):
            raise InvalidValue("gender", self.gender, "must be a Gender; use Gender.parse")
        year = self.birth_year
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise InvalidValue("birth_year", HIDDEN_YEAR, "must be a year from 1900 to 2100")
        if self.nik.is_female != (self.gender is Gender.PEREMPUAN):
            raise InvalidValue(
                "gender",
                self.gender.label,
                N_("the NIK is that of a woman (women: day + 40)")
                if self.nik.is_female
                else N_("the NIK is that of a man (women: day + 40)"),
            )
        if not self.nik.matches_birth_year(year):
            raise InvalidValue(
                "birth_year", HIDDEN_YEAR, "does not match the birth year in the NIK"
            )
        try:
            date(year, self.nik.birth_month, self.nik.birth_day)
        except ValueError:
            raise InvalidValue(
                "birth_year",
                HIDDEN_YEAR,
                "the birth date in the NIK does not exist in that year",
            ) from None

    @classmethod
    def erased(cls, nik: NIK, gender: Gender, birth_year: int) -> Owner:
        """An owner whose personal data was erased (``nik`` is :meth:`NIK.erased`): the
        name shows as :data:`ERASED`; the sex and birth year stay, for the counts."""
        if not nik.is_erased:
            raise InvalidValue("nik", "<hidden>", "must be an erased NIK")
        erased = object.__new__(cls)
        # Built without the owner's checks on purpose: there is no NIK left to check.
        for name, value in (("name", ERASED), ("nik", nik), ("gender", gender),
                            ("birth_year", birth_year)):  # fmt: skip
            object.__setattr__(erased, name, value)
        return erased

    @property
    def is_erased(self) -> bool:
        """Whether this owner's personal data was erased."""
        return self.nik.is_erased

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

    street: str = attrs.field(
        converter=_stripped, validator=_non_blank("address.street"), repr=False, metadata=PERSONAL
    )
    desa: RegionCode
    postal_code: str | None = None
    #: Whose address the street is (personal data: sealed with that person's key, and
    #: erased with it): the first owner's NIK when it is recorded, their key store id
    #: once read back. Not part of the address's value.
    resident: NIK | UUID | None = attrs.field(default=None, eq=False, repr=False)

    def lived_in_by(self, resident: NIK | UUID) -> Address:
        """This address, as the address of ``resident`` (whose key seals the street)."""
        return attrs.evolve(self, resident=resident)

    @classmethod
    def erased(cls, desa: RegionCode, postal_code: str | None, resident: UUID) -> Address:
        """An address whose street was erased with its resident's key (the desa stays)."""
        return cls(street=ERASED, desa=desa, postal_code=postal_code, resident=resident)

    @property
    def is_erased(self) -> bool:
        return self.street == ERASED

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.desa, RegionCode):
            raise InvalidValue("address.desa", self.desa, "must be a RegionCode")
        if self.desa.level is not RegionLevel.DESA_KELURAHAN:
            raise InvalidValue(
                "address.desa",
                self.desa.code,
                N_("is a {level}, not a desa/kelurahan", level=self.desa.level.label),
            )
        postal = self.postal_code
        if postal is not None and (
            not isinstance(postal, str) or re.fullmatch(r"[0-9]{5}", postal) is None
        ):
            shown = postal[:40] if isinstance(postal, str) else shown_number(postal)
            raise InvalidValue("address.postal_code", shown, "a kode pos is 5 digits")
