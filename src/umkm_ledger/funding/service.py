"""The Ledger's funding side: funders, allocations, grants and KUR referrals.

:class:`~umkm_ledger.Ledger` holds this service and hands it its calls of this
context; the methods follow the Ledger's conventions (primitive inputs or value
objects, ids returned, the audit envelope's parts as keyword arguments).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from umkm_ledger.enterprises.commands import EnterpriseCommands
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.funder import funder_name
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.lifecycle import GrantStatus
from umkm_ledger.funding.readmodels import (
    AllocationView,
    FunderView,
    GrantView,
    KurReferralView,
)
from umkm_ledger.funding.reports import (
    AidRecord,
    Anomaly,
    FundsReport,
    GrantRow,
    KurRow,
    aid_history,
    anomalies,
    funds,
    grants,
    kur_referrals,
)
from umkm_ledger.funding.rules import BastNumberAlreadyUsed
from umkm_ledger.funding.values import (
    Delivery,
    FundingSource,
    GrantItem,
    Instrument,
    UtilisationStatus,
    check_fiscal_year,
    checked_deliveries,
    checked_items,
)
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import as_list, shown, to_date, to_id, to_rupiah, to_texts
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue, NotFound
from umkm_ledger.kernel.values import RegionLevel, Rupiah
from umkm_ledger.kernel.values.text import free_text, name_text, note_text
from umkm_ledger.platform.regions import region_names
from umkm_ledger.platform.session import Session
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.lifecycle import EnrolmentStatus
from umkm_ledger.programs.progress.facts import Facts
from umkm_ledger.programs.rules import OutsideProgramScope
from umkm_ledger.programs.service import to_level

if TYPE_CHECKING:
    pass

__all__ = ["FundingService", "to_deliveries", "to_items"]

Amount = Rupiah | int | str


def to_items(
    values: Sequence[GrantItem | Mapping[str, Any]], field: str = "items"
) -> list[GrantItem]:
    """Grant items from mappings (``{"description": "songket loom", "quantity": 5,
    "unit_value": "Rp3.000.000"}``, optionally ``"kind"``), held to the rules of what
    callers may send (:func:`~umkm_ledger.funding.values.checked_items`)."""
    as_list(values, field, "items")
    items: list[GrantItem] = []
    for index, value in enumerate(values):
        where = f"{field}[{index}]"
        if isinstance(value, GrantItem):
            items.append(value)
            continue
        if not isinstance(value, Mapping):
            raise InvalidValue(where, value, "must be an item (description, quantity, unit_value)")
        unknown = set(value) - {"description", "quantity", "unit_value", "kind"}
        if unknown:
            raise InvalidValue(where, sorted(map(str, unknown)), "are not fields of an item")
        try:
            items.append(
                GrantItem(
                    description=value.get("description", ""),
                    quantity=value.get("quantity", 0),
                    unit_value=to_rupiah(value.get("unit_value", -1), f"{where}.unit_value"),
                    kind=value.get("kind", ""),
                )
            )
        except InvalidValue as error:
            raise error.at(where) from None
    return list(checked_items(items, field))


def to_deliveries(
    values: Sequence[Delivery | Mapping[str, Any]] | Mapping[str, int], field: str = "items"
) -> list[Delivery]:
    """Deliveries from ``{"songket loom": 5}`` or a list of mappings with
    ``description``, ``quantity`` and optional ``serial_numbers``, held to the rules of
    what callers may send (:func:`~umkm_ledger.funding.values.checked_deliveries`)."""
    if isinstance(values, Mapping):
        values = [{"description": k, "quantity": v} for k, v in values.items()]
    as_list(values, field, "delivered items")
    found: list[Delivery] = []
    for index, value in enumerate(values):
        where = f"{field}[{index}]"
        if isinstance(value, Delivery):
            found.append(value)
            continue
        if not isinstance(value, Mapping):
            raise InvalidValue(where, value, "must be a delivered item (description, quantity)")
        unknown = set(value) - {"description", "quantity", "serial_numbers"}
        if unknown:
            raise InvalidValue(
                where, sorted(map(str, unknown)), "are not fields of a delivered item"
            )
        serials = value.get("serial_numbers", ())
        if isinstance(serials, str) or not isinstance(serials, Sequence):
            raise InvalidValue(f"{where}.serial_numbers", shown(serials), "must be a list")
        try:
            found.append(
                Delivery(
                    description=value.get("description", ""),
                    quantity=value.get("quantity", 0),
                    serial_numbers=tuple(serials),
                )
            )
        except InvalidValue as error:
            raise error.at(where) from None
    return list(checked_deliveries(found, field))


def funder_key(name_or_id: UUID | str, field: str = "funder") -> UUID | str:
    """A funder's id (as a UUID or its text) or its name (held to the text rule)."""
    if isinstance(name_or_id, str):
        try:
            return UUID(name_or_id)
        except ValueError:
            return funder_name(name_or_id, field)
    if not isinstance(name_or_id, UUID):
        raise InvalidValue(field, shown(name_or_id), "must name a funder (or be its id)")
    return name_or_id


