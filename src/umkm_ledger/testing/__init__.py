"""Helpers for testing code that uses umkm_ledger.

:class:`ThrowawayPostgres` (in :mod:`umkm_ledger.testing.postgres`) starts a private,
temporary PostgreSQL server::

    from umkm_ledger.testing import ThrowawayPostgres

    with ThrowawayPostgres() as pg:
        url = pg.create_database()

The names are imported lazily, so that ``python -m umkm_ledger.testing.postgres``
does not import its own module twice.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from umkm_ledger.testing.postgres import (
        PostgresStartError,
        PostgresUnavailable,
        ThrowawayPostgres,
        create_database,
        drop_database,
        find_postgres_bindir,
    )

__all__ = [
    "PostgresStartError",
    "PostgresUnavailable",
    "ThrowawayPostgres",
    "create_database",
    "drop_database",
    "find_postgres_bindir",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("umkm_ledger.testing.postgres"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
