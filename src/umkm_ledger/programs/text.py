"""Program progress for people and for other tools: a table with bars, CSV, JSON, a chart.

The table is what an officer reads in a terminal; CSV and JSON carry the same numbers
for spreadsheets and other systems (numbers unformatted there, so they stay numbers);
the chart (PNG or SVG, via matplotlib) is what goes into a report to the Bupati.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import ConfigurationError, InvalidValue
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.platform.spreadsheets import csv_table
from umkm_ledger.programs.progress import IndicatorProgress, ProgramProgress, ProgressRow

__all__ = ["progress_csv", "progress_json", "render_progress", "row_label", "write_chart"]

_BAR = 20


def _bar(percent: float | None) -> str:
    if percent is None:
        return ""
    filled = max(0, min(_BAR, round(_BAR * percent / 100)))
    return "[" + "#" * filled + "." * (_BAR - filled) + "]"


def _amount(value: float | None, unit: str, labels: Labels) -> str:
    if value is None:
        return "-"
    if unit == "rupiah":
        return Rupiah(round(value)).format(labels.locale)
    if unit == "percent":
        return labels.percent(value / 100)
    return labels.number(value)


def _share(percent: float | None, labels: Labels) -> str:
    return "" if percent is None else labels.percent(percent / 100)


def render_progress(progress: ProgramProgress, labels: Labels) -> str:
    """A readable table per indicator, with a bar per row."""
    lines = [
        f"{labels['program']}: {progress.name}  ({progress.agency})",
        f"  {labels['period']}: {progress.period.label}   "
        f"{labels['as_of']}: {progress.as_of.isoformat()}",
    ]
    for indicator in progress.indicators:
        lines += ["", *_indicator_lines(indicator, labels)]
    return "\n".join(lines)


def _indicator_lines(indicator: IndicatorProgress, labels: Labels) -> Iterator[str]:
    unit = indicator.unit
    yield f"{indicator.title}  [{indicator.key}: {indicator.kind}]"
    if indicator.baseline is not None:
        yield (
            f"  {labels['baseline']}: {_amount(indicator.baseline.value, unit, labels)} "
            f"({indicator.baseline.on.isoformat()})"
        )
    if indicator.opening_balance:
        yield f"  {labels['opening_balance']}: {labels.number(indicator.opening_balance)}"
    yield (
        f"  {labels['actual']}: {_amount(indicator.actual, unit, labels)} / "
        f"{labels['target']}: {_amount(indicator.target, unit, labels)}  "
        f"{_bar(indicator.percent)} {_share(indicator.percent, labels)}".rstrip()
    )
    for name, value in indicator.details.items():
        if value is not None and name != "attributed_total":
            yield f"  {labels.term(name)}: {_detail(value, labels)}"
    if "attributed_total" in indicator.details:
        attributed = _amount(indicator.details["attributed_total"], unit, labels)
        deduplicated = _amount(indicator.actual, unit, labels)
        yield (
            f"  {labels['attributed_total']}: {attributed}"
            f"  ({labels['deduplicated']}: {deduplicated})"
        )
    if len(indicator.cells) > 1 or any(c.area is not None for c in indicator.cells):
        yield f"  {labels['per_period']}:"
        places = [
            "" if c.area is None else " " + labels.place(c.area, c.area_name)
            for c in indicator.cells
        ]
        width = max([16, *(len(p) + 1 for p in places)])
        for cell, where in zip(indicator.cells, places, strict=True):
            actual = _amount(cell.actual, unit, labels)
            yield (
                f"    {cell.period.label:<24}{where:<{width}} {actual:>12} / "
                f"{_amount(cell.target, unit, labels):<12} {_bar(cell.percent)} "
                f"{_share(cell.percent, labels)}".rstrip()
            )
    if indicator.by is not None:
        yield f"  {labels['by']} {labels.term(indicator.by)}:"
        shown = [row_label(row, labels) for row in indicator.rows]
        width = max([24, *(len(s) for s in shown)])
        for row, what in zip(indicator.rows, shown, strict=True):
            target = f" / {_amount(row.target, unit, labels)}" if row.target is not None else ""
            yield (
                f"    {what:<{width}} {_amount(row.actual, unit, labels):>12}{target} "
                f"{_bar(row.percent)} {_share(row.percent, labels)}".rstrip()
            )


def row_label(row: ProgressRow, labels: Labels) -> str:
    """A breakdown row's value for people: a region by its name beside its code
    (``Madang Suku III (16.08.13)``), a term in the reader's language."""
    if row.area is not None:
        return labels.place(row.area, row.name)
    return labels.term(row.key)


def _detail(value: Any, labels: Labels) -> str:
    if isinstance(value, float):
        return labels.number(value)
    if isinstance(value, int):
        return labels.number(value)
    return str(value)


