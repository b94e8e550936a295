"""The natural keys: NIB (an enterprise), NIK (a person) and KBLI (a line of business).

Duplicates are found by comparing these as text, so only ASCII digits are accepted:
other scripts' digits (Arabic-Indic, full-width) would spell the same number twice.
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType
from uuid import UUID

import attrs

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation, InvalidValue
from umkm_ledger.kernel.values.region import RegionCode, RegionLevel, part_problem

__all__ = ["ERASED", "KBLI", "NIB", "NIK", "PersonalDataErased"]


def _without_whitespace(text: str) -> str:
    # People copy numbers from scans and forms with spaces in between digit groups.
    return "".join(text.split())


# --- NIB ---------------------------------------------------------------------------


def _check_nib(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str) or re.fullmatch(r"[0-9]{13}", value) is None:
        raise InvalidValue("nib", value, "an NIB is exactly 13 digits")


@attrs.frozen
class NIB:
    """Nomor Induk Berusaha from OSS: 13 digits. No checksum is published, so none is checked."""

    value: str = attrs.field(validator=_check_nib)

    @classmethod
    def parse(cls, text: str, field: str = "nib") -> NIB:
        """Like the constructor, but whitespace anywhere is dropped first."""
        if not isinstance(text, str):
            raise InvalidValue(field, text, "must be text")
        cleaned = _without_whitespace(text)
        try:
            return cls(cleaned)
        except InvalidValue as error:
            raise InvalidValue(field, text, error.problem) from None

    def __str__(self) -> str:
        return self.value


# --- NIK ---------------------------------------------------------------------------

_FEMALE_DAY_OFFSET = 40  # women's NIKs carry the birth day plus 40


def _mask(value: object) -> str:
    """The only form of a NIK, valid or not, that may be printed or logged."""
    if not isinstance(value, str):
        return f"<{type(value).__name__}>"
    if len(value) == 16:
        return value[:6] + "*" * 8 + value[-2:]
    return value[:4] + "*" * max(len(value) - 4, 0)


def _nik_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return N_("must be text")
    if re.fullmatch(r"[0-9]{16}", value) is None:
        return N_("a NIK is exactly 16 digits")
    for level, part in zip(RegionLevel, (value[0:2], value[2:4], value[4:6]), strict=False):
        problem = part_problem(level, part)
        if problem is not None:
            return N_("the region part is wrong: {problem}", problem=problem)
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if day > _FEMALE_DAY_OFFSET:
        day -= _FEMALE_DAY_OFFSET
    if not _date_exists(day, month, year):
        return N_("the birth date part is not a date (women's days are 41 to 71)")
    if value[12:] == "0000":
        return N_("the serial part 0000 is never issued")
    return None


def _date_exists(day: int, month: int, two_digit_year: int) -> bool:
    # The century is not encoded, so a date is valid when it exists in either
    # century a living person can be born in (29 Feb of "00" exists: 2000 was leap).
    for century in (1900, 2000):
        try:
            date(century + two_digit_year, month, day)
        except ValueError:
            continue
        return True
    return False


def _check_nik(_instance: object, _attribute: object, value: str) -> None:
    problem = _nik_problem(value)
    if problem is not None:
        raise InvalidValue("nik", _mask(value), problem)


#: What is shown in place of personal data that was erased (its key destroyed).
ERASED = "[erased]"
_ERASED_PREFIX = "erased:"


class PersonalDataErased(BusinessRuleViolation):
    """Personal data whose key was destroyed (an approved erasure) cannot be read or
    used again: the person's records keep their counts and money, never their NIK."""

    def __init__(self, person: UUID | None) -> None:
        self.person = person
        super().__init__(N_("this person's personal data was erased"))


@attrs.frozen
class NIK:
    """Nomor Induk Kependudukan: region(6) + birth date DDMMYY (women: day + 40) + serial(4).

    Personal data: ``repr``, ``str`` and every error show only :meth:`masked`.
    The full number is available as ``.value`` and nowhere else.

    ``person`` is the person the ledger's key store knows this NIK as (a random id that
    says nothing about the NIK), once the NIK has been recorded; equal NIKs are equal
    whether or not they carry it. A NIK whose key was destroyed is :meth:`erased`: its
    ``value`` is no NIK, it shows as :data:`ERASED`, and what it would tell (region,
    birth date, sex) raises :class:`PersonalDataErased`.
    """

    value: str = attrs.field(validator=_check_nik, repr=False)
    person: UUID | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def erased(cls, person: UUID) -> NIK:
        """The NIK of ``person`` after their erasure: equal to no other, and unreadable."""
        erased = object.__new__(cls)
        # Built without the NIK check on purpose: there is no NIK left to check.
        object.__setattr__(erased, "value", _ERASED_PREFIX + person.hex)
        object.__setattr__(erased, "person", person)
        return erased

    @property
    def is_erased(self) -> bool:
        return self.value.startswith(_ERASED_PREFIX)

    def known_as(self, person: UUID) -> NIK:
        """This NIK, carrying the id the key store knows its person by."""
        known = object.__new__(type(self))
        object.__setattr__(known, "value", self.value)
        object.__setattr__(known, "person", person)
        return known

    def _readable(self) -> str:
        if self.is_erased:
            raise PersonalDataErased(self.person)
        return self.value

    @classmethod
    def parse(cls, text: str, field: str = "nik") -> NIK:
        """Like the constructor, but whitespace anywhere is dropped first."""
        if not isinstance(text, str):
            raise InvalidValue(field, _mask(text), "must be text")
        cleaned = _without_whitespace(text)
        try:
            return cls(cleaned)  # validated once, by the constructor
        except InvalidValue as error:
            raise InvalidValue(field, error.shown_value, error.problem) from None

    def masked(self) -> str:
        """``161001********12``: region and the last two digits only."""
        return ERASED if self.is_erased else _mask(self.value)

    @property
    def is_female(self) -> bool:
        return int(self._readable()[6:8]) > _FEMALE_DAY_OFFSET

    @property
    def birth_day(self) -> int:
        """The real day of the month (the +40 for women already taken off)."""
        day = int(self._readable()[6:8])
        return day - _FEMALE_DAY_OFFSET if day > _FEMALE_DAY_OFFSET else day

    @property
    def birth_month(self) -> int:
        return int(self._readable()[8:10])

    @property
    def birth_year_2digit(self) -> int:
        return int(self._readable()[10:12])

    @property
    def region(self) -> RegionCode:
        """The kecamatan of issue, read against :data:`DEFAULT_EDITION`.

        The NIK keeps the code of the day it was issued; after a pemekaran that
        kecamatan may carry a different code in the current edition.
        """
        value = self._readable()
        code = f"{value[0:2]}.{value[2:4]}.{value[4:6]}"
        return RegionCode(code)

    def matches_birth_year(self, year: int) -> bool:
        """True when ``year`` ends in the NIK's two year digits."""
        return year % 100 == self.birth_year_2digit

    def __repr__(self) -> str:
        return f"NIK({self.masked()!r})"

    def __str__(self) -> str:
        return self.masked()


