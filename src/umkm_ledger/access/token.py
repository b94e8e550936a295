"""The ApiToken aggregate: a secret that lets one person or system act through the
HTTP service as ``USER@ROLE``, until it is revoked or expires.

The secret itself is never stored: only its SHA-256 digest, from which the record's id
is derived, so a request's token is found by one read (no listing, no comparison loop).
A token is made of 32 random bytes, far beyond guessing, so a fast digest is enough (a
slow password hash protects low-entropy secrets, which these are not).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.access.lifecycle import TokenStatus
from umkm_ledger.access.roles import check_role
from umkm_ledger.access.rules import TokenAlreadyRevoked
from umkm_ledger.kernel.aggregate import (
    Check,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values.person import CREDENTIAL
from umkm_ledger.kernel.values.text import name_text, note_text

__all__ = ["TOKEN_PREFIX", "ApiToken", "new_token_secret", "token_digest"]

_NAMESPACE = UUID("4b6f2d1c-9e3a-4f57-8c21-0d5e7a9b3c64")
#: How every token secret starts (so a leaked one is recognised by secret scanners).
TOKEN_PREFIX = "ulk_"
# ulk_ and 43 URL-safe characters (32 bytes); anything much longer is not a token.
_MAX_SECRET = 100


def new_token_secret() -> str:
    """A new token secret: the prefix and 32 random bytes, URL-safe base64."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    """The SHA-256 (hex) of a token secret: what the ledger stores instead of it."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _expiry(value: object, field: str) -> date | None:
    if value is None or type(value) is date:
        return value
    raise InvalidValue(field, value, "must be a date or nothing")


def _digest(value: object, field: str) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return value
    raise InvalidValue(field, "<digest>", "must be a SHA-256 hex digest")


class ApiToken(LedgerAggregate):
    """A token issued to a person or system, in one role."""

    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Issued": {
            "user_id": lambda value, field: name_text(value, field, max_length=100),
            "role": check_role,
            "digest": _digest,
            "label": note_text,
            "expires_on": _expiry,
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Issued(Event, Aggregate.Created):
        """A token was issued to ``user_id`` in ``role`` (the secret was shown once)."""

        user_id: str
        role: str
        digest: str = field(metadata=CREDENTIAL)
        label: str
        expires_on: date | None

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, ApiToken)
            aggregate.user_id = self.user_id
            aggregate.role = self.role
            aggregate.digest = self.digest
            aggregate.label = self.label
            aggregate.expires_on = self.expires_on
            aggregate.issued_on = self.envelope.effective_date
            aggregate.issued_by = str(self.envelope.actor)

    @dataclass(frozen=True)
    class Revoked(Event):
        """The token was revoked (the reason is in the envelope): it no longer works."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, ApiToken)
            aggregate.status = TokenStatus.REVOKED
            aggregate.revoked_on = self.envelope.effective_date

    def __init__(self) -> None:
        self._init_facts()
        self.user_id = ""
        self.role = ""
        self.digest = ""
        self.label = ""
        self.expires_on: date | None = None
        self.issued_on: date
        self.issued_by = ""
        self.status = TokenStatus.ACTIVE
        self.revoked_on: date | None = None

    @staticmethod
    def id_for(digest: str) -> UUID:
        """The id of the token whose secret has this digest."""
        return uuid5(_NAMESPACE, digest)

    @staticmethod
    def digest_of(secret: object) -> str | None:
        """The digest of what a request sent as its token, or None when it cannot be one."""
        if not isinstance(secret, str) or not secret.startswith(TOKEN_PREFIX):
            return None
        if len(secret) > _MAX_SECRET or not secret.isascii():
            return None
        return token_digest(secret)

    @classmethod
    def issue(
        cls,
        *,
        user_id: str,
        role: str,
        digest: str,
        label: str,
        expires_on: date | None,
        envelope: Envelope,
    ) -> ApiToken:
        check_effective_date(envelope)
        return cls._create(
            cls.Issued,
            id=cls.id_for(_digest(digest, "digest")),
            envelope=envelope,
            user_id=user_id,
            role=role,
            digest=digest,
            label=label,
            expires_on=expires_on,
        )

    def revoke(self, *, envelope: Envelope) -> None:
        require_reason(envelope, N_("a token's revocation"))
        if self.status is TokenStatus.REVOKED:
            raise TokenAlreadyRevoked(self.id)
        self._record(self.Revoked, envelope)

    def works_on(self, day: date, digest: str) -> bool:
        """Whether this token lets a request with ``digest`` act on ``day``."""
        if not hmac.compare_digest(self.digest, digest):
            return False
        if self.status is not TokenStatus.ACTIVE:
            return False
        return self.expires_on is None or day <= self.expires_on


# The stored names of the record and its events (never changed once released).
name_event_types(
    ApiToken,
    "access.ApiToken",
    formerly="umkm_ledger.access.token:ApiToken",
    events=("Issued", "Revoked", "Corrected"),
    public=False,
)
register_record_kind(ApiToken, "API token")
