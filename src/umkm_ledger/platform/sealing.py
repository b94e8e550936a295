"""Personal data sealed per person in the stored events (crypto-shredding).

On a sealed ledger every NIK an event holds, and every owner or trainee, is written as

``{"_type_": "sealed_owner", "_data_": {"person": "<id>", "gender": ..., "birth_year": ...,
"sealed": "<AES-GCM of the name and NIK>"}}`` (``sealed_nik``: a NIK alone)

with the key of that person in the key store (:mod:`umkm_ledger.platform.person_keys`).
What stays readable is what the counts need: the person's random id (one person counted
once), sex and birth year (reports disaggregate by them). When the key is destroyed the
same bytes decode to :meth:`NIK.erased` and :meth:`Owner.erased`: the events still
verify, the figures still add up, and nobody can read who it was.

The sealed text is bound to its person and to what it is (the AES-GCM associated data),
so a sealed NIK cannot be moved to another person's record and read as theirs.

A ledger from before sealing (``LedgerSecret.sealed_persons`` False) keeps writing the
plain ``owner`` and ``nik`` encodings; both encodings are always read.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import JSONTranscoder, Transcoding

from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import NIK, Address, Gender, Owner, RegionCode
from umkm_ledger.platform.person_keys import PersonKeys, UnreadablePersonKey

__all__ = ["SEALED_ADDRESS", "SEALED_NIK", "SEALED_OWNER", "LedgerTranscoder", "sealed_person"]

#: The stored names of the sealed encodings (never changed once written).
SEALED_NIK = "sealed_nik"
SEALED_OWNER = "sealed_owner"
SEALED_ADDRESS = "sealed_address"


def sealed_person(value: Any) -> str | None:
    """The person id (32 hex digits) of a NIK or owner as stored, when it is sealed: what
    views count a person by without opening anything (None: a plain encoding)."""
    if isinstance(value, dict) and value.get("_type_") in (SEALED_NIK, SEALED_OWNER):
        return str(value["_data_"]["person"])
    return None


class _Seal:
    """Seals and opens one person's fields with their key."""

    def __init__(self, keys: Callable[[], PersonKeys]) -> None:
        self._keys = keys

    def keys(self) -> PersonKeys:
        return self._keys()

    def _person(self, nik: NIK) -> UUID:
        return nik.person if nik.person is not None else self._keys().person_for(nik)

    def close(self, person: UUID, what: str, fields: dict[str, str]) -> str | None:
        key = self._keys().key_of(person)
        if key is None:
            return None  # erased meanwhile: nothing is written that nobody could read
        nonce = os.urandom(12)
        plain = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.b64encode(nonce + key.encrypt(nonce, plain, _bound(person, what))).decode()

    def open(self, person: UUID, what: str, sealed: str) -> dict[str, str] | None:
        key = self._keys().key_of(person)
        if key is None:
            return None
        try:
            raw = base64.b64decode(sealed, validate=True)
            fields: dict[str, str] = json.loads(
                key.decrypt(raw[:12], raw[12:], _bound(person, what))
            )
        except (InvalidTag, ValueError):
            raise UnreadablePersonKey(
                N_(
                    "a person's sealed data does not open with their key: the stored event "
                    "was edited (audit verify names it) or the key store is another ledger's"
                )
            ) from None
        return fields

    def nik(self, nik: NIK) -> dict[str, Any]:
        person = self._person(nik)
        sealed = None if nik.is_erased else self.close(person, SEALED_NIK, {"nik": nik.value})
        data: dict[str, Any] = {"person": person.hex}
        if sealed is not None:
            data["sealed"] = sealed
        return {"_type_": SEALED_NIK, "_data_": data}

    def address(self, address: Address) -> dict[str, Any] | None:
        """A street sealed with its resident's key (None: no resident, written plain)."""
        resident = address.resident
        if resident is None:
            return None
        person = resident if isinstance(resident, UUID) else self._person(resident)
        sealed = None
        if not address.is_erased:
            sealed = self.close(person, SEALED_ADDRESS, {"street": address.street})
        data: dict[str, Any] = {
            "person": person.hex, "desa": address.desa, "postal_code": address.postal_code,
        }  # fmt: skip
        if sealed is not None:
            data["sealed"] = sealed
        return {"_type_": SEALED_ADDRESS, "_data_": data}

    def owner(self, owner: Owner) -> dict[str, Any]:
        person = self._person(owner.nik)
        sealed = None
        if not owner.is_erased:
            sealed = self.close(person, SEALED_OWNER, {"name": owner.name, "nik": owner.nik.value})
        data: dict[str, Any] = {
            "person": person.hex, "gender": owner.gender, "birth_year": owner.birth_year,
        }  # fmt: skip
        if sealed is not None:
            data["sealed"] = sealed
        return {"_type_": SEALED_OWNER, "_data_": data}


