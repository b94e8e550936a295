"""``umkm-ledger program ...`` and ``umkm-ledger progress``: programs and their progress."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option, json_text
from umkm_ledger.cli.recorded import recording
from umkm_ledger.interchange.dhis2.mapping import Dhis2Mapping
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import number_from_text
from umkm_ledger.programs.indicator import DIMENSIONS
from umkm_ledger.programs.readmodels import ProgramView
from umkm_ledger.programs.text import (
    progress_csv,
    progress_json,
    render_progress,
    write_chart,
)

__all__ = ["program", "progress"]

_effective = click.option("--effective-date", default=None, help="When it happened (YYYY-MM-DD).")
_command_id = click.option("--command-id", default=None, help="Idempotency key.")


@click.group()
def program() -> None:
    """Development programs: plan, indicators and targets, binaan enrolment."""


@program.command("plan")
@click.option("--name", required=True)
@click.option("--agency", required=True, help="The office that runs it.")
@click.option("--scope", "scope", multiple=True, required=True, help="Region code (repeat).")
@click.option("--period", required=True, help="START..END (YYYY-MM-DD..YYYY-MM-DD) or a year.")
@_effective
@_command_id
@pass_cli
@recording
def plan(
    cli: CliContext,
    name: str,
    agency: str,
    scope: tuple[str, ...],
    period: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Plan a program."""
    return cli.ledger.plan_program(
        name, agency=agency, scope=list(scope), period=period, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@program.command("start")
@click.argument("program_id", type=RecordId("program"))
@_effective
@_command_id
@pass_cli
@recording
def start(
    cli: CliContext, program_id: str, effective_date: str | None, command_id: str | None
) -> UUID:
    """The program starts."""
    return cli.ledger.start_program(
        program_id, effective_date=effective_date, command_id=command_id
    )


@program.command("close")
@click.argument("program_id", type=RecordId("program"))
@click.option("--reason", default=None)
@_effective
@_command_id
@pass_cli
@recording
def close(
    cli: CliContext,
    program_id: str,
    reason: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """The program ends."""
    return cli.ledger.close_program(
        program_id, reason=reason, effective_date=effective_date, command_id=command_id
    )


@program.command("indicator")
@click.argument("program_id", type=RecordId("program"))
@click.option("--key", required=True, help="Its name in this program (new_binaan).")
@click.option("--kind", required=True, help="What it counts (see `umkm-ledger indicator-kinds`).")
@click.option("--title", required=True)
@click.option("--baseline", type=int, default=None)
@click.option("--baseline-on", default=None, help="YYYY-MM-DD")
@click.option("--param", "params", multiple=True, help="NAME=VALUE (repeat).")
@click.option("--youth-age-limit", type=int, default=30, show_default=True)
@_effective
@_command_id
@pass_cli
@recording
def indicator(
    cli: CliContext,
    program_id: str,
    key: str,
    kind: str,
    title: str,
    baseline: int | None,
    baseline_on: str | None,
    params: tuple[str, ...],
    youth_age_limit: int,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Define an indicator the program reports on."""
    parameters: dict[str, int | str] = {}
    for text in params:
        name, sep, value = text.partition("=")
        if not sep or not name:
            raise InvalidValue("--param", text, "must look like NAME=VALUE")
        number = value.strip()
        # isdigit() alone lets "²" through, which int() refuses: whole numbers are ASCII
        # (and of at most 30 digits, checked before they are converted).
        is_number = number.isascii() and number.isdigit()
        parameters[name.strip()] = (
            number_from_text(number, f"--param {name.strip()}") if is_number else number
        )
    return cli.ledger.define_indicator(
        program_id, key, kind=kind, title=title, baseline=baseline, baseline_on=baseline_on,
        parameters=parameters, youth_age_limit=youth_age_limit, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@program.command("target")
@click.argument("program_id", type=RecordId("program"))
@click.argument("indicator_key")
@click.option("--value", type=int, required=True)
@click.option("--period", "periods", multiple=True, required=True, help="2019, 2020-Q1, A..B")
@click.option("--per-area", default=None, help="desa, kecamatan or kabupaten: a quota.")
@click.option("--area", "areas", multiple=True, help="A region code of the quota (repeat).")
@_effective
@_command_id
@pass_cli
@recording
def target(
    cli: CliContext,
    program_id: str,
    indicator_key: str,
    value: int,
    periods: tuple[str, ...],
    per_area: str | None,
    areas: tuple[str, ...],
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Set a target of an indicator (per period; per area for quotas)."""
    chosen: str | list[str] = periods[0] if len(periods) == 1 else list(periods)
    return cli.ledger.set_target(
        program_id, indicator_key, value=value, periods=chosen, per_area=per_area,
        areas=list(areas), effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@program.command("opening-balance")
@click.argument("program_id", type=RecordId("program"))
@click.argument("indicator_key")
@click.option("--value", type=int, required=True)
@click.option("--counted-on", required=True, help="YYYY-MM-DD: when it was counted.")
@click.option("--source", "source_document", required=True, help="The document it comes from.")
@click.option("--area", default=None, help="Region code the count is for (optional).")
@_command_id
@pass_cli
@recording
def opening_balance(
    cli: CliContext,
    program_id: str,
    indicator_key: str,
    value: int,
    counted_on: str,
    source_document: str,
    area: str | None,
    command_id: str | None,
) -> UUID:
    """Enter a count that predates the ledger, with its source document."""
    return cli.ledger.record_opening_balance(
        program_id, indicator_key, value=value, counted_on=counted_on,
        source_document=source_document, area=area, command_id=command_id,
    )  # fmt: skip


@program.command("enrol")
@click.argument("program_id", type=RecordId("program"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--funder", "funders", multiple=True, help="A funder claiming it (repeat).")
@_effective
@_command_id
@pass_cli
@recording
def enrol(
    cli: CliContext,
    program_id: str,
    enterprise_id: str,
    funders: tuple[str, ...],
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Enrol an enterprise as binaan."""
    return cli.ledger.enrol(
        program_id, enterprise_id, funders=list(funders), effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@program.command("exit")
@click.argument("program_id", type=RecordId("program"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def exit_(
    cli: CliContext,
    program_id: str,
    enterprise_id: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """The enterprise leaves the program's guidance."""
    return cli.ledger.exit_program(
        program_id, enterprise_id, reason=reason, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@program.command("show")
@click.argument("program_id", type=RecordId("program"))
@format_option("json")
@pass_cli
def show(cli: CliContext, program_id: str, fmt: str) -> None:
    """Print a program's definition: scope, period, indicators, targets, balances."""
    view = cli.existing_ledger.program(program_id)
    click.echo(json_text(view) if fmt == "json" else render_program(view, cli))


@program.command("list")
@format_option("json", "csv")
@pass_cli
def list_(cli: CliContext, fmt: str) -> None:
    """List programs: id, status, name."""
    ledger = cli.existing_ledger
    if fmt != "text" and emitted(fmt, [ledger.program(i) for i in ledger.program_ids()]):
        return
    for program_id in ledger.program_ids():
        view = ledger.program(program_id)
        click.echo(f"{view.id}  {cli.labels.term(view.status.value):<12} {view.name}")


def render_program(view: ProgramView, cli: CliContext) -> str:
    labels = cli.labels
    lines = [
        f"{labels['program']}: {view.name}  [{view.id}]",
        f"  {labels['agency']}: {view.agency}",
        f"  {labels['status']}: {labels.term(view.status.value)}",
        f"  {labels['scope']}: {', '.join(labels.place(s) for s in view.scope)}",
        f"  {labels['period']}: {view.period.label}",
        f"  {labels['indicators']}:",
    ]
    for item in view.indicators:
        lines.append(f"    {item.key} ({item.kind}): {item.title}")
        for goal in view.targets.get(item.key, ()):
            per = (
                f" {labels['per']} {goal.per_area.label} x {len(goal.areas)}"
                if goal.per_area
                else ""
            )
            periods = ", ".join(p.label for p in goal.periods)
            lines.append(
                f"      {labels['target']}: {labels.number(goal.value)}{per} "
                f"{labels['in']} {periods}"
            )
        for balance in view.opening_balances:
            if balance.indicator == item.key:
                lines.append(
                    f"      {labels['opening_balance']}: {labels.number(balance.value)} "
                    f"({balance.counted_on.isoformat()}, {balance.source_document})"
                )
    return "\n".join(lines)


@click.command()
@click.argument("program_id", type=RecordId("program"))
@click.option("--as-of", default=None, help="An effective date (YYYY-MM-DD); default today.")
@click.option("--by", type=click.Choice(DIMENSIONS), default=None, help="Break down by.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json", "dhis2"]),
    default="table",
    show_default=True,
    help="dhis2: the DHIS2 dataValueSets JSON that --map describes.",
)
@click.option("--map", "mapping_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="MAPPING.toml",
              help="With --format dhis2: the DHIS2 identifiers of the indicators, "
              "disaggregations and regions.")  # fmt: skip
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to this file instead of printing it.")  # fmt: skip
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a chart of target versus actual (.png or .svg).")  # fmt: skip
@pass_cli
def progress(
    cli: CliContext,
    program_id: str,
    as_of: str | None,
    by: str | None,
    output: str,
    mapping_file: Path | None,
    out: Path | None,
    chart: Path | None,
) -> None:
    """A program's progress against its targets (for DHIS2: --format dhis2 --map FILE)."""
    if (output == "dhis2") != (mapping_file is not None):
        raise InvalidValue("--map", None if mapping_file is None else str(mapping_file),
                           "goes with --format dhis2, and --format dhis2 with it")  # fmt: skip
    if output == "dhis2":
        if by is not None:
            raise InvalidValue(
                "--by",
                by,
                "is not for --format dhis2: the mapping says how each indicator is broken down",
            )
        assert mapping_file is not None
        mapping = Dhis2Mapping.from_file(mapping_file)
        payload = cli.existing_ledger.dhis2(program_id, mapping, as_of=as_of)
        _emit(payload.dumps(), out)
        said = N_("{count} DHIS2 data values", count=len(payload.data_values))
        click.echo(cli.labels.text(said) + (f": {out}" if out else ""), err=True)
        return
    result = cli.existing_ledger.progress(program_id, as_of=as_of, by=by)
    if output == "table":
        _emit(render_progress(result, cli.labels) + "\n", out)
    elif output == "csv":
        _emit(progress_csv(result), out)
    else:
        _emit(progress_json(result) + "\n", out)
    if chart is not None:
        write_chart(result, chart, cli.labels)
        click.echo(f"{cli.labels['chart']}: {chart}", err=True)


def _emit(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` (refused naming ``--out`` if it cannot be)."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidValue(
            "--out", str(out), N_("cannot be written ({error})", error=error.strerror or "")
        ) from None


@click.command("indicator-kinds")
def indicator_kinds_command() -> None:
    """List the indicator kinds programs can use, with their parameters."""
    from umkm_ledger.programs.progress import indicator_kinds  # noqa: PLC0415

    kinds = {
        name: {"title": kind.title, "unit": kind.unit, "parameters": dict(kind.parameters)}
        for name, kind in sorted(indicator_kinds().items())
    }
    click.echo(json.dumps(kinds, indent=2))
