"""A correction's changes, from the primitive forms the commands accept.

``Ledger.correct(..., changes={"amount": "Rp150.000.000"})`` takes each corrected value in
the form the field's command takes it (an amount as text, a date as ``YYYY-MM-DD``, a
desa as a code, a list of names), turns it into the value the fact holds, and leaves the
judging to the field's one validator in the domain (``LedgerAggregate.VALIDATORS``), so
a value the command refuses is refused by the correction with the same words. A form no
command takes (a year as text, an address as ``None``) is passed on as given, and that
validator refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from umkm_ledger.enterprises.group import GroupKind
from umkm_ledger.funding.values import FundingSource, UtilisationStatus
from umkm_ledger.kernel.coerce import (
    to_address,
    to_date,
    to_id,
    to_kbli,
    to_nib,
    to_nik,
    to_owners,
    to_region,
)
from umkm_ledger.kernel.coerce import to_rupiah as _to_rupiah
from umkm_ledger.kernel.envelope import Actor
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import KBLI
from umkm_ledger.kernel.values.bounds import whole_number
from umkm_ledger.platform.session import Session
from umkm_ledger.programs.service import ProgramsService, coerce_program_change

__all__ = ["CorrectionService", "coerce_change"]

Form = Callable[[Any, str, Any], Any]


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _date(value: Any, where: str, _old: Any) -> Any:
    return to_date(value, where)


def _rupiah(value: Any, where: str, _old: Any) -> Any:
    return _to_rupiah(value, where)


def _optional_rupiah(value: Any, where: str, _old: Any) -> Any:
    return None if value is None else _to_rupiah(value, where)


def _nib(value: Any, where: str, _old: Any) -> Any:
    # A registration may record no NIB, so None is a form its command takes.
    return None if value is None else to_nib(value, where)


def _sector(value: Any, where: str, old: Any) -> Any:
    return to_kbli(value, old.version if isinstance(old, KBLI) else 2020, where)


def _region(value: Any, where: str, _old: Any) -> Any:
    return to_region(value, where)


def _address(value: Any, where: str, _old: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    desa: Any = value.get("desa")  # missing: refused by to_address, located
    return to_address(desa, value.get("street", "-"), value.get("postal_code"), where)


def _group_kind(value: Any, where: str, _old: Any) -> Any:
    return GroupKind.parse(value, where) if isinstance(value, str) else value


def _owners(value: Any, where: str, _old: Any) -> Any:
    return tuple(to_owners(value, where)) if _is_list(value) else value


def _present(value: Any, where: str, _old: Any) -> Any:
    # An attendance list: NIKs, as record_attendance takes them.
    if not _is_list(value):
        return value
    return tuple(to_nik(nik, f"{where}[{i}]") for i, nik in enumerate(value))


def _source(value: Any, where: str, _old: Any) -> Any:
    return FundingSource.parse(value, where) if isinstance(value, str) else value


def _condition(value: Any, where: str, _old: Any) -> Any:
    return UtilisationStatus.parse(value, where) if isinstance(value, str) else value


def _names(value: Any, _where: str, _old: Any) -> Any:
    # A list of names (witnesses, topics...): the fact holds a tuple.
    return tuple(value) if _is_list(value) else value


#: The form each correctable field's command takes it in, by field name (a name means
#: the same field in every record that has it).
_FORMS: Mapping[str, Form] = {
    "effective_date": _date,
    "founded_on": _date,
    "planned_on": _date,
    "amount": _rupiah,
    "amount_requested": _rupiah,
    "sales": _optional_rupiah,
    "sales_before": _optional_rupiah,
    "sales_after": _optional_rupiah,
    "nib": _nib,
    "sector": _sector,
    "region": _region,
    "address": _address,
    "kind": _group_kind,
    "owners": _owners,
    "present": _present,
    "source": _source,
    "condition": _condition,
    "funders": _names,
    "topics": _names,
    "trainers": _names,
    "witnesses": _names,
    "products": _names,
}


def coerce_change(field: str, value: Any, old: Any) -> Any:
    """``value`` for the corrected ``field`` (which held ``old``), from the form its
    command takes; errors are located at ``changes.<field>``."""
    where = f"changes.{field}"
    form = _FORMS.get(field)
    if form is not None:
        return form(value, where, old)
    return coerce_program_change(field, value, old)


class CorrectionService:
    """Corrections of any record, in every context: the one command that spans them
    (each value coerced from its primitive form, then the record's own rules)."""

    def __init__(self, session: Session, programs: ProgramsService) -> None:
        self._session = session
        self._app = session.app
        self._programs = programs

    def correct(
        self,
        record_id: UUID | str,
        *,
        version: int,
        changes: Mapping[str, Any],
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        version = whole_number(version, "version", minimum=1)
        aggregate_id = to_id(record_id, "record_id")
        if not isinstance(changes, Mapping):
            raise InvalidValue(
                "changes", type(changes).__name__, "must map each corrected field to its value"
            )
        record = self._app.record(aggregate_id)
        fact = record.facts.get(version)
        typed = {
            field: coerce_change(field, value, fact.fields.get(field) if fact else None)
            for field, value in changes.items()
        }
        # What the record's correct() checks first, checked here already (the same code):
        # nothing is fingerprinted or looked up with a value the record would refuse.
        record.checked_changes(version, typed, envelope=envelope)
        return self._app.correct(
            aggregate_id,
            version,
            typed,
            envelope,
            idempotent=idempotent,
            check=self._programs.check_program_dates,
        )
