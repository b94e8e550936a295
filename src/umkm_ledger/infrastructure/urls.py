"""Ledger URLs to eventsourcing environments.

``memory://`` keeps events in the process (tests, experiments);
``sqlite:///path/to/file.db`` is the embedded default;
``postgresql://user:pass@host:port/dbname`` is for many users and province or
national scale. An optional ``?schema=NAME`` selects a PostgreSQL schema.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import attrs

from umkm_ledger.errors import ConfigurationError

__all__ = ["LedgerUrl", "parse_url"]


@attrs.frozen
class LedgerUrl:
    backend: str  # "memory", "sqlite" or "postgresql"
    env: dict[str, str]
    #: The URL with any password hidden, for messages and logs.
    display: str


# eventsourcing's infrastructure, with each event's Merkle leaf written beside it.
_AUDITED = "umkm_ledger.infrastructure.audited"
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
                f"{url!r}: a SQLite URL needs a file path (sqlite:///ledger.db)"
            )
        parent = Path(path).parent
        if not parent.exists():
            raise ConfigurationError(f"{url!r}: folder {str(parent)!r} does not exist")
        env = {"PERSISTENCE_MODULE": SQLITE_FACTORY, "SQLITE_DBNAME": path}
        return LedgerUrl("sqlite", env, f"sqlite:///{path}")  # absolute: four slashes
    if scheme in {"postgresql", "postgres"}:
        dbname = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not dbname:
            raise ConfigurationError(
                f"{_hide_password(url)!r}: a PostgreSQL URL names host and database "
                "(postgresql://user:pass@host:5432/dbname)"
            )
        try:
            port = parts.port or 5432
        except ValueError as error:
            raise ConfigurationError(f"{_hide_password(url)!r}: bad port ({error})") from None
        env = {
            "PERSISTENCE_MODULE": POSTGRES_FACTORY,
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname,
            "POSTGRES_PORT": str(port),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
        }
        schema = parse_qs(parts.query).get("schema")
        if schema:
            env["POSTGRES_SCHEMA"] = schema[0]
        return LedgerUrl("postgresql", env, _hide_password(url))
    raise ConfigurationError(
        f"{_hide_password(url)!r}: unknown ledger URL; use sqlite:///FILE, memory:// "
        "or postgresql://USER:PASS@HOST:PORT/DB"
    )


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()
