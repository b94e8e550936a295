"""The privacy context's service: what the :class:`~umkm_ledger.Ledger` offers for
erasing a person's personal data (request, approve, reject, list)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from umkm_ledger.kernel.coerce import to_id
from umkm_ledger.kernel.envelope import Actor
from umkm_ledger.kernel.errors import NotFound
from umkm_ledger.kernel.values.identifiers import NIK
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.session import Session
from umkm_ledger.privacy.commands import PrivacyCommands
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureStatus
from umkm_ledger.privacy.readmodels import ErasureView
from umkm_ledger.privacy.rules import PersonalDataIsPlain

__all__ = ["ERASURE_KIND", "PrivacyService"]

#: What the ``records`` view lists erasures as.
ERASURE_KIND = "erasure"


class PrivacyService:
    def __init__(
        self, session: Session, app: LedgerApplication, *, privacy_commands: PrivacyCommands
    ) -> None:
        self._session = session
        self._app = app
        self._commands = privacy_commands

    def request_erasure(
        self,
        nik: NIK | str,
        *,
        ground: ErasureGround | str,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        if not self._app.seals_personal_data:
            raise PersonalDataIsPlain()
        value = nik if isinstance(nik, NIK) else NIK.parse(nik)
        checked = ErasureGround.parse(ground)
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        person = self._app.person_keys.find(value)
        if person is None:
            raise NotFound("person", value.masked())
        return self._commands.request_erasure(person, checked, envelope, idempotent=idempotent)

    def decide_erasure(
        self,
        erasure_id: UUID | str,
        *,
        approve: bool,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        record = to_id(erasure_id, "erasure_id")
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        found = self._commands.erasure(record)
        keys = self._app.person_keys
        # An approval deletes the key in the transaction that records it (the recorder
        # does, see PersonKeys.destroying); destroy() after it only clears what this
        # process holds, checkpoints or vacuums, and finishes a ledger's older approval.
        destroying = keys.destroying(found.person) if approve else contextlib.nullcontext()
        try:
            with destroying:
                return self._commands.decide_erasure(
                    record, approve, envelope, idempotent=idempotent
                )
        finally:
            now = self._commands.find(record) or found
            if now.status is ErasureStatus.ERASED:
                keys.destroy(now.person)

    def record_migration(
        self, figures: Mapping[str, Any], *, reason: str, actor: Actor | str | None = None
    ) -> UUID:
        envelope, _idempotent = self._session.envelope(
            command_id=None, effective_date=None, actor=actor, reason=reason
        )
        return self._commands.record_migration(figures, envelope)

    def erasure(self, erasure_id: UUID | str) -> ErasureView:
        erasure = self._commands.erasure(to_id(erasure_id, "erasure_id"))
        destroyed = self._app.person_keys.key_of(erasure.person) is None
        return ErasureView.of(erasure, key_destroyed=destroyed)

    def erasures(self) -> list[ErasureView]:
        return [self.erasure(record) for record in self._session.listed(ERASURE_KIND)]
