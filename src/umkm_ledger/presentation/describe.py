"""One-line descriptions of events, for timelines and histories.

Money is formatted for the reader's locale; NIKs never appear (owners are named).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from umkm_ledger.domain.base import LedgerAggregate
from umkm_ledger.domain.classification import Classification
from umkm_ledger.domain.values import Rupiah

__all__ = ["describe"]


def _classification(c: Classification, locale: str) -> str:
    return (
        f"{c.size_class.value} by {c.basis.value} {c.figure.format(locale)} "
        f"under {c.regulation.value}"
    )


def _short(value: object) -> str:
    return str(value)[:8]


def _registered(f: dict[str, Any], locale: str) -> str:
    owners = ", ".join(o.name for o in f["owners"])
    nib = f" with NIB {f['nib']}" if f.get("nib") else ""
    return (
        f"registered {f['name']!r} (owners: {owners}) in desa {f['address'].desa}, "
        f"sector {f['sector']}, founded {f['founded_on']}{nib}"
    )


def _reclassified(f: dict[str, Any], locale: str) -> str:
    previous = f["previous"]
    new = f["classification"]
    if previous is None:
        return f"classified {_classification(new, locale)}"
    direction = "naik kelas: " if new.size_class.is_above(previous) else ""
    return f"{direction}{previous.value} → {_classification(new, locale)}"


def _corrected(f: dict[str, Any], locale: str) -> str:
    changes = ", ".join(
        f"{name} = {_value(value, locale)}" for name, value in sorted(f["changes"].items())
    )
    return f"corrected {f['corrects_kind']} (version {f['corrects_version']}): {changes}"


def _value(value: object, locale: str) -> str:
    if isinstance(value, Rupiah):
        return value.format(locale)
    if isinstance(value, tuple):
        return "[" + ", ".join(getattr(v, "name", str(v)) for v in value) + "]"
    return str(value)


_DESCRIBERS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "Registered": _registered,
    "NibRecorded": lambda f, _: f"NIB {f['nib']} recorded",
    "SalesReported": lambda f, loc: f"sales for {f['year']}: {f['amount'].format(loc)}",
    "CapitalReported": lambda f, loc: f"capital reported: {f['amount'].format(loc)}",
    "Reclassified": _reclassified,
    "StatusChanged": lambda f, _: (
        f"{f['action'].value}: {f['previous'].value} → {f['status'].value}"
    ),
    "SuspectedDuplicateFlagged": lambda f, _: (
        "suspected duplicate of " + ", ".join(_short(o) for o in f["others"])
    ),
    "DuplicateDismissed": lambda f, _: f"confirmed distinct from {_short(f['other'])}",
    "MergedInto": lambda f, _: f"merged into {_short(f['survivor'])} as a duplicate",
    "DuplicateAbsorbed": lambda f, _: f"absorbed duplicate record {_short(f['duplicate'])}",
    "Corrected": _corrected,
    "JoinedGroup": lambda f, _: f"joined group {_short(f['group_id'])}",
    "LeftGroup": lambda f, _: f"left group {_short(f['group_id'])}",
    "Formed": lambda f, _: (
        f"{f['kind'].value} {f['name']!r} formed in {f['region']}, founded {f['founded_on']}"
    ),
    "MemberJoined": lambda f, _: f"member joined: {_short(f['enterprise_id'])}",
    "MemberLeft": lambda f, _: f"member left: {_short(f['enterprise_id'])}",
    "ChairpersonAppointed": lambda f, _: (
        f"chairperson appointed: owner of {_short(f['enterprise_id'])}"
    ),
    "Dissolved": lambda f, _: "group dissolved",
}


def describe(event: LedgerAggregate.Event, locale: str = "en") -> str:
    """A one-line description of ``event`` in English, numbers formatted for ``locale``."""
    kind = type(event).__name__
    describer = _DESCRIBERS.get(kind)
    fields = event.fact_fields()
    if describer is None:
        return kind
    return describer(fields, locale)
