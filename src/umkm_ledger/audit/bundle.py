"""Proof bundles: one record's events with inclusion proofs against a signed checkpoint,
checkable offline, with no database (``umkm-ledger audit bundle`` / ``check-bundle``).

A bundle holds each event as stored (its bytes, base64) with its position, its index in the
tree and its inclusion proof, and the checkpoint. :func:`check_bundle` recomputes every leaf
hash from those bytes, checks every proof against the checkpoint's root, and the
checkpoint's signature against the auditor's public key; what it shows of each event is
decoded from the very bytes it checked.
"""

from __future__ import annotations

import base64
import binascii
import json
import struct
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit import merkle
from umkm_ledger.audit.checkpoint import Checkpoint, load_public_key
from umkm_ledger.audit.verify import Finding, LogLeaf, log_leaves
from umkm_ledger.kernel.errors import N_, InvalidValue, Message, NotFound
from umkm_ledger.platform.leaves import record_leaf_hash

__all__ = ["BundleCheck", "check_bundle", "make_bundle"]

_FORMAT = "umkm-ledger proof bundle 1"


def make_bundle(
    recorder: ApplicationRecorder, record_id: UUID, checkpoint: Checkpoint
) -> dict[str, Any]:
    """The record's events that the checkpoint covers, with their inclusion proofs."""
    hashes: list[bytes] = []
    mine: list[tuple[int, LogLeaf]] = []
    for item in log_leaves(recorder):
        if isinstance(item, Finding):
            continue
        if len(hashes) == checkpoint.tree_size:
            break
        if item.record_id == record_id:
            mine.append((len(hashes), item))
        hashes.append(item.leaf_hash)
    if len(hashes) < checkpoint.tree_size:
        raise InvalidValue(
            "checkpoint",
            checkpoint.tree_size,
            N_("covers more records than the ledger has ({count})", count=len(hashes)),
        )
    if merkle.root(hashes) != checkpoint.root_hash:
        raise InvalidValue(
            "checkpoint", checkpoint.root_hash.hex(), "is not this ledger's tree (run verify)"
        )
    if not mine:
        raise NotFound("record in the checkpoint", record_id)
    return {
        "format": _FORMAT,
        "record_id": str(record_id),
        "checkpoint": checkpoint.to_json(),
        "events": [
            {
                "position": leaf.position,
                "leaf_index": index,
                "originator_id": str(leaf.record_id),
                "originator_version": leaf.version,
                "topic": leaf.topic,
                "state": base64.b64encode(leaf.state).decode(),
                "inclusion_proof": [h.hex() for h in merkle.inclusion_proof(index, hashes)],
            }
            for index, leaf in mine
        ],
    }


@attrs.frozen
class BundleCheck:
    """The outcome of :func:`check_bundle`: each event decoded (when the ledger stores
    plain JSON), and the first problem found, if any."""

    record_id: str
    checkpoint: Checkpoint | None
    events: tuple[Mapping[str, Any], ...]
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def message(self) -> Message:
        """OK with what was checked, or the first problem, in words (the checkpoint's
        signing time a datetime, shown in the reader's zone)."""
        if self.problem is not None:
            return N_("FAILED: {problem}", problem=N_(self.problem))
        cp = self.checkpoint
        assert cp is not None
        return N_(
            "OK: {events} events of record {record} are in the ledger {origin!r} of {size} "
            "records signed {signed} by key {key}; whether the record has events after "
            "version {last}, a bundle cannot tell (verify the ledger for that)",
            events=len(self.events),
            record=self.record_id,
            origin=cp.origin,
            size=cp.tree_size,
            signed=cp.timestamp,
            key=cp.key_id,
            last=len(self.events),
        )

    def __str__(self) -> str:
        return str(self.message())


def check_bundle(bundle: Mapping[str, Any], public_key: Ed25519PublicKey | bytes) -> BundleCheck:
    """Check a bundle offline: the signature, then every event against its proof, and
    that the events are the record's versions 1, 2, 3... with none left out or repeated
    (events recorded after the checkpoint are not in it: a bundle vouches for the record
    as the checkpoint saw it)."""
    if not isinstance(public_key, Ed25519PublicKey):
        public_key = load_public_key(public_key)
    if not isinstance(bundle, Mapping) or bundle.get("format") != _FORMAT:
        raise InvalidValue(
            "bundle", "<document>", N_("is not a {format!r} document", format=_FORMAT)
        )
    record = str(bundle.get("record_id"))
    try:
        checkpoint = Checkpoint.from_json(bundle["checkpoint"])
    except (KeyError, InvalidValue) as error:
        return BundleCheck(
            record,
            None,
            (),
            N_(
                "the checkpoint cannot be read ({error})",
                error=error.message if isinstance(error, InvalidValue) else str(error),
            ),
        )
    if not checkpoint.verify(public_key):
        return BundleCheck(record, checkpoint, (), N_("the checkpoint's signature does not verify"))
    events = bundle.get("events")
    if not isinstance(events, list):
        return BundleCheck(record, checkpoint, (), N_("the bundle's events are not a list"))
    decoded: list[Mapping[str, Any]] = []
    for number, event in enumerate(events, start=1):
        problem = _check_event(event, record, checkpoint)
        if problem is not None:
            return BundleCheck(
                record,
                checkpoint,
                tuple(decoded),
                N_("event {number}: {problem}", number=number, problem=problem),
            )
        decoded.append(_decoded(event))
    if not decoded:
        return BundleCheck(record, checkpoint, (), N_("the bundle holds no events"))
    versions = [int(event["version"]) for event in decoded]
    if versions != list(range(1, len(versions) + 1)):
        return BundleCheck(
            record, checkpoint, tuple(decoded),
            N_(
                "the record's events are not all there, in order: versions {versions}",
                versions=versions,
            ),
        )  # fmt: skip
    return BundleCheck(record, checkpoint, tuple(decoded), None)


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ValueError(f"{name} {value!r} is not a whole number")
    return value


def _check_event(event: Any, record: str, checkpoint: Checkpoint) -> Message | None:
    try:
        if not isinstance(event, Mapping):
            raise TypeError("an event is not an object")
        position = _whole(event["position"], "position")
        version = _whole(event["originator_version"], "version")
        index = _whole(event["leaf_index"], "leaf_index")
        topic, origin = event["topic"], event["originator_id"]
        if not isinstance(topic, str) or not isinstance(origin, str):
            raise TypeError("topic and originator_id are texts")
        state = base64.b64decode(event["state"], validate=True)
        leaf = record_leaf_hash(position, UUID(origin), version, topic, state)
        proof = [bytes.fromhex(h) for h in event["inclusion_proof"]]
        other = UUID(origin) != UUID(record)
    except (KeyError, TypeError, ValueError, AttributeError, struct.error, binascii.Error) as error:
        return N_("malformed ({error})", error=str(error))
    if other:
        return N_("belongs to another record")
    if not merkle.verify_inclusion(index, checkpoint.tree_size, leaf, proof, checkpoint.root_hash):
        return N_(
            "its bytes (position {position}, version {version}) are not in the signed tree",
            position=position,
            version=version,
        )
    return None


def _decoded(event: Mapping[str, Any]) -> Mapping[str, Any]:
    state = base64.b64decode(event["state"])
    try:
        fields: Any = json.loads(state)
    except ValueError:
        fields = None  # compressed or encrypted: checked, not readable without the key
    return {
        "position": event["position"],
        "version": event["originator_version"],
        "kind": str(event["topic"]).rpartition(".")[2],
        "state": fields,
    }
