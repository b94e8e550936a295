"""Signing in to the pages: a token typed once into a form, kept by the browser in a
cookie (HttpOnly, so no script reads it; SameSite=Strict and an origin check, so no other
site signs a browser in or out; Secure behind TLS; gone after a working day).
``/logout`` forgets it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from umkm_ledger.kernel.errors import N_
from umkm_ledger.server.auth import COOKIE
from umkm_ledger.server.html import PAGE_HEADERS, Html, page, text
from umkm_ledger.server.language import labels_for

__all__ = ["add_sign_in"]

# The login form takes a token and nothing else: a body larger than this is not one.
_MAX_FORM = 1024
# Seconds a sign-in lasts (a working day): then the browser asks for the token again.
_SIGNED_IN = 10 * 3600


def _same_site(request: Request) -> bool:
    """Whether a request came from this service's own pages, as the browser says: its
    ``Origin`` names the host the request was sent to (the scheme is not compared: behind
    a TLS proxy the browser says https and the service sees http), or, with no Origin,
    ``Sec-Fetch-Site`` is not cross-site. A client that says neither is not a browser
    (curl, a script), and not the one a forged form would use."""
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site", "same-origin") != "cross-site"
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")}
    return urlsplit(origin).netloc in hosts - {None}


def add_sign_in(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    def login_form(request: Request) -> HTMLResponse:
        labels = labels_for(request)
        form = Html(
            '<form method="post" action="/login"><label>'
            + text(labels.text(N_("Your token (from the ledger's administrator)")))
            + ' <input type="password" name="token" autocomplete="off" size="50"></label> '
            + '<button type="submit">'
            + text(labels.text(N_("Sign in")))
            + "</button></form>"
        )
        shown = page(labels.text(N_("Sign in")), [form], lang=labels.language, nav=[])
        return HTMLResponse(shown, headers=PAGE_HEADERS)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        if not _same_site(request):  # another site's form cannot sign a browser in
            return Response(status_code=403)
        raw = await request.body()
        token = parse_qs(raw[:_MAX_FORM].decode("utf-8", "replace")).get("token", [""])[0]
        token = token.strip()
        works = await run_in_threadpool(
            request.app.state.host.call, lambda ledger: ledger.authenticate(token)
        )
        if works is None:
            return RedirectResponse("/login", status_code=303)
        answer = RedirectResponse("/pages", status_code=303)
        answer.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=_SIGNED_IN,
                          secure=request.url.scheme == "https")  # fmt: skip
        return answer

    @app.get("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        answer = RedirectResponse("/login", status_code=303)
        if _same_site(request):  # another site's link does not sign anyone out
            answer.delete_cookie(COOKIE)
        return answer
