"""The access context's service: what the :class:`~umkm_ledger.Ledger` offers for API
tokens (issue, revoke, list, authenticate). The HTTP service authenticates every request
here; the command line's ``umkm-ledger token`` issues and revokes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from umkm_ledger.access.commands import AccessCommands
from umkm_ledger.access.readmodels import IssuedToken, TokenView
from umkm_ledger.access.roles import check_role
from umkm_ledger.access.token import ApiToken, new_token_secret, token_digest
from umkm_ledger.kernel.clock import today
from umkm_ledger.kernel.coerce import to_date, to_id
from umkm_ledger.kernel.envelope import Actor
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.text import note_text
from umkm_ledger.platform.session import Session

__all__ = ["TOKEN_KIND", "AccessService"]

#: What the ``records`` view lists tokens as.
TOKEN_KIND = "API token"


class AccessService:
    def __init__(self, session: Session, *, access_commands: AccessCommands) -> None:
        self._session = session
        self._commands = access_commands

    def issue_token(
        self,
        holder: Actor | str,
        *,
        label: str = "",
        expires_on: date | str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> IssuedToken:
        who = holder if isinstance(holder, Actor) else Actor.parse(holder, "holder")
        role = check_role(who.role, "holder")
        note = note_text(label, "label")
        until = None if expires_on is None else to_date(expires_on, "expires_on")
        envelope, idempotent = self._session.envelope(
            command_id=None, effective_date=effective_date, actor=actor
        )
        if until is not None and until < envelope.effective_date:
            raise InvalidValue("expires_on", until.isoformat(), N_("is before the token is issued"))
        secret = new_token_secret()
        token_id = self._commands.issue_token(
            user_id=who.user_id, role=role, digest=token_digest(secret), label=note,
            expires_on=until, envelope=envelope, idempotent=idempotent,
        )  # fmt: skip
        return IssuedToken(token=self.token(token_id), secret=secret)

    def revoke_token(
        self,
        token_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._commands.revoke_token(
            to_id(token_id, "token_id"), envelope, idempotent=idempotent
        )

    def token(self, token_id: UUID | str) -> TokenView:
        return TokenView.of(self._commands.token(to_id(token_id, "token_id")))

    def tokens(self) -> list[TokenView]:
        return [self.token(token_id) for token_id in self._session.listed(TOKEN_KIND)]

    def authenticate(self, secret: object, *, on: date | None = None) -> TokenView | None:
        """The token a request's secret is, if it works today (issued, not revoked, not
        expired); None for anything else, said the same way whatever the reason (a caller
        learns nothing about which tokens exist)."""
        digest = ApiToken.digest_of(secret)
        if digest is None:
            return None
        token = self._commands.find(ApiToken.id_for(digest))
        if token is None or not token.works_on(on or today(), digest):
            return None
        return TokenView.of(token)
