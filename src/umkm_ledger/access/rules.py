"""The access rules, each a refusal whose docstring states the rule."""

from __future__ import annotations

from uuid import UUID

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation

__all__ = ["TokenAlreadyRevoked"]


class TokenAlreadyRevoked(BusinessRuleViolation):
    """A revoked token stays revoked: it cannot be revoked again (issue a new one)."""

    def __init__(self, token_id: UUID) -> None:
        self.token_id = token_id
        super().__init__(N_("API token {token_id} is already revoked", token_id=token_id))
