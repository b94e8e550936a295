"""Organisations in an IATI file: their identifiers, types and names.

An IATI organisation identifier is the registration agency's code and the number it
gave: ``XM-DAC-41114``, ``ID-COA-1234``, ``XI-IATI-...`` (the agencies are IATI's
OrganisationRegistrationAgency codelist; a publisher takes its own from the IATI
Registry). The agency part is two capital letters (a country, or ``XI``/``XM`` for
international lists), a hyphen and the list's code; the number may not hold spaces nor
``/``, ``&``, ``|`` or ``?``, which IATI's rules refuse in identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from umkm_ledger.interchange.iati.codes import ORGANISATION_TYPES
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.text import name_text

__all__ = [
    "MAX_IDENTIFIER",
    "Organisation",
    "OrganisationBook",
    "named_values",
    "org_identifier",
    "org_type",
]

#: The longest organisation identifier taken (IATI sets none; this is plenty).
MAX_IDENTIFIER = 200

_IDENTIFIER = re.compile(r"[A-Z]{2}(?:_[A-Z]{2})?-[A-Z0-9]+(?:_[A-Z0-9]+)*-[^\s/&|?]+")


def org_identifier(value: object, field: str) -> str:
    """``value`` if it is an IATI organisation identifier (:class:`InvalidValue` naming
    ``field`` otherwise)."""
    if not isinstance(value, str):
        raise InvalidValue(field, type(value).__name__, N_("must be text"))
    if len(value) > MAX_IDENTIFIER or _IDENTIFIER.fullmatch(value) is None:
        raise InvalidValue(
            field,
            value[:MAX_IDENTIFIER],
            N_(
                "is not an IATI organisation identifier: the registration agency's code and "
                "the number it gave, such as XM-DAC-41114 or ID-COA-1234 (no spaces, /, &, "
                "| or ?)"
            ),
        )
    return value


def org_type(value: object, field: str) -> str:
    """An IATI OrganisationType code (``11``, or the number 11)."""
    code = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(code, str) or code not in ORGANISATION_TYPES:
        raise InvalidValue(
            field,
            str(value)[:40],
            N_(
                "must be an IATI organisation type: {choices}",
                choices=", ".join(f"{c} ({n})" for c, n in ORGANISATION_TYPES.items()),
            ),
        )
    return code


@attrs.frozen
class Organisation:
    """An organisation as the file names it: its name, and its identifier and type when
    known (an organisation without an identifier is named only)."""

    name: str
    ref: str | None = None
    type: str | None = None


def _key(name: str) -> str:
    """A name as names are matched: any case, single spaces (as funders' names are)."""
    return " ".join(name.split()).casefold()


class OrganisationBook:
    """The identifiers and types a publisher gives for the organisations of its programs
    (by the names the ledger knows them by), checked; and which of them were used."""

    def __init__(
        self,
        refs: Mapping[str, str] | None,
        types: Mapping[str, str | int] | None,
    ) -> None:
        self._refs = {
            _key(name_text(name, "org_refs")): org_identifier(ref, f"org_refs[{name!r}]")
            for name, ref in _mapping(refs, "org_refs").items()
        }
        self._types = {
            _key(name_text(name, "org_types")): org_type(code, f"org_types[{name!r}]")
            for name, code in _mapping(types, "org_types").items()
        }
        self._names = {
            _key(name): name
            for name in (*_mapping(refs, "org_refs"), *_mapping(types, "org_types"))
        }
        self._seen: set[str] = set()

    def organisation(self, name: str, *, type: str | None = None) -> Organisation:
        """``name`` with the identifier and type given for it (``type``: the one the
        ledger knows, unless the publisher gave another)."""
        key = _key(name)
        self._seen.add(key)
        return Organisation(name, self._refs.get(key), self._types.get(key, type))

    def same(self, one: Organisation, other: Organisation) -> bool:
        """Whether two names are one organisation: the same identifier, or, where
        either has none, the same name."""
        if one.ref is not None and other.ref is not None:
            return one.ref == other.ref
        return _key(one.name) == _key(other.name)

    def check_all_used(self) -> None:
        """Refuse an identifier or type given for a name no program of the file has (a
        name mistyped would otherwise go unnoticed)."""
        for key, name in self._names.items():
            if key not in self._seen:
                field = "org_refs" if key in self._refs else "org_types"
                raise InvalidValue(
                    field,
                    name,
                    N_("names no funder, office or group of the programs in the file"),
                )


def named_values(values: Sequence[str], field: str) -> dict[str, str]:
    """``NAME=VALUE`` texts (how the command line and query strings give ``org_refs``
    and ``org_types``) as a mapping; a name may hold ``=``, a value may not."""
    found: dict[str, str] = {}
    for value in values:
        name, equals, given = value.rpartition("=")
        if not equals or not name.strip() or not given.strip():
            raise InvalidValue(field, value[:80], N_("must be NAME=VALUE"))
        found[name.strip()] = given.strip()
    return found


def _mapping(value: object, field: str) -> Mapping[str, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidValue(field, type(value).__name__, N_("must map names to values"))
    return value
