"""Leaves for events stored before the ledger kept them (a ledger made by an earlier
version): computed once, when such a ledger is first opened."""

from __future__ import annotations

from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit.verify import LogLeaf, leaf_of, stored_rows
from umkm_ledger.platform.audited import LeafRecorder

__all__ = ["backfill_leaves"]

_PAGE = 10_000


def backfill_leaves(recorder: ApplicationRecorder) -> int:
    """Write the leaves of a ledger that has events but no leaves at all; returns how many.

    Only a ledger with no leaf yet is filled: one with some leaves was written by this
    version throughout, and a missing leaf there is a finding for ``verify``, not a gap
    to paper over.
    """
    if not isinstance(recorder, LeafRecorder) or recorder.select_leaves(-(2**63), 1):
        return 0
    # Rows read as verification reads them; one that cannot be what the ledger wrote gets
    # no leaf, and verification names it.
    written, page = 0, []
    for row in stored_rows(recorder):
        found = leaf_of(row)
        if isinstance(found, LogLeaf):
            page.append((found.position, found.leaf_hash))
        if len(page) == _PAGE:
            recorder.insert_leaves(page)
            written, page = written + len(page), []
    if page:
        recorder.insert_leaves(page)
    return written + len(page)
