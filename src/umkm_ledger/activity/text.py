"""Plain-text renderings of mentoring sessions, trainings, coverage and timelines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from umkm_ledger.activity.readmodels import SessionView, TimelineEntry, TrainingView
from umkm_ledger.activity.reports import CoverageReport
from umkm_ledger.i18n.labels import Labels

__all__ = ["render_coverage", "render_enterprise_timeline", "render_session", "render_training"]


def render_session(view: SessionView, labels: Labels) -> str:
    mentor = f"{view.mentor.name} ({labels.term(view.mentor.kind.value)})"
    lines = [
        f"{labels['mentoring']} {view.id}",
        f"  {labels['status']}: {labels.term(view.status.value)}",
        f"  {labels['mentor']}: {mentor}",
        f"  {labels['planned_on']}: {view.planned_on.isoformat()}",
        f"  {labels['topics']}: {', '.join(view.topics)}",
        f"  {labels['invited']}: {', '.join(str(e) for e in view.invited)}",
    ]
    if view.held_on is not None:
        lines.append(
            f"  {labels['held_on']}: {view.held_on.isoformat()}, {view.duration_minutes} "
            f"{labels['minutes']}; "
            f"{labels['attended']}: {', '.join(str(e) for e in view.attended)}"
        )
    if view.notes:
        lines.append(f"  {labels['notes']}: {view.notes}")
    for follow_up in view.follow_ups:
        done = (
            f"{labels['done']} {follow_up.completed_on.isoformat()}"
            if follow_up.completed_on
            else labels["open"]
        )
        lines.append(
            f"  {follow_up.line}. {follow_up.action} ({labels['due']} "
            f"{follow_up.due.isoformat()}; {done})"
        )
    return "\n".join(lines)


def render_training(view: TrainingView, labels: Labels) -> str:
    lines = [
        f"{labels['training']}: {view.title}  [{view.id}]",
        f"  {labels['status']}: {labels.term(view.status.value)}",
        f"  {labels['organiser']}: {view.organiser}"
        + (f"; {labels['funder']}: {view.funder}" if view.funder else "")
        + (f"; {labels['partner']}: {view.partner}" if view.partner else ""),
        f"  {labels['venue']}: {view.venue} ({labels.place(view.region)})",
        f"  {labels['topics']}: {', '.join(view.topics)}",
    ]
    if view.trainers:
        lines.append(f"  {labels['trainers']}: {', '.join(view.trainers)}")
    registered = len(view.participants)
    for day, present in view.attendance:
        lines.append(f"  {day.isoformat()}: {present} / {registered} {labels['present']}")
    lines.append(f"  {labels['completed']}: {view.completed} / {registered} {labels['registered']}")
    for p in view.participants:
        done = (
            f"{labels['completed'].lower()} {p.completed_on.isoformat()}"
            + (f" ({p.certificate})" if p.certificate else "")
            if p.completed_on
            else f"{len(p.attended)}/{len(view.days)} {labels['days']}"
        )
        lines.append(f"    {p.name}  {p.nik_masked}  {p.gender}  {done}  {p.enterprise_id}")
    for grant in view.grants:
        lines.append(f"  {labels['grant']}: {grant}")
    return "\n".join(lines)


def render_coverage(
    report: CoverageReport, labels: Labels, names: Mapping[UUID, str] | None = None
) -> str:
    """The coverage summary, one line per binaan (named, when ``names`` has them) and one
    per mentor."""
    share = labels.percent(report.mentored / report.binaan) if report.binaan else "-"
    lines = [
        f"{labels['coverage']} {report.period} ({labels['as_of']} {report.as_of.isoformat()})",
        f"  {labels['binaan']}: {labels.number(report.binaan)}; "
        f"{labels['mentored_at_least']} {report.at_least}×: {labels.number(report.mentored)} "
        f"({share}); {labels['never_visited']}: {labels.number(len(report.never_visited))}",
    ]
    for row in report.rows:
        last = "-" if row.last_visit is None else row.last_visit.isoformat()
        since = (
            ""
            if row.days_since_last_visit is None
            else f" ({row.days_since_last_visit} {labels['days_short']})"
        )
        name = (names or {}).get(row.enterprise_id, "")
        lines.append(f"    {row.enterprise_id}  {row.visits:>3}×  {last}{since}  {name}".rstrip())
    lines.append(f"  {labels['mentors']}:")
    for load in report.mentors:
        lines.append(
            f"    {load.mentor} ({labels.term(load.kind)}): {load.sessions_held} {labels['held']}, "
            f"{labels.number(load.hours)} {labels['hours_short']}, "
            f"{load.enterprises_seen} {labels['enterprises'].lower()}, "
            f"{load.no_shows} {labels.term('no-show')}, {load.cancelled} "
            f"{labels.term('cancelled')}, {labels['follow_ups']} {load.follow_ups_open} "
            f"{labels['open']} / {load.follow_ups_overdue} {labels['overdue']}"
        )
    return "\n".join(lines)


def render_enterprise_timeline(entries: Sequence[TimelineEntry], labels: Labels) -> str:
    lines = [f"{labels['timeline']}:"]
    for entry in entries:
        event = entry.event
        lines.append(
            f"  {entry.on.isoformat()}  {labels.named('record', entry.record):<17} "
            f"{labels.text(event.summary)}  "
            f"— {event.user_id}@{event.role}, {labels.moment(event.recorded_at)}"
            + (f"; {labels['reason']}: {event.reason}" if event.reason else "")
        )
    return "\n".join(lines)
