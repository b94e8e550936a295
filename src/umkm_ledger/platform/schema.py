"""Opening a PostgreSQL ledger: its schema, made once, and named exactly.

eventsourcing creates its tables with ``CREATE TABLE IF NOT EXISTS``, which PostgreSQL
does not make safe under concurrency: two first opens of the same new database can both
try to create the same type and one fails. An advisory lock held while the application
is constructed makes the second opener wait and then find the tables in place.

Under the same lock the URL's schema (``?schema=Kab-Banyuasin``) is created if it does not
exist yet, unless only a schema differing in case exists: names are used exactly as
written (quoted), so ``Kab-Banyuasin`` and ``kab-banyuasin`` are two schemas, and a second,
empty ledger beside a first one whose name was mistyped is refused rather than made.

eventsourcing quotes the schema everywhere but in one place: it looks its composite type
up as ``schema.stored_event_uuid`` unquoted, which finds nothing in a mixed-case schema
(and is a syntax error for a hyphenated one). :func:`quote_schema_lookups` fixes that one
lookup on a datastore.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Identifier
from psycopg.types.composite import CompositeInfo, register_composite

from umkm_ledger.kernel.errors import N_, ConfigurationError
from umkm_ledger.platform.urls import POSTGRES_FACTORY

__all__ = ["quote_schema_lookups", "schema_lock"]

# Any fixed 64-bit number; the same for every umkm_ledger process.
_LOCK_KEY = 0x756D6B6D6C656467  # "umkmledg"


@contextlib.contextmanager
def schema_lock(
    env: Mapping[str, str], *, display: str = "", create_schema: bool = False
) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock (no-op for other backends) while opening; with
    ``create_schema``, make the URL's schema first if it does not exist."""
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
            schema = env.get("POSTGRES_SCHEMA")
            if create_schema and schema:
                _ensure_schema(connection, schema, display, env["POSTGRES_USER"])
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))


def _ensure_schema(
    connection: psycopg.Connection[tuple[object, ...]], schema: str, display: str, user: str
) -> None:
    names = [
        str(name)
        for (name,) in connection.execute(
            "SELECT nspname FROM pg_namespace WHERE lower(nspname) = lower(%s)", (schema,)
        )
    ]
    if schema in names:
        return
    if names:
        raise ConfigurationError(
            N_(
                "{url}: there is no schema {schema!r}, but there is {other!r}: schema names "
                "are used exactly as written, case included; name that one",
                url=display,
                schema=schema,
                other=names[0],
            )
        )
    try:
        connection.execute(SQL("CREATE SCHEMA IF NOT EXISTS {0}").format(Identifier(schema)))
    except psycopg.errors.InsufficientPrivilege:
        raise ConfigurationError(
            N_(
                "{url}: schema {schema!r} does not exist, and {user} may not create it; "
                "create it (CREATE SCHEMA ... AUTHORIZATION {user}) or name an existing one",
                url=display,
                schema=schema,
                user=user,
            )
        ) from None


class _QuotedSchemaDatastore(PostgresDatastore):
    def register_type_adapters(self) -> None:
        # eventsourcing's own, with the type's schema and name as quoted identifiers.
        unregistered = [n for n in self.db_type_names if n not in self.psycopg_type_adapters]
        if not unregistered:
            return
        with self.get_connection() as conn:
            for name in unregistered:
                info = CompositeInfo.fetch(conn, Identifier(self.schema, name))
                if info is None:
                    continue
                register_composite(info, conn)
                self.psycopg_type_adapters[name] = info
                assert info.python_type is not None, info
                self.psycopg_python_types[name] = info.python_type


def quote_schema_lookups(datastore: PostgresDatastore) -> None:
    """Make ``datastore`` look its composite types up by quoted names (see above)."""
    datastore.__class__ = _QuotedSchemaDatastore
