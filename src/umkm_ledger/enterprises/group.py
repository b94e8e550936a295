"""The BusinessGroup aggregate: a KUB, sentra or koperasi and its member enterprises.

Aid often goes to a group rather than to one enterprise; the group's members at the
time are what later reports disaggregate by.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.enterprises.lifecycle import GROUP_LIFECYCLE, GroupAction, GroupStatus
from umkm_ledger.enterprises.rules import (
    AlreadyGroupMember,
    ChairpersonMustBeMember,
    NotAGroupMember,
)
from umkm_ledger.kernel.aggregate import (
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    check_founded_by_fact,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.kernel.values.bounds import fact_date
from umkm_ledger.kernel.values.checks import instance
from umkm_ledger.kernel.values.text import name_text

__all__ = ["BusinessGroup", "GroupKind"]


class GroupKind(enum.Enum):
    #: *kelompok usaha bersama*: a joint business group.
    KUB = "KUB"
    #: a centre or cluster of producers (Sentra Usaha TKI Purna).
    SENTRA = "sentra"
    KOPERASI = "koperasi"

    @classmethod
    def parse(cls, text: str | GroupKind, field: str = "kind") -> GroupKind:
        if isinstance(text, GroupKind):
            return text
        for kind in cls:
            if isinstance(text, str) and text.strip().lower() == kind.value.lower():
                return kind
        choices = ", ".join(k.value for k in cls)
        raise InvalidValue(field, text, N_("must be one of {choices}", choices=choices))


class BusinessGroup(LedgerAggregate):
    """A group of enterprises with a chairperson (the owner of a member enterprise)."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Formed": frozenset({"name", "kind", "region", "founded_on"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Formed": {
            "name": name_text,
            "kind": instance(GroupKind, "KUB, sentra or koperasi"),
            "region": instance(RegionCode, "a region code"),
            "founded_on": fact_date,
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Formed(Event, Aggregate.Created):
        """A group was formed (or, for an older group, entered into the ledger)."""

        name: str
        kind: GroupKind
        region: RegionCode
        founded_on: date

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, BusinessGroup)
            aggregate.name = self.name
            aggregate.kind = self.kind
            aggregate.region = self.region
            aggregate.founded_on = self.founded_on

    @dataclass(frozen=True)
    class MemberJoined(Event):
        """An enterprise joined the group."""

        enterprise_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, BusinessGroup)
            aggregate.members = (*aggregate.members, self.enterprise_id)

    @dataclass(frozen=True)
    class MemberLeft(Event):
        """An enterprise left the group (the reason is in the envelope)."""

        enterprise_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, BusinessGroup)
            aggregate.members = tuple(m for m in aggregate.members if m != self.enterprise_id)
            if aggregate.chairperson == self.enterprise_id:
                aggregate.chairperson = None

    @dataclass(frozen=True)
    class ChairpersonAppointed(Event):
        """The owner of a member enterprise became the group's chairperson (*ketua*)."""

        enterprise_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, BusinessGroup)
            aggregate.chairperson = self.enterprise_id

    @dataclass(frozen=True)
    class Dissolved(Event):
        """The group was dissolved (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, BusinessGroup)
            aggregate.status = GroupStatus.DISSOLVED

    def __init__(self) -> None:
        self._init_facts()
        self.name = ""
        self.kind: GroupKind
        self.region: RegionCode
        self.founded_on: date
        self.members: tuple[UUID, ...] = ()
        self.chairperson: UUID | None = None
        self.status = GroupStatus.ACTIVE

    @classmethod
    def form(
        cls,
        *,
        name: str,
        kind: GroupKind,
        region: RegionCode,
        founded_on: date,
        envelope: Envelope,
    ) -> BusinessGroup:
        fields = cls.checked_fields(
            "Formed", {"name": name, "kind": kind, "region": region, "founded_on": founded_on}
        )
        if fields["founded_on"] > envelope.effective_date:
            raise InvalidValue(
                "founded_on", founded_on.isoformat(), "is after the formation's effective date"
            )
        check_effective_date(envelope)
        return cls._create(cls.Formed, envelope=envelope, **fields)

    def _allow(self, action: GroupAction) -> None:
        next_status(GROUP_LIFECYCLE, "group", self.status, action)

    def add_member(self, enterprise_id: UUID, *, envelope: Envelope) -> None:
        self._allow(GroupAction.ADD_MEMBER)
        if enterprise_id in self.members:
            raise AlreadyGroupMember(self.id, enterprise_id)
        self._record(self.MemberJoined, envelope, enterprise_id=enterprise_id)

    def remove_member(self, enterprise_id: UUID, *, envelope: Envelope) -> None:
        self._allow(GroupAction.REMOVE_MEMBER)
        require_reason(envelope, "removing a group member")
        if enterprise_id not in self.members:
            raise NotAGroupMember(self.id, enterprise_id)
        self._record(self.MemberLeft, envelope, enterprise_id=enterprise_id)

    def appoint_chairperson(self, enterprise_id: UUID, *, envelope: Envelope) -> None:
        self._allow(GroupAction.APPOINT_CHAIRPERSON)
        if enterprise_id not in self.members:
            raise ChairpersonMustBeMember(self.id, enterprise_id)
        self._record(self.ChairpersonAppointed, envelope, enterprise_id=enterprise_id)

    def dissolve(self, *, envelope: Envelope) -> None:
        self._allow(GroupAction.DISSOLVE)
        require_reason(envelope, "dissolving a group")
        self._record(self.Dissolved, envelope)

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        self._allow(GroupAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind != "Formed":
            return
        # The formation's rule, as the command keeps it: founded on or before it.
        founded = changes.get("founded_on", fact.fields["founded_on"])
        check_founded_by_fact(fact, changes, founded, N_("is after the formation's effective date"))

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Formed":
            self.name = fact.fields["name"]
            self.kind = fact.fields["kind"]
            self.region = fact.fields["region"]
            self.founded_on = fact.fields["founded_on"]


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    BusinessGroup,
    "enterprises.BusinessGroup",
    formerly="umkm_ledger.domain.group:BusinessGroup",
    events=(
        "Formed",
        "MemberJoined",
        "MemberLeft",
        "ChairpersonAppointed",
        "Dissolved",
        "Corrected",
    ),
)
register_record_kind(BusinessGroup, "group")
