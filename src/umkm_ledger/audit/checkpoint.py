"""Signed checkpoints: an office's or an auditor's signature over (tree size, root hash,
time), with an Ed25519 key.

A checkpoint is a small JSON document kept outside the database (a file on the auditor's
laptop, a printout in the working papers). Whoever holds it and the public key can later
check that the ledger still begins with exactly the records it had then.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from umkm_ledger.audit.positions import check_ranges
from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = [
    "Checkpoint",
    "generate_key",
    "key_id",
    "load_private_key",
    "load_public_key",
    "private_pem",
    "public_pem",
    "sign_checkpoint",
]

#: Format 2 signs the positions of the records too; format 1 (size and root only) is
#: still read and checked.
_FORMAT = "umkm-ledger checkpoint 2"
_FORMATS = ("umkm-ledger checkpoint 1", _FORMAT)


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise InvalidValue(
            "key", "<private key>", N_("is not a PEM private key ({error})", error=str(error))
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidValue("key", type(key).__name__, "must be an Ed25519 private key")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as error:
        raise InvalidValue(
            "public_key", "<key>", N_("is not a PEM public key ({error})", error=str(error))
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidValue("public_key", type(key).__name__, "must be an Ed25519 public key")
    return key


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A short name for a key: the first 16 hex digits of SHA-256 of its raw public bytes."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@attrs.frozen
class Checkpoint:
    """A signed statement: the ledger ``origin`` had ``tree_size`` records with this
    ``root_hash`` at ``timestamp``, at these log ``positions`` (ranges, see
    :mod:`umkm_ledger.audit.positions`; None in a format-1 checkpoint, which did not
    sign them)."""

    origin: str
    tree_size: int
    root_hash: bytes
    timestamp: datetime
    key_id: str
    signature: bytes = attrs.field(repr=False)
    positions: str | None = attrs.field(default=None, repr=False)

    @property
    def last_position(self) -> int | None:
        """The log position of the last record signed (None: format 1 did not sign it)."""
        if not self.positions:
            return None
        return int(self.positions.rpartition(",")[2].rpartition("-")[2])

    @property
    def format(self) -> str:
        return _FORMATS[0] if self.positions is None else _FORMAT

    def message(self) -> bytes:
        """The exact bytes signed."""
        signed = (
            f"{self.format}\n{self.origin}\n{self.tree_size}\n{self.root_hash.hex()}\n"
            f"{self.timestamp.isoformat()}\n{self.key_id}\n"
        )
        if self.positions is not None:
            signed += f"{self.positions}\n"
        return signed.encode()

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        """Whether the signature is this public key's over these fields."""
        try:
            public_key.verify(self.signature, self.message())
        except InvalidSignature:
            return False
        return key_id(public_key) == self.key_id

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "format": self.format,
            "origin": self.origin,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "timestamp": self.timestamp.isoformat(),
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }
        if self.positions is not None:
            document["positions"] = self.positions
        return document

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2) + "\n"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Checkpoint:
        """Read a checkpoint (:class:`InvalidValue` naming the field when it is malformed)."""
        if not isinstance(data, Mapping) or data.get("format") not in _FORMATS:
            raise InvalidValue(
                "checkpoint", "<document>", N_("is not a {format!r} document", format=_FORMAT)
            )
        try:
            size = data["tree_size"]
            if isinstance(size, bool) or not isinstance(size, int) or size < 0:
                raise InvalidValue("checkpoint.tree_size", size, "must be a whole number")
            positions = None
            if data["format"] == _FORMAT:
                positions = check_ranges(data["positions"])
            return cls(
                positions=positions,
                origin=str(data["origin"]),
                tree_size=size,
                root_hash=bytes.fromhex(data["root_hash"]),
                timestamp=datetime.fromisoformat(data["timestamp"]),
                key_id=str(data["key_id"]),
                signature=base64.b64decode(data["signature"], validate=True),
            )
        except KeyError as missing:
            raise InvalidValue(
                "checkpoint", "<document>", N_("has no {missing}", missing=missing)
            ) from None
        except (ValueError, TypeError, binascii.Error) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                "checkpoint", "<document>", N_("is malformed ({error})", error=str(error))
            ) from None

    @classmethod
    def loads(cls, text: str | bytes) -> Checkpoint:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise InvalidValue(
                "checkpoint", "<file>", N_("is not JSON ({error})", error=str(error))
            ) from None
        return cls.from_json(data)


def sign_checkpoint(
    key: Ed25519PrivateKey,
    *,
    origin: str,
    tree_size: int,
    root_hash: bytes,
    positions: str | None = None,
    timestamp: datetime | None = None,
) -> Checkpoint:
    """Sign a checkpoint; ``positions`` (the ranges of the records' log positions) makes
    it format 2, which lets verification name a deleted record's position."""
    when = (timestamp or datetime.now(tz=UTC)).astimezone(UTC).replace(microsecond=0)
    if positions is not None:
        check_ranges(positions, tree_size)
    unsigned = Checkpoint(origin, tree_size, root_hash, when, key_id(key), b"", positions)
    return attrs.evolve(unsigned, signature=key.sign(unsigned.message()))
