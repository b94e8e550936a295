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
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from umkm_ledger.domain.base import EFFECTIVE_DATE, Fact, LedgerAggregate, check_effective_date
from umkm_ledger.domain.envelope import Envelope
from umkm_ledger.domain.rules import AlreadyParticipating, NotAnExhibitionDay
from umkm_ledger.domain.values import RegionCode, Rupiah
from umkm_ledger.domain.values.funding import non_blank_text, non_blank_texts
from umkm_ledger.errors import InvalidValue

__all__ = ["Exhibition"]


class Exhibition(LedgerAggregate):
    """A pameran: where and when, and who took part with what result."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Organised": frozenset({"name", "venue"}),
        "Participated": frozenset({"products", "outcome", "sales"}),
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
        if not isinstance(region, RegionCode):
            raise InvalidValue("region", region, "must be a RegionCode")
        if not isinstance(days, Sequence) or not days:
            raise InvalidValue("days", days, "must list at least one day")
        if any(type(d) is not date for d in days):
            raise InvalidValue("days", days, "must be dates")
        check_effective_date(envelope)
        return cls._create(
            cls.Organised,
            id=uuid4(),
            envelope=envelope,
            name=non_blank_text(name, "name"),
            organiser=non_blank_text(organiser, "organiser"),
            program_id=program_id,
            venue=non_blank_text(venue, "venue"),
            region=region,
            days=tuple(sorted(set(days))),
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
            products=non_blank_texts(products, "products"),
            outcome=non_blank_text(outcome, "outcome"),
            sales=_sales(sales, "sales"),
        )

    def _check_day(self, day: date) -> None:
        first, last = self.days[0], self.days[-1]
        if not first <= day <= last:
            held = (
                first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
            )
            raise NotAnExhibitionDay(
                self.id, f"a participation dated {day.isoformat()}, but it was held {held}"
            )

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind == "Participated" and EFFECTIVE_DATE in changes:
            self._check_day(changes[EFFECTIVE_DATE])
        for field, value in changes.items():
            where = f"changes.{field}"
            if field in ("name", "venue", "outcome"):
                non_blank_text(value, where)
            elif field == "products":
                non_blank_texts(value, where)
            elif field == "sales":
                _sales(value, where)

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Organised":
            self.name, self.venue = fact.fields["name"], fact.fields["venue"]


def _sales(value: Rupiah | None, field: str) -> Rupiah | None:
    if value is not None and (not isinstance(value, Rupiah) or value.amount < 0):
        raise InvalidValue(field, value, "must be rupiah, not negative")
    return value
