"""Kode wilayah: Kemendagri's region codes ``PP.KK.CC.DDDD``.

Codes are reissued when regions split or merge (pemekaran), so a code is only meaningful
together with the edition of the code list it was taken from; both are stored.
"""

from __future__ import annotations

import enum
import re

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["DEFAULT_EDITION", "RegionCode", "RegionLevel"]

#: The code list assumed when none is named: Keputusan Menteri Dalam Negeri
#: Nomor 100.1.1-6117 Tahun 2022 on region codes, data and islands.
DEFAULT_EDITION: str = "Kepmendagri 100.1.1-6117/2022"


class RegionLevel(enum.IntEnum):
    """How deep a code goes; larger is smaller (a desa lies inside a kecamatan)."""

    PROVINSI = 1
    KABUPATEN_KOTA = 2
    KECAMATAN = 3
    DESA_KELURAHAN = 4

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RegionLevel.PROVINSI: "provinsi",
    RegionLevel.KABUPATEN_KOTA: "kabupaten/kota",
    RegionLevel.KECAMATAN: "kecamatan",
    RegionLevel.DESA_KELURAHAN: "desa/kelurahan",
}

# ASCII digits only: "\d" would accept other scripts' digits as a second spelling.
_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_DIGITS = re.compile(r"[0-9]+")
_PART_LENGTHS = (2, 2, 2, 4)


def part_problem(level: RegionLevel, part: str) -> str | None:
    """What is wrong with one part of a code at ``level``, or None.

    Shared with NIK, whose first six digits are a kecamatan code.
    """
    number = int(part)
    if level is RegionLevel.PROVINSI and not 11 <= number <= 99:
        return N_("a province code is 11 to 99")
    if level is RegionLevel.KABUPATEN_KOTA and not (1 <= number <= 69 or 71 <= number <= 99):
        # 01-69 number kabupaten, 71-99 number kota; 00 and 70 are never issued.
        return N_("a kabupaten code is 01 to 69 and a kota code 71 to 99")
    if level is RegionLevel.KECAMATAN and number == 0:
        return N_("a kecamatan code is 01 to 99")
    if level is RegionLevel.DESA_KELURAHAN and not (
        1001 <= number <= 1999 or 2001 <= number <= 2999 or 3001 <= number <= 3999
    ):
        # The first digit tells the kind: 1 kelurahan (urban), 2 desa (rural), 3 desa adat
        # (the 14 of Kabupaten Jayapura, 91.03, in the 2022 and 2025 lists).
        return N_(
            "a kelurahan code is 1001 to 1999, a desa code 2001 to 2999 and a desa adat "
            "code 3001 to 3999"
        )
    return None


def _code_problem(code: object) -> str | None:
    if not isinstance(code, str):
        return N_("must be text")
    if _DOTTED.fullmatch(code) is None:
        return N_("is not a region code such as '16.10.01.2001'")
    for level, part in zip(RegionLevel, code.split("."), strict=False):
        problem = part_problem(level, part)
        if problem is not None:
            return problem
    return None


def _dotted(digits: str) -> str | None:
    """Undotted digits ("1610012001") in dotted form, or None for an impossible length."""
    parts: list[str] = []
    rest = digits
    for length in _PART_LENGTHS:
        if not rest:
            break
        parts.append(rest[:length])
        rest = rest[length:]
    if rest or len(parts[-1]) != _PART_LENGTHS[len(parts) - 1]:
        return None
    return ".".join(parts)


def _check_code(_instance: object, _attribute: object, code: str) -> None:
    problem = _code_problem(code)
    if problem is not None:
        raise InvalidValue("region", code, problem)


def _check_edition(_instance: object, _attribute: object, edition: str) -> None:
    _require_edition(edition, "region.edition")


def _require_edition(edition: object, field: str) -> None:
    if not isinstance(edition, str) or not edition.strip():
        raise InvalidValue(field, edition, "must name the code list's edition")


@attrs.frozen
class RegionCode:
    """A region at any level, e.g. ``RegionCode("16.10.01.2001")`` (a desa in Ogan Ilir).

    ``code`` must be the canonical dotted form; use :meth:`parse` for what people type.
    """

    code: str = attrs.field(validator=_check_code)
    edition: str = attrs.field(default=DEFAULT_EDITION, validator=_check_edition)

    @classmethod
    def parse(cls, text: str, edition: str = DEFAULT_EDITION, field: str = "region") -> RegionCode:
        """Dotted or undotted digits ("16.10", "1610", "1610012001"), spaces around allowed."""
        if not isinstance(text, str):
            raise InvalidValue(field, text, "must be text")
        stripped = text.strip()
        code = _dotted(stripped) if _DIGITS.fullmatch(stripped) else stripped
        if code is None:
            raise InvalidValue(field, text, "must have 2, 4, 6 or 10 digits")
        _require_edition(edition, f"{field}.edition")
        try:
            return cls(code, edition)  # validated once, by the constructor
        except InvalidValue as error:
            raise InvalidValue(field, text, error.problem) from None

    @property
    def _parts(self) -> list[str]:
        return self.code.split(".")

    @property
    def level(self) -> RegionLevel:
        return RegionLevel(len(self._parts))

    @property
    def parent(self) -> RegionCode | None:
        """The region one level up (same edition); None for a province."""
        if self.level is RegionLevel.PROVINSI:
            return None
        return self.at_level(RegionLevel(self.level - 1))

    def ancestors(self) -> tuple[RegionCode, ...]:
        """Every region this one lies in, province first, not including itself."""
        return tuple(self.at_level(level) for level in RegionLevel if level < self.level)

    def at_level(self, level: RegionLevel) -> RegionCode:
        """This code cut down to ``level`` (itself at its own level)."""
        if level > self.level:
            raise InvalidValue(
                "level",
                level.label,
                N_(
                    "{code} is a {level} code, not deeper",
                    code=self.code,
                    level=self.level.label,
                ),
            )
        return RegionCode(".".join(self._parts[:level]), self.edition)

    def is_within(self, other: RegionCode) -> bool:
        """True when this region is ``other`` or lies inside it, in the same edition.

        Across editions the answer is False, because the same digits may name
        different places after a pemekaran.
        """
        return self.edition == other.edition and (
            self.code == other.code or self.code.startswith(other.code + ".")
        )

    @property
    def is_kota(self) -> bool:
        """True for a kota (71-99) and anything in one; False for a province alone."""
        return self.level >= RegionLevel.KABUPATEN_KOTA and int(self._parts[1]) >= 71

    @property
    def is_kelurahan(self) -> bool:
        """True for a kelurahan (1xxx); False for a desa (2xxx) and for higher levels."""
        return self.level is RegionLevel.DESA_KELURAHAN and self._parts[3].startswith("1")

    @property
    def province_code(self) -> str:
        """The two-digit province part, e.g. ``"16"`` (Sumatera Selatan)."""
        return self._parts[0]

    @property
    def province(self) -> RegionCode:
        """The province this code lies in, as a RegionCode of the same edition."""
        return self.at_level(RegionLevel.PROVINSI)

    def __str__(self) -> str:
        return self.code
