"""The event-sourced application: commands in domain terms, saved atomically.

Every command follows get → command → save and returns the id of the record it is
about. All aggregates a command touches, its uniqueness indexes and (when the caller
gave a command id) its receipt are saved in one transaction: either all of it is
recorded or none of it.
"""

from __future__ import annotations

import contextlib
import contextvars
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoder,
)

from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import (
    N_,
    CommandIdReused,
    ConcurrencyConflict,
    NotFound,
    UmkmLedgerError,
)
from umkm_ledger.kernel.event_types import stored_names
from umkm_ledger.kernel.records import record_kind
from umkm_ledger.platform.digests import CommandDigests
from umkm_ledger.platform.ledger_secret import (
    LedgerSecret,
    open_ledger_secret,
    record_restored_ids,
)
from umkm_ledger.platform.person_keys import PersonTaken, StoredPersonKeys, open_person_keys
from umkm_ledger.platform.reads import LogGuard, LogRow, ReadSet, StaleRead
from umkm_ledger.platform.receipts import CommandReceipt
from umkm_ledger.platform.record_cache import Borrowed, RecordCache
from umkm_ledger.platform.sealing import LedgerTranscoder
from umkm_ledger.platform.transcoding import (
    TupleRestoringMapper,
    register_ledger_transcodings,
)
from umkm_ledger.platform.unit_of_work import HeldRecord, Outcome, PendingWork, Undecidable

__all__ = ["CorrectionRule", "LedgerApplication", "Work"]

A = TypeVar("A", bound=Aggregate)
#: How a context corrects one of its records: given the record, the version and changes,
#: the envelope and the caller's check, it corrects the record and returns the other
#: records it changed (to save in the same transaction).
CorrectionRule = Callable[
    [Any, int, Mapping[str, Any], Envelope, Callable[[LedgerAggregate], None] | None],
    Sequence[Aggregate],
]
# A command's work: given whether index records may be assumed new, the result and
# the aggregates to save.
Work = Callable[[bool], tuple[UUID, Sequence[Aggregate]]]

#: What the command running in this context has read so far (see :meth:`run`).
_READS: contextvars.ContextVar[ReadSet | None] = contextvars.ContextVar(
    "umkm_ledger_reads", default=None
)
#: The records the running command took from the cache (see :mod:`.record_cache`).
_BORROWED: contextvars.ContextVar[Borrowed | None] = contextvars.ContextVar(
    "umkm_ledger_borrowed", default=None
)
#: The unit of work deciding the running command, if any (see :meth:`deciding`).
_PENDING: contextvars.ContextVar[PendingWork | None] = contextvars.ContextVar(
    "umkm_ledger_pending", default=None
)
#: Where the running command says how it ended (see :meth:`deciding`).
_OUTCOME: contextvars.ContextVar[Outcome | None] = contextvars.ContextVar(
    "umkm_ledger_outcome", default=None
)
#: How many times a command runs again because something it read changed before it
#: could save. Each round lets at least one of the competing writers in.
_STALE_READ_ATTEMPTS = 12


