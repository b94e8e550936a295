"""Lifecycle machinery: which action is allowed in which status, and where it leads.

Each context defines its records' lifecycles as data, in its ``lifecycle`` module (the
way h11 keeps its protocol states in one table), and registers each table here once
(:func:`register_lifecycle`). Aggregates ask :func:`next_status`; the docs' state
diagrams are generated from the same tables by :func:`mermaid_diagram`, so the picture
cannot drift from the code; the vocabulary the catalogue must translate includes every
registered status and action.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from umkm_ledger.kernel.rules import IllegalTransition

__all__ = ["Lifecycle", "lifecycles", "mermaid_diagram", "next_status", "register_lifecycle"]


S = TypeVar("S", bound=enum.Enum)
A = TypeVar("A", bound=enum.Enum)


def next_status(table: Mapping[S, Mapping[A, S]], kind: str, status: S, action: A) -> S:
    """The status that ``action`` leads to from ``status``, or :class:`IllegalTransition`."""
    try:
        return table[status][action]
    except KeyError:
        allowed = sorted(str(a.value) for a in table.get(status, {}))
        raise IllegalTransition(kind, str(status.value), str(action.value), allowed) from None


def mermaid_diagram(table: Mapping[S, Mapping[A, S]]) -> str:
    """A Mermaid ``stateDiagram-v2`` of the status-changing transitions in ``table``.

    Actions that keep the status are listed inside the state as a note, so the diagram
    shows everything the table allows without a self-loop per action.
    """
    lines = ["stateDiagram-v2"]
    for status, actions in table.items():
        for action, target in actions.items():
            if target is not status:
                lines.append(f"    {status.value} --> {target.value}: {action.value}")
    for status, actions in table.items():
        staying = [str(a.value) for a, t in actions.items() if t is status]
        if staying:
            lines.append(f"    note right of {status.value}: {', '.join(staying)}")
    return "\n".join(lines) + "\n"


@attrs.frozen
class Lifecycle:
    """A record's lifecycle: its statuses, its actions, and the table between them."""

    record: str
    status: type[enum.Enum]
    action: type[enum.Enum]
    table: Mapping[Any, Mapping[Any, Any]]


_LIFECYCLES: dict[str, Lifecycle] = {}


def register_lifecycle(
    record: str, status: type[S], action: type[A], table: Mapping[S, Mapping[A, S]]
) -> None:
    """Make ``table`` the lifecycle of ``record`` (what users call it: ``"grant"``)."""
    if record in _LIFECYCLES:
        raise ValueError(f"the lifecycle of {record!r} is already registered")
    _LIFECYCLES[record] = Lifecycle(record, status, action, table)


def lifecycles() -> Mapping[str, Lifecycle]:
    """Every registered lifecycle by record, read-only."""
    return MappingProxyType(_LIFECYCLES)
