"""``umkm-ledger feed``: the public event feed as JSON Lines, and its schemas."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.interchange.feed import MAX_PAGE, select_types
from umkm_ledger.interchange.plain import PersonalData
from umkm_ledger.interchange.schema import data_schema, schema_version
from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["feed", "feed_schemas"]


def _types(values: tuple[str, ...]) -> list[str] | None:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return names or None


def _key(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        key = Path(path).read_bytes().strip()
    except OSError as error:
        raise InvalidValue(
            "--pseudonym-key-file", path, N_("cannot be read: {error}", error=error.strerror or "")
        ) from None
    return key


@click.command()
@click.option(
    "--after",
    type=int,
    default=0,
    show_default=True,
    help="Only events after this log position (the last position you saw).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_PAGE),
    default=1000,
    show_default=True,
    help="At most this many events per page.",
)
@click.option(
    "--types",
    "types",
    multiple=True,
    metavar="NAMES",
    help="Only these types: stored type names, records or contexts, comma-separated "
    "or repeated (enterprises.Enterprise.Registered, funding.Grant, activity).",
)
@click.option(
    "--follow",
    is_flag=True,
    help="Keep running: print new events as they are recorded (stop with Ctrl-C).",
)
@click.option(
    "--interval",
    type=float,
    default=1.0,
    show_default=True,
    help="With --follow: seconds between looks for new events.",
)
@click.option(
    "--source",
    default=None,
    help="The CloudEvents source naming this ledger or office "
    "(default: a URN made from the ledger's first event).",
)
@click.option(
    "--personal",
    type=click.Choice([p.value for p in PersonalData]),
    default=PersonalData.PSEUDONYMOUS.value,
    show_default=True,
    help="full: NIKs, names and birth years as recorded; only for readers "
    "entitled to the personal data.",
)
@click.option(
    "--pseudonym-key-file",
    default=None,
    metavar="FILE",
    help="A file holding the key (16 bytes or more) of the NIK pseudonyms; "
    "without one, NIKs are masked.",
)
@pass_cli
def feed(
    cli: CliContext,
    after: int,
    limit: int,
    types: tuple[str, ...],
    follow: bool,
    interval: float,
    source: str | None,
    personal: str,
    pseudonym_key_file: str | None,
) -> None:
    """Print the recorded facts after a position as CloudEvents, one JSON object per line.

    Resume with --after set to the "position" of the last line you read; positions may
    skip numbers."""
    ledger = cli.existing_ledger
    key = _key(pseudonym_key_file)
    chosen = _types(types)
    if not follow:
        page = ledger.feed(
            after=after,
            limit=limit,
            types=chosen,
            source=source,
            personal=personal,
            pseudonym_key=key,
        )
        for event in page.events:
            click.echo(json.dumps(event, ensure_ascii=False))
        return
    stopped = False

    def finish(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopped
        stopped = True

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    for event in ledger.follow_feed(
        after=after,
        limit=limit,
        types=chosen,
        source=source,
        personal=personal,
        pseudonym_key=key,
        interval=interval,
        stop=lambda: stopped,
    ):
        click.echo(json.dumps(event, ensure_ascii=False))
        sys.stdout.flush()


@click.command("feed-schemas")
@click.option(
    "--types",
    "types",
    multiple=True,
    metavar="NAMES",
    help="Only these types (as for `feed --types`).",
)
@click.option(
    "--dir",
    "folder",
    default=None,
    metavar="DIR",
    help="Write one file per type (<type>.v<N>.json) into DIR instead of printing.",
)
def feed_schemas(types: tuple[str, ...], folder: str | None) -> None:
    """The JSON Schema of each event type's data in the feed."""
    selected = select_types(_types(types))
    schemas = {t.name: data_schema(t) for t in selected}
    if folder is None:
        click.echo(json.dumps(schemas, indent=2, ensure_ascii=False))
        return
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        file = out / f"{name}.v{schema_version(name)}.json"
        file.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    click.echo(f"{len(schemas)} schemas written to {out}")
