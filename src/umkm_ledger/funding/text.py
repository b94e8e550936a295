"""Renderings of the funding side: a grant, the funding ledger, anomalies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from umkm_ledger.funding.readmodels import GrantView
from umkm_ledger.funding.reports import AidRecord, Anomaly, FundsReport, FundsRow
from umkm_ledger.i18n.labels import Labels

__all__ = [
    "anomalies_json",
    "funds_json",
    "render_aid_history",
    "render_anomalies",
    "render_funds",
    "render_grant",
]

#: The funding ledger's money columns, in order.
_COLUMNS = ("allocated", "pledged", "committed", "delivered", "released", "remaining")


def render_grant(view: GrantView, labels: Labels) -> str:
    locale = labels.locale
    lines = [
        f"{labels['grant']}: {view.id}",
        f"  {labels['status']}: {labels.term(view.status.value)}",
        f"  {labels['funder']}: {view.funder}, {view.fiscal_year}, "
        f"{labels.named('instrument', view.instrument.value)}",
        f"  {labels['beneficiary']}: {labels.named('beneficiary', view.beneficiary_kind)} "
        f"{view.beneficiary_id} "
        f"({labels['region']} {labels.place(view.region)})",
    ]
    if view.members:
        lines.append(f"  {labels['members']}: {labels.number(len(view.members))}")
    for item in view.items:
        lines.append(f"    {item.quantity} × {item.description} @ {item.unit_value.format(locale)}")
    lines += [
        f"  {labels['value']}: {view.value.format(locale)}; "
        f"{labels['delivered']} {view.delivered.format(locale)}, "
        f"{labels['released']} {view.released.format(locale)}",
        f"  {labels['proposed_by']}: {view.proposer}",
    ]
    if view.eligibility_reasons:
        lines.append(
            f"  {labels['not_eligible']}: "
            + "; ".join(labels.text(reason) for reason in view.eligibility_reasons)
        )
    for handover in view.handovers:
        seen = labels["acknowledged"] if handover.acknowledged else labels["unacknowledged"]
        lines.append(
            f"  BAST {handover.bast_number} {handover.handed_over_on.isoformat()}: "
            f"{handover.value.format(locale)} ({seen})"
        )
    if view.condition is not None:
        lines.append(f"  {labels['condition']}: {labels.term(view.condition.value)}")
    return "\n".join(lines)


def _row_cells(row: FundsRow, locale: str) -> list[str]:
    return [getattr(row, column).format(locale) for column in _COLUMNS]


def render_funds(report: FundsReport, labels: Labels) -> str:
    locale = labels.locale
    header = [labels["funder"], labels["year"], labels["instrument"]] + [
        labels[c] for c in _COLUMNS
    ]
    table = [header]
    for row in (*report.rows, report.total):
        year = "" if row.fiscal_year is None else str(row.fiscal_year)
        kind = labels.named("instrument", row.instrument) if row.instrument else ""
        funder = labels["total"] if row is report.total else row.funder
        table.append([funder, year, kind, *_row_cells(row, locale)])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if index < 3 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(r, widths, strict=True))
        )
        for r in table
    ]
    if report.by_region:
        lines.append("")
        lines.append(f"{labels['by']} {labels['region'].lower()}:")
        for region in report.by_region:
            lines.append(
                f"  {labels.place(region.area or region.region, region.name)}  "
                f"{region.funder} {region.fiscal_year}: "
                f"{labels['committed']} {region.committed.format(locale)}, "
                f"{labels['delivered']} {region.delivered.format(locale)}"
            )
    return "\n".join(lines)


def _funds_row(row: FundsRow) -> dict[str, Any]:
    return {
        "funder": row.funder,
        "program_id": None if row.program_id is None else str(row.program_id),
        "fiscal_year": row.fiscal_year,
        "instrument": row.instrument,
        **{column: getattr(row, column).amount for column in _COLUMNS},
        "loan_repaid": row.loan_repaid.amount,
        "iati": {name: amount.amount for name, amount in row.iati().items()},
    }


def funds_json(report: FundsReport) -> dict[str, Any]:
    """The funding ledger as JSON data (amounts in whole rupiah)."""
    return {
        "rows": [_funds_row(row) for row in report.rows],
        "total": _funds_row(report.total),
        "by_region": [
            {
                "region": r.region,
                "region_edition": None if r.area is None else r.area.edition,
                "region_name": r.name,
                "funder": r.funder,
                "fiscal_year": r.fiscal_year,
                "committed": r.committed.amount,
                "delivered": r.delivered.amount,
                "released": r.released.amount,
            }
            for r in report.by_region
        ],
    }


def render_anomalies(found: Sequence[Anomaly], labels: Labels) -> str:
    if not found:
        return labels["no_anomalies"]
    return "\n".join(
        f"{a.on.isoformat()}  {labels.term(a.kind)}  {a.grant_id}  {labels.text(a.detail)}"
        for a in found
    )


def anomalies_json(found: Sequence[Anomaly]) -> list[dict[str, str]]:
    return [
        {
            "kind": a.kind,
            "grant_id": str(a.grant_id),
            "on": a.on.isoformat(),
            "detail": str(a.detail),
        }
        for a in found
    ]


def render_aid_history(records: Sequence[AidRecord], labels: Labels) -> str:
    if not records:
        return labels["no_aid"]
    locale = labels.locale
    lines = []
    for r in records:
        role = "" if r.role == "beneficiary" else f" ({labels['as_member']})"
        lines.append(
            f"{r.proposed_on.isoformat()}  {r.funder} {r.fiscal_year} "
            f"{labels.named('instrument', r.instrument)}: "
            f"{r.value.format(locale)}, {labels['delivered']} {r.delivered.format(locale)}, "
            f"{labels.term(r.status)}{role}  [{r.grant_id}]"
        )
        for bast, on, value, acknowledged in r.handovers:
            seen = labels["acknowledged"] if acknowledged else labels["unacknowledged"]
            lines.append(f"    BAST {bast} {on.isoformat()}: {value.format(locale)} ({seen})")
    return "\n".join(lines)
