"""Reporting periods: a year, a quarter, or any custom span of days.

Targets are set per period ("1000 new binaan in 2016-2020", "20 per desa in 2014"), and
progress is reported per period. A period is a closed interval of dates, both ends
included, with a label people recognise ("2019", "2020-Q1").
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["Period"]

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")


def _check_date(field: str, value: object) -> None:
    if type(value) is not date:
        raise InvalidValue(field, value, "must be a date")


@attrs.frozen(order=True)
class Period:
    """The dates from ``start`` to ``end``, both included, known as ``label``."""

    start: date
    end: date
    label: str = attrs.field(default="", order=False)

    def __attrs_post_init__(self) -> None:
        _check_date("period.start", self.start)
        _check_date("period.end", self.end)
        if self.end < self.start:
            raise InvalidValue(
                "period", f"{self.start}..{self.end}", "must not end before it starts"
            )
        if not self.label:
            object.__setattr__(self, "label", f"{self.start.isoformat()}..{self.end.isoformat()}")

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year`` (a fiscal year in Indonesia is the calendar year)."""
        _check_year(year)
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def years(cls, first: int, count: int) -> tuple[Period, ...]:
        """``count`` consecutive calendar years from ``first`` (a five-year program)."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidValue("years", count, "must be a whole number of years, at least 1")
        return tuple(cls.year(first + n) for n in range(count))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1-4) of ``year``."""
        _check_year(year)
        if isinstance(quarter, bool) or quarter not in (1, 2, 3, 4):
            raise InvalidValue("quarter", quarter, "must be 1, 2, 3 or 4")
        first_month = 3 * (quarter - 1) + 1
        start = date(year, first_month, 1)
        end = (
            date(year, 12, 31)
            if quarter == 4
            else date.fromordinal(date(year, first_month + 3, 1).toordinal() - 1)
        )
        return cls(start, end, f"{year}-Q{quarter}")

    @classmethod
    def parse(cls, text: str, field: str = "period") -> Period:
        """Read ``2019``, ``2020-Q1`` or ``2016-12-16..2020-12-31``."""
        if not isinstance(text, str):
            raise InvalidValue(field, text, "must be a text such as 2019, 2020-Q1 or A..B")
        cleaned = text.strip()
        try:
            if match := _YEAR.match(cleaned):
                return cls.year(int(match[1]))
            if match := _QUARTER.match(cleaned):
                return cls.quarter(int(match[1]), int(match[2]))
            if match := _SPAN.match(cleaned):
                return cls(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
        except ValueError as error:
            if isinstance(error, InvalidValue):
                raise error.at(field) from None
            raise InvalidValue(
                field, text, N_("is not a real date ({error})", error=str(error))
            ) from None
        raise InvalidValue(field, text, "must look like 2019, 2020-Q1 or 2016-12-16..2020-12-31")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.label


def _check_year(year: object) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise InvalidValue("year", year, "must be a calendar year between 1900 and 2200")
