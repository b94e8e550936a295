"""Today, as Indonesian offices see it."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

__all__ = ["latest_today", "recorded_now", "recording_clock", "today"]

_WIB = timezone(timedelta(hours=7))
_WIT = timezone(timedelta(hours=9))


def today() -> date:
    """Today's date in WIB (UTC+7), where most offices record: the default date of facts."""
    return datetime.now(tz=_WIB).date()


def latest_today() -> date:
    """Today's date in WIT (UTC+9), the easternmost zone: the latest date a fact recorded
    anywhere in Indonesia can carry. Queries "as of now" use it, so that a fact dated
    today in Papua is counted even while it is still yesterday in Jakarta."""
    return datetime.now(tz=_WIT).date()


# When an event is recorded: eventsourcing's clock (UTC now), unless a block asks for
# another (golden files of the feed need the same times on every run).
_RECORDING_CLOCK: contextvars.ContextVar[Callable[[], datetime] | None] = contextvars.ContextVar(
    "umkm_ledger_recording_clock", default=None
)


def recorded_now() -> datetime:
    """The time stamped on an event being recorded now (timezone-aware, UTC)."""
    clock = _RECORDING_CLOCK.get()
    return datetime.now(tz=UTC) if clock is None else clock()


@contextmanager
def recording_clock(clock: Callable[[], datetime]) -> Iterator[None]:
    """Stamp the events recorded inside the block with ``clock()`` instead of the time
    (for reproducible examples and fixtures; the ledger itself never sets one)."""
    token = _RECORDING_CLOCK.set(clock)
    try:
        yield
    finally:
        _RECORDING_CLOCK.reset(token)
