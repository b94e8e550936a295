"""Ledger URLs to eventsourcing environments.

``memory://`` keeps events in the process (tests, experiments);
``sqlite:///path/to/file.db`` is the embedded default;
``postgresql://user:pass@host:port/dbname`` is for many users and province or
national scale. An optional ``?schema=NAME`` selects a PostgreSQL schema: 1 to 63
letters, digits, ``_`` and ``-``, starting with a letter or ``_``, not ``pg_...`` (the
server's own). The name is used exactly as written, case included (the ledger quotes it
wherever it builds SQL), and a schema that does not exist is created on first open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import attrs

from umkm_ledger.kernel.errors import N_, ConfigurationError

__all__ = ["LedgerUrl", "checked_schema", "parse_url"]

#: A schema name the ledger accepts (PostgreSQL keeps 63 bytes of a name).
_SCHEMA = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,62}")


@attrs.frozen
class LedgerUrl:
    backend: str  # "memory", "sqlite" or "postgresql"
    env: dict[str, str]
    #: The URL with any password hidden, for messages and logs.
    display: str


# eventsourcing's infrastructure, with each event's Merkle leaf written beside it.
_AUDITED = "umkm_ledger.platform.audited"
MEMORY_FACTORY = f"{_AUDITED}:AuditedPOPOFactory"
SQLITE_FACTORY = f"{_AUDITED}:AuditedSQLiteFactory"
POSTGRES_FACTORY = f"{_AUDITED}:AuditedPostgresFactory"


def parse_url(url: str) -> LedgerUrl:
    """Read a ledger URL; :class:`ConfigurationError` says what is wrong with a bad one."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "memory":
        return LedgerUrl("memory", {"PERSISTENCE_MODULE": MEMORY_FACTORY}, "memory://")
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:
            # sqlite://relative/path.db: netloc is the first path segment.
            path = f"{parts.netloc}{path}"
        elif url.startswith("sqlite:////"):
            # sqlite:////abs/path.db: an absolute path (SQLAlchemy's convention).
            path = "/" + path.lstrip("/")
        else:
            # sqlite:///ledger.db: relative to the working directory.
            path = path.lstrip("/")
        if not path:
            raise ConfigurationError(
                N_("{url!r}: a SQLite URL needs a file path (sqlite:///ledger.db)", url=url)
            )
        parent = Path(path).parent
        if not parent.exists():
            raise ConfigurationError(
                N_("{url!r}: folder {folder!r} does not exist", url=url, folder=str(parent))
            )
        env = {"PERSISTENCE_MODULE": SQLITE_FACTORY, "SQLITE_DBNAME": path}
        return LedgerUrl("sqlite", env, f"sqlite:///{path}")  # absolute: four slashes
    if scheme in {"postgresql", "postgres"}:
        dbname = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not dbname:
            raise ConfigurationError(
                N_(
                    "{url!r}: a PostgreSQL URL names host and database "
                    "(postgresql://user:pass@host:5432/dbname)",
                    url=_hide_password(url),
                )
            )
        try:
            port = parts.port or 5432
        except ValueError as error:
            raise ConfigurationError(
                N_("{url!r}: bad port ({error})", url=_hide_password(url), error=str(error))
            ) from None
        env = {
            "PERSISTENCE_MODULE": POSTGRES_FACTORY,
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname,
            "POSTGRES_PORT": str(port),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
        }
        schema = parse_qs(parts.query, keep_blank_values=True).get("schema")
        if schema is not None:
            env["POSTGRES_SCHEMA"] = checked_schema(schema, _hide_password(url))
        return LedgerUrl("postgresql", env, _hide_password(url))
    raise ConfigurationError(
        N_(
            "{url!r}: unknown ledger URL; use sqlite:///FILE, memory:// or "
            "postgresql://USER:PASS@HOST:PORT/DB",
            url=_hide_password(url),
        )
    )


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def checked_schema(values: Sequence[str], display: str) -> str:
    """The one schema a URL names, if it is a name the ledger accepts."""
    if len(values) != 1:
        raise ConfigurationError(
            N_("{url!r}: name one schema (?schema=NAME), not several", url=display)
        )
    name = values[0]
    if _SCHEMA.fullmatch(name) is None or name.lower().startswith("pg_"):
        raise ConfigurationError(
            N_(
                "{url!r}: {schema!r} is not a schema name the ledger accepts: 1 to 63 letters, "
                "digits, _ and -, starting with a letter or _, and not pg_... (the server's "
                "own)",
                url=display,
                schema=name,
            )
        )
    return name
