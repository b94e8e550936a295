"""Command receipts: what makes a command sent with a caller's command id run once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.event_types import name_event_types

__all__ = ["CommandReceipt"]

# The same namespace as the enterprises' indexes (``urn:umkm-ledger``): a receipt's id,
# once derived from a command id, must never change.
_NAMESPACE = uuid5(NAMESPACE_URL, "urn:umkm-ledger")


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


# Stored names of the receipt's record and event types: never changed once released
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    CommandReceipt,
    "ledger.CommandReceipt",
    formerly="umkm_ledger.domain.indexes:CommandReceipt",
    events=("Executed",),
    public=False,
)
