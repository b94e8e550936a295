"""A program's progress as a DHIS2 ``dataValueSets`` import payload.

Each indicator the mapping sends becomes data values (``dataElement``, ``period``,
``orgUnit``, ``categoryOptionCombo``, optional ``attributeOptionCombo``, ``value``, and a
``comment`` where an opening balance is part of the value):

* **actuals** per period (the periods of the indicator's targets, else the program's
  period; or, with ``period_type``, each period of that type the program has run in by
  ``as_of``), per area at the mapping's level, and per value of its ``by``: the progress
  report's own figures cut finer (:func:`~umkm_ledger.programs.progress.
  compute_breakdown`). Periods that start after ``as_of`` have no actuals yet;
* **targets** per target period and area (per-area quotas rolled up to the level; a
  target for the whole program in the program's own area), not disaggregated.

Nothing is dropped: a figure the mapping gives no place (an indicator, a value of a
disaggregation, a region, an area at the level) is :class:`Dhis2MappingIncomplete`, a
period DHIS2 cannot name :class:`NoDhis2Period`, and two figures sent to the same data
value :class:`Dhis2MappingNotValid`. Cells where nothing was counted are not sent (DHIS2
does not keep zeros of most data elements either). Values are whole numbers as text
(counts; rupiah), or decimals for percentages; no value names a person.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from umkm_ledger.interchange.dhis2.mapping import (
    ID_SCHEMES,
    Dhis2Mapping,
    Dhis2MappingIncomplete,
    Dhis2MappingNotValid,
    IndicatorMapping,
    NoDhis2Period,
    mapping_key,
    quoted,
)
from umkm_ledger.interchange.dhis2.periods import PeriodType, notation
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.new_files import write_new_file
from umkm_ledger.programs.indicator import Indicator, TargetCell
from umkm_ledger.programs.progress import (
    BreakdownCell,
    Facts,
    ProgramFacts,
    compute_breakdown,
    program_area,
)

__all__ = ["DataValue", "DataValueSet", "data_value_set", "payload_schema"]


def payload_schema() -> dict[str, Any]:
    """The JSON Schema of a ``dataValueSets`` payload, written from DHIS2's Web API
    documentation (shipped beside this module; the tests hold every payload to it)."""
    file = resources.files("umkm_ledger.interchange.dhis2") / "dataValueSets.schema.json"
    loaded: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return loaded


@attrs.frozen
class DataValue:
    """One value for DHIS2, with where it goes."""

    data_element: str
    period: str
    org_unit: str
    category_option_combo: str
    value: str
    attribute_option_combo: str | None = None
    comment: str | None = None

    def as_json(self) -> dict[str, str]:
        """The value as ``dataValueSets`` has it (fields left out when there is none)."""
        found = {
            "dataElement": self.data_element,
            "period": self.period,
            "orgUnit": self.org_unit,
            "categoryOptionCombo": self.category_option_combo,
            "attributeOptionCombo": self.attribute_option_combo,
            "value": self.value,
            "comment": self.comment,
        }
        return {name: value for name, value in found.items() if value is not None}


@attrs.frozen
class DataValueSet:
    """The payload to ``POST /api/dataValueSets`` (:meth:`as_json`, :meth:`dumps`,
    :meth:`write`)."""

    program_id: str
    as_of: date
    data_values: tuple[DataValue, ...]
    data_set: str | None
    #: DHIS2's identifier schemes: of the data set, data elements and option combos
    #: (``idScheme``), and of org units (``orgUnitIdScheme``): ``CODE`` or ``UID``.
    id_scheme: str
    org_unit_id_scheme: str

    def as_json(self) -> dict[str, Any]:
        """``{"dataSet"?, "idScheme", "dataElementIdScheme", "orgUnitIdScheme",
        "dataValues": [...]}``."""
        head: dict[str, Any] = {} if self.data_set is None else {"dataSet": self.data_set}
        return {
            **head,
            "idScheme": self.id_scheme,
            "dataElementIdScheme": self.id_scheme,
            "orgUnitIdScheme": self.org_unit_id_scheme,
            "dataValues": [value.as_json() for value in self.data_values],
        }

    def dumps(self) -> str:
        """The payload as JSON text (UTF-8, indented), ending with a newline."""
        return json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str | Path) -> Path:
        """Write :meth:`dumps` to ``path``, which must not exist yet
        (:class:`ConfigurationError` otherwise, as every export); returns the path."""
        return write_new_file(path, self.dumps().encode("utf-8"))


def data_value_set(
    facts: Facts, program: ProgramFacts, mapping: Dhis2Mapping, *, as_of: date
) -> DataValueSet:
    """The data values ``mapping`` makes of ``program``'s progress as of ``as_of``."""
    _check_indicators(program, mapping)
    sent: dict[tuple[str, str, str, str, str | None], str] = {}
    values: list[DataValue] = []
    for indicator in program.indicators:
        if indicator.key in mapping.skip:
            continue
        made = _Indicator(facts, program, mapping, indicator, as_of)
        for origin, value in made.values():
            place = (value.data_element, value.period, value.org_unit,
                     value.category_option_combo, value.attribute_option_combo)  # fmt: skip
            other = sent.setdefault(place, origin)
            if other != origin:
                raise Dhis2MappingNotValid(
                    origin,
                    " ".join(part for part in place if part),
                    N_("goes to the same data value as {other}: DHIS2 would keep only one; "
                       "give one of them another data element or attribute option combo",
                       other=other),
                )  # fmt: skip
            values.append(value)
    return DataValueSet(
        program_id=str(program.id),
        as_of=as_of,
        data_values=tuple(values),
        data_set=mapping.data_set,
        id_scheme=ID_SCHEMES[mapping.id_scheme],
        org_unit_id_scheme=ID_SCHEMES[mapping.org_unit_id_scheme],
    )


