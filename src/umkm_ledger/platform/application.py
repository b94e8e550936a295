"""The event-sourced application: commands in domain terms, saved atomically.

Every command follows get → command → save and returns the id of the record it is
about. All aggregates a command touches, its uniqueness indexes and (when the caller
gave a command id) its receipt are saved in one transaction: either all of it is
recorded or none of it.
"""

from __future__ import annotations

import contextvars
import hashlib
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, StoredEvent

from umkm_ledger.activity.commands import ActivityCommands
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.indexes import CommandReceipt, NibClaim, OwnerIndex
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.enterprises.rules import NibAlreadyRegistered
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.grant import Grant
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
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
from umkm_ledger.kernel.values import KBLI, NIB, Address, Owner, RegionCode, Rupiah
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.reads import LogGuard, LogRow, ReadSet, StaleRead
from umkm_ledger.platform.transcoding import (
    TupleRestoringMapper,
    register_ledger_transcodings,
)
from umkm_ledger.programs.enrolment import Enrollment
from umkm_ledger.programs.indicator import Indicator, Target
from umkm_ledger.programs.program import Program
from umkm_ledger.programs.rules import EnrolmentDatesOutOfOrder, EnterpriseNotEnrollable

__all__ = ["LedgerApplication"]

A = TypeVar("A", bound=Aggregate)
# A command's work: given whether index records may be assumed new, the result and
# the aggregates to save.
Work = Callable[[bool], tuple[UUID, Sequence[Aggregate]]]

#: What the command running in this context has read so far (see :meth:`_run`).
_READS: contextvars.ContextVar[ReadSet | None] = contextvars.ContextVar(
    "umkm_ledger_reads", default=None
)
#: How many times a command runs again because something it read changed before it
#: could save. Each round lets at least one of the competing writers in.
_STALE_READ_ATTEMPTS = 12


