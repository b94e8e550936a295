"""Values as people type them in spreadsheets, read into what the ledger's commands take.

A cell may hold text (everything in a CSV file, and many XLSX cells) or what the
spreadsheet stored: a number, a date. Dates are read in the order the office writes them
(``15/01/2024`` is 15 January in Indonesia: day, month, year; ``date_order="MDY"`` for
files written the other way), also with month names (``15 Januari 2024``, ``15 Jan 2024``)
and as ISO dates; money as :meth:`~umkm_ledger.kernel.values.Rupiah.parse` reads it
(``Rp 2.400.000``, ``2,4 miliar``). Each reader raises
:class:`~umkm_ledger.kernel.errors.InvalidValue` naming the column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Literal

from babel.dates import get_month_names

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import Rupiah

__all__ = ["Cell", "DateOrder", "cell_date", "cell_money", "cell_text", "cell_year"]

#: What a cell holds once read: text, a number, a date, or nothing.
Cell = str | int | float | Decimal | date | datetime | None
DateOrder = Literal["DMY", "MDY", "YMD"]

_PARTS = re.compile(r"([0-9]{1,4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,4})")
_NAMED = re.compile(r"([0-9]{1,2})[\s\-]+([^\W\d_]+)\.?[\s\-]+([0-9]{4})")
# Spreadsheets count days from 30 December 1899 (Excel and LibreOffice alike); a date
# column saved as a number in a CSV export holds such a count.
_EPOCH = date(1899, 12, 30)
_SERIALS = range(1, 2_958_466)  # up to 9999-12-31
MAX_TEXT = 1_000


def cell_text(value: Cell, column: str) -> str | None:
    """A cell as text, trimmed (None: empty). A whole number stored as a number (an NIK,
    an NIB, a KBLI code typed without a leading apostrophe) is its digits."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidValue(column, str(value), N_("must be text, not true/false"))
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise InvalidValue(column, str(value)[:40], N_("must be text or a whole number"))
        value = int(value)
    if isinstance(value, datetime | date):
        raise InvalidValue(column, value.isoformat(), N_("must be text, not a date"))
    text = str(value).strip().lstrip("'").strip()
    if len(text) > MAX_TEXT:
        raise InvalidValue(
            column, text[:40] + "...", N_("is longer than {most} characters", most=MAX_TEXT)
        )
    return text or None


@cache
def _months() -> dict[str, int]:
    """Month names and abbreviations, Indonesian and English, lower case -> number."""
    found: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                found[str(name).lower().rstrip(".")] = int(number)
    found.update({"agt": 8, "ags": 8, "peb": 2, "nop": 11, "mei": 5})
    return found


def cell_date(value: Cell, column: str, order: DateOrder = "DMY") -> date | None:
    """A date cell (None: empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _serial(value, column)
    text = cell_text(value, column)
    if text is None:
        return None
    if re.fullmatch(r"[0-9]{5}(\.0+)?", text):
        # A date column saved as numbers (a CSV export of a spreadsheet): a day count.
        return _serial(int(float(text)), column)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = _PARTS.fullmatch(text)
    if parts is not None:
        first, second, third = (int(p) for p in parts.groups())
        if len(parts.group(1)) == 4:
            year, month, day = first, second, third
        elif order == "MDY":
            month, day, year = first, second, third
        else:
            day, month, year = first, second, third
        return _day(year, month, day, text, column)
    named = _NAMED.fullmatch(text)
    if named is not None:
        named_month = _months().get(named.group(2).lower().rstrip("."))
        if named_month is not None:
            return _day(int(named.group(3)), named_month, int(named.group(1)), text, column)
    raise InvalidValue(
        column,
        text[:40],
        N_("is not a date (e.g. 15/01/2024, 15 Januari 2024 or 2024-01-15)"),
    )


def _serial(count: int | float | Decimal, column: str) -> date:
    days = int(count)
    if days != count or days not in _SERIALS:
        raise InvalidValue(column, str(count)[:40], N_("is not a date"))
    return _EPOCH + timedelta(days=days)


def _day(year: int, month: int, day: int, text: str, column: str) -> date:
    if year < 100:
        raise InvalidValue(column, text[:40], N_("needs a four-digit year"))
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidValue(column, text[:40], N_("is not a day of the calendar")) from None


def cell_nik(value: Cell, column: str) -> str | None:
    """A NIK cell, which must hold text: a spreadsheet keeps 15 significant digits of a
    number, so a 16-digit NIK stored as a number may have lost its last digit, and a wrong
    NIK that still looks valid must not be recorded."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise InvalidValue(
            column,
            "<hidden>",
            N_(
                "is stored as a number, so the spreadsheet may have lost its last digit: "
                "format the column as text and type the NIKs again"
            ),
        )
    return cell_text(value, column)


def cell_year(value: Cell, column: str) -> int | None:
    """A year cell: ``1980`` (a number or text), or a date (its year)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.year
    text = cell_text(value, column)
    if text is None:
        return None
    if re.fullmatch(r"[0-9]{4}", text):
        return int(text)
    raise InvalidValue(column, text[:40], N_("is not a year (four digits)"))


def cell_money(value: Cell, column: str) -> Rupiah | None:
    """An amount: a number, or text as people write it (``Rp 2.400.000``, ``2,4 miliar``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValue(column, str(value), N_("is not an amount"))
    if isinstance(value, int):
        return Rupiah(value)
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise InvalidValue(column, str(value)[:40], N_("must be whole rupiah"))
        return Rupiah(int(value))
    text = cell_text(value, column)
    return None if text is None else Rupiah.parse(text, column)
