"""``umkm-ledger project`` and ``umkm-ledger rebuild``: keeping the views current."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.kernel.errors import N_
from umkm_ledger.platform.progress import ProgressBar

__all__ = ["project", "rebuild"]


@click.command()
@click.option("--follow", is_flag=True, help="Keep running, updating views as events arrive.")
@click.option(
    "--interval",
    type=float,
    default=1.0,
    show_default=True,
    help="With --follow on SQLite: seconds between looks for new events.",
)
@click.option("--quiet", is_flag=True, help="Do not show progress on stderr.")
@pass_cli
def project(cli: CliContext, follow: bool, interval: float, quiet: bool) -> None:
    """Bring the materialized views up to date (and keep them so with --follow)."""
    ledger = cli.existing_ledger
    say = cli.labels.text

    def report(view: str, position: int, end: int) -> None:
        if not quiet:
            said = N_("{view}: {position} of {end}", view=view, position=position, end=end)
            click.echo(say(said), err=True)

    if not follow:
        if quiet:
            reached = ledger.catch_up()
        else:
            end = ledger.log_end()
            start = min(ledger.view_positions().values(), default=0)
            with cli.progress(N_("catching up the views"), end, start=start) as bar:
                reached = ledger.catch_up(
                    on_page=lambda _view, position, _end: bar.update(position)
                )
                bar.update(reached)
        click.echo(say(N_("views current up to event {position}", position=reached)))
        return
    stop = threading.Event()

    def finish(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    click.echo(say(N_("following {url} (stop with Ctrl-C)", url=ledger.url)), err=True)
    ledger.follow(stop, interval=interval, on_page=report)
    click.echo(say(N_("stopped")), err=True)


@click.command()
@click.argument("view", required=False)
@pass_cli
def rebuild(cli: CliContext, view: str | None) -> None:
    """Replay VIEW (default: every view) from the first event, beside the current tables,
    then switch to it; queries keep answering from the old tables meanwhile."""
    ledger = cli.existing_ledger
    say = cli.labels.text
    names = [view] if view else ledger.view_names()
    for name in names:
        end = ledger.log_end()
        with cli.progress(N_("rebuilding {view}", view=name), end) as bar:

            def advance(_view: str, position: int, _end: int, bar: ProgressBar = bar) -> None:
                bar.update(position)

            ledger.rebuild(name, on_page=advance)
            bar.update(end)
        click.echo(say(N_("{view}: rebuilt up to event {position}", view=name, position=end)))
