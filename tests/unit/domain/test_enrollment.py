"""The Enrollment aggregate: one enterprise as binaan of one program."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.support import Story, envelope, kinds, refused, replay
from umkm_ledger import EnrolmentStatus, IllegalTransition, InvalidValue, ReasonRequired
from umkm_ledger.domain.enrollment import Enrollment

PROGRAM, ENTERPRISE = uuid4(), uuid4()


def enrolled(funders: tuple[str, ...] = ()) -> Story[Enrollment]:
    return Story(
        Enrollment.enrol(PROGRAM, ENTERPRISE, funders=funders, envelope=envelope(date(2017, 3, 1)))
    )


def test_the_id_is_the_same_for_the_same_program_and_enterprise() -> None:
    story = enrolled()
    assert story.aggregate.id == Enrollment.id_for(PROGRAM, ENTERPRISE)
    assert Enrollment.id_for(PROGRAM, uuid4()) != story.aggregate.id
    assert story.aggregate.enrolled_on == date(2017, 3, 1)


def test_enrolling_again_records_nothing_while_enrolled() -> None:
    story = enrolled()
    assert story.when(lambda e: e.reenrol(envelope=envelope())) == []


def test_after_an_exit_enrolling_again_is_a_reenrolment() -> None:
    story = enrolled()
    refused(story, lambda e: e.exit(envelope=envelope()), ReasonRequired)
    story.when(lambda e: e.exit(envelope=envelope(date(2018, 1, 1), reason="moved away")))
    assert story.aggregate.status.value == "exited"
    refused(story, lambda e: e.exit(envelope=envelope(reason="again")), IllegalTransition)
    assert kinds(story.when(lambda e: e.reenrol(envelope=envelope(date(2019, 1, 1))))) == [
        "Reenrolled"
    ]
    assert story.aggregate.status is EnrolmentStatus.ENROLLED
    assert story.aggregate.enrolled_on == date(2017, 3, 1)  # first enrolment stays the date


def test_funders_claim_once_each() -> None:
    story = enrolled(("APBD Sulsel",))
    assert story.when(lambda e: e.claim("APBD Sulsel", envelope=envelope())) == []
    assert kinds(story.when(lambda e: e.claim("APBN", envelope=envelope()))) == [
        "AttributionClaimed"
    ]
    assert kinds(story.when(lambda e: e.reenrol(funders=["CSR"], envelope=envelope()))) == [
        "AttributionClaimed"
    ]
    assert story.aggregate.funders == ("APBD Sulsel", "APBN", "CSR")


@pytest.mark.parametrize("funders", [[" "], ["APBN", "APBN "]])
def test_bad_funder_lists_are_refused(funders: list[str]) -> None:
    with pytest.raises(InvalidValue, match="funders"):
        Enrollment.enrol(PROGRAM, ENTERPRISE, funders=funders, envelope=envelope())


def test_a_correction_of_the_funders_and_the_date_re_derives_them() -> None:
    story = enrolled(("APBD",))
    story.when(
        lambda e: e.correct(
            1,
            {"funders": ("APBN",), "effective_date": date(2017, 2, 1)},
            envelope=envelope(reason="wrong budget line and date"),
        )
    )
    assert story.aggregate.funders == ("APBN",)
    assert story.aggregate.enrolled_on == date(2017, 2, 1)


class EnrolmentLifecycle(RuleBasedStateMachine):
    """Any sequence of enrolments, exits and claims against a simple model."""

    def __init__(self) -> None:
        super().__init__()
        self.story = enrolled()
        self.model_enrolled = True
        self.model_funders: list[str] = []

    @rule()
    def enrol_again(self) -> None:
        self.story.when(lambda e: e.reenrol(envelope=envelope()))
        self.model_enrolled = True

    @precondition(lambda self: self.model_enrolled)
    @rule()
    def exit(self) -> None:
        self.story.when(lambda e: e.exit(envelope=envelope(reason="left")))
        self.model_enrolled = False

    @precondition(lambda self: not self.model_enrolled)
    @rule()
    def exit_refused(self) -> None:
        refused(self.story, lambda e: e.exit(envelope=envelope(reason="left")), IllegalTransition)

    @rule(funder=st.sampled_from(["APBN", "APBD", "CSR"]))
    def claim(self, funder: str) -> None:
        self.story.when(lambda e: e.claim(funder, envelope=envelope()))
        if funder not in self.model_funders:
            self.model_funders.append(funder)

    @invariant()
    def matches_the_model(self) -> None:
        enrolment = replay(self.story.events)
        expected = EnrolmentStatus.ENROLLED if self.model_enrolled else EnrolmentStatus.EXITED
        assert enrolment.status is expected
        assert list(enrolment.funders) == self.model_funders


TestEnrolmentLifecycle = EnrolmentLifecycle.TestCase
