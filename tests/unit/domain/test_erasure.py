"""The Erasure record, given/when/then: requested with a ground and a reason, decided by a
second officer, once."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.support import Story, envelope, kinds, refused
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.rules import IllegalTransition, ReasonRequired
from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureStatus
from umkm_ledger.privacy.rules import ErasureNeedsASecondOfficer

PERSON = uuid4()


def requested() -> Story[Erasure]:
    return Story(
        Erasure.request(
            person=PERSON,
            ground=ErasureGround.SUBJECT_REQUEST,
            envelope=envelope(reason="surat 12/PDP/2026", user="budi"),
        )
    )


def test_a_request_names_the_person_by_id_the_ground_and_who_asked() -> None:
    story = requested()
    erasure = story.aggregate
    assert kinds(story.events) == ["Requested"]
    assert erasure.id == Erasure.id_for(PERSON)  # one erasure per person
    assert (erasure.person, erasure.ground, erasure.status) == (
        PERSON, ErasureGround.SUBJECT_REQUEST, ErasureStatus.REQUESTED,
    )  # fmt: skip
    assert erasure.requested_by == "budi"


def test_a_request_needs_a_reason_and_a_ground() -> None:
    with pytest.raises(ReasonRequired):
        Erasure.request(person=PERSON, ground=ErasureGround.UNLAWFUL, envelope=envelope())
    with pytest.raises(InvalidValue) as bad:
        ErasureGround.parse("bosan")
    assert bad.value.field == "ground"
    assert ErasureGround.parse("Consent-Withdrawn") is ErasureGround.CONSENT_WITHDRAWN


def test_the_requester_can_neither_approve_nor_reject() -> None:
    story = requested()
    refused(story, lambda e: e.approve(envelope=envelope(user="Budi ")), ErasureNeedsASecondOfficer)
    refused(
        story,
        lambda e: e.reject(envelope=envelope(reason="tidak", user="budi")),
        ErasureNeedsASecondOfficer,
    )


def test_a_second_officer_approves_once_and_nothing_follows() -> None:
    story = requested()
    assert kinds(story.when(lambda e: e.approve(envelope=envelope(user="tapip")))) == ["Approved"]
    erasure = story.aggregate
    assert (erasure.status, erasure.decided_by) == (ErasureStatus.ERASED, "tapip")
    refused(story, lambda e: e.approve(envelope=envelope(user="tapip")), IllegalTransition)
    refused(story, lambda e: e.reject(envelope=envelope(reason="x", user="sri")), IllegalTransition)


def test_a_rejection_needs_a_reason_and_keeps_the_data() -> None:
    story = requested()
    refused(story, lambda e: e.reject(envelope=envelope(user="tapip")), ReasonRequired)
    story.when(lambda e: e.reject(envelope=envelope(reason="masih masa hibah", user="tapip")))
    assert story.aggregate.status is ErasureStatus.REJECTED
