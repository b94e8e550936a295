"""Small helpers for writing IATI's XML with the standard library's ElementTree."""

from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import Element, SubElement

__all__ = ["XML_LANG", "dated", "narrative", "number"]

#: ``xml:lang``, as ElementTree names an attribute of the XML namespace.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def narrative(parent: Element, text: str) -> Element:
    """``<narrative>text</narrative>`` in ``parent`` (in the activity's language)."""
    found = SubElement(parent, "narrative")
    found.text = text
    return found


def dated(parent: Element, tag: str, day: date, **attributes: str) -> Element:
    """``<tag iso-date="YYYY-MM-DD" .../>`` in ``parent``."""
    return SubElement(parent, tag, {**attributes, "iso-date": day.isoformat()})


def number(value: float) -> str:
    """A figure as IATI writes values: whole numbers without a decimal point, others
    with at most two decimals (the ledger rounds percentages to one)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")
