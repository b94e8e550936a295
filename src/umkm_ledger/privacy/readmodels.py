"""What the ledger shows of an erasure: on which ground, who asked and who decided, and
whether the person's key is gone. Never the NIK it was asked for."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureStatus

__all__ = ["ErasureView"]


@attrs.frozen
class ErasureView:
    id: UUID
    #: The person's id in the key store (what the views count them by), as 32 hex digits.
    person: str
    ground: ErasureGround
    status: ErasureStatus
    requested_on: date
    requested_by: str
    decided_on: date | None
    decided_by: str | None
    #: Whether the person's key is gone from the key store (True once erased).
    key_destroyed: bool

    @classmethod
    def of(cls, erasure: Erasure, *, key_destroyed: bool) -> ErasureView:
        return cls(
            id=erasure.id,
            person=erasure.person.hex,
            ground=erasure.ground,
            status=erasure.status,
            requested_on=erasure.requested_on,
            requested_by=erasure.requested_by,
            decided_on=erasure.decided_on,
            decided_by=erasure.decided_by or None,
            key_destroyed=key_destroyed,
        )
