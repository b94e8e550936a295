"""Event type names that never move.

Each stored event carries its type's name, and so do the Merkle leaves, the views'
filters and every database written so far. eventsourcing would write the class's
``module:qualname``, which a moved module or a renamed class changes. So every event
type (and every aggregate, whose name the creation event records) has an explicit name,
given once in a table beside its class: ``funding.Grant.Approved``. The mapper writes
it (eventsourcing reads it from ``TOPIC``) and resolves it on read; the names earlier
releases wrote (``umkm_ledger.domain.grant:Grant.Approved``) still resolve to the same
class, and whatever filters by type (views, listings, rules' read sets) asks for both.

These names are also the public event types of the ledger's feed. Never change one
that was released: add a new type instead, and keep reading the old.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs
from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import register_topic

__all__ = ["EventType", "aggregate_of", "event_types", "name_event_types", "stored_names"]

# context.Aggregate[.Event]: lower-case context, then class-like names.
_NAME = re.compile(r"[a-z]+(\.[A-Z][A-Za-z]*){1,2}")

#: eventsourcing's default creation event, defined on every aggregate class. The
#: ledger never records it (each aggregate begins with its own named event), so it has
#: no stored name, and triggering it fails (eventsourcing refuses an unnamed event).
_UNUSED_CREATED = "Created"


@attrs.frozen
class EventType:
    """A stored type name, the class it names, and the topics earlier releases wrote."""

    name: str
    cls: type
    formerly: tuple[str, ...]
    #: Whether the event is a fact of the domain that the public feed carries (False:
    #: the ledger's bookkeeping, such as receipts of commands and duplicate indexes).
    public: bool = True


_TABLE: dict[str, EventType] = {}
# Every stored name and former topic of an event -> the aggregate class it belongs to.
_AGGREGATE_OF: dict[str, type[Aggregate]] = {}


def name_event_types(
    aggregate: type[Aggregate],
    name: str,
    *,
    formerly: str,
    events: Sequence[str],
    public: bool = True,
) -> None:
    """Give ``aggregate`` the stored name ``name`` and each of its ``events`` (every
        event class it has, by class name) the name ``name.Event``; ``formerly`` is the
        aggregate's topic in earlier releases (``module:Class``), from which its events'
        were formed (``module:Class.Event``). ``public=False`` marks bookkeeping, left out
    of the public event feed.

        Raises :class:`TypeError` (at import) when ``events`` misses an event class of the
        aggregate or names one it does not have, or a name is malformed or already taken.
    """
    found = {
        attribute
        for attribute, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, CanMutateAggregate)
        and attribute not in ("Event", _UNUSED_CREATED)
    }
    if found != set(events):
        raise TypeError(
            f"{aggregate.__qualname__}: events to name {sorted(events)} are not its event "
            f"classes {sorted(found)}"
        )
    _name(name, aggregate, (formerly,), public)
    for event in events:
        event_class = getattr(aggregate, event)
        _name(f"{name}.{event}", event_class, (f"{formerly}.{event}",), public)
        for topic in stored_names(event_class):
            _AGGREGATE_OF[topic] = aggregate


def _name(name: str, cls: type, formerly: tuple[str, ...], public: bool) -> None:
    if not _NAME.fullmatch(name):
        raise TypeError(f"{name!r} is not a stored type name (context.Aggregate.Event)")
    if name in _TABLE:
        raise TypeError(f"stored type name {name!r} is already {_TABLE[name].cls.__qualname__}")
    # Set on the class itself: eventsourcing looks the name up with getattr, and an
    # inherited one would name a subclass wrongly.
    setattr(cls, "TOPIC", name)  # noqa: B010 (a class attribute set once)
    for topic in (name, *formerly):
        register_topic(topic, cls)
    _TABLE[name] = EventType(name, cls, formerly, public)


def event_types() -> Mapping[str, EventType]:
    """Every stored type name given so far (each context's modules give theirs as they
    are imported), read-only."""
    return MappingProxyType(_TABLE)


def stored_names(cls: type) -> tuple[str, ...]:
    """Every name ``cls`` was stored under: its name, then earlier releases' topics."""
    name = cls.__dict__.get("TOPIC")
    if not isinstance(name, str) or name not in _TABLE:
        raise TypeError(f"{cls.__qualname__} has no stored type name")
    return (name, *_TABLE[name].formerly)


def aggregate_of(topic: str) -> type[Aggregate] | None:
    """The aggregate class whose event was stored under ``topic`` (a name or a former
    topic), or None for a topic that names no event of the ledger's."""
    return _AGGREGATE_OF.get(topic)
