"""The audit trail: every event of every record, with its envelope, asked by actor, role,
funder, program, period and kind of event (read from the ``audit`` view)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.progress.facts import Facts

# Record names of the trail that were spelled otherwise before (the old name -> now).
_RENAMED = {"Enrollment": "Enrolment"}

__all__ = ["TrailRow", "audit_trail"]


@attrs.frozen
class TrailRow:
    """One event on the trail."""

    position: int
    record_id: UUID
    record_kind: str
    version: int
    #: ``Grant.Approved``: the record's class and the event's.
    kind: str
    effective_date: date
    recorded_at: datetime
    user_id: str
    role: str
    reason: str | None
    command_id: str
    program_id: UUID | None
    funder: str | None


def audit_trail(
    facts: Facts,
    *,
    actor: str | None = None,
    role: str | None = None,
    funder: str | None = None,
    program_id: UUID | None = None,
    period: Period | None = None,
    kind: str | None = None,
    record_id: UUID | None = None,
) -> list[TrailRow]:
    """The events matching every filter given, in the order they were recorded. ``kind``
    is an event's name (``Approved``) or its record's too (``Grant.Approved``)."""
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if actor is not None:
        clauses.append("LOWER(t.user_id) = ?")
        params.append(actor.strip().lower())
    if role is not None:
        clauses.append("LOWER(t.role) = ?")
        params.append(role.strip().lower())
    if funder is not None:
        clauses.append("LOWER(r.funder) = ?")
        params.append(" ".join(funder.split()).lower())
    if program_id is not None:
        clauses.append("r.program_id = ?")
        params.append(program_id.hex)
    if period is not None:
        clauses.append("t.effective_on >= ? AND t.effective_on <= ?")
        params += [period.start.isoformat(), period.end.isoformat()]
    if kind is not None:
        # ``Approved`` matches ``Grant.Approved``; compared exactly (no wildcards).
        if "." in kind:
            record, _, event = kind.strip().partition(".")
            # Enrolments were spelled "Enrollment" before December 2026; the old name of
            # their events still finds them.
            record = _RENAMED.get(record, record)
            clauses.append("t.kind = ?")
            params.append(f"{record}.{event}")
        else:
            clauses.append("SUBSTR(t.kind, LENGTH(t.kind) - ?) = ?")
            params += [len(kind.strip()), f".{kind.strip()}"]
    if record_id is not None:
        clauses.append("t.record_id = ?")
        params.append(record_id.hex)
    return [
        TrailRow(
            position=int(row[0]),
            record_id=UUID(row[1]),
            record_kind=row[2],
            version=int(row[3]),
            kind=row[4],
            effective_date=date.fromisoformat(row[5]),
            recorded_at=datetime.fromisoformat(row[6]),
            user_id=row[7],
            role=row[8],
            reason=row[9],
            command_id=row[10],
            program_id=None if row[11] is None else UUID(row[11]),
            funder=row[12],
        )
        for row in facts.rows(
            "audit",
            "SELECT t.position, t.record_id, r.record_kind, t.version, t.kind, t.effective_on, "
            "t.recorded_at, t.user_id, t.role, t.reason, t.command_id, r.program_id, r.funder "
            "FROM {trail} t JOIN {record} r ON r.record_id = t.record_id "
            f"WHERE {' AND '.join(clauses)} ORDER BY t.position",
            params,
        )
    ]
