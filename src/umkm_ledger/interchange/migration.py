"""The migration of a ledger from before sealing into a new, sealed one.

A ledger made before personal data was sealed per person holds NIKs and names in plain
events, which no erasure can reach (events are never edited). The migration copies its
log into a new, empty ledger, every event at its own position and version, each decoded
as the old ledger reads it and written again as the new one writes it: NIKs, owners and
trainees sealed with keys of their own, everything else the same facts. The new ledger's
leaves hash the new bytes, so it has a Merkle tree of its own; what links the two is in
the :class:`MigrationSummary` and in the new ledger's last event (a
``privacy.PersonalDataMigration.Recorded``): how many events were copied, up to which
position, and both roots. An auditor verifies the old ledger against its checkpoints one
last time, then the new one (``audit verify``), and signs a checkpoint of it.

The copy is written in one transaction: nothing is written unless all of it is. The old
ledger is left as it was: once the new one is in use, destroy it and its backups under
the office's retention rule (they still hold the plain personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.persistence import StoredEvent

from umkm_ledger.audit import merkle
from umkm_ledger.audit.verify import Finding, log_leaves
from umkm_ledger.enterprises.commands import owner_index_id
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.indexes import OwnerIndex
from umkm_ledger.kernel.errors import N_, ConfigurationError
from umkm_ledger.kernel.values import NIK
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.audited import LeafRecorder, RestoredRow
from umkm_ledger.platform.leaves import record_leaf_hash
from umkm_ledger.platform.ledger_secret import check_restore
from umkm_ledger.platform.receipts import CommandReceipt

__all__ = ["MigrationRefused", "MigrationSummary", "sealed_copy"]

_PAGE = 2_000


class MigrationRefused(ConfigurationError):
    """The migration cannot run as asked (the source is sealed already, does not verify,
    or the target is not a new ledger with the source's secret): nothing was written."""


@attrs.frozen
class MigrationSummary:
    """What a migration copied: the events, up to which position, and the Merkle roots of
    the old log and of the new one over the same positions."""

    events: int
    last_position: int
    source_root: str
    target_root: str
    #: People given a key of their own in the new ledger.
    people: int


def sealed_copy(
    source: LedgerApplication,
    target: LedgerApplication,
    *,
    on_progress: Callable[[int, int], object] | None = None,
) -> MigrationSummary:
    """Copy ``source``'s log into the empty ``target``, sealing personal data (above)."""
    if source.seals_personal_data:
        raise MigrationRefused(N_("the ledger already seals personal data: nothing to migrate"))
    recorder = target.recorder
    if not isinstance(recorder, LeafRecorder) or not hasattr(recorder, "datastore"):
        raise MigrationRefused(N_("migrate into SQLite or PostgreSQL, not into a ledger in memory"))
    if recorder.max_notification_id():
        raise MigrationRefused(N_("migrate into a new, empty ledger"))
    old = source.ledger_secret
    keyed = check_restore(target.ledger_secret, old.check_value, plain_ids=not old.keyed_ids)
    target.restored_ids(keyed=keyed, sealed=True)
    end = source.recorder.max_notification_id() or 0
    # First every person gets a key (the key store is written outside the copy's
    # transaction, which on SQLite holds the database's only write lock), then the
    # copy, sealed with the keys now known.
    index_ids = _OwnerIndexIds(source, target)
    for event, _ in _copied(source, target, end, None):
        index_ids.follow(event)
    target.person_keys.flush()
    written: list[bytes] = []
    old_leaves: list[bytes] = []

    def pages() -> Iterator[Sequence[RestoredRow]]:
        page: list[RestoredRow] = []
        for row, old_leaf in _copied(source, target, end, on_progress, index_ids):
            page.append(row)
            written.append(row[5])
            old_leaves.append(old_leaf)
            if len(page) == _PAGE:
                yield page
                page = []
        if page:
            yield page

    recorder.restore_rows(pages())
    last = end if written else 0
    return MigrationSummary(
        events=len(written),
        last_position=last,
        source_root=merkle.root(old_leaves).hex(),
        target_root=merkle.root(written).hex(),
        people=len(target.person_keys.rows()),
    )


class _OwnerIndexIds:
    """The owner indexes' ids in the sealed ledger: made from the person the key store
    knows each owner as, not from the NIK (see :meth:`OwnerIndex.id_for`), so the copy's
    index records are renamed. Which old id is whose is found by following every
    enterprise's owners, desa and sector through its events."""

    def __init__(self, source: LedgerApplication, target: LedgerApplication) -> None:
        self._source, self._target = source, target
        self._enterprises: dict[UUID, Enterprise] = {}
        self._renamed: dict[UUID, UUID] = {}
        #: The owners named by each registration's receipt (receipt id -> people).
        self.registered: dict[UUID, list[UUID]] = {}

    def follow(self, event: Any) -> None:
        """Take in one event of the old log (in order)."""
        if isinstance(event, CommandReceipt.Executed):
            # A registration's receipt follows its events: the owners it named are the
            # enterprise's owners now.
            registered = self._enterprises.get(event.result)
            if event.command == "register_enterprise" and registered is not None:
                people = self._target.person_keys
                self.registered[event.originator_id] = [
                    people.person_for(owner.nik) for owner in registered.owners
                ]
            return
        if not isinstance(event, Enterprise.Event):
            return
        enterprise = event.mutate(self._enterprises.get(event.originator_id))
        assert isinstance(enterprise, Enterprise)
        self._enterprises[event.originator_id] = enterprise
        for key in enterprise.owner_keys():
            old = owner_index_id(self._source, key)
            if old not in self._renamed:
                self._renamed[old] = owner_index_id(self._target, key)

    def rename(self, event: Any) -> None:
        """Give an owner index's event the id its index has in the sealed ledger."""
        if not isinstance(event, OwnerIndex.Event):
            return
        new = self._renamed.get(event.originator_id)
        if new is None:
            raise MigrationRefused(
                N_(
                    "an owner index ({record}) names no owner of any enterprise: the "
                    "ledger does not read as it was written",
                    record=str(event.originator_id),
                )
            )
        vars(event)["originator_id"] = new


def _copied(
    source: LedgerApplication,
    target: LedgerApplication,
    end: int,
    on_progress: Callable[[int, int], object] | None,
    index_ids: _OwnerIndexIds | None = None,
) -> Iterator[tuple[Any, bytes]]:
    """Each event of ``source`` up to ``end`` (with ``index_ids``: renamed, as a row that
    ``target`` writes), with its old leaf."""
    decode, encode = source.mapper.to_domain_event, target.mapper.to_stored_event
    residents: dict[UUID, NIK] = {}  # an enterprise's first owner, whose key seals its street
    for count, item in enumerate(log_leaves(source.recorder, upto=end), start=1):
        if isinstance(item, Finding) or item.stored_hash != item.leaf_hash:
            raise MigrationRefused(
                N_(
                    "the ledger does not verify: a migration would copy the damage; "
                    "`umkm-ledger audit verify` says what is wrong"
                )
            )
        event = decode(
            StoredEvent(
                originator_id=item.record_id,
                originator_version=item.version,
                topic=item.topic,
                state=item.state,
            )
        )
        _with_residents(event, residents)
        if index_ids is None:
            # The first pass: the events, to give every person a key (sealing encodes).
            encode(event)
            yield event, item.leaf_hash
            continue
        _with_keyed_digests(event, target, index_ids)
        index_ids.rename(event)
        stored = encode(event)
        # The stored name as the new ledger writes it (an old topic is read as its name).
        record_id, topic = stored.originator_id, stored.topic
        assert isinstance(record_id, UUID)
        leaf = record_leaf_hash(item.position, record_id, item.version, topic, stored.state)
        row: RestoredRow = (item.position, record_id, item.version, topic, stored.state, leaf)
        yield row, item.leaf_hash
        if on_progress is not None and count % 10_000 == 0:
            on_progress(item.position, end)
    if on_progress is not None:
        on_progress(end, end)


def _with_residents(event: Any, residents: dict[UUID, NIK]) -> None:
    """Give the address of an enterprise's registration (or of its correction) its
    resident, as a sealed ledger records it: the street is then sealed with the first
    owner's key (a ledger from before sealing wrote addresses without one)."""
    if not isinstance(event, Enterprise.Registered | Enterprise.Corrected):
        return
    state = vars(event)
    if isinstance(event, Enterprise.Registered):
        residents[event.originator_id] = event.owners[0].nik
        state["address"] = event.address.lived_in_by(event.owners[0].nik)
        return
    changes = dict(event.changes)
    if event.corrects_kind != "Registered":
        return
    if changes.get("owners"):
        residents[event.originator_id] = changes["owners"][0].nik
    resident = residents.get(event.originator_id)
    if "address" in changes and resident is not None:
        changes["address"] = changes["address"].lived_in_by(resident)
        state["changes"] = changes


def _with_keyed_digests(event: Any, target: LedgerApplication, index_ids: _OwnerIndexIds) -> None:
    """Key a command receipt's digests as the sealed ledger keeps them: the old plain
    SHA-256 of an argument holding a NIK could be tested against guesses offline. A
    registration's are keyed by its owners' own keys too, as the sealed ledger keys a
    new one's (:mod:`umkm_ledger.platform.digests`); other receipts, whose arguments the
    log does not keep, by the ledger's secret alone."""
    if not isinstance(event, CommandReceipt.Executed):
        return
    people = index_ids.registered.get(event.originator_id)
    key = target.digests.key_of_people(people) if people else None
    state = vars(event)
    state["fingerprint"] = target.digests.keyed(event.fingerprint, key)
    state["digests"] = {name: target.digests.keyed(d, key) for name, d in event.digests.items()}
