"""What the funding view answers: the funding ledger, aid histories and anomalies.

Every function reads the ``funding`` view (and, for what depends on enrolments, the
``progress`` view) through :class:`~umkm_ledger.programs.progress.facts.Facts`, which catches
them up first: a query made after a command sees it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

import attrs

from umkm_ledger.funding.iati import TRANSACTION_TABLE, Movement, handover_movement
from umkm_ledger.funding.values import Instrument
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import RegionCode, RegionLevel, Rupiah
from umkm_ledger.programs.progress.facts import EnrolmentFacts, Facts, stored_day

__all__ = [
    "ANOMALY_KINDS",
    "AidRecord",
    "Anomaly",
    "FundsReport",
    "FundsRow",
    "GrantRow",
    "KurRow",
    "RegionFundsRow",
    "aid_history",
    "anomalies",
    "funds",
    "grants",
    "kur_referrals",
]

#: The anomaly kinds :func:`anomalies` looks for.
ANOMALY_KINDS = (
    "unacknowledged handover",
    "aid to a non-binaan",
    "same item twice in a fiscal year",
    "decision by the proposer attempted",
)
#: Aid given: approved at some point, and neither cancelled nor revoked before anything
#: was handed over.
_DECIDED = (
    "a.approved_on IS NOT NULL AND a.status <> 'cancelled' "
    "AND NOT (a.status = 'revoked' AND a.delivered = 0)"
)


def _rp(value: int | None) -> Rupiah:
    return Rupiah(int(value or 0))


@attrs.frozen
class FundsRow:
    """One allocation's money, in the ledger's words and (:meth:`iati`) IATI's.

    ``allocated`` counts posted funds only, ``pledged`` promises not yet posted;
    ``committed`` is what approved grants hold now (commitments less releases),
    ``delivered`` what was handed over (``disbursed`` in cash, ``spent_in_kind`` as goods),
    ``released`` what came back to the allocation, ``remaining`` what grants can still take.
    """

    funder: str
    program_id: UUID | None
    fiscal_year: int | None
    instrument: str | None
    allocated: Rupiah
    pledged: Rupiah
    committed: Rupiah
    disbursed: Rupiah
    spent_in_kind: Rupiah
    released: Rupiah
    remaining: Rupiah
    #: Of ``released``: what loans in kind repaid.
    loan_repaid: Rupiah

    @property
    def delivered(self) -> Rupiah:
        return self.disbursed + self.spent_in_kind

    def iati(self) -> dict[str, Rupiah]:
        """Where the allocation stands, under the IATI transaction types the movements
        become (:data:`~umkm_ledger.funding.iati.TRANSACTION_TABLE`'s ``funds_key``):
        pledge (still only promised), commitment (what approved grants hold now),
        disbursement (aid handed over as an amount), expenditure (goods handed over) and
        loan repayment."""
        standing = {
            Movement.PLEDGED: self.pledged,
            Movement.GRANT_COMMITTED: self.committed,
            Movement.CASH_HANDED_OVER: self.disbursed,
            Movement.GOODS_HANDED_OVER: self.spent_in_kind,
            Movement.LOAN_REPAID: self.loan_repaid,
        }
        return {
            row.funds_key: standing[row.movement]
            for row in TRANSACTION_TABLE
            if row.funds_key is not None and row.movement in standing
        }


@attrs.frozen
class RegionFundsRow:
    """What grants to one region hold and received, per funder and fiscal year."""

    region: str
    funder: str
    fiscal_year: int
    committed: Rupiah
    delivered: Rupiah
    released: Rupiah
    #: The region with the edition of its code (``region`` is its code alone).
    area: RegionCode | None = None
    #: The region's name (``"Kota Palembang"``), when the region names know it.
    name: str | None = None


@attrs.frozen
class FundsReport:
    rows: tuple[FundsRow, ...]
    total: FundsRow
    by_region: tuple[RegionFundsRow, ...] = ()


def _total(rows: Sequence[FundsRow]) -> FundsRow:
    def add(name: str) -> Rupiah:
        return sum((getattr(r, name) for r in rows), Rupiah(0))

    return FundsRow(
        funder="(total)",
        program_id=None,
        fiscal_year=None,
        instrument=None,
        allocated=add("allocated"),
        pledged=add("pledged"),
        committed=add("committed"),
        disbursed=add("disbursed"),
        spent_in_kind=add("spent_in_kind"),
        released=add("released"),
        remaining=add("remaining"),
        loan_repaid=add("loan_repaid"),
    )


def funds(
    facts: Facts,
    *,
    as_of: date,
    funder: str | None = None,
    program_id: UUID | None = None,
    fiscal_year: int | None = None,
    instrument: Instrument | None = None,
    by: RegionLevel | None = None,
) -> FundsReport:
    """The funding ledger on ``as_of`` (an effective date): one row per allocation
    matching the filters that existed by then, their total, and with ``by`` a region
    level, what the grants to each region at that level held."""
    clauses, params = ["l.allocated_on <= ?"], [as_of.isoformat()]
    if funder is not None:
        clauses.append("LOWER(l.funder) = LOWER(?)")
        params.append(" ".join(funder.split()))
    if program_id is not None:
        clauses.append("l.program_id = ?")
        params.append(program_id.hex)
    if fiscal_year is not None:
        clauses.append("l.fiscal_year = ?")
        params.append(str(fiscal_year))
    if instrument is not None:
        clauses.append("l.instrument = ?")
        params.append(instrument.value)
    where = " AND ".join(clauses)
    day = as_of.isoformat()
    standing = _standing(facts, where, params, day)
    movements: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for allocation_id, kind, why, amount in facts.rows(
        "funding",
        "SELECT m.allocation_id, m.kind, m.why, SUM(m.amount) FROM {movement} m "
        "JOIN {allocation} l ON l.allocation_id = m.allocation_id "
        f"WHERE {where} AND m.effective_on <= ? GROUP BY m.allocation_id, m.kind, m.why",
        [*params, day],
    ):
        movements[allocation_id][kind] += int(amount)
        if why == "loan repaid":
            movements[allocation_id][why] += int(amount)
    delivered: dict[tuple[str, bool], int] = defaultdict(int)
    for allocation_id, kind, amount in facts.rows(
        "funding",
        "SELECT a.allocation_id, a.instrument, SUM(h.value) FROM {aid} a "
        "JOIN {handover} h ON h.grant_id = a.grant_id "
        "JOIN {allocation} l ON l.allocation_id = a.allocation_id "
        f"WHERE {where} AND h.effective_on <= ? GROUP BY a.allocation_id, a.instrument",
        [*params, day],
    ):
        # Goods or an amount, as the IATI table has it (expenditure or disbursement).
        in_kind = handover_movement(Instrument(kind)) is Movement.GOODS_HANDED_OVER
        delivered[(allocation_id, in_kind)] += int(amount)
    rows = []
    for allocation_id, name, program, year, kind in facts.rows(
        "funding",
        "SELECT l.allocation_id, l.funder, l.program_id, l.fiscal_year, l.instrument "
        f"FROM {{allocation}} l WHERE {where} "
        "ORDER BY l.funder, l.fiscal_year, l.instrument, l.program_id",
        params,
    ):
        amount, pledged, withdrawn = standing.get(allocation_id, (0, False, False))
        moved = movements.get(allocation_id, {})
        committed = moved.get("commitment", 0) - moved.get("release", 0)
        posted = 0 if pledged or withdrawn else amount
        rows.append(
            FundsRow(
                funder=name,
                program_id=UUID(program),
                fiscal_year=year,
                instrument=kind,
                allocated=Rupiah(posted),
                pledged=Rupiah(amount if pledged and not withdrawn else 0),
                committed=Rupiah(committed),
                disbursed=_rp(delivered.get((allocation_id, False))),
                spent_in_kind=_rp(delivered.get((allocation_id, True))),
                released=_rp(moved.get("release")),
                remaining=Rupiah(posted - committed if posted else 0),
                loan_repaid=_rp(moved.get("loan repaid")),
            )
        )
    regions: tuple[RegionFundsRow, ...] = ()
    if by is not None:
        regions = _by_region(facts, where, params, day, by)
    return FundsReport(rows=tuple(rows), total=_total(rows), by_region=regions)


def _standing(
    facts: Facts, where: str, params: list[str], day: str
) -> dict[str, tuple[int, bool, bool]]:
    """Per allocation on ``day``: (amount, still only pledged, withdrawn), from its dated
    steps (an amendment dated later is not in effect yet)."""
    standing: dict[str, tuple[int, bool, bool]] = {}
    for allocation_id, kind, amount in facts.rows(
        "funding",
        "SELECT s.allocation_id, s.kind, s.amount FROM {allocation_step} s "
        "JOIN {allocation} l ON l.allocation_id = s.allocation_id "
        f"WHERE {where} AND s.effective_on <= ? "
        "ORDER BY s.allocation_id, s.effective_on, s.version",
        [*params, day],
    ):
        now, pledged, withdrawn = standing.get(allocation_id, (0, False, False))
        if kind == "pledged":
            pledged = True
        elif kind in ("posted", "allocated"):
            pledged = False
        elif kind == "withdrawn":
            withdrawn = True
        standing[allocation_id] = (now if amount is None else int(amount), pledged, withdrawn)
    return standing


def _by_region(
    facts: Facts, where: str, params: list[str], day: str, level: RegionLevel
) -> tuple[RegionFundsRow, ...]:
    regions: dict[str, tuple[str, str, int]] = {}
    areas: dict[str, RegionCode] = {}
    for grant_id, region, edition, name, year in facts.rows(
        "funding",
        "SELECT a.grant_id, a.region, a.region_edition, l.funder, l.fiscal_year FROM {aid} a "
        f"JOIN {{allocation}} l ON l.allocation_id = a.allocation_id WHERE {where}",
        params,
    ):
        code = RegionCode(region, edition)
        # A group's region may be coarser than the level asked for: it stays as it is.
        placed = code.at_level(level) if code.level >= level else code
        area = str(placed)
        areas.setdefault(area, placed)
        regions[grant_id] = (area, name, year)
    sums: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for grant_id, kind, amount in facts.rows(
        "funding",
        "SELECT m.grant_id, m.kind, SUM(m.amount) FROM {movement} m "
        "JOIN {allocation} l ON l.allocation_id = m.allocation_id "
        f"WHERE {where} AND m.effective_on <= ? GROUP BY m.grant_id, m.kind",
        [*params, day],
    ):
        cell = sums[regions[grant_id]]
        if kind == "commitment":
            cell[0] += int(amount)
        else:
            cell[0] -= int(amount)
            cell[2] += int(amount)
    for grant_id, value in facts.rows(
        "funding",
        "SELECT h.grant_id, SUM(h.value) FROM {handover} h "
        "JOIN {aid} a ON a.grant_id = h.grant_id "
        "JOIN {allocation} l ON l.allocation_id = a.allocation_id "
        f"WHERE {where} AND h.effective_on <= ? GROUP BY h.grant_id",
        [*params, day],
    ):
        sums[regions[grant_id]][1] += int(value)
    return tuple(
        RegionFundsRow(area, name, year, Rupiah(c), Rupiah(d), Rupiah(r), areas.get(area))
        for (area, name, year), (c, d, r) in sorted(sums.items())
    )


@attrs.frozen
class AidRecord:
    """One grant in a beneficiary's aid history (``role``: ``beneficiary``, or ``member``
    of the group that received it)."""

    grant_id: UUID
    role: str
    funder: str
    program_id: UUID
    fiscal_year: int
    instrument: str
    value: Rupiah
    delivered: Rupiah
    status: str
    proposed_on: date
    approved_on: date | None
    #: (BAST number, handed over on, value, acknowledged on).
    handovers: tuple[tuple[str, date, Rupiah, date | None], ...]


def aid_history(facts: Facts, beneficiary_id: UUID) -> list[AidRecord]:
    """Every grant to an enterprise or group, and (for an enterprise) to the groups it
    was a member of when they were proposed, in the order they were proposed."""
    hex_id = beneficiary_id.hex
    rows = facts.rows(
        "funding",
        "SELECT a.grant_id, 'beneficiary', a.funder, a.program_id, a.fiscal_year, "
        "a.instrument, a.value, a.delivered, a.status, a.proposed_on, a.approved_on, "
        "a.position FROM {aid} a WHERE a.beneficiary_id = ? "
        "UNION ALL SELECT a.grant_id, 'member', a.funder, a.program_id, a.fiscal_year, "
        "a.instrument, a.value, a.delivered, a.status, a.proposed_on, a.approved_on, "
        "a.position FROM {aid} a JOIN {aid_member} m ON m.grant_id = a.grant_id "
        "WHERE m.enterprise_id = ? ORDER BY 10, 12",
        (hex_id, hex_id),
    )
    handovers: dict[str, list[tuple[str, date, Rupiah, date | None]]] = defaultdict(list)
    ids = [row[0] for row in rows]
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ", ".join("?" * len(chunk))
        for grant_id, bast, on, value, acknowledged in facts.rows(
            "funding",
            "SELECT grant_id, bast_number, effective_on, value, acknowledged_on "
            f"FROM {{handover}} WHERE grant_id IN ({marks}) ORDER BY effective_on, version",
            chunk,
        ):
            handovers[grant_id].append(
                (bast, date.fromisoformat(on), Rupiah(int(value)), stored_day(acknowledged))
            )
    return [
        AidRecord(
            grant_id=UUID(grant_id),
            role=role,
            funder=name,
            program_id=UUID(program),
            fiscal_year=year,
            instrument=kind,
            value=Rupiah(int(value)),
            delivered=Rupiah(int(delivered)),
            status=status,
            proposed_on=date.fromisoformat(proposed),
            approved_on=stored_day(approved),
            handovers=tuple(handovers.get(grant_id, ())),
        )
        for grant_id, role, name, program, year, kind, value, delivered, status, proposed, approved, _ in rows  # noqa: E501
    ]


@attrs.frozen
class Anomaly:
    """Something in the funding records an auditor should look at."""

    kind: str
    grant_id: UUID
    on: date
    #: What was found, in words (English as text; a Message the CLI translates).
    detail: str


def anomalies(facts: Facts, *, as_of: date, unacknowledged_after_days: int = 30) -> list[Anomaly]:
    """Handovers still unacknowledged ``unacknowledged_after_days`` after they were
    made, aid handed to an enterprise (or a group with no member) that was not binaan of
    the program that day, the same kind of item given twice to one beneficiary by one
    program in a fiscal year, and refused attempts by a proposer to decide a grant."""
    found: list[Anomaly] = []
    try:
        cutoff = as_of - timedelta(days=unacknowledged_after_days)
    except OverflowError:  # an as-of date in the first century: nothing is that old
        cutoff = date.min
    for grant_id, bast, on in facts.rows(
        "funding",
        "SELECT grant_id, bast_number, effective_on FROM {handover} "
        "WHERE acknowledged_on IS NULL AND effective_on <= ? ORDER BY effective_on",
        (cutoff.isoformat(),),
    ):
        found.append(
            Anomaly(
                "unacknowledged handover",
                UUID(grant_id),
                date.fromisoformat(on),
                N_(
                    "BAST {bast} of {on} is not acknowledged after {days} days",
                    bast=bast,
                    on=on,
                    days=unacknowledged_after_days,
                ),
            )
        )
    found += _not_binaan(facts, as_of)
    for beneficiary, program, year, kind, grants, first in facts.rows(
        "funding",
        "SELECT a.beneficiary_id, a.program_id, a.fiscal_year, i.kind, "
        "COUNT(DISTINCT a.grant_id), MIN(a.approved_on) FROM {aid} a "
        f"JOIN {{aid_item}} i ON i.grant_id = a.grant_id WHERE {_DECIDED} "
        "AND a.approved_on <= ? "
        "GROUP BY a.beneficiary_id, a.program_id, a.fiscal_year, i.kind "
        "HAVING COUNT(DISTINCT a.grant_id) > 1",
        (as_of.isoformat(),),
    ):
        for (grant_id,) in facts.rows(
            "funding",
            "SELECT DISTINCT a.grant_id FROM {aid} a JOIN {aid_item} i ON i.grant_id = "
            f"a.grant_id WHERE {_DECIDED} AND a.approved_on <= ? AND a.beneficiary_id = ? "
            "AND a.program_id = ? AND a.fiscal_year = ? AND i.kind = ? ORDER BY a.grant_id",
            (as_of.isoformat(), beneficiary, program, year, kind),
        ):
            found.append(
                Anomaly(
                    "same item twice in a fiscal year",
                    UUID(grant_id),
                    date.fromisoformat(first),
                    N_(
                        "{grants} grants of {kind!r} in {year} to {beneficiary}",
                        grants=grants,
                        kind=kind,
                        year=year,
                        beneficiary=UUID(beneficiary),
                    ),
                )
            )
    for record, action, actor, on in facts.rows(
        "funding",
        "SELECT record_id, action, actor, effective_on FROM {refusal} "
        "WHERE rule = 'SegregationOfDuties' AND effective_on <= ? ORDER BY effective_on",
        (as_of.isoformat(),),
    ):
        found.append(
            Anomaly(
                "decision by the proposer attempted",
                UUID(record),
                date.fromisoformat(on),
                N_(
                    "{actor} proposed the grant and tried to {action} it",
                    actor=actor,
                    action=N_(action.replace("_grant", "")),
                ),
            )
        )
    return sorted(found, key=lambda a: (a.on, a.kind, a.grant_id))


def _not_binaan(facts: Facts, as_of: date) -> list[Anomaly]:
    rows = facts.rows(
        "funding",
        "SELECT a.grant_id, a.program_id, a.beneficiary_id, a.beneficiary_kind, "
        "MIN(h.effective_on) FROM {aid} a JOIN {handover} h ON h.grant_id = a.grant_id "
        "WHERE h.effective_on <= ? GROUP BY a.grant_id, a.program_id, a.beneficiary_id, "
        "a.beneficiary_kind",
        (as_of.isoformat(),),
    )
    members: dict[str, list[str]] = defaultdict(list)
    for grant_id, enterprise_id in facts.rows(
        "funding", "SELECT grant_id, enterprise_id FROM {aid_member}"
    ):
        members[grant_id].append(enterprise_id)
    status: dict[str, dict[str, EnrolmentFacts]] = {}
    found = []
    for grant_id, program, beneficiary, kind, first in rows:
        if program not in status:
            status[program] = {e.enterprise.id: e for e in facts.enrolments(UUID(program))}
        enrolments = status[program]
        day = date.fromisoformat(first)
        who = [beneficiary] if kind == "enterprise" else members.get(grant_id, [])
        if any(
            (e := enrolments.get(w)) is not None and e.status_on(day) == "enrolled" for w in who
        ):
            continue
        detail = (
            N_("handed over on {on}, when the enterprise was not binaan of the program", on=first)
            if kind == "enterprise"
            else N_(
                "handed over on {on}, when no member of the group was binaan of the program",
                on=first,
            )
        )
        found.append(Anomaly("aid to a non-binaan", UUID(grant_id), day, detail))
    return found


@attrs.frozen
class GrantRow:
    """A grant as listings show it (``Ledger.grant`` gives the whole of one)."""

    grant_id: UUID
    program_id: UUID
    funder: str
    fiscal_year: int
    instrument: str
    beneficiary_id: UUID
    beneficiary_kind: str
    region: str
    value: Rupiah
    delivered: Rupiah
    released: Rupiah
    status: str
    proposed_on: date
    approved_on: date | None


def grants(
    facts: Facts,
    *,
    program_id: UUID | None = None,
    beneficiary_id: UUID | None = None,
    status: str | None = None,
) -> list[GrantRow]:
    """The grants matching the filters, in the order they were proposed."""
    clauses, params = ["1 = 1"], []
    for column, value in (
        ("program_id", None if program_id is None else program_id.hex),
        ("beneficiary_id", None if beneficiary_id is None else beneficiary_id.hex),
        ("status", status),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return [
        GrantRow(
            grant_id=UUID(row[0]),
            program_id=UUID(row[1]),
            funder=row[2],
            fiscal_year=row[3],
            instrument=row[4],
            beneficiary_id=UUID(row[5]),
            beneficiary_kind=row[6],
            region=row[7],
            value=Rupiah(int(row[8])),
            delivered=Rupiah(int(row[9])),
            released=Rupiah(int(row[10])),
            status=row[11],
            proposed_on=date.fromisoformat(row[12]),
            approved_on=stored_day(row[13]),
        )
        for row in facts.rows(
            "funding",
            "SELECT grant_id, program_id, funder, fiscal_year, instrument, beneficiary_id, "
            "beneficiary_kind, region, value, delivered, released, status, proposed_on, "
            f"approved_on FROM {{aid}} WHERE {' AND '.join(clauses)} "
            "ORDER BY proposed_on, position",
            params,
        )
    ]


@attrs.frozen
class KurRow:
    """A KUR referral and the bank's decision, as listings show it."""

    referral_id: UUID
    enterprise_id: UUID
    program_id: UUID | None
    bank: str
    amount_requested: Rupiah
    status: str
    amount: Rupiah | None
    bank_reference: str | None
    referred_on: date
    decided_on: date | None


def kur_referrals(
    facts: Facts, *, program_id: UUID | None = None, enterprise_id: UUID | None = None
) -> list[KurRow]:
    """The KUR referrals matching the filters, in the order they were made."""
    clauses, params = ["1 = 1"], []
    if program_id is not None:
        clauses.append("program_id = ?")
        params.append(program_id.hex)
    if enterprise_id is not None:
        clauses.append("enterprise_id = ?")
        params.append(enterprise_id.hex)
    return [
        KurRow(
            referral_id=UUID(row[0]),
            enterprise_id=UUID(row[1]),
            program_id=None if row[2] is None else UUID(row[2]),
            bank=row[3],
            amount_requested=Rupiah(int(row[4])),
            status=row[5],
            amount=None if row[6] is None else Rupiah(int(row[6])),
            bank_reference=row[7],
            referred_on=date.fromisoformat(row[8]),
            decided_on=stored_day(row[9]),
        )
        for row in facts.rows(
            "funding",
            "SELECT referral_id, enterprise_id, program_id, bank, amount_requested, status, "
            "amount, bank_reference, referred_on, decided_on FROM {kur} "
            f"WHERE {' AND '.join(clauses)} ORDER BY referred_on, position",
            params,
        )
    ]
