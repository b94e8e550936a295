"""Verifying a ledger: every stored event against the leaf hash written with it, the tree
they make, and (given one) a signed checkpoint.

What each finding means:

- *changed*: the stored event's bytes (or its place in the log) no longer give the leaf hash
  written with it in the same transaction;
- *inserted*: an event has no leaf hash (it was not written by the ledger);
- *deleted*: a leaf hash has no event any more;
- *truncated*: the log has fewer records than a checkpoint signed;
- *rewritten*: the log no longer begins with the records a checkpoint signed, although every
  record matches its leaf (the consistency proof from the checkpoint's tree fails);
- *forged checkpoint*: the checkpoint's signature is not the public key's.

Someone who can rewrite both the events and their leaf hashes is only caught by a
checkpoint signed before the rewrite, and only for the records it covers.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any, NamedTuple
from uuid import UUID

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit import merkle
from umkm_ledger.audit.checkpoint import Checkpoint, key_id
from umkm_ledger.audit.leaves import record_leaf_hash
from umkm_ledger.errors import ConfigurationError
from umkm_ledger.infrastructure.audited import LeafRecorder

__all__ = [
    "Finding",
    "LogLeaf",
    "Verification",
    "leaf_of",
    "log_leaves",
    "stored_rows",
    "verify_log",
]

_PAGE = 10_000


class LogLeaf(NamedTuple):
    """One stored event as the tree sees it (a tuple: one is made per event verified)."""

    position: int
    record_id: UUID
    version: int
    topic: str
    state: bytes
    #: The hash recomputed from the stored bytes.
    leaf_hash: bytes
    #: The hash written with the event (None: none was).
    stored_hash: bytes | None


@attrs.frozen
class Finding:
    """The first thing found wrong, and where."""

    kind: str
    detail: str
    position: int | None = None
    record_id: UUID | None = None
    version: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.position is not None:
            where = f"position {self.position}"
            if self.record_id is not None:
                where += f" (record {self.record_id}, version {self.version})"
            where += ": "
        return f"{self.kind}: {where}{self.detail}"


@attrs.frozen
class Verification:
    """The outcome of :func:`verify_log`."""

    records: int
    root_hash: bytes
    checkpoint: Checkpoint | None
    finding: Finding | None

    @property
    def ok(self) -> bool:
        return self.finding is None

    def __str__(self) -> str:
        if self.finding is not None:
            against = ""
            if self.checkpoint is not None:
                cp = self.checkpoint
                against = (
                    f" (checked against the checkpoint of {cp.tree_size} records signed "
                    f"{cp.timestamp.isoformat()} by key {cp.key_id})"
                )
            return f"FAILED {self.finding}{against}"
        text = f"OK: {self.records} records, tree root {self.root_hash.hex()}"
        if self.checkpoint is not None:
            cp = self.checkpoint
            text += (
                f"; consistent with the checkpoint of {cp.tree_size} records signed "
                f"{cp.timestamp.isoformat()} by key {cp.key_id}"
            )
        return text


def _leaf_recorder(recorder: ApplicationRecorder) -> LeafRecorder:
    if not isinstance(recorder, LeafRecorder):
        raise ConfigurationError("this ledger's recorder keeps no Merkle leaves")
    return recorder


_FIRST = -(2**63)  # leaves are read from here: ids at or below zero are not skipped


def stored_rows(leaves: LeafRecorder) -> Iterator[tuple[Any, ...]]:
    after: int | None = None
    while True:
        page = leaves.select_rows(after, _PAGE)
        yield from page
        if len(page) < _PAGE:
            return
        after = int(page[-1][0])


def _stored(leaves: LeafRecorder) -> Iterator[tuple[int, bytes]]:
    start = _FIRST
    while True:
        page = leaves.select_leaves(start, _PAGE)
        yield from page
        if len(page) < _PAGE:
            return
        start = page[-1][0] + 1


def leaf_of(row: tuple[Any, ...]) -> LogLeaf | Finding:
    """One stored row as the tree sees it; a finding when it cannot be what the ledger
    wrote (an id not in its stored form, a value of the wrong type)."""
    position, record, version, topic, state = row
    try:
        if isinstance(record, str) and record != UUID(record).hex:
            raise ValueError(f"originator id {record!r} is not as the ledger stores ids")
        uuid = record if isinstance(record, UUID) else UUID(str(record))
        if (
            not isinstance(position, int) or isinstance(version, bool)
            or not isinstance(version, int) or not isinstance(topic, str)
            or not isinstance(state, bytes | bytearray | memoryview)
        ):  # fmt: skip
            raise TypeError("a column holds a value of the wrong type")
        data = bytes(state)
        recomputed = record_leaf_hash(position, uuid, version, topic, data)
    except (ValueError, TypeError, OverflowError, struct.error) as error:
        return Finding("changed", f"the stored row cannot be what the ledger wrote ({error})",
                       position if isinstance(position, int) else None)  # fmt: skip
    return LogLeaf(position, uuid, version, topic, data, recomputed, None)


def log_leaves(recorder: ApplicationRecorder) -> Iterator[LogLeaf | Finding]:
    """Every stored event with its recomputed and stored leaf hashes, in log order; a
    :class:`Finding` where a leaf hash has no event any more, or a row cannot be read."""
    leaves = _leaf_recorder(recorder)
    stored = _stored(leaves)
    leaf = next(stored, None)
    for row in stored_rows(leaves):
        position = row[0]
        while leaf is not None and leaf[0] < position:
            yield Finding("deleted", "a leaf hash was written here, the event is gone", leaf[0])
            leaf = next(stored, None)
        written = None
        if leaf is not None and leaf[0] == position:
            written = leaf[1]
            leaf = next(stored, None)
        found = leaf_of(row)
        yield found if isinstance(found, Finding) else found._replace(stored_hash=written)
    while leaf is not None:
        yield Finding("deleted", "a leaf hash was written here, the event is gone", leaf[0])
        leaf = next(stored, None)


def verify_log(
    recorder: ApplicationRecorder,
    checkpoint: Checkpoint | None = None,
    public_key: Ed25519PublicKey | None = None,
) -> Verification:
    """Recompute every leaf and the tree; check a checkpoint when one is given (with the
    public key it must be signed by)."""
    hashes: list[bytes] = []
    finding: Finding | None = None
    if checkpoint is not None:
        if public_key is None:
            raise ConfigurationError("a checkpoint is checked against a public key")
        if not checkpoint.verify(public_key):
            finding = Finding(
                "forged checkpoint",
                f"its signature is not by the public key {key_id(public_key)}",
            )
    for item in log_leaves(recorder):
        if isinstance(item, Finding):
            finding = finding or item
            continue
        if finding is None and item.stored_hash is None:
            finding = Finding(
                "inserted", "no leaf hash was written with this event",
                item.position, item.record_id, item.version,
            )  # fmt: skip
        elif finding is None and item.stored_hash != item.leaf_hash:
            finding = Finding(
                "changed", "the stored event (or its place in the log) does not match the "
                "leaf hash written with it", item.position, item.record_id, item.version,
            )  # fmt: skip
        hashes.append(item.leaf_hash)
    size = len(hashes)
    root = merkle.root(hashes)
    if finding is None and checkpoint is not None:
        finding = _against(checkpoint, hashes, root)
    return Verification(records=size, root_hash=root, checkpoint=checkpoint, finding=finding)


def _against(checkpoint: Checkpoint, hashes: list[bytes], root: bytes) -> Finding | None:
    size, old = len(hashes), checkpoint.tree_size
    if old > size:
        return Finding("truncated", f"the log has {size} records, the checkpoint signed {old}")
    proof = merkle.consistency_proof(old, hashes)
    if not merkle.verify_consistency(old, size, checkpoint.root_hash, root, proof):
        return Finding(
            "rewritten",
            f"the first {old} records are not those the checkpoint of "
            f"{checkpoint.timestamp.isoformat()} signed (the consistency proof fails)",
        )
    return None
