"""The ledger's secret: what keys the identifiers made from a NIK.

Views count people by a *person key*, and the uniqueness index of owners has an id, both
made from a NIK. A NIK has little entropy (region, birth date, a 4-digit serial): a plain
hash of one beside a desa and a birth year is reversed by trying every candidate in
seconds. So both are HMACs under a per-ledger secret that is not in the database:

1. the file named by ``UMKM_LEDGER_SECRET_FILE`` (or ``Ledger.open(secret_file=...)``):
   what several servers sharing one PostgreSQL ledger use;
2. an encrypted ledger: derived from its cipher key;
3. a SQLite ledger: the file beside the database, ``<database>.secret``, made on first
   open, readable by its owner only;
4. a PostgreSQL ledger without a file: kept in the database (table
   ``umkm_ledger_keying``), which keeps the views (and what is copied from them) from
   giving NIKs back, but not a dump of the whole database;
5. a ledger in memory: made for it, gone with it.

The database keeps a check value of the secret (an HMAC, which does not give it back),
so a ledger opened with another or a lost secret is refused, not silently keyed anew
(its owner index would then miss every owner registered before).

Owner-index ids are stored in the events, so a ledger that had events before it had a
secret keeps the ids it made (``keyed_ids`` False, as before: plain on an unencrypted
ledger, keyed by the cipher key on an encrypted one); its person keys, in views only, are
keyed from the next rebuild of its views (a new view version does that on first use).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

import attrs

from umkm_ledger.kernel.errors import N_, ConfigurationError

__all__ = [
    "SECRET_FILE_ENV",
    "LedgerSecret",
    "WrongLedgerSecret",
    "check_restore",
    "open_ledger_secret",
    "record_restored_ids",
    "save_secret",
]

#: The environment variable naming a secret file (the env of the process or of the URL).
SECRET_FILE_ENV = "UMKM_LEDGER_SECRET_FILE"
_TABLE = "umkm_ledger_keying"
_SIZE = 32


class WrongLedgerSecret(ConfigurationError):
    """The secret found is not the one this ledger's identifiers were made with, or the
    secret is missing: nothing is opened (the message says where it was looked for)."""


@attrs.frozen(repr=False)
class LedgerSecret:
    """A ledger's secret and what is derived from it (never shown: see ``__repr__``)."""

    _value: bytes = attrs.field(alias="value")
    #: Where it is, as people are told (``file /srv/dinas.db.secret``, ``cipher key``).
    source: str
    #: Whether owner-index ids and import command ids are keyed with it (False: a ledger
    #: that had events before it had a secret keeps the ids it made).
    keyed_ids: bool = True
    _cipher_key: str = attrs.field(default="", alias="cipher_key")
    #: Whether people's personal data is sealed with keys of their own (False: a ledger
    #: that had events before personal data was sealed keeps writing it plain).
    sealed_persons: bool = True

    def __repr__(self) -> str:
        return (
            f"LedgerSecret(source={self.source!r}, keyed_ids={self.keyed_ids}, "
            f"sealed_persons={self.sealed_persons})"
        )

    @functools.cached_property
    def person_key_wrapping(self) -> bytes:
        """The key that wraps each person's own key in the key store (AES-256)."""
        return self._derived("person data key wrapping")

    @functools.cached_property
    def command_digests(self) -> bytes:
        """The key of a sealed ledger's command digests (receipts compare resends)."""
        return self._derived("command digest")

    @functools.cached_property
    def person_lookup(self) -> bytes:
        """The key of the key store's NIK lookups (HMAC), so it holds no NIK either."""
        return self._derived("person lookup")

    def _derived(self, purpose: str) -> bytes:
        return hmac.new(self._value, b"umkm-ledger " + purpose.encode(), hashlib.sha256).digest()

    # Derived once per secret: views ask for the person key's per page, commands for the
    # index key's per owner, an import for its id key per row.
    @functools.cached_property
    def check_value(self) -> str:
        """What the database keeps to recognise the secret (it does not give it back)."""
        return self._derived("secret check").hex()[:32]

    @functools.cached_property
    def person_secret(self) -> bytes:
        """The key of person keys (:func:`umkm_ledger.activity.values.person_key`)."""
        return self._derived("person key")

    @functools.cached_property
    def index_secret(self) -> bytes:
        """The key of owner-index ids (empty: plain ids, a ledger from before secrets)."""
        if self._cipher_key:
            # What encrypted ledgers always used: their ids stay what they were.
            return hashlib.sha256(b"umkm-ledger owner index\0" + self._cipher_key.encode()).digest()
        return self._derived("owner index") if self.keyed_ids else b""

    @property
    def index_secret_is_the_cipher_key(self) -> bool:
        """Whether owner-index ids are keyed by the cipher key (an encrypted ledger)."""
        return bool(self._cipher_key)

    def value_hex(self) -> str:
        """The secret itself, as 64 hex digits: only for writing it to its own file."""
        return self._value.hex()

    def id_digest(self, text: str) -> str:
        """32 hex digits identifying ``text`` (an import's row): keyed when ids are."""
        if not self.keyed_ids:
            return hashlib.sha256(text.encode()).hexdigest()[:32]
        return hmac.new(self._import_secret, text.encode(), hashlib.sha256).hexdigest()[:32]

    @functools.cached_property
    def _import_secret(self) -> bytes:
        return self._derived("import id")


