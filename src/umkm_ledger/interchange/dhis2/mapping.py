"""The DHIS2 mapping: which DHIS2 identifiers a program's figures go to, in a file the
DHIS2 administrator writes (TOML)::

    data_set = "UMKM_BINAAN"            # optional: sent as dataSet
    id_scheme = "code"                  # data set, data elements, option combos: code or uid
    period_type = "Yearly"              # optional: the data set's period type
    skip = ["binaan_nib"]               # indicators (or "KEY.target") left out on purpose

    [org_units]
    level = "kabupaten"                 # province, kabupaten, kecamatan or desa
    id_scheme = "code"                  # code (the default) or uid
    codes = { "16.10" = "OGAN_ILIR" }   # optional; without it, the Kemendagri code

    [category_option_combos]
    total = "default"                   # values not disaggregated (targets among them)
    gender = { F = "PEREMPUAN", M = "LAKI_LAKI" }

    [attribute_option_combos]           # optional: actuals and targets in one data element
    actual = "REALISASI"
    target = "TARGET"

    [indicators.new_binaan]
    actual = "UMKM_BINAAN_BARU"         # the data element of the actuals
    target = "UMKM_BINAAN_BARU_TARGET"  # the data element of the targets
    by = "gender"                       # optional: actuals by gender, youth, size_class, sector

The file is read with :mod:`tomllib`; :meth:`Dhis2Mapping.from_toml` refuses text that is
not TOML (:class:`Dhis2MappingNotValid` with its line and column) and a mapping with a key
it does not know or a value of the wrong kind, naming the key as the file spells it. The
reference page ``docs/reference/dhis2-mapping.md`` has every key (made from :data:`KEYS`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from umkm_ledger.interchange.dhis2.periods import PERIOD_TYPES, PeriodType, period_type
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import RegionCode, RegionLevel
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.programs.progress import BREAKDOWN_DIMENSIONS
from umkm_ledger.programs.progress.compute import REGION_LEVELS, UNPLACED

__all__ = [
    "ID_SCHEMES",
    "KEYS",
    "Dhis2Mapping",
    "Dhis2MappingIncomplete",
    "Dhis2MappingNotValid",
    "IndicatorMapping",
    "NoDhis2Period",
    "mapping_key",
]


class Dhis2MappingNotValid(InvalidValue):
    """A DHIS2 mapping that is not one: text that is not TOML (``line`` and ``column`` say
    where), a key it does not know, a value of the wrong kind, an identifier DHIS2 would not
    take, an indicator the program does not have, or two figures sent to the same data
    value. ``field`` names the key as the file spells it."""

    #: Where TOML that does not parse goes wrong (1-based; None for other refusals).
    line: int | None = None
    column: int | None = None


class Dhis2MappingIncomplete(InvalidValue):
    """The ledger has figures the mapping does not say where to send: an indicator, a
    target, a value of a disaggregation (a sex, a size class), a region without an
    org unit, or counts that have no area at the mapping's level (an opening balance for
    the whole program). ``field`` names the key to add; nothing is left out silently
    (``skip`` leaves an indicator out on purpose)."""


class NoDhis2Period(InvalidValue):
    """A period that DHIS2 has no notation for (a five-year target, a span of days that
    is no DHIS2 period), or that is not a period of the mapping's ``period_type``. The
    period is refused, never rounded to one DHIS2 might mean."""


#: DHIS2's identifier schemes a mapping may use: its names, and DHIS2's word for each.
ID_SCHEMES: Mapping[str, str] = MappingProxyType({"code": "CODE", "uid": "UID"})

#: Every key of a mapping file, and what it holds (the reference page is made from it).
KEYS: Mapping[str, str] = MappingProxyType(
    {
        "data_set": "optional: the data set the values belong to, sent as `dataSet`",
        "id_scheme": "`code` (default) or `uid`: how the data set, data elements and "
        "category and attribute option combos are named",
        "period_type": "optional: the data set's period type, as DHIS2 names it (`Yearly`, "
        "`Quarterly`, `Monthly`...): actuals per such period, and targets only for such "
        "periods; without it, the periods of each indicator's targets (or the program's "
        "period)",
        "skip": "optional: indicators left out on purpose, or only their actuals or "
        "targets (`KEY.actual`, `KEY.target`)",
        "org_units.level": "the level DHIS2 takes the values at: `province` (or `provinsi`), "
        "`kabupaten`, `kecamatan` or `desa`",
        "org_units.id_scheme": "`code` (default) or `uid`: how org units are named",
        "org_units.codes": "optional: the org unit of each region code at that level; "
        "without it, an org unit's code is the Kemendagri code (`16.10`); with it, every "
        "region with figures must be listed",
        "category_option_combos.total": "the category option combo of values that are not "
        "disaggregated: targets, and the actuals of indicators without `by`",
        "category_option_combos.DIMENSION": "for each `by` used: the category option combo "
        "of each of its values (gender: `F`, `M`; youth: `youth`, `not_youth`; size_class: "
        "`mikro`, `kecil`, `menengah`; sector: KBLI sections, `C`, `G`...; and `unknown` "
        "for what has none recorded, `not_disaggregated` for opening balances)",
        "attribute_option_combos.actual": "optional: the attribute option combo of actuals",
        "attribute_option_combos.target": "optional: the attribute option combo of targets",
        "indicators.KEY.actual": "the data element of the indicator's actuals",
        "indicators.KEY.target": "the data element of its targets (needed when it has any)",
        "indicators.KEY.by": "optional: disaggregate its actuals by one of "
        + ", ".join(f"`{d}`" for d in BREAKDOWN_DIMENSIONS),
    }
)

# A DHIS2 UID: 11 letters and digits, the first a letter.
_UID = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")
# DHIS2 keeps codes of at most 50 characters.
_MAX_CODE = 50
_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")

#: How the mapping file spells the keys progress rows use for what has no value.
_SPELLED = MappingProxyType(
    {"(unknown)": "unknown", UNPLACED: "not_disaggregated", "not youth": "not_youth"}
)


def mapping_key(row_key: str) -> str:
    """The key a mapping file uses for a value of a disaggregation (``"(unknown)"`` is
    ``unknown``, an opening balance's ``"(not disaggregated)"`` is ``not_disaggregated``)."""
    return _SPELLED.get(row_key, row_key)


def quoted(key: str) -> str:
    """``key`` as a TOML key: bare when it may be, else quoted (``"16.10.05"``)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


@attrs.frozen
class IndicatorMapping:
    """Where one indicator's figures go: its data elements, and its disaggregation."""

    actual: str | None = None
    target: str | None = None
    by: str | None = None


@attrs.frozen(hash=False)
class Dhis2Mapping:
    """A DHIS2 mapping, checked. Make one with :meth:`from_file`, :meth:`from_toml` or
    :meth:`from_mapping` (the same keys as the file, as a dict)."""

    level: RegionLevel
    indicators: Mapping[str, IndicatorMapping]
    skip: frozenset[str] = frozenset()
    data_set: str | None = None
    id_scheme: str = "code"
    org_unit_id_scheme: str = "code"
    #: Region code (dotted) -> org unit; None: the Kemendagri code is the org unit's code.
    org_units: Mapping[str, str] | None = None
    period_type: PeriodType | None = None
    #: The category option combo of values that are not disaggregated.
    total: str | None = None
    #: Dimension -> its values as the file spells them -> category option combo.
    category_option_combos: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    #: ``actual`` and ``target`` -> attribute option combo.
    attribute_option_combos: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def from_file(cls, path: str | Path) -> Dhis2Mapping:
        """The mapping in the TOML file at ``path``."""
        where = Path(path)
        try:
            text = where.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problem = error.strerror if isinstance(error, OSError) else str(error)
            raise Dhis2MappingNotValid(
                "mapping", str(where), N_("cannot be read ({error})", error=problem or "")
            ) from None
        return cls.from_toml(text, source=where.name)

    @classmethod
    def from_toml(cls, text: str, *, source: str = "mapping") -> Dhis2Mapping:
        """The mapping written in ``text`` (TOML); ``source`` names it in errors."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise _not_toml(text, source, error) from None
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Dhis2Mapping:
        """The mapping given as the file's keys and values (a dict, JSON)."""
        top = _table(data, "", set(_TOP))
        id_scheme = _scheme(top.get("id_scheme", "code"), "id_scheme")
        org_units = _table(top.get("org_units"), "org_units", {"level", "id_scheme", "codes"})
        org_scheme = _scheme(org_units.get("id_scheme", "code"), "org_units.id_scheme")
        level = _level(org_units.get("level"))
        combos = _table(
            top.get("category_option_combos", {}),
            "category_option_combos",
            {"total", *BREAKDOWN_DIMENSIONS},
        )
        attributes = _table(
            top.get("attribute_option_combos", {}), "attribute_option_combos", {"actual", "target"}
        )
        return cls(
            level=level,
            indicators=_indicators(top.get("indicators", {}), id_scheme),
            skip=_skip(top.get("skip", [])),
            data_set=_optional_id(top.get("data_set"), "data_set", id_scheme),
            id_scheme=id_scheme,
            org_unit_id_scheme=org_scheme,
            org_units=_org_units(org_units.get("codes"), level, org_scheme),
            period_type=_period_type(top.get("period_type")),
            total=_optional_id(combos.get("total"), "category_option_combos.total", id_scheme),
            category_option_combos={
                dimension: _identifiers(
                    combos[dimension], f"category_option_combos.{dimension}", id_scheme
                )
                for dimension in BREAKDOWN_DIMENSIONS
                if dimension in combos
            },
            attribute_option_combos={
                name: _identifier(value, f"attribute_option_combos.{name}", id_scheme)
                for name, value in attributes.items()
            },
        )

    def org_unit(self, area: RegionCode) -> str | None:
        """The org unit of ``area``: from the table when there is one (None: not in it),
        else the Kemendagri code."""
        if self.org_units is None:
            return area.code
        return self.org_units.get(area.code)

    def sends(self, indicator: str, what: str) -> bool:
        """Whether the ``actual`` or ``target`` figures of ``indicator`` are sent (not
        skipped, whole or in part)."""
        return indicator not in self.skip and f"{indicator}.{what}" not in self.skip


_TOP = (
    "data_set",
    "id_scheme",
    "period_type",
    "skip",
    "org_units",
    "category_option_combos",
    "attribute_option_combos",
    "indicators",
)


def _not_toml(text: str, source: str, error: tomllib.TOMLDecodeError) -> Dhis2MappingNotValid:
    """The refusal of ``text`` that is not TOML, naming the line and column where it goes
    wrong (tomllib says them in its message: "(at line 3, column 7)", "(at end of
    document)")."""
    message = str(error)
    lines = text.splitlines() or [""]
    place = _TOML_PLACE.search(message)
    if place is not None:
        line, column = int(place[1]), int(place[2])
    else:  # at the end of the document
        line, column = len(lines), len(lines[-1]) + 1
    shown = lines[line - 1].strip()[:80] if line <= len(lines) else ""
    reason = _TOML_PLACE.sub("", message).replace("(at end of document)", "").strip()
    refused = Dhis2MappingNotValid(
        f"{source}, line {line}",
        shown,
        N_("is not TOML: {error} (line {line}, column {column})",
           error=reason, line=line, column=column),
    )  # fmt: skip
    refused.line, refused.column = line, column
    return refused


def _named(prefix: str, key: str) -> str:
    return f"{prefix}.{quoted(key)}" if prefix else quoted(key)


def _table(value: object, field: str, known: set[str] | None = None) -> Mapping[str, Any]:
    """``value`` if it is a table whose keys are all ``known`` (None: any key)."""
    if value is None:
        raise Dhis2MappingIncomplete(
            field, None, N_("is required: add the table [{field}]", field=field)
        )
    if not isinstance(value, Mapping):
        raise Dhis2MappingNotValid(field or "mapping", _shown(value), N_("must be a table"))
    for key in value:
        if not isinstance(key, str):
            raise Dhis2MappingNotValid(field or "mapping", _shown(key), N_("must be a text key"))
        if known is not None and key not in known:
            raise Dhis2MappingNotValid(
                _named(field, key),
                key[:60],
                N_("is not a key here (the keys: {known})", known=", ".join(sorted(known))),
            )
    return value


def _shown(value: object) -> object:
    return value if isinstance(value, int | float | bool) else str(value)[:60]


def _scheme(value: object, field: str) -> str:
    if value not in ID_SCHEMES:
        raise Dhis2MappingNotValid(
            field, _shown(value), N_("must be one of {choices}", choices=", ".join(ID_SCHEMES))
        )
    assert isinstance(value, str)
    return value


#: The level's Indonesian name, as ``enterprise list --provinsi`` spells it.
_LEVEL_ALIASES = {"provinsi": "province"}


def _level(value: object) -> RegionLevel:
    if isinstance(value, str):
        value = _LEVEL_ALIASES.get(value, value)
    if value is None:
        raise Dhis2MappingIncomplete(
            "org_units.level",
            None,
            N_("is required: the level DHIS2 takes the values at ({choices})",
               choices=", ".join(REGION_LEVELS)),
        )  # fmt: skip
    if not isinstance(value, str) or value not in REGION_LEVELS:
        raise Dhis2MappingNotValid(
            "org_units.level",
            _shown(value),
            N_("must be one of {choices}", choices=", ".join(REGION_LEVELS)),
        )
    return REGION_LEVELS[value]


def _identifier(value: object, field: str, scheme: str) -> str:
    """An identifier as DHIS2 takes it in ``scheme``: a UID of 11 letters and digits
    starting with a letter, or a code of at most 50 characters on one line."""
    if not isinstance(value, str):
        raise Dhis2MappingNotValid(field, _shown(value), N_("must be a text"))
    try:
        text = name_text(value, field, max_length=_MAX_CODE)
    except InvalidValue as error:
        raise Dhis2MappingNotValid(error.field, error.shown_value, error.problem) from None
    if scheme == "uid" and not _UID.fullmatch(text):
        raise Dhis2MappingNotValid(
            field,
            text,
            N_("is not a DHIS2 UID (11 letters and digits, the first a letter); "
               'id_scheme is "uid"'),
        )  # fmt: skip
    return text


def _optional_id(value: object, field: str, scheme: str) -> str | None:
    return None if value is None else _identifier(value, field, scheme)


def _identifiers(value: object, field: str, scheme: str) -> Mapping[str, str]:
    table = _table(value, field)
    return {key: _identifier(item, _named(field, key), scheme) for key, item in table.items()}


def _skip(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, list):
        raise Dhis2MappingNotValid("skip", _shown(value), N_("must be a list of indicator keys"))
    skipped: set[str] = set()
    for index, item in enumerate(value):
        key, _, part = item.partition(".") if isinstance(item, str) else ("", "", "")
        if not key or part not in ("", "actual", "target"):
            raise Dhis2MappingNotValid(
                f"skip[{index}]",
                _shown(item),
                N_("must be an indicator key, or KEY.actual or KEY.target"),
            )
        skipped.add(item)
    return frozenset(skipped)


def _period_type(value: object) -> PeriodType | None:
    if value is None:
        return None
    found = period_type(value) if isinstance(value, str) else None
    if found is None:
        raise Dhis2MappingNotValid(
            "period_type",
            _shown(value),
            N_("is not a DHIS2 period type this exporter writes ({choices})",
               choices=", ".join(PERIOD_TYPES)),
        )  # fmt: skip
    return found


def _indicators(value: object, scheme: str) -> Mapping[str, IndicatorMapping]:
    table = _table(value, "indicators")
    found = {}
    for key, item in table.items():
        where = _named("indicators", key)
        entry = _table(item, where, {"actual", "target", "by"})
        by = entry.get("by")
        if by is not None and by not in BREAKDOWN_DIMENSIONS:
            raise Dhis2MappingNotValid(
                f"{where}.by",
                _shown(by),
                N_("must be one of {choices}", choices=", ".join(BREAKDOWN_DIMENSIONS)),
            )
        found[key] = IndicatorMapping(
            actual=_optional_id(entry.get("actual"), f"{where}.actual", scheme),
            target=_optional_id(entry.get("target"), f"{where}.target", scheme),
            by=by,
        )
    return found


def _org_units(value: object, level: RegionLevel, scheme: str) -> Mapping[str, str] | None:
    if value is None:
        if scheme == "uid":
            raise Dhis2MappingIncomplete(
                "org_units.codes",
                None,
                N_('is required when org_units.id_scheme is "uid": the UID of each region'),
            )
        return None
    table = _table(value, "org_units.codes")
    found = {}
    for key, item in table.items():
        where = _named("org_units.codes", key)
        try:
            region = RegionCode.parse(key, field=where)
        except InvalidValue as error:
            raise Dhis2MappingNotValid(error.field, error.shown_value, error.problem) from None
        if region.level is not level:
            raise Dhis2MappingNotValid(
                where,
                key,
                N_("is a {found} code; org_units.level is {level}",
                   found=region.level.label, level=level.label),
            )  # fmt: skip
        found[region.code] = _identifier(item, where, scheme)
    return found
