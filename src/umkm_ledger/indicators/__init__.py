"""Program indicators: the kinds of indicator, and progress against targets.

Import this package to have the built-in kinds registered; see
:mod:`umkm_ledger.indicators.kinds` for adding a kind.
"""

from umkm_ledger.indicators import activity as _activity  # noqa: F401 - registers the kinds
from umkm_ledger.indicators import aid as _aid  # noqa: F401 - registers the kinds
from umkm_ledger.indicators import builtin as _builtin  # noqa: F401 - registers the kinds
from umkm_ledger.indicators.facts import EnrolmentFacts, EnterpriseFacts, Facts, ProgramFacts
from umkm_ledger.indicators.kinds import (
    IndicatorKind,
    Measure,
    Observation,
    indicator_kind,
    indicator_kinds,
    register_indicator_kind,
)
from umkm_ledger.indicators.progress import (
    CellProgress,
    IndicatorProgress,
    ProgramOverlap,
    ProgramProgress,
    ProgressRow,
    compute_overlap,
    compute_progress,
)

__all__ = [
    "CellProgress",
    "EnrolmentFacts",
    "EnterpriseFacts",
    "Facts",
    "IndicatorKind",
    "IndicatorProgress",
    "Measure",
    "Observation",
    "ProgramFacts",
    "ProgramOverlap",
    "ProgramProgress",
    "ProgressRow",
    "compute_overlap",
    "compute_progress",
    "indicator_kind",
    "indicator_kinds",
    "register_indicator_kind",
]
