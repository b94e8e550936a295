"""Mentoring coverage: which binaan of a program were mentored in a period, how often and
how long ago, who was never visited, and each mentor's workload. Read from the
``activity`` and ``progress`` views."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.kernel.values.period import Period
from umkm_ledger.programs.progress.facts import EnrolmentFacts, Facts

__all__ = ["CoverageReport", "CoverageRow", "MentorLoad", "mentoring_coverage"]


@attrs.frozen
class CoverageRow:
    """One binaan of the program in the period and the mentoring it had."""

    enterprise_id: UUID
    #: Held sessions of the program it attended in the period (up to the as-of date).
    visits: int
    last_visit: date | None
    #: Days from the last visit to the end of the period (or the as-of date, if earlier).
    days_since_last_visit: int | None


@attrs.frozen
class MentorLoad:
    """What one mentor did for the program in the period."""

    mentor: str
    kind: str
    sessions_held: int
    hours: float
    enterprises_seen: int
    no_shows: int
    cancelled: int
    follow_ups_open: int
    follow_ups_overdue: int


@attrs.frozen
class CoverageReport:
    program_id: UUID
    period: Period
    as_of: date
    at_least: int
    rows: tuple[CoverageRow, ...]
    mentors: tuple[MentorLoad, ...]

    @property
    def binaan(self) -> int:
        return len(self.rows)

    @property
    def mentored(self) -> int:
        """Binaan visited at least ``at_least`` times."""
        return sum(1 for row in self.rows if row.visits >= self.at_least)

    @property
    def never_visited(self) -> tuple[UUID, ...]:
        return tuple(row.enterprise_id for row in self.rows if row.visits == 0)


def _binaan_during(enrolment: EnrolmentFacts, period: Period, as_of: date) -> bool:
    """Enrolled on some day of the period (up to ``as_of``)."""
    end = min(period.end, as_of)
    if end < period.start:  # the period had not begun by the as-of date
        return False
    if enrolment.status_on(period.start) == "enrolled":
        return True
    return any(
        action == "enrolled" and period.start <= day <= end for day, _, action in enrolment.steps
    ) or (period.start <= enrolment.enrolled_on <= end)


def mentoring_coverage(
    facts: Facts, program_id: UUID, period: Period, at_least: int, as_of: date
) -> CoverageReport:
    end = min(period.end, as_of)
    binaan = sorted(
        {
            e.enterprise.counts_as
            for e in facts.enrolments(program_id)
            if _binaan_during(e, period, as_of)
        }
    )
    visits: dict[str, list[date]] = defaultdict(list)
    for enterprise_id, held_on in facts.rows(
        "activity",
        "SELECT e.enterprise_id, s.held_on FROM {session} s "
        "JOIN {session_enterprise} e ON e.session_id = s.session_id "
        "WHERE s.program_id = ? AND s.status = 'held' AND e.attended = 1 "
        "AND s.held_on >= ? AND s.held_on <= ?",
        (program_id.hex, period.start.isoformat(), end.isoformat()),
    ):
        visits[enterprise_id].append(date.fromisoformat(held_on))
    survivors = {e.id: e.counts_as for e in facts.enterprises(sorted(visits)).values()}
    by_survivor: dict[str, list[date]] = defaultdict(list)
    for enterprise_id, days in visits.items():
        by_survivor[survivors.get(enterprise_id, enterprise_id)].extend(days)
    rows = []
    for enterprise_id in binaan:
        days = by_survivor.get(enterprise_id, [])
        last = max(days) if days else None
        rows.append(
            CoverageRow(
                enterprise_id=UUID(enterprise_id),
                visits=len(days),
                last_visit=last,
                days_since_last_visit=None if last is None else (end - last).days,
            )
        )
    return CoverageReport(
        program_id=program_id,
        period=period,
        as_of=as_of,
        at_least=at_least,
        rows=tuple(rows),
        mentors=_mentors(facts, program_id, period, end),
    )


def _mentors(facts: Facts, program_id: UUID, period: Period, end: date) -> tuple[MentorLoad, ...]:
    loads: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    params = (program_id.hex, period.start.isoformat(), end.isoformat())
    for mentor, kind, enterprise_id in facts.rows(
        "activity",
        "SELECT s.mentor, s.mentor_kind, e.enterprise_id FROM {session} s "
        "JOIN {session_enterprise} e ON e.session_id = s.session_id "
        "WHERE s.program_id = ? AND s.status = 'held' AND e.attended = 1 "
        "AND s.held_on >= ? AND s.held_on <= ?",
        params,
    ):
        seen[(mentor, kind)].add(enterprise_id)
    for mentor, kind, status, count, minutes in facts.rows(
        "activity",
        "SELECT mentor, mentor_kind, status, COUNT(*), SUM(COALESCE(minutes, 0)) FROM {session} "
        "WHERE program_id = ? AND COALESCE(held_on, planned_on) >= ? "
        "AND COALESCE(held_on, planned_on) <= ? GROUP BY mentor, mentor_kind, status",
        params,
    ):
        loads[(mentor, kind)][status] += int(count)
        loads[(mentor, kind)]["minutes"] += int(minutes)
    for mentor, kind, due_on, done_on in facts.rows(
        "activity",
        "SELECT s.mentor, s.mentor_kind, f.due_on, f.done_on FROM {follow_up} f "
        "JOIN {session} s ON s.session_id = f.session_id "
        "WHERE s.program_id = ? AND s.held_on >= ? AND s.held_on <= ?",
        params,
    ):
        if done_on is None or done_on > end.isoformat():
            loads[(mentor, kind)]["open"] += 1
            if due_on < end.isoformat():
                loads[(mentor, kind)]["overdue"] += 1
    return tuple(
        MentorLoad(
            mentor=mentor,
            kind=kind,
            sessions_held=load["held"],
            hours=round(load["minutes"] / 60, 1),
            enterprises_seen=len(seen[(mentor, kind)]),
            no_shows=load["no-show"],
            cancelled=load["cancelled"],
            follow_ups_open=load["open"],
            follow_ups_overdue=load["overdue"],
        )
        for (mentor, kind), load in sorted(loads.items())
    )
