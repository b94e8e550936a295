"""The vocabulary of money for programs: where funds come from, what form aid takes,
and the items a grant of goods is made of."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from typing import TypeVar

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import MAX_COUNT, shown_number, whole_number
from umkm_ledger.kernel.values.checks import instance, listed, non_negative_rupiah
from umkm_ledger.kernel.values.money import MAX_AMOUNT, Rupiah
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.kernel.vocabulary import register_terms

__all__ = [
    "Delivery",
    "FundingSource",
    "GrantItem",
    "Instrument",
    "UtilisationStatus",
    "check_fiscal_year",
    "checked_deliveries",
    "checked_items",
    "item_kind_of",
    "non_blank_text",
    "non_blank_texts",
    "positive_rupiah",
]


class FundingSource(enum.Enum):
    """Where a funder's money comes from (the budget lines Indonesian programs name)."""

    APBN = "APBN"
    APBD_PROVINSI = "APBD provinsi"
    APBD_KABUPATEN = "APBD kabupaten"
    DAK = "DAK"
    TJSL_BUMN = "TJSL BUMN"
    PRIVATE_CSR = "private CSR"
    BANK_KUR = "bank/KUR"
    SELF_FUNDED = "self-funded"

    @classmethod
    def parse(cls, text: str | FundingSource, field: str = "source") -> FundingSource:
        """A source from its value or name, any case (``"tjsl bumn"``, ``"APBD_KABUPATEN"``)."""
        return _parse_enum(cls, text, field)


class Instrument(enum.Enum):
    """The form aid takes. Goods and loans in kind are given as items; cash as an amount."""

    CASH_GRANT = "cash grant"
    IN_KIND_GOODS = "in-kind goods"
    LOAN = "loan"
    INTEREST_SUBSIDY = "interest subsidy"
    TRAINING = "training"
    MENTORING = "mentoring"

    @classmethod
    def parse(cls, text: str | Instrument, field: str = "instrument") -> Instrument:
        return _parse_enum(cls, text, field)

    @property
    def in_items(self) -> bool:
        """Whether aid of this instrument is given as items (goods, or goods lent)."""
        return self in (Instrument.IN_KIND_GOODS, Instrument.LOAN)


class UtilisationStatus(enum.Enum):
    """What a monitoring visit found the aid doing."""

    IN_USE = "in use"
    IDLE = "idle"
    SOLD = "sold"
    BROKEN = "broken"
    LOST = "lost"

    @classmethod
    def parse(cls, text: str | UtilisationStatus, field: str = "condition") -> UtilisationStatus:
        return _parse_enum(cls, text, field)


T = TypeVar("T", bound=enum.Enum)


def _parse_enum(cls: type[T], text: str | T, field: str) -> T:
    if isinstance(text, cls):
        return text
    if isinstance(text, str):
        wanted = _squash(text)
        for member in cls:
            if wanted in (_squash(str(member.value)), _squash(member.name)):
                return member
    choices = ", ".join(str(m.value) for m in cls)
    raise InvalidValue(field, text, N_("must be one of: {choices}", choices=choices))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def item_kind_of(description: str) -> str:
    """The kind an item description names, for "the same item twice" checks: lower
    case, single spaces (``"Songket  Loom"`` and ``"songket loom"`` are one kind)."""
    return " ".join(description.lower().split())


def non_blank_text(value: str, field: str) -> str:
    """``value`` stripped; a blank (or not a text) is refused naming ``field``.

    The shape a value object's text must have, also when it is read back from the log;
    what callers send is held to the stricter :func:`~umkm_ledger.kernel.values.text.name_text`.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, value, "must be a non-empty text")
    return value.strip()


def non_blank_texts(values: Sequence[str], field: str) -> tuple[str, ...]:
    """Each of ``values`` stripped; not a list, or a blank in it, is refused naming where."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise InvalidValue(field, values, "must be a list of texts")
    return tuple(non_blank_text(v, f"{field}[{i}]") for i, v in enumerate(values))


def positive_rupiah(value: Rupiah, field: str) -> Rupiah:
    """``value`` if it is rupiah above zero; anything else is refused naming ``field``."""
    if not isinstance(value, Rupiah) or value.amount <= 0:
        shown = value if isinstance(value, Rupiah) else shown_number(value)
        raise InvalidValue(field, shown, "must be an amount of rupiah above zero")
    return value


