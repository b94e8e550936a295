"""The ``progress`` view: what program indicators count, one row per fact.

Enterprises (with the dimensions reports break down by), their size-class changes and
sales reports, and enrolments with the funders claiming them. Every date is the
*effective* date, so "where did we stand on 31 Dec 2019" is a filter, and a correction
of a fact updates the row that fact made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from eventsourcing.domain import DomainEventProtocol

from umkm_ledger.domain.base import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.domain.enrollment import Enrollment
from umkm_ledger.domain.enterprise import Enterprise
from umkm_ledger.domain.values import KBLI, Address, Owner
from umkm_ledger.projections.view import Statement, View

__all__ = ["ProgressView"]


def _iso(day: Any) -> str:
    return str(day.isoformat())


class ProgressView(View):
    name = "progress"
    version = 1
    tables: ClassVar[dict[str, str]] = {
        "enterprise": (
            "enterprise_id TEXT PRIMARY KEY, desa TEXT, sector TEXT, gender TEXT, "
            "birth_year INTEGER, registered_on TEXT, nib_on TEXT, nib_version INTEGER, "
            "status TEXT, merged_into TEXT"
        ),
        "size_change": (
            "enterprise_id TEXT, version INTEGER, effective_on TEXT, previous TEXT, "
            "size_class TEXT, PRIMARY KEY (enterprise_id, version)"
        ),
        "sales": (
            "enterprise_id TEXT, version INTEGER, year INTEGER, amount BIGINT, "
            "effective_on TEXT, PRIMARY KEY (enterprise_id, version)"
        ),
        "enrolment": (
            "enrollment_id TEXT PRIMARY KEY, program_id TEXT, enterprise_id TEXT, "
            "enrolled_on TEXT, status TEXT, exited_on TEXT"
        ),
        "attribution": (
            "enrollment_id TEXT, version INTEGER, funder TEXT, claimed_on TEXT, "
            "PRIMARY KEY (enrollment_id, version, funder)"
        ),
    }
    indexes = (("enrolment", "program_id"), ("enterprise", "desa"))
    event_classes = (
        Enterprise.Registered,
        Enterprise.NibRecorded,
        Enterprise.SalesReported,
        Enterprise.Reclassified,
        Enterprise.StatusChanged,
        Enterprise.MergedInto,
        Enrollment.Enrolled,
        Enrollment.Exited,
        Enrollment.Reenrolled,
        Enrollment.AttributionClaimed,
        # Each aggregate class has its own Corrected (and topic): list each one read.
        Enterprise.Corrected,
        Enrollment.Corrected,
    )

    def statements(self, event: DomainEventProtocol[Any]) -> Iterator[Statement]:
        assert isinstance(event, LedgerAggregate.Event)
        aggregate_id = str(event.originator_id)
        version = event.originator_version
        day = _iso(event.envelope.effective_date)
        if isinstance(event, Enterprise.Registered):
            owner = event.owners[0]
            yield (
                "INSERT INTO {enterprise} VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL)",
                (
                    aggregate_id,
                    str(event.address.desa),
                    event.sector.section,
                    owner.gender.value,
                    owner.birth_year,
                    day,
                    day if event.nib is not None else None,
                    version if event.nib is not None else None,
                ),
            )
        elif isinstance(event, Enterprise.NibRecorded):
            yield (
                "UPDATE {enterprise} SET nib_on = ?, nib_version = ? WHERE enterprise_id = ?",
                (day, version, aggregate_id),
            )
        elif isinstance(event, Enterprise.SalesReported):
            yield (
                "INSERT INTO {sales} VALUES (?, ?, ?, ?, ?)",
                (aggregate_id, version, event.year, event.amount.amount, day),
            )
        elif isinstance(event, Enterprise.Reclassified):
            yield (
                "INSERT INTO {size_change} VALUES (?, ?, ?, ?, ?)",
                (
                    aggregate_id,
                    version,
                    day,
                    None if event.previous is None else event.previous.value,
                    event.classification.size_class.value,
                ),
            )
        elif isinstance(event, Enterprise.StatusChanged):
            yield (
                "UPDATE {enterprise} SET status = ? WHERE enterprise_id = ?",
                (event.status.value, aggregate_id),
            )
        elif isinstance(event, Enterprise.MergedInto):
            yield (
                "UPDATE {enterprise} SET status = 'merged', merged_into = ? "
                "WHERE enterprise_id = ?",
                (str(event.survivor), aggregate_id),
            )
        elif isinstance(event, Enrollment.Enrolled):
            yield (
                "INSERT INTO {enrolment} VALUES (?, ?, ?, ?, 'enrolled', NULL)",
                (aggregate_id, str(event.program_id), str(event.enterprise_id), day),
            )
            for funder in event.funders:
                yield (
                    "INSERT INTO {attribution} VALUES (?, ?, ?, ?)",
                    (aggregate_id, version, funder, day),
                )
        elif isinstance(event, Enrollment.Exited):
            yield (
                "UPDATE {enrolment} SET status = 'exited', exited_on = ? WHERE enrollment_id = ?",
                (day, aggregate_id),
            )
        elif isinstance(event, Enrollment.Reenrolled):
            yield (
                "UPDATE {enrolment} SET status = 'enrolled', exited_on = NULL "
                "WHERE enrollment_id = ?",
                (aggregate_id,),
            )
        elif isinstance(event, Enrollment.AttributionClaimed):
            yield (
                "INSERT INTO {attribution} VALUES (?, ?, ?, ?)",
                (aggregate_id, version, event.funder, day),
            )
        elif isinstance(event, LedgerAggregate.Corrected):
            yield from self._corrected(event, aggregate_id)

    def _corrected(
        self, event: LedgerAggregate.Corrected, aggregate_id: str
    ) -> Iterator[Statement]:
        """The statements that re-state a corrected fact's row (facts of other records
        match no row: every update is keyed by this record's id)."""
        kind, corrected = event.corrects_kind, event.corrects_version
        changes = dict(event.changes)
        if EFFECTIVE_DATE in changes:
            day = _iso(changes[EFFECTIVE_DATE])
            yield from _dated(kind, aggregate_id, corrected, day)
        if kind == "Registered":
            if isinstance(changes.get("address"), Address):
                yield (
                    "UPDATE {enterprise} SET desa = ? WHERE enterprise_id = ?",
                    (str(changes["address"].desa), aggregate_id),
                )
            if isinstance(changes.get("sector"), KBLI):
                yield (
                    "UPDATE {enterprise} SET sector = ? WHERE enterprise_id = ?",
                    (changes["sector"].section, aggregate_id),
                )
            owners = changes.get("owners")
            if owners and isinstance(owners[0], Owner):
                yield (
                    "UPDATE {enterprise} SET gender = ?, birth_year = ? WHERE enterprise_id = ?",
                    (owners[0].gender.value, owners[0].birth_year, aggregate_id),
                )
            if "nib" in changes:
                if changes["nib"] is None:
                    yield (
                        "UPDATE {enterprise} SET nib_on = NULL, nib_version = NULL "
                        "WHERE enterprise_id = ? AND nib_version = 1",
                        (aggregate_id,),
                    )
                else:
                    yield (
                        "UPDATE {enterprise} SET nib_on = registered_on, nib_version = 1 "
                        "WHERE enterprise_id = ? AND (nib_version IS NULL OR nib_version = 1)",
                        (aggregate_id,),
                    )
        elif kind == "SalesReported":
            if "year" in changes:
                yield (
                    "UPDATE {sales} SET year = ? WHERE enterprise_id = ? AND version = ?",
                    (changes["year"], aggregate_id, corrected),
                )
            if "amount" in changes:
                yield (
                    "UPDATE {sales} SET amount = ? WHERE enterprise_id = ? AND version = ?",
                    (changes["amount"].amount, aggregate_id, corrected),
                )
        elif kind == "Enrolled" and "funders" in changes:
            yield (
                "DELETE FROM {attribution} WHERE enrollment_id = ? AND version = ?",
                (aggregate_id, corrected),
            )
            for funder in changes["funders"]:
                yield (
                    "INSERT INTO {attribution} SELECT enrollment_id, ?, ?, enrolled_on "
                    "FROM {enrolment} WHERE enrollment_id = ?",
                    (corrected, funder, aggregate_id),
                )


