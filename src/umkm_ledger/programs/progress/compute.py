"""Progress of a program's indicators against their targets, as of any effective date.

The same steps for every indicator kind:

1. the kind observes what it counts, up to ``as_of``;
2. kinds that count subjects (enterprises, people) count each one once, on the date it
   first counted (a merged duplicate is its survivor); observations dated within the
   program's period count, except those an opening balance already counted: one
   counted on or after the observation's date, for the whole program or for an area
   the observation lies in;
3. the headline actual is the opening balances plus what the observations amount to;
   the target is the sum of the indicator's target cells;
4. per target cell (a period, and an area for quotas) and per disaggregation row, the
   same with the observations and balances that fall in it. Region rows roll a desa's
   counts (and quota targets) up to kecamatan, kabupaten and province.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import RegionCode, RegionLevel
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.indicator import DIMENSIONS, Baseline, Indicator, TargetCell
from umkm_ledger.programs.program import OpeningBalance
from umkm_ledger.programs.progress.facts import Facts, ProgramFacts
from umkm_ledger.programs.progress.kinds import IndicatorKind, Observation, indicator_kind

__all__ = [
    "NO_FUNDER",
    "REGION_LEVELS",
    "UNPLACED",
    "CellProgress",
    "Counted",
    "IndicatorPeriods",
    "IndicatorProgress",
    "PeriodProgress",
    "ProgramOverlap",
    "ProgramProgress",
    "ProgressRow",
    "compute_overlap",
    "compute_periods",
    "compute_progress",
    "counted",
    "dimension_keys",
    "in_area",
]

#: The dimensions that are region levels, and the level each rolls a desa up to.
REGION_LEVELS: Mapping[str, RegionLevel] = {
    "province": RegionLevel.PROVINSI,
    "kabupaten": RegionLevel.KABUPATEN_KOTA,
    "kecamatan": RegionLevel.KECAMATAN,
    "desa": RegionLevel.DESA_KELURAHAN,
}
#: What names a region for people: its name in its own edition, or None (not known).
RegionNamer = Callable[[RegionCode], str | None]
#: The row of counts that cannot be placed in a breakdown (a balance without an area).
UNPLACED = "(not disaggregated)"
#: The row of counts that no funder claims.
NO_FUNDER = "(no funder)"


def _percent(actual: float, target: int | None) -> float | None:
    if not target:
        return None
    return round(100.0 * actual / target, 1)


@attrs.frozen
class CellProgress:
    """Progress in one target cell: a period, and an area for per-area quotas."""

    period: Period
    area: RegionCode | None
    target: int
    actual: float
    percent: float | None
    #: The area's name (``"Wana Bakti"``), when the region names know it.
    area_name: str | None = None


@attrs.frozen
class ProgressRow:
    """One row of a breakdown: the dimension's value (a kecamatan code, ``"F"``...);
    in a breakdown by region, the region with its edition (``area``) and its name."""

    key: str
    actual: float
    target: int | None
    percent: float | None
    details: Mapping[str, Any] = attrs.field(factory=dict)
    area: RegionCode | None = None
    #: The region's name (``"Madang Suku III"``), when the region names know it.
    name: str | None = None


@attrs.frozen
class IndicatorProgress:
    key: str
    title: str
    kind: str
    unit: str
    baseline: Baseline | None
    opening_balance: int
    target: int | None
    actual: float
    percent: float | None
    cells: tuple[CellProgress, ...]
    by: str | None
    rows: tuple[ProgressRow, ...]
    details: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class ProgramProgress:
    program_id: str
    name: str
    agency: str
    period: Period
    as_of: date
    indicators: tuple[IndicatorProgress, ...]

    def indicator(self, key: str) -> IndicatorProgress:
        for found in self.indicators:
            if found.key == key:
                return found
        raise KeyError(key)


def check_dimension(by: str | None) -> None:
    if by is not None and by not in DIMENSIONS:
        raise InvalidValue("by", by, N_("must be one of {choices}", choices=", ".join(DIMENSIONS)))


def compute_progress(
    facts: Facts,
    program: ProgramFacts,
    *,
    as_of: date,
    by: str | None = None,
    names: RegionNamer | None = None,
) -> ProgramProgress:
    """``names`` names the regions of target cells and of a breakdown by region."""
    check_dimension(by)
    return ProgramProgress(
        program_id=str(program.id),
        name=program.name,
        agency=program.agency,
        period=program.period,
        as_of=as_of,
        indicators=tuple(
            _indicator(facts, program, indicator, as_of, by, names)
            for indicator in program.indicators
        ),
    )


@attrs.frozen
class Counted:
    """What an indicator counts as of a day: the opening balances dated by then, and the
    observations on top of them (steps 1 and 2 above), which every figure is made of."""

    kind: IndicatorKind
    observations: tuple[Observation, ...]
    balances: tuple[OpeningBalance, ...]


def counted(facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date) -> Counted:
    """The balances and observations ``indicator`` of ``program`` counts as of ``as_of``."""
    kind = indicator_kind(indicator.kind)
    balances = [
        b
        for b in program.opening_balances
        if b.indicator == indicator.key and b.counted_on <= as_of and kind.takes_opening_balance
    ]
    seen = [o for o in kind.observe(facts, program, indicator, as_of) if o.on <= as_of]
    if kind.distinct_subjects:
        seen = _first_per_subject(seen)
    observations = [
        o for o in seen if o.period_day in program.period and not _counted_by_balance(o, balances)
    ]
    return Counted(kind, tuple(observations), tuple(balances))


def _indicator(
    facts: Facts,
    program: ProgramFacts,
    indicator: Indicator,
    as_of: date,
    by: str | None,
    names: RegionNamer | None,
) -> IndicatorProgress:
    found = counted(facts, program, indicator, as_of)
    kind, observations, balances = found.kind, found.observations, found.balances
    opening = sum(b.value for b in balances)
    measure = kind.aggregate(observations)
    actual = opening + measure.value
    cells = [c for t in program.targets.get(indicator.key, ()) for c in t.cells()]
    target = sum(c.value for c in cells) if cells else None
    details = {**measure.details, **kind.summarize(actual, indicator)}
    rows: list[ProgressRow] = []
    if by is not None:
        rows = _rows(kind, indicator, observations, balances, cells, by, names)
        if by == "funder":
            details["attributed_total"] = sum(
                r.actual for r in rows if r.key not in (NO_FUNDER, UNPLACED)
            )
    return IndicatorProgress(
        key=indicator.key,
        title=indicator.title,
        kind=kind.name,
        unit=kind.unit,
        baseline=indicator.baseline,
        opening_balance=opening,
        target=target,
        actual=actual,
        percent=_percent(actual, target),
        cells=tuple(_cells(kind, observations, balances, cells, by, names)),
        by=by,
        rows=tuple(rows),
        details=details,
    )


@attrs.frozen
class PeriodProgress:
    """An indicator in one period: of its targets (or, with none, the program's period).

    ``target`` and ``actual`` are the period's own (what it asked for, what was counted
    in it, opening balances counted in it included); ``actual`` is None when the period
    had not begun by ``as_of``. ``rows`` holds each breakdown asked for, by dimension,
    made the way :func:`compute_progress` makes them (region rows carry the period's
    quota targets, rolled up)."""

    period: Period
    target: int | None
    actual: float | None
    rows: Mapping[str, tuple[ProgressRow, ...]] = attrs.field(factory=dict)


@attrs.frozen
class IndicatorPeriods:
    """An indicator's progress period by period, with what it started from."""

    key: str
    title: str
    kind: str
    unit: str
    baseline: Baseline | None
    #: The opening balances counted by ``as_of``, in the order recorded.
    opening_balances: tuple[OpeningBalance, ...]
    periods: tuple[PeriodProgress, ...]


