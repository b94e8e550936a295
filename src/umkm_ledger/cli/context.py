"""Shared CLI plumbing: the open ledger, labels, and turning ledger errors into messages
in the reader's language."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator

import attrs
import click

from umkm_ledger.cli.exits import INTERNAL, PIPE_CLOSED, status_of
from umkm_ledger.i18n.labels import DEFAULT_ZONE, Labels
from umkm_ledger.kernel.errors import N_, Message, UmkmLedgerError
from umkm_ledger.ledger import Ledger
from umkm_ledger.platform.progress import ProgressBar
from umkm_ledger.platform.regions import place_label

__all__ = ["CliContext", "fail_on_ledger_errors", "pass_cli"]


@attrs.define
class CliContext:
    url: str
    language: str
    actor: str
    #: The time zone times are shown in (WIB, WITA, WIT or UTC).
    zone: str = DEFAULT_ZONE
    _ledger: Ledger | None = None

    @property
    def ledger(self) -> Ledger:
        """The ledger ``--db`` names, made if it does not exist (commands that record)."""
        return self._open(create=True)

    @property
    def existing_ledger(self) -> Ledger:
        """The ledger ``--db`` names, which must exist (commands that only read: a
        mistyped ``--db`` is an error, not a new empty ledger)."""
        return self._open(create=False)

    def _open(self, *, create: bool) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger.open(
                self.url,
                actor=self.actor,
                source_system="umkm-ledger-cli",
                notices=self.notice,
                create=create,
            )
        return self._ledger

    def notice(self, message: Message) -> None:
        """What the ledger tells its caller (a long catch-up), on stderr in the reader's
        language."""
        click.echo(self.labels.text(message), err=True)

    def progress(
        self, label: Message, total: int, *, start: int = 0, unit: Message | None = None
    ) -> ProgressBar:
        """A progress bar on stderr for long work, in the reader's language (counting
        events unless ``unit`` names what)."""
        say = self.labels.text
        return ProgressBar(say(label), total, start=start, say=say, unit=say(unit or N_("events")))

    @property
    def labels(self) -> Labels:
        return Labels(self.language, zone=self.zone, places=place_label)

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


pass_cli = click.make_pass_decorator(CliContext)


@contextlib.contextmanager
def fail_on_ledger_errors(ctx: click.Context | None = None) -> Iterator[None]:
    """Print a ledger error as one line on stderr, in the language ``--lang`` chose (as
    far as the command got), and exit with its status (:mod:`umkm_ledger.cli.exits`: 3
    refused, 4 could not run); anything else unforeseen exits 70 with its traceback."""
    try:
        yield
    except UmkmLedgerError as error:
        chosen = None if ctx is None else ctx.obj
        labels = chosen.labels if isinstance(chosen, CliContext) else Labels("en")
        click.echo(labels.error(error), err=True)
        raise click.exceptions.Exit(status_of(error)) from None
    except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
        raise
    except BrokenPipeError:
        # The reader stopped reading (``| head``): no bug, and nowhere left to say anything.
        # Output still buffered would fail again when Python flushes it at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise click.exceptions.Exit(PIPE_CLOSED) from None
    except Exception:
        # A bug in umkm_ledger: said as such, with what a report of it needs.
        click.echo(traceback.format_exc(), err=True, nl=False)
        click.echo("internal error: please report it with the traceback above", err=True)
        raise click.exceptions.Exit(INTERNAL) from None
