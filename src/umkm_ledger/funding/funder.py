"""The Funder aggregate: who pays for aid, and from which source of funds.

A funder's id is derived from its name (any case, any spacing), so the names that
enrolments' attributions carry (``funders=["PT Hutama Karya"]``) and the registered
funder are one and the same, and registering a funder twice cannot make two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.funding.values import FundingSource
from umkm_ledger.kernel.aggregate import Check, LedgerAggregate, check_effective_date
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values.checks import instance
from umkm_ledger.kernel.values.text import name_text

__all__ = ["Funder", "funder_name"]

_NAMESPACE = UUID("8d7c4f0e-2b1a-4c5e-9f3d-6a1b2c3d4e5f")


def funder_name(name: str, field: str = "funder") -> str:
    """A funder's name as recorded: a name (the text rule), single-spaced."""
    return " ".join(name_text(name, field).split())


class Funder(LedgerAggregate):
    """A ministry, a district office, a state company's TJSL, a bank: anyone funding aid."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Registered": frozenset({"source"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Registered": {
            "name": funder_name,
            "source": instance(FundingSource, "a funding source (APBN, TJSL BUMN...)"),
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Registered(Event, Aggregate.Created):
        """A funder was registered with the source its money comes from."""

        name: str
        source: FundingSource

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Funder)
            aggregate.name = self.name
            aggregate.source = self.source

    def __init__(self) -> None:
        self._init_facts()
        self.name = ""
        self.source: FundingSource

    @staticmethod
    def id_for(name: str) -> UUID:
        return uuid5(_NAMESPACE, funder_name(name).casefold())

    @classmethod
    def register(cls, name: str, source: FundingSource, *, envelope: Envelope) -> Funder:
        source = cls.VALIDATORS["Registered"]["source"](source, "source")
        check_effective_date(envelope)
        clean = funder_name(name, "name")
        return cls._create(
            cls.Registered, id=cls.id_for(clean), envelope=envelope, name=clean, source=source
        )

    def on_corrected(self, version: int) -> None:
        self.source = self.facts[1].fields["source"]


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Funder,
    "funding.Funder",
    formerly="umkm_ledger.domain.funder:Funder",
    events=("Registered", "Corrected"),
)
register_record_kind(Funder, "funder")
