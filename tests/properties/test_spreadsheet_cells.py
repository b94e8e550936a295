"""Cells as people type them read back to the value they meant, whatever the value."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from hypothesis import given
from hypothesis import strategies as st

from umkm_ledger import InvalidValue, Rupiah
from umkm_ledger.imports.cells import cell_date, cell_money, cell_nik, cell_text

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days)
def test_a_date_typed_day_first_reads_back(day: date) -> None:
    for text in (day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), day.strftime("%d.%m.%Y"),
                 f"{day.day}/{day.month}/{day.year}", day.isoformat()):  # fmt: skip
        assert cell_date(text, "tanggal") == day


@given(days)
def test_a_date_typed_month_first_reads_back_when_the_file_says_so(day: date) -> None:
    assert cell_date(day.strftime("%m/%d/%Y"), "date", "MDY") == day


@given(days, st.sampled_from(["id", "en"]), st.sampled_from(["d MMMM yyyy", "d MMM yyyy"]))
def test_a_date_with_its_month_named_reads_back(day: date, locale: str, pattern: str) -> None:
    assert cell_date(format_date(day, pattern, locale=locale), "tanggal") == day


@given(days)
def test_a_spreadsheet_day_number_reads_as_its_date(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert cell_date(serial, "tanggal") == day
    if serial >= 10_000:  # 1927 on: in a CSV, five digits are a day count, not a year
        assert cell_date(str(serial), "tanggal") == day


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["id_ID", "en_US"]))
def test_an_amount_as_written_for_people_reads_back(amount: int, locale: str) -> None:
    assert cell_money(Rupiah(amount).format(locale), "omzet") == Rupiah(amount)
    assert cell_money(amount, "omzet") == Rupiah(amount)
    assert cell_money(float(amount) if amount < 2**53 else amount, "omzet") == Rupiah(amount)


@given(st.integers(min_value=10**15, max_value=10**16 - 1))
def test_a_nik_stored_as_a_number_is_refused_since_its_last_digit_may_be_lost(
    number: int,
) -> None:
    for stored in (number, float(number)):
        with pytest.raises(InvalidValue) as refused:
            cell_nik(stored, "NIK")
        assert refused.value.field == "NIK"
        assert str(number) not in str(refused.value)
    assert cell_nik(str(number), "NIK") == str(number)


@given(st.integers(min_value=0, max_value=2**53))
def test_a_whole_number_stored_as_a_number_reads_as_its_digits(number: int) -> None:
    assert cell_text(number, "KBLI") == str(number)
    assert cell_text(float(number), "KBLI") == str(number)


@pytest.mark.parametrize(
    "text", ["31/02/2024", "15/13/2024", "15/01/24", "kemarin", "2024", "15 Foo 2024"]
)
def test_what_is_no_date_is_refused_naming_the_column(text: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        cell_date(text, "Tanggal Berdiri")
    assert refused.value.field == "Tanggal Berdiri"
