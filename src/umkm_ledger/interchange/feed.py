"""The public event feed: every fact the ledger records, as CloudEvents 1.0 in JSON.

One line per event, in log order, each a CloudEvent in the structured JSON format:

``specversion``      ``"1.0"``
``id``               ``<record id>/<version>``: the same event has the same id in every
                     export, on every backend, before and after a restore
``source``           the ledger (or office) that recorded it
``type``             ``umkm-ledger.<stored type name>.v<schema version>``, e.g.
                     ``umkm-ledger.enterprises.Enterprise.Registered.v1``
``subject``          the record's id
``time``             when it was recorded (RFC 3339, UTC)
``dataschema``       the URN of the JSON Schema of ``data`` (shipped in the package)
``position``         the event's position in the log: resume after the last one seen
``recordtype``       the record's stored type name (``enterprises.Enterprise``)
``recordversion``    the event's version within its record (1, 2, ...)
``data``             the event's fields in plain JSON (:mod:`.plain`) and its audit
                     ``envelope``

Positions increase but may skip numbers (a transaction that rolled back took some; the
ledger's bookkeeping, such as receipts of commands and duplicate indexes, is not in the
feed; a type filter leaves others out). A consumer keeps the last position it saw and
asks for what comes after it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.interchange.plain import PlainForm
from umkm_ledger.interchange.schema import TYPE_PREFIX, feed_type, public_event_types, schema_id
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import EventType, aggregate_of, stored_names
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.audited import LeafRecorder

__all__ = ["MAX_PAGE", "FeedPage", "FeedReader", "checked_limit", "select_types"]

#: The most events one page of the feed holds.
MAX_PAGE = 10_000
_SOURCE_NAMESPACE = UUID("5d1c2f0e-6b8a-4e55-9a57-5b0c3cde2f5e")


@attrs.frozen
class FeedPage:
    """Events after a position, and the position to ask after next time."""

    events: tuple[dict[str, Any], ...]
    #: Every event of the selected types up to here is in this page or an earlier one:
    #: pass it as ``after`` to continue (it may be past the last event of the page).
    position: int


def select_types(names: Sequence[str] | None) -> list[EventType]:
    """The public event types that ``names`` select: a stored type name
    (``enterprises.Enterprise.Registered``, or as the feed's ``type`` names it), a
    record's (``funding.Grant``: all its events) or a context's (``activity``). None:
    every public type."""
    public = public_event_types()
    if names is None:
        return public
    if isinstance(names, str):
        names = [names]
    chosen: dict[str, EventType] = {}
    for position, name in enumerate(names):
        text = _stored_name(name.strip()) if isinstance(name, str) else name
        found = [
            t
            for t in public
            if isinstance(text, str) and text and (t.name == text or t.name.startswith(text + "."))
        ]
        if not found:
            shown = text[:80] if isinstance(text, str) else type(text).__name__
            raise InvalidValue(
                f"types[{position}]",
                shown,
                N_(
                    "names no public event type (e.g. enterprises.Enterprise.Registered, "
                    "funding.Grant or activity)"
                ),
            )
        chosen.update((t.name, t) for t in found)
    return sorted(chosen.values(), key=lambda t: t.name)


class FeedReader:
    """Reads the log of one ledger as CloudEvents."""

    def __init__(
        self,
        app: LedgerApplication,
        *,
        source: str | None = None,
        form: PlainForm | None = None,
    ) -> None:
        recorder = app.recorder
        if not isinstance(recorder, LeafRecorder):
            raise TypeError("the feed reads an audited recorder")
        self._app = app
        self._rows = recorder
        self._form = form or PlainForm()
        self._source = source

    @property
    def source(self) -> str:
        """The CloudEvents ``source``: as given, else a URN of this ledger, the same
        for its backups and restored copies (made from its first stored event)."""
        if self._source is None:
            first = self._rows.select_rows(None, 1)
            # The same text on every backend (SQLite keeps ids as hex, PostgreSQL as uuid).
            seed = f"{UUID(str(first[0][1]))}/{first[0][2]}" if first else "empty"
            self._source = f"urn:uuid:{uuid.uuid5(_SOURCE_NAMESPACE, seed)}"
        return self._source

    def page(
        self, *, after: int = 0, limit: int = 1000, types: Sequence[str] | None = None
    ) -> FeedPage:
        """The events after position ``after`` (at most ``limit``, 1 to 10 000)."""
        after = _position(after)
        limit = checked_limit(limit)
        selected = select_types(types)
        topics = sorted({topic for t in selected for topic in stored_names(t.cls)})
        end = self._app.recorder.max_notification_id() or 0
        rows = self._rows.select_rows(after, limit, topics)
        events = tuple(self.cloud_event(row) for row in rows)
        if len(rows) == limit:
            return FeedPage(events, int(rows[-1][0]))
        # A short page read everything committed up to ``end`` (ids are issued in
        # commit order on both backends), and perhaps events committed since.
        reached = max([after, end, *(int(row[0]) for row in rows[-1:])])
        return FeedPage(events, reached)

    def cloud_event(self, row: Sequence[Any]) -> dict[str, Any]:
        """One stored row as a CloudEvent."""
        position, originator, version, topic, state = row
        event = self._app.decode((originator, int(version), str(topic), bytes(state)))
        assert isinstance(event, LedgerAggregate.Event)
        name = str(type(event).__dict__["TOPIC"])  # its stored type name (event_types)
        record = aggregate_of(str(topic))
        envelope = event.envelope
        data = self._form.event_fields(event)
        data["envelope"] = {
            "user_id": envelope.actor.user_id,
            "role": envelope.actor.role,
            "command_id": self._form.command_id(envelope.command_id),
            "effective_date": envelope.effective_date.isoformat(),
            "source_system": envelope.source_system,
            "reason": envelope.reason,
        }
        record_id = str(event.originator_id)
        return {
            "specversion": "1.0",
            "id": f"{record_id}/{event.originator_version}",
            "source": self.source,
            "type": feed_type(name),
            "subject": record_id,
            "time": event.timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "datacontenttype": "application/json",
            "dataschema": schema_id(name),
            "position": int(position),
            "recordtype": getattr(record, "TOPIC", name.rsplit(".", 1)[0]),
            "recordversion": event.originator_version,
            "data": data,
        }


def _stored_name(text: str) -> str:
    """A type as the feed names it (``umkm-ledger.funding.Grant.Approved.v1``) or as it is
    stored (``funding.Grant.Approved``): the stored name."""
    return (
        re.sub(r"\.v[0-9]+$", "", text.removeprefix(TYPE_PREFIX))
        if text.startswith(TYPE_PREFIX)
        else text
    )


def _position(after: object) -> int:
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after < 2**63:
        raise InvalidValue("after", str(after)[:40], N_("must be a log position (0 or more)"))
    return after


def checked_limit(limit: object) -> int:
    """``limit`` if it is a page size the feed gives (1 to :data:`MAX_PAGE`)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise InvalidValue(
            "limit", str(limit)[:40], N_("must be a whole number from 1 to {most}", most=MAX_PAGE)
        )
    return limit
