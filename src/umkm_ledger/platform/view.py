"""What a materialized view is: tables, and the SQL each event turns into.

A view folds *stored facts*: each event's topic, record id, version and its stored state
as plain JSON data, exactly as the transcoder wrote it (``{"_type_": "date", "_data_":
"2016-12-16"}`` for a date). Reading the stored shape instead of rebuilding event objects
is what makes a catch-up cost little more than reading the rows: the shapes are frozen
(a transcoding name never changes its encoding), and an event whose class was upcast is
brought to its current shape before a view sees it.

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

import contextlib
import contextvars
from abc import ABC
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, NamedTuple

from umkm_ledger.kernel.event_types import stored_names

__all__ = [
    "Statement",
    "StoredFact",
    "View",
    "data_of",
    "folding_person_secret",
    "folding_with",
    "register_view",
    "registered_views",
]

#: One SQL statement with ``?`` placeholders and ``{table}`` names, and its parameters.
Statement = tuple[str, Sequence[Any]]


class StoredFact(NamedTuple):
    """One stored event as views read it (a tuple: one is made per event read)."""

    #: The event class's topic (``umkm_ledger.domain.enterprise:Enterprise.Registered``).
    topic: str
    #: The record's id as 32 hex digits (views store ids this way).
    record_id: str
    version: int
    #: The stored state: plain JSON data in the transcoder's shapes.
    state: Mapping[str, Any]
    #: Its position in the notification log (what "recorded first" means for listings).
    position: int = 0

    @property
    def kind(self) -> str:
        """The event class's own name (``Registered``)."""
        return self.topic.rpartition(".")[2]

    @property
    def effective_date(self) -> str:
        """The envelope's effective date, ISO text."""
        return str(self.state["envelope"]["_data_"]["effective_date"]["_data_"])


#: The person-key secret of the ledger whose views are being folded in this context. Views
#: are stateless and shared by every ledger open in the process; the secret is the
#: ledger's, so the view store that folds says which (see :func:`folding_with`).
_PERSON_SECRET: contextvars.ContextVar[bytes | None] = contextvars.ContextVar(
    "umkm_ledger_person_secret", default=None
)


@contextlib.contextmanager
def folding_with(person_secret: bytes) -> Iterator[None]:
    """Fold views, in this block, for the ledger whose person-key secret is given."""
    token = _PERSON_SECRET.set(person_secret)
    try:
        yield
    finally:
        _PERSON_SECRET.reset(token)


def folding_person_secret() -> bytes:
    """The person-key secret of the ledger being folded (only inside :func:`folding_with`)."""
    secret = _PERSON_SECRET.get()
    if secret is None:
        raise RuntimeError("a view that keys people is folded outside folding_with()")
    return secret


def data_of(value: Any) -> Any:
    """The data of a transcoded value (``{"_type_": ..., "_data_": data}``), or None."""
    return None if value is None else value["_data_"]


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
    #: table name -> the columns that identify one of its rows (what updates find rows
    #: by). The store makes each a unique index only when it is needed: when the slot
    #: becomes active, or, while a slot is built, just before the first statement that
    #: is not a plain insert touches the table. Until then rows are appended in arrival
    #: order, where a key of random ids would make every page rewrite B-tree pages all
    #: over a large table.
    keys: ClassVar[Mapping[str, str]] = {}
    #: (table, columns) pairs to index, for the queries the view answers.
    indexes: ClassVar[Sequence[tuple[str, str]]] = ()
    #: The event classes the view reads; others are not even fetched.
    event_classes: ClassVar[Sequence[type[Any]]]

    @classmethod
    def topics(cls) -> tuple[str, ...]:
        return tuple(name for c in cls.event_classes for name in stored_names(c))

    def __init__(self) -> None:
        # Topic -> fold: the method named after the event class (``_Enterprise_Registered``
        # for ``Enterprise.Registered``); every class in event_classes must have one.
        self._folds: Mapping[str, Callable[[StoredFact], Iterator[Statement]]] = {
            topic: getattr(self, f"_{cls.__qualname__.replace('.', '_')}")
            for cls in self.event_classes
            for topic in stored_names(cls)
        }

    def statements(self, fact: StoredFact) -> Iterator[Statement]:
        """The SQL that records ``fact`` in the view's tables (by default, the fold method
        named after its event class)."""
        return self._folds[fact.topic](fact)


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
