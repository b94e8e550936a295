"""The indicator kinds that come with the ledger.

===========================  ===========================================================
``binaan_enrolled``          new binaan enrolled in the program (each enterprise once)
``binaan_with_nib``          binaan that hold an NIB
``registered_enterprises``   enterprises registered in the program's scope, against a
                             known population (parameter ``population``)
``moved_up_size_class``      binaan whose size class is above the one they had when
                             enrolled (*naik kelas*)
``sales_growth``             binaan sales growth over ``baseline_year``, in percent
                             (median over enterprises; the total is in the details)
===========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar

from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.programs.indicator import Indicator
from umkm_ledger.programs.progress.facts import (
    EnrolmentFacts,
    EnterpriseFacts,
    Facts,
    ProgramFacts,
    rank,
)
from umkm_ledger.programs.progress.kinds import (
    IndicatorKind,
    Measure,
    Observation,
    growth_measure,
    register_indicator_kind,
)

__all__ = [
    "BinaanEnrolled",
    "BinaanWithNib",
    "MovedUpSizeClass",
    "RegisteredEnterprises",
    "SalesGrowth",
]


def _observation(
    enterprise: EnterpriseFacts,
    on: date,
    as_of: date,
    funders: tuple[str, ...] = (),
    value: int = 1,
    baseline: int | None = None,
    order: int = 0,
    counts_in: date | None = None,
) -> Observation:
    return Observation(
        subject=enterprise.counts_as,
        on=on,
        desa=enterprise.desa,
        sector=enterprise.sector,
        size_class=enterprise.size_class_on(as_of),
        gender=enterprise.gender,
        birth_year=enterprise.birth_year,
        funders=funders,
        value=value,
        baseline=baseline,
        order=order,
        counts_in=counts_in,
    )


def _binaan(facts: Facts, program: ProgramFacts, as_of: date) -> Iterator[EnrolmentFacts]:
    """Enrolments dated by ``as_of`` (exits do not undo having been enrolled)."""
    for enrolment in facts.enrolments(program.id):
        if enrolment.enrolled_on <= as_of:
            yield enrolment


class BinaanEnrolled(IndicatorKind):
    name = "binaan_enrolled"
    title = "new binaan enrolled"

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        for enrolment in _binaan(facts, program, as_of):
            yield _observation(
                enrolment.enterprise,
                enrolment.enrolled_on,
                as_of,
                funders=enrolment.funders_on(as_of),
            )


class BinaanWithNib(IndicatorKind):
    name = "binaan_with_nib"
    title = "binaan holding an NIB"

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        for enrolment in _binaan(facts, program, as_of):
            nib_on = enrolment.enterprise.nib_on
            if nib_on is not None and nib_on <= as_of:
                yield _observation(
                    enrolment.enterprise,
                    max(nib_on, enrolment.enrolled_on),
                    as_of,
                    funders=enrolment.funders_on(as_of),
                )


class RegisteredEnterprises(IndicatorKind):
    name = "registered_enterprises"
    title = "enterprises registered against a known population"
    parameters: ClassVar[Mapping[str, str]] = {
        "population": "how many UMKM the scope is known to have (e.g. 36000)"
    }
    required = frozenset({"population"})

    def check(self, indicator: Indicator) -> None:
        super().check(indicator)
        population = indicator.parameter("population")
        if isinstance(population, bool) or not isinstance(population, int) or population < 1:
            raise InvalidValue(
                "indicator.parameters.population", population, "must be a whole number above 0"
            )

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        for enterprise in facts.enterprises_within(program.scope):
            # A merged duplicate counts as its survivor (each subject counts once).
            if enterprise.registered_on <= as_of:
                yield _observation(enterprise, enterprise.registered_on, as_of)

    def summarize(self, actual: float, indicator: Indicator) -> Mapping[str, Any]:
        population = indicator.parameter("population")
        assert isinstance(population, int)
        return {"population": population, "coverage_percent": round(100 * actual / population, 1)}


class MovedUpSizeClass(IndicatorKind):
    name = "moved_up_size_class"
    title = "binaan that moved up a size class (naik kelas)"

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        for enrolment in _binaan(facts, program, as_of):
            enterprise = enrolment.enterprise
            changes = [c for c in enterprise.size_changes if c[0] <= as_of]
            if not changes:
                continue
            before = [c for c in changes if c[0] <= enrolment.enrolled_on]
            start = (before[-1] if before else changes[0])[2]
            now = changes[-1][2]
            if rank(now) > rank(start):
                moved_on = max(c[0] for c in changes if c[2] == now)
                yield _observation(enterprise, moved_on, as_of, funders=enrolment.funders_on(as_of))


class SalesGrowth(IndicatorKind):
    name = "sales_growth"
    title = "binaan sales growth over a baseline year (percent)"
    unit = "percent"
    parameters: ClassVar[Mapping[str, str]] = {
        "baseline_year": "the year whose sales growth is measured against (e.g. 2023)"
    }
    required = frozenset({"baseline_year"})
    takes_opening_balance = False
    distinct_subjects = False

    def check(self, indicator: Indicator) -> None:
        super().check(indicator)
        year = indicator.parameter("baseline_year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            raise InvalidValue("indicator.parameters.baseline_year", year, "must be a year")

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        baseline_year = indicator.parameter("baseline_year")
        enrolments = list(_binaan(facts, program, as_of))
        sales = facts.sales([e.enterprise.id for e in enrolments])
        seen: set[str] = set()
        for enrolment in enrolments:
            enterprise = enrolment.enterprise
            if enterprise.id in seen:
                continue
            seen.add(enterprise.id)
            known = [s for s in sales.get(enterprise.id, []) if s[2] <= as_of]
            base = [s for s in known if s[0] == baseline_year]
            if not base or base[-1][1] <= 0:
                continue
            for year, amount, effective in known:
                if isinstance(baseline_year, int) and year > baseline_year:
                    yield _observation(
                        enterprise,
                        max(effective, base[-1][2]),
                        as_of,
                        funders=enrolment.funders_on(as_of),
                        value=amount,
                        baseline=base[-1][1],
                        order=year,
                        # A year's sales count in that year, whenever they are reported.
                        counts_in=date(year, 12, 31),
                    )

    def aggregate(self, observations: Sequence[Observation]) -> Measure:
        return growth_measure(observations)


for _kind in (
    BinaanEnrolled(),
    BinaanWithNib(),
    RegisteredEnterprises(),
    MovedUpSizeClass(),
    SalesGrowth(),
):
    register_indicator_kind(_kind)
