"""``umkm-ledger enterprise ...``: register, report, change status, show."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import click

from umkm_ledger.activity.text import render_enterprise_timeline
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option, json_text
from umkm_ledger.cli.people import people_typed, person_fields
from umkm_ledger.cli.recorded import recording
from umkm_ledger.enterprises.text import render_enterprise, render_timeline
from umkm_ledger.kernel.errors import InvalidValue

__all__ = ["enterprise"]

F = TypeVar("F", bound=Callable[..., Any])

_effective = click.option(
    "--effective-date", "effective_date", default=None, help="When it happened (YYYY-MM-DD)."
)
_command_id = click.option(
    "--command-id", default=None, help="Idempotency key: resending it records nothing new."
)


@click.group()
def enterprise() -> None:
    """Enterprises (UMKM): register, report, change status, show."""


@enterprise.command("show")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@format_option("json")
@pass_cli
def show(cli: CliContext, enterprise_id: str, fmt: str) -> None:
    """Print one enterprise's current state and its event timeline."""
    view = cli.existing_ledger.enterprise(enterprise_id)
    history = cli.existing_ledger.history(view.id, locale=cli.labels.locale)
    if fmt == "json":
        click.echo(json_text({"enterprise": view, "history": history}))
        return
    click.echo(render_enterprise(view, cli.labels))
    click.echo(render_timeline(history, cli.labels))


@enterprise.command("timeline")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@format_option("json", "csv")
@pass_cli
def timeline(cli: CliContext, enterprise_id: str, fmt: str) -> None:
    """Everything that happened to one enterprise, across all records, by date."""
    entries = cli.existing_ledger.timeline(enterprise_id, locale=cli.labels.locale)
    if not emitted(fmt, entries):
        click.echo(render_enterprise_timeline(entries, cli.labels))


def _region_option(level: str, example: str) -> Callable[[F], F]:
    return click.option(
        f"--{level}",
        level,
        default=None,
        help=f"Only those in this {level}: its code or its name (e.g. {example}).",
    )


@enterprise.command("list")
@_region_option("provinsi", '"Sumatera Selatan"')
@_region_option("kabupaten", '"Ogan Ilir" or 16.10')
@_region_option("kecamatan", '"Madang Suku III" or 16.08.13')
@_region_option("desa", '"Wana Bakti" or 16.08.13.2004')
@format_option("json", "csv")
@pass_cli
def list_(
    cli: CliContext,
    provinsi: str | None,
    kabupaten: str | None,
    kecamatan: str | None,
    desa: str | None,
    fmt: str,
) -> None:
    """List enterprises: id, status, size class, name, desa; those of a region with
    --provinsi, --kabupaten, --kecamatan or --desa (a name is looked for inside the coarser
    ones given; one that several places share is refused with their codes)."""
    ledger = cli.existing_ledger
    views = ledger.enterprises(
        provinsi=provinsi, kabupaten=kabupaten, kecamatan=kecamatan, desa=desa
    )
    if emitted(fmt, views):
        return
    labels = cli.labels
    for view in views:
        size = labels.term(view.size_class.value) if view.size_class else "-"
        status = labels.term(view.status.value)
        click.echo(f"{view.id}  {status:<9} {size:<8} {view.name} — {labels.place(view.desa)}")


