"""Many commands, one transaction: the ledger's unit of work for bulk recording.

``with ledger.batch(size=500) as batch:`` takes the ledger's own commands
(``batch.submit(ledger.register_enterprise, name=..., ...)``), checks each by the same
rules as when it is sent alone, and saves the events of up to ``size`` of them in one
transaction. Each submitted command gets a :class:`BatchItem` saying how it ended:

* ``recorded``: saved;
* ``already recorded``: its command id had been recorded before (by an earlier run of the
  same import, or earlier in the batch); the item holds the first result;
* ``refused``: a rule or a value refused it; the item holds the typed error, and the
  batch goes on with the others;
* ``not recorded``: the batch ended with an exception before its turn to be saved.

An item's status and result are final once the batch has saved it (at every ``size``
commands, at :meth:`Batch.flush` and when the ``with`` block ends). Until then it is
``pending`` (a refusal is known at once, but see below).

Concurrency is handled as for single commands. What the batch's commands read is checked
in the saving transaction; when another writer changed it first, nothing of that
transaction is saved and its commands run again one by one, each deciding on what the
other writer left (a new record keeps the id its item was given). A rule that reads a
materialized view (a grant's approval reads the beneficiary's other grants) cannot see
the batch's unsaved commands in the view: when one of them would change its answer, the
batch saves what it has first and then runs that command alone.

With ``dry_run=True`` nothing is saved: each command is decided as in a real run, on what
the store holds and on the commands submitted before it, and its item says how a real run
would end (``recorded`` then means: would be recorded).

With ``atomic=True`` the batch is all or nothing: everything is saved in one transaction
when the ``with`` block ends; a refused command raises its error from :meth:`submit`, and
then nothing of the batch is recorded (:class:`BatchNotRecorded` at the end if the error
was caught). Commands refused by segregation of duties leave their audited refusal
recorded, in a batch as outside one.
"""

from __future__ import annotations

import functools
import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Generic, Literal, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from umkm_ledger.kernel.errors import N_, ConcurrencyConflict, InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.identity import IdSource, id_source
from umkm_ledger.platform.faults import StorageSite, typed_storage_faults
from umkm_ledger.platform.session import Session
from umkm_ledger.platform.unit_of_work import Outcome, Undecidable

__all__ = [
    "Batch",
    "BatchConflict",
    "BatchItem",
    "BatchNotRecorded",
    "ItemStatus",
    "NotTriedInDryRun",
]

P = ParamSpec("P")
R = TypeVar("R")

ItemStatus = Literal["pending", "recorded", "already recorded", "refused", "not recorded"]

#: The most commands one transaction of a batch may hold.
MAX_SIZE = 100_000
# How many times a command run on its own is sent again when it met a concurrent writer
# (a retryable refusal: nothing of it was recorded).
_ALONE_ATTEMPTS = 6
# How many times an all-or-nothing batch is decided again when a concurrent writer
# changed what it read.
_ATOMIC_ATTEMPTS = 4


class BatchNotRecorded(UmkmLedgerError):
    """An all-or-nothing batch recorded nothing: one of its commands was refused
    (``error`` says why), or could not be decided with the others (:class:`BatchConflict`).

    ``index`` is the command's place in the batch (from 0) and ``command`` its name."""

    def __init__(self, index: int, command: str, error: UmkmLedgerError) -> None:
        self.index = index
        self.command = command
        self.error: UmkmLedgerError | None = error
        super().__init__(
            N_(
                "nothing of this all-or-nothing batch was recorded: item {index} ({command}) "
                "was refused: {error}",
                index=index,
                command=command,
                error=error.message,
            )
        )


class BatchConflict(BatchNotRecorded):
    """A command of an all-or-nothing batch read what an earlier command of the same
    batch changed, in a view that only shows it once saved: it cannot be decided in
    the same transaction, so the batch recorded nothing."""

    def __init__(self, index: int, command: str, what: str) -> None:
        self.index = index
        self.command = command
        self.error = None
        UmkmLedgerError.__init__(
            self,
            N_(
                "item {index} ({command}) reads {what}, which an earlier command of this "
                "all-or-nothing batch changed: send it in another batch",
                index=index,
                command=command,
                what=what,
            ),
        )


class NotTriedInDryRun(BatchNotRecorded):
    """In a dry run, a command whose rule reads a view that the earlier, unsaved
    commands of the run would change: only a real run can tell how it ends."""

    def __init__(self, index: int, command: str, what: str) -> None:
        self.index = index
        self.command = command
        self.error = None
        UmkmLedgerError.__init__(
            self,
            N_(
                "item {index} ({command}) reads {what}, which earlier commands of this dry "
                "run would change: only a real run can tell how it ends",
                index=index,
                command=command,
                what=what,
            ),
        )


