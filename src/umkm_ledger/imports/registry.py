"""A registry file (CSV or XLSX) into registrations, enrolments and sales reports.

Each row goes through the ledger's own commands, in a batch (:meth:`Ledger.batch`): the
same value objects and rules as when an officer types it, many rows per transaction. A row
becomes a registration (with its owner, NIB, KBLI, desa and founding date), an enrolment
in a program when one is given, and a sales report when the row has a sales figure.

Each command's id is made from the file's identity (its name, or the mapping's ``source``)
and the values the command records, read as the ledger reads them (``15/01/2024`` and
``2024-01-15`` are the same date). So importing the same file again records nothing new
(every command is already recorded), and a file corrected and imported again records only
the rows that changed: a row refused for a typo is recorded once it is fixed. A row changed
after it was recorded registers again; the ledger flags the new registration as a
suspected duplicate of the first (same owner, desa and sector), for an officer to merge or
dismiss: a registration is corrected with ``umkm-ledger enterprise correct``, not by import.

The report says, per row and command: recorded, already recorded, refused (with the
error's class, the field, the column and the message), or not tried (the registration
of its row was refused). A dry run decides every command as a real run would, each seeing
the rows before it, and records nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.imports.cells import (
    Cell,
    cell_date,
    cell_money,
    cell_nik,
    cell_text,
    cell_year,
)
from umkm_ledger.imports.mapping import ColumnMap, check_mapping, column_map, load_mapping
from umkm_ledger.imports.sheets import read_sheet
from umkm_ledger.kernel.coerce import to_id
from umkm_ledger.kernel.errors import InvalidValue, Message, UmkmLedgerError
from umkm_ledger.kernel.values import NIB, NIK, Gender, RegionCode
from umkm_ledger.kernel.values.person import HIDDEN_YEAR
from umkm_ledger.ledger import Ledger
from umkm_ledger.platform.batch import BatchItem
from umkm_ledger.platform.spreadsheets import csv_table

__all__ = ["ImportLine", "ImportReport", "import_enterprises"]

_SOURCE = re.compile(r"[^A-Za-z0-9._-]+")


@attrs.frozen
class ImportLine:
    """How one command of one row ended."""

    row: int
    command: str
    #: recorded, already recorded, refused, not tried (in a dry run: what a real run
    #: would do).
    status: str
    record_id: str | None = None
    error: str | None = None
    #: The field the error names (as the ledger's command names it) and its column.
    field: str | None = None
    column: str | None = None
    message: Message | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "command": self.command,
            "status": self.status,
            "record_id": self.record_id,
            "error": self.error,
            "field": self.field,
            "column": self.column,
            "message": None if self.message is None else str(self.message),
        }


@attrs.frozen
class ImportReport:
    """What an import recorded (or, in a dry run, would record), row by row."""

    file: str
    source: str
    dry_run: bool
    rows: int
    lines: tuple[ImportLine, ...]
    #: Headers of the file that no field took.
    ignored_columns: tuple[str, ...] = ()

    def summary(self) -> dict[str, dict[str, int]]:
        """Per command, how many ended in each status."""
        counts: dict[str, Counter[str]] = {}
        for line in self.lines:
            counts.setdefault(line.command, Counter())[line.status] += 1
        return {command: dict(sorted(c.items())) for command, c in counts.items()}

    def refused(self) -> list[ImportLine]:
        return [line for line in self.lines if line.status == "refused"]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "summary": self.summary(),
            "ignored_columns": list(self.ignored_columns),
            "lines": [line.as_dict() for line in self.lines],
        }

    def to_csv(self) -> str:
        names = ("row", "command", "status", "record_id", "error", "field", "column", "message")
        return csv_table(names, [line.as_dict() for line in self.lines])


def import_enterprises(
    ledger: Ledger,
    path: str | Path,
    *,
    mapping: str | Path | Mapping[str, Any] | None = None,
    program: UUID | str | None = None,
    dry_run: bool = False,
    source: str | None = None,
    sheet: str | None = None,
    size: int = 500,
    on_progress: Callable[[int, int], object] | None = None,
) -> ImportReport:
    """Import the registry at ``path`` (CSV or XLSX) into ``ledger``; see the module.

    ``mapping``: a TOML file (or its content as a dict) naming columns and defaults;
    ``program``: enrol every registered enterprise in this program; ``source``: the file's
    identity in command ids (default: the mapping's ``source``, else the file's name).
    ``on_progress(rows done, rows)``. A file that cannot be read or lacks a required
    column raises :class:`InvalidValue` before any row is tried."""
    file = Path(path)
    settings = (
        check_mapping(mapping)
        if isinstance(mapping, Mapping)
        else load_mapping(None if mapping is None else Path(mapping))
    )
    table = read_sheet(file, sheet=sheet)
    columns = column_map(table.header, settings)
    identity = _source(source or columns.source or file.name)
    program_id = None if program is None else to_id(program, "program")
    run = _Run(ledger, columns, table.header, identity, program_id)
    total = len(table.rows)
    with ledger.batch(size=size, dry_run=dry_run) as batch:
        run.batch = batch
        for done, (number, cells) in enumerate(table.rows, start=1):
            run.row(number, cells)
            if on_progress is not None and (done % 500 == 0 or done == total):
                on_progress(done, total)
    return ImportReport(
        file=table.name,
        source=identity,
        dry_run=dry_run,
        rows=total,
        lines=tuple(run.lines()),
        ignored_columns=columns.ignored,
    )


def _source(text: str) -> str:
    cleaned = _SOURCE.sub("_", text.strip()).strip("_")[:60]
    if not cleaned:
        raise InvalidValue("source", text[:40], "must name the file (letters, digits, . _ -)")
    return cleaned


def _identity(registration: Mapping[str, Any]) -> dict[str, Any]:
    """The registration as the ledger will read it (``16.09.14.2006`` and ``1609142006``
    are one desa, ``P`` and ``Perempuan`` one gender), so that a file saved again with its
    cells written another way is the same file to the import."""
    same = dict(registration)
    owner = dict(registration["owners"][0])
    for key, read in (
        ("nik", lambda t: NIK.parse(t).value),
        ("gender", lambda t: Gender.parse(t).value),
    ):
        owner[key] = _or_as_typed(read, owner[key])
    same["owners"] = [owner]
    same["desa"] = _or_as_typed(lambda t: RegionCode.parse(t).code, registration["desa"])
    same["sector"] = _or_as_typed(lambda t: t.strip(), registration["sector"])
    same["nib"] = _or_as_typed(lambda t: NIB.parse(t).value, registration["nib"])
    return same


def _or_as_typed(read: Callable[[str], str], value: Any) -> Any:
    # A value the ledger will refuse stays as typed: its command is refused either way.
    if not isinstance(value, str):
        return value
    try:
        return read(value)
    except InvalidValue:
        return value


def _digest(ledger: Ledger, values: Mapping[str, Any]) -> str:
    """What identifies a row's commands in their command ids: keyed with the ledger's
    secret, because a row holds a NIK and command ids are stored in the clear."""
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return ledger.application.ledger_secret.id_digest(text)


class _Run:
    """One import: rows into batch items, and the items back into report lines."""

    def __init__(
        self,
        ledger: Ledger,
        columns: ColumnMap,
        header: Sequence[str],
        source: str,
        program: UUID | None,
    ) -> None:
        self.ledger = ledger
        self.columns = columns
        self.header = header
        self.source = source
        self.program = program
        self.batch: Any = None
        # (row, command, item or a line already decided)
        self._made: list[tuple[int, str, BatchItem[Any] | ImportLine]] = []

    def value(self, field: str, cells: Sequence[Cell]) -> Cell:
        index = self.columns.columns.get(field)
        if index is not None and cells[index] is not None:
            return cells[index]
        return self.columns.defaults.get(field)

    def column(self, field: str) -> str:
        index = self.columns.columns.get(field)
        return self.header[index] if index is not None else f"(default {field})"

    def row(self, number: int, cells: Sequence[Cell]) -> None:
        try:
            registration = self._registration(cells)
        except InvalidValue as error:
            self._made.append((number, "register", self._refused(number, "register", error)))
            self._not_tried(number, cells)
            return
        digest = _digest(self.ledger, _identity(registration))
        item = self.batch.submit(
            self.ledger.register_enterprise,
            command_id=f"import:{self.source}:{digest}:register",
            **registration,
        )
        self._made.append((number, "register", item))
        if item.error is not None:
            self._not_tried(number, cells)
            return
        enterprise = item.result
        if self.program is not None:
            enrolled = self._date("enrolled_on", cells) or registration["effective_date"]
            key = _digest(self.ledger, {"r": digest, "p": str(self.program), "on": enrolled})
            item = self.batch.submit(
                self.ledger.enrol,
                self.program,
                enterprise,
                effective_date=enrolled,
                command_id=f"import:{self.source}:{key}:enrol",
            )
            self._made.append((number, "enrol", item))
        self._sales(number, cells, digest, enterprise)

    def _sales(self, number: int, cells: Sequence[Cell], digest: str, enterprise: UUID) -> None:
        if self.value("sales", cells) is None:
            return
        try:
            amount = cell_money(self.value("sales", cells), self.column("sales"))
            year = cell_year(self.value("sales_year", cells), self.column("sales_year"))
            if year is None:
                raise InvalidValue(self.column("sales_year"), "", "is needed with a sales figure")
        except InvalidValue as error:
            self._made.append(
                (number, "report_sales", self._refused(number, "report_sales", error))
            )
            return
        assert amount is not None
        key = _digest(self.ledger, {"r": digest, "year": year, "amount": amount.amount})
        self._made.append(
            (
                number,
                "report_sales",
                self.batch.submit(
                    self.ledger.report_sales,
                    enterprise,
                    year=year,
                    amount=amount,
                    command_id=f"import:{self.source}:{key}:report_sales",
                ),
            )
        )

    def _not_tried(self, number: int, cells: Sequence[Cell]) -> None:
        later = (["enrol"] if self.program is not None else []) + (
            ["report_sales"] if self.value("sales", cells) is not None else []
        )
        for command in later:
            self._made.append((number, command, ImportLine(number, command, "not tried")))

    def _date(self, field: str, cells: Sequence[Cell]) -> date | None:
        return cell_date(self.value(field, cells), self.column(field), self.columns.date_order)

    def _text(self, field: str, cells: Sequence[Cell]) -> str | None:
        return cell_text(self.value(field, cells), self.column(field))

    def _registration(self, cells: Sequence[Cell]) -> dict[str, Any]:
        """The registration's arguments, read from the row (InvalidValue: a cell that is
        not what its column holds, located at the column)."""
        birth = self._birth_year(cells)
        founded: Cell = self.value("founded_on", cells)
        founded_text = (
            cell_text(founded, self.column("founded_on")) if not isinstance(founded, date) else None
        )
        if founded_text is not None and re.fullmatch(r"[0-9]{4}", founded_text):
            founded_on: date | None = date(int(founded_text), 1, 1)  # a year: its first day
        else:
            founded_on = self._date("founded_on", cells)
        sector: Cell = self.value("sector", cells)
        if isinstance(sector, int) and not isinstance(sector, bool):
            sector = f"{sector:05d}"  # a KBLI typed as a number lost its leading zero
        registration: dict[str, Any] = {
            "name": self._text("name", cells),
            "owners": [
                {
                    "name": self._text("owner_name", cells),
                    "nik": cell_nik(self.value("nik", cells), self.column("nik")),
                    "gender": self._text("gender", cells),
                    "birth_year": birth,
                }
            ],
            "desa": self._text("desa", cells),
            "sector": cell_text(sector, self.column("sector")),
            "founded_on": founded_on,
            "nib": self._text("nib", cells),
            "street": self._text("street", cells) or "-",
            "postal_code": self._text("postal_code", cells),
            "effective_date": self._date("registered_on", cells),
        }
        for field in ("name", "desa", "sector", "founded_on"):
            if registration[field] is None:
                raise InvalidValue(self.column(field), "", "is empty")
        owner = registration["owners"][0]
        for field, key in (("owner_name", "name"), ("nik", "nik"), ("gender", "gender")):
            if owner[key] is None:
                raise InvalidValue(self.column(field), "", "is empty")
        if owner["birth_year"] is None:
            raise InvalidValue(self.column("birth_year"), "", "is empty")
        return registration

    def _birth_year(self, cells: Sequence[Cell]) -> int | None:
        """The owner's birth year, from the year or the date column; what was typed
        there is not shown in an error (a birth date is personal data)."""
        try:
            birth = cell_year(self.value("birth_year", cells), self.column("birth_year"))
            if birth is None:
                born = self._date("birth_date", cells)
                birth = None if born is None else born.year
        except InvalidValue as error:
            raise InvalidValue(error.field, HIDDEN_YEAR, error.problem) from None
        return birth

    def _refused(self, number: int, command: str, error: UmkmLedgerError) -> ImportLine:
        field = getattr(error, "field", None)
        return ImportLine(
            number,
            command,
            "refused",
            error=type(error).__name__,
            field=field,
            column=self._column_of(field),
            message=error.message,
        )

    def _column_of(self, field: str | None) -> str | None:
        """The column a command's field was read from (``owners[0].nik`` -> the NIK's)."""
        if field is None:
            return None
        if field in self.header:
            return field
        last = field.rsplit(".", 1)[-1]
        name = {"name": "owner_name"} if field.startswith("owners") else {}
        wanted = {"effective_date": "registered_on", **name}.get(last, last)
        return self.column(wanted) if wanted in self.columns.columns else None

    def lines(self) -> list[ImportLine]:
        made = []
        for number, command, outcome in self._made:
            if isinstance(outcome, ImportLine):
                made.append(outcome)
            elif outcome.error is not None:
                made.append(self._refused(number, command, outcome.error))
            else:
                result = outcome.result
                made.append(
                    ImportLine(
                        number,
                        command,
                        outcome.status,
                        record_id=None if result is None else str(result),
                    )
                )
        return made
