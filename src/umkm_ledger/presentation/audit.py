"""Plain-text renderings of replayed histories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.presentation.i18n import Labels

__all__ = ["render_replay"]


def render_replay(
    steps: Sequence[HistoryStep],
    labels: Labels,
    *,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> str:
    """Each step: version, date in force, when it was recorded and by whom, what it
    says (and what it corrects), then the record's state after it."""
    scope = []
    if as_of is not None:
        scope.append(f"{labels['as_of']} {as_of.isoformat()}")
    if known_at is not None:
        scope.append(f"{labels['known_at']} {known_at.isoformat()}")
    lines = [f"{labels['history']}" + (f" ({', '.join(scope)})" if scope else "") + ":"]
    for step in steps:
        event = step.event
        line = (
            f"  v{event.version:<3} {step.on.isoformat()}  "
            f"{labels['recorded']} {event.recorded_at:%Y-%m-%d %H:%M} UTC  "
            f"{event.user_id}@{event.role}  {event.summary}"
        )
        if event.corrects is not None:
            line += f"  [{labels['corrects']} v{event.corrects}]"
        if event.reason:
            line += f"; {labels['reason']}: {event.reason}"
        lines.append(line)
        if step.state:
            lines.append(
                "        → " + ", ".join(f"{name}: {value}" for name, value in step.state.items())
            )
    return "\n".join(lines)
