"""Plain-text renderings of read models for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from umkm_ledger.enterprises.readmodels import EnterpriseView, GroupView
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.platform.history import EventRecord

__all__ = ["render_enterprise", "render_group", "render_timeline"]


def render_enterprise(view: EnterpriseView, labels: Labels) -> str:
    lines = [
        f"{labels['enterprise']}: {view.name}  [{view.id}]",
        f"  {labels['status']}: {labels.term(view.status.value)}",
        f"  NIB: {view.nib.value if view.nib else labels['none']}",
        f"  {labels['owners']}: "
        + "; ".join(
            f"{o.name} ({o.gender.value}, {o.birth_year}, NIK {o.nik_masked})" for o in view.owners
        ),
        f"  {labels['address']}: {view.address.street}, "
        f"{labels['desa']} {labels.place(view.address.desa)}",
        f"  {labels['sector']}: {view.sector}",
        f"  {labels['founded']}: {view.founded_on.isoformat()}",
        f"  {labels['size_class']}: "
        + (
            f"{labels.term(view.classification.size_class.value)} "
            f"({labels.term(view.classification.basis.value)} "
            f"{view.classification.figure.format(labels.locale)}, "
            f"{view.classification.regulation.value})"
            if view.classification
            else labels["unclassified"]
        ),
    ]
    if view.reports:
        lines.append(f"  {labels['reports']}:")
        for report in view.reports:
            period = (
                str(report.year) if report.year is not None else report.effective_date.isoformat()
            )
            lines.append(
                f"    v{report.version} {labels[report.basis]} {period}: "
                f"{report.amount.format(labels.locale)}"
            )
    if view.suspected_duplicates:
        others = ", ".join(str(o) for o in view.suspected_duplicates)
        lines.append(f"  {labels['duplicates']}: {others}")
    if view.merged_into:
        lines.append(f"  {labels['merged_into']}: {view.merged_into}")
    return "\n".join(lines)


def render_timeline(history: Sequence[EventRecord], labels: Labels) -> str:
    lines = [f"{labels['timeline']}:"]
    for record in history:
        line = (
            f"  v{record.version:<3} {record.effective_date.isoformat()}  "
            f"{labels.text(record.summary)}  — {record.user_id}@{record.role}, "
            f"{labels.moment(record.recorded_at)}"
        )
        if record.reason:
            line += f"; {labels['reason']}: {record.reason}"
        if record.corrected_by:
            line += (
                f"  ({labels['corrected_by']} "
                + ", ".join(f"v{v}" for v in record.corrected_by)
                + ")"
            )
        lines.append(line)
    return "\n".join(lines)


def render_group(view: GroupView, member_names: dict[str, str], labels: Labels) -> str:
    lines = [
        f"{labels['group']}: {view.name}  [{view.id}]",
        f"  {labels.term(view.kind.value)}, {labels['status']}: {labels.term(view.status.value)}",
        f"  {labels['region']}: {labels.place(view.region)}",
        f"  {labels['founded']}: {view.founded_on.isoformat()}",
        f"  {labels['chairperson']}: "
        + (
            member_names.get(str(view.chairperson), str(view.chairperson))
            if view.chairperson
            else labels["none"]
        ),
        f"  {labels['members']} ({labels.number(len(view.members))}):",
    ]
    lines += [f"    {member_names.get(str(m), '?')}  [{m}]" for m in view.members]
    return "\n".join(lines)
