"""Validators of the values callers give, for the aggregates' ``VALIDATORS`` tables.

Each takes the value and where it was given (``"address"``, ``"changes.address"``) and
returns the value to record, or raises :class:`InvalidValue` located there. The value
objects' constructors check their shape (and are how stored facts are read back); these
add the rules of what a caller may send now: the text rule
(:mod:`~umkm_ledger.kernel.values.text`) and the bounds
(:mod:`~umkm_ledger.kernel.values.bounds`) applied to what the values hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import fact_date, shown_number
from umkm_ledger.kernel.values.identifiers import NIK
from umkm_ledger.kernel.values.money import Rupiah
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.kernel.values.person import Address, Owner, hiding_personal_data
from umkm_ledger.kernel.values.region import RegionCode
from umkm_ledger.kernel.values.text import MAX_LIST_LENGTH, name_text

__all__ = [
    "checked_address",
    "checked_niks",
    "checked_owner",
    "checked_period",
    "checked_regions",
    "instance",
    "listed",
    "non_negative_rupiah",
    "optional",
]

T = TypeVar("T")


def _described(value: object) -> object:
    return shown_number(value) if isinstance(value, int | str | None) else type(value).__name__


def instance(cls: type[T], what: str) -> Callable[[Any, str], T]:
    """A validator that takes only instances of ``cls`` (``what`` names it in errors)."""

    def check(value: Any, field: str) -> T:
        if not isinstance(value, cls):
            raise InvalidValue(field, _described(value), N_("must be {what}", what=N_(what)))
        return value

    return check


def optional(check: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    """``check``, letting None through (a field the command may leave out)."""

    def check_optional(value: Any, field: str) -> T | None:
        return None if value is None else check(value, field)

    return check_optional


def listed(value: object, field: str, what: str, *, at_least: int = 0) -> Sequence[Any]:
    """``value`` if it is a list (a sequence, not one text) of ``at_least`` to
    :data:`MAX_LIST_LENGTH` entries; else :class:`InvalidValue` saying a list of
    ``what`` was expected."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InvalidValue(field, _described(value), N_("must be a list of {what}", what=N_(what)))
    if not at_least <= len(value) <= MAX_LIST_LENGTH:
        raise InvalidValue(
            field,
            f"{len(value)} entries",
            N_(
                "must list {minimum} to {maximum} {what}",
                minimum=at_least,
                maximum=MAX_LIST_LENGTH,
                what=N_(what),
            ),
        )
    return value


def non_negative_rupiah(value: object, field: str) -> Rupiah:
    """Rupiah, zero or more (a reported figure, sales made)."""
    if not isinstance(value, Rupiah) or value.is_negative:
        raise InvalidValue(field, _described(value), "must be rupiah, not negative")
    return value


def checked_owner(value: object, field: str) -> Owner:
    """An :class:`Owner` whose name keeps the text rule."""
    owner = instance(Owner, "an owner (name, NIK, gender, birth year)")(value, field)
    try:
        name_text(owner.name, "name")
    except InvalidValue as error:
        raise hiding_personal_data(error).at(field) from None
    return owner


def checked_address(value: object, field: str) -> Address:
    """An :class:`Address` whose street keeps the text rule."""
    address = instance(Address, "an address (desa, street, postal code)")(value, field)
    name_text(address.street, f"{field}.street")
    return address


def checked_period(value: object, field: str) -> Period:
    """A :class:`Period` that starts and ends from 1900-01-01 to 2200-12-31."""
    period = instance(Period, "a period")(value, field)
    fact_date(period.start, f"{field}.start")
    fact_date(period.end, f"{field}.end")
    return period


def checked_regions(value: object, field: str, *, at_least: int = 1) -> tuple[RegionCode, ...]:
    """Region codes, at least ``at_least``, none repeated."""
    regions = tuple(listed(value, field, "region codes", at_least=at_least))
    for index, region in enumerate(regions):
        instance(RegionCode, "a region code")(region, f"{field}[{index}]")
    if len(set(regions)) != len(regions):
        raise InvalidValue(field, [str(r) for r in regions], "must not repeat a region")
    return regions


def checked_niks(value: object, field: str) -> tuple[NIK, ...]:
    """At least one NIK, none listed twice (errors never show a NIK)."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or not value:
        raise InvalidValue(field, "<hidden>", "must list at least one person")
    niks = tuple(value)
    for index, nik in enumerate(niks):
        if not isinstance(nik, NIK):
            raise InvalidValue(f"{field}[{index}]", "<hidden>", "must be a NIK")
    if len(set(niks)) != len(niks):
        raise InvalidValue(field, "<hidden>", "lists a person twice")
    return niks
