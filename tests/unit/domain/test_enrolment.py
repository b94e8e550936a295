"""The Enrolment aggregate: one enterprise as binaan of one program."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.support import Story, envelope, kinds, refused, replay
from umkm_ledger import (
    EnrolmentDatesOutOfOrder,
    EnrolmentStatus,
    IllegalTransition,
    InvalidValue,
    ReasonRequired,
)
from umkm_ledger.programs.enrolment import Enrolment

PROGRAM, ENTERPRISE = uuid4(), uuid4()


def enrolled(funders: tuple[str, ...] = ()) -> Story[Enrolment]:
    return Story(
        Enrolment.enrol(PROGRAM, ENTERPRISE, funders=funders, envelope=envelope(date(2016, 12, 1)))
    )


def test_the_id_is_the_same_for_the_same_program_and_enterprise() -> None:
    story = enrolled()
    assert story.aggregate.id == Enrolment.id_for(PROGRAM, ENTERPRISE)
    assert Enrolment.id_for(PROGRAM, uuid4()) != story.aggregate.id
    assert story.aggregate.enrolled_on == date(2016, 12, 1)


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
    assert story.aggregate.enrolled_on == date(2016, 12, 1)  # first enrolment stays the date


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
        Enrolment.enrol(PROGRAM, ENTERPRISE, funders=funders, envelope=envelope())


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


def test_an_exit_or_a_claim_cannot_be_dated_before_the_enrolment() -> None:
    story = enrolled()
    before = envelope(date(2016, 11, 30), reason="moved away")
    refused(story, lambda e: e.exit(envelope=before), EnrolmentDatesOutOfOrder)
    refused(story, lambda e: e.claim("APBN", envelope=before), EnrolmentDatesOutOfOrder)
    story.when(lambda e: e.exit(envelope=envelope(date(2018, 1, 1), reason="moved away")))
    refused(
        story, lambda e: e.reenrol(envelope=envelope(date(2017, 12, 31))), EnrolmentDatesOutOfOrder
    )


def test_a_correction_cannot_put_the_steps_out_of_order() -> None:
    story = enrolled(("APBD",))
    story.when(lambda e: e.exit(envelope=envelope(date(2018, 1, 1), reason="moved away")))
    late = envelope(reason="typo")
    refused(
        story,
        lambda e: e.correct(1, {"effective_date": date(2018, 6, 1)}, envelope=late),
        EnrolmentDatesOutOfOrder,
    )
    refused(
        story,
        lambda e: e.correct(2, {"effective_date": date(2016, 1, 1)}, envelope=late),
        EnrolmentDatesOutOfOrder,
    )
    story.when(lambda e: e.correct(2, {"effective_date": date(2017, 6, 1)}, envelope=late))
    assert replay(story.events).facts[2].effective_date == date(2017, 6, 1)


class EnrolmentLifecycle(RuleBasedStateMachine):
    """Any sequence of enrolments, exits and claims, dated in any order, against a
    simple model: a step dated before the last step is refused and changes nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.story = enrolled()
        self.model_enrolled = True
        self.model_funders: list[str] = []
        self.enrolled_on = self.last_step = date(2016, 12, 1)

    def _dated(self, shift: int, since: date | None = None) -> tuple[date, bool]:
        """A date ``shift`` days after the last step, and whether it may follow ``since``."""
        day = self.last_step + timedelta(days=shift)
        return day, day >= (since or self.last_step)

    @rule(shift=st.integers(-40, 60))
    def enrol_again(self, shift: int) -> None:
        day, in_order = self._dated(shift)
        command = lambda e: e.reenrol(envelope=envelope(day))  # noqa: E731
        if self.model_enrolled:
            self.story.when(command)  # still enrolled: nothing to record, whatever the date
        elif not in_order:
            refused(self.story, command, EnrolmentDatesOutOfOrder)
        else:
            self.story.when(command)
            self.model_enrolled, self.last_step = True, day

    @precondition(lambda self: self.model_enrolled)
    @rule(shift=st.integers(-40, 60))
    def exit(self, shift: int) -> None:
        day, in_order = self._dated(shift)
        command = lambda e: e.exit(envelope=envelope(day, reason="left"))  # noqa: E731
        if not in_order:
            refused(self.story, command, EnrolmentDatesOutOfOrder)
            return
        self.story.when(command)
        self.model_enrolled, self.last_step = False, day

    @precondition(lambda self: not self.model_enrolled)
    @rule()
    def exit_refused(self) -> None:
        refused(self.story, lambda e: e.exit(envelope=envelope(reason="left")), IllegalTransition)

    @rule(funder=st.sampled_from(["APBN", "APBD", "CSR"]), shift=st.integers(-40, 60))
    def claim(self, funder: str, shift: int) -> None:
        day, in_order = self._dated(shift, since=self.enrolled_on)
        command = lambda e: e.claim(funder, envelope=envelope(day))  # noqa: E731
        if funder in self.model_funders:
            self.story.when(command)  # claimed already: nothing to record
        elif not in_order:
            refused(self.story, command, EnrolmentDatesOutOfOrder)
        else:
            self.story.when(command)
            self.model_funders.append(funder)

    @invariant()
    def matches_the_model(self) -> None:
        enrolment = replay(self.story.events)
        expected = EnrolmentStatus.ENROLLED if self.model_enrolled else EnrolmentStatus.EXITED
        assert enrolment.status is expected
        assert list(enrolment.funders) == self.model_funders


TestEnrolmentLifecycle = EnrolmentLifecycle.TestCase
