"""Today, as Indonesian offices see it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["latest_today", "today"]

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
