"""Serialising table creation when several processes open a new ledger at once.

eventsourcing creates its tables with ``CREATE TABLE IF NOT EXISTS``, which PostgreSQL
does not make safe under concurrency: two first opens of the same new database can both
try to create the same type and one fails. An advisory lock held while the application
is constructed makes the second opener wait and then find the tables in place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

import psycopg

from umkm_ledger.infrastructure.urls import POSTGRES_FACTORY

__all__ = ["schema_lock"]

# Any fixed 64-bit number; the same for every umkm_ledger process.
_LOCK_KEY = 0x756D6B6D6C656467  # "umkmledg"


@contextlib.contextmanager
def schema_lock(env: Mapping[str, str]) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock (no-op for other backends) while opening."""
    if env.get("PERSISTENCE_MODULE") != POSTGRES_FACTORY:
        yield
        return
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        autocommit=True,
        connect_timeout=30,
    ) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