def open_ledger_secret(app: Any, env: dict[str, str]) -> LedgerSecret:
    """The secret of the ledger ``app`` opened with ``env``, made on its first open and
    checked against the check value in its database on every other."""
    persistence = env.get("PERSISTENCE_MODULE", "")
    table = _Keying.of(app, persistence)
    named = env.get(SECRET_FILE_ENV) or os.environ.get(SECRET_FILE_ENV, "")
    cipher_key = env.get("CIPHER_KEY", "")
    rows = table.rows() if table is not None else {}
    # Whether the ledger has no events yet (it has made no id): asked once per open.
    new = table is not None and table.is_new()
    if named:
        value, source = _from_file(Path(named), known="check" in rows), f"file {named}"
    elif cipher_key:
        value = hashlib.sha256(b"umkm-ledger secret\0" + cipher_key.encode()).digest()
        source = "cipher key"
    elif _sqlite_file(env):
        beside = Path(env["SQLITE_DBNAME"] + ".secret")
        value, source = _from_file(beside, known="check" in rows), f"file {beside}"
    elif table is not None:
        if "check" in rows and "secret" not in rows and not new:
            # Keyed from a file or a cipher key: a secret made up now would be another.
            raise WrongLedgerSecret(
                N_(
                    "the ledger's secret is kept outside its database: name its secret file "
                    "(UMKM_LEDGER_SECRET_FILE) or give its cipher key"
                )
            )
        value = bytes.fromhex(rows["secret"]) if "secret" in rows else secrets.token_bytes(_SIZE)
        source = "database"
    else:
        return LedgerSecret(value=secrets.token_bytes(_SIZE), source="memory")
    if table is None:
        return LedgerSecret(value=value, source=source, cipher_key=cipher_key)
    if "check" not in rows:
        fresh = LedgerSecret(value=value, source=source, cipher_key=cipher_key)
        kept = {"check": fresh.check_value, "ids": "keyed" if new else "plain"}
        if source == "database":
            kept["secret"] = value.hex()
        table.keep(kept)
        # Another process may have opened the new ledger first: what it kept counts.
        rows = table.rows()
        if source == "database":
            value = bytes.fromhex(rows["secret"])
    if rows.get("ids") == "plain" and new:
        # Marked plain for a restore that did not happen (see record_restored_ids).
        table.keep({"ids": "keyed"}, replace=True)
        rows["ids"] = "keyed"
    if "personal" not in rows or (rows["personal"] == "plain" and new):
        # A ledger with events from before sealing keeps writing personal data plain
        # (its readers and its views expect it so) until it is migrated.
        table.keep({"personal": "sealed" if new else "plain"}, replace=new)
        rows = table.rows()
    found = LedgerSecret(
        value=value, source=source, keyed_ids=rows.get("ids") == "keyed", cipher_key=cipher_key,
        sealed_persons=rows.get("personal") == "sealed",
    )  # fmt: skip
    matches = hmac.compare_digest(found.check_value, rows["check"])
    if not matches and new:
        # A ledger without events has made no id yet: it takes the secret it is given
        # (a new ledger opened first without its secret file, then with it). The secret
        # is kept in the database only when it lives there.
        table.keep({"check": found.check_value, "ids": "keyed"}, replace=True)
        if source == "database":
            table.keep({"secret": value.hex()}, replace=True)
        else:
            table.forget("secret")
        return attrs.evolve(found, keyed_ids=True)
    if not matches:
        raise WrongLedgerSecret(
            N_(
                "the ledger's secret ({source}) is not the one its person keys and owner ids "
                "were made with: open it with its own secret file (UMKM_LEDGER_SECRET_FILE) "
                "or cipher key",
                source=source,
            )
        )
    return found


def _sqlite_file(env: dict[str, str]) -> bool:
    name = env.get("SQLITE_DBNAME", "")
    return bool(name) and name != ":memory:" and not name.startswith("file:")


