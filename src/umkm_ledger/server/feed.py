"""The event feed over HTTP, for systems that follow the ledger.

* ``GET /feed?after=N&limit=M`` answers a CloudEvents JSON batch
  (``application/cloudevents-batch+json``: an array of events, each with its log
  ``position``), and the position to continue from in the ``Feed-Position`` header
  (it may be past the last event: positions skip numbers). With ``wait=S`` (up to 30)
  an empty answer waits up to S seconds for a new event first (long poll).
* ``GET /feed/stream?after=N`` streams Server-Sent Events: one ``cloudevent`` per event,
  its ``id`` the position, so a browser's ``EventSource`` resumes by itself
  (``Last-Event-ID``); a comment line every 15 seconds keeps proxies from closing it.

Personal data is never in the feed over HTTP beyond what the command line's default
gives (NIKs masked; names, birth years and street addresses left out), whatever the role.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from umkm_ledger.access.lifecycle import TokenStatus
from umkm_ledger.access.roles import Permission
from umkm_ledger.interchange.feed import FeedPage
from umkm_ledger.kernel.clock import today
from umkm_ledger.ledger import Ledger
from umkm_ledger.server.auth import Caller, requires
from umkm_ledger.server.host import LedgerHost
from umkm_ledger.server.openapi_notes import QUERY_RESPONSES

__all__ = ["BATCH", "add_feed"]

#: The CloudEvents JSON batch media type.
BATCH = "application/cloudevents-batch+json"
# How often a waiting request or a stream looks for new events, in seconds.
_POLL = 0.25
_KEEPALIVE = 15.0
_MAX_WAIT = 30.0
# How often an open stream checks that its token still works, in seconds.
_RECHECK = 5.0

# The cookie too: a page of the service may follow the feed with the browser's EventSource
# (which cannot send a header); another site cannot read the answer (no CORS here).
Follower = Annotated[Caller, Depends(requires(Permission.FEED, cookie=True))]
Types = Annotated[list[str] | None, Query(max_length=50, description="Only these types")]


def _works(ledger: Ledger, token_id: UUID) -> bool:
    token = ledger.token(token_id)
    return token.status is TokenStatus.ACTIVE and (
        token.expires_on is None or today() <= token.expires_on
    )


def _feed_page(host: LedgerHost, after: int, limit: int, types: list[str] | None) -> FeedPage:
    return host.call(lambda ledger: ledger.feed(after=after, limit=limit, types=types))


def add_feed(app: FastAPI) -> None:
    extra = {"x-permission": Permission.FEED.value}

    @app.get("/feed", tags=["feed"], responses=QUERY_RESPONSES, openapi_extra=extra)
    async def feed(
        request: Request,
        caller: Follower,
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
        wait: Annotated[float, Query(ge=0, le=_MAX_WAIT)] = 0,
        types: Types = None,
    ) -> JSONResponse:
        """The recorded facts after position ``after``, as a CloudEvents batch."""
        host: LedgerHost = request.app.state.host
        until = time.monotonic() + wait
        page = await run_in_threadpool(_feed_page, host, after, limit, types)
        while not page.events and time.monotonic() < until:
            await asyncio.sleep(_POLL)
            page = await run_in_threadpool(_feed_page, host, after, limit, types)
        return JSONResponse(
            list(page.events), media_type=BATCH, headers={"Feed-Position": str(page.position)}
        )

    @app.get(
        "/feed/stream", tags=["feed"], responses=QUERY_RESPONSES, openapi_extra=extra,
        response_class=StreamingResponse,
    )  # fmt: skip
    async def stream(
        request: Request,
        caller: Follower,
        after: Annotated[int, Query(ge=0)] = 0,
        types: Types = None,
        last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    ) -> StreamingResponse:
        """Every event after ``after`` (or after ``Last-Event-ID``) and then each new one,
        as Server-Sent Events."""
        host: LedgerHost = request.app.state.host
        start = int(last_event_id) if last_event_id and last_event_id.isdigit() else after

        def token_works(ledger: Ledger) -> bool:
            return _works(ledger, caller.token.id)

        async def events() -> AsyncIterator[str]:
            position, quiet = start, time.monotonic()
            checked = time.monotonic()
            while not await request.is_disconnected():
                if time.monotonic() - checked > _RECHECK:
                    # A token revoked (or expired) while its stream is open ends the stream.
                    checked = time.monotonic()
                    still = await run_in_threadpool(host.call, token_works)
                    if not still:
                        return
                page = await run_in_threadpool(_feed_page, host, position, 500, types)
                for event in page.events:
                    yield (
                        f"id: {event['position']}\nevent: cloudevent\n"
                        f"data: {json.dumps(event, ensure_ascii=False)}\n\n"
                    )
                position = page.position
                if page.events:
                    quiet = time.monotonic()
                    continue
                if time.monotonic() - quiet > _KEEPALIVE:
                    quiet = time.monotonic()
                    yield ": still here\n\n"
                await asyncio.sleep(_POLL)

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
