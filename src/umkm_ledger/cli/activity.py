"""``umkm-ledger mentoring|training|consultation|exhibition ...``: what an office does
between grants."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import click

from umkm_ledger.activity.text import render_coverage, render_session, render_training
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option, json_text
from umkm_ledger.cli.people import people_typed, person_fields
from umkm_ledger.cli.recorded import recording
from umkm_ledger.kernel.errors import InvalidValue

__all__ = ["consultation", "exhibition", "mentoring", "training"]

_effective = click.option("--effective-date", default=None, help="When it happened (YYYY-MM-DD).")
_command_id = click.option("--command-id", default=None, help="Idempotency key.")
_program = click.option(
    "--program", "program_id", type=RecordId("program"), default=None, help="The program it is for."
)


def _follow_ups(texts: tuple[str, ...]) -> list[dict[str, Any]]:
    """``DUE:ACTION`` (``2016-12-30:buat buku kas``)."""
    found = []
    for index, text in enumerate(texts):
        due, sep, action = text.partition(":")
        if not sep:
            raise InvalidValue(f"--follow-up[{index}]", text, "must look like DUE:ACTION")
        found.append({"due": due.strip(), "action": action})
    return found


# -- mentoring ---------------------------------------------------------------------------


@click.group()
def mentoring() -> None:
    """Mentoring sessions (pendampingan): schedule, record, hold, coverage."""


_mentor_kind = click.option(
    "--mentor-kind", default="officer", show_default=True, help="officer or PLUT consultant."
)


@mentoring.command("schedule")
@click.option("--mentor", required=True)
@_mentor_kind
@click.option(
    "--enterprise",
    "enterprises",
    type=RecordId("enterprise"),
    multiple=True,
    help="An enterprise (repeat).",
)
@click.option(
    "--group", type=RecordId("group"), default=None, help="A group: the session is for its members."
)
@click.option("--topic", "topics", multiple=True, required=True)
@click.option("--on", "planned_on", required=True, help="The planned date.")
@_program
@_effective
@_command_id
@pass_cli
@recording
def schedule(
    cli: CliContext,
    mentor: str,
    mentor_kind: str,
    enterprises: tuple[str, ...],
    group: str | None,
    topics: tuple[str, ...],
    planned_on: str,
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Plan a session."""
    return cli.ledger.schedule_mentoring(
            mentor, mentor_kind=mentor_kind, enterprises=list(enterprises), group=group,
            topics=list(topics), planned_on=planned_on, program_id=program_id,
            effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@mentoring.command("record")
@click.option("--mentor", required=True)
@_mentor_kind
@click.option(
    "--enterprise",
    "enterprises",
    type=RecordId("enterprise"),
    multiple=True,
    help="An enterprise (repeat).",
)
@click.option(
    "--group",
    type=RecordId("group"),
    default=None,
    help="A group: the session was for its members.",
)
@click.option("--topic", "topics", multiple=True, required=True)
@click.option("--minutes", type=int, required=True, help="How long it took.")
@click.option("--notes", default="")
@click.option("--follow-up", "follow_ups", multiple=True, help="DUE:ACTION (repeat).")
@_program
@_effective
@_command_id
@pass_cli
@recording
def record(
    cli: CliContext,
    mentor: str,
    mentor_kind: str,
    enterprises: tuple[str, ...],
    group: str | None,
    topics: tuple[str, ...],
    minutes: int,
    notes: str,
    follow_ups: tuple[str, ...],
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record a session after the fact (held on the effective date)."""
    return cli.ledger.record_mentoring(
            mentor, mentor_kind=mentor_kind, enterprises=list(enterprises), group=group,
            topics=list(topics), duration_minutes=minutes, notes=notes,
            follow_ups=_follow_ups(follow_ups), program_id=program_id,
            effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@mentoring.command("hold")
@click.argument("session_id", type=RecordId("mentoring session"))
@click.option(
    "--attended",
    type=RecordId("enterprise"),
    multiple=True,
    required=True,
    help="An enterprise (repeat).",
)
@click.option("--minutes", type=int, required=True)
@click.option("--notes", default="")
@click.option("--follow-up", "follow_ups", multiple=True, help="DUE:ACTION (repeat).")
@_effective
@_command_id
@pass_cli
@recording
def hold(
    cli: CliContext,
    session_id: str,
    attended: tuple[str, ...],
    minutes: int,
    notes: str,
    follow_ups: tuple[str, ...],
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """The session took place (on the effective date)."""
    return cli.ledger.hold_mentoring(
        session_id, attended=list(attended), duration_minutes=minutes, notes=notes,
        follow_ups=_follow_ups(follow_ups), effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@mentoring.command("cancel")
@click.argument("session_id", type=RecordId("mentoring session"))
@click.option("--reason", default=None, help="Why (required unless --no-show).")
@click.option("--no-show", is_flag=True, help="Nobody came (no reason needed).")
@_effective
@_command_id
@pass_cli
@recording
def cancel(
    cli: CliContext,
    session_id: str,
    reason: str | None,
    no_show: bool,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Cancel a planned session, or record that nobody came (--no-show)."""
    if no_show:
        return cli.ledger.record_no_show(
            session_id, effective_date=effective_date, command_id=command_id
        )
    if reason is None:
        raise InvalidValue("--reason", None, "a cancellation needs a reason")
    return cli.ledger.cancel_mentoring(
        session_id, reason=reason, effective_date=effective_date, command_id=command_id
    )


@mentoring.command("follow-up-done")
@click.argument("session_id", type=RecordId("mentoring session"))
@click.argument("line", type=int)
@_effective
@_command_id
@pass_cli
@recording
def follow_up_done(
    cli: CliContext, session_id: str, line: int, effective_date: str | None, command_id: str | None
) -> UUID:
    """A follow-up action (its number in the session) was done."""
    return cli.ledger.complete_follow_up(
        session_id, line, effective_date=effective_date, command_id=command_id
    )


@mentoring.command("show")
@click.argument("session_id", type=RecordId("mentoring session"))
@format_option("json")
@pass_cli
def show_session(cli: CliContext, session_id: str, fmt: str) -> None:
    """Print a session: mentor, topics, who came, follow-up actions."""
    view = cli.existing_ledger.mentoring_session(session_id)
    click.echo(json_text(view) if fmt == "json" else render_session(view, cli.labels))


@mentoring.command("coverage")
@click.argument("program_id", type=RecordId("program"))
@click.option("--period", default=None, help="START..END (default: the program's period).")
@click.option("--at-least", type=int, default=1, show_default=True, help="Visits that count.")
@click.option("--as-of", default=None)
@format_option("json", "csv")
@pass_cli
def coverage(
    cli: CliContext,
    program_id: str,
    period: str | None,
    at_least: int,
    as_of: str | None,
    fmt: str,
) -> None:
    """Binaan mentored in a period, time since the last visit, never visited; mentor load."""
    report = cli.existing_ledger.mentoring_coverage(
        program_id, period=period, at_least=at_least, as_of=as_of
    )
    if emitted(fmt, report, rows=report.rows):
        return
    names = {
        row.enterprise_id: cli.existing_ledger.enterprise(row.enterprise_id).name
        for row in report.rows
    }
    click.echo(render_coverage(report, cli.labels, names))


# -- trainings ---------------------------------------------------------------------------


@click.group()
def training() -> None:
    """Bimtek trainings: organise, register participants, attendance, completion."""


@training.command("organise")
@click.option("--title", required=True)
@click.option("--organiser", required=True)
@click.option("--venue", required=True)
@click.option("--region", required=True, help="Region code where it is held.")
@click.option("--day", "days", multiple=True, required=True, help="A day (repeat).")
@click.option("--topic", "topics", multiple=True, required=True)
@click.option("--trainer", "trainers", multiple=True)
@click.option("--funder", default=None)
@click.option("--partner", default=None, help="E.g. a member of DPR Komisi VI.")
@_program
@_effective
@_command_id
@pass_cli
@recording
def organise(
    cli: CliContext,
    title: str,
    organiser: str,
    venue: str,
    region: str,
    days: tuple[str, ...],
    topics: tuple[str, ...],
    trainers: tuple[str, ...],
    funder: str | None,
    partner: str | None,
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Organise a training."""
    return cli.ledger.organise_training(
            title, organiser=organiser, venue=venue, region=region, days=list(days),
            topics=list(topics), trainers=list(trainers), funder=funder, partner=partner,
            program_id=program_id, effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@training.command("register")
@click.argument("training_id", type=RecordId("training"))
@click.option("--person", required=True, help="NAME,NIK,GENDER,BIRTH_YEAR")
@click.option("--enterprise", "enterprise_id", type=RecordId("enterprise"), required=True)
@_effective
@_command_id
@pass_cli
@recording
def register(
    cli: CliContext,
    training_id: str,
    person: str,
    enterprise_id: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Register a participant for the enterprise they represent."""
    typed = person_fields(person, "--person")
    with people_typed("--person", [person], "person"):
        return cli.ledger.register_participant(
            training_id, person=typed, enterprise_id=enterprise_id,
            effective_date=effective_date, command_id=command_id,
        )  # fmt: skip


@training.command("attend")
@click.argument("training_id", type=RecordId("training"))
@click.option("--nik", "niks", multiple=True, required=True, help="A NIK present (repeat).")
@_effective
@_command_id
@pass_cli
@recording
def attend(
    cli: CliContext,
    training_id: str,
    niks: tuple[str, ...],
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record the attendance list of a training day (the effective date)."""
    return cli.ledger.record_attendance(
        training_id, present=list(niks), effective_date=effective_date, command_id=command_id
    )


@training.command("complete")
@click.argument("training_id", type=RecordId("training"))
@click.option("--nik", required=True)
@click.option("--certificate", default=None)
@_effective
@_command_id
@pass_cli
@recording
def complete(
    cli: CliContext,
    training_id: str,
    nik: str,
    certificate: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """A participant completed the training (having attended every day)."""
    return cli.ledger.complete_training(
        training_id, nik, certificate=certificate, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@training.command("link-grant")
@click.argument("training_id", type=RecordId("training"))
@click.argument("grant_id", type=RecordId("grant"))
@_effective
@_command_id
@pass_cli
@recording
def link_grant(
    cli: CliContext,
    training_id: str,
    grant_id: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Aid handed over at the training belongs to this grant."""
    return cli.ledger.link_training_grant(
        training_id, grant_id, effective_date=effective_date, command_id=command_id
    )


@training.command("cancel")
@click.argument("training_id", type=RecordId("training"))
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def cancel_training(
    cli: CliContext,
    training_id: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """A training that will not take place."""
    return cli.ledger.cancel_training(
        training_id, reason=reason, effective_date=effective_date, command_id=command_id
    )


@training.command("show")
@click.argument("training_id", type=RecordId("training"))
@format_option("json")
@pass_cli
def show_training(cli: CliContext, training_id: str, fmt: str) -> None:
    """Print a training: days, attendance per day, participants (NIKs masked)."""
    view = cli.existing_ledger.training(training_id)
    click.echo(json_text(view) if fmt == "json" else render_training(view, cli.labels))


# -- consultations and exhibitions ---------------------------------------------------------


@click.group()
def consultation() -> None:
    """Consultations at a PLUT (or the office)."""


@consultation.command("record")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--place", required=True)
@click.option("--consultant", required=True)
@click.option("--consultant-kind", default="PLUT consultant", show_default=True)
@click.option("--topic", required=True)
@click.option("--outcome", required=True)
@_program
@_effective
@_command_id
@pass_cli
@recording
def record_consultation(
    cli: CliContext,
    enterprise_id: str,
    place: str,
    consultant: str,
    consultant_kind: str,
    topic: str,
    outcome: str,
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record a consultation."""
    return cli.ledger.record_consultation(
            enterprise_id, place=place, consultant=consultant,
            consultant_kind=consultant_kind, topic=topic, outcome=outcome,
            program_id=program_id, effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@click.group()
def exhibition() -> None:
    """Exhibitions (pameran) and the enterprises that took part."""


@exhibition.command("organise")
@click.option("--name", required=True)
@click.option("--organiser", required=True)
@click.option("--venue", required=True)
@click.option("--region", required=True)
@click.option("--day", "days", multiple=True, required=True)
@_program
@_effective
@_command_id
@pass_cli
@recording
def organise_exhibition(
    cli: CliContext,
    name: str,
    organiser: str,
    venue: str,
    region: str,
    days: tuple[str, ...],
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Organise an exhibition."""
    return cli.ledger.organise_exhibition(
            name, organiser=organiser, venue=venue, region=region, days=list(days),
            program_id=program_id, effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@exhibition.command("take-part")
@click.argument("exhibition_id", type=RecordId("exhibition"))
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--product", "products", multiple=True)
@click.option("--outcome", required=True)
@click.option("--sales", default=None)
@_effective
@_command_id
@pass_cli
@recording
def take_part(
    cli: CliContext,
    exhibition_id: str,
    enterprise_id: str,
    products: tuple[str, ...],
    outcome: str,
    sales: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """An enterprise took part (on the effective date)."""
    return cli.ledger.take_part(
        exhibition_id, enterprise_id, products=list(products), outcome=outcome, sales=sales,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip
