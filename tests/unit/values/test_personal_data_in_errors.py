"""An error about a person's details never shows the person: a name is shown as its
initials, a birth year not at all, a NIK masked, however the person arrived (a command's
owners, a participant, an Owner made directly) and whatever was wrong."""

from __future__ import annotations

from typing import Any

import pytest

from umkm_ledger import InvalidValue, Ledger
from umkm_ledger.kernel.coerce import to_owners, to_person
from umkm_ledger.kernel.values import NIK, Gender, Owner

NAME = "Siti Aminah"
NIK_TEXT = "1610084708800001"  # a woman born 1980-08-07 (day + 40)
GOOD: dict[str, Any] = {"name": NAME, "nik": NIK_TEXT, "gender": "F", "birth_year": 1980}

BAD_PEOPLE = [
    {**GOOD, "name": NAME + " binti Ahmad" * 30},  # too long
    {**GOOD, "name": NAME + "\x00"},  # a control character
    {**GOOD, "name": "Siti\u200bAminah\ud800"},  # a lone surrogate
    {**GOOD, "birth_year": 1981},  # not the NIK's year
    {**GOOD, "birth_year": 2150},  # out of range
    {**GOOD, "birth_year": "1979"},  # as text, still wrong
    {**GOOD, "gender": "M"},  # the NIK says a woman
    {**GOOD, "nik": "1610084708800"},  # too short
]


def _shows_no_one(error: InvalidValue) -> None:
    text = str(error)
    for secret in ("Siti", "Aminah", "binti", "1980", "1981", "1979", "2150", NIK_TEXT):
        assert secret not in text, text
    assert "081980" not in text  # the birth date inside the NIK


@pytest.mark.parametrize("person", BAD_PEOPLE)
def test_an_owner_given_to_a_command_is_not_shown_in_its_error(person: dict[str, Any]) -> None:
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        with pytest.raises(InvalidValue) as refused:
            ledger.register_enterprise(
                "Tenun Songket", owners=[person], desa="16.10.08.2003", sector="13121",
                founded_on="2014-03-01",
            )  # fmt: skip
        assert ledger.log_end() == 0
    assert refused.value.field.startswith("owners[0].")
    _shows_no_one(refused.value)


@pytest.mark.parametrize("person", BAD_PEOPLE)
def test_a_participant_is_not_shown_in_its_error(person: dict[str, Any]) -> None:
    with pytest.raises(InvalidValue) as refused:
        to_person(person, "participants[3]")
    assert refused.value.field.startswith("participants[3].")
    _shows_no_one(refused.value)


def test_an_owner_made_directly_is_not_shown_in_its_error() -> None:
    nik = NIK.parse(NIK_TEXT)
    for year in (1981, 2150):
        with pytest.raises(InvalidValue) as refused:
            Owner(name=NAME, nik=nik, gender=Gender.PEREMPUAN, birth_year=year)
        _shows_no_one(refused.value)
    with pytest.raises(InvalidValue) as refused:
        to_owners([Owner(name=NAME + "\x07", nik=nik, gender=Gender.PEREMPUAN, birth_year=1980)])
    _shows_no_one(refused.value)


def test_the_initials_still_say_which_entry_is_meant() -> None:
    with pytest.raises(InvalidValue) as refused:
        to_owners([GOOD, {**GOOD, "name": "Budi Santoso\x00"}])
    assert refused.value.field == "owners[1].name"
    assert "'B*** S******\\x00'" in str(refused.value)