def compute_periods(
    facts: Facts,
    program: ProgramFacts,
    *,
    as_of: date,
    by: Sequence[str] = (),
    names: RegionNamer | None = None,
) -> tuple[IndicatorPeriods, ...]:
    """Per indicator of ``program``: its progress in each period its targets name (the
    program's period when it has none), broken down by each of ``by``, as of ``as_of``.
    The same counting as :func:`compute_progress`, cut by period; ``names`` names the
    region rows as it does there."""
    for dimension in by:
        check_dimension(dimension)
    return tuple(
        _periods(facts, program, indicator, as_of, by, names) for indicator in program.indicators
    )


def _periods(
    facts: Facts,
    program: ProgramFacts,
    indicator: Indicator,
    as_of: date,
    by: Sequence[str],
    names: RegionNamer | None,
) -> IndicatorPeriods:
    source = counted(facts, program, indicator, as_of)
    kind = source.kind
    cells = [c for t in program.targets.get(indicator.key, ()) for c in t.cells()]
    periods = sorted({c.period for c in cells}, key=lambda p: (p.start, p.end)) or [program.period]
    results = []
    for period in periods:
        inside = [o for o in source.observations if o.period_day in period]
        opening = [b for b in source.balances if b.counted_on in period]
        asked = [c for c in cells if c.period == period]
        begun = period.start <= as_of
        actual = sum(b.value for b in opening) + kind.aggregate(inside).value
        results.append(
            PeriodProgress(
                period=period,
                target=sum(c.value for c in asked) if asked else None,
                actual=actual if begun else None,
                rows={
                    dimension: tuple(
                        _rows(kind, indicator, inside, opening, asked, dimension, names)
                    )
                    for dimension in by
                }
                if begun
                else {},
            )
        )
    return IndicatorPeriods(
        key=indicator.key,
        title=indicator.title,
        kind=kind.name,
        unit=kind.unit,
        baseline=indicator.baseline,
        opening_balances=source.balances,
        periods=tuple(results),
    )


