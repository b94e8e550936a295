"""Who is asking: the bearer token of every request, and what its role may do.

Commands and queries take the token from ``Authorization: Bearer ulk_...``; pages also
from the cookie the login page sets (HttpOnly, SameSite=Strict, so another site cannot
make a browser send it), and pages only read. The token decides the actor recorded on
every event a request makes; a body cannot name another one (bodies have no ``actor``).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from fastapi import Request

from umkm_ledger.access.readmodels import TokenView
from umkm_ledger.access.roles import Permission, may
from umkm_ledger.server.host import LedgerHost

__all__ = ["COOKIE", "Caller", "Forbidden", "Unauthenticated", "caller_of", "requires"]

#: The cookie the pages read the token from.
COOKIE = "umkm_ledger_token"


class Unauthenticated(Exception):
    """No token, or one that does not work (unknown, revoked, expired): 401."""


class Forbidden(Exception):
    """The token's role may not do this (``permission`` None: nobody may, over HTTP): 403."""

    def __init__(self, role: str, permission: Permission | None) -> None:
        super().__init__(role, permission)
        self.role = role
        self.permission = permission


@attrs.frozen
class Caller:
    """The authenticated token a request came with."""

    token: TokenView

    @property
    def actor(self) -> str:
        return self.token.actor

    def may(self, permission: Permission) -> bool:
        return may(self.token.role, permission)


def _secret(request: Request, *, cookie: bool) -> str | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None
    return request.cookies.get(COOKIE) if cookie else None


def caller_of(request: Request, *, cookie: bool = False) -> Caller:
    """The request's caller, or :class:`Unauthenticated`."""
    host: LedgerHost = request.app.state.host
    secret = _secret(request, cookie=cookie)
    if secret is None:
        raise Unauthenticated()
    token = host.call(lambda ledger: ledger.authenticate(secret))
    if token is None:
        raise Unauthenticated()
    return Caller(token)


def requires(permission: Permission, *, cookie: bool = False) -> Callable[[Request], Caller]:
    """A dependency: the caller, if its role has ``permission`` (else 401 or 403)."""

    def dependency(request: Request) -> Caller:
        caller = caller_of(request, cookie=cookie)
        if not caller.may(permission):
            raise Forbidden(caller.token.role, permission)
        return caller

    return dependency
