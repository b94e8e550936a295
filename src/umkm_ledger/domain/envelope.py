"""The audit envelope that every event carries.

eventsourcing 9.5 has no event metadata, so the envelope is an ordinary event field.
It answers the auditor's questions about a fact: who recorded it (``actor``), as part
of which command (``command_id``), when it happened in the world (``effective_date``,
which may be years before it was typed in), from which system (``source_system``) and,
where the command takes one, why (``reason``). When it was recorded is the event's own
``timestamp``, set as the event is created and stored with it.
"""

from __future__ import annotations

from datetime import date

import attrs

from umkm_ledger.errors import InvalidValue

__all__ = ["DEFAULT_SOURCE_SYSTEM", "Actor", "Envelope"]

DEFAULT_SOURCE_SYSTEM = "umkm_ledger"


def _non_blank(field: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, value, "must be a non-empty text")


@attrs.frozen
class Actor:
    """A person or system acting on the ledger, in a role (``officer``, ``supervisor``)."""

    user_id: str
    role: str

    def __attrs_post_init__(self) -> None:
        _non_blank("actor.user_id", self.user_id)
        _non_blank("actor.role", self.role)
        if "@" in self.role:
            raise InvalidValue("actor.role", self.role, "must not contain '@'")

    @classmethod
    def parse(cls, text: str, field: str = "actor") -> Actor:
        """Read ``"user@role"`` (``"siti@officer"``), the form the CLI and feeds use."""
        user, sep, role = text.strip().rpartition("@")
        if not sep or not user or not role:
            raise InvalidValue(field, text, "must look like USER@ROLE, e.g. siti@officer")
        return cls(user_id=user, role=role)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.role}"


@attrs.frozen
class Envelope:
    """Who, which command, effective when, from where, and why: carried by every event."""

    actor: Actor
    command_id: str
    effective_date: date
    source_system: str = DEFAULT_SOURCE_SYSTEM
    reason: str | None = None

    def __attrs_post_init__(self) -> None:
        _non_blank("command_id", self.command_id)
        _non_blank("source_system", self.source_system)
        if type(self.effective_date) is not date:
            raise InvalidValue("effective_date", self.effective_date, "must be a date")
        if self.reason is not None:
            _non_blank("reason", self.reason)
