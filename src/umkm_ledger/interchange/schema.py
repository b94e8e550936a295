"""JSON Schemas of the public event feed's ``data``, made from the event classes.

Each public event type has one schema per version of its plain form (see
:mod:`umkm_ledger.interchange.plain`), generated from the type hints of its fields: the
schema a consumer validates against is the code's own description, not a copy kept by
hand. The package ships them (``interchange/schemas/<type>.v<N>.json``; ``umkm-ledger
feed schema`` prints them) and a test checks that the shipped files are what the code
generates. A change to an event's plain form that a consumer could notice gets a new
version in :data:`SCHEMA_VERSIONS`; the file of the old version stays.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.interchange.plain import (
    COMMAND_PREFIX,
    EDITION_SUFFIX,
    EDITIONS_SUFFIX,
    NAME_SUFFIX,
    NAMES_SUFFIX,
    PSEUDONYM_PREFIX,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.event_types import EventType, event_types
from umkm_ledger.kernel.values import NIB, NIK, RegionCode, Rupiah
from umkm_ledger.kernel.values.identifiers import ERASED
from umkm_ledger.kernel.values.person import is_personal

__all__ = [
    "SCHEMA_VERSIONS",
    "data_schema",
    "feed_type",
    "public_event_types",
    "read_model_schema",
    "schema_id",
    "schema_version",
    "shipped_schema",
]

#: The version of each event type's plain form, where it is not 1. Raise a type's
#: version when its data changes in a way a consumer could notice (a field added,
#: removed, renamed or retyped), and keep the old schema file.
SCHEMA_VERSIONS: Mapping[str, int] = {}

#: The CloudEvents ``type`` of every public event starts with this.
TYPE_PREFIX = "umkm-ledger."

# Fields every stored event has that the CloudEvent carries in its own attributes.
_ATTRIBUTES = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})

_NIK_PATTERN = (
    r"^([0-9]{16}|[0-9]{6}\*{8}[0-9]{2}|\[erased\]|"
    + PSEUDONYM_PREFIX.replace(".", r"\.")
    + r"[0-9a-f]{32})$"
)
_REGION_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"


def public_event_types() -> list[EventType]:
    """Every event type the feed carries (bookkeeping left out), by name."""
    return sorted(
        (t for t in event_types().values() if t.public and t.name.count(".") == 2),
        key=lambda t: t.name,
    )


def schema_version(name: str) -> int:
    return SCHEMA_VERSIONS.get(name, 1)


def feed_type(name: str) -> str:
    """The CloudEvents ``type`` of the stored type ``name``: ``umkm-ledger.<name>.v<N>``."""
    return f"{TYPE_PREFIX}{name}.v{schema_version(name)}"


def schema_id(name: str, version: int | None = None) -> str:
    """The ``$id`` of a type's data schema (the feed's ``dataschema``)."""
    return f"urn:umkm-ledger:schema:{name}.v{version or schema_version(name)}"


def data_schema(event_type: EventType) -> dict[str, Any]:
    """The JSON Schema of ``event_type``'s ``data`` in the feed, at its current version."""
    cls = event_type.cls
    hints = typing.get_type_hints(cls)
    builder = _Builder()
    properties: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in _ATTRIBUTES or field.name == "envelope":
            continue
        builder.put(properties, field.name, hints[field.name], personal=is_personal(field))
    properties["envelope"] = _envelope_schema()
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(event_type.name),
        "title": event_type.name,
        "description": _described(cls),
        "type": "object",
        "properties": properties,
        "required": builder.required(properties),
        "additionalProperties": False,
    }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def _envelope_schema() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "description": "Who recorded the fact, as part of which command, effective when, "
        "from which system and why.",
        "type": "object",
        "properties": {
            "user_id": text,
            "role": text,
            "command_id": {
                "type": ["string", "null"],
                "description": "as given, in a feed with full personal data; otherwise "
                f"{COMMAND_PREFIX}<32 hex digits> (keyed) or null",
            },
            "effective_date": {"type": "string", "format": "date"},
            "source_system": text,
            "reason": {"type": ["string", "null"]},
        },
        "required": ["command_id", "effective_date", "reason", "role", "source_system", "user_id"],
        "additionalProperties": False,
    }


assert {f.name for f in attrs.fields(Envelope)} == {
    "actor",
    "command_id",
    "effective_date",
    "source_system",
    "reason",
}


