"""What the OpenAPI document says the service answers besides success: the shapes of a
command's result and of a problem (RFC 9457), and which statuses each kind of endpoint
may give."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["COMMAND_RESPONSES", "QUERY_RESPONSES", "Problem", "Recorded"]


class RecordedEvent(BaseModel):
    version: int
    event: str
    summary: str


class Recorded(BaseModel):
    """What a command wrote on the record it is about (``recorded`` false: nothing new)."""

    recorded: bool
    kind: str
    id: str
    effective_date: str | None
    events: list[RecordedEvent]


class Problem(BaseModel):
    """Why a request was refused (RFC 9457). Nothing was recorded."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    #: The field a refused value was in (``owners.0.nik``).
    field: str | None = None
    #: The business rule that refused it, and the rule in words.
    rule: str | None = None
    rule_text: str | None = None


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description,
            "content": {"application/problem+json": {}}}  # fmt: skip


_COMMON: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed request (not JSON, bad header)"),
    401: _problem("No token, or one that does not work"),
    403: _problem("The token's role may not do this"),
    404: _problem("No such record"),
    413: _problem("The body is too large"),
    422: _problem("A value was refused: the field is named"),
    503: _problem("The database is busy or cannot do this now; Retry-After"),
}

COMMAND_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"model": Recorded, "description": "Recorded (or the first result of this key)"},
    200: {"model": Recorded, "description": "Nothing new was recorded (already so)"},
    409: _problem(
        "A business rule refuses it, the Idempotency-Key was used for another request, "
        "or a concurrent change (Retry-After)"
    ),
    **_COMMON,
}

QUERY_RESPONSES: dict[int | str, dict[str, Any]] = dict(_COMMON)
