"""Consume the ledger's event feed from another system (a province dashboard, say).

The feed is eventsourcing's notification log: every event of every record, in the order
it was recorded, each with a notification id to resume from. A consumer remembers the
last id it processed and asks for what came after.

Run:  python examples/read_the_feed.py LEDGER_URL [AFTER_ID]
"""

from __future__ import annotations

import sys
from collections import Counter

from umkm_ledger import Ledger


def read_feed(url: str, after: int = 0, page: int = 500) -> tuple[Counter[str], int]:
    """Count the kinds of events after notification ``after``; return them and the last id."""
    kinds: Counter[str] = Counter()
    last = after
    with Ledger.open(url) as ledger:
        app = ledger.application
        while True:
            notifications = app.recorder.select_notifications(last, page, inclusive_of_start=False)
            for notification in notifications:
                event = app.mapper.to_domain_event(notification)
                kinds[type(event).__qualname__] += 1
                last = notification.id
            if len(notifications) < page:
                return kinds, last


if __name__ == "__main__":
    counts, last_id = read_feed(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    for kind, count in counts.most_common():
        print(f"{count:6d}  {kind}")
    print(f"resume after notification {last_id}")
