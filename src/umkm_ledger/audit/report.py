"""Audit reports: a grant's (or a program's, or a funder's) history, the anomaly findings
with the rule's words and the events that triggered them, and the verification result with
the checkpoint it was checked against; as one self-contained HTML file (no network when it
is viewed), JSON or CSV for working papers.

The HTML is for people: it is written in the language and time zone of the
:class:`~umkm_ledger.i18n.labels.Labels` given (English and WIB by default). JSON and
CSV are for tools and stay English, times in UTC.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

import attrs

from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.audit.text import render_state
from umkm_ledger.audit.trail import TrailRow
from umkm_ledger.funding.reports import Anomaly
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.application import LedgerApplication
from umkm_ledger.platform.history import EventRecord, event_records
from umkm_ledger.platform.spreadsheets import SafeWriter
from umkm_ledger.programs.readmodels import ProgramView


class ReportSource(Protocol):
    """What a report reads of the ledger, across its contexts (the Ledger is one)."""

    @property
    def application(self) -> LedgerApplication: ...

    def program(self, program_id: UUID | str) -> ProgramView: ...

    def anomalies(self, *, as_of: date | str | None = None) -> list[Anomaly]: ...

    def replay(self, record_id: UUID | str, *, locale: str = "en") -> list[HistoryStep]: ...

    def audit_trail(
        self,
        *,
        funder: str | None = None,
        program_id: UUID | str | None = None,
        period: Period | str | None = None,
        kind: str | None = None,
        record_id: UUID | str | None = None,
    ) -> list[TrailRow]: ...

    def history(self, record_id: UUID | str, *, locale: str = "en") -> list[EventRecord]: ...


__all__ = [
    "ANOMALY_RULES",
    "AuditReport",
    "ReportEvent",
    "ReportFinding",
    "build_report",
    "dumps",
]

#: Each anomaly's rule, in words.
ANOMALY_RULES: Mapping[str, Message] = {
    "unacknowledged handover": N_(
        "Goods or cash handed over (BAST) are acknowledged by the recipient; a handover "
        "still unacknowledged after the allowed number of days is a finding."
    ),
    "aid to a non-binaan": N_(
        "Aid goes to binaan of the program: an enterprise (or a group with no member) that "
        "was not binaan of the program on the day of the handover is a finding."
    ),
    "same item twice in a fiscal year": N_(
        "A beneficiary is given one kind of item once per program and fiscal year: two "
        "decided grants of the same item kind are a finding."
    ),
    "decision by the proposer attempted": N_(
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
        writer = SafeWriter(out)
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

    def to_html(self, labels: Labels | None = None) -> str:
        """The report as one self-contained HTML page, in the language and time zone of
        ``labels`` (English, WIB by default)."""
        return _html(self, Labels("en") if labels is None else labels)


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
    ledger: ReportSource,
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
        title, scope, subject = N_("Grant {grant}", grant=grant_id), "grant", str(grant_id)
    else:
        trail = ledger.audit_trail(program_id=program_id, funder=funder)
        events = _from_trail(ledger, trail, locale)
        grants = {row.record_id for row in trail if row.record_kind == "grant"}
        if program_id is not None:
            name = ledger.program(program_id).name
            title = N_("Program {name}", name=name)
            scope, subject = "program", str(program_id)
        else:
            title, scope, subject = N_("Funder {funder}", funder=funder), "funder", str(funder)
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


def _from_trail(ledger: ReportSource, trail: Sequence[Any], locale: str) -> list[ReportEvent]:
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


def _finding(ledger: ReportSource, anomaly: Anomaly, locale: str) -> ReportFinding:
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
        rule=ANOMALY_RULES.get(anomaly.kind, Message(anomaly.kind)),
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


def _timeline_svg(events: Sequence[ReportEvent], labels: Labels) -> str:
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
            f"<title>{_e(event.on)} {_e(event.kind)}: {_e(labels.text(event.summary))}</title>"
            "</circle>"
            f'<text x="{x + 8:.1f}" y="{y + 4}" font-size="10">{_e(event.kind)}</text>'
        )
    described = labels.text(N_("timeline of the events"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="130" '
        f'role="img" aria-label="{_e(described)}">'
        f'<line x1="{left}" y1="110" x2="{width - right}" y2="110" stroke="#888"/>'
        f'<text x="{left}" y="125" font-size="11">{_e(first)}</text>'
        f'<text x="{width - right}" y="125" font-size="11" text-anchor="end">{_e(last)}</text>'
        + "".join(dots)
        + "</svg>"
    )


def _rows(events: Sequence[ReportEvent], labels: Labels) -> str:
    rows = []
    for e in events:
        state = render_state(e.state, labels)
        corrects = (
            ""
            if e.corrects is None
            else " " + labels.text(N_("(corrects v{version})", version=e.corrects))
        )
        rows.append(
            "<tr>"
            f"<td>{_e(e.on)}</td><td>{_e(labels.moment(e.recorded_at))}</td>"
            f"<td>{_e(e.user_id)}@{_e(e.role)}</td>"
            f"<td>{_e(labels.named('record', e.record_kind))} v{e.version}</td>"
            f"<td>{_e(e.kind)}{_e(corrects)}</td><td>{_e(labels.text(e.summary))}"
            + (f'<div class="state">→ {_e(state)}</div>' if state else "")
            + f"</td><td>{_e(e.reason or '')}</td></tr>"
        )
    return "".join(rows)


def _cells(tag: str, *texts: str) -> str:
    return "".join(f"<{tag}>{_e(text)}</{tag}>" for text in texts)


def _html(report: AuditReport, labels: Labels) -> str:
    say = labels.text
    head = "<tr>" + _cells(
        "th", *(say(w) for w in (N_("Effective"), N_("Recorded"), N_("Who"), N_("Record"),
                                 N_("Event"), N_("What"), N_("Reason")))
    ) + "</tr>"  # fmt: skip
    findings = []
    for f in report.findings:
        where = say(N_("grant {grant}, {on}", grant=f.grant_id, on=f.on.isoformat()))
        findings.append(
            f"<h3>{_e(labels.term(f.kind))}: {_e(where)}</h3>"
            f'<p class="rule">{_e(say(f.rule))}</p><p>{_e(say(f.detail))}</p>'
            f"<table>{head}{_rows(f.events, labels)}</table>"
        )
    counts = {kind: sum(1 for f in report.findings if f.kind == kind) for kind in ANOMALY_RULES}
    rules = "".join(
        f'<tr><td>{_e(labels.term(kind))}</td><td class="rule">{_e(say(rule))}</td>'
        f"<td>{counts[kind]}</td></tr>"
        for kind, rule in ANOMALY_RULES.items()
    )
    status = "ok" if report.verified else "bad"
    title = say(N_("{title}: audit report", title=report.title))
    meta = N_(
        "As of {as_of}; generated {generated} by umkm_ledger.",
        as_of=report.as_of.isoformat(),
        generated=report.generated_at,
    )
    history = N_("History ({count} events)", count=len(report.events))
    found = N_("Findings ({count})", count=len(report.findings))
    verification, timeline, checked = N_("Verification"), N_("Timeline"), N_("Rules checked")
    none_found = N_("No anomaly found.")
    return (
        f'<!DOCTYPE html><html lang="{labels.language}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">{_e(say(meta))}</p>'
        f"<h2>{_e(say(verification))}</h2>"
        f'<p class="{status}" id="verification">{_e(say(report.verification))}</p>'
        f"<h2>{_e(say(timeline))}</h2>{_timeline_svg(report.events, labels)}"
        f'<h2>{_e(say(history))}</h2><table id="history">{head}'
        f"{_rows(report.events, labels)}</table>"
        f"<h2>{_e(say(checked))}</h2><table><tr>"
        + _cells("th", say(N_("Rule")), say(N_("In words")), say(N_("Findings")))
        + f"</tr>{rules}</table>"
        f"<h2>{_e(say(found))}</h2>"
        + ("".join(findings) if findings else f"<p>{_e(say(none_found))}</p>")
        + "</body></html>\n"
    )


def dumps(report: AuditReport, fmt: str, *, labels: Labels | None = None) -> str:
    """The report as ``fmt``: ``html`` (for people, in ``labels``' language and zone),
    ``json`` or ``csv`` (for tools, English)."""
    if fmt == "html":
        return report.to_html(labels)
    if fmt == "csv":
        return report.to_csv()
    return json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n"
