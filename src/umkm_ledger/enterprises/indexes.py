"""Small aggregates that make uniqueness and idempotency transactional.

eventsourcing's optimistic concurrency makes "create version 1 of this id" succeed for
exactly one writer. Deriving an aggregate id from a natural key (an NIB, an owner's
NIK in a desa and sector, a command id) and saving it in the same transaction as the
command's events turns that into a unique index that no race can break.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.values import NIK

__all__ = ["NibClaim", "OwnerIndex", "OwnerKey"]

#: The namespace of every id the ledger derives from a name (shared with
#: :mod:`umkm_ledger.platform.receipts`: ids once derived must never change).
_NAMESPACE = uuid5(NAMESPACE_URL, "urn:umkm-ledger")


class NibClaim(Aggregate):
    """Which enterprise holds an NIB. One claim per NIB, ever; released on correction."""

    @staticmethod
    def id_for(nib: str) -> UUID:
        return uuid5(_NAMESPACE, f"nib:{nib}")

    @dataclass(frozen=True)
    class Claimed(Aggregate.Created):
        nib: str
        enterprise_id: UUID

    @dataclass(frozen=True)
    class Reclaimed(Aggregate.Event):
        enterprise_id: UUID

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, NibClaim)
            aggregate.holder = self.enterprise_id

    @dataclass(frozen=True)
    class Released(Aggregate.Event):
        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, NibClaim)
            aggregate.holder = None

    def __init__(self, nib: str, enterprise_id: UUID) -> None:
        self.nib = nib
        self.holder: UUID | None = enterprise_id

    @classmethod
    def claim(cls, nib: str, enterprise_id: UUID) -> NibClaim:
        return cls._create(cls.Claimed, id=cls.id_for(nib), nib=nib, enterprise_id=enterprise_id)

    def reclaim(self, enterprise_id: UUID) -> None:
        self.trigger_event(self.Reclaimed, enterprise_id=enterprise_id)

    def release(self) -> None:
        self.trigger_event(self.Released)


#: Whose enterprises in which place and line of business: (owner's NIK, desa code,
#: KBLI version, KBLI code).
OwnerKey = tuple[NIK, str, int, str]


class OwnerIndex(Aggregate):
    """The enterprises that one owner has in one desa and sector."""

    @staticmethod
    def id_for(
        key: tuple[str, str, int, str], secret: bytes = b"", *, person: UUID | None = None
    ) -> UUID:
        """The index id for an owner key (the NIK as text). With a ``secret``, the id is a
        keyed hash, so ids stored in the clear do not let anyone confirm a guessed NIK.

        With ``person`` (a ledger that seals personal data: the id its key store knows the
        owner by) the id is made from the person, not the NIK: after the person's erasure
        their NIK names a new person, whose enterprises are not linked to the erased
        ones, and not even a holder of the secret can test a NIK against the ids.
        """
        nik, desa, version, code = key
        owner = f"person:{person.hex}" if person is not None else nik
        name = f"owner:{owner}:{desa}:kbli{version}:{code}"
        if not secret:
            return uuid5(_NAMESPACE, name)
        digest = hmac.new(secret, name.encode(), hashlib.sha256).digest()
        return UUID(bytes=digest[:16], version=4)

    @dataclass(frozen=True)
    class Started(Aggregate.Created):
        enterprise_id: UUID

    @dataclass(frozen=True)
    class Added(Aggregate.Event):
        enterprise_id: UUID

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, OwnerIndex)
            aggregate.enterprises = (*aggregate.enterprises, self.enterprise_id)

    @dataclass(frozen=True)
    class Removed(Aggregate.Event):
        enterprise_id: UUID

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, OwnerIndex)
            aggregate.enterprises = tuple(
                e for e in aggregate.enterprises if e != self.enterprise_id
            )

    def __init__(self, enterprise_id: UUID) -> None:
        self.enterprises: tuple[UUID, ...] = (enterprise_id,)

    @classmethod
    def start(cls, index_id: UUID, enterprise_id: UUID) -> OwnerIndex:
        return cls._create(cls.Started, id=index_id, enterprise_id=enterprise_id)

    def add(self, enterprise_id: UUID) -> None:
        if enterprise_id not in self.enterprises:
            self.trigger_event(self.Added, enterprise_id=enterprise_id)

    def remove(self, enterprise_id: UUID) -> None:
        if enterprise_id in self.enterprises:
            self.trigger_event(self.Removed, enterprise_id=enterprise_id)


# Stored names of this module's record and event types: never changed once released
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    NibClaim,
    "enterprises.NibClaim",
    formerly="umkm_ledger.domain.indexes:NibClaim",
    events=("Claimed", "Reclaimed", "Released"),
    public=False,
)

name_event_types(
    OwnerIndex,
    "enterprises.OwnerIndex",
    formerly="umkm_ledger.domain.indexes:OwnerIndex",
    events=("Started", "Added", "Removed"),
    public=False,
)
