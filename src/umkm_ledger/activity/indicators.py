"""Indicator kinds of mentoring and training, plugged into the indicator mechanism.

===========================  ===========================================================
``people_trained``           distinct people (by NIK) who completed a training of the
                             program: each once, from their first completion; gender and
                             youth are the person's own, the area their enterprise's
``enterprises_mentored``     distinct enterprises that attended a mentoring session of the
                             program, each from its first session
===========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from umkm_ledger.programs.indicator import Indicator
from umkm_ledger.programs.progress.facts import Facts, ProgramFacts
from umkm_ledger.programs.progress.kinds import IndicatorKind, Observation, register_indicator_kind

__all__ = ["EnterprisesMentored", "PeopleTrained"]


class PeopleTrained(IndicatorKind):
    name = "people_trained"
    title = "people who completed a training (each person once)"
    unit = "people"
    views = ("activity", "progress")

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        rows = facts.rows(
            "activity",
            "SELECT p.person, p.enterprise_id, p.gender, p.birth_year, p.completed_on, t.funder "
            "FROM {participant} p JOIN {training} t ON t.training_id = p.training_id "
            "WHERE t.program_id = ? AND p.completed_on <= ? ORDER BY p.completed_on",
            (program.id.hex, as_of.isoformat()),
        )
        enterprises = facts.enterprises(sorted({row[1] for row in rows}))
        seen: set[str] = set()
        for person, enterprise_id, gender, birth_year, completed_on, funder in rows:
            if person in seen:  # a person trained twice counts once, from the first time
                continue
            seen.add(person)
            enterprise = enterprises.get(enterprise_id)
            yield Observation(
                subject=person,
                on=date.fromisoformat(completed_on),
                desa=None if enterprise is None else enterprise.desa,
                sector=None if enterprise is None else enterprise.sector,
                size_class=None if enterprise is None else enterprise.size_class_on(as_of),
                gender=gender,
                birth_year=birth_year,
                funders=() if funder is None else (funder,),
            )


class EnterprisesMentored(IndicatorKind):
    name = "enterprises_mentored"
    title = "enterprises that attended a mentoring session"
    views = ("activity", "progress")

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        rows = facts.rows(
            "activity",
            "SELECT e.enterprise_id, MIN(s.held_on) FROM {session} s "
            "JOIN {session_enterprise} e ON e.session_id = s.session_id "
            "WHERE s.program_id = ? AND s.status = 'held' AND e.attended = 1 "
            "AND s.held_on <= ? GROUP BY e.enterprise_id",
            (program.id.hex, as_of.isoformat()),
        )
        enterprises = facts.enterprises([row[0] for row in rows])
        for enterprise_id, first in rows:
            found = enterprises.get(enterprise_id)
            if found is None:
                continue
            yield Observation(
                subject=found.counts_as,
                on=date.fromisoformat(first),
                desa=found.desa,
                sector=found.sector,
                size_class=found.size_class_on(as_of),
                gender=found.gender,
                birth_year=found.birth_year,
            )


register_indicator_kind(PeopleTrained())
register_indicator_kind(EnterprisesMentored())