def _from_file(path: Path, *, known: bool) -> bytes:
    """The secret in ``path`` (64 hex digits), made there if the ledger has none yet."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if known:
            raise WrongLedgerSecret(
                N_(
                    "the ledger's secret file {path} is missing: restore it from where you "
                    "keep it, or name it (UMKM_LEDGER_SECRET_FILE) when you open a copy of the "
                    "database (without it, owners already registered are not recognised)",
                    path=str(path),
                )
            ) from None
        return _made(path)
    except (OSError, UnicodeDecodeError) as error:
        raise WrongLedgerSecret(
            N_(
                "cannot read the ledger's secret file {path}: {error}",
                path=str(path),
                error=type(error).__name__,
            )
        ) from None
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) != _SIZE:
        raise WrongLedgerSecret(
            N_("the ledger's secret file {path} does not hold 64 hex digits", path=str(path))
        )
    return value


def _made(path: Path) -> bytes:
    """A new secret in ``path``, readable by its owner only; the one there if another
    process made it first."""
    value = secrets.token_bytes(_SIZE)
    # Written whole under a name of its own, then linked into place: a process opening
    # the same new ledger meanwhile finds no file or the whole file, never half of one.
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(value.hex() + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return _from_file(path, known=True)
    finally:
        draft.unlink(missing_ok=True)
    return value


@attrs.frozen
class _Keying:
    """The small table of the check value (and where the secret lives in the database,
    on PostgreSQL without a file)."""

    datastore: Any
    postgres: bool
    name: str
    recorder: Any

    @classmethod
    def of(cls, app: Any, persistence: str) -> _Keying | None:
        datastore = getattr(app.recorder, "datastore", None)
        if datastore is None:
            return None  # in memory
        postgres = "postgres" in persistence.lower()
        schema = getattr(datastore, "schema", "") if postgres else ""
        name = f'"{schema}".{_TABLE}' if schema else _TABLE
        keying = cls(datastore, postgres, name, app.recorder)
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {name} (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
        return keying

    def rows(self) -> dict[str, str]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT name, value FROM {self.name}")
            return {
                str(row[0] if not self.postgres else row["name"]): str(
                    row[1] if not self.postgres else row["value"]
                )
                for row in cursor.fetchall()
            }

    def is_new(self) -> bool:
        """Whether the ledger has no events yet (its ids can all be keyed)."""
        return not self.recorder.max_notification_id()

    def forget(self, name: str) -> None:
        mark = "%s" if self.postgres else "?"
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {self.name} WHERE name = {mark}", (name,))

    def keep(self, rows: dict[str, str], *, replace: bool = False) -> None:
        mark = "%s" if self.postgres else "?"
        then = "DO UPDATE SET value = excluded.value" if replace else "DO NOTHING"
        with self.datastore.transaction(commit=True) as cursor:
            for name, value in rows.items():
                cursor.execute(
                    f"INSERT INTO {self.name} (name, value) VALUES ({mark}, {mark}) "
                    f"ON CONFLICT (name) {then}",
                    (name, value),
                )


def check_restore(secret: LedgerSecret, check_value: str | None, plain_ids: bool) -> bool:
    """Before a restore: whether the restored ledger keys its ids (False: it keeps the
    plain ids of a ledger from before secrets); raises WrongLedgerSecret when the backup
    was made under another secret.

    ``check_value`` is the backup's header's (None: a backup from before secrets), and
    ``plain_ids`` whether its owner-index records have plain ids (``uuid5``; keyed ones
    are random-looking version 4 ids). The header is not signed: a keyed backup stripped
    of its check value still has version 4 ids, and is refused unless the ledger is
    encrypted (whose ids the cipher key keys, as before secrets)."""
    if check_value is None:
        if plain_ids or secret.index_secret_is_the_cipher_key:
            return False
        raise WrongLedgerSecret(
            N_(
                "the backup's owner ids are keyed but its header has no check value of the "
                "secret they were keyed with: it was edited, or needs its cipher key"
            )
        )
    if not hmac.compare_digest(check_value, secret.check_value):
        raise WrongLedgerSecret(
            N_(
                "the backup was exported from a ledger with another secret ({source} is "
                "not it): open the new ledger with the exported ledger's secret file "
                "(UMKM_LEDGER_SECRET_FILE, or its cipher key) and restore again",
                source=secret.source,
            )
        )
    return not plain_ids


def record_restored_ids(app: Any, keyed_ids: bool, sealed_persons: bool = False) -> LedgerSecret:
    """Before a restore's rows go in: the ledger makes ids, and writes personal data, as
    the restored events did (a ledger still empty when next opened is keyed and sealed
    again: the restore failed)."""
    secret: LedgerSecret = app.ledger_secret
    table = _Keying.of(app, app.env.get("PERSISTENCE_MODULE", ""))
    if table is not None:
        table.keep(
            {"ids": "keyed" if keyed_ids else "plain",
             "personal": "sealed" if sealed_persons else "plain"},
            replace=True,
        )  # fmt: skip
    return attrs.evolve(secret, keyed_ids=keyed_ids, sealed_persons=sealed_persons)


def save_secret(secret: LedgerSecret, path: Path) -> None:
    """Write the ledger's secret to a new file at ``path`` (readable by its owner only):
    what a PostgreSQL ledger that keeps it in its database gives its servers and its
    restores, and a copy to keep apart from the backups."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigurationError(
            N_("{path} exists: the secret is written only to a new file", path=str(path))
        ) from None
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret.value_hex() + "\n")
