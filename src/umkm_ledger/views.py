"""Materialized views: registered views, and the store that keeps them current.

A capability that needs its own view subclasses :class:`View` and registers it with
:func:`register_view`; every ledger opened afterwards maintains it.
"""

from __future__ import annotations

from umkm_ledger.activity.view import ActivityView
from umkm_ledger.audit.timeline_view import TimelineView
from umkm_ledger.audit.trail_view import AuditView
from umkm_ledger.funding.view import FundingView
from umkm_ledger.platform.view import Statement, View
from umkm_ledger.programs.view import ProgressView

__all__ = ["Statement", "View", "register_view", "registered_views"]

_VIEWS: dict[str, View] = {}


def register_view(view: View) -> View:
    """Have every ledger maintain ``view`` (by ``view.name``)."""
    existing = _VIEWS.get(view.name)
    if existing is not None and type(existing) is not type(view):
        raise ValueError(f"a view named {view.name!r} is already registered")
    _VIEWS[view.name] = view
    return view


def registered_views() -> list[View]:
    return list(_VIEWS.values())


register_view(ProgressView())
register_view(FundingView())
register_view(ActivityView())
register_view(TimelineView())
register_view(AuditView())
