"""What a view holds, in a few numbers: per table, how many rows and an order-free digest
of them, so that a view kept in the ledger's database can be compared with the same view
folded afresh from the events (possibly on another backend) without sorting either.

The digest of a table is the sum, modulo 2**256, of the SHA-256 of each row: the same
rows in any order give the same sum, a row changed, added or taken away gives another.
Values are compared as the views mean them: JSON columns (which PostgreSQL hands over
parsed and SQLite as text) by their canonical JSON text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["TableDigest", "ViewDigest", "table_digest"]

_MODULUS = 1 << 256
_COLUMN = re.compile(r"\s*(\w+)\s+(\w+)")


@attrs.frozen
class TableDigest:
    rows: int
    digest: int


@attrs.frozen
class ViewDigest:
    """A view's tracked position and its tables' digests, read in one snapshot."""

    name: str
    position: int
    tables: Mapping[str, TableDigest]

    def differing(self, other: ViewDigest) -> tuple[str, ...]:
        """The tables whose rows are not the same in ``other``."""
        return tuple(
            table
            for table in sorted(set(self.tables) | set(other.tables))
            if self.tables.get(table) != other.tables.get(table)
        )


def _json_columns(columns: str) -> frozenset[int]:
    found = (_COLUMN.match(part) for part in columns.split(","))
    kinds = [m[2].upper() if m else "" for m in found]
    return frozenset(index for index, kind in enumerate(kinds) if kind in {"JSON", "JSONB"})


def _canonical(value: Any) -> str:
    data = json.loads(value) if isinstance(value, str) else value
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def table_digest(rows: Iterable[tuple[Any, ...]], columns: str) -> TableDigest:
    """The digest of a table's rows (``columns``: its column definitions, to tell
    which hold JSON)."""
    as_json = _json_columns(columns)
    total = count = 0
    sha256 = hashlib.sha256
    for stored in rows:
        row = stored
        if as_json:
            row = tuple(
                _canonical(v) if i in as_json and v is not None else v for i, v in enumerate(stored)
            )
        total += int.from_bytes(sha256(repr(row).encode()).digest(), "big")
        count += 1
    return TableDigest(count, total % _MODULUS)
