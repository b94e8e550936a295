"""Sealing personal data per person, as a property: whatever a person's NIK, name and
street, the stored bytes hold none of them, a ledger with the key reads them back exactly,
and without it reads them as erased, keeping sex and birth year."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import niks
from umkm_ledger import ERASED, Ledger
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.values import NIK

# Long enough, and marked, that finding one in the stored bytes means it was written there.
_names = st.text(
    alphabet=st.characters(categories=("Lu", "Ll"), max_codepoint=0x24F), min_size=10, max_size=40
).map(lambda s: "Qz" + s)


_people = st.integers(1940, 1990).flatmap(lambda y: niks(birth_year=y).map(lambda n: (n, y)))


@settings(max_examples=25, deadline=None)
@given(person=_people, name=_names, street=_names)
def test_sealed_fields_read_back_with_the_key_and_as_erased_without(
    person: tuple[NIK, int], name: str, street: str
) -> None:
    parsed, year = person
    nik = parsed.value
    ledger = Ledger.open("memory://", actor="budi@petugas", notices=False)
    gender = "F" if parsed.is_female else "M"
    founded = date(2010, 1, 1)
    record = ledger.register_enterprise(
        "Usaha Bersama", owners=[{"name": name, "nik": nik, "gender": gender, "birth_year": year}],
        desa="16.10.08.2003", street=street, sector="13121", founded_on=founded,
    )  # fmt: skip
    app = ledger.application
    stored = [n.state for n in app.recorder.select_notifications(0, 100)]
    for secret in (nik, name, street):
        assert all(secret.encode() not in state for state in stored)
    owner = app.get(Enterprise, record).owners[0]
    assert (owner.name, owner.nik.value, owner.birth_year) == (name, nik, year)
    assert ledger.enterprise(record).address.street == street

    app.person_keys.destroy(app.person_keys.find(parsed))  # type: ignore[arg-type]
    erased = app.get(Enterprise, record)
    assert erased.owners[0].is_erased
    assert erased.owners[0].name == ERASED
    assert (erased.owners[0].gender.value, erased.owners[0].birth_year) == (gender, year)
    assert erased.address.street == ERASED
