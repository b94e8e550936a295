"""Plain-text renderings of replayed histories."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import Message

__all__ = ["render_replay", "render_state"]


def render_state(state: Mapping[str, str], labels: Labels) -> str:
    """A record's state after a step: ``status: delivered, remaining: Rp0``, its names
    and its words (a status, a condition) in the reader's language."""
    return ", ".join(
        f"{labels.named('state', name)}: "
        + (labels.text(value) if isinstance(value, Message) else labels.term(value))
        for name, value in state.items()
    )


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
        scope.append(f"{labels['known_at']} {labels.moment(known_at)}")
    lines = [f"{labels['history']}" + (f" ({', '.join(scope)})" if scope else "") + ":"]
    for step in steps:
        event = step.event
        line = (
            f"  v{event.version:<3} {step.on.isoformat()}  "
            f"{labels['recorded']} {labels.moment(event.recorded_at)}  "
            f"{event.user_id}@{event.role}  {labels.text(event.summary)}"
        )
        if event.corrects is not None:
            line += f"  [{labels['corrects']} v{event.corrects}]"
        if event.reason:
            line += f"; {labels['reason']}: {event.reason}"
        lines.append(line)
        if step.state:
            lines.append("        → " + render_state(step.state, labels))
    return "\n".join(lines)
