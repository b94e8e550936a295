"""The Ledger's way in and out for other systems: the public event feed, and (see
:mod:`umkm_ledger.interchange.backup`) export and restore of the whole log."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from umkm_ledger.audit import merkle
from umkm_ledger.audit.checkpoint import Checkpoint
from umkm_ledger.enterprises.indexes import OwnerIndex
from umkm_ledger.interchange.backup import (
    BackupNotValid,
    BackupSummary,
    export_log,
    read_backup,
    sealed_backup,
    secret_check_of_backup,
)
from umkm_ledger.interchange.dhis2.mapping import Dhis2Mapping
from umkm_ledger.interchange.dhis2.payload import DataValueSet, data_value_set
from umkm_ledger.interchange.feed import FeedPage, FeedReader
from umkm_ledger.interchange.migration import MigrationSummary, sealed_copy
from umkm_ledger.interchange.plain import PersonalData, PlainForm
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import to_date
from umkm_ledger.kernel.errors import N_, ConfigurationError, InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.event_types import aggregate_of
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.audited import (
    LeafRecorder,
    LogCannotBeRestored,
    LogNotEmpty,
    RestoredRow,
)
from umkm_ledger.platform.faults import is_storage_error, storage_fault
from umkm_ledger.platform.ledger_secret import check_restore
from umkm_ledger.platform.new_files import in_a_folder, new_text_file
from umkm_ledger.platform.person_keys import KeyRow
from umkm_ledger.platform.session import Session
from umkm_ledger.platform.sqlite_files import copy_online
from umkm_ledger.programs.progress import Facts
from umkm_ledger.programs.readmodels import ProgramView

__all__ = ["InterchangeService", "RestoreRefused", "to_personal"]


#: The UUID version of owner-index ids made before ledgers had secrets (uuid5).
_PLAIN_ID_VERSION = 5


class RestoreRefused(ConfigurationError):
    """A restore into a ledger that cannot take it (it holds events already, it cannot
    read the backup's events, or it keeps them in memory). Nothing was written."""


def _signed(checkpoint: Checkpoint, public_key: Ed25519PublicKey, hashes: list[bytes]) -> None:
    """Refuse a backup that is not the ledger ``checkpoint`` signed: its first
    ``tree_size`` events must make the signed root."""
    if not checkpoint.verify(public_key):
        raise RestoreRefused(N_("the checkpoint is not signed by that public key"))
    size = checkpoint.tree_size
    if size > len(hashes) or merkle.root(hashes[:size]) != checkpoint.root_hash:
        raise BackupNotValid(
            "file",
            str(size),
            N_(
                "is not the ledger the checkpoint signed: its first {size} events do not make "
                "the signed tree root",
                size=size,
            ),
        )


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

    # -- backup and restore ----------------------------------------------------------

    def export(
        self, path: str | Path, *, on_progress: Callable[[int, int], object] | None
    ) -> BackupSummary:
        with new_text_file(path) as out:
            return export_log(
                self._session.app.recorder,
                out,
                origin=self._session.url,
                secret=self._session.app.ledger_secret,
                person_keys=self._keys,
                on_progress=on_progress,
            )

    def restore(
        self,
        path: str | Path,
        *,
        checkpoint: Checkpoint | None,
        public_key: Ed25519PublicKey | None,
        on_progress: Callable[[int, int], object] | None,
    ) -> BackupSummary:
        if (checkpoint is None) != (public_key is None):
            raise InvalidValue(
                "checkpoint", "", N_("a checkpoint is checked with the public key that signed it")
            )
        plain_ids = False  # whether an owner-index record has an id made before secrets

        def checked(number: int, row: RestoredRow) -> None:
            nonlocal plain_ids
            self._readable(number, row)
            if aggregate_of(row[3]) is OwnerIndex and row[1].version == _PLAIN_ID_VERSION:
                plain_ids = True

        summary, hashes, pages, keys = read_backup(Path(path), check_event=checked)
        if checkpoint is not None and public_key is not None:
            _signed(checkpoint, public_key, hashes)
        app = self._session.app
        recorder = app.recorder
        assert isinstance(recorder, LeafRecorder)
        # The restored ledger makes its ids as the exported one did, so it needs the same
        # secret; checked before anything is written (a ledger holding events is refused
        # by restore_rows below).
        if not recorder.max_notification_id():
            keyed = check_restore(app.ledger_secret, secret_check_of_backup(Path(path)), plain_ids)
            # Marked before the rows go in: if the restore fails, the ledger is still
            # empty, and an empty ledger's ids are keyed again when it is next opened.
            app.restored_ids(keyed=keyed, sealed=sealed_backup(Path(path)))
            # The keys first: an event is never in the ledger without its person's key.
            app.person_keys.restore(keys)

        def counted() -> Iterator[Sequence[RestoredRow]]:
            for page in pages():
                yield page
                if on_progress is not None:
                    on_progress(page[-1][0], summary.last_position)

        try:
            recorder.restore_rows(counted())
        except LogNotEmpty as full:
            raise RestoreRefused(
                N_(
                    "{url} already holds events (up to position {position}): restore into a "
                    "new, empty ledger",
                    url=self._session.url,
                    position=full.events,
                )
            ) from None
        except LogCannotBeRestored:
            raise RestoreRefused(
                N_("a ledger in memory cannot be restored into: restore into SQLite or PostgreSQL")
            ) from None
        return summary

    def migrate_from(
        self, source: LedgerApplication, *, on_progress: Callable[[int, int], object] | None
    ) -> MigrationSummary:
        return sealed_copy(source, self._session.app, on_progress=on_progress)

    def _keys(self) -> list[KeyRow]:
        app = self._session.app
        return app.person_keys.rows() if app.seals_personal_data else []

    def _readable(self, number: int, row: RestoredRow) -> None:
        """Refuse an event this ledger cannot read back: a type it does not know, a state
        it cannot decode (another cipher key, or bytes edited), before anything is
        written."""
        _position, record, version, topic, state, _leaf = row
        if aggregate_of(topic) is None:
            raise BackupNotValid(
                f"line {number}", topic[:60], N_("is not a type of event this ledger records")
            )
        try:
            self._session.app.decode((record, version, topic, state))
        except Exception as error:  # the cipher's and the decoder's errors vary
            raise RestoreRefused(
                N_(
                    "this ledger cannot read the backup's event at line {line} ({error}): open "
                    "it with the cipher key the exported ledger had, or the file was edited",
                    line=number,
                    error=type(error).__name__,
                )
            ) from None

    def copy_sqlite(self, path: str | Path) -> int:
        source = self._session.storage_site.sqlite_path
        if source is None:
            raise ConfigurationError(
                N_(
                    "an online copy of the database file is for SQLite ledgers; export the "
                    "log instead (umkm-ledger export), or use the database's own backup"
                )
            )
        target = Path(path)
        in_a_folder(target)
        return copy_online(source, str(target))

    def dhis2(
        self,
        program: ProgramView,
        mapping: Dhis2Mapping | Mapping[str, Any],
        *,
        as_of: date | str | None,
    ) -> DataValueSet:
        if isinstance(mapping, Mapping):
            mapping = Dhis2Mapping.from_mapping(mapping)
        elif not isinstance(mapping, Dhis2Mapping):
            raise InvalidValue(
                "mapping",
                type(mapping).__name__,
                N_("must be a Dhis2Mapping (Dhis2Mapping.from_file) or the mapping's keys"),
            )
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        return data_value_set(Facts(self._session.views()), program, mapping, as_of=day)

    def _reading(self, read: Callable[[], FeedPage]) -> FeedPage:
        try:
            return read()
        except UmkmLedgerError:
            raise
        except Exception as error:  # the driver's own error types vary by backend
            if is_storage_error(error):
                raise storage_fault(error, self._session.storage_site) from error
            raise
