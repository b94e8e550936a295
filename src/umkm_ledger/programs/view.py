"""The ``progress`` view: what program indicators count, one row per fact.

Enterprises (with the dimensions reports break down by), their size-class changes and
sales reports, and enrolments with the funders claiming them. Every date is the
*effective* date, so "where did we stand on 31 Dec 2019" is a filter, and a correction
of a fact updates the row that fact made. Ids are stored as 32 hex digits.

The fold reads the stored shapes of the events (see :mod:`.view`): an owner is
``{"_type_": "owner", "_data_": {"name": ..., "gender": {"_data_": "F", ...}, ...}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE
from umkm_ledger.kernel.values.identifiers import KBLI_DIVISIONS
from umkm_ledger.platform.view import Statement, StoredFact, View, data_of, register_view
from umkm_ledger.programs.enrolment import Enrolment

__all__ = ["ProgressView"]


_INSERT_ATTRIBUTION = (
    "INSERT INTO {attribution} (enrollment_id, version, funder, claimed_on) VALUES (?, ?, ?, ?)"
)


def _desa(address: Any) -> tuple[str, str]:
    """The address's desa code and the edition of the code list it comes from."""
    desa = address["_data_"]["desa"]["_data_"]
    return str(desa["code"]), str(desa["edition"])


def _section(kbli: Any) -> str:
    data = kbli["_data_"]
    return KBLI_DIVISIONS[int(data["version"])][str(data["code"])[:2]]


def _sector(kbli: Any) -> tuple[str, int, str]:
    """A KBLI value's section letter, version and code (what sector breakdowns and
    classifications of a program's binaan read)."""
    data = kbli["_data_"]
    return _section(kbli), int(data["version"]), str(data["code"])


def _first_owner(owners: Any) -> tuple[str, int]:
    owner = owners[0]["_data_"]
    return str(owner["gender"]["_data_"]), int(owner["birth_year"])


def _id(value: Any) -> str:
    """A uuid as stored (``{"_type_": "uuid_hex", "_data_": hex}``), as 32 hex digits."""
    return str(value["_data_"]).replace("-", "")


