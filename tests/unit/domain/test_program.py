"""The Program aggregate: given events, when a command, then events (or a refusal)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support import Story, envelope, kinds, refused
from umkm_ledger import (
    EnrolmentOutsideProgramTime,
    FactNotCorrectable,
    IllegalTransition,
    Indicator,
    IndicatorAlreadyDefined,
    IndicatorNotDefined,
    InvalidValue,
    OutsideProgramScope,
    Period,
    ProgramStatus,
    RegionCode,
    RegionLevel,
    Target,
    TargetOutsideProgramPeriod,
)
from umkm_ledger.domain.program import Program

OGAN_ILIR = RegionCode("16.10")
NEW_BINAAN = Indicator.define("new_binaan", "binaan_enrolled", "New binaan")


def planned() -> Story[Program]:
    return Story(
        Program.plan(
            name="Pengembangan 1000 Wirausaha UMKM",
            agency="Diskoperindag Ogan Ilir",
            scope=[OGAN_ILIR],
            period=Period(date(2016, 1, 1), date(2020, 12, 31)),
            envelope=envelope(date(2016, 1, 4)),
        )
    )


def running() -> Story[Program]:
    story = planned()
    story.when(lambda p: p.start(envelope=envelope(date(2016, 1, 4))))
    story.when(lambda p: p.define_indicator(NEW_BINAAN, envelope=envelope(date(2016, 1, 4))))
    return story


def test_a_planned_program_starts_and_closes() -> None:
    story = planned()
    assert story.aggregate.status is ProgramStatus.PLANNED
    assert kinds(story.when(lambda p: p.start(envelope=envelope(date(2016, 1, 4))))) == [
        "StatusChanged"
    ]
    story.when(lambda p: p.close(envelope=envelope(date(2020, 12, 31))))
    program = story.aggregate
    assert program.status is ProgramStatus.CLOSED
    assert (program.started_on, program.closed_on) == (date(2016, 1, 4), date(2020, 12, 31))


def test_a_closed_program_cannot_start_again() -> None:
    story = running()
    story.when(lambda p: p.close(envelope=envelope(date(2020, 12, 31))))
    refused(story, lambda p: p.start(envelope=envelope(date(2021, 1, 1))), IllegalTransition)


def test_a_program_does_not_close_before_it_started() -> None:
    story = running()
    refused(story, lambda p: p.close(envelope=envelope(date(2015, 1, 1))), InvalidValue)


def test_an_indicator_is_defined_once() -> None:
    story = running()
    assert story.aggregate.indicators == {"new_binaan": NEW_BINAAN}
    refused(
        story,
        lambda p: p.define_indicator(NEW_BINAAN, envelope=envelope()),
        IndicatorAlreadyDefined,
    )


def test_targets_belong_to_a_defined_indicator_within_the_period_and_scope() -> None:
    story = running()
    whole = Target(1000, (Period(date(2016, 1, 1), date(2020, 12, 31)),))
    assert kinds(story.when(lambda p: p.set_target("new_binaan", whole, envelope=envelope()))) == [
        "TargetSet"
    ]
    assert story.aggregate.targets == {"new_binaan": (whole,)}
    refused(story, lambda p: p.set_target("nib", whole, envelope=envelope()), IndicatorNotDefined)
    late = Target(10, (Period.year(2021),))
    refused(
        story,
        lambda p: p.set_target("new_binaan", late, envelope=envelope()),
        TargetOutsideProgramPeriod,
    )
    elsewhere = Target(
        20, (Period.year(2017),), RegionLevel.DESA_KELURAHAN, (RegionCode("16.09.14.2006"),)
    )
    refused(
        story,
        lambda p: p.set_target("new_binaan", elsewhere, envelope=envelope()),
        OutsideProgramScope,
    )


def test_an_opening_balance_keeps_its_provenance_and_can_be_corrected() -> None:
    story = running()
    story.when(
        lambda p: p.record_opening_balance(
            "new_binaan", 645, source_document="Laporan Dinas 2016", area=None,
            envelope=envelope(date(2016, 12, 16)),
        )
    )  # fmt: skip
    (balance,) = story.aggregate.opening_balances
    assert (balance.value, balance.counted_on, balance.source_document) == (
        645,
        date(2016, 12, 16),
        "Laporan Dinas 2016",
    )
    story.when(
        lambda p: p.correct(
            balance.version, {"value": 654}, envelope=envelope(reason="typo: 654, not 645")
        )
    )
    (corrected,) = story.aggregate.opening_balances
    assert corrected.value == 654
    assert story.aggregate.facts[balance.version].corrected_by != ()


def test_an_opening_balance_needs_a_source_document() -> None:
    story = running()
    refused(
        story,
        lambda p: p.record_opening_balance(
            "new_binaan", 654, source_document=" ", area=None, envelope=envelope()
        ),
        InvalidValue,
    )


def test_enrolment_is_allowed_only_while_the_program_runs() -> None:
    story = planned()
    with pytest.raises(IllegalTransition):
        story.aggregate.check_can_enrol(date(2016, 2, 1))
    story = running()
    story.aggregate.check_can_enrol(date(2016, 1, 4))
    with pytest.raises(EnrolmentOutsideProgramTime):
        story.aggregate.check_can_enrol(date(2016, 1, 3))
    story.when(lambda p: p.close(envelope=envelope(date(2020, 12, 31))))
    story.aggregate.check_can_enrol(date(2020, 12, 31))  # typed in late: still allowed
    with pytest.raises(EnrolmentOutsideProgramTime):
        story.aggregate.check_can_enrol(date(2021, 1, 1))


def test_scope_contains_the_regions_within_it() -> None:
    program = running().aggregate
    program.check_in_scope(RegionCode("16.10.08.2003"))
    with pytest.raises(OutsideProgramScope):
        program.check_in_scope(RegionCode("16.09.14.2006"))


def test_an_indicator_key_cannot_be_corrected_away() -> None:
    story = running()
    version = next(v for v, f in story.aggregate.facts.items() if f.kind == "IndicatorDefined")
    renamed = Indicator.define("other", "binaan_enrolled", "New binaan")
    refused(
        story,
        lambda p: p.correct(version, {"indicator": renamed}, envelope=envelope(reason="x")),
        FactNotCorrectable,
    )
    retitled = Indicator.define("new_binaan", "binaan_enrolled", "New UMKM binaan")
    story.when(
        lambda p: p.correct(version, {"indicator": retitled}, envelope=envelope(reason="title"))
    )
    assert story.aggregate.indicators["new_binaan"].title == "New UMKM binaan"


@pytest.mark.parametrize(
    ("scope", "field"),
    [([], "scope"), ([OGAN_ILIR, OGAN_ILIR], "scope"), (["16.10"], "scope[0]")],
)
def test_a_program_needs_a_scope_of_distinct_region_codes(scope: list[object], field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        Program.plan(
            name="P", agency="A", scope=scope,  # type: ignore[arg-type]
            period=Period.year(2020), envelope=envelope(),
        )  # fmt: skip
    assert raised.value.field == field
