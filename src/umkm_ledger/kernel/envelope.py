"""The audit envelope that every event carries.

eventsourcing 9.5 has no event metadata, so the envelope is an ordinary event field.
It answers the auditor's questions about a fact: who recorded it (``actor``), as part
of which command (``command_id``), when it happened in the world (``effective_date``,
which may be years before it was typed in), from which system (``source_system``) and,
where the command takes one, why (``reason``). When it was recorded is the event's own
``timestamp``, set as the event is created and stored with it.

The constructors check the shape of an envelope, which is also how stored ones are read
back; :func:`check_new_envelope` holds the stricter rules of what callers may send
(:mod:`umkm_ledger.kernel.values.text`, :mod:`umkm_ledger.kernel.values.bounds`), which
every new fact's envelope is checked against.
"""

from __future__ import annotations

from datetime import date

import attrs

from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values.bounds import effective_day
from umkm_ledger.kernel.values.text import command_id_text, free_text, name_text

__all__ = ["DEFAULT_SOURCE_SYSTEM", "Actor", "Envelope", "check_actor", "check_new_envelope"]

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
        user, sep, role = name_text(text, field).rpartition("@")
        if not sep or not user.strip() or not role.strip():
            raise InvalidValue(field, text, "must look like USER@ROLE, e.g. siti@officer")
        return check_actor(cls(user_id=user.strip(), role=role.strip()), field)

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


def check_actor(actor: object, field: str = "actor") -> Actor:
    """``actor`` if it is an :class:`Actor` whose user and role are names a caller may
    send (:func:`~umkm_ledger.kernel.values.text.name_text`)."""
    if not isinstance(actor, Actor):
        raise InvalidValue(field, type(actor).__name__, "must be an Actor or USER@ROLE text")
    name_text(actor.user_id, f"{field}.user_id")
    name_text(actor.role, f"{field}.role")
    return actor


def check_new_envelope(envelope: Envelope) -> Envelope:
    """Refuse an envelope that a new fact may not carry: a command id that is not 1 to
    200 printable characters without whitespace around it, an actor, source system or
    reason that breaks the text rule, an effective date before 1900-01-01."""
    command_id_text(envelope.command_id)
    check_actor(envelope.actor)
    name_text(envelope.source_system, "source_system")
    if envelope.reason is not None:
        free_text(envelope.reason, "reason")
    effective_day(envelope.effective_date, "effective_date")
    return envelope
