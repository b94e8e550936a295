"""A token's lifecycle: issued active, revoked for good (no way back: issue a new one)."""

from __future__ import annotations

import enum

__all__ = ["TokenStatus"]


class TokenStatus(enum.Enum):
    ACTIVE = "active"
    REVOKED = "revoked"
