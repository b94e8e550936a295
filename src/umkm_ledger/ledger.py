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

import os
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from umkm_ledger.access.commands import AccessCommands
from umkm_ledger.access.readmodels import IssuedToken, TokenView
from umkm_ledger.access.service import TOKEN_KIND, AccessService
from umkm_ledger.access.token import ApiToken
from umkm_ledger.activity.commands import ActivityCommands
from umkm_ledger.activity.readmodels import (
    ConsultationView,
    ExhibitionView,
    SessionView,
    TimelineEntry,
    TrainingView,
)
from umkm_ledger.activity.reports import CoverageReport
from umkm_ledger.activity.service import ActivityService, Day
from umkm_ledger.activity.values import FollowUp, Mentor, MentorKind, person_key
from umkm_ledger.audit.backfill import backfill_leaves
from umkm_ledger.audit.checkpoint import Checkpoint
from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.audit.report import AuditReport
from umkm_ledger.audit.service import AuditService, to_checkpoint, to_public_key
from umkm_ledger.audit.trail import TrailRow
from umkm_ledger.audit.verify import Verification
from umkm_ledger.corrections import CorrectionService
from umkm_ledger.enterprises.commands import EnterpriseCommands
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.readmodels import EnterpriseView, GroupView
from umkm_ledger.enterprises.service import EnterpriseService
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.lifecycle import GrantStatus
from umkm_ledger.funding.readmodels import AllocationView, FunderView, GrantView, KurReferralView
from umkm_ledger.funding.reports import AidRecord, Anomaly, FundsReport, GrantRow, KurRow
from umkm_ledger.funding.service import Amount, FundingService
from umkm_ledger.funding.values import (
    Delivery,
    FundingSource,
    GrantItem,
    Instrument,
    UtilisationStatus,
)
from umkm_ledger.interchange.backup import BackupSummary
from umkm_ledger.interchange.dhis2.mapping import Dhis2Mapping
from umkm_ledger.interchange.dhis2.payload import DataValueSet
from umkm_ledger.interchange.feed import FeedPage
from umkm_ledger.interchange.iati import IatiFile
from umkm_ledger.interchange.iati.codes import DAC_SECTOR
from umkm_ledger.interchange.iati.places import PlaceNames
from umkm_ledger.interchange.iati.service import IatiService
from umkm_ledger.interchange.migration import MigrationSummary
from umkm_ledger.interchange.plain import PersonalData
from umkm_ledger.interchange.service import InterchangeService
from umkm_ledger.kernel.coerce import to_actor
from umkm_ledger.kernel.envelope import DEFAULT_SOURCE_SYSTEM, Actor
from umkm_ledger.kernel.errors import (
    N_,
    ConfigurationError,
    InvalidValue,
    NotFound,
    StorageFault,
    UmkmLedgerError,
)
from umkm_ledger.kernel.event_types import aggregate_of
from umkm_ledger.kernel.values import KBLI, NIB, NIK, Owner, RegionCode, RegionLevel, Rupiah
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.audited import LeafRecorder
from umkm_ledger.platform.batch import Batch
from umkm_ledger.platform.faults import (
    StorageSite,
    is_storage_error,
    is_transient,
    storage_fault,
    typed_storage_faults,
)
from umkm_ledger.platform.history import EventRecord
from umkm_ledger.platform.ids import IdsService
from umkm_ledger.platform.ledger_secret import SECRET_FILE_ENV, save_secret
from umkm_ledger.platform.progress import Notice, stderr_notice
from umkm_ledger.platform.records_view import records_view
from umkm_ledger.platform.regions import RegionNames, region_names
from umkm_ledger.platform.schema import schema_lock
from umkm_ledger.platform.session import Session, first_line
from umkm_ledger.platform.sqlite_files import check_ledger_file
from umkm_ledger.platform.urls import parse_url
from umkm_ledger.platform.view import register_view
from umkm_ledger.platform.view_store import PageDone, ViewStore
from umkm_ledger.privacy.commands import PrivacyCommands
from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.readmodels import ErasureView
from umkm_ledger.privacy.service import ERASURE_KIND, PrivacyService
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.indicator import DEFAULT_YOUTH_AGE_LIMIT
from umkm_ledger.programs.program import Program
from umkm_ledger.programs.progress import ProgramOverlap, ProgramProgress
from umkm_ledger.programs.readmodels import EnrolmentView, ProgramView
from umkm_ledger.programs.service import ProgramsService

__all__ = ["DEFAULT_URL", "Ledger"]

DEFAULT_URL = "sqlite:///umkm-ledger.db"

# The records listed in the order they were recorded (enterprise_ids(), group_ids(),
# program_ids()), by the event that creates each: read from an index, not the log.
register_view(
    records_view(
        {Enterprise.Registered: "enterprise", BusinessGroup.Formed: "group",
         Program.Planned: "program", ApiToken.Issued: TOKEN_KIND,
         Erasure.Requested: ERASURE_KIND},
        version=3,
    )
)  # fmt: skip


#: How long openers of a new SQLite ledger wait for each other (seconds): a busy machine
#: starting several workers at once may take seconds to make the tables, and a count of
#: quick retries ran out before (four openers on two busy cores).
_OPEN_PATIENCE = 30.0


def _construct(env: dict[str, str], display: str, *, create: bool = True) -> LedgerApplication:
    """Construct the application, creating the tables on first use.

    A SQLite file must be a ledger or not exist yet
    (:mod:`umkm_ledger.platform.sqlite_files`); a PostgreSQL schema named in the URL is
    created if missing (:mod:`umkm_ledger.platform.schema`). Several processes may open a
    new ledger at once: PostgreSQL openers take turns under an advisory lock;
    SQLite may answer "database is locked" while another opener switches the new file to
    WAL mode or makes its tables, so those openers wait a moment and try again, for up to
    :data:`_OPEN_PATIENCE` seconds. Whatever the database answers
    instead is a :class:`StorageFault` saying what to do.

    ``create=False`` (what commands that only read ask for) opens an existing ledger only:
    a missing file or a database without the ledger's events table is a ``no-ledger``
    fault, and nothing is created. (A ledger that exists gets what an upgrade adds, such
    as its leaves, as on any open.)
    """
    site = StorageSite.of(env, display)
    if site.sqlite_path is not None:
        if not create and not Path(site.sqlite_path).exists():
            raise _no_ledger(display)
        check_ledger_file(site.sqlite_path)
    delay = 0.02
    deadline = time.monotonic() + _OPEN_PATIENCE
    while True:
        try:
            with schema_lock(env, display=display, create_schema=create):
                if not create and not _holds_ledger(env):
                    raise _no_ledger(display)
                kept_leaves = _has_leaf_table(env)
                app = LedgerApplication(env=env)
                if create:
                    # Found or made now, under the lock. Openers that only read find it
                    # when they first need it (a fold): a read-only ledger opens.
                    try:
                        app.ledger_secret  # noqa: B018
                    except BaseException:
                        app.close()
                        raise
                if not kept_leaves:
                    # A ledger of a version from before the leaves: they are computed
                    # once, now. A leaf table that is there but was emptied is not
                    # refilled: that is a finding for verification, not an upgrade.
                    backfill_leaves(app.recorder)
                return app
        except UmkmLedgerError:
            raise
        except Exception as error:  # the driver's own error types vary by backend
            if is_transient(error) and time.monotonic() < deadline:
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            if is_storage_error(error):
                raise storage_fault(error, site) from error
            raise ConfigurationError(
                N_("cannot open {url}: {error}", url=display, error=first_line(error))
            ) from error


