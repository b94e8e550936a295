"""The Ledger's audit side: signed checkpoints, verification, proof bundles.

Kept apart from :mod:`umkm_ledger.ledger` so each file stays readable; :class:`Ledger`
inherits these methods. Keys are Ed25519 keys (``cryptography`` objects, or their PEM
bytes); checkpoints are :class:`~umkm_ledger.audit.checkpoint.Checkpoint` objects, or the
JSON documents :meth:`Checkpoint.dumps` writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from umkm_ledger.audit.bundle import make_bundle
from umkm_ledger.audit.checkpoint import (
    Checkpoint,
    load_private_key,
    load_public_key,
    sign_checkpoint,
)
from umkm_ledger.audit.verify import Verification, verify_log
from umkm_ledger.coerce import to_id
from umkm_ledger.errors import InvalidValue

if TYPE_CHECKING:
    from umkm_ledger.application import LedgerApplication

__all__ = ["AuditMixin", "LedgerNotIntact", "dumps_bundle", "to_checkpoint", "to_public_key"]


class LedgerNotIntact(InvalidValue):
    """Raised instead of signing a checkpoint over a ledger that fails verification."""


def to_private_key(key: Ed25519PrivateKey | bytes) -> Ed25519PrivateKey:
    return key if isinstance(key, Ed25519PrivateKey) else load_private_key(key)


def to_public_key(key: Ed25519PublicKey | bytes) -> Ed25519PublicKey:
    return key if isinstance(key, Ed25519PublicKey) else load_public_key(key)


def to_checkpoint(checkpoint: Checkpoint | Mapping[str, Any] | str | bytes) -> Checkpoint:
    if isinstance(checkpoint, Checkpoint):
        return checkpoint
    if isinstance(checkpoint, Mapping):
        return Checkpoint.from_json(checkpoint)
    return Checkpoint.loads(checkpoint)


class AuditMixin:
    _app: LedgerApplication
    url: str

    def verify(
        self,
        *,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
    ) -> Verification:
        """Recompute the Merkle tree over every stored event and check each against the
        leaf hash written with it; with a checkpoint (and the public key that signed it),
        check that the log still begins with the records it signed. ``str()`` of the
        result says OK with counts, or the first bad record and what is wrong."""
        return verify_log(
            self._app.recorder,
            None if checkpoint is None else to_checkpoint(checkpoint),
            None if public_key is None else to_public_key(public_key),
        )

    def checkpoint(
        self, key: Ed25519PrivateKey | bytes, *, origin: str | None = None
    ) -> Checkpoint:
        """Sign (tree size, root hash, time) of the ledger as it is now. A ledger that
        fails verification is not signed (:class:`LedgerNotIntact`)."""
        signer = to_private_key(key)
        found = verify_log(self._app.recorder)
        if not found.ok:
            raise LedgerNotIntact("ledger", self.url, f"does not verify: {found.finding}")
        return sign_checkpoint(
            signer, origin=origin or self.url, tree_size=found.records, root_hash=found.root_hash
        )

    def proof_bundle(
        self, record_id: UUID | str, *, checkpoint: Checkpoint | Mapping[str, Any] | str | bytes
    ) -> dict[str, Any]:
        """A grant's (or any record's) events with inclusion proofs against the
        checkpoint, for :func:`umkm_ledger.audit.check_bundle` to check offline."""
        return make_bundle(
            self._app.recorder, to_id(record_id, "record_id"), to_checkpoint(checkpoint)
        )


def dumps_bundle(bundle: Mapping[str, Any]) -> str:
    return json.dumps(bundle, indent=1) + "\n"