def _bound(person: UUID, what: str) -> bytes:
    return b"umkm-ledger " + what.encode() + b" " + person.bytes


class _OpenAddress(Transcoding):
    type = type(None)
    name = SEALED_ADDRESS

    def __init__(self, seal: _Seal) -> None:
        self._seal = seal

    def encode(self, obj: Any) -> Any:  # pragma: no cover - decoding only
        raise NotImplementedError

    def decode(self, data: dict[str, Any]) -> Address:
        person = UUID(data["person"])
        desa: RegionCode = data["desa"]
        postal = data.get("postal_code")
        sealed = data.get("sealed")
        fields = None if sealed is None else self._seal.open(person, SEALED_ADDRESS, sealed)
        if fields is None:
            return Address.erased(desa, postal, person)
        return Address(street=fields["street"], desa=desa, postal_code=postal, resident=person)


class _OpenNIK(Transcoding):
    type = type(None)  # never chosen to encode (see LedgerTranscoder._encode_obj)
    name = SEALED_NIK

    def __init__(self, seal: _Seal) -> None:
        self._seal = seal

    def encode(self, obj: Any) -> Any:  # pragma: no cover - decoding only
        raise NotImplementedError

    def decode(self, data: dict[str, Any]) -> NIK:
        person = UUID(data["person"])
        fields = self._seal.open(person, SEALED_NIK, data["sealed"]) if "sealed" in data else None
        if fields is None:
            return NIK.erased(person)
        return NIK(fields["nik"]).known_as(person)


class _OpenOwner(Transcoding):
    type = type(None)
    name = SEALED_OWNER

    def __init__(self, seal: _Seal) -> None:
        self._seal = seal

    def encode(self, obj: Any) -> Any:  # pragma: no cover - decoding only
        raise NotImplementedError

    def decode(self, data: dict[str, Any]) -> Owner:
        person = UUID(data["person"])
        gender: Gender = data["gender"]
        birth_year = int(data["birth_year"])
        fields = self._seal.open(person, SEALED_OWNER, data["sealed"]) if "sealed" in data else None
        if fields is None:
            return Owner.erased(NIK.erased(person), gender, birth_year)
        nik = NIK(fields["nik"]).known_as(person)
        return Owner(name=fields["name"], nik=nik, gender=gender, birth_year=birth_year)


class LedgerTranscoder(JSONTranscoder):
    """eventsourcing's JSON transcoder, sealing NIKs and people on a sealed ledger.

    ``sealing`` is asked on first use (the ledger's secret, and so whether it seals, is
    known only once its database is open): the key store, or None on a plain ledger."""

    def __init__(self, sealing: Callable[[], PersonKeys | None]) -> None:
        super().__init__()
        self._sealing = sealing
        self._seal: _Seal | None = None
        self._decided = False

    def _sealer(self) -> _Seal | None:
        if not self._decided:
            keys = self._sealing()
            self._seal = None if keys is None else _Seal(lambda: keys)
            self._decided = True
        return self._seal

    def decide_again(self) -> None:
        """Ask again whether the ledger seals (a restore made it what its backup was)."""
        self._decided = False
        self._seal = None

    def with_sealed_decodings(self) -> None:
        """Read the sealed encodings (every ledger reads them: a backup may hold them)."""
        seal = _Seal(self.keys)
        self.names[SEALED_NIK] = _OpenNIK(seal)
        self.names[SEALED_OWNER] = _OpenOwner(seal)
        self.names[SEALED_ADDRESS] = _OpenAddress(seal)

    def keys(self) -> PersonKeys:
        seal = self._sealer()
        if seal is None:
            raise UnreadablePersonKey(
                N_("this ledger keeps personal data plain: it has no key store to read")
            )
        return seal.keys()

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        kind = type(o)
        if kind is NIK or kind is Owner or kind is Address:
            seal = self._sealer()
            if seal is not None:
                if kind is NIK:
                    return seal.nik(o)
                if kind is Owner:
                    return seal.owner(o)
                sealed = seal.address(o)
                if sealed is not None:
                    return sealed
        return super()._encode_obj(o)
