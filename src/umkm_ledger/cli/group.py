"""``umkm-ledger group ...``: form KUB, sentra or koperasi, manage members, show."""

from __future__ import annotations

from uuid import UUID

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option, json_text
from umkm_ledger.cli.recorded import recording
from umkm_ledger.enterprises.text import render_group, render_timeline

__all__ = ["group"]

_effective = click.option("--effective-date", default=None, help="When it happened (YYYY-MM-DD).")
_command_id = click.option("--command-id", default=None, help="Idempotency key.")


@click.group()
def group() -> None:
    """Business groups: KUB, sentra, koperasi."""


@group.command("form")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["KUB", "sentra", "koperasi"]), required=True)
@click.option("--region", required=True, help="Region code (any level).")
@click.option("--founded", required=True, help="YYYY-MM-DD")
@_effective
@_command_id
@pass_cli
@recording
def form(
    cli: CliContext,
    name: str,
    kind: str,
    region: str,
    founded: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Form a group."""
    return cli.ledger.form_group(
        name, kind=kind, region=region, founded_on=founded, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@group.command("join")
@click.argument("group_id", type=RecordId("group"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@_effective
@_command_id
@pass_cli
@recording
def join(
    cli: CliContext,
    group_id: str,
    enterprise_id: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """An enterprise joins the group."""
    return cli.ledger.add_group_member(
        group_id, enterprise_id, effective_date=effective_date, command_id=command_id
    )


@group.command("leave")
@click.argument("group_id", type=RecordId("group"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def leave(
    cli: CliContext,
    group_id: str,
    enterprise_id: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """A member enterprise leaves the group."""
    return cli.ledger.remove_group_member(
        group_id, enterprise_id, reason=reason, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@group.command("chair")
@click.argument("group_id", type=RecordId("group"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@_effective
@_command_id
@pass_cli
@recording
def chair(
    cli: CliContext,
    group_id: str,
    enterprise_id: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """The owner of a member enterprise becomes chairperson."""
    return cli.ledger.appoint_chairperson(
        group_id, enterprise_id, effective_date=effective_date, command_id=command_id
    )


@group.command("show")
@click.argument("group_id", type=RecordId("group"))
@format_option("json")
@pass_cli
def show(cli: CliContext, group_id: str, fmt: str) -> None:
    """Print a group, its members and its timeline."""
    ledger = cli.existing_ledger
    view = ledger.group(group_id)
    history = ledger.history(view.id, locale=cli.labels.locale)
    if fmt == "json":
        click.echo(json_text({"group": view, "history": history}))
        return
    names = {str(m): ledger.enterprise(m).name for m in view.members}
    click.echo(render_group(view, names, cli.labels))
    click.echo(render_timeline(history, cli.labels))


@group.command("list")
@format_option("json", "csv")
@pass_cli
def list_(cli: CliContext, fmt: str) -> None:
    """List every group."""
    ledger = cli.existing_ledger
    if fmt != "text" and emitted(fmt, [ledger.group(i) for i in ledger.group_ids()]):
        return
    for group_id in ledger.group_ids():
        view = ledger.group(group_id)
        kind = cli.labels.term(view.kind.value)
        click.echo(f"{view.id}  {kind:<8} {len(view.members):>3}  {view.name}")
