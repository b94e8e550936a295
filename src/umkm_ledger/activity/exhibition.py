"""The Exhibition aggregate: a *pameran* and the enterprises that took part.

An exhibition (the launch exhibition of Ogan Ilir's 1000-entrepreneur program, 16 Dec
2016) is organised by an agency at a venue on one or more days; each enterprise takes part
once, with the products it showed and what came of it (sales, contacts), dated on the day
it took part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.activity.rules import AlreadyParticipating, NotAnExhibitionDay
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values import RegionCode, Rupiah
from umkm_ledger.kernel.values.bounds import fact_date
from umkm_ledger.kernel.values.checks import instance, non_negative_rupiah, optional
from umkm_ledger.kernel.values.text import free_text, name_text, name_texts

__all__ = ["Exhibition"]


def _days(values: object, field: str) -> tuple[date, ...]:
    """The days an exhibition is open: at least one, each from 1900 to 2200, in order
    (a day given twice is one day)."""
    if not isinstance(values, Sequence) or isinstance(values, str) or not values:
        raise InvalidValue(field, type(values).__name__, "must list at least one day")
    days = {fact_date(value, f"{field}[{index}]") for index, value in enumerate(values)}
    return tuple(sorted(days))


class Exhibition(LedgerAggregate):
    """A pameran: where and when, and who took part with what result."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Organised": frozenset({"name", "venue"}),
        "Participated": frozenset({"products", "outcome", "sales"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Organised": {
            "name": name_text,
            "organiser": name_text,
            "venue": name_text,
            "region": instance(RegionCode, "a region code"),
            "days": _days,
        },
        "Participated": {
            "products": name_texts,
            "outcome": free_text,
            "sales": optional(non_negative_rupiah),
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Organised(Event, Aggregate.Created):
        """An exhibition was organised by ``organiser`` at ``venue`` on ``days``."""

        name: str
        organiser: str
        program_id: UUID | None
        venue: str
        region: RegionCode
        days: tuple[date, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Exhibition)
            aggregate.name = self.name
            aggregate.organiser = self.organiser
            aggregate.program_id = self.program_id
            aggregate.venue = self.venue
            aggregate.region = self.region
            aggregate.days = self.days

    @dataclass(frozen=True)
    class Participated(Event):
        """An enterprise took part, showing ``products``; ``outcome`` (and ``sales``
        made there, where known)."""

        enterprise_id: UUID
        products: tuple[str, ...]
        outcome: str
        sales: Rupiah | None

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Exhibition)
            aggregate.participants[self.enterprise_id] = self.originator_version

    def __init__(self) -> None:
        self._init_facts()
        self.name = ""
        self.organiser = ""
        self.program_id: UUID | None = None
        self.venue = ""
        self.region: RegionCode
        self.days: tuple[date, ...] = ()
        #: enterprise id -> the version of its participation.
        self.participants: dict[UUID, int] = {}

    @classmethod
    def organise(
        cls,
        *,
        name: str,
        organiser: str,
        venue: str,
        region: RegionCode,
        days: Sequence[date],
        program_id: UUID | None = None,
        envelope: Envelope,
    ) -> Exhibition:
        check_effective_date(envelope)
        return cls._create(
            cls.Organised,
            id=new_id(),
            envelope=envelope,
            name=name,
            organiser=organiser,
            program_id=program_id,
            venue=venue,
            region=region,
            days=days,
        )

    def take_part(
        self,
        enterprise_id: UUID,
        *,
        products: Sequence[str] = (),
        outcome: str,
        sales: Rupiah | None = None,
        envelope: Envelope,
    ) -> None:
        if enterprise_id in self.participants:
            raise AlreadyParticipating(self.id, enterprise_id)
        self._check_day(envelope.effective_date)
        self._record(
            self.Participated,
            envelope,
            enterprise_id=enterprise_id,
            products=products,
            outcome=outcome,
            sales=sales,
        )

    def _check_day(self, day: date) -> None:
        first, last = self.days[0], self.days[-1]
        if not first <= day <= last:
            held = (
                first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
            )
            raise NotAnExhibitionDay(
                self.id,
                N_(
                    "a participation dated {day}, but it was held {held}",
                    day=day.isoformat(),
                    held=held,
                ),
            )

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind == "Participated" and EFFECTIVE_DATE in changes:
            self._check_day(changes[EFFECTIVE_DATE])

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Organised":
            self.name, self.venue = fact.fields["name"], fact.fields["venue"]


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Exhibition,
    "activity.Exhibition",
    formerly="umkm_ledger.domain.exhibition:Exhibition",
    events=("Organised", "Participated", "Corrected"),
)
register_record_kind(Exhibition, "exhibition")
