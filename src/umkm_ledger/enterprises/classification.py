"""Size classes of enterprises (mikro, kecil, menengah) under the regulation of the day.

Pure functions: a classification is computed from a figure, its basis and a date, and
records all three, because sources disagree on when the capital or the sales test
applies, and because histories recorded before 2021 must replay under the old rule.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from types import MappingProxyType

import attrs

from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values.money import Rupiah
from umkm_ledger.kernel.vocabulary import register_terms

__all__ = [
    "THRESHOLDS",
    "Basis",
    "Classification",
    "Regulation",
    "SizeClass",
    "classify",
    "classify_by_capital",
    "classify_by_sales",
    "regulation_in_force",
]


class SizeClass(enum.Enum):
    MIKRO = "mikro"
    KECIL = "kecil"
    MENENGAH = "menengah"
    BESAR = "besar"  # above menengah: outside UMKM

    @property
    def rank(self) -> int:
        """0 for mikro up to 3 for besar."""
        return _RANKS[self]

    def is_above(self, other: SizeClass) -> bool:
        """True when this class is larger (``KECIL.is_above(MIKRO)``: naik kelas)."""
        return self.rank > other.rank


_RANKS = {size_class: rank for rank, size_class in enumerate(SizeClass)}


class Basis(enum.Enum):
    """Which figure was tested."""

    CAPITAL = "capital"  # business capital / net worth, excluding land and buildings
    SALES = "sales"  # annual sales (hasil penjualan tahunan)


class Regulation(enum.Enum):
    """The rule that set the thresholds, named by its article."""

    UU_20_2008 = "UU 20/2008 pasal 6"
    PP_7_2021 = "PP 7/2021 pasal 35"

    @property
    def in_force_from(self) -> date:
        """The date the regulation was enacted (diundangkan)."""
        return _IN_FORCE_FROM[self]

    def upper_bounds(self, basis: Basis) -> MappingProxyType[SizeClass, Rupiah]:
        """Inclusive upper bound of mikro, kecil and menengah; besar has none."""
        return THRESHOLDS[self][basis]


_IN_FORCE_FROM = {
    Regulation.UU_20_2008: date(2008, 7, 4),
    Regulation.PP_7_2021: date(2021, 2, 2),
}

_juta, _miliar = Rupiah.from_juta, Rupiah.from_miliar

#: regulation -> basis -> size class -> inclusive upper bound. A figure belongs to the
#: first class whose bound it does not exceed (lower bounds are exclusive).
THRESHOLDS: MappingProxyType[
    Regulation, MappingProxyType[Basis, MappingProxyType[SizeClass, Rupiah]]
] = MappingProxyType(
    {
        Regulation.UU_20_2008: MappingProxyType(
            {
                Basis.CAPITAL: MappingProxyType(
                    {
                        SizeClass.MIKRO: _juta(50),
                        SizeClass.KECIL: _juta(500),
                        SizeClass.MENENGAH: _miliar(10),
                    }
                ),
                Basis.SALES: MappingProxyType(
                    {
                        SizeClass.MIKRO: _juta(300),
                        SizeClass.KECIL: _miliar("2,5"),
                        SizeClass.MENENGAH: _miliar(50),
                    }
                ),
            }
        ),
        Regulation.PP_7_2021: MappingProxyType(
            {
                Basis.CAPITAL: MappingProxyType(
                    {
                        SizeClass.MIKRO: _miliar(1),
                        SizeClass.KECIL: _miliar(5),
                        SizeClass.MENENGAH: _miliar(10),
                    }
                ),
                Basis.SALES: MappingProxyType(
                    {
                        SizeClass.MIKRO: _miliar(2),
                        SizeClass.KECIL: _miliar(15),
                        SizeClass.MENENGAH: _miliar(50),
                    }
                ),
            }
        ),
    }
)


def _check_figure(_instance: object, _attribute: object, figure: Rupiah) -> None:
    if not isinstance(figure, Rupiah) or figure.is_negative:
        raise InvalidValue("figure", figure, "must be a Rupiah amount of zero or more")


@attrs.frozen
class Classification:
    """The outcome of one test: which class, by which figure, under which rule."""

    size_class: SizeClass
    basis: Basis
    figure: Rupiah = attrs.field(validator=_check_figure)
    regulation: Regulation

    def describe(self) -> str:
        """E.g. ``mikro by capital Rp1.000.000.000 under PP 7/2021 pasal 35``."""
        return (
            f"{self.size_class.value} by {self.basis.value} {self.figure.format()}"
            f" under {self.regulation.value}"
        )


def regulation_in_force(on: date) -> Regulation:
    """The regulation whose thresholds apply on ``on``.

    UU 20/2008 is the earliest rule this library knows, so it also answers for dates
    before 4 July 2008 (UU 9/1995's single threshold is not modelled).
    """
    day = _as_date(on, "on")
    if day < Regulation.PP_7_2021.in_force_from:
        return Regulation.UU_20_2008
    return Regulation.PP_7_2021


def classify(figure: Rupiah, basis: Basis, on: date) -> Classification:
    """The size class of ``figure`` tested on ``basis`` under the rule in force ``on``."""
    return _classify(figure, basis, on, "figure")


def classify_by_capital(capital: Rupiah, on: date) -> Classification:
    """Business capital excluding land and buildings (net worth before 2021)."""
    return _classify(capital, Basis.CAPITAL, on, "capital")


def classify_by_sales(annual_sales: Rupiah, on: date) -> Classification:
    """Sales over one year."""
    return _classify(annual_sales, Basis.SALES, on, "annual_sales")


def _classify(figure: Rupiah, basis: Basis, on: date, field: str) -> Classification:
    if not isinstance(figure, Rupiah):
        raise InvalidValue(field, figure, "must be a Rupiah amount")
    if figure.is_negative:
        raise InvalidValue(field, figure.format(), "must not be negative")
    if not isinstance(basis, Basis):
        raise InvalidValue("basis", basis, "must be Basis.CAPITAL or Basis.SALES")
    regulation = regulation_in_force(on)
    size_class = SizeClass.BESAR
    for candidate, upper_bound in regulation.upper_bounds(basis).items():
        if figure <= upper_bound:
            size_class = candidate
            break
    return Classification(size_class, basis, figure, regulation)


def _as_date(value: object, field: str) -> date:
    # A datetime is a date subclass but refuses to compare with one, so reduce it.
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise InvalidValue(field, value, "must be a date")
    return value


# Words shown to people (the catalogue must have each in Indonesian).
register_terms(Basis)
