"""Indicator kinds of the funding side, plugged into the indicator mechanism.

===========================  ===========================================================
``aid_value_delivered``      rupiah of aid handed over (cash and goods, by BAST) in the
                             program, less the goods that came back (on their dates)
``enterprises_aided``        enterprises that received aid: each once, from its first
                             handover; a group's grant counts the members it had
===========================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.programs.indicator import Indicator
from umkm_ledger.programs.progress.facts import EnterpriseFacts, Facts, ProgramFacts
from umkm_ledger.programs.progress.kinds import (
    IndicatorKind,
    Measure,
    Observation,
    SumOfValues,
    register_indicator_kind,
)

__all__ = ["AidValueDelivered", "EnterprisesAided"]


def _handovers(facts: Facts, program: ProgramFacts, as_of: date) -> list[tuple[Any, ...]]:
    """(grant, beneficiary, kind, region, edition, funder, BAST, date, value) of every
    handover of the program's grants dated by ``as_of``."""
    return facts.rows(
        "funding",
        "SELECT a.grant_id, a.beneficiary_id, a.beneficiary_kind, a.region, "
        "a.region_edition, a.funder, h.bast_number, h.effective_on, h.value "
        "FROM {aid} a JOIN {handover} h ON h.grant_id = a.grant_id "
        "WHERE a.program_id = ? AND h.effective_on <= ? ORDER BY h.effective_on, a.grant_id",
        (program.id.hex, as_of.isoformat()),
    )


def _observation(
    subject: str,
    on: date,
    enterprise: EnterpriseFacts | None,
    region: RegionCode,
    funder: str,
    as_of: date,
    value: int = 1,
) -> Observation:
    if enterprise is None:  # a group: only where the aid went, and who paid
        return Observation(subject=subject, on=on, desa=region, funders=(funder,), value=value)
    return Observation(
        subject=subject,
        on=on,
        desa=enterprise.desa,
        sector=enterprise.sector,
        size_class=enterprise.size_class_on(as_of),
        gender=enterprise.gender,
        birth_year=enterprise.birth_year,
        funders=(funder,),
        value=value,
    )


class AidValueDelivered(IndicatorKind):
    name = "aid_value_delivered"
    title = "value of aid handed over"
    unit = "rupiah"
    views = ("funding", "progress")
    distinct_subjects = False

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        rows = _handovers(facts, program, as_of)
        returns = facts.rows(
            "funding",
            "SELECT a.grant_id, a.beneficiary_id, a.beneficiary_kind, a.region, "
            "a.region_edition, a.funder, r.version, r.effective_on, r.value "
            "FROM {aid} a JOIN {aid_return} r ON r.grant_id = a.grant_id "
            "WHERE a.program_id = ? AND r.effective_on <= ?",
            (program.id.hex, as_of.isoformat()),
        )
        enterprises = facts.enterprises([r[1] for r in (*rows, *returns) if r[2] == "enterprise"])
        for sign, found in ((1, rows), (-1, returns)):
            for grant, beneficiary, _kind, region, edition, funder, step, on, value in found:
                yield _observation(
                    f"{grant}/{step}",
                    date.fromisoformat(on),
                    enterprises.get(beneficiary),
                    RegionCode(region, edition),
                    funder,
                    as_of,
                    value=sign * int(value),
                )

    def aggregate(self, observations: Sequence[Observation]) -> Measure:
        return SumOfValues.measure(observations)


class EnterprisesAided(IndicatorKind):
    name = "enterprises_aided"
    title = "enterprises that received aid (a group's members count)"
    views = ("funding", "progress")

    def observe(
        self, facts: Facts, program: ProgramFacts, indicator: Indicator, as_of: date
    ) -> Iterable[Observation]:
        rows = _handovers(facts, program, as_of)
        members: dict[str, list[str]] = {}
        groups = sorted({r[0] for r in rows if r[2] == "group"})
        for chunk in (groups[i : i + 500] for i in range(0, len(groups), 500)):
            marks = ", ".join("?" * len(chunk))
            for grant, enterprise in facts.rows(
                "funding",
                f"SELECT grant_id, enterprise_id FROM {{aid_member}} WHERE grant_id IN ({marks})",
                chunk,
            ):
                members.setdefault(grant, []).append(enterprise)
        aided: dict[tuple[str, str], tuple[date, str, RegionCode]] = {}
        for grant, beneficiary, kind, region, edition, funder, _bast, on, _value in rows:
            who = [beneficiary] if kind == "enterprise" else members.get(grant, [])
            for enterprise in who:
                # Rows come in date order: the first handover of each grant counts.
                aided.setdefault(
                    (enterprise, grant),
                    (date.fromisoformat(on), funder, RegionCode(region, edition)),
                )
        enterprises = facts.enterprises([e for e, _ in aided])
        for (enterprise, _grant), (first, paid_by, area) in aided.items():
            found = enterprises.get(enterprise)
            subject = found.counts_as if found is not None else enterprise
            yield _observation(subject, first, found, area, paid_by, as_of)


register_indicator_kind(AidValueDelivered())
register_indicator_kind(EnterprisesAided())