def _records(progress: ProgramProgress) -> Iterator[dict[str, Any]]:
    for indicator in progress.indicators:
        base = {
            "program_id": progress.program_id,
            "as_of": progress.as_of.isoformat(),
            "indicator": indicator.key,
            "kind": indicator.kind,
            "unit": indicator.unit,
        }
        yield {
            **base,
            "row": "total",
            "period": progress.period.label,
            "area": "",
            "dimension": "",
            "key": "",
            "target": indicator.target,
            "actual": indicator.actual,
            "percent": indicator.percent,
            "area_name": "",
            "key_name": "",
        }
        for cell in indicator.cells:
            yield {
                **base,
                "row": "period",
                "period": cell.period.label,
                "area": "" if cell.area is None else str(cell.area),
                "dimension": "",
                "key": "",
                "target": cell.target,
                "actual": cell.actual,
                "percent": cell.percent,
                "area_name": cell.area_name or "",
                "key_name": "",
            }
        for row in indicator.rows:
            yield {
                **base,
                "row": "breakdown",
                "period": progress.period.label,
                "area": "",
                "dimension": indicator.by or "",
                "key": row.key,
                "target": row.target,
                "actual": row.actual,
                "percent": row.percent,
                "area_name": "",
                "key_name": row.name or "",
            }


def progress_csv(progress: ProgramProgress) -> str:
    """One CSV row per total, target cell and breakdown row, numbers unformatted; a
    region's name (where the region names know it) in ``area_name`` for a target cell's
    area and ``key_name`` for a breakdown row's region, beside the codes."""
    records = list(_records(progress))
    return csv_table(list(records[0]) if records else ["program_id"], records)


def progress_json(progress: ProgramProgress) -> str:
    """The progress as JSON: the program, then per indicator its totals, cells and rows
    (a region with its code, the code's edition, and its name: null where unknown)."""

    def indicator(item: IndicatorProgress) -> Mapping[str, Any]:
        return {
            "key": item.key,
            "title": item.title,
            "kind": item.kind,
            "unit": item.unit,
            "baseline": None
            if item.baseline is None
            else {"value": item.baseline.value, "on": item.baseline.on.isoformat()},
            "opening_balance": item.opening_balance,
            "target": item.target,
            "actual": item.actual,
            "percent": item.percent,
            "details": dict(item.details),
            "cells": [
                {
                    "period": c.period.label,
                    "start": c.period.start.isoformat(),
                    "end": c.period.end.isoformat(),
                    "area": None if c.area is None else str(c.area),
                    "area_edition": None if c.area is None else c.area.edition,
                    "area_name": c.area_name,
                    "target": c.target,
                    "actual": c.actual,
                    "percent": c.percent,
                }
                for c in item.cells
            ],
            "by": item.by,
            "rows": [
                {
                    "key": r.key,
                    "edition": None if r.area is None else r.area.edition,
                    "name": r.name,
                    "target": r.target,
                    "actual": r.actual,
                    "percent": r.percent,
                    "details": dict(r.details),
                }
                for r in item.rows
            ],
        }

    document = {
        "program_id": progress.program_id,
        "name": progress.name,
        "agency": progress.agency,
        "period": progress.period.label,
        "as_of": progress.as_of.isoformat(),
        "indicators": [indicator(i) for i in progress.indicators],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def write_chart(progress: ProgramProgress, path: Path, labels: Labels) -> None:
    """Target versus actual per period for each indicator, and per area where the
    targets are per area; PNG or SVG by the file's suffix."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise InvalidValue("chart", str(path), "must end in .png or .svg")
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional, heavy: only when charting

        mpl.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        raise ConfigurationError(
            "charts need matplotlib: pip install 'umkm-ledger[chart]'"
        ) from None
    indicators = [i for i in progress.indicators if i.cells]
    if not indicators:
        raise InvalidValue("chart", progress.name, "has no indicator with targets to chart")
    figure, axes = plt.subplots(
        len(indicators), 1, figsize=(10, 3.6 * len(indicators)), squeeze=False
    )
    for axis, indicator in zip((row[0] for row in axes), indicators, strict=True):
        names = [
            c.period.label
            if c.area is None
            else f"{c.period.label}\n{labels.place(c.area, c.area_name)}"
            for c in indicator.cells
        ]
        positions = list(range(len(names)))
        width = 0.4
        axis.bar(
            [p - width / 2 for p in positions],
            [c.target for c in indicator.cells],
            width,
            label=labels["target"],
            color="#c8d6e5",
        )
        axis.bar(
            [p + width / 2 for p in positions],
            [c.actual for c in indicator.cells],
            width,
            label=labels["actual"],
            color="#0a7e3c",
        )
        for position, cell in zip(positions, indicator.cells, strict=True):
            if cell.percent is not None:
                axis.annotate(
                    _share(cell.percent, labels),
                    (position + width / 2, cell.actual),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
        axis.set_xticks(positions, names, fontsize=8, rotation=0 if len(names) < 8 else 45)
        axis.set_title(f"{indicator.title} ({labels['as_of']} {progress.as_of.isoformat()})")
        axis.legend()
    figure.suptitle(f"{progress.name} - {progress.agency}")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
