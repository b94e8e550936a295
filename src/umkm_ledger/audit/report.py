"""Audit reports: a grant's (or a program's, or a funder's) history, the anomaly findings
with the rule's words and the events that triggered them, and the verification result with
the checkpoint it was checked against; as one self-contained HTML file (no network when it
is viewed), JSON or CSV for working papers.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.funding_reports import Anomaly
from umkm_ledger.presentation.describe import event_records

if TYPE_CHECKING:
    from umkm_ledger.ledger import Ledger

__all__ = [
    "ANOMALY_RULES",
    "AuditReport",
    "ReportEvent",
    "ReportFinding",
    "build_report",
    "dumps",
]

#: Each anomaly's rule, in words.
ANOMALY_RULES: Mapping[str, str] = {
    "unacknowledged handover": (
        "Goods or cash handed over (BAST) are acknowledged by the recipient; a handover "
        "still unacknowledged after the allowed number of days is a finding."
    ),
    "aid to a non-binaan": (
        "Aid goes to binaan of the program: an enterprise (or a group with no member) that "
        "was not binaan of the program on the day of the handover is a finding."
    ),
    "same item twice in a fiscal year": (
        "A beneficiary is given one kind of item once per program and fiscal year: two "
        "decided grants of the same item kind are a finding."
    ),
    "decision by the proposer attempted": (
        "Whoever proposed a grant neither approves nor rejects it (segregation of duties): "
        "every refused attempt is kept as evidence and is a finding."
    ),
}


@attrs.frozen
class ReportEvent:
    on: date
    recorded_at: datetime
    user_id: str
    role: str
    record_kind: str
    record_id: UUID
    version: int
    kind: str
    summary: str
    reason: str | None
    corrects: int | None
    state: Mapping[str, str]


@attrs.frozen
class ReportFinding:
    kind: str
    rule: str
    grant_id: UUID
    on: date
    detail: str
    events: tuple[ReportEvent, ...]


@attrs.frozen
class AuditReport:
    title: str
    scope: str
    subject: str
    as_of: date
    generated_at: datetime
    events: tuple[ReportEvent, ...]
    findings: tuple[ReportFinding, ...]
    verified: bool
    verification: str

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(attrs.asdict(self, recurse=True))
        return data

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["effective_date", "recorded_at", "user_id", "role", "record_kind", "record_id",
             "version", "kind", "summary", "reason", "corrects", "state"]
        )  # fmt: skip
        for e in self.events:
            writer.writerow(
                [e.on.isoformat(), e.recorded_at.isoformat(), e.user_id, e.role, e.record_kind,
                 str(e.record_id), e.version, e.kind, e.summary, e.reason or "",
                 "" if e.corrects is None else e.corrects,
                 "; ".join(f"{k}: {v}" for k, v in e.state.items())]
            )  # fmt: skip
        # After the history, for working papers kept as one file: the verification and
        # the findings, each a row of its own (a blank row between the parts).
        writer.writerow([])
        writer.writerow(["verification", "ok" if self.verified else "FAILED", self.verification])
        writer.writerow([])
        writer.writerow(["finding", "grant_id", "on", "detail", "rule", "events"])
        for f in self.findings:
            writer.writerow(
                [f.kind, str(f.grant_id), f.on.isoformat(), f.detail, f.rule,
                 "; ".join(f"{e.record_kind} {e.record_id} v{e.version} {e.kind}"
                           for e in f.events)]
            )  # fmt: skip
        return out.getvalue()

    def to_html(self) -> str:
        return _html(self)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def build_report(
    ledger: Ledger,
    *,
    grant_id: UUID | None = None,
    program_id: UUID | None = None,
    funder: str | None = None,
    as_of: date,
    verification: tuple[bool, str],
    locale: str = "en",
) -> AuditReport:
    """Gather a report for exactly one of a grant, a program or a funder."""
    if grant_id is not None:
        steps = ledger.replay(grant_id, locale=locale)
        events = [_from_step(step, "grant") for step in steps]
        grants = {grant_id}
        title, scope, subject = f"Grant {grant_id}", "grant", str(grant_id)
    else:
        trail = ledger.audit_trail(program_id=program_id, funder=funder)
        events = _from_trail(ledger, trail, locale)
        grants = {row.record_id for row in trail if row.record_kind == "grant"}
        if program_id is not None:
            name = ledger.program(program_id).name
            title, scope, subject = f"Program {name}", "program", str(program_id)
        else:
            title, scope, subject = f"Funder {funder}", "funder", str(funder)
    found = [a for a in ledger.anomalies(as_of=as_of) if a.grant_id in grants]
    findings = tuple(_finding(ledger, anomaly, locale) for anomaly in found)
    if grant_id is None:  # a grant's replay is in order already
        events.sort(key=_in_place(events))
    return AuditReport(
        title=title,
        scope=scope,
        subject=subject,
        as_of=as_of,
        generated_at=datetime.now(tz=UTC).replace(microsecond=0),
        events=tuple(events),
        findings=findings,
        verified=verification[0],
        verification=verification[1],
    )


def _in_place(events: Sequence[ReportEvent]) -> Any:
    """Order by date in force, a correction right after the fact it corrects."""
    facts = {(e.record_id, e.version): e for e in events if e.corrects is None}

    def key(e: ReportEvent) -> tuple[Any, ...]:
        fact = facts.get((e.record_id, e.corrects)) if e.corrects is not None else None
        if fact is not None:
            return (fact.on, fact.recorded_at, str(fact.record_id), fact.version, 1, e.version)
        return (e.on, e.recorded_at, str(e.record_id), e.version, 0, 0)

    return key


def _from_step(step: HistoryStep, kind: str) -> ReportEvent:
    e = step.event
    return ReportEvent(
        on=step.on, recorded_at=e.recorded_at, user_id=e.user_id, role=e.role,
        record_kind=kind, record_id=e.aggregate_id, version=e.version, kind=e.kind,
        summary=e.summary, reason=e.reason, corrects=e.corrects, state=step.state,
    )  # fmt: skip


def _from_trail(ledger: Ledger, trail: Sequence[Any], locale: str) -> list[ReportEvent]:
    records: dict[UUID, dict[int, Any]] = {}
    found = []
    for row in trail:
        if row.record_id not in records:
            events = ledger.application.events_of(row.record_id)
            records[row.record_id] = {r.version: r for r in event_records(events, locale)}
        e = records[row.record_id][row.version]
        found.append(
            ReportEvent(
                on=row.effective_date, recorded_at=row.recorded_at, user_id=row.user_id,
                role=row.role, record_kind=row.record_kind, record_id=row.record_id,
                version=row.version, kind=e.kind, summary=e.summary, reason=row.reason,
                corrects=e.corrects, state={},
            )
        )  # fmt: skip
    return found


def _finding(ledger: Ledger, anomaly: Anomaly, locale: str) -> ReportFinding:
    """The anomaly, its rule, and the events that triggered it: the grant's facts of
    that day, and a refused attempt's own record."""
    triggers = [
        _from_step(step, "grant")
        for step in ledger.replay(anomaly.grant_id, locale=locale)
        if step.on == anomaly.on and step.event.corrects is None
    ]
    if anomaly.kind == "decision by the proposer attempted":
        for row in ledger.audit_trail(
            kind="Refusal.Recorded", period=f"{anomaly.on}..{anomaly.on}"
        ):
            refused = ledger.history(row.record_id, locale=locale)[0]
            if refused.fields.get("record_id") == anomaly.grant_id:
                triggers.append(_from_trail(ledger, [row], locale)[0])
    return ReportFinding(
        kind=anomaly.kind,
        rule=ANOMALY_RULES.get(anomaly.kind, anomaly.kind),
        grant_id=anomaly.grant_id,
        on=anomaly.on,
        detail=anomaly.detail,
        events=tuple(triggers),
    )