def _first_per_subject(observations: Sequence[Observation]) -> list[Observation]:
    """Each subject once, on the date it first counted: a merged duplicate enrolled
    later is the same enterprise, not a new one (and not new again after a balance).
    The funders claiming any of its records all claim it."""
    first: dict[str, Observation] = {}
    funders: dict[str, set[str]] = defaultdict(set)
    for observation in observations:
        known = first.get(observation.subject)
        if known is None or observation.on < known.on:
            first[observation.subject] = observation
        funders[observation.subject].update(observation.funders)
    return [
        attrs.evolve(o, funders=tuple(sorted(funders[subject]))) for subject, o in first.items()
    ]


def _counted_by_balance(observation: Observation, balances: Sequence[OpeningBalance]) -> bool:
    """Whether an opening balance already counted ``observation``: one counted on or
    after its date, for the whole program or for an area the observation lies in. A
    balance for one kecamatan says nothing about another's enterprises."""
    return any(
        observation.on <= b.counted_on and in_area(observation.desa, b.area) for b in balances
    )


def in_area(region: RegionCode | None, area: RegionCode | None) -> bool:
    """Whether ``region`` lies in ``area`` (None: the whole program, where all lie)."""
    if area is None:
        return True
    return region is not None and (region == area or region.is_within(area))


def _cells(
    kind: IndicatorKind,
    observations: Sequence[Observation],
    balances: Sequence[OpeningBalance],
    cells: Sequence[TargetCell],
    by: str | None,
    names: RegionNamer | None,
) -> list[CellProgress]:
    """Per target cell; per-area quotas also rolled up to a coarser ``by`` level."""
    level = REGION_LEVELS.get(by or "")
    grouped: dict[tuple[Period, RegionCode | None], int] = defaultdict(int)
    for cell in cells:
        area = cell.area
        if area is not None and level is not None and area.level > level:
            area = area.at_level(level)
        grouped[(cell.period, area)] += cell.value
    result = []
    for (period, area), value in grouped.items():
        inside = [o for o in observations if o.period_day in period and in_area(o.desa, area)]
        opening = sum(
            b.value
            for b in balances
            if b.counted_on in period and (area is None or in_area(b.area, area))
        )
        actual = opening + kind.aggregate(inside).value
        name = None if area is None or names is None else names(area)
        result.append(CellProgress(period, area, value, actual, _percent(actual, value), name))
    return sorted(result, key=lambda c: (c.period.start, str(c.area or "")))


