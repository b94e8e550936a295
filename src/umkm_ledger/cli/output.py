"""What read commands print for tools: ``--format json`` (every read command) and
``--format csv`` (those that list rows).

The JSON of a read model is the model's fields in plain JSON (:mod:`umkm_ledger.interchange.
plain`: rupiah as whole numbers, dates as ISO text, ids as text, choices as their values,
region codes with their edition and their name), one shape per read model, the same as the
Python API's objects hold; machine formats stay English. What the text output shows, the JSON shows:
owners' names, birth years and addresses as recorded (whoever can run the command can read
the database), and NIKs masked wherever they are, in read models and in the raw fields of
events in histories.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import click

from umkm_ledger.interchange.plain import PersonalData, PlainForm
from umkm_ledger.platform.regions import region_name
from umkm_ledger.platform.spreadsheets import csv_table

__all__ = ["csv_text", "emitted", "format_option", "json_text", "plain"]

F = TypeVar("F", bound=Callable[..., Any])

# What the text shows, the JSON shows: names and addresses as recorded, NIKs masked.
_FORM = PlainForm(PersonalData.FULL, niks_masked=True, region_names=region_name)


def plain(value: Any) -> Any:
    """A read model (or a list or mapping of them) as plain JSON values."""
    return _FORM.value(value)


def json_text(value: Any) -> str:
    return json.dumps(plain(value), indent=2, ensure_ascii=False)


def csv_text(rows: Iterable[Any]) -> str:
    """Rows (read models) as CSV: one column per field; a nested value as its JSON."""
    flat = [_flat(plain(row)) for row in rows]
    names: list[str] = []
    for row in flat:
        names += [name for name in row if name not in names]
    return csv_table(names, flat)


def _flat(row: Any) -> dict[str, Any]:
    if not isinstance(row, Mapping):
        return {"value": row}
    return {
        name: json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        for name, value in row.items()
    }


def emitted(fmt: str, value: Any, rows: Iterable[Any] | None = None) -> bool:
    """Print ``value`` as JSON, or ``rows`` (default: ``value`` itself, a list) as CSV,
    when ``fmt`` asks for a machine format; whether it did (else the caller prints text)."""
    if fmt == "json":
        click.echo(json_text(value))
        return True
    if fmt == "csv":
        click.echo(csv_text(value if rows is None else rows), nl=False)
        return True
    return False


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format text|json[|csv]`` (default ``text``), passed as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", *choices]),
        default="text",
        show_default=True,
        help="text for people; " + " or ".join(choices) + " for tools (English).",
    )
