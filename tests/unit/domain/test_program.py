"""The Program aggregate: given events, when a command, then events (or a refusal)."""

from __future__ import annotations

from collections.abc import Callable
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
    ProgramDatesOutOfOrder,
    ProgramStatus,
    RegionCode,
    RegionLevel,
    Target,
    TargetOutsideProgramPeriod,
    TargetsOverlap,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.programs.program import Program

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


def set_target(target: Target, when: Envelope) -> Callable[[Program], None]:
    return lambda p: p.set_target("new_binaan", target, envelope=when)


def test_a_second_target_for_the_same_period_and_area_is_refused() -> None:
    story = running()
    whole = Target(1000, (Period(date(2016, 1, 1), date(2020, 12, 31)),))
    story.when(lambda p: p.set_target("new_binaan", whole, envelope=envelope(date(2016, 1, 4))))
    again = envelope(date(2016, 2, 1))
    for overlapping in (
        Target(200, (Period.year(2017),)),  # inside the whole program's target
        Target(
            20, Period.years(2016, 2), RegionLevel.DESA_KELURAHAN, (RegionCode("16.10.08.2003"),)
        ),
    ):
        refused(story, set_target(overlapping, again), TargetsOverlap)


def test_quotas_for_different_desa_or_years_do_not_overlap() -> None:
    story = running()
    desa = RegionLevel.DESA_KELURAHAN
    for year, code in [(2016, "16.10.08.2003"), (2016, "16.10.08.2004"), (2017, "16.10.08.2003")]:
        quota = Target(20, (Period.year(year),), desa, (RegionCode(code),))
        story.when(set_target(quota, envelope(date(2016, 1, 4))))
    nested = Target(50, (Period.year(2016),), RegionLevel.KECAMATAN, (RegionCode("16.10.08"),))
    refused(
        story, lambda p: p.set_target("new_binaan", nested, envelope=envelope()), TargetsOverlap
    )


def test_corrections_keep_the_rules_between_facts() -> None:
    story = running()
    target = Target(200, (Period.year(2019),))
    story.when(lambda p: p.set_target("new_binaan", target, envelope=envelope(date(2016, 1, 4))))
    story.when(lambda p: p.close(envelope=envelope(date(2020, 12, 31))))
    why = envelope(reason="wrong in the decree")
    shorter = Period(date(2016, 1, 1), date(2018, 12, 31))
    # The period shrinks past the 2019 target; the close moves before the start.
    refused(
        story, lambda p: p.correct(1, {"period": shorter}, envelope=why), TargetOutsideProgramPeriod
    )
    refused(
        story,
        lambda p: p.correct(5, {"effective_date": date(2015, 12, 31)}, envelope=why),
        ProgramDatesOutOfOrder,
    )
    # A second target corrected into the first one's year overlaps it.
    story = running()
    for year in (2017, 2018):
        t = Target(100, (Period.year(year),))
        story.when(set_target(t, envelope(date(2016, 1, 4))))
    refused(
        story,
        lambda p: p.correct(5, {"target": Target(100, (Period.year(2017),))}, envelope=why),
        TargetsOverlap,
    )
    story.when(lambda p: p.correct(5, {"target": Target(150, (Period.year(2018),))}, envelope=why))
    assert story.aggregate.targets["new_binaan"][1].value == 150