# -- HTML ------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.85em}
th,td{border:1px solid #ccc;padding:.3em .4em;text-align:left;vertical-align:top}
th{background:#f0f0f0}.state{color:#555;font-size:.9em}.ok{color:#176b2c}.bad{color:#a31515}
.rule{font-style:italic}.meta{color:#555}
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _timeline_svg(events: Sequence[ReportEvent]) -> str:
    """One dot per event on a date axis (a picture, drawn here: nothing is fetched)."""
    if not events:
        return ""
    first, last = events[0].on, events[-1].on
    span = max((last - first).days, 1)
    width, left, right = 900, 40, 40
    dots = []
    for index, event in enumerate(events):
        x = left + (event.on - first).days / span * (width - left - right)
        y = 30 + (index % 5) * 14
        colour = "#a31515" if event.kind in ("Revoked", "Cancelled", "Recorded") else "#1f5fa8"
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{colour}">'
            f"<title>{_e(event.on)} {_e(event.kind)}: {_e(event.summary)}</title></circle>"
            f'<text x="{x + 8:.1f}" y="{y + 4}" font-size="10">{_e(event.kind)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="130" '
        'role="img" aria-label="timeline of the events">'
        f'<line x1="{left}" y1="110" x2="{width - right}" y2="110" stroke="#888"/>'
        f'<text x="{left}" y="125" font-size="11">{_e(first)}</text>'
        f'<text x="{width - right}" y="125" font-size="11" text-anchor="end">{_e(last)}</text>'
        + "".join(dots)
        + "</svg>"
    )


def _rows(events: Sequence[ReportEvent]) -> str:
    rows = []
    for e in events:
        state = ", ".join(f"{k}: {v}" for k, v in e.state.items())
        corrects = f" (corrects v{e.corrects})" if e.corrects is not None else ""
        rows.append(
            "<tr>"
            f"<td>{_e(e.on)}</td><td>{_e(e.recorded_at.strftime('%Y-%m-%d %H:%M'))} UTC</td>"
            f"<td>{_e(e.user_id)}@{_e(e.role)}</td><td>{_e(e.record_kind)} v{e.version}</td>"
            f"<td>{_e(e.kind)}{_e(corrects)}</td><td>{_e(e.summary)}"
            + (f'<div class="state">→ {_e(state)}</div>' if state else "")
            + f"</td><td>{_e(e.reason or '')}</td></tr>"
        )
    return "".join(rows)


def _html(report: AuditReport) -> str:
    head = (
        "<tr><th>Effective</th><th>Recorded</th><th>Who</th><th>Record</th><th>Event</th>"
        "<th>What</th><th>Reason</th></tr>"
    )
    findings = []
    for f in report.findings:
        findings.append(
            f"<h3>{_e(f.kind)}: grant {_e(f.grant_id)}, {_e(f.on)}</h3>"
            f'<p class="rule">{_e(f.rule)}</p><p>{_e(f.detail)}</p>'
            f"<table>{head}{_rows(f.events)}</table>"
        )
    counts = {kind: sum(1 for f in report.findings if f.kind == kind) for kind in ANOMALY_RULES}
    rules = "".join(
        f'<tr><td>{_e(kind)}</td><td class="rule">{_e(rule)}</td><td>{counts[kind]}</td></tr>'
        for kind, rule in ANOMALY_RULES.items()
    )
    status = "ok" if report.verified else "bad"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(report.title)}: audit report</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(report.title)}: audit report</h1>"
        f'<p class="meta">As of {_e(report.as_of)}; generated {_e(report.generated_at)} '
        f"by umkm_ledger.</p>"
        f'<h2>Verification</h2><p class="{status}" id="verification">'
        f"{_e(report.verification)}</p>"
        f"<h2>Timeline</h2>{_timeline_svg(report.events)}"
        f'<h2>History ({len(report.events)} events)</h2><table id="history">{head}'
        f"{_rows(report.events)}</table>"
        "<h2>Rules checked</h2><table><tr><th>Rule</th><th>In words</th><th>Findings</th>"
        f"</tr>{rules}</table>"
        f"<h2>Findings ({len(report.findings)})</h2>"
        + ("".join(findings) if findings else "<p>No anomaly found.</p>")
        + "</body></html>\n"
    )


def dumps(report: AuditReport, fmt: str) -> str:
    if fmt == "html":
        return report.to_html()
    if fmt == "csv":
        return report.to_csv()
    return json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n"
