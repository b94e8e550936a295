"""Small aggregates that make uniqueness and idempotency transactional.

eventsourcing's optimistic concurrency makes "create version 1 of this id" succeed for
exactly one writer. Deriving an aggregate id from a natural key (an NIB, an owner's
NIK in a desa and sector, a command id) and saving it in the same transaction as the
command's events turns that into a unique index that no race can break.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.event_types import name_event_types

__all__ = ["CommandReceipt", "NibClaim", "OwnerIndex"]

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


class OwnerIndex(Aggregate):
    """The enterprises that one owner (by NIK) has in one desa and sector."""

    @staticmethod
    def id_for(key: tuple[str, str, int, str], secret: bytes = b"") -> UUID:
        """The index id for an owner key. With a ``secret`` (an encrypted ledger), the id
        is a keyed hash, so ids stored in the clear do not let anyone confirm a guessed NIK.
        """
        nik, desa, version, code = key
        name = f"owner:{nik}:{desa}:kbli{version}:{code}"
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


class CommandReceipt(Aggregate):
    """The first result of a command sent with a caller's command id.

    Saved in the same transaction as the command's events, so a command id is executed
    at most once, also across restarts and concurrent senders. It keeps what the
    command meant (a digest of each argument and of the envelope's actor, effective
    date and reason), so that the same id sent with anything else is named as such, and
    the effective date it was given (a resend that names none means the same day).
    """

    @staticmethod
    def id_for(command_id: str) -> UUID:
        return uuid5(_NAMESPACE, f"command:{command_id}")

    @dataclass(frozen=True)
    class Executed(Aggregate.Created):
        # Version 2 added ``digests`` and ``effective_date``; receipts written before
        # keep only the digest of all arguments together (``fingerprint``).
        class_version = 2

        command_id: str
        command: str
        fingerprint: str
        result: UUID
        digests: dict[str, str]
        effective_date: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["digests"] = {}
            state["effective_date"] = None

    def __init__(
        self,
        command_id: str,
        command: str,
        fingerprint: str,
        result: UUID,
        digests: dict[str, str],
        effective_date: date | None,
    ) -> None:
        self.command_id = command_id
        self.command = command
        self.fingerprint = fingerprint
        self.result = result
        self.digests = dict(digests)
        self.effective_date = effective_date

    @classmethod
    def record(
        cls,
        command_id: str,
        command: str,
        digests: Mapping[str, str],
        result: UUID,
        effective_date: date,
    ) -> CommandReceipt:
        return cls._create(
            cls.Executed,
            id=cls.id_for(command_id),
            command_id=command_id,
            command=command,
            fingerprint="",
            result=result,
            digests=dict(digests),
            effective_date=effective_date,
        )

    def differences(self, command: str, digests: Mapping[str, str]) -> list[str] | None:
        """What differs between the first command and ``command`` with ``digests``:
        the names of the parts that differ (empty: the same command), or None for a
        receipt written before digests were kept (it cannot tell which)."""
        if not self.digests:
            return None
        names = sorted(set(self.digests) | set(digests))
        return [n for n in names if self.digests.get(n) != digests.get(n)]


# Stored names of this module's record and event types: never changed once released
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    NibClaim,
    "enterprises.NibClaim",
    formerly="umkm_ledger.domain.indexes:NibClaim",
    events=("Claimed", "Reclaimed", "Released"),
)

name_event_types(
    OwnerIndex,
    "enterprises.OwnerIndex",
    formerly="umkm_ledger.domain.indexes:OwnerIndex",
    events=("Started", "Added", "Removed"),
)

name_event_types(
    CommandReceipt,
    "ledger.CommandReceipt",
    formerly="umkm_ledger.domain.indexes:CommandReceipt",
    events=("Executed",),
)
