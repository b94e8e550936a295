"""The enterprises' and groups' commands in domain terms: get → command → save, every
record a command touches (with its uniqueness indexes) saved in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.indexes import NibClaim, OwnerIndex, OwnerKey
from umkm_ledger.enterprises.lifecycle import GroupStatus
from umkm_ledger.enterprises.rules import NibAlreadyRegistered
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.values import KBLI, NIB, Address, Owner, RegionCode, Rupiah
from umkm_ledger.platform.application import LedgerApplication

__all__ = ["EnterpriseCommands", "owner_index_id"]


def owner_index_id(app: LedgerApplication, key: OwnerKey) -> UUID:
    """The id of the owner index of ``key`` in ``app``: by the person the key store knows
    the owner as on a ledger that seals personal data (see :meth:`OwnerIndex.id_for`)."""
    nik, desa, version, code = key
    person = None
    if app.seals_personal_data:
        person = nik.person or app.person_keys.person_for(nik)
    return OwnerIndex.id_for((nik.value, desa, version, code), app.index_secret, person=person)


class EnterpriseCommands:
    """The enterprises' and groups' commands, run by the ledger's application."""

    def __init__(self, app: LedgerApplication) -> None:
        self._app = app
        app.on_correction(Enterprise, self._correct_enterprise)

    def _correct_enterprise(
        self,
        record: Enterprise,
        version: int,
        changes: Mapping[str, Any],
        envelope: Envelope,
        check: Callable[[LedgerAggregate], None] | None,
    ) -> list[Aggregate]:
        """Correct an enterprise, keeping its NIB claim and owner index in step (a
        correction of its owners or NIB moves them in the same transaction)."""
        keys_before, nib_before = record.owner_keys(), record.nib
        record.correct(version, changes, envelope=envelope)
        touched: list[Aggregate] = []
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
        return touched

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
                id=new_id(),
            )
            touched: list[Aggregate] = [enterprise]
            if nib is not None:
                touched.append(self._claim_nib(nib, enterprise.id))
            touched += self._index_owners(
                enterprise, enterprise.owner_keys(), envelope, assume_new=assume_new
            )
            return enterprise.id, touched

        return self._app.run(
            "register_enterprise",
            envelope,
            idempotent=idempotent,
            arguments=arguments,
            work=work,
            optimistic=True,
        )

    def _claim_nib(self, nib: NIB, enterprise_id: UUID) -> NibClaim:
        claim = self._app.find(NibClaim, NibClaim.id_for(nib.value))
        if claim is None:
            return NibClaim.claim(nib.value, enterprise_id)
        if claim.holder is not None and claim.holder != enterprise_id:
            raise NibAlreadyRegistered(nib.value, claim.holder)
        claim.reclaim(enterprise_id)
        return claim

    def _release_nib(self, nib: NIB, enterprise_id: UUID) -> list[Aggregate]:
        claim = self._app.find(NibClaim, NibClaim.id_for(nib.value))
        if claim is None or claim.holder != enterprise_id:
            return []
        claim.release()
        return [claim]

    def _index_owners(
        self,
        enterprise: Enterprise,
        keys: Sequence[OwnerKey],
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
            index_id = self._index_id(key)
            index = None if assume_new else self._app.find(OwnerIndex, index_id)
            if index is None:
                touched.append(OwnerIndex.start(index_id, enterprise.id))
                continue
            others += [e for e in index.enterprises if e != enterprise.id]
            index.add(enterprise.id)
            touched.append(index)
        enterprise.flag_suspected_duplicate(others, envelope=envelope)
        return touched

    def _unindex_owners(self, enterprise_id: UUID, keys: Sequence[OwnerKey]) -> list[Aggregate]:
        touched: list[Aggregate] = []
        for key in dict.fromkeys(keys):
            index = self._app.find(OwnerIndex, self._index_id(key))
            if index is not None:
                index.remove(enterprise_id)
                touched.append(index)
        return touched

    def _index_id(self, key: OwnerKey) -> UUID:
        return owner_index_id(self._app, key)

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
            enterprise = self._app.get(Enterprise, enterprise_id)
            return enterprise.id, [enterprise, *act(enterprise)]

        return self._app.run(
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
            self._app.get(Enterprise, other_id)
            if other_id in enterprise.suspected_duplicates:
                enterprise.dismiss_duplicate(other_id, envelope=envelope)
                return []
            other = self._app.get(Enterprise, other_id)
            other.dismiss_duplicate(enterprise_id, envelope=envelope)
            return [other]

        return self._enterprise_command(
            "confirm_distinct", enterprise_id, envelope, idempotent, {"other_id": other_id}, act
        )

    def merge_duplicate(
        self, duplicate_id: UUID, survivor_id: UUID, envelope: Envelope, *, idempotent: bool = False
    ) -> UUID:
        def act(duplicate: Enterprise) -> Sequence[Aggregate]:
            survivor = self._app.get(Enterprise, survivor_id)
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
            group = self._app.get(BusinessGroup, group_id)
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
        return self._app.run(
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
            group = self._app.get(BusinessGroup, group_id)
            if command == "dissolve_group":
                group.dissolve(envelope=envelope)
                return group.id, [group]
            assert enterprise_id is not None
            enterprise = self._app.get(Enterprise, enterprise_id)
            if command == "add_group_member":
                group.add_member(enterprise.id, envelope=envelope)
                enterprise.join_group(group.id, envelope=envelope)
            elif command == "remove_group_member":
                group.remove_member(enterprise.id, envelope=envelope)
                enterprise.leave_group(group.id, envelope=envelope)
            else:
                group.appoint_chairperson(enterprise.id, envelope=envelope)
            return group.id, [group, enterprise]

        return self._app.run(
            command,
            envelope,
            idempotent=idempotent,
            arguments={"group_id": group_id, "enterprise_id": enterprise_id},
            work=work,
        )

    def enterprise(self, enterprise_id: UUID) -> Enterprise:
        return self._app.get(Enterprise, enterprise_id)

    def group(self, group_id: UUID) -> BusinessGroup:
        return self._app.get(BusinessGroup, group_id)

    def nib_holder(self, nib: NIB) -> UUID | None:
        """The enterprise holding ``nib``, following merges to the surviving record."""
        claim = self._app.find(NibClaim, NibClaim.id_for(nib.value))
        holder = claim.holder if claim else None
        seen: set[UUID] = set()
        while holder is not None and holder not in seen:
            seen.add(holder)
            merged_into = self.enterprise(holder).merged_into
            if merged_into is None:
                break
            holder = merged_into
        return holder
