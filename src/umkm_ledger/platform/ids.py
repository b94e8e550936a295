"""Record ids as people type them: the whole id, or its first characters.

Histories and timelines show other records by the first 8 hex digits of their id
(``joined group 3f2a9c1e``); a person copying one from there should be understood.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from uuid import UUID

from umkm_ledger.kernel.errors import N_, InvalidValue, NotFound
from umkm_ledger.kernel.event_types import aggregate_of
from umkm_ledger.kernel.records import RECORD_KINDS, record_kind
from umkm_ledger.kernel.values.text import shown_text
from umkm_ledger.platform.prefixes import first_events_with_prefix
from umkm_ledger.platform.session import Session

__all__ = ["MIN_PREFIX", "AmbiguousId", "IdsService", "is_id_prefix"]

#: The fewest hex digits of an id that are looked up: what histories print.
MIN_PREFIX = 8
#: How many matches an ambiguous prefix's error names.
_SHOWN = 5
# Rows read from the index at a time.
_PAGE = 64
# How many hex digits come before each hyphen of an id's canonical form (8-4-4-4-12).
_HYPHEN_AFTER = frozenset({8, 12, 16, 20})


class AmbiguousId(InvalidValue):
    """The first characters of an id that more than one record's id starts with.

    ``matches`` holds ``(kind, id)`` of some of them (at most five)."""

    def __init__(self, field: str, prefix: str, matches: list[tuple[str, UUID]], more: bool):
        self.matches = tuple(matches)
        template = (
            N_("is the start of several ids ({named}, and more); give more of the id")
            if more
            else N_("is the start of several ids ({named}); give more of the id")
        )
        named = tuple(
            N_("{kind} {record}", kind=N_(kind), record=record) for kind, record in matches
        )
        super().__init__(field, prefix, N_(template, named=named))


def _either(kinds: list[str]) -> str:
    """What to call a record of one of ``kinds``: ``grant``, ``enterprise or group``."""
    if len(kinds) == 1:
        return kinds[0]
    if len(kinds) == 2:
        return N_("{one} or {other}", one=N_(kinds[0]), other=N_(kinds[1]))
    return N_("record")


def _prefix_digits(text: str) -> str | None:
    """The hex digits of ``text`` (lower case, stripped) if it may be the start of an id:
    at least :data:`MIN_PREFIX` hex digits, each hyphen (all, some or none of them) where
    the canonical form has one (after the 8th, 12th, 16th and 20th digit)."""
    digits = text.replace("-", "")
    if re.fullmatch(rf"[0-9a-f]{{{MIN_PREFIX},31}}", digits) is None:
        return None
    count, previous = 0, ""
    for char in text:
        if char != "-":
            count += 1
        elif count not in _HYPHEN_AFTER or previous == "-":
            return None
        previous = char
    return digits


def is_id_prefix(text: str) -> bool:
    """Whether ``text`` may be the start of a record id as :meth:`IdsService.resolve_id`
    takes it (``3f2a9c1e``, ``3F2A9C1E-5B``; not a whole id): for a value that is either
    a name or an id, such as a funder's."""
    return _prefix_digits(text.strip().lower()) is not None


def _digits(text: str, field: str) -> str:
    """The hex digits of a typed id prefix, with hyphens (if any) where ids have them."""
    digits = _prefix_digits(text)
    if digits is None:
        raise InvalidValue(
            field,
            shown_text(text),
            N_(
                "is not a record id: give the whole id or at least its first {count} characters",
                count=MIN_PREFIX,
            ),
        )
    return digits


def _wanted_kinds(kind: str | Collection[str] | None) -> frozenset[str]:
    kinds = frozenset(RECORD_KINDS.values())
    if kind is None:
        return kinds
    wanted = frozenset({kind} if isinstance(kind, str) else kind)
    unknown = sorted(wanted - kinds)
    if unknown or not wanted:
        raise InvalidValue(
            "kind",
            unknown or sorted(wanted),
            N_("must name kinds of record: {kinds}", kinds=", ".join(sorted(kinds))),
        )
    return wanted


class IdsService:
    """Ids as people type them: a full id, or an unambiguous prefix of one (documented on
    :class:`umkm_ledger.Ledger`)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._app = session.app

    """Looking a record up by the start of its id."""

    def resolve_id(
        self,
        prefix: UUID | str,
        kind: str | Collection[str] | None = None,
        *,
        field: str = "id",
    ) -> UUID:
        wanted = _wanted_kinds(kind)
        if isinstance(prefix, UUID):
            return prefix
        if not isinstance(prefix, str):
            raise InvalidValue(field, f"<{type(prefix).__name__}>", "must be a record id")
        text = prefix.strip().lower()
        try:
            return UUID(text)
        except ValueError:
            pass
        found = self._records_starting(_digits(text, field), wanted)
        if not found:
            raise NotFound(_either(sorted(wanted)), prefix.strip())
        if len(found) > 1:
            raise AmbiguousId(field, prefix.strip(), found[:_SHOWN], len(found) > _SHOWN)
        return found[0][1]

    def _records_starting(self, digits: str, wanted: frozenset[str]) -> list[tuple[str, UUID]]:
        """``(kind, id)`` of the records of the ``wanted`` kinds whose id starts with
        ``digits``: all of them, or one more than an error names. Read a page at a time
        from the index, so that other rows in the range (records of other kinds, the
        ledger's own index rows) never hide one."""
        found: list[tuple[str, UUID]] = []
        after: UUID | None = None
        while True:
            page = first_events_with_prefix(self._app.recorder, digits, _PAGE, after)
            for record, topic in page:
                kind = _kind_of(topic)
                if kind in wanted:
                    found.append((kind, record))
            if len(found) > _SHOWN or len(page) < _PAGE:
                return found
            after = page[-1][0]


def _kind_of(topic: str) -> str | None:
    """What users call the record an event of ``topic`` belongs to (the ledger's own
    records, receipts and indexes, by their class name, which no user asks for)."""
    aggregate = aggregate_of(topic)
    return None if aggregate is None else record_kind(aggregate.__name__)
