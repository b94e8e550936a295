"""Program indicators: the kinds of indicator, and progress against targets.

Import this package to have the built-in kinds registered (the funding and activity
contexts register theirs in their ``indicators`` modules); see
:mod:`umkm_ledger.programs.progress.kinds` for adding a kind.
"""

from umkm_ledger.programs.progress import builtin as _builtin  # noqa: F401 - registers the kinds
from umkm_ledger.programs.progress.breakdown import (
    BREAKDOWN_DIMENSIONS,
    BreakdownCell,
    compute_breakdown,
    program_area,
)
from umkm_ledger.programs.progress.compute import (
    CellProgress,
    IndicatorPeriods,
    IndicatorProgress,
    PeriodProgress,
    ProgramOverlap,
    ProgramProgress,
    ProgressRow,
    compute_overlap,
    compute_periods,
    compute_progress,
)
from umkm_ledger.programs.progress.facts import EnrolmentFacts, EnterpriseFacts, Facts, ProgramFacts
from umkm_ledger.programs.progress.kinds import (
    IndicatorKind,
    Measure,
    Observation,
    indicator_kind,
    indicator_kinds,
    register_indicator_kind,
)

__all__ = [
    "BREAKDOWN_DIMENSIONS",
    "BreakdownCell",
    "CellProgress",
    "EnrolmentFacts",
    "EnterpriseFacts",
    "Facts",
    "IndicatorKind",
    "IndicatorPeriods",
    "IndicatorProgress",
    "Measure",
    "Observation",
    "PeriodProgress",
    "ProgramFacts",
    "ProgramOverlap",
    "ProgramProgress",
    "ProgressRow",
    "compute_breakdown",
    "compute_overlap",
    "compute_periods",
    "compute_progress",
    "indicator_kind",
    "indicator_kinds",
    "program_area",
    "register_indicator_kind",
]
