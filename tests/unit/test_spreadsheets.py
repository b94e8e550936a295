"""No CSV the ledger writes holds a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from umkm_ledger.platform.spreadsheets import csv_table, spreadsheet_safe

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_no_text_cell_starts_a_formula_and_the_text_is_kept(text: str) -> None:
    cell = spreadsheet_safe(text)
    assert isinstance(cell, str)
    if text.startswith(FORMULA) and text.lstrip("+-").replace(".", "").replace(",", "").isdigit():
        assert cell == text  # a number typed as text: nothing to run
    elif text.startswith(FORMULA):
        assert cell == "'" + text
    else:
        assert cell == text


@given(st.lists(st.tuples(st.text(), st.integers()), max_size=5))
def test_a_table_reads_back_with_formulas_shown_as_text(rows: list[tuple[str, int]]) -> None:
    read = list(csv.reader(io.StringIO(csv_table(["reason", "amount"], rows), newline="")))
    assert read[0] == ["reason", "amount"]
    for (reason, amount), (cell, number) in zip(rows, read[1:], strict=True):
        assert cell == spreadsheet_safe(reason)
        assert int(number) == amount


def test_the_usual_attacks_are_neutralised() -> None:
    for attack in ('=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                   "\t=1", "\r=1"):  # fmt: skip
        assert spreadsheet_safe(attack).startswith("'")
    assert spreadsheet_safe(-5) == -5
    assert spreadsheet_safe("-5") == "-5"
    assert spreadsheet_safe("Rp 2.400.000") == "Rp 2.400.000"