# --- KBLI --------------------------------------------------------------------------

# Division-level tables only (golongan pokok, the first 2 of 5 digits): which divisions
# exist and which section (kategori) each belongs to; deeper digits are not checked.
# KBLI 2020 (Peraturan BPS 2/2020) follows ISIC Rev.4 and KBLI 2025 follows ISIC Rev.5
# (UN Statistics Division) at this level. "C10-33" reads: section C, divisions 10 to 33.
# The gaps (04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89) are gaps in ISIC itself.
_SECTIONS = {
    2020: "A01-03 B05-09 C10-33 D35 E36-39 F41-43 G45-47 H49-53 I55-56 J58-63 K64-66 L68"
    " M69-75 N77-82 O84 P85 Q86-88 R90-93 S94-96 T97-98 U99",
    # Rev.5 dropped division 45 (motor trade went into 46/47) and split J into J and K.
    2025: "A01-03 B05-09 C10-33 D35 E36-39 F41-43 G46-47 H49-53 I55-56 J58-60 K61-63 L64-66"
    " M68 N69-75 O77-82 P84 Q85 R86-88 S90-93 T94-96 U97-98 V99",
}


def _divisions(table: str) -> MappingProxyType[str, str]:
    """``"A01-03 D35"`` -> ``{"01": "A", "02": "A", "03": "A", "35": "D"}``."""
    divisions: dict[str, str] = {}
    for entry in table.split():
        section, (first, _, last) = entry[0], entry[1:].partition("-")
        for division in range(int(first), int(last or first) + 1):
            divisions[f"{division:02d}"] = section
    return MappingProxyType(divisions)


#: version -> division ("01".."99") -> section letter.
KBLI_DIVISIONS: MappingProxyType[int, MappingProxyType[str, str]] = MappingProxyType(
    {version: _divisions(table) for version, table in _SECTIONS.items()}
)


def _check_version(_instance: object, _attribute: object, version: int) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version not in KBLI_DIVISIONS:
        raise InvalidValue("kbli.version", version, "KBLI versions are 2020 and 2025")


def _kbli_problem(version: int, code: object) -> str | None:
    if not isinstance(code, str) or re.fullmatch(r"[0-9]{5}", code) is None:
        return N_("a KBLI code is exactly 5 digits")
    if code[:2] not in KBLI_DIVISIONS[version]:
        return N_(
            "division {division} does not exist in KBLI {version}",
            division=code[:2],
            version=version,
        )
    return None


@attrs.frozen
class KBLI:
    """A 5-digit KBLI code with its version, e.g. ``KBLI(2020, "13121")``.

    The same digits can mean different activities in 2020 and 2025, so the
    version is part of the value.
    """

    version: int = attrs.field(validator=_check_version)
    code: str = attrs.field()

    @code.validator
    def _check_code(self, _attribute: object, code: object) -> None:
        problem = _kbli_problem(self.version, code)
        if problem is not None:
            raise InvalidValue("kbli", code, problem)

    @classmethod
    def parse(cls, text: str, version: int = 2020, field: str = "kbli") -> KBLI:
        """Like the constructor, with whitespace around the code allowed."""
        if (
            isinstance(version, bool)
            or not isinstance(version, int)
            or version not in KBLI_DIVISIONS
        ):
            raise InvalidValue(f"{field}.version", version, "KBLI versions are 2020 and 2025")
        if not isinstance(text, str):
            raise InvalidValue(field, text, "must be text")
        code = text.strip()
        problem = _kbli_problem(version, code)
        if problem is not None:
            raise InvalidValue(field, text, problem)
        return cls(version, code)

    @property
    def division(self) -> str:
        """The two-digit golongan pokok, e.g. ``"13"``."""
        return self.code[:2]

    @property
    def section(self) -> str:
        """The kategori letter, e.g. ``"C"`` (manufacturing)."""
        return KBLI_DIVISIONS[self.version][self.division]

    def __str__(self) -> str:
        return f"{self.code} (KBLI {self.version})"