class LedgerApplication(FundingCommands, ActivityCommands, Application[UUID]):
    """umkm_ledger's eventsourcing application (use :class:`umkm_ledger.Ledger` instead)."""

    name = "umkm_ledger"
    # Read the notification log in big pages: the default of 10 halves throughput.
    log_section_size = 500

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        cipher_key = self.env.get("CIPHER_KEY")
        # Index ids derived from NIKs are keyed when the ledger is encrypted (see OwnerIndex).
        self.index_secret = (
            hashlib.sha256(b"umkm-ledger owner index\0" + cipher_key.encode()).digest()
            if cipher_key
            else b""
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_ledger_transcodings(transcoder)

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=TupleRestoringMapper
        )

    # -- the command pipeline --------------------------------------------------------

    def _run(
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
        digests = self._digests(command, arguments, envelope) if idempotent else {}
        attempts = ([True, False] if optimistic else [False]) + [False] * retries
        attempt, stale = 0, 0
        while True:
            assume_new = attempts[attempt]
            reads = ReadSet()
            token = _READS.set(reads)
            try:
                result, aggregates = work(assume_new)
            except UmkmLedgerError:
                # A resent command, or the same command just executed by a concurrent
                # sender whose effect (a claimed NIB, say) refuses this one: answer with
                # the first result.
                first = self._resent(idempotent, envelope, command, arguments, digests)
                if first is not None:
                    return first
                raise
            finally:
                _READS.reset(token)
            to_save: list[Aggregate] = list(aggregates)
            if idempotent:
                to_save.append(
                    CommandReceipt.record(
                        envelope.command_id, command, digests, result, envelope.effective_date
                    )
                )
            written = [a.id for a in to_save if a.pending_events]
            try:
                self.save(*to_save, reads=reads.excluding(written))
            except IntegrityError as error:
                first = self._resent(idempotent, envelope, command, arguments, digests)
                if first is not None:
                    return first
                if isinstance(error, StaleRead):
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
            return result

    def _digests(
        self, command: str, arguments: Mapping[str, Any], envelope: Envelope
    ) -> dict[str, str]:
        """What gives a command its meaning, one digest per part: each argument, and who
        sends it, for which day and why. Salted with the command id, so a receipt's
        digests cannot be matched against guessed values of another command."""
        parts = {
            **arguments,
            "actor": envelope.actor,
            "effective_date": envelope.effective_date,
            "reason": envelope.reason,
        }
        encode = self.mapper.transcoder.encode
        salt = f"{envelope.command_id}\0{command}\0".encode()
        return {
            name: hashlib.sha256(salt + name.encode() + b"\0" + encode(value)).hexdigest()
            for name, value in parts.items()
        }

    def _resent(
        self,
        idempotent: bool,
        envelope: Envelope,
        command: str,
        arguments: Mapping[str, Any],
        digests: Mapping[str, str],
    ) -> UUID | None:
        """The first result of this command id, if it was already executed (else None).

        :class:`CommandIdReused` names what differs when the id was first sent with
        another command, other arguments or another envelope."""
        if not idempotent:
            return None
        command_id = envelope.command_id
        receipt = self._find(CommandReceipt, CommandReceipt.id_for(command_id))
        if receipt is None:
            return None
        if receipt.command != command:
            raise CommandIdReused(command_id, receipt.command, command)
        differing = receipt.differences(command, digests)
        if differing is None:
            # A receipt from before digests were kept: one digest of the arguments.
            legacy = self.mapper.transcoder.encode({"command": command, **arguments})
            if receipt.fingerprint != hashlib.sha256(legacy).hexdigest():
                raise CommandIdReused(command_id, command, command, ["arguments"])
        elif differing:
            raise CommandIdReused(command_id, command, command, differing)
        return receipt.result

    def first_effective_date(self, command_id: str) -> date | None:
        """The effective date the command sent with ``command_id`` was recorded for, if
        it was (so that resending it without a date means the same day)."""
        receipt = self._find(CommandReceipt, CommandReceipt.id_for(command_id))
        return None if receipt is None else receipt.effective_date

    def _find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        reads = _READS.get()
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            if reads is not None:
                reads.saw(aggregate_id, None)
            return None
        if reads is not None:
            reads.saw(aggregate_id, aggregate.version)
        return aggregate if isinstance(aggregate, cls) else None

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
        afresh (see :meth:`_run`)."""
        reads = _READS.get()
        if reads is None:
            return

        def changed(rows: Sequence[LogRow]) -> bool:
            return any(matches(self._decode(row)) for row in rows)

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
        command runs again, reading the view afresh (see :meth:`_run`)."""
        reads = _READS.get()
        if reads is None:
            return
        linked = set(known)
        created_topics = set(stored_names(created))
        change_topics = {name for c in changes for name in stored_names(c)}

        def changed(rows: Sequence[LogRow]) -> bool:
            for row in rows:
                record, topic = UUID(str(row[0])), row[2]
                if topic in created_topics and record not in linked and links(self._decode(row)):
                    linked.add(record)
                if topic in change_topics and record in linked:
                    return True
            return False

        topics = tuple(sorted(change_topics | created_topics))
        reads.guard(LogGuard(what=what, after=after, topics=topics, changes=changed))

    def _decode(self, row: LogRow) -> Any:
        originator, version, topic, state = row
        stored = StoredEvent(UUID(str(originator)), version, topic, state)
        return self.mapper.to_domain_event(stored)

    def _get(self, cls: type[A], aggregate_id: UUID) -> A:
        found = self._find(cls, aggregate_id)
        if found is None:
            raise NotFound(record_kind(cls.__name__), aggregate_id)
        return found

    # -- enterprises ---------------------------------------------------------------

    def register_enterprise(
        self,
        *,
        name: str,
        owners: Sequence[Owner],
        address: Address,
        sector: KBLI,
        founded_on: date,
        nib: NIB | None,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        arguments = {
            "name": name,
            "owners": list(owners),
            "address": address,
            "sector": sector,
            "founded_on": founded_on,
            "nib": nib,
        }

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            enterprise = Enterprise.register(
                name=name,
                owners=owners,
                address=address,
                sector=sector,
                founded_on=founded_on,
                nib=nib,
                envelope=envelope,
                id=uuid4(),
            )
            touched: list[Aggregate] = [enterprise]
            if nib is not None:
                touched.append(self._claim_nib(nib, enterprise.id))
            touched += self._index_owners(
                enterprise, enterprise.owner_keys(), envelope, assume_new=assume_new
            )
            return enterprise.id, touched

        return self._run(
            "register_enterprise",
            envelope,
            idempotent=idempotent,
            arguments=arguments,
            work=work,
            optimistic=True,
        )

    def _claim_nib(self, nib: NIB, enterprise_id: UUID) -> NibClaim:
        claim = self._find(NibClaim, NibClaim.id_for(nib.value))
        if claim is None:
            return NibClaim.claim(nib.value, enterprise_id)
        if claim.holder is not None and claim.holder != enterprise_id:
            raise NibAlreadyRegistered(nib.value, claim.holder)
        claim.reclaim(enterprise_id)
        return claim

    def _release_nib(self, nib: NIB, enterprise_id: UUID) -> list[Aggregate]:
        claim = self._find(NibClaim, NibClaim.id_for(nib.value))
        if claim is None or claim.holder != enterprise_id:
            return []
        claim.release()
        return [claim]

    def _index_owners(
        self,
        enterprise: Enterprise,
        keys: Sequence[tuple[str, str, int, str]],
        envelope: Envelope,
        *,
        assume_new: bool = False,
    ) -> list[Aggregate]:
        """Add the enterprise under each owner key; flag it when a key already has others.

        With ``assume_new`` the indexes are created without reading them first (most
        owners are new); if one existed, creating it conflicts and the command reruns.
        """
        touched: list[Aggregate] = []
        others: list[UUID] = []
        for key in dict.fromkeys(keys):
            index_id = OwnerIndex.id_for(key, self.index_secret)
            index = None if assume_new else self._find(OwnerIndex, index_id)
            if index is None:
                touched.append(OwnerIndex.start(index_id, enterprise.id))
                continue
            others += [e for e in index.enterprises if e != enterprise.id]
            index.add(enterprise.id)
            touched.append(index)
        enterprise.flag_suspected_duplicate(others, envelope=envelope)
        return touched

    def _unindex_owners(
        self, enterprise_id: UUID, keys: Sequence[tuple[str, str, int, str]]
    ) -> list[Aggregate]:
        touched: list[Aggregate] = []
        for key in dict.fromkeys(keys):
            index = self._find(OwnerIndex, OwnerIndex.id_for(key, self.index_secret))
            if index is not None:
                index.remove(enterprise_id)
                touched.append(index)
        return touched

    def _enterprise_command(
        self,
        command: str,
        enterprise_id: UUID,
        envelope: Envelope,
        idempotent: bool,
        arguments: Mapping[str, Any],
        act: Callable[[Enterprise], Sequence[Aggregate]],
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            enterprise = self._get(Enterprise, enterprise_id)
            return enterprise.id, [enterprise, *act(enterprise)]

        return self._run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"enterprise_id": enterprise_id, **arguments},
            work=work,
        )

    def record_nib(
        self, enterprise_id: UUID, nib: NIB, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(enterprise: Enterprise) -> Sequence[Aggregate]:
            enterprise.record_nib(nib, envelope=envelope)
            return [self._claim_nib(nib, enterprise.id)]

        return self._enterprise_command(
            "record_nib", enterprise_id, envelope, idempotent, {"nib": nib}, act
        )

    def report_sales(
        self,
        enterprise_id: UUID,
        year: int,
        amount: Rupiah,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        def act(enterprise: Enterprise) -> Sequence[Aggregate]:
            enterprise.report_sales(year, amount, envelope=envelope)
            return []

        return self._enterprise_command(
            "report_sales",
            enterprise_id,
            envelope,
            idempotent,
            {"year": year, "amount": amount},
            act,
        )

    def report_capital(
        self, enterprise_id: UUID, amount: Rupiah, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(enterprise: Enterprise) -> Sequence[Aggregate]:
            enterprise.report_capital(amount, envelope=envelope)
            return []

        return self._enterprise_command(
            "report_capital", enterprise_id, envelope, idempotent, {"amount": amount}, act
        )

    def change_status(
        self,
        enterprise_id: UUID,
        action: Callable[[Enterprise, Envelope], None],
        command: str,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        def act(enterprise: Enterprise) -> Sequence[Aggregate]:
            action(enterprise, envelope)
            return []

        return self._enterprise_command(command, enterprise_id, envelope, idempotent, {}, act)

    def confirm_distinct(
        self, enterprise_id: UUID, other_id: UUID, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(enterprise: Enterprise) -> Sequence[Aggregate]:
            self._get(Enterprise, other_id)
            if other_id in enterprise.suspected_duplicates:
                enterprise.dismiss_duplicate(other_id, envelope=envelope)
                return []
            other = self._get(Enterprise, other_id)
            other.dismiss_duplicate(enterprise_id, envelope=envelope)
            return [other]

        return self._enterprise_command(
            "confirm_distinct", enterprise_id, envelope, idempotent, {"other_id": other_id}, act
        )

    def merge_duplicate(
        self, duplicate_id: UUID, survivor_id: UUID, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(duplicate: Enterprise) -> Sequence[Aggregate]:
            survivor = self._get(Enterprise, survivor_id)
            duplicate.merge_into(survivor, envelope=envelope)
            groups = self._hand_over_groups(duplicate, survivor, envelope)
            return [survivor, *groups, *self._unindex_owners(duplicate.id, duplicate.owner_keys())]

        return self._enterprise_command(
            "merge_duplicate", duplicate_id, envelope, idempotent, {"survivor_id": survivor_id}, act
        )

    def _hand_over_groups(
        self, duplicate: Enterprise, survivor: Enterprise, envelope: Envelope
    ) -> list[Aggregate]:
        """The survivor takes the merged duplicate's places in its (active) groups."""
        touched: list[Aggregate] = []
        for group_id in duplicate.groups:
            group = self._get(BusinessGroup, group_id)
            duplicate.leave_group(group_id, envelope=envelope)
            if group.status is not GroupStatus.ACTIVE:
                continue
            chaired = group.chairperson == duplicate.id
            group.remove_member(duplicate.id, envelope=envelope)
            if survivor.id not in group.members:
                survivor.join_group(group_id, envelope=envelope)
                group.add_member(survivor.id, envelope=envelope)
            if chaired:
                group.appoint_chairperson(survivor.id, envelope=envelope)
            touched.append(group)
        return touched

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
        nothing)."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            record = self._find(LedgerAggregate, aggregate_id)
            if record is None:
                raise NotFound("record", aggregate_id)
            if isinstance(record, Enrollment):
                self._check_enrolment_correction(record, version, changes)
            if not isinstance(record, Enterprise):
                record.correct(version, changes, envelope=envelope)
                if check is not None:
                    check(record)
                if isinstance(record, Grant) and EFFECTIVE_DATE in changes:
                    return record.id, [record, *self._follow_grant(record, version, envelope)]
                return record.id, [record]
            keys_before, nib_before = record.owner_keys(), record.nib
            record.correct(version, changes, envelope=envelope)
            touched: list[Aggregate] = [record]
            if nib_before != record.nib:
                if nib_before is not None:
                    touched += self._release_nib(nib_before, record.id)
                if record.nib is not None:
                    touched.append(self._claim_nib(record.nib, record.id))
            keys_after = record.owner_keys()
            gone = [k for k in keys_before if k not in keys_after]
            new = [k for k in keys_after if k not in keys_before]
            touched += self._unindex_owners(record.id, gone)
            if new:
                touched += self._index_owners(record, new, envelope)
            return record.id, touched

        return self._run(
            "correct",
            envelope,
            idempotent=idempotent,
            arguments={"aggregate_id": aggregate_id, "version": version, "changes": dict(changes)},
            work=work,
            # A grant's correction may move its allocation's movement too, and approvals
            # change that allocation all the time: read it again when one came first.
            retries=2,
        )

    # -- groups --------------------------------------------------------------------

    def form_group(
        self,
        *,
        name: str,
        kind: GroupKind,
        region: RegionCode,
        founded_on: date,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            group = BusinessGroup.form(
                name=name, kind=kind, region=region, founded_on=founded_on, envelope=envelope
            )
            return group.id, [group]

        arguments = {"name": name, "kind": kind, "region": region, "founded_on": founded_on}
        return self._run(
            "form_group", envelope, idempotent=idempotent, arguments=arguments, work=work
        )

    def group_command(
        self,
        command: str,
        group_id: UUID,
        enterprise_id: UUID | None,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Add or remove a member, appoint a chairperson, or dissolve the group."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            group = self._get(BusinessGroup, group_id)
            if command == "dissolve_group":
                group.dissolve(envelope=envelope)
                return group.id, [group]
            assert enterprise_id is not None
            enterprise = self._get(Enterprise, enterprise_id)
            if command == "add_group_member":
                group.add_member(enterprise.id, envelope=envelope)
                enterprise.join_group(group.id, envelope=envelope)
            elif command == "remove_group_member":
                group.remove_member(enterprise.id, envelope=envelope)
                enterprise.leave_group(group.id, envelope=envelope)
            else:
                group.appoint_chairperson(enterprise.id, envelope=envelope)
            return group.id, [group, enterprise]

        return self._run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"group_id": group_id, "enterprise_id": enterprise_id},
            work=work,
        )

    # -- programs ------------------------------------------------------------------

    def plan_program(
        self,
        *,
        name: str,
        agency: str,
        scope: Sequence[RegionCode],
        period: Period,
        envelope: Envelope,
        idempotent: bool = False,
    ) -> UUID:
        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            program = Program.plan(
                name=name, agency=agency, scope=scope, period=period, envelope=envelope
            )
            return program.id, [program]

        arguments = {"name": name, "agency": agency, "scope": list(scope), "period": period}
        return self._run(
            "plan_program", envelope, idempotent=idempotent, arguments=arguments, work=work
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
        commands (``retries``: see :meth:`_run`). The record's id is among the command's
        arguments under ``key`` (default: ``program_id`` for a Program, and so on)."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            record = self._get(cls, record_id)
            act(record)
            return record.id, [record]

        return self._run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={key or f"{cls.__name__.lower()}_id": record_id, **arguments},
            work=work,
            retries=retries,
        )

    def program_command(
        self,
        command: str,
        program_id: UUID,
        act: Callable[[Program], None],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Start or close a program, define an indicator, set a target, record a balance."""
        return self.record_command(
            command, Program, program_id, act, envelope, arguments, idempotent=idempotent
        )

    def define_indicator(
        self,
        program_id: UUID,
        indicator: Indicator,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        return self.program_command(
            "define_indicator",
            program_id,
            lambda p: p.define_indicator(indicator, envelope=envelope),
            envelope,
            {"indicator": indicator},
            idempotent=idempotent,
        )

    def set_target(
        self,
        program_id: UUID,
        indicator_key: str,
        target: Target,
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        return self.program_command(
            "set_target",
            program_id,
            lambda p: p.set_target(indicator_key, target, envelope=envelope),
            envelope,
            {"indicator_key": indicator_key, "target": target},
            idempotent=idempotent,
        )

    def enrol(
        self,
        program_id: UUID,
        enterprise_id: UUID,
        funders: Sequence[str],
        envelope: Envelope,
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Enrol an enterprise as binaan; enrolling it again records nothing new."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            program = self._get(Program, program_id)
            program.check_can_enrol(envelope.effective_date)
            enterprise = self._get(Enterprise, enterprise_id)
            if enterprise.status in (EnterpriseStatus.CLOSED, EnterpriseStatus.MERGED):
                raise EnterpriseNotEnrollable(enterprise.id, enterprise.status.value)
            program.check_in_scope(enterprise.address.desa)
            enrolment_id = Enrollment.id_for(program.id, enterprise.id)
            _check_founded_by(enterprise, enrolment_id, envelope.effective_date)
            existing = None if assume_new else self._find(Enrollment, enrolment_id)
            if existing is None:
                new = Enrollment.enrol(
                    program.id, enterprise.id, funders=funders, envelope=envelope
                )
                return new.id, [new]
            existing.reenrol(funders=funders, envelope=envelope)
            return existing.id, [existing]

        return self._run(
            "enrol",
            envelope,
            idempotent=idempotent,
            arguments={
                "program_id": program_id,
                "enterprise_id": enterprise_id,
                "funders": list(funders),
            },
            work=work,
            optimistic=True,
        )

    def _check_enrolment_correction(
        self, enrolment: Enrollment, version: int, changes: Mapping[str, Any]
    ) -> None:
        """A corrected enrolment date still lies while the program ran and after the
        enterprise was founded."""
        fact = enrolment.facts.get(version)
        if fact is None or fact.kind != "Enrolled" or EFFECTIVE_DATE not in changes:
            return
        day = changes[EFFECTIVE_DATE]
        if not isinstance(day, date):
            return  # the domain refuses a value of the wrong type
        self._get(Program, enrolment.program_id).check_enrolment_date(day)
        _check_founded_by(self._get(Enterprise, enrolment.enterprise_id), enrolment.id, day)

    def enrolment_command(
        self,
        command: str,
        program_id: UUID,
        enterprise_id: UUID,
        act: Callable[[Enrollment], object],
        envelope: Envelope,
        arguments: Mapping[str, Any],
        *,
        idempotent: bool = False,
    ) -> UUID:
        """Exit an enrolment, or add a funder's claim to it."""

        def work(assume_new: bool) -> tuple[UUID, Sequence[Aggregate]]:
            self._get(Program, program_id)
            enrolment = self._find(Enrollment, Enrollment.id_for(program_id, enterprise_id))
            if enrolment is None:
                raise NotFound(
                    "enrolment",
                    N_(
                        "{enterprise} in program {program}",
                        enterprise=enterprise_id,
                        program=program_id,
                    ),
                )
            act(enrolment)
            return enrolment.id, [enrolment]

        return self._run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"program_id": program_id, "enterprise_id": enterprise_id, **arguments},
            work=work,
        )

    def program(self, program_id: UUID) -> Program:
        return self._get(Program, program_id)

    def enrolment(self, program_id: UUID, enterprise_id: UUID) -> Enrollment | None:
        return self._find(Enrollment, Enrollment.id_for(program_id, enterprise_id))

    # -- queries -------------------------------------------------------------------

    def enterprise(self, enterprise_id: UUID) -> Enterprise:
        return self._get(Enterprise, enterprise_id)

    def group(self, group_id: UUID) -> BusinessGroup:
        return self._get(BusinessGroup, group_id)

    def record(self, aggregate_id: UUID) -> LedgerAggregate:
        found = self._find(LedgerAggregate, aggregate_id)
        if found is None:
            raise NotFound("record", aggregate_id)
        return found

    def events_of(self, aggregate_id: UUID) -> list[LedgerAggregate.Event]:
        """Every event of one enterprise or group, in version order."""
        events = list(self.repository.event_store.get(aggregate_id))
        if not events or not isinstance(events[0], LedgerAggregate.Event):
            raise NotFound("record", aggregate_id)
        return [e for e in events if isinstance(e, LedgerAggregate.Event)]

    def nib_holder(self, nib: NIB) -> UUID | None:
        """The enterprise holding ``nib``, following merges to the surviving record."""
        claim = self._find(NibClaim, NibClaim.id_for(nib.value))
        holder = claim.holder if claim else None
        seen: set[UUID] = set()
        while holder is not None and holder not in seen:
            seen.add(holder)
            merged_into = self.enterprise(holder).merged_into
            if merged_into is None:
                break
            holder = merged_into
        return holder

    def created_ids(self, created: type[LedgerAggregate.Event], page: int = 500) -> Iterator[UUID]:
        """Ids of every enterprise (or group) in the order they were recorded.

        Reads the notification log filtered to the creation topic; the materialized
        views of later releases answer listing queries without a scan.
        """
        topics = stored_names(created)
        start: int | None = 1
        while True:
            batch = self.recorder.select_notifications(start, page, topics=topics)
            for notification in batch:
                yield UUID(str(notification.originator_id))
            if len(batch) < page:
                return
            start = batch[-1].id + 1


def _check_founded_by(enterprise: Enterprise, enrolment_id: UUID, day: date) -> None:
    """Refuse an enrolment dated before the enterprise was founded. (Not before its
    registration: offices register long-standing businesses today and enrol them with
    the date their guidance began.)"""
    if day < enterprise.founded_on:
        raise EnrolmentDatesOutOfOrder(
            enrolment_id,
            N_(
                "enrolled on {day}, before enterprise {enterprise} was founded ({founded})",
                day=day.isoformat(),
                enterprise=enterprise.id,
                founded=enterprise.founded_on.isoformat(),
            ),
        )
