"""An activity's ``result`` elements: one per indicator of the program, with its
baselines, and per period (of its targets, or the program's) the target and the actual,
disaggregated by region (``location``) and by sex (``dimension``) as the progress report
disaggregates them.

Baselines are what the indicator started from: its own baseline when it has one, and
each opening balance (the count that predates the ledger, with the document it comes
from). Actuals include the opening balances counted in their period, as the ledger's
progress does, so a baseline and the actual of its period are read together.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.interchange.iati.codes import (
    INDICATOR_VOCABULARY,
    MEASURES,
    RESULT_TYPES,
    SEX_DIMENSION,
)
from umkm_ledger.interchange.iati.places import Places
from umkm_ledger.interchange.iati.xml import dated, narrative, number
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.programs.progress import IndicatorPeriods, PeriodProgress, ProgressRow

__all__ = ["OTHER_RESULT", "write_result"]

#: ResultType of an indicator kind the table does not know (added by other code).
OTHER_RESULT = "9"


def write_result(
    activity: Element,
    indicator: IndicatorPeriods,
    places: Places,
    labels: Labels,
    *,
    region_dimension: str,
) -> None:
    """``indicator`` as a ``result`` of ``activity``; its region rows are those of
    ``region_dimension`` (``kecamatan``...), its sex rows ``gender``'s."""
    result = SubElement(activity, "result", type=RESULT_TYPES.get(indicator.kind, OTHER_RESULT))
    narrative(SubElement(result, "title"), indicator.title)
    element = SubElement(
        result, "indicator", measure=MEASURES.get(indicator.unit, "1"), ascending="1"
    )
    narrative(SubElement(element, "title"), indicator.title)
    SubElement(element, "reference", vocabulary=INDICATOR_VOCABULARY, code=indicator.kind)
    _baselines(element, indicator, places, labels)
    for period in indicator.periods:
        _period(element, period, places, region_dimension)


def _baselines(
    element: Element, indicator: IndicatorPeriods, places: Places, labels: Labels
) -> None:
    baseline = indicator.baseline
    if baseline is not None:
        found = SubElement(
            element,
            "baseline",
            {
                "year": str(baseline.on.year),
                "iso-date": baseline.on.isoformat(),
                "value": str(baseline.value),
            },
        )
        if baseline.note:
            narrative(SubElement(found, "comment"), baseline.note)
    for balance in indicator.opening_balances:
        found = SubElement(
            element,
            "baseline",
            {
                "year": str(balance.counted_on.year),
                "iso-date": balance.counted_on.isoformat(),
                "value": str(balance.value),
            },
        )
        if balance.area is not None:
            SubElement(found, "location", ref=places.ref(balance.area))
        narrative(
            SubElement(found, "comment"),
            labels.text(
                N_(
                    "Opening balance, counted before the ledger: {source}",
                    source=balance.source_document,
                )
            ),
        )


def _period(
    element: Element, progress: PeriodProgress, places: Places, region_dimension: str
) -> None:
    period = SubElement(element, "period")
    dated(period, "period-start", progress.period.start)
    dated(period, "period-end", progress.period.end)
    regions = [r for r in progress.rows.get(region_dimension, ()) if _placed(r.key)]
    if progress.target is not None:
        SubElement(period, "target", value=number(progress.target))
        for row in regions:
            if row.target is not None:
                target = SubElement(period, "target", value=number(row.target))
                SubElement(target, "location", ref=places.ref(_region(row, places)))
    if progress.actual is None:
        return  # the period had not begun
    SubElement(period, "actual", value=number(progress.actual))
    for row in regions:
        actual = SubElement(period, "actual", value=number(row.actual))
        SubElement(actual, "location", ref=places.ref(_region(row, places)))
    name, values = SEX_DIMENSION
    for row in progress.rows.get("gender", ()):
        if row.key in values:
            actual = SubElement(period, "actual", value=number(row.actual))
            SubElement(actual, "dimension", name=name, value=values[row.key])


def _region(row: ProgressRow, places: Places) -> RegionCode:
    """The region a row counts: its own (with its edition), else found by its code."""
    return row.area if row.area is not None else places.region(row.key)


def _placed(key: str) -> bool:
    """Whether a region row names a region (not the counts that have none)."""
    return key[:1].isdigit()
