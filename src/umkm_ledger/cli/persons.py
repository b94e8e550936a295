"""``umkm-ledger person ...``: people's personal data under UU 27/2022 (erasure).

An erasure is asked for by one officer (``person erase``, with its legal ground and
reason) and approved by another (``person approve-erasure``); approving destroys the
person's key, which cannot be undone. The NIK is asked for at a hidden prompt (or read
from standard input), never taken from the command line, where other users of the
machine and the shell's history would see it.
"""

from __future__ import annotations

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option
from umkm_ledger.cli.recorded import recording
from umkm_ledger.kernel.errors import N_
from umkm_ledger.ledger import Ledger
from umkm_ledger.privacy.grounds import ErasureGround

__all__ = ["person"]

_GROUNDS = [g.value.replace(" ", "-") for g in ErasureGround]


@click.group()
def person() -> None:
    """People's personal data (UU 27/2022): erasure on request, approved by a second officer."""


@person.command("erase")
@click.option(
    "--nik", prompt="NIK", hide_input=True, help="Asked for at a hidden prompt when not given."
)
@click.option(
    "--ground", required=True, type=click.Choice(_GROUNDS), help="The ground (Pasal 43 ayat 1)."
)
@click.option("--reason", required=True, help="Why, in words (a letter's number, a decision).")
@click.option("--command-id", default=None, help="Idempotency key.")
@pass_cli
@recording
def erase(cli: CliContext, nik: str, ground: str, reason: str, command_id: str | None) -> str:
    """Ask for a person's personal data to be erased (a second officer approves)."""
    return str(cli.ledger.request_erasure(nik, ground=ground, reason=reason, command_id=command_id))


@person.command("approve-erasure")
@click.argument("erasure_id", type=RecordId("erasure"))
@click.option("--reason", default=None, help="Why (recorded with the approval).")
@click.option("--command-id", default=None, help="Idempotency key.")
@pass_cli
@recording
def approve_erasure(
    cli: CliContext, erasure_id: str, reason: str | None, command_id: str | None
) -> str:
    """Approve an erasure and destroy the person's key (cannot be undone)."""
    return str(cli.ledger.approve_erasure(erasure_id, reason=reason, command_id=command_id))


@person.command("reject-erasure")
@click.argument("erasure_id", type=RecordId("erasure"))
@click.option("--reason", required=True, help="Why the data stays.")
@click.option("--command-id", default=None, help="Idempotency key.")
@pass_cli
@recording
def reject_erasure(cli: CliContext, erasure_id: str, reason: str, command_id: str | None) -> str:
    """Reject an erasure: the personal data stays."""
    return str(cli.ledger.reject_erasure(erasure_id, reason=reason, command_id=command_id))


@person.command("erasures")
@format_option("json", "csv")
@pass_cli
def erasures(cli: CliContext, fmt: str) -> None:
    """Every erasure: id, status, ground, who asked and who decided (never a NIK)."""
    views = cli.existing_ledger.erasures()
    if emitted(fmt, views):
        return
    for view in views:
        decided = f" decided by {view.decided_by}" if view.decided_by else ""
        key = "key destroyed" if view.key_destroyed else "key kept"
        click.echo(
            f"{view.id}  {view.status.value:<9} {view.ground.value}  "
            f"asked by {view.requested_by}{decided}  {key}"
        )


@person.command("migrate")
@click.option(
    "--from", "source_url", required=True, help="The ledger from before sealing (its URL)."
)
@click.option("--reason", required=True, help="Why (recorded with the migration).")
@click.option("--quiet", is_flag=True, help="Do not show progress on stderr.")
@pass_cli
def migrate(cli: CliContext, source_url: str, reason: str, quiet: bool) -> None:
    """Copy a ledger from before sealing into the new, empty ledger --db names, with every
    NIK and name sealed per person. Name the old ledger's secret file
    (UMKM_LEDGER_SECRET_FILE) for both. The old ledger is not changed: destroy it and its
    backups once the new one is in use."""
    source = Ledger.open(source_url, create=False, notices=False)
    ledger = cli.ledger
    say = cli.labels.text
    with cli.progress(N_("sealing personal data"), 0) as bar:
        summary = ledger.migrate_personal_data_from(
            source,
            reason=reason,
            on_progress=None if quiet else lambda position, end: bar.update(position, total=end),
        )
    source.close()
    click.echo(
        say(
            N_(
                "{events} events migrated into {url}, personal data of {people} people sealed "
                "(old tree root {old}; new tree root {new})",
                events=summary.events,
                url=ledger.url,
                people=summary.people,
                old=summary.source_root,
                new=summary.target_root,
            )
        )
    )
