"""The HTTP service: :func:`create_app` makes the ASGI application that
``umkm-ledger serve`` runs with uvicorn (or any ASGI server runs).

Every refusal is a problem-details body (:mod:`umkm_ledger.server.problems`), and a
refused request records nothing: a body larger than :data:`MAX_BODY` is cut off before
it is read, malformed JSON is a 400, a wrong type or an unknown field a 422 naming it,
an unknown path a 404.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from umkm_ledger.kernel.errors import N_, ConfigurationError, UmkmLedgerError
from umkm_ledger.server.auth import Forbidden, Unauthenticated
from umkm_ledger.server.commands import add_commands
from umkm_ledger.server.dhis2 import add_dhis2
from umkm_ledger.server.feed import add_feed
from umkm_ledger.server.host import LedgerHost
from umkm_ledger.server.language import labels_for
from umkm_ledger.server.pages import add_pages
from umkm_ledger.server.problems import problem, problem_of
from umkm_ledger.server.queries import add_queries

__all__ = ["MAX_BODY", "app_from_environment", "create_app"]

#: The largest request body the service reads (bytes): a registration with fifty owners
#: is a few kilobytes; bulk loads go through ``umkm-ledger import``.
MAX_BODY = 256 * 1024

_DESCRIPTION = """\
The umkm_ledger HTTP service: commands as `POST` resources, queries as `GET`, the event
feed as CloudEvents. Every request carries `Authorization: Bearer ulk_...` (a token from
`umkm-ledger token issue USER@ROLE`); the token decides who is recorded as acting, and its
role what the request may do (each operation's `x-permission`). Send `Idempotency-Key`
with every command: a resend with it records nothing new and answers the first result.
Refusals are problem details (RFC 9457); nothing is recorded by a refused request.
"""


class BodyLimit:
    """Refuse a body larger than ``limit`` bytes with 413 before the app sees any of it,
    whether it says its length or comes in chunks: the body is read here first (it is
    small), so a command never runs on part of one."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.isdigit():
            malformed = problem(
                400, "malformed", "Content-Length is not a number",
                "Content-Length must be a whole number of bytes", instance=scope.get("path"),
            )  # fmt: skip
            await malformed(scope, receive, send)
            return
        if declared is not None and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        seen, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        given = False

        async def replay() -> Message:
            nonlocal given
            if given:
                return await receive()  # after the body: the disconnect, when it comes
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = problem(
            413, "too-large", "The body is too large",
            f"a request body may be at most {self.limit} bytes", instance=scope.get("path"),
        )  # fmt: skip
        await answer(scope, receive, send)


def _field(location: tuple[object, ...]) -> str:
    """Where pydantic found a wrong value, named as the ledger names fields:
    ``owners[0].nik`` (its location starts with where: ``body``, ``query``, ``path``)."""
    named = ""
    for part in location[1:] or location:
        named += f"[{part}]" if isinstance(part, int) else (f".{part}" if named else str(part))
    return named


def _validation_problem(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [{"field": _field(item["loc"]), "problem": item["msg"]} for item in error.errors()]
    if any(item["type"] == "json_invalid" for item in error.errors()):
        return problem(400, "malformed", "The body is not JSON", errors[0]["problem"],
                       instance=request.url.path)  # fmt: skip
    first = errors[0] if errors else {"field": "", "problem": "invalid"}
    return problem(
        422, "invalid-value", "A value was refused", f"{first['field']}: {first['problem']}",
        instance=request.url.path, field=first["field"], errors=errors,
    )  # fmt: skip


def create_app(url: str, *, secret_file: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The service for the ledger at ``url`` (opened on the first request, once per
    process; ``secret_file`` as for :meth:`umkm_ledger.Ledger.open`)."""
    host = LedgerHost(url, secret_file=secret_file)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        host.close()

    app = FastAPI(
        title="umkm_ledger",
        version=version("umkm-ledger"),
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load scripts from a CDN: not offline
        redoc_url=None,
        # A path with a trailing slash is not found, not redirected (a client that does
        # not follow a 307 with its POST body would see an empty answer).
        redirect_slashes=False,
    )
    app.state.host = host

    @app.exception_handler(UmkmLedgerError)
    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, UmkmLedgerError)
        return problem_of(error, instance=request.url.path, labels=labels_for(request))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _validation_problem(request, error)

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(request: Request, _error: Exception) -> Response:
        if request.url.path.startswith("/pages"):
            return Response(status_code=303, headers={"Location": "/login"})
        return problem(
            401, "unauthenticated", "A working token is needed",
            "send Authorization: Bearer <token> (umkm-ledger token issue USER@ROLE)",
            instance=request.url.path, headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Exception) -> Response:
        assert isinstance(error, Forbidden)
        if error.permission is None:
            return problem(
                403, "forbidden", "Not done over HTTP",
                "this record is not corrected over HTTP (use the command line)",
                instance=request.url.path,
            )  # fmt: skip
        return problem(
            403, "forbidden", "The token's role may not do this",
            f"a {error.role} token may not {error.permission.value}",
            instance=request.url.path, permission=error.permission.value,
        )  # fmt: skip

    @app.exception_handler(Exception)
    async def failed(request: Request, _error: Exception) -> Response:
        # Unexpected: logged by the server with its traceback; the caller learns nothing
        # of the ledger's insides (and nothing was recorded: commands are transactions).
        return problem(
            500, "internal", "The service failed", "the service failed; nothing was recorded",
            instance=request.url.path,
        )  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        headers: dict[str, Any] = dict(error.headers or {})
        return problem(
            error.status_code, f"http-{error.status_code}", str(error.detail), str(error.detail),
            instance=request.url.path, headers=headers,
        )  # fmt: skip

    @app.get("/health", tags=["service"], include_in_schema=True)
    def health() -> dict[str, str]:
        """Whether the service answers (no token needed, nothing about the ledger)."""
        return {"status": "ok"}

    add_commands(app)
    add_queries(app)
    add_dhis2(app)
    _say_how_to_authenticate(app)
    add_feed(app)
    add_pages(app)
    app.add_middleware(BodyLimit, limit=max_body)
    return app


def _say_how_to_authenticate(app: FastAPI) -> None:
    """The document names the bearer token every operation but the health check needs."""
    generate = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            made = generate()
            made.setdefault("components", {})["securitySchemes"] = {
                "token": {"type": "http", "scheme": "bearer",
                          "description": "umkm-ledger token issue USER@ROLE"},
            }  # fmt: skip
            made["security"] = [{"token": []}]
            made["paths"]["/health"]["get"]["security"] = []
            app.openapi_schema = made
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def app_from_environment() -> FastAPI:
    """The service for the ledger named by ``UMKM_LEDGER_SERVE_DB`` (what ``umkm-ledger
    serve`` sets for its worker processes)."""
    url = os.environ.get("UMKM_LEDGER_SERVE_DB")
    if not url:
        raise ConfigurationError(N_("UMKM_LEDGER_SERVE_DB names no ledger to serve"))
    return create_app(url)
