"""People typed on the command line (``--owner``, ``--person``): an error shows what was
typed, never the person.

Given a malformed ``NAME,NIK,GENDER,BIRTH_YEAR``, when a command is refused, then its one
line of error shows as "got" what the user typed (the separators, the parts, their
count), with names cut to initials and NIKs masked as the ledger masks them; and an
error the ledger finds in one part is said about the option and part as typed
(``--owner[1].nik``), that part shown the same way. Neither the name, nor the NIK, nor
the template ``NAME,NIK,GENDER,BIRTH_YEAR`` in place of what was typed, appears.
"""

from __future__ import annotations

from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from umkm_ledger import Ledger
from umkm_ledger.cli import cli

NIK = "1609141212790003"  # a man born 12-12-1979 in 16.09.14
NAMES = ("Darmawan", "Siti", "Aminah", "Abdul", "Nur", "Aini")
REGISTER = ["enterprise", "register", "--name", "Rotan Jaya", "--desa", "16.09.14.2006",
            "--kbli", "16292", "--founded", "2013-06-01"]  # fmt: skip
TOO_FEW = (
    "error: InvalidValue: --owner: needs four comma-separated parts, NAME,NIK,GENDER,BIRTH_YEAR"
)


def invoke(url: str, *args: str, lang: str = "en") -> Result:
    result = CliRunner().invoke(cli, ["--db", url, "--lang", lang, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def refused(url: str, *args: str, lang: str = "en") -> str:
    """The one line a refused command printed; nothing personal in it."""
    result = invoke(url, *args, lang=lang)
    assert result.exit_code == 3, result.output
    (line,) = result.output.splitlines()
    for secret in (*NAMES, NIK, "1610085505900002", "1212790003"):
        assert secret not in line, line
    assert "(got 'NAME,NIK,GENDER,BIRTH_YEAR')" not in line
    return line


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Darmawan", f"{TOO_FEW}; it has 1 (got 'D*******')"),
        (f"Darmawan,{NIK},M", f"{TOO_FEW}; it has 3 (got 'D*******,160914********03,M')"),
        (f"Darmawan,{NIK},M,1979,Palembang",
         f"{TOO_FEW}; it has 5 (got 'D*******,160914********03,M,1979,Palembang')"),
        (f"Darmawan;{NIK};M;1979", f"{TOO_FEW}; it has 1 (got 'D*******;160914********03;M;1979')"),
        (f"Darmawan {NIK} M 1979", f"{TOO_FEW}; it has 1 (got 'D******* 160914********03 M 1979')"),
        ("Siti Aminah,1610084708800001,F",
         f"{TOO_FEW}; it has 3 (got 'S*** A*****,161008********01,F')"),
        ("", f"{TOO_FEW}; it has 1 (got '')"),
        ("Darmawan,160914121279,M,1979",
         "error: InvalidValue: --owner[0].nik: a NIK is exactly 16 digits (got '1609********')"),
        (f"{NIK},Darmawan,M,1979",
         "error: InvalidValue: --owner[0].nik: a NIK is exactly 16 digits (got 'D*******')"),
        (f"Darmawan,{NIK},X,1979",
         "error: InvalidValue: --owner[0].gender: is not a gender (F/M, P/L, perempuan/laki-laki) "
         "(got 'X')"),
        (f"Darmawan,{NIK},F,1979",
         "error: InvalidValue: --owner[0].gender: the NIK is that of a man (women: day + 40) "
         "(got 'F')"),
        (f"Darmawan,{NIK},M,1980",
         "error: InvalidValue: --owner[0].birth_year: does not match the birth year in the NIK "
         "(got '1980')"),
        (f"Darmawan,{NIK},M,{NIK}",
         "error: InvalidValue: --owner[0].birth_year: must be a year from 1900 to 2100 "
         "(got '160914********03')"),
        (f" ,{NIK},M,1979",
         "error: InvalidValue: --owner[0].name: must not be blank (invisible characters such as "
         "U+200B do not count) (got '')"),
        (f"{'Abdul ' * 40},{NIK},M,1979",
         "error: InvalidValue: --owner[0].name: is longer than 200 characters "
         f"(got '{'A**** ' * 10}…')"),
    ],
    ids=["one-part", "three-parts", "five-parts", "semicolons", "spaces", "two-names", "empty",
         "short-nik", "swapped", "bad-gender", "wrong-gender", "wrong-year", "nik-as-year",
         "blank-name", "long-name"],
)  # fmt: skip
def test_a_malformed_owner_is_shown_as_typed_but_masked(
    sqlite_url: str, typed: str, said: str
) -> None:
    assert refused(sqlite_url, *REGISTER, "--owner", typed) == said


