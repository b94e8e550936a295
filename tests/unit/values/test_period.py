"""Period: years, quarters and custom spans, both ends included."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umkm_ledger import InvalidValue, Period


def test_a_year_is_the_calendar_year() -> None:
    year = Period.year(2019)
    assert (year.start, year.end, year.label) == (date(2019, 1, 1), date(2019, 12, 31), "2019")
    assert date(2019, 12, 31) in year
    assert date(2020, 1, 1) not in year


def test_quarters_end_on_the_last_day_of_their_third_month() -> None:
    assert Period.quarter(2020, 1).end == date(2020, 3, 31)
    assert Period.quarter(2020, 2).end == date(2020, 6, 30)
    assert Period.quarter(2024, 4) == Period(date(2024, 10, 1), date(2024, 12, 31), "2024-Q4")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", Period.year(2019)),
        ("2020-Q1", Period.quarter(2020, 1)),
        ("2020q3", Period.quarter(2020, 3)),
        (" 2016-12-16 .. 2020-12-31 ", Period(date(2016, 12, 16), date(2020, 12, 31))),
    ],
)
def test_parse_reads_the_forms_people_write(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2020-12-31..2016-01-01", "must not end before it starts"),
        ("2020-02-30..2020-03-01", "is not a real date"),
        ("2020-Q5", "must look like"),
        ("next year", "must look like"),
        ("1850", "calendar year"),
    ],
)
def test_parse_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(InvalidValue, match=problem) as raised:
        Period.parse(text, field="target.periods[0]")
    assert raised.value.field.startswith("target.periods[0]")


def test_years_gives_consecutive_calendar_years() -> None:
    assert [p.label for p in Period.years(2014, 5)] == ["2014", "2015", "2016", "2017", "2018"]
    with pytest.raises(InvalidValue, match="at least 1"):
        Period.years(2014, 0)


@given(st.dates(), st.dates())
def test_a_span_contains_exactly_the_days_between_its_ends(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    span = Period(start, end)
    assert start in span
    assert end in span
    assert span.overlaps(span)
    if start > date.min:
        assert date.fromordinal(start.toordinal() - 1) not in span
