"""How the ledger's value objects are written into stored events.

Names given here are stored with every event and must never change; a new encoding
gets a new name and the old one keeps decoding. Value objects hold no serialisation
code of their own: it all lives here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoding,
)

from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import UmkmLedgerError
from umkm_ledger.kernel.values import (
    KBLI,
    NIB,
    NIK,
    Address,
    Gender,
    Owner,
    RegionCode,
    RegionLevel,
    Rupiah,
)
from umkm_ledger.kernel.values.period import Period

__all__ = [
    "AttrsAsDict",
    "EnumAsValue",
    "TupleRestoringMapper",
    "ledger_transcodings",
    "register_transcodings",
]


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class RupiahAsInt(Transcoding):
    type = Rupiah
    name = "rp"

    def encode(self, obj: Rupiah) -> int:
        return obj.amount

    def decode(self, data: int) -> Rupiah:
        return Rupiah(data)


class NIKAsDict(Transcoding):
    """A NIK written plain, as ledgers from before sealing write it (the person id it
    may carry is the key store's, never written here)."""

    type = NIK
    name = "nik"

    def encode(self, obj: NIK) -> dict[str, str]:
        return {"value": obj.value}

    def decode(self, data: dict[str, str]) -> NIK:
        return NIK(data["value"])


class AttrsAsDict(Transcoding):
    """An attrs value object as a dict of its fields (nested values encode themselves)."""

    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name
        # Fields outside the value (``eq=False``: whose key seals it) are not written.
        self._fields = tuple(f.name for f in attrs.fields(cls) if f.eq)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: _tuples(v) for k, v in data.items()})


class EnumAsValue(Transcoding):
    def __init__(self, cls: type[enum.Enum], name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: enum.Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> enum.Enum:
        member: enum.Enum = self.type(data)
        return member


_REGISTERED: list[Transcoding] = []


def register_transcodings(*transcodings: Transcoding) -> None:
    """Have every ledger write and read these (each context registers its values')."""
    names = {t.name for t in _REGISTERED}
    taken = sorted(t.name for t in transcodings if t.name in names)
    if taken:
        raise ValueError(f"transcodings already registered: {', '.join(taken)}")
    _REGISTERED.extend(transcodings)


def ledger_transcodings() -> Iterable[Transcoding]:
    """Every transcoding the ledger's events need, in no particular order: the shared
    kernel's values here, each context's as it registered them."""
    yield DateAsISO()
    yield RupiahAsInt()
    yield NIKAsDict()
    for cls, name in [
        (RegionCode, "region"),
        (NIB, "nib"),
        (KBLI, "kbli"),
        (Owner, "owner"),
        (Address, "address"),
        (Actor, "actor"),
        (Envelope, "envelope"),
        (Period, "period"),
    ]:
        yield AttrsAsDict(cls, name)
    yield EnumAsValue(Gender, "gender")
    yield EnumAsValue(RegionLevel, "region_level")
    yield from _REGISTERED


def register_ledger_transcodings(transcoder: JSONTranscoder) -> None:
    for transcoding in ledger_transcodings():
        transcoder.register(transcoding)


def _tuples(value: Any) -> Any:
    # JSON has arrays only; the ledger's events and values use tuples only (immutable
    # facts), so every array read back is a tuple. Replay then compares equal.
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


class TupleRestoringMapper(Mapper[Any]):
    """eventsourcing's mapper, giving back tuples where the events had tuples."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        try:
            event = super().to_domain_event(stored_event)
        except MapperDeserialisationError as error:
            # The ledger's own refusal while decoding (a key that does not open): said
            # as itself, under the one base class, not as eventsourcing's wrapper.
            if isinstance(error.__cause__, UmkmLedgerError):
                raise error.__cause__ from None
            raise
        state = vars(event)
        for key, value in state.items():
            if isinstance(value, list | dict):
                state[key] = _tuples(value)
        return event
