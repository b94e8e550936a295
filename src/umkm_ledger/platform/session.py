"""What every context's service shares of an open ledger: the application, the URL it
is named by, who and what is recorded by default, the envelope of a command, and the
materialized views (set up on first use)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

from umkm_ledger.kernel.clock import today
from umkm_ledger.kernel.coerce import to_actor, to_date
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import N_, ConfigurationError, UmkmLedgerError
from umkm_ledger.kernel.values.bounds import effective_day
from umkm_ledger.kernel.values.text import command_id_text, free_text, name_text
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.faults import StorageSite, is_storage_error, storage_fault
from umkm_ledger.platform.progress import Notice, stderr_notice
from umkm_ledger.platform.records_view import listed
from umkm_ledger.platform.schema import schema_lock
from umkm_ledger.platform.view import registered_views
from umkm_ledger.platform.view_store import ViewStore

__all__ = ["Session", "first_line"]


def first_line(error: BaseException) -> str:
    """The first line of an error's text (a driver's error can run to pages)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class Session:
    """An open ledger's shared state, held by the :class:`~umkm_ledger.Ledger` and given
    to each context's service."""

    def __init__(
        self,
        app: LedgerApplication,
        *,
        url: str,
        backend: str,
        actor: Actor,
        source_system: str,
        notice: Notice | None = stderr_notice,
    ) -> None:
        self.app = app
        #: Where the ledger says what its caller should know (a query's long catch-up).
        self.notice = notice
        self.url = url
        self.backend = backend
        self.actor = actor
        # Recorded on every event this ledger writes: a name, under the text rule.
        self.source_system = name_text(source_system, "source_system")
        self._view_store: ViewStore | None = None

    @property
    def storage_site(self) -> StorageSite:
        """Where the ledger's data is, as its error messages name it."""
        return StorageSite.of(self.app.env, self.url)

    def envelope(
        self,
        *,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
        reason: str | None = None,
        default_date: date | None = None,
    ) -> tuple[Envelope, bool]:
        """The envelope of a command, and whether the caller gave its command id (then a
        resend answers with the first result)."""
        given = command_id is not None
        if command_id is not None:
            # Checked before it is looked up: 1 to 200 printable characters, never
            # trimmed ("abc " is refused, not taken to be "abc").
            command_id = command_id_text(command_id)
        if reason is not None:
            reason = free_text(reason, "reason")
        if effective_date is not None:
            day = effective_day(to_date(effective_date, "effective_date"), "effective_date")
        else:
            # A command resent without a date means the day it was first recorded for
            # (a retry after midnight is still the same command). Offices record in
            # local time; WIB (UTC+7) is where most of them are.
            first = self.app.first_effective_date(command_id) if command_id else None
            day = first or default_date or today()
        envelope = Envelope(
            actor=self.actor if actor is None else to_actor(actor),
            command_id=command_id if command_id is not None else str(uuid4()),
            effective_date=day,
            source_system=self.source_system,
            reason=reason,
        )
        return envelope, given

    def reading(self, views: ViewStore) -> Session:
        """This session reading ``views`` instead of its own (the same application)."""
        other = Session(
            self.app,
            url=self.url,
            backend=self.backend,
            actor=self.actor,
            source_system=self.source_system,
            notice=self.notice,
        )
        other._view_store = views
        return other

    def views(self) -> ViewStore:
        """The materialized views, set up on first use (writers that never query skip it)."""
        if self._view_store is None:
            try:
                with schema_lock(self.app.env):
                    self._view_store = ViewStore(
                        self.app, registered_views(), site=self.storage_site, notice=self.notice
                    )
            except UmkmLedgerError:
                raise
            except Exception as error:  # the driver's own error types vary by backend
                if is_storage_error(error):
                    raise storage_fault(error, self.storage_site) from error
                raise ConfigurationError(
                    N_(
                        "cannot set up views in {url}: {error}",
                        url=self.url,
                        error=first_line(error),
                    )
                ) from error
        return self._view_store

    def listed(self, kind: str) -> Iterator[UUID]:
        """Ids of every record of ``kind`` (``"enterprise"``, ``"group"``, ``"program"``)
        in the order they were recorded, read from the ``records`` view."""
        return listed(self.views(), kind)

    def close(self) -> None:
        if self._view_store is not None:
            self._view_store.close()
        self.app.close()
