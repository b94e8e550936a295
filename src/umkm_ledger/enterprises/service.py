"""The enterprises' and groups' service: what the Ledger's enterprise and group
methods do, from primitives (text, dates, mappings) to commands in domain terms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from umkm_ledger.enterprises.commands import EnterpriseCommands
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import GroupKind
from umkm_ledger.enterprises.readmodels import EnterpriseView, GroupView
from umkm_ledger.kernel.clock import today
from umkm_ledger.kernel.coerce import (
    to_address,
    to_date,
    to_id,
    to_kbli,
    to_nib,
    to_owners,
    to_region,
    to_rupiah,
)
from umkm_ledger.kernel.envelope import Actor
from umkm_ledger.kernel.values import KBLI, NIB, Owner, RegionCode, Rupiah
from umkm_ledger.kernel.values.bounds import calendar_year
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.platform.regions import region_names
from umkm_ledger.platform.session import Session

__all__ = ["EnterpriseService"]


class EnterpriseService:
    """Enterprises and groups, from the primitive forms callers send. Each public method
    is documented where callers see it, on :class:`umkm_ledger.Ledger`."""

    def __init__(
        self,
        session: Session,
        *,
        enterprise_commands: EnterpriseCommands,
    ) -> None:
        self._session = session
        self._app = session.app
        self._enterprise_commands = enterprise_commands

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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._enterprise_commands.register_enterprise(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._enterprise_commands.record_nib(
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
        year = calendar_year(year, "year")
        this_day = today()
        default = date(year, 12, 31) if 1900 <= year < this_day.year else this_day
        envelope, idempotent = self._session.envelope(
            command_id=command_id,
            effective_date=effective_date,
            actor=actor,
            default_date=default,
        )
        return self._enterprise_commands.report_sales(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._enterprise_commands.report_capital(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        action = {
            "mark_dormant": Enterprise.mark_dormant,
            "close": Enterprise.close,
            "reactivate": Enterprise.reactivate,
            "graduate": Enterprise.graduate,
        }[command]
        return self._enterprise_commands.change_status(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._enterprise_commands.confirm_distinct(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._enterprise_commands.merge_duplicate(
            to_id(duplicate_id, "duplicate_id"),
            to_id(into, "into"),
            envelope,
            idempotent=idempotent,
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._enterprise_commands.form_group(
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
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._enterprise_commands.group_command(
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
        return self._group(
            "dissolve_group", group_id, None, reason, command_id, effective_date, actor
        )

    def enterprise(self, enterprise_id: UUID | str) -> EnterpriseView:
        return EnterpriseView.of(
            self._enterprise_commands.enterprise(to_id(enterprise_id, "enterprise_id"))
        )

    def group(self, group_id: UUID | str) -> GroupView:
        return GroupView.of(self._enterprise_commands.group(to_id(group_id, "group_id")))

    def find_by_nib(self, nib: NIB | str) -> UUID | None:
        return self._enterprise_commands.nib_holder(to_nib(nib))

    def enterprise_ids(self) -> Iterator[UUID]:
        return self._session.listed("enterprise")

    def enterprises(
        self,
        *,
        provinsi: RegionCode | str | None = None,
        kabupaten: RegionCode | str | None = None,
        kecamatan: RegionCode | str | None = None,
        desa: RegionCode | str | None = None,
    ) -> list[EnterpriseView]:
        names = region_names()
        region = names.narrow(
            {"provinsi": provinsi, "kabupaten": kabupaten, "kecamatan": kecamatan, "desa": desa}
        )
        views = (self.enterprise(i) for i in self.enterprise_ids())
        return [v for v in views if region is None or names.lies_in(v.desa, region)]

    def group_ids(self) -> Iterator[UUID]:
        return self._session.listed("group")
