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
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple
from uuid import UUID

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit import merkle
from umkm_ledger.audit.checkpoint import Checkpoint, key_id
from umkm_ledger.kernel.errors import N_, ConfigurationError, Message
from umkm_ledger.platform.audited import LeafRecorder
from umkm_ledger.platform.leaves import record_leaf_hash

#: How often (in events) a verify tells its progress.
PROGRESS_EVERY = 10_000

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


#: The kinds of finding (see above), as the catalogue knows them.
FINDING_KINDS = (
    N_("changed"),
    N_("inserted"),
    N_("deleted"),
    N_("truncated"),
    N_("rewritten"),
    N_("forged checkpoint"),
)


@attrs.frozen
class Finding:
    """The first thing found wrong, and where."""

    kind: str
    #: What is wrong, in words (a :class:`Message`).
    detail: str
    position: int | None = None
    record_id: UUID | None = None
    version: int | None = None

    def message(self) -> Message:
        """The finding in words: English as text, translated by the command line."""
        said = {"kind": N_(self.kind), "detail": N_(self.detail)}
        if self.position is None:
            return N_("{kind}: {detail}", **said)
        if self.record_id is None:
            return N_("{kind}: position {position}: {detail}", position=self.position, **said)
        return N_(
            "{kind}: position {position} (record {record}, version {version}): {detail}",
            position=self.position,
            record=self.record_id,
            version=self.version,
            **said,
        )

    def __str__(self) -> str:
        return str(self.message())


@attrs.frozen
class Verification:
    """The outcome of :func:`verify_log`."""

    records: int
    root_hash: bytes
    checkpoint: Checkpoint | None
    finding: Finding | None
    #: The log position verified up to: the last event committed when verification
    #: began. Events recorded while it ran are left to the next verification.
    position: int = 0
    #: Where the log ended when verification finished (more than ``position``: others
    #: recorded meanwhile, and the message says so).
    log_end: int = 0
    #: With a checkpoint: the records after the ones it signed, which no signature
    #: covers yet (position, record id, version), in log order.
    unsigned: tuple[tuple[int, UUID, int], ...] = ()

    @property
    def ok(self) -> bool:
        return self.finding is None

    def message(self) -> Message:
        """OK with counts, or the first bad record and what is wrong, in words (the
        checkpoint's signing time a datetime, shown in the reader's zone)."""
        cp = self.checkpoint
        if self.finding is not None:
            if cp is None:
                return N_("FAILED {finding}", finding=self.finding.message())
            return N_(
                "FAILED {finding} (checked against the checkpoint of {size} records signed "
                "{signed} by key {key})",
                finding=self.finding.message(),
                size=cp.tree_size,
                signed=cp.timestamp,
                key=cp.key_id,
            )
        said = {"records": self.records, "root": self.root_hash.hex()}
        if cp is None:
            verified = N_("OK: {records} records, tree root {root}", **said)
        else:
            verified = N_(
                "OK: {records} records, tree root {root}; consistent with the checkpoint of "
                "{size} records signed {signed} by key {key}",
                size=cp.tree_size,
                signed=cp.timestamp,
                key=cp.key_id,
                **said,
            )
            if self.unsigned:
                verified = N_(
                    "{verified}; {count} records after it are not covered by any signature "
                    "(positions {first} to {last})",
                    verified=verified,
                    count=len(self.unsigned),
                    first=self.unsigned[0][0],
                    last=self.unsigned[-1][0],
                )
        if self.log_end <= self.position:
            return verified
        return N_(
            "{verified} (the log up to position {position}; what was recorded while it "
            "ran, up to {end}, is for the next verification)",
            verified=verified,
            position=self.position,
            end=self.log_end,
        )

    def __str__(self) -> str:
        return str(self.message())


def _leaf_recorder(recorder: ApplicationRecorder) -> LeafRecorder:
    if not isinstance(recorder, LeafRecorder):
        raise ConfigurationError("this ledger's recorder keeps no Merkle leaves")
    return recorder


_FIRST = -(2**63)  # leaves are read from here: ids at or below zero are not skipped


def stored_rows(leaves: LeafRecorder, upto: int | None = None) -> Iterator[tuple[Any, ...]]:
    """Every stored event as stored, in log order (up to position ``upto``)."""
    after: int | None = None
    while True:
        page = leaves.select_rows(after, _PAGE)
        for row in page:
            if upto is not None and isinstance(row[0], int) and row[0] > upto:
                return
            yield row
        if len(page) < _PAGE:
            return
        after = int(page[-1][0])


def _stored(leaves: LeafRecorder, upto: int | None) -> Iterator[tuple[int, Any]]:
    start = _FIRST
    while True:
        page = leaves.select_leaves(start, _PAGE)
        for leaf in page:
            if upto is not None and leaf[0] > upto:
                return
            yield leaf
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
        return Finding(
            "changed",
            N_("the stored row cannot be what the ledger wrote ({error})", error=str(error)),
            position if isinstance(position, int) else None,
        )
    return LogLeaf(position, uuid, version, topic, data, recomputed, None)


