"""The application's access commands: issue and revoke API tokens.

Run by :class:`~umkm_ledger.platform.application.LedgerApplication`, like every other
context's commands: get → command → save, once per command id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.access.token import ApiToken
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.platform.application import LedgerApplication

__all__ = ["AccessCommands"]


class AccessCommands:
    """The access commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app

    def issue_token(
        self,
        *,
        user_id: str,
        role: str,
        digest: str,
        label: str,
        expires_on: date | None,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            token = ApiToken.issue(
                user_id=user_id, role=role, digest=digest, label=label,
                expires_on=expires_on, envelope=envelope,
            )  # fmt: skip
            return token.id, [token]

        return self._app.run(
            "issue_token",
            envelope,
            idempotent=idempotent,
            arguments={"user_id": user_id, "role": role, "digest": digest, "label": label,
                       "expires_on": expires_on},
            work=work,
        )  # fmt: skip

    def revoke_token(self, token_id: UUID, envelope: Envelope, *, idempotent: bool = False) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            token = self._app.get(ApiToken, token_id)
            token.revoke(envelope=envelope)
            return token.id, [token]

        return self._app.run(
            "revoke_token",
            envelope,
            idempotent=idempotent,
            arguments={"token_id": token_id},
            work=work,
        )

    def token(self, token_id: UUID) -> ApiToken:
        return self._app.get(ApiToken, token_id)

    def find(self, token_id: UUID) -> ApiToken | None:
        return self._app.find(ApiToken, token_id)
