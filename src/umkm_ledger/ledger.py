"""The Ledger: what developers open and embed.

Every command takes primitive values (strings, ints, dates) or value objects, returns
the id of the record it is about, and accepts the audit envelope's parts:

* ``command_id``: send the same id again (after a timeout, a crash, a restart) and the
  ledger answers with the first result and records nothing new;
* ``effective_date``: when the fact happened (default: today);
* ``actor``: who records it (default: the actor the ledger was opened with);
* ``reason``: why, where the command takes one (corrections, merges, closures).

Queries return frozen attrs read models. Every error a caller can cause is a
:class:`umkm_ledger.UmkmLedgerError`, and a refused command records nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from types import TracebackType
from typing import Any
from uuid import UUID, uuid4

from umkm_ledger.activity import indicators as _activity_kinds  # noqa: F401 - registers them
from umkm_ledger.activity.service import ActivityMixin
from umkm_ledger.audit.backfill import backfill_leaves
from umkm_ledger.audit.service import AuditMixin
from umkm_ledger.corrections import coerce_change
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.readmodels import EnterpriseView, GroupView
from umkm_ledger.funding import indicators as _aid_kinds  # noqa: F401 - registers them
from umkm_ledger.funding.service import FundingMixin
from umkm_ledger.kernel.clock import today
from umkm_ledger.kernel.coerce import (
    to_actor,
    to_address,
    to_date,
    to_id,
    to_kbli,
    to_nib,
    to_owners,
    to_region,
    to_rupiah,
)
from umkm_ledger.kernel.envelope import DEFAULT_SOURCE_SYSTEM, Actor, Envelope
from umkm_ledger.kernel.errors import N_, ConfigurationError, InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.values import KBLI, NIB, Owner, RegionCode, Rupiah
from umkm_ledger.kernel.values.bounds import calendar_year, effective_day, whole_number
from umkm_ledger.kernel.values.text import command_id_text, free_text, name_text
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.faults import (
    StorageSite,
    is_storage_error,
    is_transient,
    storage_fault,
    typed_storage_faults,
)
from umkm_ledger.platform.history import EventRecord, event_records
from umkm_ledger.platform.ids import IdsMixin
from umkm_ledger.platform.schema import schema_lock
from umkm_ledger.platform.sqlite_files import check_ledger_file
from umkm_ledger.platform.urls import parse_url
from umkm_ledger.platform.view_store import ViewStore
from umkm_ledger.programs.service import ProgramsMixin
from umkm_ledger.views import registered_views

__all__ = ["DEFAULT_URL", "Ledger"]

DEFAULT_URL = "sqlite:///umkm-ledger.db"


def _today() -> date:
    # Offices record in local time; WIB (UTC+7) is where most of them are.
    return today()


def _construct(env: dict[str, str], display: str) -> LedgerApplication:
    """Construct the application, creating the tables on first use.

    A SQLite file must be a ledger or not exist yet (:mod:`.sqlite_files`); a PostgreSQL
    schema named in the URL is created if missing (:mod:`.schema`). Several processes may
    open a new ledger at once: PostgreSQL openers take turns under an advisory lock;
    SQLite may answer "database is locked" while another opener switches the new file to
    WAL mode, so those openers wait a moment and try again. Whatever the database answers
    instead is a :class:`StorageFault` saying what to do.
    """
    site = StorageSite.of(env, display)
    if site.sqlite_path is not None:
        check_ledger_file(site.sqlite_path)
    delay = 0.02
    for attempt in range(8):
        try:
            with schema_lock(env, display=display, create_schema=True):
                app = LedgerApplication(env=env)
                backfill_leaves(app.recorder)
                return app
        except UmkmLedgerError:
            raise
        except Exception as error:  # the driver's own error types vary by backend
            if is_transient(error) and attempt < 7:
                time.sleep(delay)
                delay *= 2
                continue
            if is_storage_error(error):
                raise storage_fault(error, site) from error
            raise ConfigurationError(
                N_("cannot open {url}: {error}", url=display, error=_first_line(error))
            ) from error
    raise AssertionError("unreachable: the last attempt returns or raises")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


@typed_storage_faults
class Ledger(ProgramsMixin, FundingMixin, ActivityMixin, AuditMixin, IdsMixin):
    """An open UMKM ledger. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(
        self, app: LedgerApplication, *, url: str, backend: str, actor: Actor, source_system: str
    ) -> None:
        self._app = app
        self._view_store: ViewStore | None = None
        self.url = url
        self.backend = backend
        self.actor = actor
        # Recorded on every event this ledger writes: a name, under the text rule.
        self.source_system = name_text(source_system, "source_system")

    @classmethod
    def open(
        cls,
        url: str = DEFAULT_URL,
        *,
        actor: Actor | str = "system@system",
        source_system: str = DEFAULT_SOURCE_SYSTEM,
        cipher_key: str | None = None,
    ) -> Ledger:
        """Open (creating if needed) the ledger at ``url``.

        ``sqlite:///path/to/file.db`` (the embedded default), ``memory://`` or
        ``postgresql://user:pass@host:port/dbname``. ``actor`` (``"siti@officer"``) is
        recorded on every event unless a command names another. ``cipher_key`` (from
        ``eventsourcing.cryptography.AESCipher.create_key(32)``) encrypts stored event
        state (NIKs included) with AES-GCM; open the same ledger with the same key.
        """
        parsed = parse_url(url)
        env = dict(parsed.env)
        if cipher_key is not None:
            env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
            env["CIPHER_KEY"] = cipher_key
        app = _construct(env, parsed.display)
        return cls(
            app,
            url=parsed.display,
            backend=parsed.backend,
            actor=to_actor(actor),
            source_system=source_system,
        )

    def close(self) -> None:
        if self._view_store is not None:
            self._view_store.close()
        self._app.close()

    def _views(self) -> ViewStore:
        """The materialized views, set up on first use (writers that never query skip it)."""
        if self._view_store is None:
            try:
                with schema_lock(self._app.env):
                    self._view_store = ViewStore(
                        self._app, registered_views(), site=self.storage_site
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
                        error=_first_line(error),
                    )
                ) from error
        return self._view_store

    @property
    def storage_site(self) -> StorageSite:
        """Where the ledger's data is, as its error messages name it."""
        return StorageSite.of(self._app.env, self.url)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.url!r}, actor={str(self.actor)!r})"

    @property
    def application(self) -> LedgerApplication:
        """The underlying eventsourcing application (its notification log is the feed)."""
        return self._app

    # -- the envelope ----------------------------------------------------------------

    def _envelope(
        self,
        *,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
        reason: str | None = None,
        default_date: date | None = None,
    ) -> tuple[Envelope, bool]:
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
            # (a retry after midnight is still the same command).
            first = self._app.first_effective_date(command_id) if command_id else None
            day = first or default_date or _today()
        envelope = Envelope(
            actor=self.actor if actor is None else to_actor(actor),
            command_id=command_id if command_id is not None else str(uuid4()),
            effective_date=day,
            source_system=self.source_system,
            reason=reason,
        )
        return envelope, given

    # -- enterprises -----------------------------------------------------------------

    def register_enterprise(
        self,
        name: str,
        *,
        owners: Sequence[Owner | Mapping[str, Any]],
        desa: RegionCode | str,
        sector: KBLI | str,
        founded_on: date | str,
        street: str = "-",
        postal_code: str | None = None,
        kbli_version: int = 2020,
        nib: NIB | str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Register an enterprise; returns its id.

        ``owners``: mappings with ``name``, ``nik``, ``gender`` (F/M, P/L) and
        ``birth_year``, or :class:`Owner` values. ``desa``: the desa/kelurahan region
        code of the address. ``sector``: a KBLI code (of ``kbli_version``). When an
        owner already owns an enterprise in the same desa and sector, the new one is
        still registered and flagged as a suspected duplicate for an officer to resolve.
        """
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._app.register_enterprise(
            name=name_text(name, "name"),
            owners=to_owners(owners),
            address=to_address(desa, street, postal_code),
            sector=to_kbli(sector, kbli_version),
            founded_on=to_date(founded_on, "founded_on"),
            nib=None if nib is None else to_nib(nib),
            envelope=envelope,
            idempotent=idempotent,
        )

    def record_nib(
        self,
        enterprise_id: UUID | str,
        nib: NIB | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Record the NIB that OSS issued after the enterprise was registered."""
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._app.record_nib(
            to_id(enterprise_id, "enterprise_id"), to_nib(nib), envelope, idempotent=idempotent
        )

    def report_sales(
        self,
        enterprise_id: UUID | str,
        *,
        year: int,
        amount: Rupiah | int | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Report a calendar year's sales (effective by default on 31 December of that year,
        or today for the current year). Re-classifies when a threshold is crossed."""
        year = calendar_year(year, "year")
        today = _today()
        default = date(year, 12, 31) if 1900 <= year < today.year else today
        envelope, idempotent = self._envelope(
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
            default_date=default,
        )
        return self._app.report_sales(
            to_id(enterprise_id, "enterprise_id"),
            year,
            to_rupiah(amount, "amount"),
            envelope,
            idempotent=idempotent,
        )

    def report_capital(
        self,
        enterprise_id: UUID | str,
        *,
        amount: Rupiah | int | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Report business capital (excluding land and buildings) as of the effective date."""
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._app.report_capital(
            to_id(enterprise_id, "enterprise_id"),
            to_rupiah(amount, "amount"),
            envelope,
            idempotent=idempotent,
        )

    def _status(
        self,
        command: str,
        enterprise_id: UUID | str,
        reason: str | None,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        action = {
            "mark_dormant": Enterprise.mark_dormant,
            "close": Enterprise.close,
            "reactivate": Enterprise.reactivate,
            "graduate": Enterprise.graduate,
        }[command]
        return self._app.change_status(
            to_id(enterprise_id, "enterprise_id"),
            lambda enterprise, env: action(enterprise, envelope=env),
            command,
            envelope,
            idempotent=idempotent,
        )

    def mark_dormant(
        self,
        enterprise_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The enterprise stopped trading for now."""
        return self._status(
            "mark_dormant", enterprise_id, reason, command_id, effective_date, actor
        )

    def close_enterprise(
        self,
        enterprise_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The enterprise closed (a reason is required)."""
        return self._status("close", enterprise_id, reason, command_id, effective_date, actor)

    def reactivate(
        self,
        enterprise_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """A dormant or closed enterprise trades again."""
        return self._status("reactivate", enterprise_id, reason, command_id, effective_date, actor)

    def graduate(
        self,
        enterprise_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The enterprise is *mandiri*: it graduates from the program's guidance."""
        return self._status("graduate", enterprise_id, reason, command_id, effective_date, actor)

    def confirm_distinct(
        self,
        enterprise_id: UUID | str,
        other_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """An officer confirms that a suspected duplicate pair are distinct businesses."""
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._app.confirm_distinct(
            to_id(enterprise_id, "enterprise_id"),
            to_id(other_id, "other_id"),
            envelope,
            idempotent=idempotent,
        )

    def merge_duplicate(
        self,
        duplicate_id: UUID | str,
        *,
        into: UUID | str,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Merge a suspected duplicate record into the surviving one; returns the duplicate's
        id. Both records and their histories stay; the duplicate's status becomes merged."""
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._app.merge_duplicate(
            to_id(duplicate_id, "duplicate_id"),
            to_id(into, "into"),
            envelope,
            idempotent=idempotent,
        )

    def correct(
        self,
        record_id: UUID | str,
        *,
        version: int,
        changes: Mapping[str, Any],
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Correct the fact recorded at ``version`` of any record: an enterprise, group,
        program, enrolment, funder, allocation, grant or KUR referral.

        ``changes`` maps each corrected field to its right value, as a value object or in
        the primitive forms the commands accept (``{"amount": "Rp150.000.000"}``,
        ``{"effective_date": "2016-12-16"}``, ``{"scope": ["16.10"]}``,
        ``{"target": {"value": 1200, "periods": "2016-01-01..2020-12-31"}}``). The
        corrected record must still keep every rule its commands keep (targets inside
        the program's period, enrolments while the program ran...), or nothing is
        recorded. The original event stays; histories show both it and the correction.
        """
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        version = whole_number(version, "version", minimum=1)
        aggregate_id = to_id(record_id, "record_id")
        if not isinstance(changes, Mapping):
            raise InvalidValue(
                "changes", type(changes).__name__, "must map each corrected field to its value"
            )
        record = self._app.record(aggregate_id)
        fact = record.facts.get(version)
        typed = {
            field: coerce_change(field, value, fact.fields.get(field) if fact else None)
            for field, value in changes.items()
        }
        # What the record's correct() checks first, checked here already (the same code):
        # nothing is fingerprinted or looked up with a value the record would refuse.
        record.checked_changes(version, typed, envelope=envelope)
        return self._app.correct(
            aggregate_id,
            version,
            typed,
            envelope,
            idempotent=idempotent,
            check=self._check_program_dates,
        )

    # -- groups ----------------------------------------------------------------------

    def form_group(
        self,
        name: str,
        *,
        kind: GroupKind | str,
        region: RegionCode | str,
        founded_on: date | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Form a KUB, sentra or koperasi in a region (any level); returns its id."""
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._app.form_group(
            name=name_text(name, "name"),
            kind=GroupKind.parse(kind),
            region=to_region(region, "region"),
            founded_on=to_date(founded_on, "founded_on"),
            envelope=envelope,
            idempotent=idempotent,
        )

    def _group(
        self,
        command: str,
        group_id: UUID | str,
        enterprise_id: UUID | str | None,
        reason: str | None,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._app.group_command(
            command,
            to_id(group_id, "group_id"),
            None if enterprise_id is None else to_id(enterprise_id, "enterprise_id"),
            envelope,
            idempotent=idempotent,
        )

    def add_group_member(
        self,
        group_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """An enterprise joins the group."""
        return self._group(
            "add_group_member", group_id, enterprise_id, None, command_id, effective_date, actor
        )

    def remove_group_member(
        self,
        group_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """A member enterprise leaves the group (a reason is required)."""
        return self._group(
            "remove_group_member",
            group_id,
            enterprise_id,
            reason,
            command_id,
            effective_date,
            actor,
        )

    def appoint_chairperson(
        self,
        group_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The owner of a member enterprise becomes the group's chairperson."""
        return self._group(
            "appoint_chairperson", group_id, enterprise_id, None, command_id, effective_date, actor
        )

    def dissolve_group(
        self,
        group_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The group is dissolved (a reason is required)."""
        return self._group(
            "dissolve_group", group_id, None, reason, command_id, effective_date, actor
        )

    # -- queries ---------------------------------------------------------------------

    def enterprise(self, enterprise_id: UUID | str) -> EnterpriseView:
        """The enterprise's current state."""
        return EnterpriseView.of(self._app.enterprise(to_id(enterprise_id, "enterprise_id")))

    def group(self, group_id: UUID | str) -> GroupView:
        """The group's current state."""
        return GroupView.of(self._app.group(to_id(group_id, "group_id")))

    def find_by_nib(self, nib: NIB | str) -> UUID | None:
        """The enterprise that holds ``nib`` (a merged duplicate resolves to its survivor)."""
        return self._app.nib_holder(to_nib(nib))

    def enterprise_ids(self) -> Iterator[UUID]:
        """Every enterprise's id, in registration order."""
        return self._app.created_ids(Enterprise.Registered)

    def group_ids(self) -> Iterator[UUID]:
        """Every group's id, in formation order."""
        return self._app.created_ids(BusinessGroup.Formed)

    def history(self, record_id: UUID | str, *, locale: str = "en") -> list[EventRecord]:
        """Every event of an enterprise or group, oldest first, with its envelope, what it
        corrects and what later corrected it. Nothing is ever left out."""
        return event_records(self._app.events_of(to_id(record_id, "record_id")), locale)