_GONE = N_("a leaf hash was written here, the event is gone")
_NOT_A_HASH = N_("the leaf hash stored with this event is not a hash (a value of another type)")


def log_leaves(
    recorder: ApplicationRecorder, upto: int | None = None
) -> Iterator[LogLeaf | Finding]:
    """Every stored event with its recomputed and stored leaf hashes, in log order; a
    :class:`Finding` where a leaf hash has no event any more, or a row cannot be read.

    ``upto``: only the log up to this position. Events and leaves are read page by page,
    each page in its own snapshot; an event and its leaf are committed together, and
    positions are given in commit order, so every event up to a position that was
    committed when ``upto`` was read is seen with its leaf, however many are recorded
    meanwhile (those after ``upto`` are not looked at)."""
    leaves = _leaf_recorder(recorder)
    stored = _stored(leaves, upto)
    leaf = next(stored, None)
    for row in stored_rows(leaves, upto):
        position = row[0]
        while leaf is not None and leaf[0] < position:
            yield Finding("deleted", _GONE, leaf[0])
            leaf = next(stored, None)
        written = None
        if leaf is not None and leaf[0] == position:
            written = leaf[1]
            leaf = next(stored, None)
            if not isinstance(written, bytes):
                yield Finding("changed", _NOT_A_HASH, position)
                continue
        found = leaf_of(row)
        yield found if isinstance(found, Finding) else found._replace(stored_hash=written)
    while leaf is not None:
        yield Finding("deleted", _GONE, leaf[0])
        leaf = next(stored, None)


def verify_log(
    recorder: ApplicationRecorder,
    checkpoint: Checkpoint | None = None,
    public_key: Ed25519PublicKey | None = None,
    on_progress: Callable[[int, int], object] | None = None,
) -> Verification:
    """Recompute every leaf and the tree; check a checkpoint when one is given (with the
    public key it must be signed by). ``on_progress(position, end)`` is told how far it
    got every :data:`PROGRESS_EVERY` events."""
    # The last event committed now: what this verification covers (writers may go on).
    end = recorder.max_notification_id() or 0
    reached = 0
    hashes: list[bytes] = []
    unsigned: list[tuple[int, UUID, int]] = []
    finding: Finding | None = None
    if checkpoint is not None:
        if public_key is None:
            raise ConfigurationError("a checkpoint is checked against a public key")
        if not checkpoint.verify(public_key):
            finding = Finding(
                "forged checkpoint",
                N_("its signature is not by the public key {key}", key=key_id(public_key)),
            )
    for item in log_leaves(recorder, upto=end):
        if isinstance(item, Finding):
            finding = finding or item
            continue
        if finding is None and item.stored_hash is None:
            finding = Finding(
                "inserted", N_("no leaf hash was written with this event"),
                item.position, item.record_id, item.version,
            )  # fmt: skip
        elif finding is None and item.stored_hash != item.leaf_hash:
            finding = Finding(
                "changed", N_("the stored event (or its place in the log) does not match the "
                "leaf hash written with it"), item.position, item.record_id, item.version,
            )  # fmt: skip
        if checkpoint is not None and len(hashes) >= checkpoint.tree_size:
            unsigned.append((item.position, item.record_id, item.version))
        hashes.append(item.leaf_hash)
        reached = item.position
        if on_progress is not None and len(hashes) % PROGRESS_EVERY == 0:
            on_progress(reached, max(end, reached))
    size = len(hashes)
    if on_progress is not None:
        on_progress(max(end, reached), max(end, reached))
    root = merkle.root(hashes)
    if finding is None and checkpoint is not None:
        finding = _against(checkpoint, hashes, root)
    return Verification(
        records=size,
        root_hash=root,
        checkpoint=checkpoint,
        finding=finding,
        position=end,
        log_end=recorder.max_notification_id() or 0,
        unsigned=tuple(unsigned),
    )


def _against(checkpoint: Checkpoint, hashes: list[bytes], root: bytes) -> Finding | None:
    size, old = len(hashes), checkpoint.tree_size
    if old > size:
        return Finding(
            "truncated",
            N_("the log has {size} records, the checkpoint signed {old}", size=size, old=old),
        )
    proof = merkle.consistency_proof(old, hashes)
    if not merkle.verify_consistency(old, size, checkpoint.root_hash, root, proof):
        return Finding(
            "rewritten",
            N_(
                "the first {old} records are not those the checkpoint of {signed} signed (the "
                "consistency proof fails)",
                old=old,
                signed=checkpoint.timestamp,
            ),
        )
    return None
