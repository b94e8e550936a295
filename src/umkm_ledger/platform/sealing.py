"""Personal data sealed per person in the stored events (crypto-shredding).

On a sealed ledger every NIK an event holds, and every owner or trainee, is written as

``{"_type_": "sealed_owner", "_data_": {"person": "<id>", "gender": ..., "birth_year": ...,
"sealed": "<AES-GCM of the name and NIK>"}}`` (``sealed_nik``: a NIK alone;
``sealed_address``: the street of its resident, beside the desa and postal code)

with the key of that person in the key store (:mod:`umkm_ledger.platform.person_keys`).
What stays readable is what the counts need: the person's random id (one person counted
once), sex and birth year (reports disaggregate by them). When the key is destroyed the
same bytes decode to :meth:`NIK.erased`, :meth:`Owner.erased` and :meth:`Address.erased`:
the events still verify, the figures still add up, and nobody can read who it was.

The sealed text is bound to its person and to what it is (the AES-GCM associated data),
so a sealed NIK cannot be moved to another person's record and read as theirs.

A ledger from before sealing (``LedgerSecret.sealed_persons`` False) keeps writing the
plain ``owner``, ``nik`` and ``address`` encodings; both encodings are always read.
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
        self.keys = keys

    def person(self, nik: NIK) -> UUID:
        return nik.person if nik.person is not None else self.keys().person_for(nik)

    def close(self, person: UUID, what: str, fields: dict[str, str]) -> str | None:
        key = self.keys().key_of(person)
        if key is None:
            return None  # erased meanwhile: nothing is written that nobody could read
        nonce = os.urandom(12)
        plain = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.b64encode(nonce + key.encrypt(nonce, plain, _bound(person, what))).decode()

    def open(self, person: UUID, what: str, data: dict[str, Any]) -> dict[str, str] | None:
        """The fields sealed in ``data`` (None: erased, or none were sealed)."""
        sealed = data.get("sealed")
        if sealed is None:
            return None
        key = self.keys().key_of(person)
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

    def data(
        self, person: UUID, what: str, readable: dict[str, Any], fields: dict[str, str] | None
    ) -> dict[str, Any]:
        """``readable`` with the person's id, and ``fields`` sealed (None: erased)."""
        sealed = None if fields is None else self.close(person, what, fields)
        data = {"person": person.hex, **readable}
        if sealed is not None:
            data["sealed"] = sealed
        return data


def _bound(person: UUID, what: str) -> bytes:
    return b"umkm-ledger " + what.encode() + b" " + person.bytes


class _Sealed(Transcoding):
    """A value of ``type`` written sealed under ``name`` with its person's key."""

    def __init__(self, seal: _Seal) -> None:
        self._seal = seal

    def seals(self, obj: Any) -> bool:
        """Whether ``obj`` is written sealed (else with the plain encoding)."""
        return True


class _SealedNIK(_Sealed):
    type = NIK
    name = SEALED_NIK

    def encode(self, obj: NIK) -> dict[str, Any]:
        fields = None if obj.is_erased else {"nik": obj.value}
        return self._seal.data(self._seal.person(obj), SEALED_NIK, {}, fields)

    def decode(self, data: dict[str, Any]) -> NIK:
        person = UUID(data["person"])
        fields = self._seal.open(person, SEALED_NIK, data)
        if fields is None:
            return NIK.erased(person)
        return NIK(fields["nik"]).known_as(person)


class _SealedOwner(_Sealed):
    type = Owner
    name = SEALED_OWNER

    def encode(self, obj: Owner) -> dict[str, Any]:
        readable = {"gender": obj.gender, "birth_year": obj.birth_year}
        fields = None if obj.is_erased else {"name": obj.name, "nik": obj.nik.value}
        return self._seal.data(self._seal.person(obj.nik), SEALED_OWNER, readable, fields)

    def decode(self, data: dict[str, Any]) -> Owner:
        person = UUID(data["person"])
        gender: Gender = data["gender"]
        birth_year = int(data["birth_year"])
        fields = self._seal.open(person, SEALED_OWNER, data)
        if fields is None:
            return Owner.erased(NIK.erased(person), gender, birth_year)
        nik = NIK(fields["nik"]).known_as(person)
        return Owner(name=fields["name"], nik=nik, gender=gender, birth_year=birth_year)


class _SealedAddress(_Sealed):
    """A street sealed with its resident's key (an address without one is written plain)."""

    type = Address
    name = SEALED_ADDRESS

    def seals(self, obj: Address) -> bool:
        return obj.resident is not None

    def encode(self, obj: Address) -> dict[str, Any]:
        resident = obj.resident
        assert resident is not None  # see seals()
        person = resident if isinstance(resident, UUID) else self._seal.person(resident)
        readable = {"desa": obj.desa, "postal_code": obj.postal_code}
        fields = None if obj.is_erased else {"street": obj.street}
        return self._seal.data(person, SEALED_ADDRESS, readable, fields)

    def decode(self, data: dict[str, Any]) -> Address:
        person = UUID(data["person"])
        desa: RegionCode = data["desa"]
        postal = data.get("postal_code")
        fields = self._seal.open(person, SEALED_ADDRESS, data)
        if fields is None:
            return Address.erased(desa, postal, person)
        return Address(street=fields["street"], desa=desa, postal_code=postal, resident=person)


class LedgerTranscoder(JSONTranscoder):
    """eventsourcing's JSON transcoder, sealing NIKs, people and streets on a sealed ledger.

    ``sealing`` is asked on first use (the ledger's secret, and so whether it seals, is
    known only once its database is open): the key store, or None on a plain ledger. The
    sealed encodings are read on every ledger (a backup may hold them); they are written
    in place of the plain ones only on a sealed ledger."""

    def __init__(self, sealing: Callable[[], PersonKeys | None]) -> None:
        super().__init__()
        self._sealing = sealing
        self._keys: PersonKeys | None = None
        self._decided = False
        seal = _Seal(self.keys)
        self._sealed: dict[type, _Sealed] = {
            t.type: t for t in (_SealedNIK(seal), _SealedOwner(seal), _SealedAddress(seal))
        }
        for transcoding in self._sealed.values():
            # Read by name only: which encoding is written is decided in _encode_obj.
            self.names[transcoding.name] = transcoding

    def _seals(self) -> bool:
        if not self._decided:
            self._keys = self._sealing()
            self._decided = True
        return self._keys is not None

    def decide_again(self) -> None:
        """Ask again whether the ledger seals (a restore made it what its backup was)."""
        self._decided = False
        self._keys = None

    def keys(self) -> PersonKeys:
        if not self._seals() or self._keys is None:
            raise UnreadablePersonKey(
                N_("this ledger keeps personal data plain: it has no key store to read")
            )
        return self._keys

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        sealed = self._sealed.get(type(o))
        if sealed is not None and sealed.seals(o) and self._seals():
            return {"_type_": sealed.name, "_data_": sealed.encode(o)}
        return super()._encode_obj(o)
