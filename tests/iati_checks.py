"""Checks of IATI activity files against IATI's own definitions, vendored under
``tests/schemas/iati-2.03`` (see its README): the 2.03 XML schema, the codelists (every
attribute IATI's ``mapping.xml`` ties to a codelist must hold one of its codes, not a
withdrawn one) and the Standard's ruleset, the one IATI's validator applies
(``rulesets/standard.json``), evaluated here rule by rule as its SPEC describes.

Two of the ruleset's conditions need IATI's Registry (whether an identifier is a
registered publisher's): offline, every identifier is taken to be unregistered, so the
rules that apply to unregistered identifiers are applied.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = [
    "SCHEMAS",
    "codelist",
    "codelist_names",
    "codelist_problems",
    "rule_problems",
    "schema_problems",
]

SCHEMAS = Path(__file__).parent / "schemas" / "iati-2.03"
_CODELISTS = SCHEMAS / "codelists"


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-activities-schema.xsd")))


def schema_problems(xml: bytes) -> list[str]:
    """What the IATI 2.03 activity schema finds wrong with ``xml`` (none: it is valid)."""
    schema = _schema()
    if schema.validate(etree.fromstring(xml)):
        return []
    errors: Any = schema.error_log  # (the stubs do not say it is iterable; it is)
    return [f"line {e.line}: {e.message}" for e in errors]


@functools.cache
def codelist(name: str) -> Mapping[str, str]:
    """A vendored codelist: each code and its status (``active``, ``withdrawn``)."""
    path = _CODELISTS / f"{name}.xml"
    if not path.exists():
        raise LookupError(f"codelist {name} is not vendored in {_CODELISTS}")
    tree = etree.parse(str(path))
    return {
        str(item.findtext("code")): str(item.get("status", "active"))
        for item in tree.iter("codelist-item")
    }


@functools.cache
def codelist_names(name: str) -> Mapping[str, str]:
    """A vendored codelist's codes and their English names."""
    tree = etree.parse(str(_CODELISTS / f"{name}.xml"))
    return {
        str(item.findtext("code")): str(item.findtext("name/narrative")).strip()
        for item in tree.iter("codelist-item")
    }


def _mappings() -> Iterator[tuple[str, str, str | None]]:
    tree = etree.parse(str(_CODELISTS / "mapping.xml"))
    for mapping in tree.iter("mapping"):
        found = mapping.find("codelist")
        assert found is not None
        yield str(mapping.findtext("path")), str(found.get("ref")), mapping.findtext("condition")


def codelist_problems(xml: bytes) -> list[str]:
    """Every value of ``xml`` that IATI's mapping ties to a codelist and that is not an
    active code of it; and every such value whose codelist is not vendored here."""
    root = etree.fromstring(xml)
    problems = []
    for path, name, condition in _mappings():
        for value in _xpath(root, path):
            owner = value.getparent()
            if condition is not None and not _xpath(owner, condition):
                continue
            try:
                codes = codelist(name)
            except LookupError as missing:
                problems.append(f"{path}: {missing}")
                continue
            status = codes.get(str(value))
            if status != "active":
                problems.append(f"{path} = {value!r}: {'withdrawn' if status else 'not'} in {name}")
    return problems


# -- the ruleset ----------------------------------------------------------------------


@functools.cache
def _ruleset() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / "rulesets" / "standard.json").read_text())
    return loaded


def _xpath(element: Any, path: str) -> Any:
    """``element.xpath(path)``: nodes, texts, a number or a truth, as XPath answers."""
    return element.xpath(path)


def _texts(found: object) -> list[str]:
    if isinstance(found, list):
        return [str(item.text if isinstance(item, etree._Element) else item) for item in found]
    return [str(found)]


def _true(found: object) -> bool:
    """An XPath result as a truth: a node set that is not empty, a true boolean, a number
    other than 0, a text that is not empty."""
    if isinstance(found, list):
        return bool(found)
    return bool(found)


def _dates(element: etree._Element, path: str) -> list[date]:
    if path == "NOW":
        return [date.today()]
    return [date.fromisoformat(text[:10]) for text in _texts(_xpath(element, path))]


def _substituted(case: Any, value: str) -> Any:
    if isinstance(case, str):
        return case.replace("$1", value)
    if isinstance(case, list):
        return [_substituted(item, value) for item in case]
    if isinstance(case, dict):
        return {key: _substituted(item, value) for key, item in case.items()}
    return case


