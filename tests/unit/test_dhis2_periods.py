"""DHIS2's period notation: every period of every type the exporter writes has one
notation, read back as the same days; periods of a type follow each other without gap;
a span of days that is no DHIS2 period has no notation; and the notations are DHIS2's
own (the Web API's examples, and the years DHIS2 names November-based periods by)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umkm_ledger.interchange.dhis2.periods import (
    PERIOD_TYPES,
    PeriodType,
    dhis2_period,
    notation,
    period_type,
)
from umkm_ledger.kernel.values.period import Period

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))
types = st.sampled_from(list(PERIOD_TYPES.values()))


@given(days, types)
def test_each_period_has_one_notation_that_names_the_same_days(day: date, kind: PeriodType) -> None:
    period = kind.containing(day)
    assert period.start <= day <= period.end
    assert notation(Period(period.start, period.end)) == period.label
    assert kind.notation(Period(period.start, period.end)) == period.label
    read = dhis2_period(period.label)
    assert read is not None
    assert (read.start, read.end) == (period.start, period.end)
    assert kind.parse(period.label) == read
    # no other type names these days
    others = [k.name for k in PERIOD_TYPES.values() if k is not kind and k.notation(period)]
    assert others == []


@given(days, types)
def test_the_periods_of_a_type_follow_each_other_without_gap(day: date, kind: PeriodType) -> None:
    period = kind.containing(day)
    following = kind.containing(period.end + timedelta(days=1))
    assert following.start == period.end + timedelta(days=1)
    assert following.label != period.label


@given(days, st.integers(min_value=0, max_value=800))
def test_a_span_that_is_no_dhis2_period_has_no_notation(start: date, length: int) -> None:
    span = Period(start, start + timedelta(days=length))
    exact = [k for k in PERIOD_TYPES.values() if k.containing(start).end == span.end
             and k.containing(start).start == start]  # fmt: skip
    assert (notation(span) is None) == (not exact)


@given(days)
def test_weeks_from_monday_are_iso_weeks(day: date) -> None:
    year, week, _weekday = day.isocalendar()
    assert PERIOD_TYPES["Weekly"].containing(day).label == f"{year}W{week}"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # The notations in the Web API's table of period formats, with the days they name
        ("20040315", date(2004, 3, 15), date(2004, 3, 15)),
        ("2004W10", date(2004, 3, 1), date(2004, 3, 7)),
        ("2015WedW5", date(2015, 1, 28), date(2015, 2, 3)),
        ("2015ThuW6", date(2015, 2, 5), date(2015, 2, 11)),
        ("2015SatW7", date(2015, 2, 14), date(2015, 2, 20)),
        ("2015SunW8", date(2015, 2, 22), date(2015, 2, 28)),
        ("200403", date(2004, 3, 1), date(2004, 3, 31)),
        ("200401B", date(2004, 1, 1), date(2004, 2, 29)),
        ("200402B", date(2004, 3, 1), date(2004, 4, 30)),
        ("2004Q1", date(2004, 1, 1), date(2004, 3, 31)),
        ("2004S1", date(2004, 1, 1), date(2004, 6, 30)),
        ("2004AprilS1", date(2004, 4, 1), date(2004, 9, 30)),
        ("2004AprilS2", date(2004, 10, 1), date(2005, 3, 31)),
        ("2004", date(2004, 1, 1), date(2004, 12, 31)),
        ("2004April", date(2004, 4, 1), date(2005, 3, 31)),
        ("2004July", date(2004, 7, 1), date(2005, 6, 30)),
        ("2004Sep", date(2004, 9, 1), date(2005, 8, 31)),
        ("2004Oct", date(2004, 10, 1), date(2005, 9, 30)),
        # November-based periods are named by the year they end in (DHIS2's period types)
        ("2021Nov", date(2020, 11, 1), date(2021, 10, 31)),
        ("2021NovS1", date(2020, 11, 1), date(2021, 4, 30)),
        ("2021NovS2", date(2021, 5, 1), date(2021, 10, 31)),
        ("2021NovQ1", date(2020, 11, 1), date(2021, 1, 31)),
        ("2021NovQ4", date(2021, 8, 1), date(2021, 10, 31)),
    ],
)
def test_dhis2s_own_examples(text: str, first: date, last: date) -> None:
    assert notation(Period(first, last)) == text
    read = dhis2_period(text)
    assert read is not None
    assert (read.start, read.end) == (first, last)


def test_the_ledgers_years_and_quarters_are_dhis2_years_and_quarters() -> None:
    assert notation(Period.year(2020)) == "2020"
    assert notation(Period.quarter(2020, 1)) == "2020Q1"
    assert notation(Period.parse("2020-01-01..2020-01-31")) == "202001"
    assert notation(Period.parse("2016-01-01..2020-12-31")) is None  # five years: none
    assert notation(Period.parse("2016-12-16..2020-12-31")) is None


@pytest.mark.parametrize(
    "text", ["2020W54", "2021W53", "202013", "202000", "20200230", "2020Q5", "202007B",
             "2020S3", "2020NovQ5", "0000", "2020BiW1", "2020W01", "2020q1", ""],
)  # fmt: skip
def test_what_is_no_notation_of_a_type_here_reads_as_none(text: str) -> None:
    assert dhis2_period(text) is None


def test_period_types_are_found_by_dhis2s_name_in_any_case() -> None:
    assert period_type("Yearly") is PERIOD_TYPES["Yearly"]
    assert period_type("financialapril") is PERIOD_TYPES["FinancialApril"]
    assert period_type("Fortnightly") is None