def _row_region(region: RegionCode, level: RegionLevel) -> RegionCode:
    """The region an observation's row is at ``level``: its region rolled up to it; a
    group's region coarser than the level stays as it is."""
    return region.at_level(level) if region.level >= level else region


def dimension_keys(by: str, indicator: Indicator) -> Callable[[Observation], list[str]]:
    """The row keys ``by`` puts an observation in (a kecamatan code, ``"F"``, a funder:
    several funders are several rows; :data:`UNPLACED` or ``"(unknown)"`` when it has
    none)."""
    level = REGION_LEVELS.get(by)
    if level is not None:
        return lambda o: [UNPLACED] if o.desa is None else [str(_row_region(o.desa, level))]
    if by == "funder":
        return lambda o: list(o.funders) or [NO_FUNDER]
    if by == "youth":
        limit = indicator.youth_age_limit
        return lambda o: (
            [UNPLACED]
            if o.birth_year is None
            else ["youth" if o.on.year - o.birth_year < limit else "not youth"]
        )
    attribute = {"sector": "sector", "size_class": "size_class", "gender": "gender"}[by]
    return lambda o: [str(getattr(o, attribute) or "(unknown)")]


def _rows(
    kind: IndicatorKind,
    indicator: Indicator,
    observations: Sequence[Observation],
    balances: Sequence[OpeningBalance],
    cells: Sequence[TargetCell],
    by: str,
    names: RegionNamer | None,
) -> list[ProgressRow]:
    keys = dimension_keys(by, indicator)
    groups: dict[str, list[Observation]] = defaultdict(list)
    level = REGION_LEVELS.get(by)
    # The region each row's key is (with its edition), for its name.
    areas: dict[str, RegionCode] = {}
    for observation in observations:
        for key in keys(observation):
            groups[key].append(observation)
            if level is not None and observation.desa is not None:
                areas.setdefault(key, _row_region(observation.desa, level))
    opening: dict[str, int] = defaultdict(int)
    for balance in balances:
        area = balance.area
        placed = level is not None and area is not None and area.level >= level
        key = str(area.at_level(level)) if placed and area and level else UNPLACED
        opening[key] += balance.value
        if placed and area and level:
            areas.setdefault(key, area.at_level(level))
    targets: dict[str, int] = defaultdict(int)
    if level is not None:
        for cell in cells:
            if cell.area is not None and cell.area.level >= level:
                area = cell.area.at_level(level)
                targets[str(area)] += cell.value
                areas.setdefault(str(area), area)
    rows = []
    for key in sorted(set(groups) | set(opening) | set(targets)):
        measure = kind.aggregate(groups.get(key, []))
        actual = opening.get(key, 0) + measure.value
        target = targets.get(key)
        region = areas.get(key)
        name = None if region is None or names is None else names(region)
        rows.append(
            ProgressRow(
                key, actual, target, _percent(actual, target), measure.details, region, name
            )
        )
    return rows


@attrs.frozen
class ProgramOverlap:
    """New binaan claimed by several programs: each program's own count, their sum (the
    attributed total) and the enterprises counted once (the deduplicated total).

    Opening balances are counts, not enterprises, so they cannot be deduplicated and are
    left out here; this compares what the ledger holds enterprise by enterprise."""

    as_of: date
    per_program: Mapping[str, int]
    attributed_total: int
    deduplicated_total: int


def compute_overlap(
    facts: Facts, programs: Sequence[ProgramFacts], *, as_of: date
) -> ProgramOverlap:
    kind = indicator_kind("binaan_enrolled")
    indicator = Indicator.define("overlap", kind.name, "new binaan")
    counted: dict[str, set[str]] = {}
    for program in programs:
        counted[str(program.id)] = {
            o.subject
            for o in kind.observe(facts, program, indicator, as_of)
            if o.period_day in program.period and o.on <= as_of
        }
    return ProgramOverlap(
        as_of=as_of,
        per_program={program: len(subjects) for program, subjects in counted.items()},
        attributed_total=sum(len(subjects) for subjects in counted.values()),
        deduplicated_total=len(set().union(*counted.values())) if counted else 0,
    )
