"""Every kind of record the ledger keeps, and what users call it ("grant", "KUR
referral"): one list for error messages, timelines, histories and the audit trail.

Each context registers its records as their modules are imported
(:func:`register_record_kind`); importing :mod:`umkm_ledger` imports them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from umkm_ledger.kernel.aggregate import LedgerAggregate

__all__ = ["RECORD_KINDS", "record_kind", "register_record_kind"]

_KINDS: dict[type[LedgerAggregate], str] = {}
_BY_NAME: dict[str, str] = {}

#: Each record class and what users call it, in the order they were registered.
RECORD_KINDS: Mapping[type[LedgerAggregate], str] = MappingProxyType(_KINDS)


def register_record_kind(cls: type[LedgerAggregate], kind: str) -> None:
    """Call records of ``cls`` ``kind`` in everything said to people."""
    if cls.__name__ in _BY_NAME:
        raise ValueError(f"{cls.__name__} already has a record kind")
    _KINDS[cls] = kind
    _BY_NAME[cls.__name__] = kind


def record_kind(class_name: str) -> str:
    """What users call a record, from its class's name (``Grant`` -> ``grant``); a class
    not listed is called by its name in lower case."""
    return _BY_NAME.get(class_name, class_name.lower())