def test_an_error_in_a_later_owner_names_which_one(sqlite_url: str) -> None:
    good = f"Darmawan,{NIK},M,1979"
    assert refused(
        sqlite_url, *REGISTER, "--owner", good, "--owner", "Siti Aminah,16100847,F,1980"
    ) == ("error: InvalidValue: --owner[1].nik: a NIK is exactly 16 digits (got '1610****')")
    assert refused(sqlite_url, *REGISTER, "--owner", good, "--owner", good) == (
        "error: InvalidValue: --owner[1].nik: listed twice (got '160914********03')"
    )
    assert refused(sqlite_url, *REGISTER, "--owner", good, "--owner", "Siti Aminah") == (
        f"{TOO_FEW}; it has 1 (got 'S*** A*****')"
    )


def test_owner_errors_are_said_in_indonesian_with_what_was_typed(sqlite_url: str) -> None:
    assert refused(sqlite_url, *REGISTER, "--owner", f"Darmawan;{NIK}", lang="id") == (
        "kesalahan: InvalidValue: --owner: memerlukan empat bagian yang dipisah koma, "
        "NAME,NIK,GENDER,BIRTH_YEAR; yang ada 1 (diberikan 'D*******;160914********03')"
    )
    said = refused(sqlite_url, *REGISTER, "--owner", f"Darmawan,{NIK},P,1979", lang="id")
    assert said.startswith("kesalahan: InvalidValue: --owner[0].gender: ")
    assert said.endswith("(diberikan 'P')")


def test_a_well_formed_owner_is_registered(sqlite_url: str) -> None:
    result = invoke(
        sqlite_url, *REGISTER, "--owner", f" Darmawan , {NIK} ,M, 1979", "--format", "id"
    )
    assert result.exit_code == 0, result.output
    with Ledger.open(sqlite_url) as ledger:
        (owner,) = ledger.enterprise(result.output.strip()).owners
    assert owner.name == "Darmawan"
    assert owner.nik_masked == "160914********03"


@pytest.fixture
def training(sqlite_url: str) -> tuple[str, UUID]:
    with Ledger.open(sqlite_url, actor="siti@officer") as ledger:
        enterprise = ledger.register_enterprise(
            "Tenun Songket Siti",
            owners=[{"name": "Siti Aminah", "nik": "1610084708800001", "gender": "F",
                     "birth_year": 1980}],
            desa="16.10.08.2003", sector="13121", founded_on="2014-03-01",
        )  # fmt: skip
        bimtek = ledger.organise_training(
            "Bimtek IKM", organiser="Kemenperin", venue="Hotel Aston Palembang", region="16.10",
            days=["2016-08-23"], topics=["produksi"],
        )  # fmt: skip
    return str(bimtek), enterprise


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Nur Aini", "error: InvalidValue: --person: needs four comma-separated parts, "
                     "NAME,NIK,GENDER,BIRTH_YEAR; it has 1 (got 'N** A***')"),
        ("Nur Aini,16100855059000,F,1990",
         "error: InvalidValue: --person.nik: a NIK is exactly 16 digits (got '1610**********')"),
        ("Nur Aini,1610085505900002,M,1990",
         "error: InvalidValue: --person.gender: the NIK is that of a woman (women: day + 40) "
         "(got 'M')"),
        ("Nur Aini,1610085505900002,F,199O",
         "error: InvalidValue: --person.birth_year: must be a whole number written in digits "
         "(got '199O')"),
    ],
    ids=["one-part", "short-nik", "wrong-gender", "letter-in-year"],
)  # fmt: skip
def test_a_malformed_participant_is_shown_as_typed_but_masked(
    sqlite_url: str, training: tuple[str, UUID], typed: str, said: str
) -> None:
    bimtek, enterprise = training
    args = ["training", "register", bimtek, "--person", typed, "--enterprise", str(enterprise)]
    assert refused(sqlite_url, *args) == said
