"""The Ledger's way in and out for other systems: the public event feed, and (see
:mod:`umkm_ledger.interchange.backup`) export and restore of the whole log."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from umkm_ledger.interchange.feed import FeedPage, FeedReader
from umkm_ledger.interchange.plain import PersonalData, PlainForm
from umkm_ledger.kernel.errors import N_, InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.platform.faults import is_storage_error, storage_fault
from umkm_ledger.platform.session import Session

__all__ = ["InterchangeService", "to_personal"]


def to_personal(value: PersonalData | str) -> PersonalData:
    """``"pseudonymous"`` or ``"full"`` (or the enum member) as a :class:`PersonalData`."""
    if isinstance(value, PersonalData):
        return value
    try:
        return PersonalData(value)
    except ValueError:
        raise InvalidValue(
            "personal",
            str(value)[:40],
            N_("must be one of {choices}", choices=", ".join(p.value for p in PersonalData)),
        ) from None


class InterchangeService:
    def __init__(self, session: Session) -> None:
        self._session = session

    def reader(
        self,
        *,
        source: str | None,
        personal: PersonalData | str,
        pseudonym_key: bytes | None,
    ) -> FeedReader:
        form = PlainForm(to_personal(personal), pseudonym_key)
        if source is not None:
            source = name_text(source, "source")
        return FeedReader(self._session.app, source=source, form=form)

    def feed(
        self,
        *,
        after: int,
        limit: int,
        types: Sequence[str] | None,
        source: str | None,
        personal: PersonalData | str,
        pseudonym_key: bytes | None,
    ) -> FeedPage:
        reader = self.reader(source=source, personal=personal, pseudonym_key=pseudonym_key)
        return self._reading(lambda: reader.page(after=after, limit=limit, types=types))

    def follow_feed(
        self,
        *,
        after: int,
        limit: int,
        types: Sequence[str] | None,
        source: str | None,
        personal: PersonalData | str,
        pseudonym_key: bytes | None,
        interval: float,
        stop: Callable[[], bool],
    ) -> Iterator[dict[str, Any]]:
        reader = self.reader(source=source, personal=personal, pseudonym_key=pseudonym_key)
        if (
            isinstance(interval, bool)
            or not isinstance(interval, int | float)
            or not (0.01 <= interval <= 3600)
        ):
            raise InvalidValue("interval", str(interval)[:40], N_("must be 0.01 to 3600 seconds"))
        first = self._reading(lambda: reader.page(after=after, limit=limit, types=types))
        return self._following(reader, first, limit, types, interval, stop)

    def _following(
        self,
        reader: FeedReader,
        page: FeedPage,
        limit: int,
        types: Sequence[str] | None,
        interval: float,
        stop: Callable[[], bool],
    ) -> Iterator[dict[str, Any]]:
        while True:
            yield from page.events
            if stop():
                return
            if len(page.events) < limit:
                # Caught up: wait for new events (SQLite cannot notify; polling works
                # the same on both backends).
                time.sleep(interval)
                if stop():
                    return
            page = self._reading(
                partial(reader.page, after=page.position, limit=limit, types=types)
            )

    def _reading(self, read: Callable[[], FeedPage]) -> FeedPage:
        try:
            return read()
        except UmkmLedgerError:
            raise
        except Exception as error:  # the driver's own error types vary by backend
            if is_storage_error(error):
                raise storage_fault(error, self._session.storage_site) from error
            raise
