"""The ``umkm-ledger`` command line.

Global options: ``--db URL`` (default: ``umkm-ledger.db`` in the working directory),
``--lang en|id`` (everything said to people, errors included, in that language; numbers
and money formatted for it), ``--tz WIB|WITA|WIT|UTC`` (the zone recorded times are
shown in; stored times stay UTC) and ``--actor USER@ROLE`` (who is recorded as acting).
Machine formats (``--format json|csv``) stay English.
"""

from __future__ import annotations

import click

from umkm_ledger.cli.activity import consultation, exhibition, mentoring, training
from umkm_ledger.cli.audit import audit, history
from umkm_ledger.cli.backup import backup, export, restore, save_secret
from umkm_ledger.cli.context import CliContext, fail_on_ledger_errors
from umkm_ledger.cli.demo import demo
from umkm_ledger.cli.enterprise import enterprise
from umkm_ledger.cli.feed import feed, feed_schemas
from umkm_ledger.cli.funding import allocation, anomalies, funder, funds, grant, kur
from umkm_ledger.cli.group import group
from umkm_ledger.cli.iati import iati
from umkm_ledger.cli.imports import import_group
from umkm_ledger.cli.persons import person
from umkm_ledger.cli.program import indicator_kinds_command, program, progress
from umkm_ledger.cli.serve import serve
from umkm_ledger.cli.tokens import token
from umkm_ledger.cli.views import project, rebuild
from umkm_ledger.i18n.labels import DEFAULT_ZONE, LANGUAGES, ZONES
from umkm_ledger.ledger import DEFAULT_URL

__all__ = ["cli", "main"]


class LedgerGroup(click.Group):
    """A click group that reports ledger errors as one line and exits with status 2."""

    def invoke(self, ctx: click.Context) -> object:
        with fail_on_ledger_errors(ctx):
            return super().invoke(ctx)


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "url",
    default=DEFAULT_URL,
    show_default=True,
    envvar="UMKM_LEDGER_DB",
    help="Ledger URL: sqlite:///FILE, memory:// or postgresql://USER:PASS@HOST:PORT/DB.",
)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGES)),
    default="en",
    show_default=True,
    envvar="UMKM_LEDGER_LANG",
    help="Language of everything shown to people (errors too), numbers and money.",
)
@click.option(
    "--tz",
    "zone",
    type=click.Choice(list(ZONES), case_sensitive=False),
    default=DEFAULT_ZONE,
    show_default=True,
    envvar="UMKM_LEDGER_TZ",
    help="Time zone recorded times are shown in (stored times stay UTC).",
)
@click.option(
    "--actor",
    default="cli@officer",
    show_default=True,
    envvar="UMKM_LEDGER_ACTOR",
    help="Who is recorded as acting, as USER@ROLE.",
)
@click.version_option(package_name="umkm-ledger")
@click.pass_context
def cli(ctx: click.Context, url: str, lang: str, zone: str, actor: str) -> None:
    """Record and query UMKM development programs: enterprises, groups, programs, progress."""
    ctx.obj = CliContext(url=url, language=lang, actor=actor, zone=zone.upper())
    ctx.call_on_close(ctx.obj.close)


cli.add_command(demo)
cli.add_command(person)
cli.add_command(enterprise)
cli.add_command(group)
cli.add_command(program)
cli.add_command(progress)
cli.add_command(indicator_kinds_command)
cli.add_command(funder)
cli.add_command(allocation)
cli.add_command(grant)
cli.add_command(funds)
cli.add_command(anomalies)
cli.add_command(iati)
cli.add_command(kur)
cli.add_command(mentoring)
cli.add_command(training)
cli.add_command(consultation)
cli.add_command(exhibition)
cli.add_command(audit)
cli.add_command(history)
cli.add_command(project)
cli.add_command(rebuild)
cli.add_command(feed)
cli.add_command(feed_schemas)
cli.add_command(export)
cli.add_command(restore)
cli.add_command(save_secret)
cli.add_command(backup)
cli.add_command(import_group)
cli.add_command(token)
cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="umkm-ledger")
