"""The bounds of numbers and dates a caller sends."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.kernel.values.bounds import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_COUNT,
    MAX_NUMBER_DIGITS,
    calendar_year,
    fact_date,
    number_from_text,
    shown_number,
    whole_number,
)

HUGE = 10**5000  # Python will not print it: int.__repr__ raises ValueError


def short(value: object) -> str:
    """A test id for ``value`` (pytest would try to print a 5000-digit number)."""
    text = shown_number(value)
    return repr(text)[:30]


@pytest.mark.parametrize(
    "value", [-1, MAX_COUNT + 1, 10**20, HUGE, True, 1.0, "5", None], ids=short
)
def test_a_count_outside_its_bounds_is_refused_and_printable(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        whole_number(value, "target.value")
    assert refused.value.field == "target.value"
    str(refused.value)  # no ValueError from printing a 5000-digit number


def test_a_count_within_its_bounds_is_taken() -> None:
    assert whole_number(0, "value") == 0
    assert whole_number(MAX_COUNT, "value") == MAX_COUNT
    assert whole_number(1, "quantity", minimum=1) == 1


@pytest.mark.parametrize("year", [1899, 2201, 0, -2016, HUGE, "2016", None, False], ids=short)
def test_a_year_is_from_1900_to_2200(year: object) -> None:
    with pytest.raises(InvalidValue):
        calendar_year(year, "year")
    assert calendar_year(1900) == 1900
    assert calendar_year(2200) == 2200


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(2201, 1, 1), datetime(2016, 1, 1), "2016"]
)
def test_a_fact_is_dated_from_1900_to_2200(day: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        fact_date(day, "founded_on")
    assert refused.value.field == "founded_on"
    assert fact_date(EARLIEST_DATE, "day") == EARLIEST_DATE
    assert fact_date(LATEST_DATE, "day") == LATEST_DATE


def test_numbers_written_as_text_are_measured_before_they_are_converted() -> None:
    assert number_from_text(" 1980 ", "birth_year") == 1980
    assert number_from_text("9" * MAX_NUMBER_DIGITS, "x") == int("9" * MAX_NUMBER_DIGITS)
    for text in ("9" * 5000, "1e5", "١٢", "²", "", "12 3"):
        with pytest.raises(InvalidValue) as refused:
            number_from_text(text, "quantity")
        assert refused.value.field == "quantity"
        str(refused.value)


def test_a_huge_number_is_shown_by_its_length() -> None:
    assert shown_number(HUGE) == "<a number of about 5001 digits>"
    assert shown_number(12345) == 12345
    assert shown_number("text") == "text"


@pytest.mark.parametrize(
    "amount", [HUGE, -HUGE, "9" * 5000, "Rp" + "9" * 70, "1" + "0" * 17], ids=short
)
def test_an_amount_of_any_size_is_an_invalid_value_never_a_raw_error(amount: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        Rupiah(amount) if isinstance(amount, int) else Rupiah.parse(str(amount), field="cash")
    str(refused.value)
    if isinstance(amount, str):
        assert refused.value.field == "cash"


def test_any_invalid_value_can_be_printed_even_with_a_huge_number() -> None:
    error = InvalidValue("year", HUGE, "must be a year")
    assert "digits" in str(error)