@enterprise.command("register")
@click.option("--name", required=True)
@click.option(
    "--owner",
    "owners",
    multiple=True,
    required=True,
    help="NAME,NIK,GENDER,BIRTH_YEAR (repeatable).",
)
@click.option("--desa", required=True, help="Desa/kelurahan region code, e.g. 16.10.01.2001.")
@click.option("--street", default="-")
@click.option("--kbli", required=True, help="5-digit KBLI code.")
@click.option("--kbli-version", type=click.Choice(["2020", "2025"]), default="2020")
@click.option("--founded", required=True, help="Founding date (YYYY-MM-DD).")
@click.option("--nib", default=None)
@_effective
@_command_id
@pass_cli
@recording
def register(
    cli: CliContext,
    name: str,
    owners: tuple[str, ...],
    desa: str,
    street: str,
    kbli: str,
    kbli_version: str,
    founded: str,
    nib: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Register an enterprise."""
    people = [person_fields(owner, "--owner") for owner in owners]
    with people_typed("--owner", owners, "owners"):
        return cli.ledger.register_enterprise(
            name,
            owners=people,
            desa=desa,
            street=street,
            sector=kbli,
            kbli_version=int(kbli_version),
            founded_on=founded,
            nib=nib,
            effective_date=effective_date,
            command_id=command_id,
        )


@enterprise.command("record-nib")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.argument("nib")
@_effective
@_command_id
@pass_cli
@recording
def record_nib(
    cli: CliContext,
    enterprise_id: str,
    nib: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record the NIB issued by OSS."""
    return cli.ledger.record_nib(
        enterprise_id, nib, effective_date=effective_date, command_id=command_id
    )


@enterprise.command("report-sales")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--year", type=int, required=True)
@click.option("--amount", required=True, help='e.g. "Rp250.000.000" or "2,5 miliar".')
@_effective
@_command_id
@pass_cli
@recording
def report_sales(
    cli: CliContext,
    enterprise_id: str,
    year: int,
    amount: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Report a year's sales (re-classifies when a threshold is crossed)."""
    return cli.ledger.report_sales(
        enterprise_id,
        year=year,
        amount=amount,
        effective_date=effective_date,
        command_id=command_id,
    )


@enterprise.command("report-capital")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--amount", required=True)
@_effective
@_command_id
@pass_cli
@recording
def report_capital(
    cli: CliContext,
    enterprise_id: str,
    amount: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Report business capital excluding land and buildings."""
    return cli.ledger.report_capital(
        enterprise_id, amount=amount, effective_date=effective_date, command_id=command_id
    )


_STATUS_COMMANDS = {
    "dormant": "mark_dormant",
    "close": "close_enterprise",
    "reactivate": "reactivate",
    "graduate": "graduate",
}


@enterprise.command("status")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.argument("action", type=click.Choice(sorted(_STATUS_COMMANDS)))
@click.option("--reason", default=None, help="Why (required to close).")
@_effective
@_command_id
@pass_cli
@recording
def status(
    cli: CliContext,
    enterprise_id: str,
    action: str,
    reason: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Mark dormant, close, reactivate or graduate (mandiri) an enterprise."""
    method = getattr(cli.ledger, _STATUS_COMMANDS[action])
    recorded: UUID = method(
        enterprise_id, reason=reason, effective_date=effective_date, command_id=command_id
    )
    return recorded


@enterprise.command("resolve-duplicate")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.argument("other_id", type=RecordId("enterprise"))
@click.option("--decision", type=click.Choice(["distinct", "merge"]), required=True)
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def resolve_duplicate(
    cli: CliContext,
    enterprise_id: str,
    other_id: str,
    decision: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Confirm a suspected duplicate as distinct, or merge ENTERPRISE_ID into OTHER_ID."""
    if decision == "distinct":
        return cli.ledger.confirm_distinct(
            enterprise_id, other_id, reason=reason, effective_date=effective_date,
            command_id=command_id,
        )  # fmt: skip
    return cli.ledger.merge_duplicate(
        enterprise_id, into=other_id, reason=reason, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@enterprise.command("correct")
@click.argument("record_id", type=RecordId())
@click.option("--version", "fact_version", type=int, required=True, help="Version of the fact.")
@click.option("--set", "changes", multiple=True, required=True, help="FIELD=VALUE (repeatable).")
@click.option("--reason", required=True)
@_command_id
@pass_cli
@recording
def correct(
    cli: CliContext,
    record_id: str,
    fact_version: int,
    changes: tuple[str, ...],
    reason: str,
    command_id: str | None,
) -> UUID:
    """Correct a recorded fact of an enterprise or group (the original stays in history).

    VALUE may be JSON (for owners or an address) or plain text.
    """
    parsed: dict[str, object] = {}
    for change in changes:
        field, sep, value = change.partition("=")
        if not sep:
            raise InvalidValue("--set", change, "must be FIELD=VALUE")
        try:
            parsed[field.strip()] = json.loads(value)
        except (ValueError, RecursionError):
            # Not JSON (or JSON no value can be: over 4300 digits, nested too deep): the
            # text as typed, which the correction then checks like any other value.
            parsed[field.strip()] = value
    return cli.ledger.correct(
        record_id, version=fact_version, changes=parsed, reason=reason, command_id=command_id
    )
