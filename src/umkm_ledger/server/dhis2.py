"""``POST /programs/{program_id}/dhis2``: a program's progress as the DHIS2
``dataValueSets`` payload, for the mapping in the body.

The body is the mapping file itself (``Content-Type: application/toml``, or
``text/plain``), or the same keys as a JSON object (``application/json``); ``as_of`` is a
query parameter, as for ``GET .../progress``. The answer is the payload to send on to
DHIS2's ``POST /api/dataValueSets``. It is a query (the ``read`` permission): it records
nothing, and a POST only because the mapping is a document, not a query string. A body
that is not TOML or JSON is a 400 (the line and column where the TOML goes wrong), of
another media type a 415, and a mapping the ledger refuses (a key it does not know, a
figure it gives no place, a period DHIS2 has no notation for) a 422 naming the key.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from umkm_ledger.access.roles import Permission
from umkm_ledger.interchange.dhis2.mapping import Dhis2Mapping, Dhis2MappingNotValid
from umkm_ledger.interchange.dhis2.payload import payload_schema
from umkm_ledger.ledger import Ledger
from umkm_ledger.server.auth import Caller, requires
from umkm_ledger.server.openapi_notes import QUERY_RESPONSES
from umkm_ledger.server.problems import problem
from umkm_ledger.server.queries import Text

__all__ = ["MAPPING_TYPES", "add_dhis2"]

#: The media types a mapping may come as: TOML (the file as written) or JSON.
MAPPING_TYPES = ("application/toml", "text/plain", "application/json")

Reader = Annotated[Caller, Depends(requires(Permission.READ))]


async def _body(request: Request) -> bytes:
    return await request.body()


def _mapping(request: Request, body: bytes) -> Dhis2Mapping | Response:
    """The mapping the body holds, or the 400/415 answer when it holds none."""
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media not in MAPPING_TYPES:
        return problem(
            415, "unsupported-media-type", "The mapping must be TOML or JSON",
            f"send the mapping as {' or '.join(MAPPING_TYPES)}", instance=request.url.path,
        )  # fmt: skip
    try:
        text = body.decode("utf-8")
        if media == "application/json":
            data: Any = json.loads(text)
            if not isinstance(data, dict):
                return problem(
                    400, "malformed", "The body is not a JSON object",
                    "the mapping's keys as a JSON object", instance=request.url.path,
                )  # fmt: skip
            return Dhis2Mapping.from_mapping(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return problem(400, "malformed", "The body is not UTF-8 JSON", str(error),
                       instance=request.url.path)  # fmt: skip
    try:
        return Dhis2Mapping.from_toml(text, source="body")
    except Dhis2MappingNotValid as error:
        if error.line is None:
            raise
        # Not TOML at all: a malformed body, as malformed JSON is.
        return problem(
            400, "malformed", "The body is not TOML", str(error), instance=request.url.path,
            field=error.field, line=error.line, column=error.column,
        )  # fmt: skip


def add_dhis2(app: FastAPI) -> None:
    @app.post(
        "/programs/{program_id}/dhis2",
        tags=["programs"],
        responses={
            **QUERY_RESPONSES,
            200: {
                "description": "The DHIS2 dataValueSets payload",
                "content": {"application/json": {"schema": payload_schema()}},
            },
            415: {"description": "The body is neither TOML nor JSON"},
        },
        openapi_extra={
            "x-permission": Permission.READ.value,
            "requestBody": {
                "required": True,
                "description": "The DHIS2 mapping: the TOML file, or its keys as JSON "
                "(docs/reference/dhis2-mapping.md)",
                "content": {
                    "application/toml": {"schema": {"type": "string"}},
                    "text/plain": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}},
                },
            },
        },
    )
    def dhis2(
        request: Request,
        caller: Reader,
        program_id: str,
        body: Annotated[bytes, Depends(_body)],
        as_of: Text = None,
    ) -> Response:
        """A program's progress as a DHIS2 dataValueSets payload (actuals and targets per
        period, org unit and category option combo), for the mapping in the body."""
        mapping = _mapping(request, body)
        if isinstance(mapping, Response):
            return mapping

        def work(ledger: Ledger) -> dict[str, Any]:
            return ledger.dhis2(program_id, mapping, as_of=as_of).as_json()

        return JSONResponse(request.app.state.host.call(work))