class FundingService:
    """Funders, allocations, grants and KUR referrals, from the primitive forms callers
    send, and the funding ledger's reports. Each public method is documented where callers
    see it, on :class:`umkm_ledger.Ledger`."""

    def __init__(
        self,
        session: Session,
        *,
        enterprise_commands: EnterpriseCommands,
        funding_commands: FundingCommands,
        program_commands: ProgramCommands,
    ) -> None:
        self._session = session
        self._app = session.app
        self._enterprise_commands = enterprise_commands
        self._funding_commands = funding_commands
        self._program_commands = program_commands

    # -- funders and allocations -------------------------------------------------------

    def register_funder(
        self,
        name: str,
        *,
        source: FundingSource | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._funding_commands.register_funder(
            funder_name(name, "name"), FundingSource.parse(source), envelope, idempotent=idempotent
        )

    def funder(self, name_or_id: UUID | str) -> FunderView:
        return FunderView.of(self._funding_commands.funder(funder_key(name_or_id)))

    def _allocate(
        self,
        funder: str,
        program_id: UUID | str,
        fiscal_year: int,
        instrument: Instrument | str,
        amount: Amount,
        pledged: bool,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._funding_commands.allocate(
            funder=funder_key(funder),
            program_id=to_id(program_id, "program_id"),
            fiscal_year=check_fiscal_year(fiscal_year),
            instrument=Instrument.parse(instrument),
            amount=to_rupiah(amount, "amount"),
            pledged=pledged,
            envelope=envelope,
            idempotent=idempotent,
        )

    def allocate(
        self,
        funder: str,
        program_id: UUID | str,
        *,
        fiscal_year: int,
        instrument: Instrument | str,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._allocate(
            funder, program_id, fiscal_year, instrument, amount, False,
            command_id, effective_date, actor,
        )  # fmt: skip

    def pledge(
        self,
        funder: str,
        program_id: UUID | str,
        *,
        fiscal_year: int,
        instrument: Instrument | str,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._allocate(
            funder, program_id, fiscal_year, instrument, amount, True,
            command_id, effective_date, actor,
        )  # fmt: skip

    def _allocation_command(
        self,
        command: str,
        allocation_id: UUID | str,
        arguments: Mapping[str, Any],
        reason: str | None,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        amount = arguments.get("amount")
        money = None if amount is None else to_rupiah(amount, "amount")

        def act(allocation: Any) -> None:
            if command == "post_allocation":
                allocation.post(money, envelope=envelope)
            elif command == "amend_allocation":
                if money is None:
                    raise InvalidValue("amount", None, "an amendment gives the new amount")
                allocation.amend(money, envelope=envelope)
            else:
                allocation.withdraw(envelope=envelope)

        return self._funding_commands.allocation_command(
            command,
            to_id(allocation_id, "allocation_id"),
            act,
            envelope,
            {"amount": money},
            idempotent=idempotent,
        )

    def post_allocation(
        self,
        allocation_id: UUID | str,
        *,
        amount: Amount | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._allocation_command(
            "post_allocation", allocation_id, {"amount": amount}, None,
            command_id, effective_date, actor,
        )  # fmt: skip

    def amend_allocation(
        self,
        allocation_id: UUID | str,
        *,
        amount: Amount,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._allocation_command(
            "amend_allocation", allocation_id, {"amount": amount}, reason,
            command_id, effective_date, actor,
        )  # fmt: skip

    def withdraw_pledge(
        self,
        allocation_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._allocation_command(
            "withdraw_pledge", allocation_id, {}, reason, command_id, effective_date, actor
        )

    def allocation(self, allocation_id: UUID | str) -> AllocationView:
        return AllocationView.of(
            self._funding_commands.allocation(to_id(allocation_id, "allocation_id"))
        )

    # -- grants ------------------------------------------------------------------------

    def propose_grant(
        self,
        allocation_id: UUID | str,
        beneficiary_id: UUID | str,
        *,
        justification: str,
        items: Sequence[GrantItem | Mapping[str, Any]] = (),
        cash: Amount | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._funding_commands.propose_grant(
            allocation_id=to_id(allocation_id, "allocation_id"),
            beneficiary_id=to_id(beneficiary_id, "beneficiary_id"),
            items=to_items(items),
            cash=None if cash is None else to_rupiah(cash, "cash"),
            justification=free_text(justification, "justification"),
            envelope=envelope,
            idempotent=idempotent,
        )

    def grant(self, grant_id: UUID | str) -> GrantView:
        return GrantView.of(self._funding_commands.grant(to_id(grant_id, "grant_id")))

    def _grant_command(
        self,
        command: str,
        grant_id: UUID | str,
        act: Any,
        arguments: Mapping[str, Any],
        envelope: Envelope,
        idempotent: bool,
    ) -> UUID:
        return self._funding_commands.grant_command(
            command,
            to_id(grant_id, "grant_id"),
            act,
            envelope,
            arguments,
            idempotent=idempotent,
        )

    def check_eligibility(
        self,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )

        def act(grant: Grant) -> None:
            reasons = self._eligibility_reasons(grant, envelope.effective_date)
            grant.record_eligibility(reasons, envelope=envelope)

        return self._grant_command("check_eligibility", grant_id, act, {}, envelope, idempotent)

    def _eligibility_reasons(self, grant: Grant, day: date) -> list[str]:
        enterprises, programs = self._enterprise_commands, self._program_commands
        program = programs.program(grant.program_id)
        reasons: list[str] = []
        try:
            program.check_in_scope(grant.region)
        except OutsideProgramScope as error:
            reasons.append(error.message)
        if grant.beneficiary_kind == "enterprise":
            enterprise = enterprises.enterprise(grant.beneficiary_id)
            if enterprise.status is not EnterpriseStatus.ACTIVE:
                reasons.append(
                    N_("the enterprise is {status}, not active", status=N_(enterprise.status.value))
                )
            enrolment = programs.enrolment(program.id, enterprise.id)
            if enrolment is None or enrolment.status_on(day) is not EnrolmentStatus.ENROLLED:
                reasons.append(
                    N_("the enterprise is not binaan of the program on {day}", day=day.isoformat())
                )
        else:
            group = enterprises.group(grant.beneficiary_id)
            if group.status is not GroupStatus.ACTIVE:
                reasons.append(
                    N_("the group is {status}, not active", status=N_(group.status.value))
                )
            binaan = [
                m
                for m in group.members
                if (e := programs.enrolment(program.id, m)) is not None
                and e.status_on(day) is EnrolmentStatus.ENROLLED
            ]
            if not binaan:
                reasons.append(
                    N_(
                        "no member of the group is binaan of the program on {day}",
                        day=day.isoformat(),
                    )
                )
        reasons += self._already_received(grant)
        return reasons

    def _already_received(self, grant: Grant) -> list[str]:
        """The item kinds of ``grant`` that its beneficiary already received from the same
        program in the same fiscal year: approved in another grant, unless that grant was
        cancelled, or revoked before anything was handed over."""
        kinds = grant.item_kinds()
        if not kinds:
            return []
        facts = Facts(self._session.views())
        key = (grant.beneficiary_id.hex, grant.program_id.hex, grant.fiscal_year)
        # Two approvals for the same beneficiary, program and year may run at once: each
        # is saved only if no grant of that key was approved after the view was read.
        others = facts.rows(
            "funding",
            "SELECT grant_id FROM {aid} WHERE beneficiary_id = ? AND program_id = ? "
            "AND fiscal_year = ?",
            key,
        )
        self._app.guard_linked(
            f"the aid grants of {grant.beneficiary_kind} {grant.beneficiary_id} in "
            f"{grant.fiscal_year}",
            facts.position("funding"),
            known=[UUID(row[0]) for row in others],
            created=Grant.Proposed,
            links=lambda proposed: (
                proposed.beneficiary_id == grant.beneficiary_id
                and proposed.program_id == grant.program_id
                and proposed.fiscal_year == grant.fiscal_year
            ),
            changes=[Grant.Approved],
        )
        marks = ", ".join("?" * len(kinds))
        rows = facts.rows(
            "funding",
            "SELECT i.kind, a.grant_id FROM {aid} a JOIN {aid_item} i ON i.grant_id = a.grant_id "
            "WHERE a.beneficiary_id = ? AND a.program_id = ? AND a.fiscal_year = ? "
            "AND a.grant_id <> ? AND a.approved_on IS NOT NULL AND a.status <> 'cancelled' "
            "AND NOT (a.status = 'revoked' AND a.delivered = 0) "
            f"AND i.kind IN ({marks}) ORDER BY i.kind, a.grant_id",
            (grant.beneficiary_id.hex, grant.program_id.hex, grant.fiscal_year, grant.id.hex,
             *kinds),
        )  # fmt: skip
        return [
            N_(
                "already received {kind!r} from this program in {year} (grant {grant})",
                kind=kind,
                year=grant.fiscal_year,
                grant=UUID(other),
            )
            for kind, other in rows
        ]

    def approve_grant(
        self,
        grant_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._funding_commands.decide_grant(
            to_id(grant_id, "grant_id"),
            True,
            envelope,
            idempotent=idempotent,
            still_eligible=self._eligibility_reasons,
        )

    def reject_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._funding_commands.decide_grant(
            to_id(grant_id, "grant_id"), False, envelope, idempotent=idempotent
        )

    def hand_over(
        self,
        grant_id: UUID | str,
        *,
        bast_number: str,
        place: str,
        items: Sequence[Delivery | Mapping[str, Any]] | Mapping[str, int] = (),
        cash: Amount | None = None,
        witnesses: Sequence[str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        deliveries = to_deliveries(items)
        money = None if cash is None else to_rupiah(cash, "cash")
        names = to_texts(witnesses, "witnesses", "names")
        bast_number = name_text(bast_number, "bast_number")
        place = name_text(place, "place")

        def act(grant: Grant) -> None:
            grant.hand_over(
                bast_number=bast_number,
                place=place,
                deliveries=deliveries,
                cash=money,
                witnesses=names,
                envelope=envelope,
            )
            self._check_bast_unused(bast_number)

        return self._grant_command(
            "hand_over",
            grant_id,
            act,
            {"bast": bast_number, "place": place, "items": deliveries, "cash": money,
             "witnesses": names},
            envelope,
            idempotent,
        )  # fmt: skip

    def _check_bast_unused(self, bast_number: str) -> None:
        """Refuse a BAST number that records a handover already, of any grant and in
        any case (:class:`BastNumberAlreadyUsed`), also when that handover is being saved at
        this moment by another writer (the read is guarded)."""
        facts = Facts(self._session.views())
        used = facts.rows(
            "funding",
            "SELECT grant_id FROM {handover} WHERE UPPER(bast_number) = UPPER(?) "
            "ORDER BY grant_id LIMIT 1",
            (bast_number,),
        )
        if used:
            raise BastNumberAlreadyUsed(bast_number, UUID(used[0][0]))
        wanted = bast_number.upper()
        self._app.guard_events(
            f"the handovers recorded with BAST {bast_number}",
            facts.position("funding"),
            [Grant.HandedOver],
            lambda handed: str(handed.bast_number).upper() == wanted,
        )

    def acknowledge_handover(
        self,
        grant_id: UUID | str,
        bast_number: str,
        *,
        recipient: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        bast_number = name_text(bast_number, "bast_number")
        recipient = name_text(recipient, "recipient")
        return self._grant_command(
            "acknowledge_handover",
            grant_id,
            lambda g: g.acknowledge(bast_number, recipient=recipient, envelope=envelope),
            {"bast": bast_number, "recipient": recipient},
            envelope,
            idempotent,
        )

    def monitor_grant(
        self,
        grant_id: UUID | str,
        *,
        condition: UtilisationStatus | str,
        seen_by: str | None = None,
        note: str = "",
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        state = UtilisationStatus.parse(condition)
        who = name_text(envelope.actor.user_id if seen_by is None else seen_by, "seen_by")
        note = note_text(note, "note")
        return self._grant_command(
            "monitor_grant",
            grant_id,
            lambda g: g.monitor(state, seen_by=who, note=note, envelope=envelope),
            {"condition": state, "seen_by": who, "note": note},
            envelope,
            idempotent,
        )

    def report_grant_outcome(
        self,
        grant_id: UUID | str,
        *,
        sales_before: Amount | None = None,
        sales_after: Amount | None = None,
        note: str = "",
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        before = None if sales_before is None else to_rupiah(sales_before, "sales_before")
        after = None if sales_after is None else to_rupiah(sales_after, "sales_after")
        note = note_text(note, "note")
        return self._grant_command(
            "report_grant_outcome",
            grant_id,
            lambda g: g.report_outcome(
                sales_before=before, sales_after=after, note=note, envelope=envelope
            ),
            {"before": before, "after": after, "note": note},
            envelope,
            idempotent,
        )

    def return_goods(
        self,
        grant_id: UUID | str,
        *,
        items: Sequence[Delivery | Mapping[str, Any]] | Mapping[str, int],
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._funding_commands.return_goods(
            to_id(grant_id, "grant_id"), to_deliveries(items), envelope, idempotent=idempotent
        )

    def repay_loan(
        self,
        grant_id: UUID | str,
        *,
        amount: Amount,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        money = to_rupiah(amount, "amount")
        return self._grant_command(
            "repay_loan",
            grant_id,
            lambda g: (g.repay(money, envelope=envelope), "loan repaid"),
            {"amount": money},
            envelope,
            idempotent,
        )

    def cancel_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._end_grant("cancel_grant", grant_id, reason, command_id, effective_date, actor)

    def revoke_grant(
        self,
        grant_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._end_grant("revoke_grant", grant_id, reason, command_id, effective_date, actor)

    def _end_grant(
        self,
        command: str,
        grant_id: UUID | str,
        reason: str,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )

        def act(grant: Grant) -> tuple[Rupiah, str]:
            if command == "cancel_grant":
                return grant.cancel(envelope=envelope), "cancelled"
            return grant.revoke(envelope=envelope), "revoked"

        return self._grant_command(command, grant_id, act, {}, envelope, idempotent)

    # -- KUR -----------------------------------------------------------------------------

    def refer_kur(
        self,
        enterprise_id: UUID | str,
        *,
        bank: str,
        amount_requested: Amount,
        program_id: UUID | str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        return self._funding_commands.refer_kur(
            enterprise_id=to_id(enterprise_id, "enterprise_id"),
            program_id=None if program_id is None else to_id(program_id, "program_id"),
            bank=name_text(bank, "bank"),
            amount_requested=to_rupiah(amount_requested, "amount_requested"),
            envelope=envelope,
            idempotent=idempotent,
        )

    def record_kur_decision(
        self,
        referral_id: UUID | str,
        *,
        approved: bool,
        bank_reference: str,
        amount: Amount | None = None,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        if not isinstance(approved, bool):
            raise InvalidValue("approved", shown(approved), "must be True or False")
        bank_reference = name_text(bank_reference, "bank_reference")
        if approved and amount is None:
            raise InvalidValue("amount", None, "an approval gives the amount of credit")
        money = None if amount is None else to_rupiah(amount, "amount")

        def act(referral: Any) -> None:
            if approved:
                assert money is not None
                referral.bank_approves(money, bank_reference, envelope=envelope)
            else:
                referral.bank_declines(bank_reference, envelope=envelope)

        return self._funding_commands.kur_command(
            "record_kur_decision",
            to_id(referral_id, "referral_id"),
            act,
            envelope,
            {"approved": approved, "amount": money, "reference": bank_reference},
            idempotent=idempotent,
        )

    def kur_referral(self, referral_id: UUID | str) -> KurReferralView:
        return KurReferralView.of(
            self._funding_commands.kur_referral(to_id(referral_id, "referral_id"))
        )

    # -- reports -------------------------------------------------------------------------

    def funds(
        self,
        *,
        funder: str | None = None,
        program_id: UUID | str | None = None,
        fiscal_year: int | None = None,
        instrument: Instrument | str | None = None,
        by: RegionLevel | str | None = None,
        as_of: date | str | None = None,
    ) -> FundsReport:
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        report = funds(
            Facts(self._session.views()),
            as_of=day,
            funder=None if funder is None else self._funder_named(funder),
            program_id=None if program_id is None else self._program_named(program_id),
            fiscal_year=None if fiscal_year is None else check_fiscal_year(fiscal_year),
            instrument=None if instrument is None else Instrument.parse(instrument),
            by=None if by is None else to_level(by, "by"),
        )
        names = region_names()
        return attrs.evolve(
            report,
            by_region=tuple(
                attrs.evolve(row, name=None if row.area is None else names.name_of(row.area))
                for row in report.by_region
            ),
        )

    def grants(
        self,
        *,
        program_id: UUID | str | None = None,
        beneficiary_id: UUID | str | None = None,
        status: GrantStatus | str | None = None,
    ) -> list[GrantRow]:
        if status is not None and not isinstance(status, GrantStatus):
            known = [s.value for s in GrantStatus]
            if status not in known:
                raise InvalidValue(
                    "status", status, N_("must be one of: {choices}", choices=", ".join(known))
                )
        return grants(
            Facts(self._session.views()),
            program_id=None if program_id is None else self._program_named(program_id),
            beneficiary_id=(
                None if beneficiary_id is None else self._beneficiary_named(beneficiary_id)
            ),
            status=status.value if isinstance(status, GrantStatus) else status,
        )

    def kur_referrals(
        self, *, program_id: UUID | str | None = None, enterprise_id: UUID | str | None = None
    ) -> list[KurRow]:
        return kur_referrals(
            Facts(self._session.views()),
            program_id=None if program_id is None else self._program_named(program_id),
            enterprise_id=(
                None
                if enterprise_id is None
                else self._enterprise_commands.enterprise(to_id(enterprise_id, "enterprise_id")).id
            ),
        )

    def aid_history(self, beneficiary_id: UUID | str) -> list[AidRecord]:
        return aid_history(Facts(self._session.views()), self._beneficiary_named(beneficiary_id))

    # -- filters: each names a record that exists, or the query says NotFound ----------

    def _funder_named(self, funder: UUID | str) -> str:
        """The registered name of the funder a filter names (by name or id)."""
        return self._funding_commands.funder(funder_key(funder)).name

    def _program_named(self, program_id: UUID | str) -> UUID:
        return self._program_commands.program(to_id(program_id, "program_id")).id

    def _beneficiary_named(self, beneficiary_id: UUID | str) -> UUID:
        found = to_id(beneficiary_id, "beneficiary_id")
        try:
            record = self._app.record(found)
        except NotFound:
            record = None
        if not isinstance(record, Enterprise | BusinessGroup):
            raise NotFound("enterprise or group", found)
        return record.id

    def anomalies(
        self, *, as_of: date | str | None = None, unacknowledged_after_days: int = 30
    ) -> list[Anomaly]:
        if (
            isinstance(unacknowledged_after_days, bool)
            or not isinstance(unacknowledged_after_days, int)
            or not 0 <= unacknowledged_after_days <= 36_500
        ):
            raise InvalidValue(
                "unacknowledged_after_days",
                unacknowledged_after_days,
                "must be 0 to 36500 days (a hundred years)",
            )
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        return anomalies(
            Facts(self._session.views()),
            as_of=day,
            unacknowledged_after_days=unacknowledged_after_days,
        )
