"""``umkm-ledger import enterprises``: a registry file into the ledger, with a report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.imports.registry import ImportReport, import_enterprises
from umkm_ledger.kernel.errors import N_, InvalidValue, StorageFault
from umkm_ledger.ledger import Ledger

__all__ = ["import_group"]


@click.group("import")
def import_group() -> None:
    """Bring an office's existing records into the ledger."""


@import_group.command("enterprises")
@click.argument("file", metavar="FILE.csv|FILE.xlsx")
@click.option("--dry-run", is_flag=True, help="Record nothing; report what a real run would do.")
@click.option(
    "--mapping",
    default=None,
    metavar="MAP.toml",
    help="Which column holds which value, defaults, the date order (see the how-to).",
)
@click.option(
    "--program",
    default=None,
    metavar="ID",
    help="Enrol every registered enterprise in this program.",
)
@click.option(
    "--source",
    default=None,
    help="The file's identity in command ids (default: its name); keep it when "
    "importing a corrected version.",
)
@click.option("--sheet", default=None, help="The sheet of an XLSX file (default: the first).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="The per-row report: a table, CSV or JSON.",
)
@click.option("--quiet", is_flag=True, help="Do not show progress on stderr.")
@pass_cli
def import_enterprises_command(
    cli: CliContext,
    file: str,
    dry_run: bool,
    mapping: str | None,
    program: str | None,
    source: str | None,
    sheet: str | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Register the enterprises of a registration list or a SIDT-KUMKM export (owners,
    NIB, KBLI, desa, founding date), enrolling them and reporting their sales when the
    file says so. Importing the same file again records nothing new."""
    if not Path(file).is_file():  # said before a new, empty ledger is made for nothing
        raise InvalidValue("FILE", file, N_("is not a file"))
    ledger = cli.ledger if not dry_run else _for_a_dry_run(cli)
    if program is not None:
        program = str(ledger.resolve_id(program, "program", field="--program"))
    with cli.progress(N_("importing rows"), 0, unit=N_("rows")) as bar:
        report = import_enterprises(
            ledger,
            file,
            mapping=mapping,
            program=program,
            dry_run=dry_run,
            source=source,
            sheet=sheet,
            on_progress=None if quiet else (lambda done, total: bar.update(done, total=total)),
        )
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(report.to_csv(), nl=False)
    else:
        click.echo(render_report(report, cli.labels))


_ROW, _COLUMN = N_("row"), N_("column")
# Each command of a row as people call it (the command's name stays in CSV and JSON).
_COMMANDS = {
    "register": N_("registration"),
    "enrol": N_("enrolment"),
    "report_sales": N_("sales report"),
}
# How each status is said (the statuses stay English in CSV and JSON).
_STATUSES = {
    "recorded": N_("recorded"),
    "already recorded": N_("already recorded"),
    "refused": N_("refused"),
    "not tried": N_("not tried"),
}


def _for_a_dry_run(cli: CliContext) -> Ledger:
    """The ledger a dry run decides against: the one --db names, or, when there is none
    yet, an empty one in memory (what a first real run would meet), saying so."""
    try:
        return cli.existing_ledger
    except StorageFault as fault:
        if fault.fault != "no-ledger":
            raise
    click.echo(
        cli.labels.text(
            N_("no ledger at {url} yet: the dry run is against an empty ledger", url=cli.url)
        ),
        err=True,
    )
    return Ledger.open("memory://", actor=cli.actor, notices=False)


def render_report(report: ImportReport, labels: Labels) -> str:
    """The report for people: the counts, then each refused row."""
    say = labels.text
    head = (
        N_(
            "{file}: {rows} rows (dry run: nothing was recorded)",
            file=report.file,
            rows=report.rows,
        )
        if report.dry_run
        else N_("{file}: {rows} rows", file=report.file, rows=report.rows)
    )
    lines = [say(head)]
    for command, counts in report.summary().items():
        shown = ", ".join(
            f"{say(_STATUSES[status])} {labels.number(n)}" for status, n in counts.items()
        )
        lines.append(f"  {say(_COMMANDS[command])}: {shown}")
    refused = report.refused()
    if refused:
        lines.append(say(N_("refused:")))
        for line in refused:
            where = f" ({say(_COLUMN)} {line.column})" if line.column else ""
            text = say(line.message) if line.message is not None else ""
            command = say(_COMMANDS[line.command])
            lines.append(f"  {say(_ROW)} {line.row} {command}{where}: {line.error}: {text}")
    if report.ignored_columns:
        lines.append(
            say(N_("columns not read: {columns}", columns=", ".join(report.ignored_columns)))
        )
    return "\n".join(lines)
