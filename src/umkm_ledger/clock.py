"""Today, as Indonesian offices see it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["today"]

_WIB = timezone(timedelta(hours=7))


def today() -> date:
    """Today's date in WIB (UTC+7), where most offices record."""
    return datetime.now(tz=_WIB).date()
