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

import hashlib
import struct
from array import array
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple
from uuid import UUID

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit import merkle
from umkm_ledger.audit.checkpoint import Checkpoint, key_id
from umkm_ledger.audit.parallel_root import ParallelRoot
from umkm_ledger.audit.positions import expand, ranges_of
from umkm_ledger.audit.view_check import ViewCheck
from umkm_ledger.kernel.errors import N_, ConfigurationError, Message
from umkm_ledger.platform.audited import LeafRecorder
from umkm_ledger.platform.leaves import record_leaf_hash

sha256 = hashlib.sha256

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
    #: The log positions of the records verified, as ranges (``1-500,502-1000``): what a
    #: checkpoint signs so that a record deleted later is named by its position.
    positions: str = attrs.field(default="", repr=False)
    #: Each view compared with a fresh fold of the events (empty: views not checked).
    views: tuple[ViewCheck, ...] = ()

    @property
    def ok(self) -> bool:
        """The log verified and every view checked agrees with it."""
        return self.finding is None and all(check.agrees for check in self.views)

    @property
    def views_disagreeing(self) -> tuple[ViewCheck, ...]:
        return tuple(check for check in self.views if not check.agrees)

    def message(self) -> Message:
        """OK with counts, or the first bad record and what is wrong, in words (the
        checkpoint's signing time a datetime, shown in the reader's zone), then what the
        view check found."""
        said = self._log_message()
        if not self.views:
            return said
        wrong = self.views_disagreeing
        if not wrong:
            return N_(
                "{said}; every view ({count}) agrees with the events", said=said,
                count=len(self.views),
            )  # fmt: skip
        for check in wrong:
            said = N_("{said}; FAILED {view}", said=said, view=check.message())
        return said

    def _log_message(self) -> Message:
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
_NO_LEAF = N_("no leaf hash was written with this event")
_CHANGED = N_(
    "the stored event (or its place in the log) does not match the leaf hash written with it"
)
_HEAD = struct.Struct(">Q16sQI")
#: The head of a leaf's hash input after RFC 9162's 0x00 leaf prefix (the pad byte).
_PREFIXED_HEAD = struct.Struct(">xQ16sQI")
_LENGTH = struct.Struct(">Q")