class BatchItem(Generic[R]):
    """One command submitted to a :class:`Batch`: its place, and how it ended."""

    __slots__ = ("command", "error", "index", "result", "status")

    def __init__(self, index: int, command: str) -> None:
        #: Its place in the batch, from 0 in the order submitted.
        self.index = index
        #: The command's name (``register_enterprise``).
        self.command = command
        self.status: ItemStatus = "pending"
        #: What the command returned (the record's id); for ``already recorded``, the
        #: first result of its command id.
        self.result: R | None = None
        #: Why it was refused.
        self.error: UmkmLedgerError | None = None

    def value(self) -> R:
        """The command's result; raises its error if it was refused."""
        if self.error is not None:
            raise self.error
        if self.result is None:
            raise InvalidValue(
                "item", self.index, N_("has no result yet: it is {status}", status=self.status)
            )
        return self.result

    def __repr__(self) -> str:
        # The error's class, not its text: texts may quote the values sent.
        shown = type(self.error).__name__ if self.error is not None else self.result
        return f"BatchItem({self.index}, {self.command!r}, {self.status!r}, {shown!r})"


class _Entry:
    """A submitted command kept until its transaction is saved (to run it again)."""

    __slots__ = ("call", "ids", "item", "resent")

    def __init__(self, item: BatchItem[Any], call: Callable[[], Any]) -> None:
        self.item = item
        self.call = call
        self.ids: list[UUID] = []
        self.resent = False


