"""``umkm-ledger audit ...``: keys, signed checkpoints, verification and proof bundles.

``verify`` and ``check-bundle`` exit with status 1 when what they check fails (and 2, like
every command, on bad input), so scripts can tell a tampered ledger from a typo.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from umkm_ledger.audit.bundle import check_bundle
from umkm_ledger.audit.checkpoint import generate_key, key_id, private_pem, public_pem
from umkm_ledger.audit.report import dumps as dumps_report
from umkm_ledger.audit.service import dumps_bundle, to_checkpoint, to_moment, to_public_key
from umkm_ledger.audit.text import render_replay
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.exits import NOT_INTACT
from umkm_ledger.cli.ids import FunderRef, RecordId
from umkm_ledger.cli.output import format_option, json_text, plain
from umkm_ledger.kernel.coerce import to_date
from umkm_ledger.kernel.errors import N_, InvalidValue, Message, NotFound
from umkm_ledger.kernel.records import record_kind
from umkm_ledger.platform.progress import ProgressBar
from umkm_ledger.platform.spreadsheets import csv_table

__all__ = ["HISTORY_KINDS", "audit", "history", "print_history", "read_file"]


def read_file(path: str, what: str) -> bytes:
    """The bytes of a file a command was given (InvalidValue naming the option if not)."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidValue(
            what, path, N_("cannot be read ({error})", error=error.strerror)
        ) from None


def _unwritable(error: OSError) -> Message:
    return N_("cannot be written ({error})", error=error.strerror)


def _write(path: str | None, text: str) -> None:
    if path is None or path == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidValue("--out", path, _unwritable(error)) from None


@click.group()
def audit() -> None:
    """Tamper evidence: keys, signed checkpoints, verification, proof bundles."""


@audit.command("keygen")
@click.option("--out", required=True, help="Private key file; the public key goes to OUT.pub.")
@pass_cli
def keygen(cli: CliContext, out: str) -> None:
    """Make an Ed25519 key pair for signing checkpoints."""
    key = generate_key()
    private = Path(out)
    if private.exists():
        raise InvalidValue("--out", out, "exists already; a key is never overwritten")
    try:
        private.write_bytes(private_pem(key))
        os.chmod(private, 0o600)
        Path(f"{out}.pub").write_bytes(public_pem(key))
    except OSError as error:
        raise InvalidValue("--out", out, _unwritable(error)) from None
    said = N_(
        "key {key}: {out} (keep it secret), {out}.pub (give it to auditors)",
        key=key_id(key),
        out=out,
    )
    click.echo(cli.labels.text(said))


@audit.command("checkpoint")
@click.option("--key", "key_file", required=True, help="The private key file that signs.")
@click.option("-o", "--out", default=None, help="Write the checkpoint here (default: print).")
@click.option("--origin", default=None, help="A name for the ledger (default: its URL).")
@pass_cli
def checkpoint(cli: CliContext, key_file: str, out: str | None, origin: str | None) -> None:
    """Sign (tree size, root hash, time) of the ledger as it is now."""
    signed = cli.existing_ledger.checkpoint(read_file(key_file, "--key"), origin=origin)
    _write(out, signed.dumps())
    if out is not None:
        said = N_("checkpoint of {size} records: {out}", size=signed.tree_size, out=out)
        click.echo(cli.labels.text(said))


@audit.command("verify")
@click.option("--checkpoint", "checkpoint_file", default=None, help="A checkpoint file.")
@click.option("--public-key", "public_key_file", default=None, help="Its signer's public key.")
@click.option(
    "--views/--no-views",
    default=True,
    show_default=True,
    help="Also compare every view with a fresh fold of the events.",
)
@format_option("json")
@pass_cli
def verify(
    cli: CliContext,
    checkpoint_file: str | None,
    public_key_file: str | None,
    views: bool,
    fmt: str,
) -> None:
    """Recompute the tree; OK with counts, or the first bad record and what is wrong;
    then compare each view with the events (a view that does not agree is named, with
    how to rebuild it). Exit status 0: verified; 1: verified, not intact; 4: could not
    run."""
    if (checkpoint_file is None) != (public_key_file is None):
        raise InvalidValue("--checkpoint", checkpoint_file, "goes with --public-key")
    ledger = cli.existing_ledger
    end = ledger.log_end()
    folding: list[ProgressBar] = []

    def views_told(position: int, _end: int) -> None:
        if not folding:  # the log is done: its bar ends, the fold's begins
            bar.finish()
            folding.append(cli.progress(N_("folding the views afresh"), end))
        folding[0].update(position)

    with cli.progress(N_("verifying the log"), end) as bar:
        try:
            result = ledger.verify(
                checkpoint=None
                if checkpoint_file is None
                else read_file(checkpoint_file, "--checkpoint"),
                public_key=None
                if public_key_file is None
                else read_file(public_key_file, "--public-key"),
                on_progress=lambda position, _end: bar.update(position),
                views=views,
                on_views_progress=views_told,
            )
        finally:
            for shown in folding:
                shown.finish()
    if fmt == "json":
        said = {"ok": result.ok, **plain(result), "message": str(result.message())}
        click.echo(json_text(said))
    else:
        click.echo(cli.labels.text(result.message()))
    if not result.ok:
        raise SystemExit(NOT_INTACT)