class ProgressView(View):
    name = "progress"
    version = 5
    tables: ClassVar[dict[str, str]] = {
        # ``sector``: the KBLI section letter; ``kbli_version`` and ``kbli_code``: the
        # whole code it was registered with.
        "enterprise": (
            "enterprise_id TEXT, desa TEXT, desa_edition TEXT, sector TEXT, "
            "kbli_version INTEGER, kbli_code TEXT, "
            "gender TEXT, birth_year INTEGER, registered_on TEXT, nib_on TEXT, "
            "nib_version INTEGER, status TEXT, merged_into TEXT"
        ),
        "size_change": (
            "enterprise_id TEXT, version INTEGER, effective_on TEXT, previous TEXT, size_class TEXT"
        ),
        "sales": (
            "enterprise_id TEXT, version INTEGER, year INTEGER, amount BIGINT, effective_on TEXT"
        ),
        "enrolment": ("enrollment_id TEXT, program_id TEXT, enterprise_id TEXT, enrolled_on TEXT"),
        # Enrolled, exited, re-enrolled: each dated, so "binaan on a date" is a filter and
        # a corrected date moves its step.
        "enrolment_step": ("enrollment_id TEXT, version INTEGER, action TEXT, effective_on TEXT"),
        "attribution": ("enrollment_id TEXT, version INTEGER, funder TEXT, claimed_on TEXT"),
    }
    keys: ClassVar[dict[str, str]] = {
        "enterprise": "enterprise_id",
        "size_change": "enterprise_id, version",
        "sales": "enterprise_id, version",
        "enrolment": "enrollment_id",
        "enrolment_step": "enrollment_id, version",
        "attribution": "enrollment_id, version, funder",
    }
    indexes = (("enrolment", "program_id"), ("enterprise", "desa"))
    event_classes = (
        Enterprise.Registered,
        Enterprise.NibRecorded,
        Enterprise.SalesReported,
        Enterprise.Reclassified,
        Enterprise.StatusChanged,
        Enterprise.MergedInto,
        Enrolment.Enrolled,
        Enrolment.Exited,
        Enrolment.Reenrolled,
        Enrolment.AttributionClaimed,
        # Each aggregate class has its own Corrected (and topic): list each one read.
        Enterprise.Corrected,
        Enrolment.Corrected,
    )

    # -- enterprises ---------------------------------------------------------------

    def _Enterprise_Registered(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        gender, birth_year = _first_owner(state["owners"])
        day = fact.effective_date
        has_nib = state["nib"] is not None
        yield (
            "INSERT INTO {enterprise} (enterprise_id, desa, desa_edition, sector, "
            "kbli_version, kbli_code, gender, birth_year, registered_on, nib_on, nib_version, "
            "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fact.record_id,
                *_desa(state["address"]),
                *_sector(state["sector"]),
                gender,
                birth_year,
                day,
                day if has_nib else None,
                fact.version if has_nib else None,
                "active",
            ),
        )

    def _Enterprise_NibRecorded(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {enterprise} SET nib_on = ?, nib_version = ? WHERE enterprise_id = ?",
            (fact.effective_date, fact.version, fact.record_id),
        )

    def _Enterprise_SalesReported(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "INSERT INTO {sales} (enterprise_id, version, year, amount, effective_on) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                fact.record_id,
                fact.version,
                fact.state["year"],
                data_of(fact.state["amount"]),
                fact.effective_date,
            ),
        )

    def _Enterprise_Reclassified(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        classification = fact.state["classification"]["_data_"]
        yield (
            "INSERT INTO {size_change} (enterprise_id, version, effective_on, previous, "
            "size_class) VALUES (?, ?, ?, ?, ?)",
            (
                fact.record_id,
                fact.version,
                fact.effective_date,
                data_of(fact.state["previous"]),
                data_of(classification["size_class"]),
            ),
        )

    def _Enterprise_StatusChanged(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {enterprise} SET status = ? WHERE enterprise_id = ?",
            (data_of(fact.state["status"]), fact.record_id),
        )

    def _Enterprise_MergedInto(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {enterprise} SET status = 'merged', merged_into = ? WHERE enterprise_id = ?",
            (_id(fact.state["survivor"]), fact.record_id),
        )

    def _Enterprise_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        """Re-state the corrected fact's row (updates are keyed by this record's id)."""
        kind, corrected = fact.state["corrects_kind"], fact.state["corrects_version"]
        changes = fact.state["changes"]
        record = fact.record_id
        if EFFECTIVE_DATE in changes:
            yield from _enterprise_dated(kind, record, corrected, data_of(changes[EFFECTIVE_DATE]))
        if kind == "Registered":
            if "address" in changes:
                yield (
                    "UPDATE {enterprise} SET desa = ?, desa_edition = ? WHERE enterprise_id = ?",
                    (*_desa(changes["address"]), record),
                )
            if "sector" in changes:
                yield (
                    "UPDATE {enterprise} SET sector = ?, kbli_version = ?, kbli_code = ? "
                    "WHERE enterprise_id = ?",
                    (*_sector(changes["sector"]), record),
                )
            if changes.get("owners"):
                yield (
                    "UPDATE {enterprise} SET gender = ?, birth_year = ? WHERE enterprise_id = ?",
                    (*_first_owner(changes["owners"]), record),
                )
            if "nib" in changes and changes["nib"] is None:
                yield (
                    "UPDATE {enterprise} SET nib_on = NULL, nib_version = NULL "
                    "WHERE enterprise_id = ? AND nib_version = 1",
                    (record,),
                )
            elif "nib" in changes:
                yield (
                    "UPDATE {enterprise} SET nib_on = registered_on, nib_version = 1 "
                    "WHERE enterprise_id = ? AND (nib_version IS NULL OR nib_version = 1)",
                    (record,),
                )
        elif kind == "SalesReported":
            if "year" in changes:
                yield (
                    "UPDATE {sales} SET year = ? WHERE enterprise_id = ? AND version = ?",
                    (changes["year"], record, corrected),
                )
            if "amount" in changes:
                yield (
                    "UPDATE {sales} SET amount = ? WHERE enterprise_id = ? AND version = ?",
                    (data_of(changes["amount"]), record, corrected),
                )

    # -- enrolments ----------------------------------------------------------------

    def _Enrolment_Enrolled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state, day = fact.state, fact.effective_date
        yield (
            "INSERT INTO {enrolment} (enrollment_id, program_id, enterprise_id, enrolled_on) "
            "VALUES (?, ?, ?, ?)",
            (fact.record_id, _id(state["program_id"]), _id(state["enterprise_id"]), day),
        )
        yield _step(fact, "enrolled")
        for funder in state["funders"]:
            yield (
                _INSERT_ATTRIBUTION,
                (fact.record_id, fact.version, funder, day),
            )

    def _Enrolment_Exited(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield _step(fact, "exited")

    def _Enrolment_Reenrolled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield _step(fact, "enrolled")

    def _Enrolment_AttributionClaimed(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            _INSERT_ATTRIBUTION,
            (fact.record_id, fact.version, fact.state["funder"], fact.effective_date),
        )

    def _Enrolment_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        kind, corrected = fact.state["corrects_kind"], fact.state["corrects_version"]
        changes = fact.state["changes"]
        record = fact.record_id
        if EFFECTIVE_DATE in changes:
            day = data_of(changes[EFFECTIVE_DATE])
            if kind == "Enrolled":
                yield (
                    "UPDATE {enrolment} SET enrolled_on = ? WHERE enrollment_id = ?",
                    (day, record),
                )
            if kind in ("Enrolled", "Exited", "Reenrolled"):
                yield (
                    "UPDATE {enrolment_step} SET effective_on = ? "
                    "WHERE enrollment_id = ? AND version = ?",
                    (day, record, corrected),
                )
            if kind in ("Enrolled", "AttributionClaimed"):
                yield (
                    "UPDATE {attribution} SET claimed_on = ? "
                    "WHERE enrollment_id = ? AND version = ?",
                    (day, record, corrected),
                )
        if kind == "Enrolled" and "funders" in changes:
            yield (
                "DELETE FROM {attribution} WHERE enrollment_id = ? AND version = ?",
                (record, corrected),
            )
            for funder in changes["funders"]:
                yield (
                    "INSERT INTO {attribution} SELECT enrollment_id, ?, ?, enrolled_on "
                    "FROM {enrolment} WHERE enrollment_id = ?",
                    (corrected, funder, record),
                )


def _step(fact: StoredFact, action: str) -> Statement:
    return (
        "INSERT INTO {enrolment_step} (enrollment_id, version, action, effective_on) "
        "VALUES (?, ?, ?, ?)",
        (fact.record_id, fact.version, action, fact.effective_date),
    )


def _enterprise_dated(kind: str, record: str, corrected: int, day: str) -> Iterator[Statement]:
    """Statements moving an enterprise's fact at version ``corrected`` to ``day``."""
    if kind == "Registered":
        yield (
            "UPDATE {enterprise} SET registered_on = ?, "
            "nib_on = CASE WHEN nib_version = 1 THEN ? ELSE nib_on END WHERE enterprise_id = ?",
            (day, day, record),
        )
    elif kind == "NibRecorded":
        yield (
            "UPDATE {enterprise} SET nib_on = ? WHERE enterprise_id = ? AND nib_version = ?",
            (day, record, corrected),
        )
    elif kind == "SalesReported":
        yield (
            "UPDATE {sales} SET effective_on = ? WHERE enterprise_id = ? AND version = ?",
            (day, record, corrected),
        )
    elif kind == "Reclassified":
        yield (
            "UPDATE {size_change} SET effective_on = ? WHERE enterprise_id = ? AND version = ?",
            (day, record, corrected),
        )


register_view(ProgressView())
