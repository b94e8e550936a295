"""What a command receipt keeps of a command's meaning: one digest per part.

A resent command id must be answered with its first result only when it means the same
command, so a receipt keeps a digest of each argument and of the envelope's parts, salted
with the command id (a digest cannot be matched against another command's).

On a ledger that seals personal data the digests are keyed as well: a plain SHA-256 of an
argument holding a NIK and a name could be tested against guesses offline. The key is
the ledger's secret for a command that names nobody, and, for a command that names
people, a key derived from the secret **and those people's own keys**: once one of them is
erased (their key destroyed), nobody, not even a holder of the ledger's secret, can test
a guessed NIK or name against the receipt any more. Resending such a command after the
erasure is then told that its arguments differ (its person is a new one).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.persistence import JSONTranscoder

from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.values.identifiers import NIK
from umkm_ledger.platform.person_keys import StoredPersonKeys

__all__ = ["CommandDigests", "named_people"]


def named_people(value: Any) -> Iterator[NIK]:
    """Every NIK in a command's argument (in owners, trainees, corrections' changes)."""
    if isinstance(value, NIK):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from named_people(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from named_people(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from named_people(getattr(value, field.name))


class CommandDigests:
    """The digests of commands for their receipts, as one ledger keeps them."""

    def __init__(
        self,
        transcoder: JSONTranscoder,
        *,
        sealed: Callable[[], bool],
        ledger_key: Callable[[], bytes],
        person_keys: Callable[[], StoredPersonKeys],
    ) -> None:
        # Encoded the same way every time, so never sealed (a seal has a fresh nonce).
        self._encode = transcoder.encode
        self._sealed = sealed
        self._ledger_key = ledger_key
        self._person_keys = person_keys

    def of(
        self,
        command: str,
        arguments: Mapping[str, Any],
        envelope: Envelope,
        *,
        recording: bool,
    ) -> dict[str, str]:
        """The digests of ``command``: to record in a new receipt (``recording``: the
        people it names get their keys now, as its events would give them), or to
        compare with a receipt already recorded (nobody new is given a key)."""
        plain = self.plain(command, arguments, envelope)
        if not self._sealed():
            return plain
        key = self.key(arguments, recording=recording)
        return {name: _hmac(key, digest) for name, digest in plain.items()}

    def plain(
        self, command: str, arguments: Mapping[str, Any], envelope: Envelope
    ) -> dict[str, str]:
        """The unkeyed digests (as a ledger from before sealing keeps them)."""
        parts = {
            **arguments,
            "actor": envelope.actor,
            "effective_date": envelope.effective_date,
            "reason": envelope.reason,
        }
        salt = f"{envelope.command_id}\0{command}\0".encode()
        return {
            name: hashlib.sha256(salt + name.encode() + b"\0" + self._encode(value)).hexdigest()
            for name, value in parts.items()
        }

    def keyed(self, digest: str, key: bytes | None = None) -> str:
        """``digest`` as a sealed ledger keeps it: keyed by ``key`` (see :meth:`key`), or
        by the ledger's secret alone, which is how receipts recorded before digests were
        keyed per person keep theirs (unchanged on a ledger from before sealing)."""
        if not digest or not self._sealed():
            return digest
        return _hmac(key if key is not None else self._ledger_key(), digest)

    def legacy_fingerprint(self, command: str, arguments: Mapping[str, Any]) -> str:
        """The one digest of all arguments that receipts kept before per-part digests."""
        return hashlib.sha256(self._encode({"command": command, **arguments})).hexdigest()

    def key(self, arguments: Mapping[str, Any], *, recording: bool) -> bytes:
        """The key of the digests of a command with ``arguments`` (module docstring;
        empty on a ledger from before sealing, whose digests stay plain)."""
        if not self._sealed():
            return b""
        niks = list(named_people(arguments))
        if not niks:
            return self._ledger_key()
        keys = self._person_keys()
        people: list[UUID] = []
        for nik in niks:
            # A receipt compared with was keyed by a committed person when there is one
            # (not by a key this process made for a command that lost a race), else by
            # one still pending (the receipt is in the same unit of work).
            person = nik.person or (
                keys.person_for(nik)
                if recording
                else keys.find(nik, committed=True) or keys.find(nik)
            )
            if person is None:
                # Erased (or never recorded): no receipt can have been keyed with them,
                # so compare with a key nobody holds.
                return os.urandom(32)
            people.append(person)
        return self.key_of_people(people) or os.urandom(32)

    def key_of_people(self, people: Iterable[UUID]) -> bytes | None:
        """The key of the digests of a command naming ``people`` (None when one of them
        was erased: their key is gone)."""
        keys = self._person_keys()
        material = []
        for person in sorted(set(people), key=lambda p: p.hex):
            key = keys.key_of(person)
            if key is None:
                return None
            material.append(key.digest_key)
        return hmac.new(self._ledger_key(), b"".join(material), hashlib.sha256).digest()


def _hmac(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()