@audit.command("bundle")
@click.argument("record_id", type=RecordId())
@click.option("--checkpoint", "checkpoint_file", required=True)
@click.option("-o", "--out", required=True, help="The bundle file to write.")
@pass_cli
def bundle(cli: CliContext, record_id: str, checkpoint_file: str, out: str) -> None:
    """Export a grant's (or any record's) events with inclusion proofs."""
    made = cli.existing_ledger.proof_bundle(
        record_id, checkpoint=to_checkpoint(read_file(checkpoint_file, "--checkpoint"))
    )
    _write(out, dumps_bundle(made))
    said = N_(
        "{count} events of {record}: {out}", count=len(made["events"]), record=record_id, out=out
    )
    click.echo(cli.labels.text(said))


@audit.command("trail")
@click.option("--actor", default=None, help="A user id.")
@click.option("--role", default=None)
@click.option("--funder", type=FunderRef(), default=None, help="Its name or its id.")
@click.option("--program", "program_id", type=RecordId("program"), default=None)
@click.option("--period", default=None, help="START..END of effective dates.")
@click.option("--kind", default=None, help="An event's name: Approved, or Grant.Approved.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True,
)  # fmt: skip
@pass_cli
def trail(
    cli: CliContext,
    actor: str | None,
    role: str | None,
    funder: str | None,
    program_id: str | None,
    period: str | None,
    kind: str | None,
    fmt: str,
) -> None:
    """The audit trail: every event matching the filters, with who, when and why."""
    rows = cli.existing_ledger.audit_trail(
        actor=actor, role=role, funder=funder, program_id=program_id, period=period, kind=kind
    )
    fields = ["position", "effective_date", "recorded_at", "user_id", "role", "record_kind",
              "record_id", "version", "kind", "reason", "program_id", "funder"]  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps([_row(r, fields) for r in rows], indent=1))
        return
    if fmt == "csv":
        click.echo(csv_table(fields, [_row(r, fields) for r in rows]), nl=False)
        return
    labels = cli.labels
    for r in rows:
        click.echo(
            f"{r.effective_date.isoformat()}  {labels.moment(r.recorded_at)}  "
            f"{r.user_id}@{r.role}  {r.kind}  {r.record_id} v{r.version}"
            + (f"; {labels['reason']}: {r.reason}" if r.reason else "")
        )


def _row(row: Any, fields: list[str]) -> dict[str, Any]:
    found = {}
    for name in fields:
        value = getattr(row, name)
        found[name] = value if value is None or isinstance(value, int | str) else str(value)
    return found


@audit.command("report")
@click.argument("grant_id", type=RecordId("grant"), required=False)
@click.option("--program", "program_id", type=RecordId("program"), default=None,
              help="A program's records instead.")  # fmt: skip
