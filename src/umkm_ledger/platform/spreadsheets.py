"""CSV as the ledger writes it for spreadsheets: every CSV the project writes goes here.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return) as a formula, so a reason typed as ``=HYPERLINK("http://…")`` would run
when an auditor opens the report (CSV or formula injection). Such a text cell is written
with a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheets show as the text it is;
numbers, and texts that are only a number (``-5``, ``+62``), are written as they are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["SafeWriter", "csv_table", "spreadsheet_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet cannot take for a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` (RFC 4180: CRLF between rows) whose every cell is made safe."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_safe("" if c is None else c) for c in cells])


def csv_table(fieldnames: Sequence[str], rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> str:
    """A header and rows (mappings by field name, or sequences in field order) as CSV
    text, every cell made safe (:func:`spreadsheet_safe`)."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(fieldnames)
    for row in rows:
        writer.writerow([row.get(name) for name in fieldnames] if isinstance(row, Mapping) else row)
    return out.getvalue()
