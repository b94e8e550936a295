"""DHIS2's period notation: which DHIS2 period a ledger period is, and back.

DHIS2 names a period by a text of its period type (the Web API's "date and period
format"): ``2020`` a year, ``2020Q1`` a quarter, ``202001`` a month, ``2020S1`` a half
year, ``2020April`` the financial year from April 2020. A ledger :class:`Period` is any
span of days, so only one that is exactly one DHIS2 period has a notation
(:func:`notation`); a span that is not (a five-year target, 16 December 2016 to
31 December 2020) has none, and the exporter refuses it rather than guess which DHIS2
period was meant.

The types and their names follow DHIS2's own period types (``org.hisp.dhis.period``),
including the year each names: a financial year from November and the periods of a
November-based year are named by the year they end in (``2021Nov`` is November 2020 to
October 2021, ``2021NovS1`` November 2020 to April 2021, ``2021NovQ1`` November 2020 to
January 2021); every other by the year they start in. Weeks are DHIS2's: a week belongs to
the year that holds at least four of its days (ISO 8601 for weeks from Monday). The
bi-weekly type is left out: its numbering across a 53-week year is not documented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

import attrs

from umkm_ledger.kernel.values.period import Period

__all__ = ["PERIOD_TYPES", "PeriodType", "dhis2_period", "notation", "period_type"]


@attrs.frozen
class PeriodType:
    """One of DHIS2's period types: its name, its notation and how its periods fall."""

    #: DHIS2's name of the type (``Quarterly``), as a data set's period type says it.
    name: str
    #: DHIS2's pattern of its notation (``yyyyQn``).
    iso_format: str
    first_day: Callable[[date], date] = attrs.field(repr=False)
    next_first_day: Callable[[date], date] = attrs.field(repr=False)
    name_of: Callable[[date], str] = attrs.field(repr=False)
    pattern: re.Pattern[str] = attrs.field(repr=False)
    read: Callable[[re.Match[str]], date | None] = attrs.field(repr=False)

    def containing(self, day: date) -> Period:
        """The period of this type that holds ``day``, labelled with its notation."""
        start = self.first_day(day)
        return Period(start, self.next_first_day(start) - timedelta(days=1), self.name_of(start))

    @property
    def example(self) -> Period:
        """The period of this type that holds 15 January 2020 (for reference tables)."""
        return self.containing(date(2020, 1, 15))

    def notation(self, period: Period) -> str | None:
        """``period``'s notation if it is exactly one period of this type, else None."""
        found = self.containing(period.start)
        exact = (found.start, found.end) == (period.start, period.end)
        return found.label if exact else None

    def parse(self, text: str) -> Period | None:
        """The period ``text`` names in this type's notation (None: not this type's)."""
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        try:
            start = self.read(match)
        except ValueError:  # a day or week that does not exist (20200230, 2021W53)
            return None
        if start is None:
            return None
        found = self.containing(start)
        return found if found.start == start and found.label == text else None


# -- months ------------------------------------------------------------------------


