"""The ledger's values as plain JSON, for readers outside Python.

What the public event feed writes, independent of how events are stored: rupiah as whole
numbers, dates and times as ISO 8601 text, ids as text, enumerations as their values,
value objects as objects of their fields, tuples as arrays. A region code is its dotted
text, with the edition of the code list beside it (``desa`` and ``desa_edition``; a list
of regions has ``scope_editions``): a code means a place only within its edition. A form
made with ``region_names`` (what people's tools read: the command line's and the HTTP
service's JSON, not the feed, whose facts stay as recorded) also gives each region's name
in its edition (``desa_name``, ``scope_names``; null where it is not known).

Personal data (a NIK wherever it is, and the fields value objects mark personal: owners'
names and birth years, street addresses) is shown in full only when asked for
(:attr:`PersonalData.FULL`). Otherwise a NIK becomes a keyed pseudonym (HMAC-SHA-256
under a key the ledger's operator holds: the same person gets the same pseudonym in
every line, and without the key it cannot be turned back into the NIK), or, without a
key, its masked form (``161001********12``); the other personal fields become ``null``,
and so do command ids (callers may build them of personal data), unless keyed too.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values import NIB, NIK, RegionCode, Rupiah
from umkm_ledger.kernel.values.person import is_personal

__all__ = [
    "COMMAND_PREFIX",
    "EDITIONS_SUFFIX",
    "EDITION_SUFFIX",
    "NAMES_SUFFIX",
    "NAME_SUFFIX",
    "PSEUDONYM_PREFIX",
    "PersonalData",
    "PlainForm",
]

#: The key of a region's edition beside the region's own key (``desa_edition``).
EDITION_SUFFIX = "_edition"
#: The key of the editions of a list of regions (``scope_editions``), one per region.
EDITIONS_SUFFIX = "_editions"
#: The key of a region's name beside the region's own key (``desa_name``).
NAME_SUFFIX = "_name"
#: The key of the names of a list of regions (``scope_names``), one per region.
NAMES_SUFFIX = "_names"
#: How a pseudonymised NIK starts (then 32 hex digits).
PSEUDONYM_PREFIX = "nik:hmac-sha256:"
#: How a pseudonymised command id starts (then 32 hex digits).
COMMAND_PREFIX = "command:hmac-sha256:"
_MIN_KEY_BYTES = 16


class PersonalData(enum.Enum):
    """How much personal data a reader outside the ledger gets."""

    #: NIKs pseudonymised (or masked, without a key); names, birth years and street
    #: addresses left out (``null``). The default for feeds and exports to others.
    PSEUDONYMOUS = "pseudonymous"
    #: Everything as recorded: only for readers with a legal basis to process it.
    FULL = "full"


@attrs.frozen
class PlainForm:
    """Turns decoded event values into plain JSON values, hiding personal data unless
    ``personal`` is :attr:`PersonalData.FULL`."""

    personal: PersonalData = PersonalData.PSEUDONYMOUS
    #: The key of the NIK pseudonyms (at least 16 bytes); None: NIKs are masked.
    pseudonym_key: bytes | None = attrs.field(default=None, repr=False)
    #: With full personal data: NIKs still masked (what people who may see names, but
    #: need no NIK, are shown: the command line's JSON, as its text shows).
    niks_masked: bool = False
    #: Names each region beside its code (its name in its edition, or None).
    region_names: Callable[[RegionCode], str | None] | None = attrs.field(
        default=None, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        key = self.pseudonym_key
        if key is not None and (not isinstance(key, bytes) or len(key) < _MIN_KEY_BYTES):
            raise InvalidValue(
                "pseudonym_key",
                "<hidden>",
                N_("must be at least {size} bytes", size=_MIN_KEY_BYTES),
            )

    @property
    def full(self) -> bool:
        return self.personal is PersonalData.FULL

    def nik(self, nik: NIK) -> str:
        """A NIK as this form shows it: in full, pseudonymised or masked (an erased one
        as :data:`~umkm_ledger.kernel.values.identifiers.ERASED`, in every form)."""
        if nik.is_erased:
            return nik.masked()
        if self.full and not self.niks_masked:
            return nik.value
        if self.full or self.pseudonym_key is None:
            return nik.masked()
        return PSEUDONYM_PREFIX + self._keyed(b"nik", nik.value)

    def command_id(self, command_id: str) -> str | None:
        """A command id as this form shows it. Callers choose command ids and may build
        them of personal data (``registry-2024:<NIK>``), and a digest of a row is as good
        as the row to whoever can guess it: so the pseudonymous form keys it like a NIK
        (the same command, the same pseudonym), or, without a key, leaves it out."""
        if self.full:
            return command_id
        if self.pseudonym_key is None:
            return None
        return COMMAND_PREFIX + self._keyed(b"command", command_id)

    def _keyed(self, purpose: bytes, text: str) -> str:
        assert self.pseudonym_key is not None
        message = purpose + b"\x00" + text.encode()
        return hmac.new(self.pseudonym_key, message, hashlib.sha256).hexdigest()[:32]

    def event_fields(self, event: Any) -> dict[str, Any]:
        """An event's own fields (``fact_fields()``) as a JSON object, the fields its
        class marks personal (``dataclasses.field(metadata=PERSONAL)``) hidden as a value
        object's are."""
        values = event.fact_fields()
        hidden = {f.name for f in dataclasses.fields(event) if is_personal(f)}
        plain: dict[str, Any] = {}
        for name, value in values.items():
            shown = None if name in hidden and not self.full else value
            self._put(plain, str(name), shown)
        return plain

    def fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Named values (an event's fields, a value object's) as a JSON object."""
        plain: dict[str, Any] = {}
        for name, value in values.items():
            self._put(plain, str(name), value)
        return plain

    def value(self, value: Any) -> Any:
        """One value as plain JSON."""
        if isinstance(value, enum.Enum):  # before int and str: IntEnum is an int
            return self.value(value.value)
        if value is None or isinstance(value, bool | str | int | float):
            return value
        if isinstance(value, Rupiah):
            return value.amount
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, bytes):
            return value.hex()  # hashes and signatures
        if isinstance(value, NIK):
            return self.nik(value)
        if isinstance(value, RegionCode):
            return value.code
        if isinstance(value, NIB):
            return value.value
        if isinstance(value, tuple | list | frozenset | set):
            items = sorted(value, key=str) if isinstance(value, frozenset | set) else value
            return [self.value(v) for v in items]
        if isinstance(value, Mapping):
            return self.fields(value)
        if attrs.has(type(value)):
            return self._attrs(value)
        raise TypeError(f"no plain form for a {type(value).__qualname__}")

    def _attrs(self, value: Any) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if not field.eq:
                continue  # not part of the value (whose key seals it)
            shown = getattr(value, field.name)
            if is_personal(field) and not self.full and not isinstance(shown, NIK):
                shown = None
            self._put(plain, field.name, shown)
        return plain

    def _put(self, plain: dict[str, Any], name: str, value: Any) -> None:
        plain[name] = self.value(value)
        names = self.region_names
        if isinstance(value, RegionCode):
            plain[name + EDITION_SUFFIX] = value.edition
            if names is not None:
                plain[name + NAME_SUFFIX] = names(value)
        elif isinstance(value, tuple) and value and all(isinstance(v, RegionCode) for v in value):
            plain[name + EDITIONS_SUFFIX] = [v.edition for v in value]
            if names is not None:
                plain[name + NAMES_SUFFIX] = [names(v) for v in value]