def _holds_ledger(env: Mapping[str, str]) -> bool:
    """Whether the database holds a ledger, looked at without creating anything: the
    events table and the leaves table, and a first event (if any) of a type the ledger
    records (another eventsourcing application's database is not a ledger)."""
    probe = LedgerApplication(env={**env, "CREATE_TABLE": "false"})
    try:
        recorder = probe.recorder
        assert isinstance(recorder, LeafRecorder)
        first = recorder.select_rows(None, 1)
        recorder.select_leaves(0, 1)
    except Exception as error:  # the driver's own error types vary by backend
        if is_storage_error(error) and not is_transient(error):
            return False
        raise
    finally:
        probe.close()
    return not first or aggregate_of(str(first[0][3])) is not None


def _has_leaf_table(env: Mapping[str, str]) -> bool:
    """Whether the database has the leaves table already (looked at, nothing made)."""
    if env.get("PERSISTENCE_MODULE", "").endswith("POPOFactory"):
        return True  # in memory: nothing from an earlier version
    probe = LedgerApplication(env={**env, "CREATE_TABLE": "false"})
    try:
        recorder = probe.recorder
        assert isinstance(recorder, LeafRecorder)
        recorder.select_leaves(0, 1)
    except Exception as error:  # the driver's own error types vary by backend
        if is_storage_error(error) and not is_transient(error):
            return False
        raise
    finally:
        probe.close()
    return True


def _no_ledger(display: str) -> StorageFault:
    return StorageFault(
        "no-ledger",
        N_(
            "there is no ledger at {url}: check the URL (--db); commands that only read "
            "never create one",
            url=display,
        ),
    )


