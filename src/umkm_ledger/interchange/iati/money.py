"""A program's money and goods movements, read from the ``funding`` view for an IATI
file: every dated step of its allocations, every commitment and release of its grants,
every handover. What IATI type each becomes is :mod:`umkm_ledger.funding.iati`'s to say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.funding.iati import TRANSACTION_TABLE, Movement, handover_movement
from umkm_ledger.funding.values import Instrument
from umkm_ledger.programs.progress.facts import Facts

__all__ = ["Budget", "MoneyMovement", "budgets", "movements"]

#: Releases of a grant's commitment, by why: a repaid loan is a repayment of its own.
_RELEASES = {
    "cancelled": Movement.COMMITMENT_RELEASED,
    "revoked": Movement.COMMITMENT_RELEASED,
    "goods returned": Movement.COMMITMENT_RELEASED,
    "loan repaid": Movement.LOAN_REPAID,
}

#: The order of the movements of one day: the table's.
_STAGES = {row.movement: index for index, row in enumerate(TRANSACTION_TABLE)}


@attrs.frozen
class MoneyMovement:
    """One movement: what, on which effective date, how much (negative: taken back),
    whose money, and the record and version that made it."""

    movement: Movement
    on: date
    amount: int
    funder: str
    fiscal_year: int
    instrument: Instrument
    #: The allocation's id for an allocation's steps; the grant's for a grant's.
    record_id: UUID
    version: int
    beneficiary_id: UUID | None = None
    #: ``enterprise`` or ``group``.
    beneficiary_kind: str | None = None
    #: Where its grant's proposal is in the log (0: an allocation's own step): grants
    #: moving on one day are listed in the order they were proposed.
    position: int = 0
    #: What made it: an allocation step's kind (``pledged``, ``amended``...), a
    #: release's reason (``cancelled``, ``goods returned``...), a handover's BAST number.
    detail: str | None = None

    @property
    def order(self) -> tuple[date, int, int, str, int, str, str, int]:
        """Date order; on one day, in the order money moves (pledged, posted, committed,
        released, handed over, repaid), grants in the order proposed, allocations by
        funder, fiscal year and instrument."""
        return (
            self.on, _STAGES[self.movement], self.position, self.funder.casefold(),
            self.fiscal_year, self.instrument.value, str(self.record_id), self.version,
        )  # fmt: skip


def _where(program_id: UUID, funder: str | None) -> tuple[str, list[Any]]:
    clauses, params = ["l.program_id = ?"], [program_id.hex]
    if funder is not None:
        clauses.append("LOWER(l.funder) = LOWER(?)")
        params.append(funder)
    return " AND ".join(clauses), params


def movements(
    facts: Facts, program_id: UUID, *, as_of: date, funder: str | None = None
) -> list[MoneyMovement]:
    """Every movement of the program's money (only ``funder``'s, if named) dated by
    ``as_of``, in date order."""
    where, params = _where(program_id, funder)
    day = as_of.isoformat()
    found = list(_allocation_steps(facts, where, params, day))
    for allocation_id, version, kind, amount, on, why, name, year, instrument, who, \
            beneficiary_kind, position in facts.rows(
        "funding",
        "SELECT m.allocation_id, m.version, m.kind, m.amount, m.effective_on, "
        "m.why, l.funder, l.fiscal_year, l.instrument, a.beneficiary_id, a.beneficiary_kind, "
        "a.position "
        "FROM {movement} m JOIN {allocation} l ON l.allocation_id = m.allocation_id "
        "JOIN {aid} a ON a.grant_id = m.grant_id "
        f"WHERE {where} AND m.effective_on <= ?",
        [*params, day],
    ):  # fmt: skip
        movement = Movement.GRANT_COMMITTED if kind == "commitment" else _RELEASES[why]
        sign = -1 if movement is Movement.COMMITMENT_RELEASED else 1
        found.append(
            MoneyMovement(
                movement=movement,
                on=date.fromisoformat(on),
                amount=sign * int(amount),
                funder=name,
                fiscal_year=int(year),
                instrument=Instrument(instrument),
                # The allocation's event that moved it (its grant is the beneficiary's).
                record_id=UUID(allocation_id),
                version=int(version),
                beneficiary_id=UUID(who),
                beneficiary_kind=beneficiary_kind,
                position=int(position),
                detail=why,
            )
        )
    for (
        grant_id,
        name,
        year,
        instrument,
        who,
        beneficiary_kind,
        bast,
        version,
        on,
        value,
        position,
    ) in facts.rows(
        "funding",
        "SELECT a.grant_id, a.funder, a.fiscal_year, a.instrument, a.beneficiary_id, "
        "a.beneficiary_kind, h.bast_number, h.version, h.effective_on, h.value, a.position "
        "FROM {aid} a JOIN {handover} h ON h.grant_id = a.grant_id "
        "JOIN {allocation} l ON l.allocation_id = a.allocation_id "
        f"WHERE {where} AND h.effective_on <= ?",
        [*params, day],
    ):
        kind = Instrument(instrument)
        found.append(
            MoneyMovement(
                movement=handover_movement(kind),
                on=date.fromisoformat(on),
                amount=int(value),
                funder=name,
                fiscal_year=int(year),
                instrument=kind,
                record_id=UUID(grant_id),
                version=int(version),
                beneficiary_id=UUID(who),
                beneficiary_kind=beneficiary_kind,
                position=int(position),
                detail=bast,
            )
        )
    return sorted(found, key=lambda m: m.order)


def _allocation_steps(facts: Facts, where: str, params: list[Any], day: str) -> list[MoneyMovement]:
    """Each dated step of the allocations as what it moves: a pledge or a posting is its
    amount, an amendment the difference (pledged or posted, as the allocation stood), a
    withdrawal the pledge taken back."""
    found = []
    standing: dict[str, tuple[int, bool]] = {}
    for allocation_id, version, kind, amount, on, name, year, instrument in facts.rows(
        "funding",
        "SELECT s.allocation_id, s.version, s.kind, s.amount, s.effective_on, l.funder, "
        "l.fiscal_year, l.instrument FROM {allocation_step} s "
        "JOIN {allocation} l ON l.allocation_id = s.allocation_id "
        f"WHERE {where} AND s.effective_on <= ? "
        "ORDER BY s.allocation_id, s.effective_on, s.version",
        [*params, day],
    ):
        now, pledged = standing.get(allocation_id, (0, False))
        new = now if amount is None else int(amount)
        if kind == "pledged":
            moved, movement, pledged = new, Movement.PLEDGED, True
        elif kind in ("allocated", "posted"):
            moved, movement, pledged = new, Movement.POSTED, False
        elif kind == "withdrawn":
            moved, movement = -now, Movement.PLEDGE_WITHDRAWN
        else:  # amended: the difference, on what the allocation was then
            moved, movement = new - now, Movement.PLEDGED if pledged else Movement.POSTED
        standing[allocation_id] = (new, pledged)
        found.append(
            MoneyMovement(
                movement=movement,
                on=date.fromisoformat(on),
                amount=moved,
                funder=name,
                fiscal_year=int(year),
                instrument=Instrument(instrument),
                record_id=UUID(allocation_id),
                version=int(version),
                detail=kind,
            )
        )
    return found


@attrs.frozen
class Budget:
    """What the program's allocations of one fiscal year stand at: ``committed`` when
    posted (else only pledged, ``indicative``), ``revised`` after an amendment."""

    fiscal_year: int
    amount: int
    committed: bool
    revised: bool
    #: The day of the last step that set it.
    on: date


def budgets(steps: Sequence[MoneyMovement]) -> list[Budget]:
    """Per fiscal year and standing (posted or only pledged): the sum of the allocations
    as the steps leave them. Withdrawn pledges are gone."""
    last: dict[UUID, MoneyMovement] = {}
    total: dict[UUID, int] = defaultdict(int)
    amended: set[UUID] = set()
    posted: set[UUID] = set()
    for step in steps:
        if step.movement not in (Movement.PLEDGED, Movement.PLEDGE_WITHDRAWN, Movement.POSTED):
            continue
        if step.detail == "amended":
            amended.add(step.record_id)
        if step.movement is Movement.POSTED:
            posted.add(step.record_id)
        # A pledge posted is the posted amount (the file keeps the pledge as a pledge).
        if step.detail == "posted":
            total[step.record_id] = step.amount
        else:
            total[step.record_id] += step.amount
        last[step.record_id] = step
    sums: dict[tuple[int, bool], Budget] = {}
    for record, step in last.items():
        if total[record] <= 0:
            continue
        key = (step.fiscal_year, record in posted)
        known = sums.get(key)
        sums[key] = Budget(
            fiscal_year=step.fiscal_year,
            amount=total[record] + (known.amount if known else 0),
            committed=record in posted,
            revised=record in amended or bool(known and known.revised),
            on=max(step.on, known.on) if known else step.on,
        )
    return [sums[key] for key in sorted(sums, key=lambda k: (k[0], not k[1]))]
