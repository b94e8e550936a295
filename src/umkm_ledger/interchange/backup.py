"""Backup and restore of the whole log, and with them the move from SQLite to PostgreSQL.

An export is a JSON Lines file with full fidelity: every stored event exactly as the
database holds it (its position, record id, version, type name, and stored state in
base64, compressed or encrypted as stored) with its Merkle leaf hash, between a header
and a trailer that gives the count and the Merkle root. Restoring it into an empty
ledger recomputes every leaf from the restored bytes, refuses the file if one differs
or the root is not the trailer's (nothing is written then), and writes each event at its
own position. The restored ledger therefore has the same Merkle tree, and a checkpoint
signed over the original verifies against the copy: on the same backend or another.

The materialized views are not exported: they are derived from the events and are built
again on the restored ledger the first time it is asked (or with ``umkm-ledger project``).

A sealed ledger's key store comes after the events, one line per person's key, still
wrapped with the ledger's secret (``{"person_key": {...}}``; the trailer counts them and
gives a digest of them): restored with the events, so the copy reads what the original
read. A person erased before the export has no key in it, and so stays erased in every
copy made after; a backup made before an erasure still holds that key (see the docs).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import attrs
from eventsourcing.persistence import ApplicationRecorder

from umkm_ledger.audit import merkle
from umkm_ledger.audit.verify import Finding, log_leaves
from umkm_ledger.kernel.errors import N_, ConfigurationError, InvalidValue
from umkm_ledger.platform.audited import RestoredRow
from umkm_ledger.platform.leaves import record_leaf_hash
from umkm_ledger.platform.ledger_secret import LedgerSecret
from umkm_ledger.platform.person_keys import KeyRow

__all__ = [
    "FORMAT",
    "BackupNotValid",
    "BackupSummary",
    "LedgerNotExportable",
    "export_log",
    "read_backup",
]

FORMAT = "umkm-ledger-backup"
VERSION = 1
_PAGE = 2_000
#: Progress is reported every this many events.
PROGRESS_EVERY = 10_000


class BackupNotValid(InvalidValue):
    """A backup file that is not one the ledger wrote, or was changed or cut short since;
    ``field`` names the line. Nothing was restored."""


class LedgerNotExportable(ConfigurationError):
    """The ledger does not verify: an export would carry the damage into every copy."""


@attrs.frozen
class BackupSummary:
    """What an export wrote or a restore read: how many events, up to which position, and
    the Merkle root over them (the root a checkpoint of the same log signs)."""

    events: int
    last_position: int
    root_hash: str
    #: The people's keys it carries (a sealed ledger's key store; none on a plain one).
    person_keys: int = 0


def export_log(
    recorder: ApplicationRecorder,
    out: IO[str],
    *,
    origin: str,
    secret: LedgerSecret | None = None,
    person_keys: Callable[[], Sequence[KeyRow]] = tuple,
    on_progress: Callable[[int, int], object] | None = None,
) -> BackupSummary:
    """Write every event stored up to now to ``out``, as described above. With the
    ledger's ``secret``, the header says how its ids were made (``keyed_ids``) and a check
    value of the secret (never the secret), so a restore is refused without it."""
    end = recorder.max_notification_id() or 0
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "origin": origin,
        "exported_at": datetime.now(tz=UTC).isoformat(),
        "last_position": end,
    }
    if secret is not None:
        header["keyed_ids"] = secret.keyed_ids
        header["secret_check"] = secret.check_value
        header["personal"] = "sealed" if secret.sealed_persons else "plain"
    out.write(json.dumps(header) + "\n")
    hashes: list[bytes] = []
    last = 0
    for item in log_leaves(recorder, upto=end):
        if isinstance(item, Finding):
            raise _not_exportable(item)
        if item.position > end:
            break  # recorded after the export began: the next export has it
        if item.stored_hash != item.leaf_hash:
            raise _not_exportable(
                Finding(
                    "changed", N_("the stored event does not match its leaf hash"), item.position
                )
            )
        line = {
            "position": item.position,
            "record": str(item.record_id),
            "version": item.version,
            "topic": item.topic,
            "state": base64.b64encode(item.state).decode("ascii"),
            "leaf": item.leaf_hash.hex(),
        }
        out.write(json.dumps(line) + "\n")
        hashes.append(item.leaf_hash)
        last = item.position
        if on_progress is not None and len(hashes) % PROGRESS_EVERY == 0:
            on_progress(last, end)
    root = merkle.root(hashes).hex()
    # Read after the events: every event exported had its key committed with it.
    keys = [_key_line(row) for row in person_keys()]
    for line_text in keys:
        out.write(line_text + "\n")
    trailer = {"end": True, "events": len(hashes), "last_position": last, "root_hash": root}
    if keys:
        trailer["person_keys"] = len(keys)
        trailer["person_keys_digest"] = _keys_digest(keys)
    out.write(json.dumps(trailer) + "\n")
    if on_progress is not None:
        on_progress(end, end)
    return BackupSummary(len(hashes), last, root, len(keys))


def _key_line(row: KeyRow) -> str:
    return json.dumps(
        {"person_key": {"person": row.person, "lookup": row.lookup, "wrapped": row.wrapped}}
    )


def _keys_digest(lines: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for line_text in lines:
        digest.update(line_text.encode() + b"\n")
    return digest.hexdigest()


def _key_row(number: int, data: dict[str, Any]) -> KeyRow:
    key = data.get("person_key")
    fields = [
        key.get(name) if isinstance(key, dict) else None for name in ("person", "lookup", "wrapped")
    ]
    person, lookup, wrapped = fields
    shaped = (
        isinstance(person, str) and re.fullmatch(r"[0-9a-f]{32}", person) is not None
        and isinstance(lookup, str) and re.fullmatch(r"[0-9a-f]{64}", lookup) is not None
        and isinstance(wrapped, str) and re.fullmatch(r"[A-Za-z0-9+/=]{40,200}", wrapped)
        is not None
    )  # fmt: skip
    if not shaped:
        raise BackupNotValid(f"line {number}", "person_key", N_("is not a person's key"))
    return KeyRow(str(person), str(lookup), str(wrapped))


def _not_exportable(finding: Finding) -> LedgerNotExportable:
    return LedgerNotExportable(
        N_(
            "the ledger does not verify ({finding}): an export would copy the damage; "
            "`umkm-ledger audit verify` says what is wrong",
            finding=finding.message(),
        )
    )


#: What reads a backup's events for a restore, a page at a time.
Pages = Callable[[], Iterator[Sequence[RestoredRow]]]
#: A check of one restored event, beyond its leaf (that the ledger can read it).
EventCheck = Callable[[int, RestoredRow], None]


def read_backup(
    path: Path, *, check_event: EventCheck | None = None
) -> tuple[BackupSummary, list[bytes], Pages, list[KeyRow]]:
    """Check the whole backup at ``path``: each line, each leaf, each record's versions
    (1, 2, 3... with none left out or repeated), each event with ``check_event(line,
    row)``, the count and the root. Give what it holds, its leaf hashes in log order, and
    a reader of its events in pages for the restore, which checks the file again as it
    reads (a file changed between the two readings is refused, in the restore's
    transaction: nothing is written), and the people's keys it carries.

    Raises :class:`BackupNotValid` naming the first line that is wrong."""
    hashes: list[bytes] = []
    last = 0
    versions: dict[UUID, int] = {}
    trailer: dict[str, Any] | None = None
    keys: list[KeyRow] = []
    with _open(path) as lines:
        _header(next(lines, (1, "")))
        for number, text in lines:
            if trailer is not None:
                raise BackupNotValid(f"line {number}", text[:40], N_("comes after the end"))
            data = _json(number, text)
            if data.get("end") is True:
                trailer = data
                continue
            if _is_key(number, data, keys):
                continue
            row = _row(number, data)
            if row[0] <= last:
                raise BackupNotValid(f"line {number}", row[0], N_("positions must increase"))
            _next_version(number, row, versions)
            if check_event is not None:
                check_event(number, row)
            last = row[0]
            hashes.append(row[5])
    if trailer is None:
        raise BackupNotValid(
            "end", str(path), N_("the file ends before its last line: it was cut short")
        )
    root = _checked_trailer(trailer, hashes, [_key_line(k) for k in keys])

    def pages() -> Iterator[Sequence[RestoredRow]]:
        page: list[RestoredRow] = []
        again_hashes: list[bytes] = []
        previous = 0
        with _open(path) as again:
            next(again)
            for number, text in again:
                data = _json(number, text)
                if data.get("end") is True or "person_key" in data:
                    break
                row = _row(number, data)
                if row[0] <= previous:
                    raise BackupNotValid(f"line {number}", row[0], N_("positions must increase"))
                previous = row[0]
                again_hashes.append(row[5])
                page.append(row)
                if len(page) == _PAGE:
                    yield page
                    page = []
        if page:
            yield page
        if again_hashes != hashes:
            raise BackupNotValid(
                "file", str(path), N_("changed while it was being restored: nothing was written")
            )

    return BackupSummary(len(hashes), last, root, len(keys)), hashes, pages, keys


def _is_key(number: int, data: dict[str, Any], keys: list[KeyRow]) -> bool:
    """Whether line ``number`` is a person's key (added to ``keys``); the keys come
    after every event."""
    if "person_key" in data:
        keys.append(_key_row(number, data))
        return True
    if keys:
        raise BackupNotValid(f"line {number}", "", N_("an event comes after the people's keys"))
    return False


def _checked_trailer(trailer: dict[str, Any], hashes: list[bytes], key_lines: list[str]) -> str:
    """The Merkle root of ``hashes``, when the trailer counts the events and keys read
    and gives their root and digest (else :class:`BackupNotValid`)."""
    root = merkle.root(hashes).hex()
    if trailer.get("events") != len(hashes) or trailer.get("root_hash") != root:
        raise BackupNotValid(
            "end",
            str(trailer.get("events"))[:20],
            N_("the events or their Merkle root are not those the export wrote"),
        )
    expected_keys = (trailer.get("person_keys", 0), trailer.get("person_keys_digest"))
    if expected_keys != (len(key_lines), _keys_digest(key_lines) if key_lines else None):
        raise BackupNotValid(
            "end",
            str(trailer.get("person_keys"))[:20],
            N_("the people's keys are not those the export wrote"),
        )
    return root


def _next_version(number: int, row: RestoredRow, versions: dict[UUID, int]) -> None:
    """A record's events come as versions 1, 2, 3...: one left out, repeated or out of
    order is an edited file (and a record the ledger could not read back)."""
    record, version = row[1], row[2]
    expected = versions.get(record, 0) + 1
    if version != expected:
        raise BackupNotValid(
            f"line {number}",
            version,
            N_(
                "record {record} has version {version} where {expected} comes next",
                record=str(record),
                version=version,
                expected=expected,
            ),
        )
    versions[record] = version


class _open:  # noqa: N801 (used as a function in `with`)
    """The numbered lines of a backup file (numbers from 1)."""

    def __init__(self, path: Path) -> None:
        try:
            self._file = path.open(encoding="utf-8")
        except OSError as error:
            raise BackupNotValid(
                "file", str(path), N_("cannot be read: {error}", error=error.strerror or "")
            ) from None

    def __enter__(self) -> Iterator[tuple[int, str]]:
        return ((n, line.rstrip("\n")) for n, line in enumerate(self._file, start=1))

    def __exit__(self, *_: object) -> None:
        self._file.close()


def _json(number: int, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise BackupNotValid(f"line {number}", text[:40], N_("is not JSON")) from None
    if not isinstance(data, dict):
        raise BackupNotValid(f"line {number}", text[:40], N_("is not a JSON object"))
    return data


def secret_check_of_backup(path: Path) -> str | None:
    """The check value of the exported ledger's secret, from the header of a backup
    already read (None: a backup from before ledgers had secrets)."""
    check = _header_of(path).get("secret_check")
    return check if isinstance(check, str) else None


def sealed_backup(path: Path) -> bool:
    """Whether the backup (already read) is of a ledger that seals personal data."""
    return _header_of(path).get("personal") == "sealed"


def _header_of(path: Path) -> dict[str, Any]:
    with _open(path) as lines:
        number, text = next(lines, (1, ""))
    return _json(number, text) if text else {}


def _header(line: tuple[int, str]) -> None:
    number, text = line
    data = _json(number, text) if text else {}
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise BackupNotValid(
            "line 1",
            text[:40],
            N_("is not the header of an umkm_ledger backup (version {version})", version=VERSION),
        )


def _row(number: int, data: dict[str, Any]) -> RestoredRow:
    where = f"line {number}"
    position, version = data.get("position"), data.get("version")
    topic = data.get("topic")
    for value, name in ((position, "position"), (version, "version")):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
            raise BackupNotValid(
                where, str(value)[:20], N_("{name} must be a whole number above 0", name=name)
            )
    if not isinstance(topic, str) or not topic or len(topic) > 300:
        raise BackupNotValid(where, str(topic)[:40], N_("the type name must be a text"))
    try:
        record = UUID(str(data.get("record")))
        state = base64.b64decode(str(data.get("state")), validate=True)
        leaf = bytes.fromhex(str(data.get("leaf")))
    except (ValueError, binascii.Error):
        raise BackupNotValid(
            where, "", N_("the record id, state or leaf is not in the form an export writes")
        ) from None
    assert isinstance(position, int)
    assert isinstance(version, int)
    if record_leaf_hash(position, record, version, topic, state) != leaf:
        raise BackupNotValid(
            where,
            position,
            N_("the event is not the one its leaf hash was made of: changed since the export"),
        )
    return (position, record, version, topic, state, leaf)
