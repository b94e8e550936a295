"""Progress cut finer than a report shows it: per period, per area at one region level and
per value of one more dimension, for systems that take figures cell by cell (DHIS2).

The figures are the progress report's own (:func:`~umkm_ledger.programs.progress.
compute.counted`): each observation counts in every given period that holds its period day
(its date; for a year's sales, a day of the year they are of), in the area its desa lies in
at ``level``, under each key ``by`` gives it; an opening balance
counts in the periods that hold the day it was counted, in its area at ``level``, under
:data:`~umkm_ledger.programs.progress.compute.UNPLACED` when ``by`` is not a region. What
has no area at ``level`` (a balance for the whole program or for a coarser area) is in the
program's own area there when it has one (:func:`program_area`), else in no area (None).
So for counts, the cells of periods that do not overlap add up to the progress report's
figures for the days they cover.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import RegionCode, RegionLevel
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.indicator import DIMENSIONS, Indicator
from umkm_ledger.programs.program import OpeningBalance
from umkm_ledger.programs.progress.compute import (
    REGION_LEVELS,
    UNPLACED,
    counted,
    dimension_keys,
)
from umkm_ledger.programs.progress.facts import Facts, ProgramFacts
from umkm_ledger.programs.progress.kinds import Observation

__all__ = ["BREAKDOWN_DIMENSIONS", "BreakdownCell", "compute_breakdown", "program_area"]

#: What a breakdown can add to period and area: the dimensions that are not regions and
#: that put each thing counted under one key (a funder breakdown counts an enterprise
#: once per funder that claims it, so its rows overlap and are left out).
BREAKDOWN_DIMENSIONS: tuple[str, ...] = tuple(
    d for d in DIMENSIONS if d not in REGION_LEVELS and d != "funder"
)


@attrs.frozen
class BreakdownCell:
    """What one indicator counts in one period, area and key."""

    period: Period
    #: The area at the level asked for; None: it has none there (see the module).
    area: RegionCode | None
    #: The value of ``by`` (``"F"``, ``"youth"``, ``"(not disaggregated)"``...); None
    #: without ``by``.
    key: str | None
    actual: float
    #: The opening balances in it (part of ``actual``).
    balances: tuple[OpeningBalance, ...] = ()
    #: How many observations it holds besides the balances.
    observed: int = 0


def program_area(program: ProgramFacts, level: RegionLevel) -> RegionCode | None:
    """The one area at ``level`` the whole program lies in (its scope cut to ``level``),
    or None when its scope spans several, or is coarser than ``level``."""
    if any(region.level < level for region in program.scope):
        return None
    areas = {region.at_level(level) for region in program.scope}
    return next(iter(areas)) if len(areas) == 1 else None


def _placer(
    level: RegionLevel, whole: RegionCode | None
) -> Callable[[RegionCode | None], RegionCode | None]:
    def place(region: RegionCode | None) -> RegionCode | None:
        if region is not None and region.level >= level:
            return region.at_level(level)
        return whole

    return place


def _holding(periods: Sequence[Period]) -> Callable[[date], Sequence[Period]]:
    """The periods that hold a day: by bisection when they follow one another without
    overlapping (a period type's, thousands of days long), else by looking at each."""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    apart = all(a.end < b.start for a, b in itertools.pairwise(ordered))
    if not apart:
        return lambda day: [period for period in periods if day in period]
    starts = [period.start for period in ordered]

    def holding(day: date) -> Sequence[Period]:
        index = bisect.bisect_right(starts, day) - 1
        return (ordered[index],) if index >= 0 and day in ordered[index] else ()

    return holding


#: A cell's place: its period, area and key.
_Cell = tuple[Period, RegionCode | None, str | None]


def compute_breakdown(
    facts: Facts,
    program: ProgramFacts,
    indicator: Indicator,
    *,
    as_of: date,
    periods: Sequence[Period],
    level: RegionLevel,
    by: str | None = None,
) -> tuple[BreakdownCell, ...]:
    """The cells of ``indicator`` in ``periods`` at ``level`` (and by ``by``, one of
    :data:`BREAKDOWN_DIMENSIONS`), as of ``as_of``, ordered by period, area and key."""
    if by is not None and by not in BREAKDOWN_DIMENSIONS:
        raise InvalidValue(
            "by", by, N_("must be one of {choices}", choices=", ".join(BREAKDOWN_DIMENSIONS))
        )
    found = counted(facts, program, indicator, as_of)
    place = _placer(level, program_area(program, level))
    keys: Callable[[Observation], Sequence[str | None]] = (
        (lambda _o: (None,)) if by is None else dimension_keys(by, indicator)
    )
    holding = _holding(periods)
    observations: dict[_Cell, list[Observation]] = defaultdict(list)
    balances: dict[_Cell, list[OpeningBalance]] = defaultdict(list)
    for observation in found.observations:
        area = place(observation.desa)
        for period in holding(observation.period_day):
            for key in keys(observation):
                observations[(period, area, key)].append(observation)
    for balance in found.balances:
        area = place(balance.area)
        for period in holding(balance.counted_on):
            balances[(period, area, None if by is None else UNPLACED)].append(balance)
    cells = [
        BreakdownCell(
            period=period,
            area=area,
            key=key,
            actual=sum(b.value for b in balances.get((period, area, key), ()))
            + found.kind.aggregate(observations.get((period, area, key), [])).value,
            balances=tuple(balances.get((period, area, key), ())),
            observed=len(observations.get((period, area, key), ())),
        )
        for period, area, key in set(observations) | set(balances)
    ]
    return tuple(
        sorted(cells, key=lambda c: (c.period.start, c.period.end, str(c.area or ""), c.key or ""))
    )
