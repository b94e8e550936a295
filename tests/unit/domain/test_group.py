"""BusinessGroup: given events, when a command, then events (or a refusal)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from tests.support import Story, envelope, kinds, refused
from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
from umkm_ledger.enterprises.lifecycle import GroupStatus
from umkm_ledger.enterprises.rules import (
    AlreadyGroupMember,
    ChairpersonMustBeMember,
    NotAGroupMember,
)
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.rules import IllegalTransition, ReasonRequired
from umkm_ledger.kernel.values import RegionCode

KUB_REGION = RegionCode("16.10.05.2012")


def kub() -> Story[BusinessGroup]:
    return Story(
        BusinessGroup.form(
            name="KUB Karya Usang Sungging",
            kind=GroupKind.KUB,
            region=KUB_REGION,
            founded_on=date(2019, 4, 1),
            envelope=envelope(date(2023, 10, 2)),
        )
    )


def test_forming_records_the_group() -> None:
    s = kub()
    (formed,) = s.events
    assert isinstance(formed, BusinessGroup.Formed)
    group = s.aggregate
    assert (group.name, group.kind, group.region) == (
        "KUB Karya Usang Sungging",
        GroupKind.KUB,
        KUB_REGION,
    )
    assert group.members == ()
    assert group.status is GroupStatus.ACTIVE


def test_a_group_needs_a_name_and_a_past_founding() -> None:
    with pytest.raises(InvalidValue):
        BusinessGroup.form(
            name=" ", kind=GroupKind.KUB, region=KUB_REGION, founded_on=date(2019, 1, 1),
            envelope=envelope(),
        )  # fmt: skip
    with pytest.raises(InvalidValue):
        BusinessGroup.form(
            name="X", kind=GroupKind.KUB, region=KUB_REGION, founded_on=date(2024, 1, 1),
            envelope=envelope(date(2023, 1, 1)),
        )  # fmt: skip


def test_members_join_once_and_leave_with_a_reason() -> None:
    s = kub()
    member = uuid4()
    assert kinds(s.when(lambda g: g.add_member(member, envelope=envelope()))) == ["MemberJoined"]
    refused(s, lambda g: g.add_member(member, envelope=envelope()), AlreadyGroupMember)
    refused(s, lambda g: g.remove_member(member, envelope=envelope()), ReasonRequired)
    assert kinds(
        s.when(lambda g: g.remove_member(member, envelope=envelope(reason="moved to Palembang")))
    ) == ["MemberLeft"]
    refused(s, lambda g: g.remove_member(member, envelope=envelope(reason="r")), NotAGroupMember)
    # ... and may join again later.
    assert kinds(s.when(lambda g: g.add_member(member, envelope=envelope()))) == ["MemberJoined"]


def test_the_chairperson_is_a_member_and_stops_chairing_on_leaving() -> None:
    s = kub()
    member = uuid4()
    refused(
        s, lambda g: g.appoint_chairperson(member, envelope=envelope()), ChairpersonMustBeMember
    )
    s.when(lambda g: g.add_member(member, envelope=envelope()))
    s.when(lambda g: g.appoint_chairperson(member, envelope=envelope()))
    assert s.aggregate.chairperson == member
    s.when(lambda g: g.remove_member(member, envelope=envelope(reason="r")))
    assert s.aggregate.chairperson is None


def test_a_dissolved_group_changes_no_more_but_can_be_corrected() -> None:
    s = kub()
    refused(s, lambda g: g.dissolve(envelope=envelope()), ReasonRequired)
    s.when(lambda g: g.dissolve(envelope=envelope(reason="members retired")))
    assert s.aggregate.status is GroupStatus.DISSOLVED
    refused(s, lambda g: g.add_member(uuid4(), envelope=envelope()), IllegalTransition)
    s.when(lambda g: g.correct(1, {"name": "KUB Usang Sungging"}, envelope=envelope(reason="typo")))
    assert s.aggregate.name == "KUB Usang Sungging"
