"""Helpers for given-events / when-command / then-events tests of aggregates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar
from uuid import uuid4

from eventsourcing.domain import Aggregate

from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.values import KBLI, NIK, Address, Gender, Owner, RegionCode

A = TypeVar("A", bound=Aggregate)

DESA = RegionCode("16.10.08.2003")
SONGKET = KBLI(2020, "13121")


def envelope(
    effective: date = date(2016, 12, 16), reason: str | None = None, user: str = "siti"
) -> Envelope:
    return Envelope(
        actor=Actor(user, "officer"),
        command_id=str(uuid4()),
        effective_date=effective,
        reason=reason,
    )


def owner(name: str = "Siti Aminah", nik: str = "1610084708800001", year: int = 1980) -> Owner:
    parsed = NIK(nik)
    gender = Gender.PEREMPUAN if parsed.is_female else Gender.LAKI_LAKI
    return Owner(name=name, nik=parsed, gender=gender, birth_year=year)


def new_enterprise(
    *,
    founded_on: date = date(2012, 5, 1),
    effective: date = date(2016, 12, 16),
    owners: Sequence[Owner] | None = None,
    **overrides: Any,
) -> Enterprise:
    """A freshly registered enterprise (its Registered event still pending)."""
    fields: dict[str, Any] = {
        "name": "Tenun Songket Siti",
        "owners": [owner()] if owners is None else owners,
        "address": Address(street="Jl. Lintas Timur", desa=DESA),
        "sector": SONGKET,
        "founded_on": founded_on,
        "nib": None,
        **overrides,
    }
    return Enterprise.register(envelope=envelope(effective), **fields)


class Story(Generic[A]):
    """Given events, when a command, then new events.

    Before every command the aggregate is rebuilt from the events recorded so far, so
    what a command sees is only what the events say (as after a reload).
    """

    def __init__(self, aggregate: A) -> None:
        self.events: list[Any] = list(aggregate.collect_events())

    @property
    def aggregate(self) -> A:
        rebuilt: A = replay(self.events)
        return rebuilt

    def when(self, command: Callable[[A], object]) -> list[Any]:
        """Run ``command`` on the rebuilt aggregate; return (and keep) the new events.

        When the command raises, nothing is kept and the error propagates.
        """
        aggregate = self.aggregate
        command(aggregate)
        new = list(aggregate.collect_events())
        self.events += new
        return new


def replay(events: Sequence[Any]) -> Any:
    """Rebuild an aggregate from its events, as the repository does."""
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def kinds(events: Sequence[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


def refused(story: Story[A], command: Callable[[A], object], error: type[Exception]) -> Exception:
    """Assert ``command`` raises ``error`` and leaves no pending event behind."""
    aggregate = story.aggregate
    before = len(story.events)
    try:
        command(aggregate)
    except error as raised:
        assert aggregate.pending_events == [], "a refused command left events behind"
        assert len(story.events) == before
        return raised
    raise AssertionError(f"expected {error.__name__}")


def person(
    serial: int, desa: str, *, born: date = date(1985, 3, 4), female: bool = False
) -> dict[str, Any]:
    """An owner mapping (as embedding systems pass them) with a valid, distinct NIK."""
    kecamatan = desa.replace(".", "")[:6]
    day = born.day + (40 if female else 0)
    return {
        "name": f"Pemilik {serial}",
        "nik": f"{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}",
        "gender": "F" if female else "M",
        "birth_year": born.year,
    }