def _month(index: int) -> date:
    """The first day of month ``index`` (months since year 0: ``year * 12 + month - 1``)."""
    return date(index // 12, index % 12 + 1, 1)


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _months(
    name: str,
    iso_format: str,
    *,
    length: int,
    first_month: int,
    name_of: Callable[[date], str],
    pattern: str,
    read: Callable[[re.Match[str]], date | None],
) -> PeriodType:
    """A type whose periods are ``length`` months, one of them starting in ``first_month``."""

    def first_day(day: date) -> date:
        index = _index(day)
        return _month(index - (index - (first_month - 1)) % length)

    return PeriodType(
        name, iso_format,
        first_day=first_day,
        next_first_day=lambda start: _month(_index(start) + length),
        name_of=name_of, pattern=re.compile(pattern), read=read,
    )  # fmt: skip


def _year(match: re.Match[str]) -> int:
    return int(match[1])


def _part(match: re.Match[str]) -> int:
    return int(match[2])


def _financial(name: str, month: int, suffix: str, *, named_by_end: bool = False) -> PeriodType:
    """A financial year from ``month``: DHIS2 names it ``yyyy`` + ``suffix`` by the year it
    starts in, except the one from November, named by the year it ends in."""
    shift = 1 if named_by_end else 0
    return _months(
        name, f"yyyy{suffix}", length=12, first_month=month,
        name_of=lambda start: f"{start.year + shift}{suffix}",
        pattern=rf"(\d{{4}}){suffix}",
        read=lambda m: date(_year(m) - shift, month, 1),
    )  # fmt: skip


def _november_part(length: int, letter: str) -> PeriodType:
    """Quarters or halves of the year from November, named by the year the first ends in:
    ``2021NovQ1`` is November 2020 to January 2021, ``2021NovQ2`` February to April 2021."""
    parts = 12 // length

    def name_of(start: date) -> str:
        number = ((start.month - 11) % 12) // length + 1
        return f"{start.year + (1 if start.month == 11 else 0)}Nov{letter}{number}"

    def read(match: re.Match[str]) -> date | None:
        number = _part(match)
        if not 1 <= number <= parts:
            return None
        index = _year(match) * 12 + 10 + (number - 1) * length - 12  # November of the year before
        return _month(index)

    return _months(
        f"{'Quarterly' if letter == 'Q' else 'SixMonthly'}Nov", f"yyyyNov{letter}n",
        length=length, first_month=11, name_of=name_of,
        pattern=rf"(\d{{4}})Nov{letter}(\d)", read=read,
    )  # fmt: skip


_MONTHLY = _months(
    "Monthly", "yyyyMM", length=1, first_month=1,
    name_of=lambda start: f"{start.year}{start.month:02d}",
    pattern=r"(\d{4})(\d{2})",
    read=lambda m: date(_year(m), _part(m), 1),
)  # fmt: skip
_BI_MONTHLY = _months(
    "BiMonthly", "yyyyMMB", length=2, first_month=1,
    name_of=lambda start: f"{start.year}{(start.month + 1) // 2:02d}B",
    pattern=r"(\d{4})(\d{2})B",
    read=lambda m: date(_year(m), 2 * _part(m) - 1, 1) if 1 <= _part(m) <= 6 else None,
)  # fmt: skip
_QUARTERLY = _months(
    "Quarterly", "yyyyQn", length=3, first_month=1,
    name_of=lambda start: f"{start.year}Q{(start.month + 2) // 3}",
    pattern=r"(\d{4})Q(\d)",
    read=lambda m: date(_year(m), 3 * _part(m) - 2, 1) if 1 <= _part(m) <= 4 else None,
)  # fmt: skip
_SIX_MONTHLY = _months(
    "SixMonthly", "yyyySn", length=6, first_month=1,
    name_of=lambda start: f"{start.year}S{1 if start.month == 1 else 2}",
    pattern=r"(\d{4})S(\d)",
    read=lambda m: date(_year(m), 6 * _part(m) - 5, 1) if 1 <= _part(m) <= 2 else None,
)  # fmt: skip
_SIX_MONTHLY_APRIL = _months(
    "SixMonthlyApril", "yyyyAprilSn", length=6, first_month=4,
    name_of=lambda start: f"{start.year}AprilS{1 if start.month == 4 else 2}",
    pattern=r"(\d{4})AprilS(\d)",
    read=lambda m: date(_year(m), 6 * _part(m) - 2, 1) if 1 <= _part(m) <= 2 else None,
)  # fmt: skip
_YEARLY = _months(
    "Yearly", "yyyy", length=12, first_month=1,
    name_of=lambda start: str(start.year), pattern=r"(\d{4})",
    read=lambda m: date(_year(m), 1, 1),
)  # fmt: skip


# -- days and weeks ----------------------------------------------------------------

_DAILY = PeriodType(
    "Daily", "yyyyMMdd",
    first_day=lambda day: day, next_first_day=lambda start: start + timedelta(days=1),
    name_of=lambda start: f"{start:%Y%m%d}", pattern=re.compile(r"(\d{4})(\d{2})(\d{2})"),
    read=lambda m: date(int(m[1]), int(m[2]), int(m[3])),
)  # fmt: skip


def _weekly(name: str, first_weekday: int, prefix: str) -> PeriodType:
    """Weeks from ``first_weekday`` (Monday 0): DHIS2 gives a week to the year that holds
    at least four of its days, and numbers them from the one holding 4 January."""

    def first_day(day: date) -> date:
        return day - timedelta(days=(day.weekday() - first_weekday) % 7)

    def first_week(year: int) -> date:
        return first_day(date(year, 1, 4))

    def name_of(start: date) -> str:
        year = (start + timedelta(days=3)).year  # the year of the week's fourth day
        return f"{year}{prefix}{(start - first_week(year)).days // 7 + 1}"

    def read(match: re.Match[str]) -> date | None:
        week = _part(match)
        return first_week(_year(match)) + timedelta(weeks=week - 1) if week >= 1 else None

    return PeriodType(
        name, f"yyyy{prefix}n",
        first_day=first_day, next_first_day=lambda start: start + timedelta(days=7),
        name_of=name_of, pattern=re.compile(rf"(\d{{4}}){prefix}([1-9]\d?)"), read=read,
    )  # fmt: skip


#: Every DHIS2 period type the exporter writes, by DHIS2's name, shortest first.
PERIOD_TYPES: Mapping[str, PeriodType] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            _DAILY,
            _weekly("Weekly", 0, "W"),
            _weekly("WeeklyWednesday", 2, "WedW"),
            _weekly("WeeklyThursday", 3, "ThuW"),
            _weekly("WeeklySaturday", 5, "SatW"),
            _weekly("WeeklySunday", 6, "SunW"),
            _MONTHLY,
            _BI_MONTHLY,
            _QUARTERLY,
            _november_part(3, "Q"),
            _SIX_MONTHLY,
            _SIX_MONTHLY_APRIL,
            _november_part(6, "S"),
            _YEARLY,
            _financial("FinancialApril", 4, "April"),
            _financial("FinancialJuly", 7, "July"),
            _financial("FinancialSep", 9, "Sep"),
            _financial("FinancialOct", 10, "Oct"),
            _financial("FinancialNov", 11, "Nov", named_by_end=True),
        )
    }
)


def period_type(name: str) -> PeriodType | None:
    """The period type DHIS2 calls ``name`` (any case: ``yearly``, ``Quarterly``)."""
    wanted = name.lower()
    return next((kind for kind in PERIOD_TYPES.values() if kind.name.lower() == wanted), None)


def notation(period: Period) -> str | None:
    """How DHIS2 writes ``period``: the notation of the one DHIS2 period that spans
    exactly its days (``2020``, ``2020Q1``, ``202001``), or None when none does."""
    for kind in PERIOD_TYPES.values():
        found = kind.notation(period)
        if found is not None:
            return found
    return None


def dhis2_period(text: str) -> Period | None:
    """The days a DHIS2 period notation names (None: not a notation of a type here)."""
    for kind in PERIOD_TYPES.values():
        found = kind.parse(text)
        if found is not None:
            return found
    return None