@typed_storage_faults
class Ledger:
    """An open UMKM ledger. Use :meth:`open`; close it (or use ``with``) when done.

    Each context's commands and queries are its service's (``enterprises``,
    ``programs``, ``funding``, ``activity``, ``audit``); the Ledger holds the services
    and each of its methods hands its call to one of them.
    """

    def __init__(
        self,
        app: LedgerApplication,
        *,
        url: str,
        backend: str,
        actor: Actor,
        source_system: str,
        notices: Notice | bool = True,
    ) -> None:
        notice = stderr_notice if notices is True else (notices or None)
        session = Session(
            app,
            url=url,
            backend=backend,
            actor=actor,
            source_system=source_system,
            notice=notice,
        )
        self._wire(session)

    def _wire(self, session: Session) -> None:
        app = session.app
        self._session = session
        # One of each context's commands per ledger: each registers its correction rule
        # with the application as it is made, and the services share them.
        enterprises, programs = EnterpriseCommands(app), ProgramCommands(app)
        funding, activity = FundingCommands(app), ActivityCommands(app)
        self._enterprises = EnterpriseService(session, enterprise_commands=enterprises)
        self._programs = ProgramsService(session, program_commands=programs)
        self._funding = FundingService(
            session,
            enterprise_commands=enterprises,
            funding_commands=funding,
            program_commands=programs,
        )
        self._activity = ActivityService(
            session,
            activity_commands=activity,
            enterprise_commands=enterprises,
            program_commands=programs,
        )
        self._corrections = CorrectionService(session, self._programs)
        self._audit = AuditService(
            session,
            reports=self,
            reports_over=self._over_views,
            funding_commands=funding,
            program_commands=programs,
        )
        self._ids = IdsService(session)
        self._access = AccessService(session, access_commands=AccessCommands(app))
        self._privacy = PrivacyService(session, app, privacy_commands=PrivacyCommands(app))
        self._interchange = InterchangeService(session)
        self._iati = IatiService(
            session,
            program_commands=programs,
            funding_commands=funding,
            enterprise_commands=enterprises,
        )

    def _over_views(self, views: ViewStore) -> Ledger:
        """This ledger reading ``views`` instead of the views kept in its database (the
        same events, actor and source): what an audit report reads, folded afresh from
        the events it verified. Not to be closed: the ledger it came from owns both."""
        other = object.__new__(Ledger)
        other._wire(self._session.reading(views))
        return other

    @classmethod
    def open(
        cls,
        url: str = DEFAULT_URL,
        *,
        actor: Actor | str = "system@system",
        source_system: str = DEFAULT_SOURCE_SYSTEM,
        cipher_key: str | None = None,
        secret_file: str | os.PathLike[str] | None = None,
        notices: Notice | bool = True,
        create: bool = True,
    ) -> Ledger:
        """Open (creating if needed) the ledger at ``url``.

        ``sqlite:///path/to/file.db`` (the embedded default), ``memory://`` or
        ``postgresql://user:pass@host:port/dbname``. ``actor`` (``"siti@officer"``) is
        recorded on every event unless a command names another. ``cipher_key`` (from
        ``eventsourcing.cryptography.AESCipher.create_key(32)``) encrypts stored event
        state (NIKs included) with AES-GCM; open the same ledger with the same key.
        ``secret_file`` names the file of the ledger's secret, which keys the person keys
        and owner ids made from NIKs (default: ``UMKM_LEDGER_SECRET_FILE``, else derived
        from the cipher key, else ``<database>.secret`` beside a SQLite file; see
        :mod:`umkm_ledger.platform.ledger_secret`). Keep it apart from the database's
        backups; a ledger opened with another secret is refused (WrongLedgerSecret).
        ``notices``: what the ledger says its caller should know, today only that a query
        must first catch up a long way (once per open ledger): ``True`` writes one line
        to stderr, ``False`` says nothing, a callable receives the text.
        ``create=False`` opens only a ledger that exists: a missing SQLite file or a
        database without the ledger's tables raises :class:`StorageFault` (``no-ledger``)
        and nothing is made (what tools that only read should ask for).
        """
        if not (isinstance(notices, bool) or callable(notices)):
            raise InvalidValue(
                "notices", type(notices).__name__, N_("must be True, False or a callable")
            )
        parsed = parse_url(url)
        env = dict(parsed.env)
        if cipher_key is not None:
            env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
            env["CIPHER_KEY"] = cipher_key
        if secret_file is not None:
            env[SECRET_FILE_ENV] = os.fspath(secret_file)
        app = _construct(env, parsed.display, create=create)
        return cls(
            app,
            url=parsed.display,
            backend=parsed.backend,
            actor=to_actor(actor),
            source_system=source_system,
            notices=notices,
        )

    def close(self) -> None:
        self._session.close()

    @property
    def url(self) -> str:
        """The ledger's URL as shown to people (no password)."""
        return self._session.url

    @property
    def backend(self) -> str:
        return self._session.backend

    @property
    def actor(self) -> Actor:
        """Who is recorded as acting when a command names nobody."""
        return self._session.actor

    @property
    def source_system(self) -> str:
        return self._session.source_system

    @property
    def storage_site(self) -> StorageSite:
        """Where the ledger's data is, as its error messages name it."""
        return self._session.storage_site

    @property
    def application(self) -> LedgerApplication:
        """The underlying eventsourcing application (its notification log is the feed)."""
        return self._session.app

    def person_key(self, nik: NIK | str) -> str:
        """The key this ledger's views and reports know a person by: on a sealed ledger
        the random id of the person in the key store (it says nothing about the NIK, and
        after an erasure nothing links it to one); on a ledger from before sealing an
        HMAC of the NIK under the ledger's secret. For someone who may see the NIK: to
        find that person's rows in the views. A NIK never recorded (or erased) is
        :class:`NotFound` on a sealed ledger."""
        value = nik if isinstance(nik, NIK) else NIK.parse(nik)
        app = self.application
        if not app.seals_personal_data:
            return person_key(value, app.ledger_secret.person_secret)
        person = app.person_keys.find(value)
        if person is None:
            raise NotFound("person", value.masked())
        return person.hex

    def save_secret(self, path: str | os.PathLike[str]) -> None:
        """Write this ledger's secret to a new file at ``path``, readable by its owner
        only: to give a PostgreSQL ledger's servers and restores the secret it keeps in
        its database, or to keep a copy apart from the backups. Name the file with
        ``secret_file=`` or ``UMKM_LEDGER_SECRET_FILE`` from then on."""
        save_secret(self.application.ledger_secret, Path(path))

    def _views(self) -> ViewStore:
        return self._session.views()

    def batch(self, *, size: int = 500, atomic: bool = False, dry_run: bool = False) -> Batch:
        """A unit of work for bulk recording: ``with ledger.batch() as batch:`` then
        ``batch.submit(ledger.register_enterprise, ...)`` for each command. Every command
        is checked by its usual rules; up to ``size`` of them are saved per transaction,
        each getting a :class:`~umkm_ledger.BatchItem` (recorded, already recorded,
        refused). ``atomic=True``: all or nothing, one transaction when the block ends.
        ``dry_run=True``: nothing is saved, and each item says how a real run would end.
        See :mod:`umkm_ledger.platform.batch`."""
        return Batch(self._session, self, size=size, atomic=atomic, dry_run=dry_run)

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

    # -- enterprises and groups ------------------------------------------------
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
        return self._enterprises.register_enterprise(
            name,
            owners=owners,
            desa=desa,
            sector=sector,
            founded_on=founded_on,
            street=street,
            postal_code=postal_code,
            kbli_version=kbli_version,
            nib=nib,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.record_nib(
            enterprise_id, nib, command_id=command_id, effective_date=effective_date, actor=actor
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
        return self._enterprises.report_sales(
            enterprise_id,
            year=year,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.report_capital(
            enterprise_id,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.mark_dormant(
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.close_enterprise(
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

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
        return self._enterprises.reactivate(
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

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
        return self._enterprises.graduate(
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

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
        return self._enterprises.confirm_distinct(
            enterprise_id,
            other_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.merge_duplicate(
            duplicate_id,
            into=into,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

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
        return self._enterprises.form_group(
            name,
            kind=kind,
            region=region,
            founded_on=founded_on,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.add_group_member(
            group_id,
            enterprise_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.remove_group_member(
            group_id,
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.appoint_chairperson(
            group_id,
            enterprise_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
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
        return self._enterprises.dissolve_group(
            group_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def enterprise(self, enterprise_id: UUID | str) -> EnterpriseView:
        """The enterprise's current state."""
        return self._enterprises.enterprise(enterprise_id)

    def group(self, group_id: UUID | str) -> GroupView:
        """The group's current state."""
        return self._enterprises.group(group_id)

    def find_by_nib(self, nib: NIB | str) -> UUID | None:
        """The enterprise that holds ``nib`` (a merged duplicate resolves to its survivor)."""
        return self._enterprises.find_by_nib(nib)

    def enterprise_ids(self) -> Iterator[UUID]:
        """Every enterprise's id, in registration order."""
        return self._enterprises.enterprise_ids()

    def group_ids(self) -> Iterator[UUID]:
        """Every group's id, in formation order."""
        return self._enterprises.group_ids()

    def enterprises(
        self,
        *,
        provinsi: RegionCode | str | None = None,
        kabupaten: RegionCode | str | None = None,
        kecamatan: RegionCode | str | None = None,
        desa: RegionCode | str | None = None,
    ) -> list[EnterpriseView]:
        """Every enterprise, in registration order; with a region, those whose desa lies
        in it. Each region is a code (``"16.08.13"``) or a name of its level (``kecamatan=
        "Madang Suku III"``, case and spaces aside), looked for inside the coarser ones
        given; a name that is not a region of that level is :class:`UnknownRegionName`
        (with the close ones), one that several share :class:`AmbiguousRegionName` (with
        their codes). A desa coded in another edition of the code list is matched where
        the region names can carry it across (pemekaran)."""
        return self._enterprises.enterprises(
            provinsi=provinsi, kabupaten=kabupaten, kecamatan=kecamatan, desa=desa
        )

    # -- region names ------------------------------------------------------------
    @property
    def regions(self) -> RegionNames:
        """The names of region codes (the data set the package ships): look a code up
        (``name_of``, ``label``), search by name (``find``, ``resolve``), carry a code
        across editions (``translate``)."""
        return region_names()

    def region_name(self, code: RegionCode | str, *, edition: str | None = None) -> str | None:
        """The name of a region code in its edition (a text code is of the ledger's
        default edition): ``ledger.region_name("16.08.13")`` is ``"Madang Suku III"``;
        None for a code the data set does not name."""
        return region_names().name_of(code, edition=edition)

    # -- programs, enrolments, progress and views ------------------------------
    def plan_program(
        self,
        name: str,
        *,
        agency: str,
        scope: Sequence[RegionCode | str],
        period: Period | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Plan a program run by ``agency`` for the regions in ``scope`` (any level) over
        ``period`` (``"2016-01-01..2020-12-31"``); returns its id."""
        return self._programs.plan_program(
            name,
            agency=agency,
            scope=scope,
            period=period,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def start_program(
        self,
        program_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The program starts; enrolments are dated on or after its effective date."""
        return self._programs.start_program(
            program_id, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def close_program(
        self,
        program_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The program ends. Enrolments dated while it ran can still be recorded."""
        return self._programs.close_program(
            program_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def define_indicator(
        self,
        program_id: UUID | str,
        key: str,
        *,
        kind: str,
        title: str,
        baseline: int | None = None,
        baseline_on: date | str | None = None,
        parameters: Mapping[str, int | str] | None = None,
        youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Define an indicator ``key`` of a registered ``kind`` (see
        :func:`umkm_ledger.indicator_kinds`), with its baseline and parameters."""
        return self._programs.define_indicator(
            program_id,
            key,
            kind=kind,
            title=title,
            baseline=baseline,
            baseline_on=baseline_on,
            parameters=parameters,
            youth_age_limit=youth_age_limit,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def set_target(
        self,
        program_id: UUID | str,
        indicator: str,
        *,
        value: int,
        periods: Period | str | Sequence[Period | str],
        per_area: RegionLevel | str | None = None,
        areas: Sequence[RegionCode | str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Set ``value`` as the target of ``indicator`` in each of ``periods``
        (``"2016-01-01..2020-12-31"``, ``"2014..2018"`` for one per year, or a list);
        with ``per_area="desa"`` and ``areas``, in each of those desa (a quota)."""
        return self._programs.set_target(
            program_id,
            indicator,
            value=value,
            periods=periods,
            per_area=per_area,
            areas=areas,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def record_opening_balance(
        self,
        program_id: UUID | str,
        indicator: str,
        *,
        value: int,
        counted_on: date | str,
        source_document: str,
        area: RegionCode | str | None = None,
        command_id: str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Enter a count that predates the ledger (Ogan Ilir's 654 binaan) with the
        document it comes from; it is dated ``counted_on``. Facts dated after it count
        on top of it; facts dated on or before it are taken to be in it."""
        return self._programs.record_opening_balance(
            program_id,
            indicator,
            value=value,
            counted_on=counted_on,
            source_document=source_document,
            area=area,
            command_id=command_id,
            actor=actor,
        )

    def enrol(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        funders: Sequence[str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Enrol an enterprise as binaan of the program (the actor is the officer);
        returns the enrolment's id. Enrolling it again records nothing (or re-enrols it
        after an exit); ``funders`` claim it as their outcome."""
        return self._programs.enrol(
            program_id,
            enterprise_id,
            funders=funders,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def exit_program(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The enterprise leaves the program's guidance (a reason is required)."""
        return self._programs.exit_program(
            program_id,
            enterprise_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def claim_attribution(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        funder: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """``funder`` claims this binaan as an outcome of its funding (explicitly: reports
        show attributed and deduplicated totals). Claiming again records nothing."""
        return self._programs.claim_attribution(
            program_id,
            enterprise_id,
            funder=funder,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def program(self, program_id: UUID | str) -> ProgramView:
        """The program's current definition and status."""
        return self._programs.program(program_id)

    def program_ids(self) -> Iterator[UUID]:
        """Every program's id, in the order they were planned."""
        return self._programs.program_ids()

    def enrolment(self, program_id: UUID | str, enterprise_id: UUID | str) -> EnrolmentView:
        """The enterprise's enrolment in the program (:class:`NotFound` if never enrolled)."""
        return self._programs.enrolment(program_id, enterprise_id)

    def binaan(self, program_id: UUID | str, *, as_of: date | str | None = None) -> list[UUID]:
        """Ids of the program's binaan: enrolled and not exited, now or, with ``as_of``,
        on that effective date (an enterprise that exited and came back is binaan again
        from its re-enrolment). A duplicate merged into another record is listed as the
        record it was merged into, and each business once, as progress counts them."""
        return self._programs.binaan(program_id, as_of=as_of)

    def progress(
        self,
        program_id: UUID | str,
        *,
        as_of: date | str | None = None,
        by: str | None = None,
    ) -> ProgramProgress:
        """Per indicator: baseline, target, actual, percentage, per target cell, and, with
        ``by`` (``desa``, ``kecamatan``, ``kabupaten``, ``province``, ``sector``,
        ``size_class``, ``gender``, ``youth``, ``funder``), the disaggregated rows.
        ``as_of`` is an effective date: where the program stood on that day, counting
        facts recorded later but dated by then. Reads follow writes: a command made
        through this ledger is counted."""
        return self._programs.progress(program_id, as_of=as_of, by=by)

    def dhis2(
        self,
        program_id: UUID | str,
        mapping: Dhis2Mapping | Mapping[str, Any],
        *,
        as_of: date | str | None = None,
    ) -> DataValueSet:
        """The program's progress as of ``as_of`` (default today) as the DHIS2
        ``dataValueSets`` payload ``mapping`` describes (:meth:`Dhis2Mapping.from_file`
        reads the TOML file; a dict of the same keys will do): actuals and targets per
        period, org unit and category option combo. ``.as_json()`` is the payload to
        ``POST /api/dataValueSets``, ``.dumps()`` its text. A figure the mapping gives
        no place is :class:`Dhis2MappingIncomplete`, a period DHIS2 has no notation for
        :class:`NoDhis2Period`: nothing is left out silently."""
        return self._interchange.dhis2(self.program(program_id), mapping, as_of=as_of)

    def overlap(
        self, program_ids: Sequence[UUID | str], *, as_of: date | str | None = None
    ) -> ProgramOverlap:
        """When several programs claim the same new binaan: each program's count, the
        attributed total (their sum) and the deduplicated total (each enterprise once)."""
        return self._programs.overlap(program_ids, as_of=as_of)

    def catch_up(
        self, views: Sequence[str] | None = None, *, on_page: PageDone | None = None
    ) -> int:
        """Bring the materialized views up to date; returns the log position reached."""
        return self._programs.catch_up(views, on_page=on_page)

    def rebuild(self, view: str, *, on_page: PageDone | None = None) -> None:
        """Replay ``view`` from the first event into new tables beside the current ones,
        then switch to them; queries keep answering from the old tables meanwhile."""
        return self._programs.rebuild(view, on_page=on_page)

    def follow(
        self, stop: threading.Event, *, interval: float = 1.0, on_page: PageDone | None = None
    ) -> None:
        """Keep the views current as events arrive, until ``stop`` is set (the runner
        behind ``umkm-ledger project --follow``)."""
        return self._programs.follow(stop, interval=interval, on_page=on_page)

    def view_names(self) -> list[str]:
        """The materialized views this ledger maintains."""
        return self._programs.view_names()

    def view_positions(self) -> dict[str, int]:
        """How far each view has caught up: the log position of the last event it has
        applied (0 for a view not built yet). A view is current when its position is
        :meth:`log_end`; queries bring a view up to date before they answer."""
        return self._programs.view_positions()

    def log_end(self) -> int:
        """The position of the last recorded event in the notification log."""
        return self._programs.log_end()

    # -- funding ---------------------------------------------------------------
    def register_funder(
        self,
        name: str,
        *,
        source: FundingSource | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Register a funder (``source``: ``"APBD kabupaten"``, ``"TJSL BUMN"``, ...).
        Its name is its key: enrolments' ``funders`` and allocations name it."""
        return self._funding.register_funder(
            name, source=source, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def funder(self, name_or_id: UUID | str) -> FunderView:
        """A funder by name or id (:class:`NotFound` if not registered)."""
        return self._funding.funder(name_or_id)

    def allocate(
        self,
        funder: str,
        program_id: UUID | str,
        *,
        fiscal_year: int,
        instrument: Instrument | str,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Post ``amount`` of ``funder``'s budget for the program's ``fiscal_year`` in one
        ``instrument`` (``"in-kind goods"``, ``"cash grant"``, ``"loan"``, ...); returns
        the allocation's id. Grants against it can then be approved."""
        return self._funding.allocate(
            funder,
            program_id,
            fiscal_year=fiscal_year,
            instrument=instrument,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def pledge(
        self,
        funder: str,
        program_id: UUID | str,
        *,
        fiscal_year: int,
        instrument: Instrument | str,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Record a promise of funds (a CSR pledge), reported apart from posted funds;
        :meth:`post_allocation` turns it into funds grants can draw on."""
        return self._funding.pledge(
            funder,
            program_id,
            fiscal_year=fiscal_year,
            instrument=instrument,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def post_allocation(
        self,
        allocation_id: UUID | str,
        *,
        amount: Amount | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Post a pledge in the budget (for ``amount``, default the amount pledged)."""
        return self._funding.post_allocation(
            allocation_id,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def amend_allocation(
        self,
        allocation_id: UUID | str,
        *,
        amount: Amount,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Change an allocation's amount (never below what grants committed)."""
        return self._funding.amend_allocation(
            allocation_id,
            amount=amount,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def withdraw_pledge(
        self,
        allocation_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """A pledge that will not be posted."""
        return self._funding.withdraw_pledge(
            allocation_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def allocation(self, allocation_id: UUID | str) -> AllocationView:
        """An allocation: amount, committed, remaining, released."""
        return self._funding.allocation(allocation_id)

    def propose_grant(
        self,
        allocation_id: UUID | str,
        beneficiary_id: UUID | str,
        *,
        justification: str,
        items: Sequence[GrantItem | Mapping[str, Any]] = (),
        cash: Amount | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Propose aid drawn on an allocation for an enterprise or a group: ``items``
        (goods, or goods lent) or ``cash``, as the allocation's instrument gives it."""
        return self._funding.propose_grant(
            allocation_id,
            beneficiary_id,
            justification=justification,
            items=items,
            cash=cash,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def grant(self, grant_id: UUID | str) -> GrantView:
        """A grant's current state."""
        return self._funding.grant(grant_id)

    def check_eligibility(
        self,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Check the beneficiary against the program's rules on the effective date and
        record the outcome: binaan of the program (a group: at least one member), inside
        its scope, active, and not already given the same kind of item by the program in
        the same fiscal year. A failed check is recorded with its reasons
        (``grant(id).eligibility_reasons``)."""
        return self._funding.check_eligibility(
            grant_id, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def approve_grant(
        self,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Approve an eligible grant, committing its value on the allocation. The
        beneficiary is checked again on the approval date (:class:`GrantNotEligible`:
        nothing recorded; ``check_eligibility`` records why). The approver must not be
        the proposer (the refused attempt is recorded)."""
        return self._funding.approve_grant(
            grant_id, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def reject_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Reject a grant (not by its proposer)."""
        return self._funding.reject_grant(
            grant_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def hand_over(
        self,
        grant_id: UUID | str,
        *,
        bast_number: str,
        place: str,
        items: Sequence[Delivery | Mapping[str, Any]] | Mapping[str, int] = (),
        cash: Amount | None = None,
        witnesses: Sequence[str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Record a handover (BAST): the items and quantities delivered (with serial
        numbers where they have one) or the cash paid, where, before which witnesses.
        Deliveries may come in parts; never more than approved."""
        return self._funding.hand_over(
            grant_id,
            bast_number=bast_number,
            place=place,
            items=items,
            cash=cash,
            witnesses=witnesses,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def acknowledge_handover(
        self,
        grant_id: UUID | str,
        bast_number: str,
        *,
        recipient: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The recipient acknowledged what the handover ``bast_number`` delivered."""
        return self._funding.acknowledge_handover(
            grant_id,
            bast_number,
            recipient=recipient,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def monitor_grant(
        self,
        grant_id: UUID | str,
        *,
        condition: UtilisationStatus | str,
        seen_by: str | None = None,
        note: str = "",
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """A monitoring visit found the aid ``condition`` (in use, idle, sold, broken,
        lost); ``seen_by`` defaults to the actor recording it."""
        return self._funding.monitor_grant(
            grant_id,
            condition=condition,
            seen_by=seen_by,
            note=note,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def report_grant_outcome(
        self,
        grant_id: UUID | str,
        *,
        sales_before: Amount | None = None,
        sales_after: Amount | None = None,
        note: str = "",
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """What the aid achieved (sales before and after, and/or a note)."""
        return self._funding.report_grant_outcome(
            grant_id,
            sales_before=sales_before,
            sales_after=sales_after,
            note=note,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def return_goods(
        self,
        grant_id: UUID | str,
        *,
        items: Sequence[Delivery | Mapping[str, Any]] | Mapping[str, int],
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Goods came back; their value returns to the allocation."""
        return self._funding.return_goods(
            grant_id,
            items=items,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def repay_loan(
        self,
        grant_id: UUID | str,
        *,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Part (or the rest) of a loan in kind was repaid; it returns to the allocation."""
        return self._funding.repay_loan(
            grant_id,
            amount=amount,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def cancel_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Cancel a grant before anything was handed over (its commitment returns)."""
        return self._funding.cancel_grant(
            grant_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def revoke_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Revoke an approved grant; what was not handed over returns to the allocation."""
        return self._funding.revoke_grant(
            grant_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def refer_kur(
        self,
        enterprise_id: UUID | str,
        *,
        bank: str,
        amount_requested: Amount,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Record that the enterprise was referred to ``bank`` for KUR credit."""
        return self._funding.refer_kur(
            enterprise_id,
            bank=bank,
            amount_requested=amount_requested,
            program_id=program_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def record_kur_decision(
        self,
        referral_id: UUID | str,
        *,
        approved: bool,
        bank_reference: str,
        amount: Amount | None = None,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The bank's decision on a referral: approved for ``amount``, or declined."""
        return self._funding.record_kur_decision(
            referral_id,
            approved=approved,
            bank_reference=bank_reference,
            amount=amount,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def kur_referral(self, referral_id: UUID | str) -> KurReferralView:
        return self._funding.kur_referral(referral_id)

    def funds(
        self,
        *,
        funder: str | None = None,
        program_id: UUID | str | None = None,
        fiscal_year: int | None = None,
        instrument: Instrument | str | None = None,
        by: RegionLevel | str | None = None,
        as_of: date | str | None = None,
    ) -> FundsReport:
        """The funding ledger: per allocation (funder, program, fiscal year, instrument)
        allocated, pledged, committed, delivered, released and remaining, their total,
        and with ``by`` (``desa``, ``kecamatan``, ``kabupaten``, ``province``) what the
        grants to each region hold. ``as_of`` (an effective date, default today) answers
        "where did the money stand on 31 Dec": amendments, commitments, releases and
        handovers dated later are left out. Each row also speaks IATI (``row.iati()``)."""
        return self._funding.funds(
            funder=funder,
            program_id=program_id,
            fiscal_year=fiscal_year,
            instrument=instrument,
            by=by,
            as_of=as_of,
        )

    def grants(
        self,
        *,
        program_id: UUID | str | None = None,
        beneficiary_id: UUID | str | None = None,
        status: GrantStatus | str | None = None,
    ) -> list[GrantRow]:
        """The grants of a program, of a beneficiary, in a status (all three optional)."""
        return self._funding.grants(
            program_id=program_id, beneficiary_id=beneficiary_id, status=status
        )

    def kur_referrals(
        self, *, program_id: UUID | str | None = None, enterprise_id: UUID | str | None = None
    ) -> list[KurRow]:
        """The KUR referrals of a program or of an enterprise (or all), with the banks'
        decisions."""
        return self._funding.kur_referrals(program_id=program_id, enterprise_id=enterprise_id)

    def aid_history(self, beneficiary_id: UUID | str) -> list[AidRecord]:
        """Every grant to an enterprise or a group (an enterprise's also lists the grants
        to groups it belonged to), with its handovers."""
        return self._funding.aid_history(beneficiary_id)

    def anomalies(
        self, *, as_of: date | str | None = None, unacknowledged_after_days: int = 30
    ) -> list[Anomaly]:
        """What auditors should look at (see :data:`ANOMALY_KINDS`), as of a date."""
        return self._funding.anomalies(
            as_of=as_of, unacknowledged_after_days=unacknowledged_after_days
        )

    # -- mentoring, trainings, consultations, exhibitions ----------------------
    def schedule_mentoring(
        self,
        mentor: Mentor | str,
        *,
        topics: Sequence[str],
        planned_on: Day,
        enterprises: Sequence[UUID | str] = (),
        group: UUID | str | None = None,
        program_id: UUID | str | None = None,
        mentor_kind: MentorKind | str = MentorKind.OFFICER,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Plan a mentoring session for ``enterprises`` (or a ``group``'s members) with
        ``mentor`` on ``planned_on``; returns the session's id."""
        return self._activity.schedule_mentoring(
            mentor,
            topics=topics,
            planned_on=planned_on,
            enterprises=enterprises,
            group=group,
            program_id=program_id,
            mentor_kind=mentor_kind,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def record_mentoring(
        self,
        mentor: Mentor | str,
        *,
        topics: Sequence[str],
        duration_minutes: int,
        enterprises: Sequence[UUID | str] = (),
        group: UUID | str | None = None,
        attended: Sequence[UUID | str] | None = None,
        notes: str = "",
        follow_ups: Sequence[FollowUp | Mapping[str, Any]] = (),
        program_id: UUID | str | None = None,
        mentor_kind: MentorKind | str = MentorKind.OFFICER,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Record a session after the fact, held on ``effective_date`` (``attended``:
        default everyone named); returns its id."""
        return self._activity.record_mentoring(
            mentor,
            topics=topics,
            duration_minutes=duration_minutes,
            enterprises=enterprises,
            group=group,
            attended=attended,
            notes=notes,
            follow_ups=follow_ups,
            program_id=program_id,
            mentor_kind=mentor_kind,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def hold_mentoring(
        self,
        session_id: UUID | str,
        *,
        attended: Sequence[UUID | str],
        duration_minutes: int,
        notes: str = "",
        follow_ups: Sequence[FollowUp | Mapping[str, Any]] = (),
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The session took place on ``effective_date``: who came, how long, notes and
        the follow-up actions agreed (``{"action": ..., "due": ...}``)."""
        return self._activity.hold_mentoring(
            session_id,
            attended=attended,
            duration_minutes=duration_minutes,
            notes=notes,
            follow_ups=follow_ups,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def reschedule_mentoring(
        self,
        session_id: UUID | str,
        *,
        planned_on: Day,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._activity.reschedule_mentoring(
            session_id,
            planned_on=planned_on,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def cancel_mentoring(
        self,
        session_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._activity.cancel_mentoring(
            session_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def record_no_show(
        self,
        session_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The mentor came on ``effective_date``; none of the enterprises did."""
        return self._activity.record_no_show(
            session_id, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def complete_follow_up(
        self,
        session_id: UUID | str,
        line: int,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The session's follow-up action ``line`` (1 for the first) was done."""
        return self._activity.complete_follow_up(
            session_id, line, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def mentoring_session(self, session_id: UUID | str) -> SessionView:
        return self._activity.mentoring_session(session_id)

    def mentoring_coverage(
        self,
        program_id: UUID | str,
        *,
        period: Period | str | None = None,
        at_least: int = 1,
        as_of: Day | None = None,
    ) -> CoverageReport:
        """Which binaan of the program were mentored in ``period`` (default: the
        program's), how often and how long ago, who was never visited, and each mentor's
        workload. Counts the program's held sessions up to ``as_of`` (default today)."""
        return self._activity.mentoring_coverage(
            program_id, period=period, at_least=at_least, as_of=as_of
        )

    def organise_training(
        self,
        title: str,
        *,
        organiser: str,
        venue: str,
        region: RegionCode | str,
        days: Sequence[Day],
        topics: Sequence[str],
        trainers: Sequence[str] = (),
        funder: str | None = None,
        partner: str | None = None,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Organise a Bimtek; returns its id."""
        return self._activity.organise_training(
            title,
            organiser=organiser,
            venue=venue,
            region=region,
            days=days,
            topics=topics,
            trainers=trainers,
            funder=funder,
            partner=partner,
            program_id=program_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def register_participant(
        self,
        training_id: UUID | str,
        *,
        person: Owner | Mapping[str, Any],
        enterprise_id: UUID | str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Register a person (``name``, ``nik``, ``gender``, ``birth_year``) for a
        training, for the enterprise they represent."""
        return self._activity.register_participant(
            training_id,
            person=person,
            enterprise_id=enterprise_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def record_attendance(
        self,
        training_id: UUID | str,
        *,
        present: Sequence[NIK | str],
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The attendance list of the training day ``effective_date``: the NIKs of those
        present (each must be registered)."""
        return self._activity.record_attendance(
            training_id,
            present=present,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def complete_training(
        self,
        training_id: UUID | str,
        nik: NIK | str,
        *,
        certificate: str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """The person completed the training (after attending every day of it)."""
        return self._activity.complete_training(
            training_id,
            nik,
            certificate=certificate,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def link_training_grant(
        self,
        training_id: UUID | str,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Aid handed over at the training belongs to ``grant_id``."""
        return self._activity.link_training_grant(
            training_id, grant_id, command_id=command_id, effective_date=effective_date, actor=actor
        )

    def cancel_training(
        self,
        training_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._activity.cancel_training(
            training_id,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def training(self, training_id: UUID | str) -> TrainingView:
        """A training: its days, participants (NIKs masked) with their attendance and
        completion, and the grants handed over at it."""
        return self._activity.training(training_id)

    def record_consultation(
        self,
        enterprise_id: UUID | str,
        *,
        place: str,
        consultant: Mentor | str,
        topic: str,
        outcome: str,
        consultant_kind: MentorKind | str = MentorKind.PLUT_CONSULTANT,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """An enterprise's consultation at a PLUT (or the office) on ``effective_date``."""
        return self._activity.record_consultation(
            enterprise_id,
            place=place,
            consultant=consultant,
            topic=topic,
            outcome=outcome,
            consultant_kind=consultant_kind,
            program_id=program_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def consultation(self, consultation_id: UUID | str) -> ConsultationView:
        return self._activity.consultation(consultation_id)

    def organise_exhibition(
        self,
        name: str,
        *,
        organiser: str,
        venue: str,
        region: RegionCode | str,
        days: Sequence[Day],
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Organise a pameran; returns its id."""
        return self._activity.organise_exhibition(
            name,
            organiser=organiser,
            venue=venue,
            region=region,
            days=days,
            program_id=program_id,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def take_part(
        self,
        exhibition_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        outcome: str,
        products: Sequence[str] = (),
        sales: Rupiah | int | str | None = None,
        command_id: str | None = None,
        effective_date: Day | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """An enterprise took part in the exhibition on ``effective_date``, showing
        ``products``; what came of it (and ``sales`` made there, if known)."""
        return self._activity.take_part(
            exhibition_id,
            enterprise_id,
            outcome=outcome,
            products=products,
            sales=sales,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    def exhibition(self, exhibition_id: UUID | str) -> ExhibitionView:
        return self._activity.exhibition(exhibition_id)

    def timeline(
        self, enterprise_id: UUID | str, *, locale: str = "en", personal: bool = True
    ) -> list[TimelineEntry]:
        """Everything that happened to one enterprise, across every record (its own,
        enrolments, grants to it or its groups, KUR referrals, mentoring, trainings its
        people attended, consultations, exhibitions), in effective-date order (ties: in
        the order recorded), each with who recorded it and why. ``personal=False``: the
        summaries name no person (as :meth:`history`)."""
        return self._activity.timeline(enterprise_id, locale=locale, personal=personal)

    # -- corrections -----------------------------------------------------------
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
        return self._corrections.correct(
            record_id,
            version=version,
            changes=changes,
            reason=reason,
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
        )

    # -- the public event feed ---------------------------------------------------
    def feed(
        self,
        *,
        after: int = 0,
        limit: int = 1000,
        types: Sequence[str] | None = None,
        source: str | None = None,
        personal: PersonalData | str = "pseudonymous",
        pseudonym_key: bytes | None = None,
    ) -> FeedPage:
        """The recorded facts after log position ``after`` as CloudEvents (plain JSON
        dicts; see :mod:`umkm_ledger.interchange.feed`), at most ``limit`` (1 to 10 000),
        only of ``types`` when given (stored type names, record or context names:
        ``"funding.Grant"``). ``page.position`` is where to continue from.

        NIKs are masked (or, with a ``pseudonym_key`` of 16 bytes or more, replaced by a
        keyed pseudonym) and names, birth years and street addresses left out, unless
        ``personal="full"``: only for readers entitled to the personal data. ``source``
        names the ledger in each event (default: a URN made from its first event)."""
        return self._interchange.feed(
            after=after, limit=limit, types=types, source=source, personal=personal,
            pseudonym_key=pseudonym_key,
        )  # fmt: skip

    def follow_feed(
        self,
        *,
        after: int = 0,
        limit: int = 1000,
        types: Sequence[str] | None = None,
        source: str | None = None,
        personal: PersonalData | str = "pseudonymous",
        pseudonym_key: bytes | None = None,
        interval: float = 1.0,
        stop: Callable[[], bool] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Like :meth:`feed`, but every event after ``after`` and then each new one as it
        is recorded (checking every ``interval`` seconds), until ``stop()`` is true (None:
        for ever)."""
        return self._interchange.follow_feed(
            after=after, limit=limit, types=types, source=source, personal=personal,
            pseudonym_key=pseudonym_key, interval=interval, stop=stop or (lambda: False),
        )  # fmt: skip

    # -- IATI activity files ------------------------------------------------------
    def iati(
        self,
        program_ids: UUID | str | Sequence[UUID | str],
        *,
        reporting_org: str,
        reporting_org_type: str | int | None = None,
        reporting_org_name: str | None = None,
        as_funder: str | None = None,
        org_refs: Mapping[str, str] | None = None,
        org_types: Mapping[str, str | int] | None = None,
        by_region: str | None = None,
        language: str = "en",
        as_of: date | str | None = None,
        generated_at: datetime | str | None = None,
        kbli_uris: Mapping[int, str] | None = None,
        dac_sector: str = DAC_SECTOR,
        place_names: PlaceNames | None = None,
    ) -> IatiFile:
        """An IATI 2.03 activity file of one program or several (one ``iati-activity``
        each, identified as ``<reporting_org>-<program id>``), as of ``as_of`` (an
        effective date, default today): ``.xml`` to publish, ``.write(path)`` to a new
        file.

        ``reporting_org`` is the publisher's IATI organisation identifier
        (``XM-DAC-...``, ``ID-COA-...``; :class:`InvalidValue` otherwise). By default the
        program's office reports (type ``11``, Local Government, unless
        ``reporting_org_type`` says another; named as the program's agency unless
        ``reporting_org_name``): every funder's money that reaches the program. With
        ``as_funder`` (a registered funder's name) that funder reports its own money
        only; which IATI transaction type each movement becomes for each is
        :data:`umkm_ledger.funding.iati.TRANSACTION_TABLE`. ``org_refs`` and
        ``org_types`` give the IATI identifiers and types of the funders, offices and
        groups the file names (by their names in the ledger). Results are broken down by
        sex and by region at the level of the program's scope, or ``by_region``
        (``desa``, ``kecamatan``, ``kabupaten``, ``province``). Texts the ledger writes
        are in ``language`` (``en`` or ``id``), the file's ``xml:lang``.
        ``generated_at`` (default now) is the file's ``generated-datetime``: give it to
        make the same file twice. ``place_names`` gives regions' names (default: the
        ledger's region names, :attr:`regions`; a region it does not name is written by
        its code only); ``kbli_uris`` the page of each KBLI version;
        ``dac_sector`` the OECD DAC purpose code (default 32130, SME development).

        No personal data is written: no owner, no NIK, no enterprise's name (groups that
        received aid are named)."""
        return self._iati.iati(
            program_ids, reporting_org=reporting_org, reporting_org_type=reporting_org_type,
            reporting_org_name=reporting_org_name, as_funder=as_funder, org_refs=org_refs,
            org_types=org_types, by_region=by_region, language=language, as_of=as_of,
            generated_at=generated_at, kbli_uris=kbli_uris, dac_sector=dac_sector,
            place_names=place_names,
        )  # fmt: skip

    # -- API tokens (who may act through the HTTP service) ---------------------------
    def issue_token(
        self,
        holder: Actor | str,
        *,
        label: str = "",
        expires_on: date | str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> IssuedToken:
        """Issue an API token to ``holder`` (``"siti@petugas"``; the role one of
        :data:`umkm_ledger.access.roles.ROLES`), working until revoked or after
        ``expires_on``. The result's ``secret`` is shown this once: the ledger keeps
        only its digest. The issue is an event recorded under ``actor``. There is no
        command id: every issue makes a new secret, so no two are the same command."""
        return self._access.issue_token(
            holder, label=label, expires_on=expires_on, effective_date=effective_date,
            actor=actor,
        )  # fmt: skip

    def revoke_token(
        self,
        token_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Revoke an API token, for ``reason``: requests with it are refused from now on."""
        return self._access.revoke_token(
            token_id, reason=reason, command_id=command_id, effective_date=effective_date,
            actor=actor,
        )  # fmt: skip

    def token(self, token_id: UUID | str) -> TokenView:
        """An API token's record (never its secret)."""
        return self._access.token(token_id)

    def tokens(self) -> list[TokenView]:
        """Every API token issued, in the order they were issued."""
        return self._access.tokens()

    def authenticate(self, secret: object) -> TokenView | None:
        """The token whose secret this is, when it works today; None otherwise."""
        return self._access.authenticate(secret)

    # -- personal data (UU 27/2022): erasure ---------------------------------------
    def request_erasure(
        self,
        nik: NIK | str,
        *,
        ground: ErasureGround | str,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Ask for the personal data of the person with ``nik`` to be erased, on one of
        the grounds of UU 27/2022 Pasal 43 (:class:`ErasureGround`) and for ``reason``;
        returns the erasure's id. A second officer approves it (:meth:`approve_erasure`).
        The request names the person by their key store id, never by the NIK. A NIK the
        ledger never recorded (or already erased) is :class:`NotFound`."""
        return self._privacy.request_erasure(
            nik, ground=ground, reason=reason, command_id=command_id,
            effective_date=effective_date, actor=actor,
        )  # fmt: skip

    def approve_erasure(
        self,
        erasure_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Approve an erasure (not by the officer who requested it) and destroy the
        person's key: from then on their NIK, name and birth details read as erased
        everywhere (records, views, reports, the feed, backups made after), while their
        records, counts and money stay and the log still verifies. Cannot be undone."""
        return self._privacy.decide_erasure(
            erasure_id, approve=True, reason=reason, command_id=command_id,
            effective_date=effective_date, actor=actor,
        )  # fmt: skip

    def reject_erasure(
        self,
        erasure_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        """Reject an erasure, for ``reason`` (not by the officer who requested it)."""
        return self._privacy.decide_erasure(
            erasure_id, approve=False, reason=reason, command_id=command_id,
            effective_date=effective_date, actor=actor,
        )  # fmt: skip

    def migrate_personal_data_from(
        self,
        source: Ledger,
        *,
        reason: str,
        actor: Actor | str | None = None,
        on_progress: Callable[[int, int], object] | None = None,
    ) -> MigrationSummary:
        """Copy the log of ``source``, a ledger from before personal data was sealed, into
        this new, empty ledger with every NIK, owner and trainee sealed with a key of
        their own (:mod:`umkm_ledger.interchange.migration`), then record the migration
        (both Merkle roots, for ``reason``) as this ledger's next event. Open this ledger
        with ``source``'s secret file: its owner ids were keyed with it. ``source`` is
        not changed; once this ledger is in use, destroy it and its backups (they hold
        the personal data in plain)."""
        summary = self._interchange.migrate_from(source.application, on_progress=on_progress)
        self._privacy.record_migration(
            {"events": summary.events, "last_position": summary.last_position,
             "source_root": summary.source_root, "target_root": summary.target_root,
             "people": summary.people},
            reason=reason, actor=actor,
        )  # fmt: skip
        return summary

    def erasure(self, erasure_id: UUID | str) -> ErasureView:
        """One erasure: its ground, who asked and decided, whether the key is gone."""
        return self._privacy.erasure(erasure_id)

    def erasures(self) -> list[ErasureView]:
        """Every erasure requested in this ledger."""
        return self._privacy.erasures()

    # -- backup, restore, moving to PostgreSQL -------------------------------------
    def export(
        self, path: str | Path, *, on_progress: Callable[[int, int], object] | None = None
    ) -> BackupSummary:
        """Write the whole log to a new JSON Lines file at ``path`` with full fidelity:
        every stored event as stored, at its position, with its Merkle leaf (see
        :mod:`umkm_ledger.interchange.backup`). Safe while others record: it holds what
        was recorded when it began. A ledger that does not verify is not exported
        (:class:`~umkm_ledger.interchange.backup.LedgerNotExportable`).
        ``on_progress(position, end)`` is told how far it got, every 10 000 events."""
        return self._interchange.export(path, on_progress=on_progress)

    def restore(
        self,
        path: str | Path,
        *,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
        on_progress: Callable[[int, int], object] | None = None,
    ) -> BackupSummary:
        """Load an export into this ledger, which must hold no event yet. Before anything
        is written the whole file is checked: every leaf recomputed, positions in order,
        each record's versions 1, 2, 3..., every event readable by this ledger, the count
        and the Merkle root as the export wrote them (:class:`BackupNotValid` otherwise).
        Those hashes are not keyed: they catch damage, not a forger who recomputes them.
        With the ``checkpoint`` an auditor signed (and its ``public_key``), the file is
        also refused unless its first events make the signed tree: then the restored
        ledger is the one that was signed. The restored log keeps every position, so
        checkpoints signed over the original verify against it, on this backend or another
        (how an office moves from SQLite to PostgreSQL). Open this ledger with the exported
        ledger's secret file (``secret_file``) or cipher key: its owner ids were made with
        that secret, and a restore without it is refused (:class:`WrongLedgerSecret`)."""
        return self._interchange.restore(
            path,
            checkpoint=None if checkpoint is None else to_checkpoint(checkpoint),
            public_key=None if public_key is None else to_public_key(public_key),
            on_progress=on_progress,
        )

    def copy_database(self, path: str | Path) -> int:
        """A consistent copy of a SQLite ledger's file at ``path`` (a new file) while it is
        in use, with SQLite's online backup API; its size in bytes."""
        return self._interchange.copy_sqlite(path)

    # -- audit -----------------------------------------------------------------
    def verify(
        self,
        *,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
        on_progress: Callable[[int, int], object] | None = None,
        views: bool = True,
        on_views_progress: Callable[[int, int], object] | None = None,
    ) -> Verification:
        """Recompute the Merkle tree over every stored event and check each against the
        leaf hash written with it; with a checkpoint (and the public key that signed it),
        check that the log still begins with the records it signed; then (``views``)
        compare every view with the same view folded afresh from the events up to the
        position it tracks (:mod:`umkm_ledger.audit.view_check`). ``str()`` of the
        result says OK with counts, or the first bad record and what is wrong, and each
        view that does not agree with how to repair it. ``on_progress(position, end)``
        is told how far the log check got, every 10 000 events;
        ``on_views_progress(position, end)`` how far the fresh fold got. Nothing is
        written to the ledger (the fresh fold is kept in a temporary file)."""
        return self._audit.verify(
            checkpoint=checkpoint,
            public_key=public_key,
            on_progress=on_progress,
            views=views,
            on_views_progress=on_views_progress,
        )

    def replay(
        self,
        record_id: UUID | str,
        *,
        as_of: date | str | None = None,
        known_at: datetime | str | None = None,
        locale: str = "en",
    ) -> list[HistoryStep]:
        """A record's history (any record: grant, enterprise, group, program...) as of
        an effective date and as known at a moment: every step with its actor, role,
        effective date, recorded time and reason, corrections right after what they
        correct, and the record's state after each step (see
        :mod:`umkm_ledger.audit.replay`)."""
        return self._audit.replay(record_id, as_of=as_of, known_at=known_at, locale=locale)

    def audit_trail(
        self,
        *,
        actor: str | None = None,
        role: str | None = None,
        funder: str | None = None,
        program_id: UUID | str | None = None,
        period: Period | str | None = None,
        kind: str | None = None,
        record_id: UUID | str | None = None,
    ) -> list[TrailRow]:
        """Every event of every record matching the filters, in the order recorded: by
        actor (user id), role, funder, program, ``period`` (effective dates,
        ``"2023-01-01..2023-12-31"``), event ``kind`` (``"Approved"`` or
        ``"Grant.Approved"``) or record. Each row carries the whole envelope. A funder,
        program or record that the ledger does not know is :class:`NotFound` (an actor,
        role or kind with no events gives no rows)."""
        return self._audit.audit_trail(
            actor=actor,
            role=role,
            funder=funder,
            program_id=program_id,
            period=period,
            kind=kind,
            record_id=record_id,
        )

    def audit_report(
        self,
        grant_id: UUID | str | None = None,
        *,
        program_id: UUID | str | None = None,
        funder: str | None = None,
        as_of: date | str | None = None,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
        locale: str = "en",
    ) -> AuditReport:
        """An audit report of one grant, or of a program's or a funder's records: the
        history (with the grant's state after each step), the anomaly findings with their
        rule and the events that triggered them, and the ledger's verification (against
        the checkpoint, when given). ``report.to_html()`` is one self-contained file;
        ``to_json()`` and ``to_csv()`` are for working papers."""
        return self._audit.audit_report(
            grant_id,
            program_id=program_id,
            funder=funder,
            as_of=as_of,
            checkpoint=checkpoint,
            public_key=public_key,
            locale=locale,
        )

    def checkpoint(
        self, key: Ed25519PrivateKey | bytes, *, origin: str | None = None
    ) -> Checkpoint:
        """Sign (tree size, root hash, time) of the ledger as it is now. A ledger that
        fails verification is not signed (:class:`LedgerNotIntact`)."""
        return self._audit.checkpoint(key, origin=origin)

    def proof_bundle(
        self, record_id: UUID | str, *, checkpoint: Checkpoint | Mapping[str, Any] | str | bytes
    ) -> dict[str, Any]:
        """A grant's (or any record's) events with inclusion proofs against the
        checkpoint, for :func:`umkm_ledger.audit.bundle.check_bundle` to check offline."""
        return self._audit.proof_bundle(record_id, checkpoint=checkpoint)

    def history(
        self, record_id: UUID | str, *, locale: str = "en", personal: bool = True
    ) -> list[EventRecord]:
        """Every event of an enterprise or group, oldest first, with its envelope, what it
        corrects and what later corrected it. Nothing is ever left out. ``personal=False``
        (for a reader without the right to personal data): the summaries name no person,
        and each event's ``fields`` still hold it (show them through a pseudonymous
        :class:`~umkm_ledger.interchange.plain.PlainForm`)."""
        return self._audit.history(record_id, locale=locale, personal=personal)

    # -- ids -------------------------------------------------------------------
    def resolve_id(
        self,
        prefix: UUID | str,
        kind: str | Collection[str] | None = None,
        *,
        field: str = "id",
    ) -> UUID:
        """The id of the one record (of ``kind``: ``"grant"``, or several such as
        ``("enterprise", "group")``; default any) whose id starts with ``prefix``, at
        least 8 hex digits as histories print them (``3f2a9c1e``); a whole id is
        returned as it is, unlooked-up.

        Raises :class:`NotFound` when no record of that kind has such an id, and
        :class:`AmbiguousId` (an :class:`InvalidValue`) naming some of them when several
        do. The lookup reads the start of the events table's index, not the log."""
        return self._ids.resolve_id(prefix, kind, field=field)
