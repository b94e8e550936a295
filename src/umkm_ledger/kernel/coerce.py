"""Primitive inputs to value objects, for the edges (the Ledger facade and the CLI).

Embedding systems and the command line pass strings, ints and dates; the domain speaks
value objects. Each helper accepts either and names the field in any error. Texts are held
to the text rule (:mod:`umkm_ledger.kernel.values.text`) and numbers to their bounds
(:mod:`umkm_ledger.kernel.values.bounds`) here already, before anything is looked up,
fingerprinted or stored: a lone surrogate or a number of 5000 digits is an
:class:`InvalidValue` like any other bad value, never a raw Python error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from umkm_ledger.kernel.envelope import Actor, check_actor
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import KBLI, NIB, NIK, Address, Gender, Owner, RegionCode, Rupiah
from umkm_ledger.kernel.values.bounds import fact_date, number_from_text, shown_number
from umkm_ledger.kernel.values.checks import checked_address, checked_owner
from umkm_ledger.kernel.values.person import hiding_personal_data
from umkm_ledger.kernel.values.text import name_text, name_texts, shown_text

__all__ = [
    "as_list",
    "to_actor",
    "to_address",
    "to_date",
    "to_dates",
    "to_id",
    "to_ids",
    "to_kbli",
    "to_nib",
    "to_nik",
    "to_owners",
    "to_person",
    "to_region",
    "to_rupiah",
    "to_texts",
]


def shown(value: object) -> object:
    """``value`` as an error may show it (long texts cut, huge numbers described)."""
    return shown_text(value) if isinstance(value, str) else shown_number(value)


def to_date(value: date | str, field: str) -> date:
    """A date, or ISO text ``YYYY-MM-DD``."""
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValue(field, shown(value), "must be a date written YYYY-MM-DD") from None
    raise InvalidValue(field, shown(value), "must be a date or YYYY-MM-DD text")


def to_id(value: UUID | str, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):
        try:
            return UUID(value.strip())
        except ValueError:
            pass
    raise InvalidValue(field, shown(value), "must be a record id (a UUID)")


def to_rupiah(value: Rupiah | int | str, field: str) -> Rupiah:
    """Rupiah, a whole number of rupiah, or written text ("Rp200.000.000", "1,5 miliar")."""
    if isinstance(value, Rupiah):
        return value
    if isinstance(value, str):
        return Rupiah.parse(value, field=field)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return Rupiah(value)
        except InvalidValue as error:
            raise InvalidValue(field, error.shown_value, error.problem) from None
    raise InvalidValue(field, shown(value), "must be whole rupiah (int) or written rupiah text")


def to_region(value: RegionCode | str, field: str) -> RegionCode:
    if isinstance(value, RegionCode):
        return value
    if isinstance(value, str):
        return RegionCode.parse(value, field=field)
    raise InvalidValue(
        field, shown(value), "must be a Kemendagri region code such as 16.10.01.2001"
    )


def to_nib(value: NIB | str, field: str = "nib") -> NIB:
    if isinstance(value, NIB):
        return value
    if isinstance(value, str):
        return NIB.parse(value, field=field)
    raise InvalidValue(field, shown(value), "must be a 13-digit NIB")


def to_kbli(value: KBLI | str, version: int, field: str = "sector") -> KBLI:
    if isinstance(value, KBLI):
        return value
    if isinstance(value, str):
        return KBLI.parse(value, version=version, field=field)
    raise InvalidValue(field, shown(value), "must be a 5-digit KBLI code")


def to_actor(value: Actor | str, field: str = "actor") -> Actor:
    if isinstance(value, Actor):
        return check_actor(value, field)
    if isinstance(value, str):
        return Actor.parse(value, field=field)
    raise InvalidValue(field, shown(value), "must be an Actor or USER@ROLE text")


T = TypeVar("T")


def as_list(values: Sequence[T], field: str, what: str) -> Sequence[T]:
    """``values`` if they are a list (a sequence, not one text); else :class:`InvalidValue`
    saying a list of ``what`` was expected. Callers from other systems pass anything."""
    given: object = values
    if isinstance(given, str | bytes) or not isinstance(given, Sequence):
        raise InvalidValue(field, shown(given), N_("must be a list of {what}", what=N_(what)))
    return values


def to_owners(values: Sequence[Owner | Mapping[str, Any]], field: str = "owners") -> list[Owner]:
    """Owners, or mappings with ``name``, ``nik``, ``gender`` and ``birth_year``."""
    as_list(values, field, "owners")
    return [_to_owner(value, f"{field}[{index}]") for index, value in enumerate(values)]


def _to_owner(value: Owner | Mapping[str, Any], field: str) -> Owner:
    if isinstance(value, Owner):
        return checked_owner(value, field)
    if not isinstance(value, Mapping):
        raise InvalidValue(field, type(value).__name__, "must be an Owner or a mapping")
    missing = [k for k in ("name", "nik", "gender", "birth_year") if k not in value]
    if missing:
        raise InvalidValue(
            field, sorted(map(str, value)), N_("is missing {missing}", missing=", ".join(missing))
        )
    nik = value["nik"]
    gender = value["gender"]
    birth_year = value["birth_year"]
    try:
        owner = Owner(
            name=name_text(value["name"], "name"),
            # Never str() a NIK given as a number: it would print personal data, and a
            # huge one cannot even be printed.
            nik=nik if isinstance(nik, NIK) else NIK.parse(nik, field="nik"),
            gender=gender if isinstance(gender, Gender) else Gender.parse(gender),
            birth_year=(
                number_from_text(birth_year, "birth_year")
                if isinstance(birth_year, str)
                else birth_year
            ),
        )
    except InvalidValue as error:
        raise hiding_personal_data(error).at(field) from None
    return checked_owner(owner, field)


def to_person(value: Owner | Mapping[str, Any], field: str = "person") -> Owner:
    """A person (an :class:`Owner` or a mapping with ``name``, ``nik``, ``gender`` and
    ``birth_year``): a training participant is identified like an owner."""
    return _to_owner(value, field)


def to_nik(value: NIK | str, field: str = "nik") -> NIK:
    return value if isinstance(value, NIK) else NIK.parse(value, field=field)


def to_dates(values: Sequence[date | str], field: str) -> list[date]:
    """Dates of facts (a training's days), or ISO texts of them, from 1900 to 2200."""
    as_list(values, field, "dates")
    return [
        fact_date(to_date(value, f"{field}[{index}]"), f"{field}[{index}]")
        for index, value in enumerate(values)
    ]


def to_ids(values: Sequence[UUID | str], field: str) -> list[UUID]:
    as_list(values, field, "ids")
    return [to_id(value, f"{field}[{index}]") for index, value in enumerate(values)]


def to_texts(values: Sequence[str], field: str, what: str = "texts") -> list[str]:
    """Names (topics, witnesses, products...), each held to the text rule."""
    as_list(values, field, what)
    return list(name_texts(values, field))


def to_address(
    desa: RegionCode | str, street: str, postal_code: str | None, field: str = "address"
) -> Address:
    """An address; errors are located under ``field`` (``address.desa``)."""
    try:
        address = Address(
            street=name_text(street, "street"),
            desa=to_region(desa, "desa"),
            postal_code=postal_code,
        )
    except InvalidValue as error:
        if error.field.startswith("address."):
            raise InvalidValue(
                f"{field}.{error.field.removeprefix('address.')}",
                shown(error.shown_value),
                error.problem,
            ) from None
        raise error.at(field) from None
    return checked_address(address, field)