def _matches(element: etree._Element, case: Mapping[str, Any]) -> list[str]:
    return [text for path in case.get("paths", ()) for text in _texts(_xpath(element, path))]


def _passes(rule: str, element: etree._Element, case: Mapping[str, Any]) -> bool | None:
    """Whether ``element`` keeps ``rule`` as ``case`` states it (None: not applicable)."""
    if "condition" in case and not _true(_xpath(element, case["condition"])):
        return None
    matches = _matches(element, case)
    if rule == "atleast_one":
        return len(matches) >= 1
    if rule == "no_more_than_one":
        return len(matches) <= 1
    if rule == "unique":
        return len(matches) == len(set(matches))
    if rule == "no_spaces":
        return all(text == text.strip() for text in matches)
    if rule == "regex_matches":
        return all(re.search(case["regex"], text) for text in matches)
    if rule == "range":
        low, high = (
            Decimal(str(case.get("min", "-Infinity"))),
            Decimal(str(case.get("max", "Infinity"))),
        )
        return all(low <= Decimal(text) <= high for text in matches)
    if rule == "strict_sum":
        return sum((Decimal(text) for text in matches), Decimal(0)) == Decimal(str(case["sum"]))
    if rule == "if_then":
        return not _true(_xpath(element, case["if"])) or _true(_xpath(element, case["then"]))
    if rule == "startswith":
        return _starts(element, case, matches)
    if rule == "one_or_all":
        return _one_or_all(element, case)
    if rule == "date_now":
        return all(
            datetime.fromisoformat(text.replace("Z", "+00:00")).date() <= date.today()
            for text in _texts(_xpath(element, case["date"]))
        )
    if rule == "date_order":
        less, more = _dates(element, case["less"]), _dates(element, case["more"])
        return all(one <= other for one in less for other in more)
    if rule == "between_dates":
        days, starts, ends = (_dates(element, case[k]) for k in ("date", "start", "end"))
        return all(s <= d <= e for d in days for s in starts for e in ends)
    if rule == "time_limit":
        starts, ends = _dates(element, case["start"]), _dates(element, case["end"])
        return all(e <= s.replace(year=s.year + 1) for s in starts for e in ends)
    if rule == "loop":
        return all(
            _passes(inner, element, _substituted(sub, value)) is not False
            for value in set(_texts(_xpath(element, case["foreach"])))
            for inner, rules in case["do"].items()
            for sub in rules["cases"]
        )
    raise AssertionError(f"a rule this checker does not know: {rule}")


def _starts(element: etree._Element, case: Mapping[str, Any], matches: Sequence[str]) -> bool:
    separator = case.get("separator", "")
    prefixes: list[str] = []
    for path in case["prefix"]:
        if path == "ORG-ID-PREFIX":
            prefixes += [c for c, s in codelist("OrganisationRegistrationAgency").items()]
        else:
            prefixes += _texts(_xpath(element, path))
    return all(any(text.startswith(p + separator) for p in prefixes) for text in matches)


def _one_or_all(element: etree._Element, case: Mapping[str, Any]) -> bool:
    if _true(_xpath(element, case["one"])):
        return True
    if case["all"] == "lang":
        return all(_xpath(n, "@xml:lang") for n in element.iter("narrative"))
    if case["all"] == "sector":
        return all(t.find("sector") is not None for t in element.iter("transaction"))
    if case["all"] == "currency":
        return all(v.get("currency") for v in element.iter("value"))
    raise AssertionError(f"one_or_all of {case['all']!r}")


def rule_problems(xml: bytes) -> list[str]:
    """Every rule of IATI's standard ruleset (errors and warnings) that ``xml`` breaks,
    as ``<rule id> <severity>: <message>``."""
    root = etree.fromstring(xml)
    tree = etree.ElementTree(root)
    broken = []
    for context, rules in _ruleset().items():
        for element in _xpath(tree, context):
            for rule, body in rules.items():
                for case in body["cases"]:
                    if _passes(rule, element, case) is False:
                        info = case.get("ruleInfo") or _first_info(case)
                        broken.append(
                            f"{info.get('id')} {info.get('severity')}: {info.get('message')}"
                        )
    return broken


def _first_info(case: Mapping[str, Any]) -> Mapping[str, Any]:
    """A loop's rule information is its inner cases'."""
    for rules in case.get("do", {}).values():
        for sub in rules["cases"]:
            info: Mapping[str, Any] = sub.get("ruleInfo", {})
            return info
    return {}
