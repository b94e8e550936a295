"""Refusals as HTTP answers: a status code per error family, and a problem-details body
(RFC 9457, ``application/problem+json``) that names the field or the rule.

One table (:data:`FAMILIES`) decides the status of every error the ledger raises; the
first family an error belongs to wins, so the specific ones come first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import (
    BusinessRuleViolation,
    CommandIdReused,
    ConcurrencyConflict,
    ConfigurationError,
    InvalidValue,
    NotFound,
    StorageBusy,
    StorageFault,
    UmkmLedgerError,
)

__all__ = ["FAMILIES", "PROBLEM_TYPE", "problem", "problem_of"]

#: Every problem's ``type`` is this URN and the family's slug.
PROBLEM_TYPE = "urn:umkm-ledger:problem:"

#: Error family → (status, slug, title). Retryable ones also say ``Retry-After``.
FAMILIES: tuple[tuple[type[UmkmLedgerError], int, str, str], ...] = (
    (CommandIdReused, 409, "command-id-reused", "The Idempotency-Key was used for another request"),
    (ConcurrencyConflict, 409, "concurrency-conflict", "Someone changed the record first; retry"),
    (StorageBusy, 503, "storage-busy", "The database is busy; retry"),
    (StorageFault, 503, "storage-fault", "The ledger's database cannot do this now"),
    (InvalidValue, 422, "invalid-value", "A value was refused"),
    (NotFound, 404, "not-found", "No such record"),
    (BusinessRuleViolation, 409, "rule", "A business rule refuses this"),
    (ConfigurationError, 500, "configuration", "The service is not set up right"),
    (UmkmLedgerError, 400, "refused", "The ledger refuses this request"),
)

# Seconds a client should wait before resending a retryable refusal.
_RETRY_AFTER = "1"


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug, "title": title, "status": status, "detail": detail,
    }  # fmt: skip
    if instance is not None:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}),
        media_type="application/problem+json",
    )  # fmt: skip


def problem_of(error: UmkmLedgerError, *, instance: str, labels: Labels) -> JSONResponse:
    """The answer to a request the ledger refused with ``error`` (its detail in the
    language of ``labels``; nothing was recorded)."""
    status, slug, title = next(
        (status, slug, title) for family, status, slug, title in FAMILIES
        if isinstance(error, family)
    )  # fmt: skip
    extra: dict[str, Any] = {}
    if isinstance(error, InvalidValue):
        extra["field"] = error.field
    if isinstance(error, BusinessRuleViolation):
        extra["rule"] = type(error).__name__
        extra["rule_text"] = labels.text(type(error).rule())
    if isinstance(error, NotFound):
        extra["kind"] = error.kind
    if isinstance(error, CommandIdReused):
        extra["differing"] = list(error.differing)
    if isinstance(error, StorageFault):
        extra["fault"] = error.fault
    headers = {"Retry-After": _RETRY_AFTER} if error.retryable else {}
    return problem(
        status, slug, title, labels.text(error.message), instance=instance, headers=headers,
        **extra,
    )  # fmt: skip