@click.option(
    "--funder", type=FunderRef(), default=None, help="A funder's records instead (name or id)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "json", "csv"]), default="html",
    show_default=True,
)  # fmt: skip
@click.option("-o", "--out", required=True, help="The report file to write.")
@click.option("--as-of", default=None, help="Anomalies as of this date (default today).")
@click.option("--checkpoint", "checkpoint_file", default=None, help="Verify against it.")
@click.option("--public-key", "public_key_file", default=None, help="Its signer's public key.")
@pass_cli
def report(
    cli: CliContext,
    grant_id: str | None,
    program_id: str | None,
    funder: str | None,
    fmt: str,
    out: str,
    as_of: str | None,
    checkpoint_file: str | None,
    public_key_file: str | None,
) -> None:
    """Write an audit report: history, timeline, findings and verification."""
    if (checkpoint_file is None) != (public_key_file is None):
        raise InvalidValue("--checkpoint", checkpoint_file, "goes with --public-key")
    made = cli.existing_ledger.audit_report(
        grant_id, program_id=program_id, funder=funder, as_of=as_of,
        checkpoint=None if checkpoint_file is None else read_file(checkpoint_file, "--checkpoint"),
        public_key=None if public_key_file is None else read_file(public_key_file, "--public-key"),
        locale=cli.labels.locale,
    )  # fmt: skip
    _write(out, dumps_report(made, fmt, labels=cli.labels))
    said = N_(
        "{title}: {events} events, {findings} findings, {verified}: {out}",
        title=made.title,
        events=len(made.events),
        findings=len(made.findings),
        verified=N_("verified") if made.verified else N_("VERIFICATION FAILED"),
        out=out,
    )
    click.echo(cli.labels.text(said))


@audit.command("check-bundle")
@click.argument("bundle_file")
@click.option("--public-key", "public_key_file", required=True)
@format_option("json")
@pass_cli
def check_bundle_command(cli: CliContext, bundle_file: str, public_key_file: str, fmt: str) -> None:
    """Check a bundle offline (no database): signature, leaves, inclusion proofs.
    Exit status 0: it checks; 1: it does not; 4: could not run."""
    try:
        data = json.loads(read_file(bundle_file, "BUNDLE"))
    except ValueError as error:
        raise InvalidValue(
            "BUNDLE", bundle_file, N_("is not JSON ({error})", error=str(error))
        ) from None
    result = check_bundle(data, to_public_key(read_file(public_key_file, "--public-key")))
    labels = cli.labels
    if fmt == "json":
        click.echo(json_text({"ok": result.ok, **plain(result), "message": str(result.message())}))
        if not result.ok:
            raise SystemExit(NOT_INTACT)
        return
    click.echo(labels.text(result.message()))
    for event in result.events:
        click.echo(
            f"  v{event['version']:<3} {labels['position']} {event['position']:<8} {event['kind']}"
        )
    if not result.ok:
        raise SystemExit(NOT_INTACT)


#: What ``umkm-ledger history KIND ID`` accepts, and the record each names.
HISTORY_KINDS = {
    "enterprise": "Enterprise",
    "group": "BusinessGroup",
    "program": "Program",
    "enrolment": "Enrolment",
    "grant": "Grant",
    "allocation": "Allocation",
    "funder": "Funder",
    "kur": "KurReferral",
    "mentoring": "MentoringSession",
    "training": "Training",
    "consultation": "Consultation",
    "exhibition": "Exhibition",
}


def print_history(
    cli: CliContext,
    kind: str,
    record_id: str,
    as_of: str | None,
    known_at: str | None,
    fmt: str = "text",
) -> None:
    """Print a record's replayed history (``kind`` checked against the record)."""
    ledger = cli.existing_ledger
    found = ledger.resolve_id(record_id, record_kind(HISTORY_KINDS[kind]), field="RECORD_ID")
    created = ledger.application.events_of(found)[0]
    if type(created).__qualname__.partition(".")[0] != HISTORY_KINDS[kind]:
        raise NotFound(record_kind(HISTORY_KINDS[kind]), record_id)
    steps = ledger.replay(found, as_of=as_of, known_at=known_at, locale=cli.labels.locale)
    if fmt == "json":
        click.echo(json_text(steps))
        return
    click.echo(
        render_replay(
            steps,
            cli.labels,
            as_of=None if as_of is None else to_date(as_of, "--as-of"),
            known_at=None if known_at is None else to_moment(known_at, "--known-at"),
        )
    )


@click.command("history")
@click.argument("kind", type=click.Choice(sorted(HISTORY_KINDS)))
@click.argument("record_id")
@click.option("--as-of", default=None, help="What was true on this date (effective time).")
@click.option("--known-at", default=None, help="What the ledger showed then (record time).")
@format_option("json")
@pass_cli
def history(
    cli: CliContext, kind: str, record_id: str, as_of: str | None, known_at: str | None, fmt: str
) -> None:
    """Replay any record's history as of a date and as known at a moment."""
    print_history(cli, kind, record_id, as_of, known_at, fmt)
