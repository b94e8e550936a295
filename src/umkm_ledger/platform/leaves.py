"""What one leaf of the ledger's Merkle tree is: a stored event, byte for byte.

Every stored event, in notification-log order, is one leaf. The leaf's input is the stored
record as the database holds it, framed so that no two different records give the same
bytes (RFC 9162 leaves may be any byte string):

    position        8 bytes, big-endian   the notification id
    originator id   16 bytes              the record's UUID
    version         8 bytes, big-endian
    topic           4-byte length, UTF-8 text
    state           8-byte length, the stored bytes (compressed and encrypted, if the
                    ledger is: what is checked is what is stored)

The leaf hash is RFC 9162's ``SHA-256(0x00 || input)``.
"""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

__all__ = ["leaf_input", "record_leaf_hash"]


_HEAD = struct.Struct(">Q16sQI")
_LENGTH = struct.Struct(">Q")


def leaf_input(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    record = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
    name = topic.encode()
    return b"".join(
        (
            _HEAD.pack(position, record.bytes, version, len(name)),
            name,
            _LENGTH.pack(len(state)),
            bytes(state),
        )
    )


def record_leaf_hash(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The RFC 9162 leaf hash of one stored event."""
    return hashlib.sha256(
        b"\x00" + leaf_input(position, originator_id, version, topic, state)
    ).digest()