def _dated(kind: str, aggregate_id: str, corrected: int, day: str) -> Iterator[Statement]:
    """Statements moving the fact at version ``corrected`` to effective date ``day``."""
    if kind == "Registered":
        yield (
            "UPDATE {enterprise} SET registered_on = ?, "
            "nib_on = CASE WHEN nib_version = 1 THEN ? ELSE nib_on END WHERE enterprise_id = ?",
            (day, day, aggregate_id),
        )
    elif kind == "NibRecorded":
        yield (
            "UPDATE {enterprise} SET nib_on = ? WHERE enterprise_id = ? AND nib_version = ?",
            (day, aggregate_id, corrected),
        )
    elif kind == "SalesReported":
        yield (
            "UPDATE {sales} SET effective_on = ? WHERE enterprise_id = ? AND version = ?",
            (day, aggregate_id, corrected),
        )
    elif kind == "Reclassified":
        yield (
            "UPDATE {size_change} SET effective_on = ? WHERE enterprise_id = ? AND version = ?",
            (day, aggregate_id, corrected),
        )
    elif kind == "Enrolled":
        yield (
            "UPDATE {enrolment} SET enrolled_on = ? WHERE enrollment_id = ?",
            (day, aggregate_id),
        )
        yield (
            "UPDATE {attribution} SET claimed_on = ? WHERE enrollment_id = ? AND version = 1",
            (day, aggregate_id),
        )
    elif kind == "AttributionClaimed":
        yield (
            "UPDATE {attribution} SET claimed_on = ? WHERE enrollment_id = ? AND version = ?",
            (day, aggregate_id, corrected),
        )