class _Builder:
    def __init__(self, *, names: bool = False) -> None:
        #: Whether regions have their names beside them (read models' JSON; not the feed).
        self.names = names
        self.defs: dict[str, Any] = {}
        # Keys that plain JSON leaves out where there is nothing to say: the edition of
        # a region that is null, the editions of an empty list of regions.
        self._optional: set[tuple[int, str]] = set()

    def required(self, properties: Mapping[str, Any]) -> list[str]:
        return sorted(name for name in properties if (id(properties), name) not in self._optional)

    def put(self, properties: dict[str, Any], name: str, hint: Any, *, personal: bool) -> None:
        schema = self.schema(hint)
        if personal and hint is not NIK:
            schema = _nullable(schema, "personal data: null unless the feed was asked for it")
        properties[name] = schema
        inner = _without_none(hint)
        if inner is RegionCode:
            properties[name + EDITION_SUFFIX] = {
                "type": "string",
                "description": "the edition of the region code list (left out when "
                f"{name} is null)",
            }
            if inner is not hint:
                self._optional.add((id(properties), name + EDITION_SUFFIX))
            if self.names:
                properties[name + NAME_SUFFIX] = {
                    "type": ["string", "null"],
                    "description": "the region's name in its edition (null where the "
                    f"region names do not know it; left out when {name} is null)",
                }
                if inner is not hint:
                    self._optional.add((id(properties), name + NAME_SUFFIX))
        elif typing.get_origin(inner) is tuple and typing.get_args(inner)[:1] == (RegionCode,):
            properties[name + EDITIONS_SUFFIX] = {
                "type": "array",
                "items": {"type": "string"},
                "description": "the edition of each region code, in order (left out "
                "when the list is empty)",
            }
            self._optional.add((id(properties), name + EDITIONS_SUFFIX))
            if self.names:
                properties[name + NAMES_SUFFIX] = {
                    "type": "array",
                    "items": {"type": ["string", "null"]},
                    "description": "the name of each region, in order (null where not "
                    "known; left out when the list is empty)",
                }
                self._optional.add((id(properties), name + NAMES_SUFFIX))

    def schema(self, hint: Any) -> dict[str, Any]:
        if hint is Any:
            return {}
        if hint is type(None):
            return {"type": "null"}
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [self.schema(arg) for arg in typing.get_args(hint)]
            return {"anyOf": options}
        if origin is tuple:
            args = typing.get_args(hint)
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.schema(args[0])}
            return {
                "type": "array",
                "prefixItems": [self.schema(arg) for arg in args],
                "items": False,
            }
        if origin in (dict, Mapping):
            value = typing.get_args(hint)[1] if typing.get_args(hint) else Any
            return {"type": "object", "additionalProperties": self.schema(value)}
        if isinstance(hint, type):
            return self._class(hint)
        raise TypeError(f"no schema for {hint!r}")

    def _class(self, cls: type) -> dict[str, Any]:
        if issubclass(cls, enum.Enum):
            values = [member.value for member in cls]
            return {"enum": values, "description": f"one of the {cls.__name__} values"}
        if cls is bool:
            return {"type": "boolean"}
        if cls is int:
            return {"type": "integer"}
        if cls is float:
            return {"type": "number"}
        if cls is str:
            return {"type": "string"}
        if cls is datetime:
            return {"type": "string", "format": "date-time"}
        if cls is date:
            return {"type": "string", "format": "date"}
        if cls is UUID:
            return {"type": "string", "format": "uuid"}
        if cls is bytes:
            return {"type": "string", "description": "hex digits (a hash or a signature)"}
        if cls is Rupiah:
            return {"type": "integer", "description": "rupiah, whole"}
        if cls is NIK:
            return {
                "type": "string",
                "pattern": _NIK_PATTERN,
                "description": "NIK: 16 digits only in a feed with full personal data; "
                f"otherwise {PSEUDONYM_PREFIX}<32 hex digits> (keyed pseudonym) or masked; "
                f"{ERASED} once the person's data was erased",
            }
        if cls is NIB:
            return {"type": "string", "pattern": "^[0-9]{13}$", "description": "NIB (OSS)"}
        if cls is RegionCode:
            return {"type": "string", "pattern": _REGION_PATTERN, "description": "kode wilayah"}
        if attrs.has(cls):
            return self.value_object(cls)
        raise TypeError(f"no schema for {cls.__qualname__}")

    def value_object(self, cls: type) -> dict[str, Any]:
        ref = {"$ref": f"#/$defs/{cls.__name__}"}
        if cls.__name__ in self.defs:
            return ref
        self.defs[cls.__name__] = {}  # taken before recursing: a value may nest itself
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        for field in attrs.fields(cls):
            if field.eq:  # the rest is not part of the value, and not in the feed
                self.put(properties, field.name, hints[field.name], personal=is_personal(field))
        self.defs[cls.__name__] = {
            "description": _described(cls),
            "type": "object",
            "properties": properties,
            "required": self.required(properties),
            "additionalProperties": False,
        }
        return ref


def _described(cls: type) -> str:
    """The first paragraph of the class's docstring, or of the nearest base that has one
    (a dataclass without a docstring gets its signature as one: not a description)."""
    for klass in cls.__mro__:
        doc = klass.__dict__.get("__doc__") or ""
        if doc and not doc.startswith(f"{klass.__name__}("):
            return " ".join(doc.strip().split("\n\n")[0].split())
    return ""


def _without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else hint
    return hint


def _nullable(schema: dict[str, Any], why: str) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}], "description": why}


def read_model_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of a read model (an attrs class) as ``--format json`` prints it."""
    builder = _Builder(names=True)
    ref = builder.value_object(cls)
    name = ref["$ref"].rsplit("/", 1)[-1]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        **builder.defs[name],
        "$defs": {k: v for k, v in builder.defs.items() if k != name},
    }


@cache
def shipped_schema(name: str, version: int | None = None) -> dict[str, Any]:
    """The schema file the package ships for ``name`` (its current version by default).

    Raises :class:`FileNotFoundError` for a type or version without one."""
    file = (
        resources.files("umkm_ledger.interchange")
        / "schemas"
        / (f"{name}.v{version or schema_version(name)}.json")
    )
    loaded: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return loaded
