"""Golden fixtures of the public feed: one event of each type the demo records, as a
consumer receives it, with ids made reproducible (the demo recorded under fixed ids),
recorded times replaced by a fixed sequence, and an effective date left to default to
today (the demo's correction) written as ``TODAY``. A change to the feed's shape
shows here as a diff; if it is meant, raise the type's schema version and rewrite the file
with ``UMKM_LEDGER_WRITE_GOLDEN=1 pytest tests/integration/test_feed_golden.py``."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from umkm_ledger import Ledger
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.identity import IdSource, id_source

GOLDEN = Path(__file__).parents[1] / "golden" / "feed" / "demo-feed.jsonl"
_IDS = uuid.UUID("00000000-0000-4000-8000-000000000000")


def _ticks() -> Iterator[datetime]:
    moment = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    while True:
        yield moment
        moment += timedelta(seconds=1)


def demo_feed_fixture() -> str:
    """The first event of each type in the demo's feed, one JSON object per line."""
    ids = IdSource(replay=[uuid.uuid5(_IDS, str(n)) for n in range(20_000)])
    with id_source(ids):
        ledger = Ledger.open("memory://", notices=False)
        result = record_demo(ledger)
        programs = record_demo_programs(ledger, result)
        funding = record_demo_funding(ledger, result, programs)
        record_demo_activity(ledger, result, programs, funding)
    page = ledger.feed(limit=10_000, source="urn:umkm-ledger:golden-demo")
    today = json.dumps(latest_today().isoformat())
    first: dict[str, dict[str, object]] = {}
    ticks = _ticks()
    for event in page.events:
        # Recorded times are the clock's: made reproducible here, one second apart.
        stamped = {**event, "time": next(ticks).isoformat().replace("+00:00", "Z")}
        dated = json.dumps(stamped).replace(
            f'"effective_date": {today}', '"effective_date": "TODAY"'
        )
        first.setdefault(str(event["type"]), json.loads(dated))
    return "".join(
        json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n"
        for _type, event in sorted(first.items())
    )


def test_the_demo_feed_is_the_golden_one() -> None:
    made = demo_feed_fixture()
    if os.environ.get("UMKM_LEDGER_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(made, encoding="utf-8")
    assert made == GOLDEN.read_text(encoding="utf-8")


def test_the_fixtures_are_reproducible() -> None:
    assert demo_feed_fixture() == demo_feed_fixture()
