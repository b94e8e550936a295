"""What a recording command prints when it succeeds: one line saying what it recorded.

``recorded program 3f2a9c1e-...: start: planned → running (effective 2016-01-04)``: the
kind of record, its whole id, what each new event of it says, and the effective date, in
the chosen language. ``--format json`` gives the same for tools, ``--format id`` only the
id (for scripts: ``ID=$(umkm-ledger program plan ... --format id)``).

A command may write more than one record (an approval also commits money on the
allocation); the line is about the record the command is about, the one whose id the
ledger returns. A command that recorded nothing new (the same command id sent again, an
enterprise enrolled again) says so.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

import click

from umkm_ledger.cli.context import CliContext
from umkm_ledger.interchange.recorded import recorded_json
from umkm_ledger.kernel.records import record_kind
from umkm_ledger.platform.history import event_records

__all__ = ["RECORDING_FORMATS", "recording"]

RECORDING_FORMATS = ("text", "json", "id")
# Notifications read per page when looking for what the command wrote.
_PAGE = 500

_format_option = click.option(
    "--format",
    "output",
    type=click.Choice(RECORDING_FORMATS),
    default="text",
    show_default=True,
    help="text: one line saying what was recorded; json: the same for tools; id: the id only.",
)


def recording(command: Callable[..., UUID | str]) -> Callable[..., None]:
    """Make ``command`` (called with the :class:`CliContext` first, returning the id of
    the record it is about) a recording command: it gains ``--format`` and prints what it
    recorded. Put it between ``@pass_cli`` and the function."""

    @functools.wraps(command)
    def run(cli: CliContext, *args: Any, output: str, **kwargs: Any) -> None:
        start = cli.ledger.log_end()
        record = UUID(str(command(cli, *args, **kwargs)))
        click.echo(say_recorded(cli, record, start, output))

    run.recording = True  # type: ignore[attr-defined]
    return _format_option(run)


def _new_versions(cli: CliContext, record: UUID, start: int) -> set[int]:
    """The versions of ``record`` stored after log position ``start``."""
    recorder = cli.ledger.application.recorder
    versions: set[int] = set()
    position = start
    while True:
        page = recorder.select_notifications(position, _PAGE, inclusive_of_start=False)
        versions.update(n.originator_version for n in page if n.originator_id == record)
        if len(page) < _PAGE:
            return versions
        position = page[-1].id


def say_recorded(cli: CliContext, record: UUID, start: int, output: str) -> str:
    """What the command recorded on ``record`` after log position ``start``, as ``output``."""
    if output == "id":
        return str(record)
    labels = cli.labels
    events = cli.ledger.application.events_of(record)
    kind = record_kind(type(events[0]).__qualname__.partition(".")[0])
    versions = _new_versions(cli, record, start)
    new = [r for r in event_records(events, labels.locale) if r.version in versions]
    if output == "json":
        return json.dumps(recorded_json(kind, record, new), ensure_ascii=False)
    named = labels.named("record", kind)
    if not new:
        return f"{labels['nothing_new']} {named} {record}"
    facts = "; ".join(labels.text(r.summary) for r in new)
    day = new[0].effective_date.isoformat()
    return f"{labels['recorded']} {named} {record}: {facts} ({labels['effective']} {day})"
