"""The KurReferral aggregate: an enterprise referred to a bank for KUR credit.

The office does not lend; it facilitates. What it records is the referral (which
bank, how much was asked) and the bank's decision, with the amount and the bank's own
reference, so the facilitation and its result are on record (``Ledger.kur_referral``) with the same
audit envelope as everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.funding.lifecycle import KUR_LIFECYCLE, KurAction, KurStatus
from umkm_ledger.funding.rules import ReferralDatesOutOfOrder
from umkm_ledger.funding.values import positive_rupiah
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.kernel.values.text import name_text

__all__ = ["KurReferral"]


def _check_order(referral: UUID, referred: date, decided: date) -> None:
    if decided < referred:
        raise ReferralDatesOutOfOrder(
            referral,
            N_(
                "the bank decided on {decided}, before the referral of {referred}",
                decided=decided.isoformat(),
                referred=referred.isoformat(),
            ),
        )


class KurReferral(LedgerAggregate):
    """A referral of one enterprise to a bank for KUR, and the bank's answer."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Referred": frozenset({"bank", "amount_requested"}),
        "BankApproved": frozenset({"amount", "bank_reference"}),
        "BankDeclined": frozenset({"bank_reference"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Referred": {"bank": name_text, "amount_requested": positive_rupiah},
        "BankApproved": {"amount": positive_rupiah, "bank_reference": name_text},
        "BankDeclined": {"bank_reference": name_text},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Referred(Event, Aggregate.Created):
        """The enterprise was referred to ``bank`` for ``amount_requested`` of KUR."""

        enterprise_id: UUID
        program_id: UUID | None
        bank: str
        amount_requested: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, KurReferral)
            aggregate.enterprise_id = self.enterprise_id
            aggregate.program_id = self.program_id
            aggregate.bank = self.bank
            aggregate.amount_requested = self.amount_requested

    @dataclass(frozen=True)
    class BankApproved(Event):
        """The bank approved credit of ``amount`` (its reference: ``bank_reference``)."""

        amount: Rupiah
        bank_reference: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, KurReferral)
            aggregate.status = KurStatus.APPROVED
            aggregate.amount = self.amount
            aggregate.bank_reference = self.bank_reference

    @dataclass(frozen=True)
    class BankDeclined(Event):
        """The bank declined (its reasons, where known, are in the envelope)."""

        bank_reference: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, KurReferral)
            aggregate.status = KurStatus.DECLINED
            aggregate.bank_reference = self.bank_reference

    def __init__(self) -> None:
        self._init_facts()
        self.enterprise_id: UUID
        self.program_id: UUID | None = None
        self.bank = ""
        self.amount_requested = Rupiah(0)
        self.status = KurStatus.REFERRED
        self.amount: Rupiah | None = None
        self.bank_reference = ""

    @classmethod
    def refer(
        cls,
        *,
        enterprise_id: UUID,
        program_id: UUID | None,
        bank: str,
        amount_requested: Rupiah,
        envelope: Envelope,
    ) -> KurReferral:
        check_effective_date(envelope)
        return cls._create(
            cls.Referred,
            id=new_id(),
            envelope=envelope,
            enterprise_id=enterprise_id,
            program_id=program_id,
            bank=bank,
            amount_requested=amount_requested,
        )

    def _decide(self, action: KurAction, envelope: Envelope) -> None:
        next_status(KUR_LIFECYCLE, "KUR referral", self.status, action)
        _check_order(self.id, self.facts[1].effective_date, envelope.effective_date)

    def bank_approves(self, amount: Rupiah, bank_reference: str, *, envelope: Envelope) -> None:
        self._decide(KurAction.BANK_APPROVES, envelope)
        self._record(
            self.BankApproved,
            envelope,
            amount=amount,
            bank_reference=bank_reference,
        )

    def bank_declines(self, bank_reference: str, *, envelope: Envelope) -> None:
        self._decide(KurAction.BANK_DECLINES, envelope)
        self._record(
            self.BankDeclined,
            envelope,
            bank_reference=bank_reference,
        )

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        next_status(KUR_LIFECYCLE, "KUR referral", self.status, KurAction.CORRECT)
        super().correct(version, changes, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        """A corrected fact keeps the decision after the referral."""
        if EFFECTIVE_DATE in changes:
            facts = {**self.facts, version: fact.with_changes(changes)}
            for later in list(facts.values())[1:]:
                if later.kind in ("BankApproved", "BankDeclined"):
                    _check_order(self.id, facts[1].effective_date, later.effective_date)

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Referred":
            self.bank = fact.fields["bank"]
            self.amount_requested = fact.fields["amount_requested"]
        elif fact.kind == "BankApproved":
            self.amount = fact.fields["amount"]
            self.bank_reference = fact.fields["bank_reference"]
        elif fact.kind == "BankDeclined":
            self.bank_reference = fact.fields["bank_reference"]


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    KurReferral,
    "funding.KurReferral",
    formerly="umkm_ledger.domain.kur:KurReferral",
    events=("Referred", "BankApproved", "BankDeclined", "Corrected"),
)
register_record_kind(KurReferral, "KUR referral")