def _check_indicators(program: ProgramFacts, mapping: Dhis2Mapping) -> None:
    """Every indicator of the program mapped or skipped; none mapped that it lacks."""
    known = [indicator.key for indicator in program.indicators]
    for key in sorted(set(mapping.indicators) | {s.partition(".")[0] for s in mapping.skip}):
        if key not in known:
            raise Dhis2MappingNotValid(
                f"indicators.{quoted(key)}" if key in mapping.indicators else "skip",
                key,
                N_("is not an indicator of the program {program} (its indicators: {known})",
                   program=program.name, known=", ".join(known) or N_("none")),
            )  # fmt: skip
    for key in known:
        if key not in mapping.indicators and key not in mapping.skip:
            raise Dhis2MappingIncomplete(
                f"indicators.{quoted(key)}",
                key,
                N_("is an indicator of the program with no mapping: add [indicators.{key}] "
                   "with its data elements, or list {key} in skip", key=key),
            )  # fmt: skip


def _number(value: float) -> str:
    """A figure as DHIS2 takes it: a whole number without a decimal point, else a decimal."""
    if isinstance(value, int):  # counts and rupiah: exact, however large
        return str(value)
    return str(int(value)) if value.is_integer() else repr(value)


class _Indicator:
    """The data values of one indicator."""

    def __init__(
        self,
        facts: Facts,
        program: ProgramFacts,
        mapping: Dhis2Mapping,
        indicator: Indicator,
        as_of: date,
    ) -> None:
        self.facts, self.program, self.mapping = facts, program, mapping
        self.indicator, self.as_of = indicator, as_of
        self.key = indicator.key
        self.entry: IndicatorMapping = mapping.indicators[indicator.key]
        self.cells = [c for t in program.targets.get(indicator.key, ()) for c in t.cells()]
        self.whole = program_area(program, mapping.level)

    def values(self) -> Iterator[tuple[str, DataValue]]:
        """(where in the mapping it comes from, the value) for its actuals, then targets."""
        if self.mapping.sends(self.key, "actual"):
            element = self._element("actual")
            for cell in self._actual_cells():
                yield f"indicators.{quoted(self.key)}.actual", self._actual(element, cell)
        if self.cells and self.mapping.sends(self.key, "target"):
            element = self._element("target")
            for (period, area), value in self._targets().items():
                yield (
                    f"indicators.{quoted(self.key)}.target",
                    DataValue(
                        data_element=element,
                        period=period,
                        org_unit=self._org_unit(area),
                        category_option_combo=self._total(),
                        value=_number(value),
                        attribute_option_combo=self.mapping.attribute_option_combos.get("target"),
                    ),
                )

    def _element(self, what: str) -> str:
        element = self.entry.actual if what == "actual" else self.entry.target
        if element is not None:
            return element
        if what == "actual":
            problem = N_('is required: the data element of {key}\'s actuals (or list '
                         '"{key}.actual" in skip)', key=self.key)  # fmt: skip
        else:
            problem = N_('is required: {key} has targets; name their data element, or list '
                         '"{key}.target" in skip', key=self.key)  # fmt: skip
        raise Dhis2MappingIncomplete(f"indicators.{quoted(self.key)}.{what}", None, problem)

    # -- periods -------------------------------------------------------------------

    def _periods(self) -> list[Period]:
        """The periods of the actuals that have begun by ``as_of``, each named as DHIS2
        names it (its label)."""
        kind = self.mapping.period_type
        if kind is not None:
            return list(self._of_type(kind))
        own = list(dict.fromkeys(c.period for c in self.cells)) or [self.program.period]
        named = []
        for period in own:
            if period.start > self.as_of:
                continue
            text = notation(period)
            if text is None:
                raise NoDhis2Period(
                    "period_type",
                    period.label,
                    N_("{key}'s actuals are counted per its target periods (else the "
                       "program's period), and {start} to {end} is no DHIS2 period; set "
                       "period_type to the data set's period type (such as Yearly)",
                       key=self.key, start=period.start.isoformat(),
                       end=period.end.isoformat()),
                )  # fmt: skip
            named.append(Period(period.start, period.end, text))
        return named

    def _of_type(self, kind: PeriodType) -> Iterator[Period]:
        """Each period of ``kind`` the program has run in by ``as_of``."""
        last = min(self.program.period.end, self.as_of)
        period = kind.containing(self.program.period.start)
        while period.start <= last:
            yield period
            period = kind.containing(period.end + timedelta(days=1))

    def _target_period(self, cell: TargetCell) -> str:
        kind = self.mapping.period_type
        text = notation(cell.period) if kind is None else kind.notation(cell.period)
        if text is not None:
            return text
        if kind is None:
            problem = N_('{key}\'s target period {start} to {end} is no DHIS2 period; list '
                         '"{key}.target" in skip, or set targets DHIS2 can name (a year, a '
                         'quarter, a month)', key=self.key, start=cell.period.start.isoformat(),
                         end=cell.period.end.isoformat())  # fmt: skip
        else:
            problem = N_('{key}\'s target for {start} to {end} is not one {type} period; '
                         'list "{key}.target" in skip, or set period_type to the targets\' '
                         "own", key=self.key, start=cell.period.start.isoformat(),
                         end=cell.period.end.isoformat(), type=kind.name)  # fmt: skip
        raise NoDhis2Period(f"indicators.{quoted(self.key)}.target", cell.period.label, problem)

    # -- actuals -------------------------------------------------------------------

    def _actual_cells(self) -> Sequence[BreakdownCell]:
        return compute_breakdown(
            self.facts, self.program, self.indicator, as_of=self.as_of,
            periods=self._periods(), level=self.mapping.level, by=self.entry.by,
        )  # fmt: skip

    def _actual(self, element: str, cell: BreakdownCell) -> DataValue:
        if cell.area is None:
            raise self._unplaced(cell)
        combo = self._total() if cell.key is None else self._combo(cell)
        comment = "; ".join(
            f"includes {b.value} counted before the ledger on {b.counted_on.isoformat()} "
            f"({b.source_document})"
            for b in cell.balances
        )
        return DataValue(
            data_element=element,
            period=cell.period.label,
            org_unit=self._org_unit(cell.area),
            category_option_combo=combo,
            value=_number(cell.actual),
            attribute_option_combo=self.mapping.attribute_option_combos.get("actual"),
            comment=comment or None,
        )

    def _unplaced(self, cell: BreakdownCell) -> Dhis2MappingIncomplete:
        level = self.mapping.level.label
        if cell.balances:
            first = cell.balances[0]
            problem = N_("{key}: the opening balance of {value} counted on {day} has no "
                         "{level}, and the program's scope ({scope}) is not within one "
                         "{level}; report at a coarser level, or list {key} in skip",
                         key=self.key, value=first.value, day=first.counted_on.isoformat(),
                         level=level, scope=", ".join(map(str, self.program.scope)))  # fmt: skip
        else:
            problem = N_("{key}: {count} counted in {period} have no {level}; report at a "
                         "coarser level, or list {key} in skip", key=self.key,
                         count=cell.observed, period=cell.period.label, level=level)  # fmt: skip
        return Dhis2MappingIncomplete("org_units.level", level, problem)

    def _total(self) -> str:
        if self.mapping.total is not None:
            return self.mapping.total
        raise Dhis2MappingIncomplete(
            "category_option_combos.total",
            None,
            N_("is required: the category option combo of {key}'s values that are not "
               "disaggregated (DHIS2's is usually \"default\")", key=self.key),
        )  # fmt: skip

    def _combo(self, cell: BreakdownCell) -> str:
        by, spelled = self.entry.by, mapping_key(cell.key or "")
        assert by is not None
        found = self.mapping.category_option_combos.get(by, {}).get(spelled)
        if found is not None:
            return found
        raise Dhis2MappingIncomplete(
            f"category_option_combos.{by}.{quoted(spelled)}",
            spelled,
            N_("has no category option combo, and {key} counts {value} under it in {period} "
               "at {area}; add it, or list {key} in skip", key=self.key,
               value=_number(cell.actual), period=cell.period.label, area=str(cell.area)),
        )  # fmt: skip

    # -- targets and places --------------------------------------------------------

    def _targets(self) -> dict[tuple[str, RegionCode], int]:
        """(period, area at the level) -> the target there, quotas rolled up."""
        level = self.mapping.level
        scope = ", ".join(map(str, self.program.scope))
        found: dict[tuple[str, RegionCode], int] = defaultdict(int)
        for cell in self.cells:
            period = self._target_period(cell)
            area = cell.area
            if area is None:
                area = self.whole
            elif area.level >= level:
                area = area.at_level(level)
            else:
                area = None
            if area is None:
                raise Dhis2MappingIncomplete(
                    "org_units.level",
                    level.label,
                    N_("{key}'s target for {period} is for {area}, which is not within one "
                       "{level}; report at a coarser level, or list \"{key}.target\" in skip",
                       key=self.key, period=cell.period.label, level=level.label,
                       area=str(cell.area) if cell.area else scope),
                )  # fmt: skip
            found[(period, area)] += cell.value
        return found

    def _org_unit(self, area: RegionCode) -> str:
        found = self.mapping.org_unit(area)
        if found is not None:
            return found
        raise Dhis2MappingIncomplete(
            f"org_units.codes.{quoted(area.code)}",
            area.code,
            N_("has no org unit, and {key} has figures there; add it to [org_units.codes]",
               key=self.key),
        )  # fmt: skip
