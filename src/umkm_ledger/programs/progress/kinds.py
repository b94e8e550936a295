"""The indicator mechanism: kinds of indicator, and the observations they make.

An *indicator kind* knows what to count and where to find it: given the program and an
as-of date, it yields :class:`Observation` s (one enterprise enrolled on a date, one
person trained, one delivery of aid worth so much), each with the dimensions reports
break down by. The progress engine does everything else the same way for every kind:
periods, as-of filtering, targets per area with roll-up, disaggregation, attribution.

Later capabilities add kinds by subclassing :class:`IndicatorKind` and calling
:func:`register_indicator_kind` (and add views with
:func:`umkm_ledger.platform.view.register_view`); nothing here changes.
"""

from __future__ import annotations

import statistics
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.programs.indicator import Indicator
from umkm_ledger.programs.rules import UnknownIndicatorKind

if TYPE_CHECKING:
    from umkm_ledger.programs.progress.facts import Facts, ProgramFacts

__all__ = [
    "CountDistinct",
    "IndicatorKind",
    "Measure",
    "Observation",
    "SumOfValues",
    "indicator_kind",
    "indicator_kinds",
    "register_indicator_kind",
]


@attrs.frozen
class Observation:
    """One thing an indicator counts, on the effective date it counts from.

    ``subject`` identifies what is counted once (an enterprise id, a person), so the
    same enterprise enrolled twice or claimed by two funders counts once in totals.
    """

    subject: str
    on: date
    desa: RegionCode | None = None
    sector: str | None = None
    size_class: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    funders: tuple[str, ...] = ()
    value: int = 1
    baseline: int | None = None
    #: What "latest" means among one subject's observations, before their dates: a
    #: sales report's year (a late report on an earlier year is not the latest).
    order: int = 0
    #: The day whose period it counts in, when that is not ``on``: the sales of 2024,
    #: reported in January 2025, count in 2024 (``on`` stays the day they were known,
    #: which ``as_of`` and opening balances are judged by).
    counts_in: date | None = None

    @property
    def period_day(self) -> date:
        """The day that decides which period (of the program, of a target) it counts in."""
        return self.on if self.counts_in is None else self.counts_in


@attrs.frozen
class Measure:
    """What a set of observations amounts to (``value``), with kind-specific details."""

    value: float
    details: Mapping[str, Any] = attrs.field(factory=dict)


class IndicatorKind(ABC):
    """A kind of indicator. Subclass, set the class attributes, implement :meth:`observe`."""

    #: The name indicators refer to (``binaan_enrolled``).
    name: ClassVar[str]
    #: A short description for reference pages and ``--help``.
    title: ClassVar[str]
    #: What the numbers are: ``enterprises``, ``people``, ``rupiah`` or ``percent``.
    unit: ClassVar[str] = "enterprises"
    #: The views :meth:`observe` reads (they are caught up before it runs).
    views: ClassVar[tuple[str, ...]] = ("progress",)
    #: Parameter name -> what it means; the ones in ``required`` must be given.
    parameters: ClassVar[Mapping[str, str]] = {}
    required: ClassVar[frozenset[str]] = frozenset()
    #: Whether an opening balance adds to the actual (counts do; a median does not).
    takes_opening_balance: ClassVar[bool] = True
    #: Whether each subject counts once, on the date of its first observation (counts
    #: of enterprises or people); False when every observation carries its own value
    #: (sales reports, deliveries of aid).
    distinct_subjects: ClassVar[bool] = True

    def check(self, indicator: Indicator) -> None:
        """Refuse an indicator whose parameters this kind cannot use."""
        given = {name for name, _ in indicator.parameters}
        for name in sorted(self.required - given):
            raise InvalidValue(
                f"indicator.parameters.{name}",
                None,
                N_("is required by kind {kind!r}", kind=self.name),
            )
        for name in sorted(given - set(self.parameters)):
            raise InvalidValue(
                f"indicator.parameters.{name}",
                indicator.parameter(name),
                N_(
                    "is not a parameter of kind {kind!r} (it takes: {known})",
                    kind=self.name,
                    known=", ".join(sorted(self.parameters)) or N_("none"),
                ),
            )

    @abstractmethod
    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        """Everything this indicator counts for ``program`` that took effect by ``as_of``."""

    def aggregate(self, observations: Sequence[Observation]) -> Measure:
        """What ``observations`` amount to; by default each subject counts once."""
        return CountDistinct.measure(observations)

    def summarize(self, actual: float, indicator: Indicator) -> Mapping[str, Any]:
        """Extra figures about the headline actual (a coverage percentage, say)."""
        return {}


class CountDistinct:
    @staticmethod
    def measure(observations: Sequence[Observation]) -> Measure:
        return Measure(len({o.subject for o in observations}))


class SumOfValues:
    @staticmethod
    def measure(observations: Sequence[Observation]) -> Measure:
        return Measure(sum(o.value for o in observations))


def growth_measure(observations: Sequence[Observation]) -> Measure:
    """Median and total growth (percent) of ``value`` over ``baseline`` per subject,
    from each subject's latest observation (highest ``order``, then latest date)."""
    latest: dict[str, Observation] = {}
    for observation in sorted(observations, key=lambda o: (o.order, o.on)):
        if observation.baseline:
            latest[observation.subject] = observation
    if not latest:
        return Measure(0.0, {"enterprises": 0, "median_percent": None, "total_percent": None})
    growths = [100.0 * (o.value - o.baseline) / o.baseline for o in latest.values() if o.baseline]
    before = sum(o.baseline or 0 for o in latest.values())
    after = sum(o.value for o in latest.values())
    median = round(statistics.median(growths), 1)
    total = round(100.0 * (after - before) / before, 1)
    return Measure(
        median,
        {"enterprises": len(latest), "median_percent": median, "total_percent": total},
    )


_KINDS: dict[str, IndicatorKind] = {}


def register_indicator_kind(kind: IndicatorKind) -> IndicatorKind:
    """Make ``kind`` available to programs' indicators (by ``kind.name``)."""
    existing = _KINDS.get(kind.name)
    if existing is not None and type(existing) is not type(kind):
        raise ValueError(f"indicator kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def indicator_kind(name: str) -> IndicatorKind:
    """The registered kind ``name`` (:class:`UnknownIndicatorKind` if there is none)."""
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownIndicatorKind(name, sorted(_KINDS)) from None


def indicator_kinds() -> Mapping[str, IndicatorKind]:
    return dict(_KINDS)
