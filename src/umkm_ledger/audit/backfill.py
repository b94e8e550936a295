"""Leaves for events stored before the ledger kept them (a ledger made by an earlier
version): computed once, when such a ledger is first opened."""

from __future__ import annotations

from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit.leaves import record_leaf_hash
from umkm_ledger.infrastructure.audited import LeafRecorder

__all__ = ["backfill_leaves"]

_PAGE = 10_000


def backfill_leaves(recorder: ApplicationRecorder) -> int:
    """Write the leaves of a ledger that has events but no leaves at all; returns how many.

    Only a ledger with no leaf yet is filled: one with some leaves was written by this
    version throughout, and a missing leaf there is a finding for ``verify``, not a gap
    to paper over.
    """
    if not isinstance(recorder, LeafRecorder) or recorder.select_leaves(1, 1):
        return 0
    written, start = 0, 1
    while True:
        page = recorder.select_notifications(start, _PAGE)
        if not page:
            return written
        recorder.insert_leaves(
            [
                (
                    n.id,
                    record_leaf_hash(n.id, n.originator_id, n.originator_version, n.topic, n.state),
                )
                for n in page
            ]
        )
        written += len(page)
        start = page[-1].id + 1