def check_fiscal_year(year: int, field: str = "fiscal_year") -> int:
    """A fiscal year (the calendar year, in Indonesia) between 1945 and 2200."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1945 <= year <= 2200:
        raise InvalidValue(field, shown_number(year), "must be a year from 1945 to 2200")
    return year


@attrs.frozen
class GrantItem:
    """One line of goods in a grant: ``quantity`` of ``description`` at ``unit_value``.

    ``kind`` is what "the same item" means for eligibility (by default the description,
    normalised); give it when descriptions vary (``"mesin jahit Butterfly"`` and
    ``"mesin jahit Singer"`` are both ``"mesin jahit"``).
    """

    description: str
    quantity: int
    unit_value: Rupiah
    kind: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.description, str) or not self.description.strip():
            raise InvalidValue("item.description", self.description, "must name the item")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise InvalidValue("item.quantity", self.quantity, "must be a whole number")
        if self.quantity < 1:
            raise InvalidValue("item.quantity", self.quantity, "must be at least 1")
        if not isinstance(self.unit_value, Rupiah) or self.unit_value.amount < 0:
            raise InvalidValue("item.unit_value", self.unit_value, "must be rupiah, not negative")
        if self.quantity * self.unit_value.amount > MAX_AMOUNT:
            raise InvalidValue("item.quantity", self.quantity, "makes more than Rp10.000 triliun")
        if not isinstance(self.kind, str):
            raise InvalidValue("item.kind", self.kind, "must be a text")
        object.__setattr__(self, "kind", item_kind_of(self.kind or self.description))

    @property
    def value(self) -> Rupiah:
        return Rupiah(self.quantity * self.unit_value.amount)

    @property
    def key(self) -> str:
        """Which line of a grant this is (deliveries name it by its description)."""
        return item_kind_of(self.description)


@attrs.frozen
class Delivery:
    """``quantity`` of the grant item ``description`` handed over (or given back), with
    the serial numbers of the pieces that have one."""

    description: str
    quantity: int
    serial_numbers: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.description, str) or not self.description.strip():
            raise InvalidValue("delivery.description", self.description, "must name an item")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise InvalidValue("delivery.quantity", self.quantity, "must be a whole number")
        if self.quantity < 1:
            raise InvalidValue("delivery.quantity", self.quantity, "must be at least 1")
        serials = self.serial_numbers
        if not isinstance(serials, tuple) or not all(
            isinstance(s, str) and s.strip() for s in serials
        ):
            raise InvalidValue(
                "delivery.serial_numbers", serials, "must be a tuple of non-blank texts"
            )
        if len(serials) > self.quantity:
            raise InvalidValue(
                "delivery.serial_numbers",
                serials,
                N_("lists more than {quantity} pieces", quantity=self.quantity),
            )
        if len(set(serials)) != len(serials):
            raise InvalidValue("delivery.serial_numbers", serials, "repeats a serial number")

    @property
    def key(self) -> str:
        """The item line it refers to (descriptions match in any case and spacing)."""
        return item_kind_of(self.description)


def checked_items(values: object, field: str) -> tuple[GrantItem, ...]:
    """Grant items as a caller may send them: descriptions and kinds that keep the text
    rule, 1 to :data:`MAX_COUNT` pieces, each item listed once."""
    items = tuple(listed(values, field, "grant items"))
    for index, value in enumerate(items):
        where = f"{field}[{index}]"
        item = instance(GrantItem, "a grant item")(value, where)
        name_text(item.description, f"{where}.description")
        name_text(item.kind, f"{where}.kind")
        whole_number(item.quantity, f"{where}.quantity", minimum=1, maximum=MAX_COUNT)
        non_negative_rupiah(item.unit_value, f"{where}.unit_value")
        if [i.key for i in items].index(item.key) != index:
            raise InvalidValue(where, item.description, "is listed twice")
    return items


def checked_deliveries(values: object, field: str) -> tuple[Delivery, ...]:
    """Deliveries as a caller may send them: descriptions and serial numbers that keep
    the text rule, 1 to :data:`MAX_COUNT` pieces."""
    deliveries = tuple(listed(values, field, "delivered items"))
    for index, value in enumerate(deliveries):
        where = f"{field}[{index}]"
        delivery = instance(Delivery, "a delivered item")(value, where)
        name_text(delivery.description, f"{where}.description")
        whole_number(delivery.quantity, f"{where}.quantity", minimum=1, maximum=MAX_COUNT)
        for number, serial in enumerate(delivery.serial_numbers):
            name_text(serial, f"{where}.serial_numbers[{number}]")
    return deliveries


# Words shown to people (the catalogue must have each in Indonesian).
register_terms(FundingSource, Instrument, UtilisationStatus)
