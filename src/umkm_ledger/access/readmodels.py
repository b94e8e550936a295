"""What the ledger shows of an API token: who, which role, since when, whether it still
works. Never the secret (not stored) nor its digest."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.access.lifecycle import TokenStatus
from umkm_ledger.access.token import ApiToken

__all__ = ["IssuedToken", "TokenView"]


@attrs.frozen
class TokenView:
    id: UUID
    user_id: str
    role: str
    label: str
    status: TokenStatus
    issued_on: date
    issued_by: str
    expires_on: date | None
    revoked_on: date | None

    @property
    def actor(self) -> str:
        """``USER@ROLE``: what the service records on the events this token's requests make."""
        return f"{self.user_id}@{self.role}"

    @classmethod
    def of(cls, token: ApiToken) -> TokenView:
        return cls(
            id=token.id,
            user_id=token.user_id,
            role=token.role,
            label=token.label,
            status=token.status,
            issued_on=token.issued_on,
            issued_by=token.issued_by,
            expires_on=token.expires_on,
            revoked_on=token.revoked_on,
        )


@attrs.frozen
class IssuedToken:
    """A token just issued: its record, and the secret, which is shown this once."""

    token: TokenView
    secret: str = attrs.field(repr=False)
