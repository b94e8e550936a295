"""The application's privacy commands: request, approve and reject erasures.

Run by :class:`~umkm_ledger.platform.application.LedgerApplication`, like every other
context's commands: get → command → save, once per command id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureStatus
from umkm_ledger.privacy.migration import PersonalDataMigration
from umkm_ledger.privacy.rules import ErasureAlreadyRequested

__all__ = ["PrivacyCommands"]


class PrivacyCommands:
    """The privacy commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app

    def request_erasure(
        self, person: UUID, ground: ErasureGround, envelope: Envelope, *, idempotent: bool
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            # Read through the application, so a concurrent request of the same person
            # makes this one run again and meet the rule (not a bare conflict).
            request = 1
            while earlier := self._app.find(Erasure, Erasure.id_for(person, request)):
                if earlier.status is not ErasureStatus.REJECTED:
                    raise ErasureAlreadyRequested(earlier.id, earlier.status.value)
                request += 1  # a rejected request stays on record; this one is the next
            erasure = Erasure.request(
                person=person, ground=ground, envelope=envelope, request=request
            )
            return erasure.id, [erasure]

        return self._app.run(
            "request_erasure", envelope, idempotent=idempotent,
            arguments={"person": person, "ground": ground}, work=work, retries=3,
        )  # fmt: skip

    def decide_erasure(
        self, erasure_id: UUID, approve: bool, envelope: Envelope, *, idempotent: bool
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            erasure = self._app.get(Erasure, erasure_id)
            if approve:
                erasure.approve(envelope=envelope)
            else:
                erasure.reject(envelope=envelope)
            return erasure.id, [erasure]

        return self._app.run(
            "approve_erasure" if approve else "reject_erasure", envelope,
            idempotent=idempotent, arguments={"erasure_id": erasure_id}, work=work,
            # A concurrent decision first: decide again on it (the lifecycle then refuses).
            retries=3,
        )  # fmt: skip

    def record_migration(self, figures: Mapping[str, Any], envelope: Envelope) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            migration = PersonalDataMigration.record(envelope=envelope, **figures)
            return migration.id, [migration]

        return self._app.run(
            "record_migration", envelope, idempotent=False, arguments=dict(figures), work=work
        )

    def erasure(self, erasure_id: UUID) -> Erasure:
        return self._app.get(Erasure, erasure_id)

    def find(self, erasure_id: UUID) -> Erasure | None:
        return self._app.find(Erasure, erasure_id)