@typed_storage_faults
class Batch:
    """A unit of work over one ledger: see the module's documentation. Made by
    :meth:`umkm_ledger.Ledger.batch`; use it in a ``with`` block."""

    def __init__(
        self,
        session: Session,
        owner: object,
        *,
        size: int = 500,
        atomic: bool = False,
        dry_run: bool = False,
    ):
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_SIZE:
            raise InvalidValue(
                "size", size, N_("must be a whole number from 1 to {most}", most=MAX_SIZE)
            )
        if dry_run and atomic:
            raise InvalidValue(
                "dry_run", True, N_("a dry run says how each command would end; not atomic")
            )
        self._session = session
        self._app = session.app
        # Only this ledger's own commands are taken.
        self._owner = owner
        self.size = size
        self.atomic = atomic
        #: Decide every command as a real run would, each seeing the ones before it, and
        #: save nothing: the items say what a real run would do.
        self.dry_run = dry_run
        self._pending = self._app.pending_work()
        self._entries: list[_Entry] = []
        self._next = 0
        self._closed = False
        self._failed: BatchNotRecorded | None = None
        #: How many items ended in each status (final ones only).
        self.counts: Counter[str] = Counter()
        #: The refused items, in order (final ones only).
        self.refused: list[BatchItem[Any]] = []

    @property
    def storage_site(self) -> StorageSite:
        return self._session.storage_site

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
        else:
            self._discard()

    def submit(self, command: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> BatchItem[R]:
        """Decide ``command(*args, **kwargs)`` (a method of this batch's ledger) now, to
        be saved with the others; returns its item. In an all-or-nothing batch, a
        refusal raises its error (and nothing of the batch will be recorded)."""
        if self._closed:
            raise InvalidValue("batch", "closed", N_("is closed: start another one"))
        if self._failed is not None:
            raise self._failed
        if getattr(command, "__self__", None) is not self._owner:
            raise InvalidValue(
                "command",
                getattr(command, "__name__", type(command).__name__),
                N_("is not a command of this batch's ledger"),
            )
        item: BatchItem[R] = BatchItem(self._next, command.__name__)
        self._next += 1
        entry = _Entry(item, functools.partial(command, *args, **kwargs))
        self._entries.append(entry)
        undecidable = self._try(entry)
        if undecidable is not None and self.dry_run:
            # A real run would save the commands before it and decide it alone; a dry
            # run saves nothing, so it cannot say how this one would end.
            self._refuse(entry, NotTriedInDryRun(item.index, item.command, undecidable.what))
            self._entries.remove(entry)
            self._settle([entry])
        elif undecidable is not None:
            if self.atomic:
                self._refuse(entry, BatchConflict(item.index, item.command, undecidable.what))
            # Save what the earlier commands decided; then this one sees it, alone.
            earlier, self._entries = self._entries[:-1], []
            self._save(earlier)
            self._alone(entry)
            self._settle([entry])
        elif not self.atomic and len(self._entries) >= self.size:
            self.flush()
        return item

    def flush(self) -> None:
        """Save the commands decided so far, in one transaction (an all-or-nothing batch
        saves only when it closes)."""
        if self.atomic:
            return
        entries, self._entries = self._entries, []
        self._save(entries)

    def close(self) -> None:
        """Save what is left (the ``with`` block does this when it ends)."""
        if self._closed:
            return
        if not self.atomic:
            self.flush()
            self._closed = True
            if self.dry_run:
                self._pending.discard()
            return
        self._closed = True
        if self._failed is not None:
            self._discard()
            raise self._failed
        for attempt in range(_ATOMIC_ATTEMPTS):
            try:
                self._app.save_pending(self._pending)
                break
            except IntegrityError:
                if attempt + 1 == _ATOMIC_ATTEMPTS:
                    self._discard()
                    raise ConcurrencyConflict(
                        N_(
                            "{command}: another writer changed {touched} first; nothing "
                            "was recorded, read again and retry",
                            command="batch",
                            touched=N_("what it read"),
                        )
                    ) from None
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
            # Decided again on what the other writer left, reading every index record.
            self._pending.optimistic = False
            try:
                for entry in self._entries:
                    undecidable = self._try(entry)
                    if undecidable is not None:
                        self._refuse(
                            entry,
                            BatchConflict(entry.item.index, entry.item.command, undecidable.what),
                        )
            except UmkmLedgerError:
                self._discard()
                assert self._failed is not None
                raise self._failed from None
        entries, self._entries = self._entries, []
        self._settle(entries)

    # -- deciding ------------------------------------------------------------------

    def _try(self, entry: _Entry) -> Undecidable | None:
        """Decide ``entry`` into the unit (its item says how); the signal when it can
        only be decided once the unit is saved."""
        item, outcome = entry.item, Outcome()
        source = IdSource(entry.ids)
        decided = self._pending.decided
        try:
            with self._app.deciding(self._pending, outcome), id_source(source):
                result = entry.call()
        except Undecidable as undecidable:
            entry.ids = source.made
            return undecidable
        except UmkmLedgerError as error:
            entry.ids = source.made
            self._refuse(entry, error)
            return None
        entry.ids = source.made
        if not outcome.resent and self._pending.decided == decided:
            self._refuse(
                entry,
                InvalidValue(
                    "command", item.command, N_("records nothing: submit commands, not queries")
                ),
            )
            return None
        entry.resent = outcome.resent
        item.result, item.error = result, None
        return None

    def _save(self, entries: list[_Entry]) -> None:
        """Save the unit (the commands of ``entries``); their items become final."""
        if self.dry_run:
            # Kept unsaved: the commands after these decide on them, as after a save.
            self._settle(entries)
            return
        try:
            self._app.save_pending(self._pending)
        except IntegrityError:
            self._save_again(entries)
        self._settle(entries)

    def _save_again(self, entries: list[_Entry]) -> None:
        """A concurrent writer came first, or an index record a command assumed new was
        there: decide the commands again reading every record, and save; if that fails
        too, run each on its own, deciding on what the other writer left."""
        self._pending.optimistic = False
        try:
            for entry in entries:
                if self._try(entry) is not None:
                    break
            else:
                try:
                    self._app.save_pending(self._pending)
                    return
                except IntegrityError:
                    pass
        finally:
            self._pending.optimistic = True
        self._pending.discard()
        for entry in entries:
            self._alone(entry)

    def _refuse(self, entry: _Entry, error: UmkmLedgerError) -> None:
        entry.item.result, entry.item.error = None, error
        if self.atomic:
            self._failed = (
                error
                if isinstance(error, BatchNotRecorded)
                else BatchNotRecorded(entry.item.index, entry.item.command, error)
            )
            raise error

    def _alone(self, entry: _Entry) -> None:
        """Run one command on its own, saved by itself as outside a batch."""
        for attempt in range(_ALONE_ATTEMPTS):
            outcome = Outcome()
            try:
                with self._app.deciding(None, outcome), id_source(IdSource(entry.ids)):
                    result = entry.call()
                break
            except UmkmLedgerError as error:
                if error.retryable and attempt + 1 < _ALONE_ATTEMPTS:
                    # Sending it again is safe (nothing was recorded): as a caller would.
                    time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
                    continue
                entry.item.result, entry.item.error = None, error
                return
        entry.resent = outcome.resent
        entry.item.result, entry.item.error = result, None

    def _settle(self, entries: list[_Entry]) -> None:
        """The entries' transaction is saved: their items are final."""
        for entry in entries:
            item = entry.item
            if item.error is not None:
                item.status = "refused"
                self.refused.append(item)
            else:
                item.status = "already recorded" if entry.resent else "recorded"
            self.counts[item.status] += 1

    def _discard(self) -> None:
        self._closed = True
        self._pending.discard()
        for entry in self._entries:
            entry.item.status = "not recorded"
            self.counts["not recorded"] += 1
        self._entries = []

    def summary(self) -> Mapping[str, int]:
        """How many items ended in each status, every status named."""
        statuses: tuple[ItemStatus, ...] = (
            "recorded",
            "already recorded",
            "refused",
            "not recorded",
        )
        return {status: self.counts[status] for status in statuses}
