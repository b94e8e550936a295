"""``umkm-ledger export``, ``restore``, ``backup`` and ``save-secret``: the whole log out
and back in, a copy of a SQLite ledger's file while it is in use, and the ledger's secret
to a file of its own."""

from __future__ import annotations

from pathlib import Path

import click

from umkm_ledger.cli.audit import read_file
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["backup", "export", "restore", "save_secret"]


@click.command()
@click.argument("file", metavar="FILE.jsonl")
@click.option("--quiet", is_flag=True, help="Do not show progress on stderr.")
@pass_cli
def export(cli: CliContext, file: str, quiet: bool) -> None:
    """Write the whole log, every event as stored with its Merkle leaf, to a new file."""
    ledger = cli.existing_ledger
    say = cli.labels.text
    if quiet:
        summary = ledger.export(file)
    else:
        with cli.progress(N_("exporting the log"), ledger.log_end()) as bar:
            summary = ledger.export(file, on_progress=lambda position, _end: bar.update(position))
    click.echo(
        say(
            N_(
                "{events} events exported to {file} (up to position {position}; tree root {root})",
                events=summary.events,
                file=file,
                position=summary.last_position,
                root=summary.root_hash,
            )
        )
    )


@click.command()
@click.argument("file", metavar="FILE.jsonl")
@click.option(
    "--checkpoint",
    "checkpoint_file",
    default=None,
    help="Restore only if the file is the ledger this checkpoint signed.",
)
@click.option(
    "--public-key",
    "public_key_file",
    default=None,
    help="The public key of the checkpoint's signer.",
)
@click.option("--quiet", is_flag=True, help="Do not show progress on stderr.")
@pass_cli
def restore(
    cli: CliContext,
    file: str,
    checkpoint_file: str | None,
    public_key_file: str | None,
    quiet: bool,
) -> None:
    """Load an export into the empty ledger --db names (SQLite or PostgreSQL), checking
    every leaf and event first; with --checkpoint, only the ledger that was signed."""
    if not Path(file).is_file():  # before a new, empty ledger is made for nothing
        raise InvalidValue("FILE", file, N_("is not a file"))
    checkpoint = None if checkpoint_file is None else read_file(checkpoint_file, "--checkpoint")
    public_key = None if public_key_file is None else read_file(public_key_file, "--public-key")
    ledger = cli.ledger
    say = cli.labels.text
    with cli.progress(N_("restoring the log"), 0) as bar:
        summary = ledger.restore(
            file,
            checkpoint=checkpoint,
            public_key=public_key,
            on_progress=None if quiet else lambda position, end: bar.update(position, total=end),
        )
    click.echo(
        say(
            N_(
                "{events} events restored into {url} (up to position {position}; tree root {root})",
                events=summary.events,
                url=ledger.url,
                position=summary.last_position,
                root=summary.root_hash,
            )
        )
    )


@click.command()
@click.argument("file", metavar="FILE.db")
@pass_cli
def backup(cli: CliContext, file: str) -> None:
    """Copy a SQLite ledger's database file while it is in use (a consistent copy)."""
    ledger = cli.existing_ledger
    size = ledger.copy_database(file)
    click.echo(
        cli.labels.text(
            N_("{file}: a copy of {url} ({size} bytes)", file=file, url=ledger.url, size=size)
        )
    )


@click.command("save-secret")
@click.argument("file", metavar="FILE")
@pass_cli
def save_secret(cli: CliContext, file: str) -> None:
    """Write the ledger's secret (what keys the ids made from NIKs) to a new file only its
    owner reads: for a PostgreSQL ledger's servers and restores (UMKM_LEDGER_SECRET_FILE),
    or a copy kept apart from the backups."""
    ledger = cli.existing_ledger
    ledger.save_secret(file)
    click.echo(
        cli.labels.text(
            N_(
                "{file}: the secret of {url}; name it with UMKM_LEDGER_SECRET_FILE and keep it "
                "apart from the backups",
                file=file,
                url=ledger.url,
            )
        )
    )