class LedgerApplication(Application[UUID]):
    """umkm_ledger's eventsourcing application (use :class:`umkm_ledger.Ledger` instead)."""

    name = "umkm_ledger"
    # Read the notification log in big pages: the default of 10 halves throughput.
    log_section_size = 500

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self._correction_rules: dict[type[LedgerAggregate], CorrectionRule] = {}
        self._cache = RecordCache()
        self._ledger_secret: LedgerSecret | None = None
        self._person_keys: StoredPersonKeys | None = None
        digest_transcoder = JSONTranscoder()
        super().register_transcodings(digest_transcoder)
        register_ledger_transcodings(digest_transcoder)
        self.digests = CommandDigests(
            digest_transcoder,
            sealed=lambda: self.seals_personal_data,
            ledger_key=lambda: self.ledger_secret.command_digests,
            person_keys=lambda: self.person_keys,
        )

    @property
    def ledger_secret(self) -> LedgerSecret:
        """What keys the identifiers made from a NIK (found or made on first use)."""
        if self._ledger_secret is None:
            self._ledger_secret = open_ledger_secret(self, dict(self.env))
        return self._ledger_secret

    def restored_ids(self, *, keyed: bool, sealed: bool = False) -> None:
        """Before a restore's rows go into this empty ledger: make ids, and write
        personal data, as the restored events did."""
        self._ledger_secret = record_restored_ids(self, keyed, sealed)
        transcoder = self.mapper.transcoder
        if isinstance(transcoder, LedgerTranscoder):
            transcoder.decide_again()

    @property
    def person_keys(self) -> StoredPersonKeys:
        """The key store of people's personal data (see :mod:`.person_keys`)."""
        if getattr(self, "_person_keys", None) is None:
            self._person_keys = open_person_keys(self)
            if hasattr(self.recorder, "person_keys"):
                # New people's keys go in with the events that first name them.
                self.recorder.person_keys = self._person_keys
        assert self._person_keys is not None
        return self._person_keys

    @property
    def seals_personal_data(self) -> bool:
        """Whether this ledger seals personal data per person (False: a ledger from
        before sealing, still plain)."""
        return self.ledger_secret.sealed_persons

    def _sealing(self) -> StoredPersonKeys | None:
        return self.person_keys if self.seals_personal_data else None

    @property
    def index_secret(self) -> bytes:
        """The key of owner-index ids (see OwnerIndex.id_for; empty: plain ids)."""
        return self.ledger_secret.index_secret

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_ledger_transcodings(transcoder)

    def construct_transcoder(self) -> Transcoder:
        transcoder = LedgerTranscoder(self._sealing)
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=TupleRestoringMapper
        )

    # -- the command pipeline --------------------------------------------------------

    def run(
        self,
        command: str,
        envelope: Envelope,
        *,
        idempotent: bool,
        arguments: Mapping[str, Any],
        work: Work,
        optimistic: bool = False,
        retries: int = 0,
    ) -> UUID:
        """Run ``work`` (which decides and returns the events to save) exactly once per
        caller-given command id, and save what it returns in one transaction.

        The receipt is not looked up first: its unique id makes a resent command fail
        to save (or be refused), and only then is the first result looked up. An
        ``optimistic`` command's work may assume that index records do not exist yet
        (``work(True)``); if one did, saving fails and the work runs again, reading them.
        A command with ``retries`` runs its work again (reading afresh) that many times
        when a concurrent writer changed one of its records first; its rules then decide
        on what that writer left (an approval that no longer fits its allocation is
        refused by the allocation's own rule, not by a conflict).

        What the work's rules read (every record got through :meth:`_find`, and view
        reads it guards with :meth:`guard_read`) is checked again in the saving
        transaction (:mod:`umkm_ledger.platform.reads`): when another command
        changed it first, the work runs again on what is there now, so rules that read
        more than the records they write hold under concurrency too.
        """
        pending = _PENDING.get()
        if pending is not None:
            return self._decide(pending, command, envelope, idempotent, arguments, work, optimistic)
        attempts = ([True, False] if optimistic else [False]) + [False] * retries
        attempt, stale = 0, 0
        while True:
            assume_new = attempts[attempt]
            reads = ReadSet()
            borrowed = Borrowed(self._cache)
            tokens = (_READS.set(reads), _BORROWED.set(borrowed))
            try:
                result, aggregates = work(assume_new)
            except BaseException as error:
                borrowed.failed()
                if not isinstance(error, UmkmLedgerError):
                    raise
                # A resent command, or the same command just executed by a concurrent
                # sender whose effect (a claimed NIB, say) refuses this one: answer with
                # the first result.
                first = self._resent(idempotent, envelope, command, arguments)
                if first is not None:
                    return _answered(first)
                raise
            finally:
                _READS.reset(tokens[0])
                _BORROWED.reset(tokens[1])
            to_save: list[Aggregate] = list(aggregates)
            if idempotent:
                to_save.append(self._receipt(command, envelope, arguments, result))
            written = [a.id for a in to_save if a.pending_events]
            try:
                self.save(*to_save, reads=reads.excluding(written))
            except BaseException as error:
                borrowed.failed(written=to_save)
                if not isinstance(error, IntegrityError):
                    raise
                first = self._resent(idempotent, envelope, command, arguments)
                if first is not None:
                    return _answered(first)
                if isinstance(error, StaleRead | PersonTaken):
                    if stale < _STALE_READ_ATTEMPTS:
                        # What a rule read changed under it: decide again on what is
                        # there now, after a moment (so competitors do not collide again).
                        stale += 1
                        time.sleep(random.uniform(0, 0.002 * stale))
                        continue
                elif attempt + 1 < len(attempts):
                    attempt += 1
                    continue
                touched = ", ".join(f"{type(a).__name__} {a.id}" for a in aggregates)
                raise ConcurrencyConflict(
                    N_(
                        "{command}: another writer changed {touched} first; nothing was "
                        "recorded, read again and retry",
                        command=command,
                        touched=touched or N_("what it read"),
                    )
                ) from None
            borrowed.saved()
            return result

    # -- units of work -------------------------------------------------------------

    @contextlib.contextmanager
    def deciding(self, pending: PendingWork | None, outcome: Outcome) -> Iterator[None]:
        """Inside the block, commands are decided into ``pending`` instead of saved (None:
        saved one by one as usual), and say in ``outcome`` how they ended."""
        tokens = (_PENDING.set(pending), _OUTCOME.set(outcome))
        try:
            yield
        finally:
            _PENDING.reset(tokens[0])
            _OUTCOME.reset(tokens[1])

    def pending_work(self) -> PendingWork:
        """A new, empty unit of work for :meth:`deciding`."""

        return PendingWork()

    def save_pending(self, pending: PendingWork) -> None:
        """Save every event of ``pending`` in one transaction, checking everything its
        commands read (:class:`IntegrityError` or :class:`StaleRead` when a concurrent
        writer came first: then nothing is saved and ``pending`` is emptied)."""
        if not pending:
            pending.saved()
            return
        # The events go straight into one processing event: eventsourcing's save()
        # would check each against a runtime Protocol, a tenth of a batch's time.
        processing = ProcessingEvent[UUID]()
        processing.events.extend(pending.events)
        processing.saved_kwargs["reads"] = pending.reads.excluding(pending.written())
        try:
            self._notify(self._record(processing))
        except BaseException:
            pending.discard()
            raise
        pending.saved()

    def _decide(
        self,
        pending: PendingWork,
        command: str,
        envelope: Envelope,
        idempotent: bool,
        arguments: Mapping[str, Any],
        work: Work,
        optimistic: bool,
    ) -> UUID:
        """:meth:`run` inside a unit of work: decide the command on what the store and
        the unit's earlier commands hold, and leave its events to the unit. A resent
        command id is looked up first (a re-imported file is all resends)."""
        pending.begin()
        first = self._resent(idempotent, envelope, command, arguments)
        if first is not None:
            return _answered(first)
        # Optimistic commands assume their index records are new, as alone; one the
        # unit holds makes the command decide again, reading it. (One already saved
        # makes the unit's transaction fail, and the unit decide again, reading.)
        for assume_new in [True, False] if optimistic and pending.optimistic else [False]:
            reads = ReadSet()
            token = _READS.set(reads)
            try:
                result, aggregates = work(assume_new)
                to_save: list[Aggregate] = list(aggregates)
                if idempotent:
                    to_save.append(self._receipt(command, envelope, arguments, result))
                pending.decide(to_save, reads)
            except HeldRecord:
                pending.undo(self._restore)
                if assume_new:
                    continue
                raise
            except (UmkmLedgerError, Undecidable):
                pending.undo(self._restore)
                raise
            finally:
                _READS.reset(token)
            return result
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _restore(self, aggregate_id: UUID, version: int) -> Aggregate | None:
        if version < 1:
            return None
        restored: Aggregate = self.repository.get(aggregate_id, version=version)
        return restored

    def _receipt(
        self, command: str, envelope: Envelope, arguments: Mapping[str, Any], result: UUID
    ) -> CommandReceipt:
        """The receipt of a command just decided (after its work, so that the people it
        names have their keys: see :mod:`.digests`)."""
        digests = self.digests.of(command, arguments, envelope, recording=True)
        return CommandReceipt.record(
            envelope.command_id, command, digests, result, envelope.effective_date
        )

    def _resent(
        self,
        idempotent: bool,
        envelope: Envelope,
        command: str,
        arguments: Mapping[str, Any],
    ) -> UUID | None:
        """The first result of this command id, if it was already executed (else None).

        :class:`CommandIdReused` names what differs when the id was first sent with
        another command, other arguments or another envelope."""
        if not idempotent:
            return None
        command_id = envelope.command_id
        receipt = self.find(CommandReceipt, CommandReceipt.id_for(command_id))
        if receipt is None:
            return None
        if receipt.command != command:
            raise CommandIdReused(command_id, receipt.command, command)
        digests = self.digests.of(command, arguments, envelope, recording=False)
        differing = receipt.differences(command, digests)
        if differing is None:
            # A receipt from before digests were kept: one digest of the arguments.
            plain = self.digests.legacy_fingerprint(command, arguments)
            # Plain as written then; keyed when a migration brought it into a sealed
            # ledger (by the people it names, when the migration could tell who).
            key = self.digests.key(arguments, recording=False)
            fingerprints = (plain, self.digests.keyed(plain), self.digests.keyed(plain, key))
            if receipt.fingerprint not in fingerprints:
                raise CommandIdReused(command_id, command, command, ["arguments"])
        elif differing:
            # Keyed by the ledger's secret alone: copied by a migration, or recorded
            # before digests were keyed per person.
            plain_digests = self.digests.plain(command, arguments, envelope)
            keyed = {name: self.digests.keyed(d) for name, d in plain_digests.items()}
            if receipt.differences(command, keyed):
                raise CommandIdReused(command_id, command, command, differing)
        return receipt.result

    def first_effective_date(self, command_id: str) -> date | None:
        """The effective date the command sent with ``command_id`` was recorded for, if
        it was (so that resending it without a date means the same day)."""
        receipt = self.find(CommandReceipt, CommandReceipt.id_for(command_id))
        return None if receipt is None else receipt.effective_date

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        reads = _READS.get()
        pending = _PENDING.get()
        if pending is not None:
            held = pending.lend(aggregate_id, reads)
            if held is not None:
                return held if isinstance(held, cls) else None
        try:
            aggregate: Aggregate = self._borrow(aggregate_id)
        except AggregateNotFoundError:
            if reads is not None:
                reads.saw(aggregate_id, None)
            return None
        if reads is not None:
            reads.saw(aggregate_id, aggregate.version)
        if pending is not None:
            pending.keep(aggregate)
        return aggregate if isinstance(aggregate, cls) else None

    def _borrow(self, aggregate_id: UUID) -> Aggregate:
        """The record as stored now: inside a command, from the cache brought up to date
        with the events stored since (and lent to the command); else replayed."""
        borrowed = _BORROWED.get()
        if borrowed is None:
            found: Aggregate = self.repository.get(aggregate_id)
            return found
        record = self._cache.take(aggregate_id)
        if record is None:
            record = self.repository.get(aggregate_id)
        else:
            for event in self.repository.event_store.get(aggregate_id, gt=record.version):
                # No isinstance check per event against a runtime Protocol (as the
                # repository's projector does): stored events of a record all mutate it.
                mutated = cast("Aggregate.Event", event).mutate(record)
                if mutated is None:
                    raise AggregateNotFoundError(aggregate_id)
                record = mutated
        borrowed.add(record)
        return record

    def guard_events(
        self,
        what: str,
        after: int,
        events: Sequence[type[LedgerAggregate.Event]],
        matches: Callable[[Any], bool],
    ) -> None:
        """A rule of the running command read ``what`` from a view caught up to log
        position ``after``. Its decision is saved only if no event of the ``events``
        classes recorded since ``matches``; else the command runs again, reading the view
        afresh (see :meth:`run`)."""
        reads = _READS.get()
        if reads is None:
            return

        def changed(rows: Sequence[LogRow]) -> bool:
            return any(matches(self.decode(row)) for row in rows)

        topics = tuple(sorted({name for e in events for name in stored_names(e)}))
        reads.guard(LogGuard(what=what, after=after, topics=topics, changes=changed))

    def guard_linked(
        self,
        what: str,
        after: int,
        *,
        known: Iterable[UUID],
        created: type[LedgerAggregate.Event],
        links: Callable[[Any], bool],
        changes: Sequence[type[LedgerAggregate.Event]],
    ) -> None:
        """A rule of the running command read, from a view caught up to log position
        ``after``, the records linked to something (an enterprise's grants from a
        program, a program's enrolments): the ``known`` ones. Its decision is saved only
        if no event of ``changes`` arrived since for a linked record: a known one, or
        one whose ``created`` event after ``after`` ``links`` to the same thing. Else the
        command runs again, reading the view afresh (see :meth:`run`)."""
        reads = _READS.get()
        if reads is None:
            return
        linked = set(known)
        created_topics = set(stored_names(created))
        change_topics = {name for c in changes for name in stored_names(c)}

        def changed(rows: Sequence[LogRow]) -> bool:
            for row in rows:
                record, topic = UUID(str(row[0])), row[2]
                if topic in created_topics and record not in linked and links(self.decode(row)):
                    linked.add(record)
                if topic in change_topics and record in linked:
                    return True
            return False

        topics = tuple(sorted(change_topics | created_topics))
        reads.guard(LogGuard(what=what, after=after, topics=topics, changes=changed))

    def decode(self, row: LogRow) -> Any:
        originator, version, topic, state = row
        pending = _PENDING.get()
        if pending is not None:
            unsaved = pending.event_at(originator, version)
            if unsaved is not None:
                return unsaved
        stored = StoredEvent(UUID(str(originator)), version, topic, state)
        return self.mapper.to_domain_event(stored)

    def get(self, cls: type[A], aggregate_id: UUID) -> A:
        found = self.find(cls, aggregate_id)
        if found is None:
            raise NotFound(record_kind(cls.__name__), aggregate_id)
        return found

    # -- corrections -----------------------------------------------------------------

    def on_correction(self, cls: type[LedgerAggregate], rule: CorrectionRule) -> None:
        """Correct records of ``cls`` with ``rule`` (its context's: the indexes or
        records a correction of one must keep in step)."""
        self._correction_rules[cls] = rule

    def correct(
        self,
        aggregate_id: UUID,
        version: int,
        changes: Mapping[str, Any],
        envelope: Envelope,
        *,
        idempotent: bool = False,
        check: Callable[[LedgerAggregate], None] | None = None,
    ) -> UUID:
        """Correct the fact at ``version`` of any record. ``check`` sees the corrected
        record before it is saved (rules that need more than the domain: raising saves
        nothing). A record whose context registered a rule (:meth:`on_correction`) is
        corrected by that rule, which returns the other records it changed."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            record = self.find(LedgerAggregate, aggregate_id)
            if record is None:
                raise NotFound("record", aggregate_id)
            rule = self._correction_rules.get(type(record))
            if rule is not None:
                return record.id, [record, *rule(record, version, changes, envelope, check)]
            record.correct(version, changes, envelope=envelope)
            if check is not None:
                check(record)
            return record.id, [record]

        return self.run(
            "correct",
            envelope,
            idempotent=idempotent,
            arguments={"aggregate_id": aggregate_id, "version": version, "changes": dict(changes)},
            work=work,
            # A grant's correction may move its allocation's movement too, and approvals
            # change that allocation all the time: read it again when one came first.
            retries=2,
        )

    def record_command(
        self,
        command: str,
        cls: type[A],
        record_id: UUID,
        act: Callable[[A], object],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
        retries: int = 0,
        key: str | None = None,
    ) -> UUID:
        """Get one record of ``cls``, run ``act`` on it, save it: the shape of most
        commands (``retries``: see :meth:`run`). The record's id is among the command's
        arguments under ``key`` (default: ``program_id`` for a Program, and so on)."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            record = self.get(cls, record_id)
            act(record)
            return record.id, [record]

        return self.run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={key or f"{cls.__name__.lower()}_id": record_id, **arguments},
            work=work,
            retries=retries,
        )

    # -- queries -------------------------------------------------------------------

    def record(self, aggregate_id: UUID) -> LedgerAggregate:
        found = self.find(LedgerAggregate, aggregate_id)
        if found is None:
            raise NotFound("record", aggregate_id)
        return found

    def events_of(self, aggregate_id: UUID) -> list[LedgerAggregate.Event]:
        """Every event of one enterprise or group, in version order."""
        events = list(self.repository.event_store.get(aggregate_id))
        if not events or not isinstance(events[0], LedgerAggregate.Event):
            raise NotFound("record", aggregate_id)
        return [e for e in events if isinstance(e, LedgerAggregate.Event)]


def _answered(first: UUID) -> UUID:
    """The first result of a resent command, noted as such for whoever asked."""
    outcome = _OUTCOME.get()
    if outcome is not None:
        outcome.resent = True
    return first
