"""What a materialized view is: tables, and the SQL each event turns into.

A view never reads while it folds: every event becomes a few SQL statements that depend
only on the event (inserts, and updates keyed by the event's own record and version).
That keeps a fold deterministic (the same events give the same tables, however they are
paged), lets a page of events run as batched statements in one transaction with its
tracking position, and makes a rebuilt view equal to the live one by construction.

SQL is written once for both backends: ``?`` placeholders and ``{table}`` names, which
the store turns into the backend's parameter style and its physical table names. Dates
are stored as ISO text, which sorts like the dates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

__all__ = ["Statement", "View"]

#: One SQL statement with ``?`` placeholders and ``{table}`` names, and its parameters.
Statement = tuple[str, Sequence[Any]]


class View(ABC):
    """A materialized view of the ledger's events.

    ``name`` is what users call it (``umkm-ledger rebuild progress``). ``version`` goes up
    whenever the fold or the tables change: the new version is built beside the old one
    and replaces it once it has caught up.
    """

    name: ClassVar[str]
    version: ClassVar[int]
    #: table name -> column definitions (the part between the parentheses).
    tables: ClassVar[Mapping[str, str]]
    #: (table, columns) pairs to index, for the queries the view answers.
    indexes: ClassVar[Sequence[tuple[str, str]]] = ()
    #: The event classes the view reads; others are not even fetched.
    event_classes: ClassVar[Sequence[type[Any]]]

    @classmethod
    def topics(cls) -> tuple[str, ...]:
        return tuple(get_topic(c) for c in cls.event_classes)

    @abstractmethod
    def statements(self, event: DomainEventProtocol[Any]) -> Iterator[Statement]:
        """The SQL that records ``event`` in the view's tables."""