def _pages(
    leaves: LeafRecorder, upto: int, after: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Every stored event up to ``upto`` with the leaf hash at its position, in pages.

    Each page is read in its own snapshot. An event and its leaf are committed together
    and positions are given in commit order, so every event up to a position that was
    committed when ``upto`` was read is seen with its leaf, however many are recorded
    meanwhile (those after ``upto`` are not looked at)."""
    while True:
        # A page per progress report: a verify tells how far it got between pages.
        size = min(_PAGE, PROGRESS_EVERY)
        page = leaves.select_rows_with_leaves(after, upto, size)
        if page:
            yield page
        if len(page) < size:
            return
        after = int(page[-1][0])


def _record_bytes(record: Any) -> bytes | None:
    """The 16 bytes of a stored originator id, or None when it is not in the form the
    ledger stores ids (lower-case hex on SQLite)."""
    if type(record) is str:
        raw = bytes.fromhex(record) if len(record) == 32 else b""
        return raw if raw.hex() == record else None
    if type(record) is bytes:
        return record if len(record) == 16 else None
    return record.bytes if isinstance(record, UUID) else None


def _record_id(record: Any) -> UUID:
    return UUID(bytes=record) if isinstance(record, bytes) else UUID(str(record))


def _checked(
    row: tuple[Any, ...],
) -> tuple[bytes, Finding | None] | Finding:
    """The leaf hash recomputed from one stored row, and what is wrong with the leaf hash
    stored with it (None: nothing); a finding when the row cannot be what the ledger
    wrote. Fast on the rows the ledger writes: no UUID is built for them."""
    position, record, version, topic, state, written = row
    raw = _record_bytes(record)
    if (
        raw is None or type(position) is not int or type(version) is not int
        or type(topic) is not str or type(state) is not bytes
    ):  # fmt: skip
        found = leaf_of((position, _stored_id(record), version, topic, state))
        if isinstance(found, Finding):
            return found
        raw, state = found.record_id.bytes, found.state
    name = topic.encode()
    leaf = sha256(
        b"\x00" + _HEAD.pack(position, raw, version, len(name)) + name
        + _LENGTH.pack(len(state)) + state
    ).digest()  # fmt: skip
    return leaf, _leaf_finding(position, raw, version, written, leaf)


def _leaf_finding(
    position: int, raw: bytes, version: int, written: Any, leaf: bytes
) -> Finding | None:
    """What is wrong with the leaf hash ``written`` with an event whose leaf is ``leaf``."""
    if written == leaf:
        return None
    where = (position, UUID(bytes=raw), version)
    if written is None:
        return Finding("inserted", _NO_LEAF, *where)
    if not isinstance(written, bytes | bytearray | memoryview):
        return Finding("changed", _NOT_A_HASH, position)
    if bytes(written) == leaf:
        return None
    return Finding("changed", _CHANGED, *where)


def _stored_id(record: Any) -> Any:
    # PostgreSQL gives the id's bytes; leaf_of reads ids as text or UUIDs.
    return UUID(bytes=record) if type(record) is bytes and len(record) == 16 else record


def log_leaves(
    recorder: ApplicationRecorder, upto: int | None = None
) -> Iterator[LogLeaf | Finding]:
    """Every stored event with its recomputed and stored leaf hashes, in log order; a
    :class:`Finding` where a leaf hash has no event any more, or a row cannot be read.

    ``upto``: only the log up to this position (default: where it ends now); see
    :func:`_pages` for why events recorded meanwhile do not disturb it."""
    leaves = _leaf_recorder(recorder)
    end = (recorder.max_notification_id() or 0) if upto is None else upto
    gone = iter(leaves.select_leaves_without_events(end))
    orphan = next(gone, None)
    for page in _pages(leaves, end):
        for row in page:
            while orphan is not None and orphan < row[0]:
                yield Finding("deleted", _GONE, orphan)
                orphan = next(gone, None)
            checked = _checked(row)
            if isinstance(checked, Finding):
                yield checked
                continue
            leaf, wrong = checked
            if wrong is not None and wrong.detail == _NOT_A_HASH:
                yield wrong
                continue
            missing = row[5] is None or (wrong is not None and wrong.kind == "inserted")
            stored = None if missing else bytes(row[5])
            yield LogLeaf(row[0], _record_id(row[1]), row[2], row[3], bytes(row[4]), leaf, stored)
    while orphan is not None:
        yield Finding("deleted", _GONE, orphan)
        orphan = next(gone, None)


def verify_log(
    recorder: ApplicationRecorder,
    checkpoint: Checkpoint | None = None,
    public_key: Ed25519PublicKey | None = None,
    on_progress: Callable[[int, int], object] | None = None,
) -> Verification:
    """Recompute every leaf and the tree; check a checkpoint when one is given (with the
    public key it must be signed by). ``on_progress(position, end)`` is told how far it
    got every :data:`PROGRESS_EVERY` events."""
    leaves = _leaf_recorder(recorder)
    # The last event committed now: what this verification covers (writers may go on).
    end = recorder.max_notification_id() or 0
    finding: Finding | None = None
    if checkpoint is not None:
        if public_key is None:
            raise ConfigurationError("a checkpoint is checked against a public key")
        if not checkpoint.verify(public_key):
            finding = Finding(
                "forged checkpoint",
                N_("its signature is not by the public key {key}", key=key_id(public_key)),
            )
    scan = _scan(leaves, end, on_progress)
    hashes, positions = scan.hashes, scan.positions
    if scan.finding is not None:
        finding = _first(finding, scan.finding)
    if leaves.count_leaves(end) != scan.with_leaf:
        # A leaf without its event (looked for only then: a count is much cheaper).
        gone = leaves.select_leaves_without_events(end)
        if gone:
            finding = _first(finding, Finding("deleted", _GONE, gone[0]))
    reached = positions[-1] if positions else 0
    if on_progress is not None:
        on_progress(max(end, reached), max(end, reached))
    root = scan.root
    unsigned: tuple[tuple[int, UUID, int], ...] = ()
    if checkpoint is not None:
        if finding is None:
            finding = _against(checkpoint, hashes, positions, root)
        unsigned = _unsigned(leaves, positions, checkpoint.tree_size, end)
    return Verification(
        records=len(hashes),
        root_hash=root,
        checkpoint=checkpoint,
        finding=finding,
        position=end,
        log_end=recorder.max_notification_id() or 0,
        unsigned=unsigned,
        positions=ranges_of(positions),
    )


class _Scan(NamedTuple):
    hashes: list[bytes]
    positions: array[int]
    #: The first row found wrong (None: none was).
    finding: Finding | None
    #: How many of the rows have a leaf hash at their position.
    with_leaf: int
    #: The Merkle tree's root over ``hashes``.
    root: bytes


def _scan(
    leaves: LeafRecorder, end: int, on_progress: Callable[[int, int], object] | None
) -> _Scan:
    """Every stored event up to ``end`` hashed as a leaf and checked against the leaf
    hash written with it, and the tree's root (folded meanwhile on another core)."""
    with ParallelRoot(expected=end) as tree:
        hashes, positions, finding, with_leaf = _hash_leaves(leaves, end, on_progress, tree)
        return _Scan(hashes, positions, finding, with_leaf, tree.root(hashes))


def _hash_leaves(
    leaves: LeafRecorder,
    end: int,
    on_progress: Callable[[int, int], object] | None,
    tree: ParallelRoot,
) -> tuple[list[bytes], array[int], Finding | None, int]:
    """The leaf hashes of the events up to ``end`` (each page given to ``tree`` too),
    their positions, the first row found wrong, and how many rows have a leaf hash."""
    hashes: list[bytes] = []
    positions: array[int] = array("q")
    finding: Finding | None = None
    told = PROGRESS_EVERY
    head, length, fromhex = _PREFIXED_HEAD.pack, _LENGTH.pack, bytes.fromhex
    with_leaf, done = 0, 0
    for page in _pages(leaves, end):
        for row in page:
            # The rows the ledger writes are hashed here without a call or a UUID per row
            # (this loop is most of a verify); anything else goes the long way, _checked.
            # 32 hex digits giving 16 bytes, none upper case, are the id the ledger wrote.
            position, record, version, topic, state, written = row
            try:
                raw = fromhex(record) if type(record) is str else record
                name = topic.encode()
                hasher = sha256(head(position, raw, version, len(name)) + name + length(len(state)))
                hasher.update(state)
                leaf = hasher.digest()
            except (TypeError, ValueError, AttributeError, OverflowError, struct.error):
                leaf = b""
            if (
                not leaf or written != leaf or len(raw) != 16 or type(version) is not int
                or type(state) is not bytes
                or (type(record) is str
                    and (len(record) != 32 or not (record.islower() or record.isdigit())))
            ):  # fmt: skip
                checked = _checked(row)
                if isinstance(checked, Finding):
                    finding = _first(finding, checked)
                    continue
                leaf, wrong = checked
                if wrong is not None:
                    finding = _first(finding, wrong)
                    with_leaf -= wrong.kind == "inserted"
            hashes.append(leaf)
            positions.append(position)
            with_leaf += 1
        tree.add(hashes[done:])
        done = len(hashes)
        if on_progress is not None and len(hashes) >= told:
            told = len(hashes) + PROGRESS_EVERY
            on_progress(positions[-1], max(end, positions[-1]))
    return hashes, positions, finding, with_leaf


def _first(found: Finding | None, new: Finding) -> Finding:
    """The earlier in the log of two findings (one not at a position comes first)."""
    if found is None:
        return new
    if found.position is None or new.position is None:
        return found if found.position is None or new.position is not None else new
    return new if new.position < found.position else found


def _unsigned(
    leaves: LeafRecorder, positions: array[int], signed: int, end: int
) -> tuple[tuple[int, UUID, int], ...]:
    """The records after the first ``signed`` ones: (position, record id, version)."""
    if len(positions) <= signed:
        return ()
    after = positions[signed - 1] if signed else None
    return tuple(
        (row[0], _record_id(row[1]), row[2])
        for page in _pages(leaves, end, after)
        for row in page
        if _record_bytes(row[1]) is not None
    )


def _against(
    checkpoint: Checkpoint, hashes: list[bytes], positions: array[int], root: bytes
) -> Finding | None:
    size, old = len(hashes), checkpoint.tree_size
    if checkpoint.positions is not None and ranges_of(positions[:old]) != checkpoint.positions:
        return _where_positions_differ(checkpoint, positions)
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


def _where_positions_differ(checkpoint: Checkpoint, positions: array[int]) -> Finding:
    """The first position where the log differs from the positions the checkpoint signed:
    a signed record gone with its leaf (deleted; truncated when no record follows it), or
    a record put in among the signed ones."""
    assert checkpoint.positions is not None
    index, count = 0, len(positions)
    for signed in expand(checkpoint.positions):
        if index < count and positions[index] < signed:
            return Finding(
                "inserted",
                N_("a record at a position the checkpoint did not sign, among those it signed"),
                positions[index],
            )
        if index < count and positions[index] == signed:
            index += 1
            continue
        if index >= count:
            return Finding(
                "truncated",
                N_(
                    "the log ends before position {position}: the checkpoint signed {old} "
                    "records, up to position {last}; the log has {size}",
                    position=signed,
                    old=checkpoint.tree_size,
                    last=checkpoint.last_position,
                    size=count,
                ),
            )
        return Finding(
            "deleted",
            N_("the checkpoint signed a record at this position; it is gone, with its leaf hash"),
            signed,
        )
    # Every signed position is there, and nothing among them that was not signed.
    return Finding(
        "inserted",
        N_("a record at a position the checkpoint did not sign, among those it signed"),
        positions[index] if index < count else None,
    )
