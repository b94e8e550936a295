"""What a program measures: indicators, their baselines and their targets.

These are plain values recorded in a program's events. The *kind* of an indicator is a
name ("binaan_enrolled"); what each kind counts is defined outside the domain, by the
indicator kinds that the progress reports register (see ``umkm_ledger.programs.progress``),
so later capabilities add kinds without touching this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import RegionCode, RegionLevel
from umkm_ledger.kernel.values.bounds import MAX_COUNT, fact_date, whole_number
from umkm_ledger.kernel.values.checks import checked_period, instance, listed
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.kernel.values.text import free_text, name_text

__all__ = [
    "DEFAULT_YOUTH_AGE_LIMIT",
    "DIMENSIONS",
    "MAX_AGE",
    "MAX_PARAMETERS",
    "Baseline",
    "Indicator",
    "Target",
    "TargetCell",
    "checked_indicator",
    "checked_target",
]

#: What progress can be disaggregated by. Region levels roll a desa's counts up.
DIMENSIONS: tuple[str, ...] = (
    "desa",
    "kecamatan",
    "kabupaten",
    "province",
    "sector",
    "size_class",
    "gender",
    "youth",
    "funder",
)

#: Youth in Indonesian law (UU 40/2009 on Kepemudaan) ends at 30.
DEFAULT_YOUTH_AGE_LIMIT = 30

_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")

#: An indicator has at most this many parameters (the built-in kinds use one or two).
MAX_PARAMETERS = 20
#: No person counted is older (a youth age limit above it is a typing error).
MAX_AGE = 150


def _whole(field: str, value: object, *, minimum: int = 0) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidValue(
            field, value, N_("must be a whole number, at least {minimum}", minimum=minimum)
        )


def _level(value: RegionLevel | int | None) -> RegionLevel | None:
    # RegionLevel is an IntEnum, so it is stored (and read back) as its number.
    if value is None or isinstance(value, RegionLevel):
        return value
    try:
        return RegionLevel(value)
    except ValueError:
        raise InvalidValue("target.per_area", value, "must be a region level") from None


@attrs.frozen
class Baseline:
    """Where the indicator stood before the program (``value`` on ``on``)."""

    value: int
    on: date
    note: str = ""

    def __attrs_post_init__(self) -> None:
        _whole("baseline.value", self.value)
        if type(self.on) is not date:
            raise InvalidValue("baseline.on", self.on, "must be a date")


@attrs.frozen
class TargetCell:
    """One number to reach: in one period, for one area (None: the whole program)."""

    period: Period
    area: RegionCode | None
    value: int


@attrs.frozen
class Target:
    """``value`` to reach in each of ``periods``; with ``per_area``, in each of ``areas``.

    "1000 new binaan in 2016-2020" is one period and no areas. "20 new entrepreneurs per
    desa per year for five years" is five yearly periods, ``per_area=DESA`` and the desa
    codes: one definition that yields a target per desa per year (:meth:`cells`).
    """

    value: int
    periods: tuple[Period, ...]
    per_area: RegionLevel | None = attrs.field(default=None, converter=_level)
    areas: tuple[RegionCode, ...] = ()

    def __attrs_post_init__(self) -> None:
        _whole("target.value", self.value)
        if not self.periods or not all(isinstance(p, Period) for p in self.periods):
            raise InvalidValue("target.periods", self.periods, "must list at least one period")
        labels = [p.label for p in self.periods]
        if len(set(labels)) != len(labels):
            raise InvalidValue("target.periods", labels, "must not repeat a period")
        if self.per_area is None:
            if self.areas:
                raise InvalidValue("target.areas", self.areas, "need a per_area level")
            return
        if not self.areas:
            raise InvalidValue("target.areas", self.areas, "must list the areas of a quota")
        for index, area in enumerate(self.areas):
            if area.level is not self.per_area:
                raise InvalidValue(
                    f"target.areas[{index}]",
                    str(area),
                    N_("must be a {level} code (per_area)", level=self.per_area.label),
                )
        if len(set(self.areas)) != len(self.areas):
            raise InvalidValue("target.areas", [str(a) for a in self.areas], "repeat an area")

    def cells(self) -> Iterator[TargetCell]:
        """Every (period, area) number this definition asks for."""
        for period in self.periods:
            if self.per_area is None:
                yield TargetCell(period, None, self.value)
            else:
                for area in self.areas:
                    yield TargetCell(period, area, self.value)

    @property
    def total(self) -> int:
        return self.value * len(self.periods) * max(1, len(self.areas))


@attrs.frozen
class Indicator:
    """A measure a program reports on: its kind, baseline, targets and parameters.

    ``key`` names it within the program (``new_binaan``). ``kind`` names what it counts
    (``binaan_enrolled``). ``parameters`` carry what a kind needs (``population`` for
    registration coverage, ``baseline_year`` for sales growth). ``youth_age_limit``: an
    owner younger than this counts as youth.
    """

    key: str
    kind: str
    title: str
    baseline: Baseline | None = None
    parameters: tuple[tuple[str, int | str], ...] = ()
    youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.key, str) or not _KEY.match(self.key):
            raise InvalidValue(
                "indicator.key", self.key, "must be lowercase letters, digits, _ or -"
            )
        if not isinstance(self.kind, str) or not _KEY.match(self.kind):
            raise InvalidValue("indicator.kind", self.kind, "must name an indicator kind")
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidValue("indicator.title", self.title, "must be a non-empty text")
        names = [name for name, _ in self.parameters]
        if len(set(names)) != len(names):
            raise InvalidValue("indicator.parameters", names, "repeat a name")
        for name, value in self.parameters:
            if not isinstance(name, str) or not isinstance(value, int | str):
                raise InvalidValue(
                    f"indicator.parameters.{name}", value, "must be a whole number or a text"
                )
        _whole("indicator.youth_age_limit", self.youth_age_limit, minimum=1)

    @classmethod
    def define(
        cls,
        key: str,
        kind: str,
        title: str,
        *,
        baseline: Baseline | None = None,
        parameters: Mapping[str, int | str] | None = None,
        youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT,
    ) -> Indicator:
        """An indicator with its parameters given as a mapping."""
        if parameters is not None and not isinstance(parameters, Mapping):
            raise InvalidValue(
                "indicator.parameters",
                type(parameters).__name__,
                "must map each parameter's name to a whole number or a text",
            )
        return cls(
            key=key,
            kind=kind,
            title=title,
            baseline=baseline,
            parameters=tuple(sorted((parameters or {}).items())),
            youth_age_limit=youth_age_limit,
        )

    def parameter(self, name: str, default: int | str | None = None) -> int | str | None:
        return dict(self.parameters).get(name, default)


def checked_indicator(value: object, field: str) -> Indicator:
    """An :class:`Indicator` as a caller may define one: a title that keeps the text
    rule, at most :data:`MAX_PARAMETERS` parameters, each a whole number within
    ±:data:`~umkm_ledger.kernel.values.bounds.MAX_COUNT` or a name, a baseline of 0 to
    ``MAX_COUNT`` dated from 1900, a youth age limit of 1 to :data:`MAX_AGE`."""
    indicator = instance(Indicator, "an indicator")(value, field)
    name_text(indicator.title, f"{field}.title")
    if len(indicator.parameters) > MAX_PARAMETERS:
        raise InvalidValue(
            f"{field}.parameters",
            f"{len(indicator.parameters)} parameters",
            N_("must be at most {maximum}", maximum=MAX_PARAMETERS),
        )
    for name, parameter in indicator.parameters:
        where = f"{field}.parameters.{name_text(name, f'{field}.parameters')}"
        if isinstance(parameter, str):
            name_text(parameter, where)
        else:
            whole_number(parameter, where, minimum=-MAX_COUNT, maximum=MAX_COUNT)
    baseline = indicator.baseline
    if baseline is not None:
        whole_number(baseline.value, f"{field}.baseline.value")
        fact_date(baseline.on, f"{field}.baseline.on")
        free_text(baseline.note, f"{field}.baseline.note", optional=True)
    whole_number(indicator.youth_age_limit, f"{field}.youth_age_limit", minimum=1, maximum=MAX_AGE)
    return indicator


def checked_target(value: object, field: str) -> Target:
    """A :class:`Target` as a caller may set one: a value of 0 to
    :data:`~umkm_ledger.kernel.values.bounds.MAX_COUNT`, periods from 1900 to 2200."""
    target = instance(Target, "a target")(value, field)
    whole_number(target.value, f"{field}.value")
    for index, period in enumerate(listed(target.periods, f"{field}.periods", "periods")):
        checked_period(period, f"{field}.periods[{index}]")
    return target
