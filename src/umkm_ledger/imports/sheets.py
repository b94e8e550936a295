"""Rows of a registry file: CSV (any of ``,`` ``;`` tab, UTF-8 or the Windows code page
spreadsheets save in) or XLSX (with the ``xlsx`` extra: openpyxl).

The header is the first row with two cells or more (a title above the table is skipped).
Each row comes with the number the spreadsheet shows it under, so that a report's "row 14"
is the row an officer sees as 14.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import attrs

from umkm_ledger.imports.cells import Cell
from umkm_ledger.kernel.errors import N_, ConfigurationError, InvalidValue

__all__ = ["MAX_ROWS", "Sheet", "read_sheet"]

#: The most data rows one file may hold (a province's registry fits: ~360 000).
MAX_ROWS = 1_000_000
_MAX_COLUMNS = 200


@attrs.frozen
class Sheet:
    """A file's header and rows (the cells of each row, by column)."""

    name: str
    header: tuple[str, ...]
    #: (row number as the spreadsheet shows it, cells), without empty rows.
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]


def read_sheet(path: Path, *, sheet: str | None = None) -> Sheet:
    """The header and rows of the CSV or XLSX file at ``path``."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InvalidValue("file", str(path), N_("is not a file"))
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx(path, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise InvalidValue("sheet", sheet, N_("a CSV file has no sheets"))
        header, rows = _csv(path)
    else:
        raise InvalidValue(
            "file", path.name, N_("must be a .csv or .xlsx file (a .xls: save it as .xlsx)")
        )
    return Sheet(path.name, header, rows)


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with its byte-order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidValue("file", path.name, N_("is not text in UTF-16")) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidValue("file", path.name, N_("is not text in UTF-8 or Windows-1252"))


def _csv(path: Path) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[Cell, ...]], ...]]:
    text = _decoded(path)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return _table(_numbered(reader, path.name), path.name)


def _delimiter(text: str) -> str:
    """The delimiter of the table: of ``,`` ``;`` and tab, the one that splits the most of
    the first lines into the same number (two or more) of cells. A title above the table
    (``DAFTAR UMKM, KECAMATAN BELITANG``) is one line among many."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, score = ",", 0
    for mark in (",", ";", "\t"):
        widths = Counter(line.count(mark) + 1 for line in lines if mark in line)
        if not widths:
            continue
        width, rows = widths.most_common(1)[0]
        if width >= 2 and rows * width > score:
            best, score = mark, rows * width
    return best


def _numbered(reader: Iterator[list[str]], name: str) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    line = 1
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidValue(
                "file",
                f"{name}, line {line}",
                N_(
                    "is not well-formed CSV ({error}): an unclosed quote, or a cell too long",
                    error=str(error),
                ),
            ) from None
        yield line, row
        line = getattr(reader, "line_num", line) + 1


def _xlsx(
    path: Path, sheet: str | None
) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[Cell, ...]], ...]]:
    try:
        import openpyxl  # noqa: PLC0415 (an optional extra, loaded when an XLSX file is read)
    except ImportError:
        raise ConfigurationError(
            N_("reading .xlsx files needs the xlsx extra: pip install 'umkm-ledger[xlsx]'")
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl's errors for a damaged file vary
        raise InvalidValue(
            "file",
            path.name,
            N_("is not a readable .xlsx file ({error})", error=type(error).__name__),
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidValue(
                "sheet",
                sheet[:40],
                N_("is not a sheet of the file ({sheets})", sheets=", ".join(book.sheetnames)),
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        numbered = (
            (number, [_cell(value) for value in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        return _table(numbered, path.name)
    finally:
        book.close()


def _cell(value: object) -> Cell:
    """A spreadsheet cell as a registry row holds it: what it shows, for anything that is
    not text, a number or a date (a time, a formula's rich text)."""
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def _table(
    numbered: Iterator[tuple[int, Sequence[Cell]]], name: str
) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[Cell, ...]], ...]]:
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, values in numbered:
        cells = tuple(None if v == "" else v for v in values)
        if all(v is None for v in cells):
            continue
        if header is None:
            if sum(v is not None for v in cells) < 2:
                continue  # a title above the table ("DAFTAR UMKM KECAMATAN ...")
            header = tuple("" if v is None else str(v).strip() for v in cells)
            while header and not header[-1]:
                header = header[:-1]  # empty columns after the table
            if len(header) > _MAX_COLUMNS:
                raise InvalidValue(
                    "file", name, N_("has more than {most} columns", most=_MAX_COLUMNS)
                )
            continue
        if len(rows) == MAX_ROWS:
            raise InvalidValue(
                "file", name, N_("has more than {most} rows: split it", most=MAX_ROWS)
            )
        rows.append((number, cells[: len(header)] + (None,) * (len(header) - len(cells))))
    if header is None:
        raise InvalidValue("file", name, N_("is empty: it has no header row"))
    return header, tuple(rows)
