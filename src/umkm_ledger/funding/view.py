"""The ``funding`` view: allocations and their money movements, grants, their items and
handovers, and refused attempts; what the funding ledger, aid histories, anomalies and
the aid indicators read.

A grant's status here follows the same lifecycle table as the aggregate: each event's
row update says, in SQL, what the aggregate decides as it applies the event (a handover
that leaves nothing pending is the rest, a return of every piece delivered is a full
return, a repayment that settles the loan repays it). The amounts come from the events
themselves (``value``, ``released``), never recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.funding.values import item_kind_of
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE
from umkm_ledger.platform.view import Statement, StoredFact, View, data_of, register_view

__all__ = ["FundingView"]


def _id(value: Any) -> str:
    return str(value["_data_"]).replace("-", "")


def _units(deliveries: Any) -> int:
    return sum(int(d["_data_"]["quantity"]) for d in deliveries)


class FundingView(View):
    name = "funding"
    version = 5
    tables: ClassVar[dict[str, str]] = {
        "allocation": (
            "allocation_id TEXT, funder TEXT, program_id TEXT, fiscal_year INTEGER, "
            "instrument TEXT, amount BIGINT, pledged INTEGER, withdrawn INTEGER, "
            "allocated_on TEXT"
        ),
        # Each dated change of an allocation's amount or standing, so funds can be read
        # as of any date: allocated or pledged (version 1), posted, amended, withdrawn.
        "allocation_step": (
            "allocation_id TEXT, version INTEGER, kind TEXT, amount BIGINT, effective_on TEXT"
        ),
        # Commitments to grants and releases back, each dated.
        "movement": (
            "allocation_id TEXT, version INTEGER, grant_id TEXT, kind TEXT, amount BIGINT, "
            "effective_on TEXT, why TEXT"
        ),
        # ``units``: pieces (or rupiah of cash) approved; ``pending``: not handed over yet.
        "aid": (
            "grant_id TEXT, program_id TEXT, allocation_id TEXT, funder TEXT, "
            "fiscal_year INTEGER, instrument TEXT, beneficiary_id TEXT, beneficiary_kind TEXT, "
            "region TEXT, region_edition TEXT, value BIGINT, status TEXT, proposer TEXT, "
            "proposed_on TEXT, approved_on TEXT, units BIGINT, pending BIGINT, "
            "returned_units BIGINT, "
            "delivered BIGINT, returned BIGINT, repaid BIGINT, released BIGINT, position BIGINT"
        ),
        "aid_item": (
            "grant_id TEXT, line TEXT, kind TEXT, description TEXT, quantity INTEGER, "
            "unit_value BIGINT"
        ),
        "aid_member": "grant_id TEXT, enterprise_id TEXT",
        # Goods that came back, each dated (what they were worth comes off aid delivered).
        "aid_return": "grant_id TEXT, version INTEGER, value BIGINT, effective_on TEXT",
        "handover": (
            "grant_id TEXT, bast_number TEXT, version INTEGER, effective_on TEXT, "
            "value BIGINT, acknowledged_on TEXT, acknowledged_version INTEGER"
        ),
        "refusal": (
            "refusal_id TEXT, rule TEXT, record_id TEXT, action TEXT, actor TEXT, effective_on TEXT"
        ),
        "kur": (
            "referral_id TEXT, enterprise_id TEXT, program_id TEXT, bank TEXT, "
            "amount_requested BIGINT, status TEXT, amount BIGINT, bank_reference TEXT, "
            "referred_on TEXT, decided_on TEXT, position BIGINT"
        ),
    }
    keys: ClassVar[dict[str, str]] = {
        "allocation": "allocation_id",
        "allocation_step": "allocation_id, version",
        "movement": "allocation_id, version",
        "aid": "grant_id",
        "aid_item": "grant_id, line",
        "aid_member": "grant_id, enterprise_id",
        "aid_return": "grant_id, version",
        "handover": "grant_id, bast_number",
        "refusal": "refusal_id",
        "kur": "referral_id",
    }
    indexes = (
        ("aid", "beneficiary_id"),
        ("aid", "program_id"),
        ("aid_member", "enterprise_id"),
        ("movement", "grant_id"),
    )
    event_classes = (
        Allocation.Allocated,
        Allocation.Posted,
        Allocation.Amended,
        Allocation.Withdrawn,
        Allocation.Committed,
        Allocation.Released,
        Allocation.Corrected,
        Grant.Proposed,
        Grant.EligibilityChecked,
        Grant.Approved,
        Grant.Rejected,
        Grant.HandedOver,
        Grant.Acknowledged,
        Grant.GoodsReturned,
        Grant.Repaid,
        Grant.Cancelled,
        Grant.Revoked,
        Grant.Corrected,
        Refusal.Recorded,
        KurReferral.Referred,
        KurReferral.BankApproved,
        KurReferral.BankDeclined,
        KurReferral.Corrected,
    )

    # -- allocations -------------------------------------------------------------------

    def _Allocation_Allocated(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        yield (
            "INSERT INTO {allocation} (allocation_id, funder, program_id, fiscal_year, "
            "instrument, amount, pledged, withdrawn, allocated_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fact.record_id,
                state["funder"],
                _id(state["program_id"]),
                state["fiscal_year"],
                data_of(state["instrument"]),
                data_of(state["amount"]),
                1 if state["pledged"] else 0,
                0,
                fact.effective_date,
            ),
        )
        kind = "pledged" if state["pledged"] else "allocated"
        yield _step(fact, kind, data_of(state["amount"]))

    def _Allocation_Posted(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        amount = data_of(fact.state["amount"])
        yield (
            "UPDATE {allocation} SET pledged = 0, amount = ? WHERE allocation_id = ?",
            (amount, fact.record_id),
        )
        yield _step(fact, "posted", amount)

    def _Allocation_Amended(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        amount = data_of(fact.state["amount"])
        yield (
            "UPDATE {allocation} SET amount = ? WHERE allocation_id = ?",
            (amount, fact.record_id),
        )
        yield _step(fact, "amended", amount)

    def _Allocation_Withdrawn(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {allocation} SET withdrawn = 1 WHERE allocation_id = ?",
            (fact.record_id,),
        )
        yield _step(fact, "withdrawn", None)

    def _movement(self, fact: StoredFact, kind: str, why: str | None) -> Iterator[Statement]:
        yield (
            "INSERT INTO {movement} (allocation_id, version, grant_id, kind, amount, "
            "effective_on, why) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                fact.record_id,
                fact.version,
                _id(fact.state["grant_id"]),
                kind,
                data_of(fact.state["amount"]),
                fact.effective_date,
                why,
            ),
        )

    def _Allocation_Committed(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        return self._movement(fact, "commitment", None)

    def _Allocation_Released(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        return self._movement(fact, "release", fact.state["why"])

    def _Allocation_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        changes = fact.state["changes"]
        if EFFECTIVE_DATE not in changes:
            return
        day = data_of(changes[EFFECTIVE_DATE])
        kind = fact.state["corrects_kind"]
        if kind == "Allocated":
            yield (
                "UPDATE {allocation} SET allocated_on = ? WHERE allocation_id = ?",
                (day, fact.record_id),
            )
        if kind in ("Allocated", "Posted", "Amended", "Withdrawn"):
            yield (
                "UPDATE {allocation_step} SET effective_on = ? "
                "WHERE allocation_id = ? AND version = ?",
                (day, fact.record_id, fact.state["corrects_version"]),
            )
        if kind in ("Committed", "Released"):
            yield (
                "UPDATE {movement} SET effective_on = ? WHERE allocation_id = ? AND version = ?",
                (day, fact.record_id, fact.state["corrects_version"]),
            )

    # -- grants ------------------------------------------------------------------------

    def _Grant_Proposed(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        region = state["region"]["_data_"]
        items = [item["_data_"] for item in state["items"]]
        cash = data_of(state["cash"])
        pending = sum(int(i["quantity"]) for i in items) if items else int(cash)
        yield (
            "INSERT INTO {aid} (grant_id, program_id, allocation_id, funder, fiscal_year, "
            "instrument, beneficiary_id, beneficiary_kind, region, region_edition, value, "
            "status, proposer, proposed_on, approved_on, units, pending, returned_units, "
            "delivered, returned, repaid, released, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, NULL, ?, ?, 0, 0, 0, "
            "0, 0, ?)",
            (
                fact.record_id,
                _id(state["program_id"]),
                _id(state["allocation_id"]),
                state["funder"],
                state["fiscal_year"],
                data_of(state["instrument"]),
                _id(state["beneficiary_id"]),
                state["beneficiary_kind"],
                region["code"],
                region["edition"],
                data_of(state["value"]),
                state["envelope"]["_data_"]["actor"]["_data_"]["user_id"],
                fact.effective_date,
                pending,
                pending,
                fact.position,
            ),
        )
        for item in items:
            yield (
                "INSERT INTO {aid_item} (grant_id, line, kind, description, quantity, "
                "unit_value) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    fact.record_id,
                    item_kind_of(item["description"]),
                    item["kind"],
                    item["description"],
                    item["quantity"],
                    data_of(item["unit_value"]),
                ),
            )
        for member in state["members"]:
            yield (
                "INSERT INTO {aid_member} (grant_id, enterprise_id) VALUES (?, ?)",
                (fact.record_id, _id(member)),
            )

    def _status(self, fact: StoredFact, status: str) -> Statement:
        return ("UPDATE {aid} SET status = ? WHERE grant_id = ?", (status, fact.record_id))

    def _Grant_EligibilityChecked(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield self._status(fact, "eligible" if fact.state["passed"] else "ineligible")

    def _Grant_Approved(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {aid} SET status = 'approved', approved_on = ? WHERE grant_id = ?",
            (fact.effective_date, fact.record_id),
        )

    def _Grant_Rejected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield self._status(fact, "rejected")

    def _Grant_HandedOver(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        cash = data_of(state["cash"])
        units = int(cash) if cash is not None else _units(state["deliveries"])
        value = data_of(state["value"])
        yield (
            "UPDATE {aid} SET pending = pending - ?, delivered = delivered + ?, "
            "status = CASE WHEN pending - ? = 0 THEN 'delivered' ELSE 'partly delivered' END "
            "WHERE grant_id = ?",
            (units, value, units, fact.record_id),
        )
        yield (
            "INSERT INTO {handover} (grant_id, bast_number, version, effective_on, value, "
            "acknowledged_on, acknowledged_version) VALUES (?, ?, ?, ?, ?, NULL, NULL)",
            (fact.record_id, state["bast_number"], fact.version, fact.effective_date, value),
        )

    def _Grant_Acknowledged(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {handover} SET acknowledged_on = ?, acknowledged_version = ? "
            "WHERE grant_id = ? AND bast_number = ?",
            (fact.effective_date, fact.version, fact.record_id, fact.state["bast_number"]),
        )

    def _Grant_GoodsReturned(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        units = _units(fact.state["deliveries"])
        released = data_of(fact.state["released"])
        # Every piece approved was delivered (nothing pending) and is now back.
        yield (
            "UPDATE {aid} SET returned_units = returned_units + ?, returned = returned + ?, "
            "released = released + ?, status = CASE WHEN status = 'delivered' AND "
            "returned_units + ? = units THEN 'returned' ELSE status END WHERE grant_id = ?",
            (units, released, released, units, fact.record_id),
        )
        yield (
            "INSERT INTO {aid_return} (grant_id, version, value, effective_on) VALUES (?, ?, ?, ?)",
            (fact.record_id, fact.version, released, fact.effective_date),
        )

    def _Grant_Repaid(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        released = data_of(fact.state["released"])
        yield (
            "UPDATE {aid} SET repaid = repaid + ?, released = released + ?, "
            "status = CASE WHEN status = 'delivered' AND returned + repaid + ? = delivered "
            "THEN 'repaid' ELSE status END "
            "WHERE grant_id = ?",
            (released, released, released, fact.record_id),
        )

    def _Grant_Cancelled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {aid} SET status = 'cancelled', released = released + ? WHERE grant_id = ?",
            (data_of(fact.state["released"]), fact.record_id),
        )

    def _Grant_Revoked(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {aid} SET status = 'revoked', released = released + ? WHERE grant_id = ?",
            (data_of(fact.state["released"]), fact.record_id),
        )

    def _Grant_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        changes = fact.state["changes"]
        if EFFECTIVE_DATE not in changes:
            return
        day = data_of(changes[EFFECTIVE_DATE])
        kind, version = fact.state["corrects_kind"], fact.state["corrects_version"]
        record = fact.record_id
        if kind == "Proposed":
            yield ("UPDATE {aid} SET proposed_on = ? WHERE grant_id = ?", (day, record))
        elif kind == "Approved":
            yield ("UPDATE {aid} SET approved_on = ? WHERE grant_id = ?", (day, record))
        elif kind == "HandedOver":
            yield (
                "UPDATE {handover} SET effective_on = ? WHERE grant_id = ? AND version = ?",
                (day, record, version),
            )
        elif kind == "GoodsReturned":
            yield (
                "UPDATE {aid_return} SET effective_on = ? WHERE grant_id = ? AND version = ?",
                (day, record, version),
            )
        elif kind == "Acknowledged":
            yield (
                "UPDATE {handover} SET acknowledged_on = ? "
                "WHERE grant_id = ? AND acknowledged_version = ?",
                (day, record, version),
            )

    # -- refusals ----------------------------------------------------------------------

    def _Refusal_Recorded(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        actor = state["envelope"]["_data_"]["actor"]["_data_"]
        yield (
            "INSERT INTO {refusal} (refusal_id, rule, record_id, action, actor, effective_on) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                fact.record_id,
                state["rule"],
                _id(state["record_id"]),
                state["action"],
                f"{actor['user_id']}@{actor['role']}",
                fact.effective_date,
            ),
        )

    # -- KUR referrals -----------------------------------------------------------------

    def _KurReferral_Referred(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        program = state["program_id"]
        yield (
            "INSERT INTO {kur} (referral_id, enterprise_id, program_id, bank, amount_requested, "
            "status, amount, bank_reference, referred_on, decided_on, position) "
            "VALUES (?, ?, ?, ?, ?, 'referred', NULL, NULL, ?, NULL, ?)",
            (
                fact.record_id,
                _id(state["enterprise_id"]),
                None if program is None else _id(program),
                state["bank"],
                data_of(state["amount_requested"]),
                fact.effective_date,
                fact.position,
            ),
        )

    def _KurReferral_BankApproved(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {kur} SET status = 'approved by the bank', amount = ?, bank_reference = ?, "
            "decided_on = ? WHERE referral_id = ?",
            (
                data_of(fact.state["amount"]),
                fact.state["bank_reference"],
                fact.effective_date,
                fact.record_id,
            ),
        )

    def _KurReferral_BankDeclined(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {kur} SET status = 'declined by the bank', bank_reference = ?, "
            "decided_on = ? WHERE referral_id = ?",
            (fact.state["bank_reference"], fact.effective_date, fact.record_id),
        )

    def _KurReferral_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        changes, kind = fact.state["changes"], fact.state["corrects_kind"]
        if EFFECTIVE_DATE in changes:
            column = "referred_on" if kind == "Referred" else "decided_on"
            yield (
                f"UPDATE {{kur}} SET {column} = ? WHERE referral_id = ?",
                (data_of(changes[EFFECTIVE_DATE]), fact.record_id),
            )
        for field in ("bank", "bank_reference"):
            if field in changes:
                yield (
                    f"UPDATE {{kur}} SET {field} = ? WHERE referral_id = ?",
                    (changes[field], fact.record_id),
                )
        for field in ("amount_requested", "amount"):
            if field in changes:
                yield (
                    f"UPDATE {{kur}} SET {field} = ? WHERE referral_id = ?",
                    (data_of(changes[field]), fact.record_id),
                )


def _step(fact: StoredFact, kind: str, amount: int | None) -> Statement:
    return (
        "INSERT INTO {allocation_step} (allocation_id, version, kind, amount, effective_on) "
        "VALUES (?, ?, ?, ?, ?)",
        (fact.record_id, fact.version, kind, amount, fact.effective_date),
    )


register_view(FundingView())
