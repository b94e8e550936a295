"""Checking the derived views against the events: each view, as the ledger keeps it, is
compared with the same view folded afresh from the log up to the position it tracks.

The views are not signed: anyone who can write to the database can edit a view row
without touching an event, and reports that read the view would then show what the
events never said. Verification catches it here, names the view and its tables, and
says how to repair it (``umkm-ledger rebuild NAME`` folds it again from the events).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

import attrs

from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.view_digest import ViewDigest
from umkm_ledger.platform.view_store import PageDone, ViewStore

__all__ = ["ViewCheck", "check_views", "folded_views"]


@attrs.frozen
class ViewCheck:
    """One view compared with a fresh fold of the events up to its tracked position."""

    name: str
    position: int
    #: The tables whose rows differ from the fresh fold (none: the view agrees).
    differing: tuple[str, ...] = ()
    #: Why the fresh fold could not be made (the kind of error), if it could not.
    failed: str | None = None

    @property
    def agrees(self) -> bool:
        return not self.differing and self.failed is None

    def message(self) -> Message:
        if self.failed is not None:
            return N_(
                "view {view} could not be checked: folding the events up to position "
                "{position} afresh failed ({error})",
                view=self.name,
                position=self.position,
                error=self.failed,
            )
        if self.agrees:
            return N_(
                "view {view} agrees with the events up to position {position}",
                view=self.name,
                position=self.position,
            )
        return N_(
            "view {view} does not agree with the events up to position {position} "
            "(tables: {tables}): the view, or events it was folded from, were changed "
            "outside the ledger; once the log verifies against a signed checkpoint, repair "
            "the view with `umkm-ledger rebuild {view}`",
            view=self.name,
            position=self.position,
            tables=", ".join(self.differing),
        )

    def __str__(self) -> str:
        return str(self.message())


def folded_views(
    app: LedgerApplication, live: ViewStore, directory: str, *, upto: int | None = None
) -> ViewStore:
    """A view store of its own, in a SQLite file under ``directory``, that folds this
    ledger's events afresh (whatever its backend), up to position ``upto`` if given:
    what checks and verified reports read instead of the views kept in the database."""
    return ViewStore(
        app,
        list(live.views.values()),
        scratch=str(Path(directory) / "views.db"),
        upto=upto,
        notice=None,
    )


def check_views(
    app: LedgerApplication, live: ViewStore, *, on_page: PageDone | None = None
) -> tuple[ViewCheck, ...]:
    """Every built view compared with a fresh fold of the log up to its position (views
    at the same position are folded in one pass). A view never built is not listed."""
    digests: dict[str, ViewDigest] = {}
    for name in sorted(live.views):
        found = live.digest(name)
        if found is not None:
            digests[name] = found
    by_position: dict[int, list[str]] = defaultdict(list)
    for name, found in digests.items():
        by_position[found.position].append(name)
    checks: list[ViewCheck] = []
    with tempfile.TemporaryDirectory(prefix="umkm-view-check-") as directory:
        fresh = folded_views(app, live, directory)
        try:
            for position, names in sorted(by_position.items()):
                try:
                    slots = fresh.fold_fresh(names, position, on_page=on_page)
                except Exception as error:  # a finding to report, not a crash
                    # Only the kind: an error's text may quote what an event holds.
                    failed = type(error).__name__
                    checks.extend(ViewCheck(name, position, failed=failed) for name in names)
                    continue
                for name in names:
                    folded = fresh.digest(name, slots[name])
                    assert folded is not None  # just folded
                    differing = digests[name].differing(folded)
                    checks.append(ViewCheck(name, position, differing))
        finally:
            fresh.close()
    return tuple(sorted(checks, key=lambda check: check.name))
