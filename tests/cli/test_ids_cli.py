"""Records named by the start of their id, as histories print them (``member joined:
3f2a9c1e``), on every backend, through :meth:`Ledger.resolve_id` and the command line.

Given records on memory, SQLite and PostgreSQL: the first 8 hex digits of an id (or more,
with any of the hyphens where ids have them, in any case) name the one record whose id starts so;
a start several ids share is :class:`AmbiguousId` (an :class:`InvalidValue`) naming
some of them; a start no record of the kind asked for has is :class:`NotFound`; fewer
than 8 hex digits, or other characters, is :class:`InvalidValue` naming the field. On
the command line every argument and option that takes an id takes its start (the
recording commands' test runs each of them so), and an id copied from a line the
command line printed works.
"""

from __future__ import annotations

import itertools
import re
import sys
import uuid
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from tests.support import person
from umkm_ledger import AmbiguousId, InvalidValue, Ledger, NotFound
from umkm_ledger.cli import cli

DESA = "16.10.08.2003"
SHARED = "abcdef12"


def register(ledger: Ledger, serial: int) -> UUID:
    return ledger.register_enterprise(
        f"Usaha {serial}", owners=[person(serial, DESA)], desa=DESA, sector="13121",
        founded_on="2010-01-01", effective_date="2016-02-01",
    )  # fmt: skip


def plan(ledger: Ledger) -> UUID:
    return ledger.plan_program(
        "Pengembangan 1000 Wirausaha UMKM", agency="Diskoperindag Ogan Ilir", scope=["16.10"],
        period="2016-01-01..2018-12-31", effective_date="2016-01-04",
    )  # fmt: skip


def form(ledger: Ledger, name: str = "KUB Songket") -> UUID:
    return ledger.form_group(
        name, kind="KUB", region="16.10.08", founded_on="2015-01-01", effective_date="2016-02-01"
    )


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest) -> str:
    """Each backend in turn (memory:// for the ledger API only: it lives in one process)."""
    if request.param == "memory":
        return "memory://"
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def ledger(any_url: str) -> Iterator[Ledger]:
    with Ledger.open(any_url, actor="siti@officer") as opened:
        yield opened


@pytest.fixture
def alike(monkeypatch: pytest.MonkeyPatch) -> str:
    """New records' ids all start with ``abcdef12`` (then a count, so that they sort in
    the order they were made, then random digits): what a busy ledger's 8-digit starts
    do now and then."""
    counter = itertools.count(1)

    def made() -> UUID:
        return UUID(f"{SHARED}{next(counter):04x}{uuid.uuid4().hex[:20]}")

    for name, module in list(sys.modules.items()):
        if name.startswith("umkm_ledger") and getattr(module, "uuid4", None) is uuid.uuid4:
            monkeypatch.setattr(module, "uuid4", made)
    return SHARED


def _starts(record: UUID, expected: str = SHARED) -> UUID:
    assert str(record).startswith(expected), "the test's records must share the start"
    return record


# -- the ledger API, on every backend ------------------------------------------------


def test_the_start_of_an_id_names_its_record(ledger: Ledger) -> None:
    siti, kub = register(ledger, 1), form(ledger)
    whole = str(siti)
    for typed in (
        whole[:8],
        whole[:8].upper(),
        whole[:13],
        whole[:13].replace("-", ""),
        whole[:23],
        f"  {whole[:20]} ",
        whole.replace("-", "")[:31],
        whole[:18].replace("-", "", 1),  # some of the hyphens
        whole[:19].replace("-", "", 2),
    ):
        assert ledger.resolve_id(typed) == siti, typed
        assert ledger.resolve_id(typed, "enterprise") == siti, typed
        assert ledger.resolve_id(typed, ("enterprise", "group")) == siti, typed
    assert ledger.resolve_id(str(kub)[:8], ("enterprise", "group")) == kub
    assert ledger.resolve_id(whole) == siti
    assert ledger.resolve_id(siti) == siti


def test_a_start_no_record_of_the_kind_has_is_not_found(ledger: Ledger) -> None:
    siti = register(ledger, 1)
    with pytest.raises(NotFound) as error:
        ledger.resolve_id(str(siti)[:8], "grant")
    assert error.value.kind == "grant"
    assert str(error.value) == f"no grant with id {str(siti)[:8]} in this ledger"
    nowhere = next(
        start for start in ("00000000", "11111111", "22222222") if not str(siti).startswith(start)
    )
    with pytest.raises(NotFound) as error:
        ledger.resolve_id(nowhere)
    assert error.value.kind == "record"
    with pytest.raises(NotFound) as error:
        ledger.resolve_id(str(siti)[:8], ("grant", "group"))
    assert str(error.value) == f"no grant or group with id {str(siti)[:8]} in this ledger"


@pytest.mark.parametrize(
    "typed",
    ["abcdef1", "abcdef12x", "abcd-ef12", "abcdef12--", "abcdef12-abc-d", "", "   ", "ghijklmn",
     "abcdef12\udcff"],
)  # fmt: skip
def test_what_cannot_start_an_id_is_an_invalid_value_naming_the_field(
    ledger: Ledger, typed: str
) -> None:
    register(ledger, 1)
    with pytest.raises(InvalidValue) as error:
        ledger.resolve_id(typed, "enterprise", field="enterprise_id")
    assert not isinstance(error.value, AmbiguousId)
    assert error.value.field == "enterprise_id"
    assert "at least its first 8 characters" in str(error.value)
    str(error.value).encode("utf-8")  # printable, whatever was typed


def test_an_id_that_is_not_text_is_an_invalid_value(ledger: Ledger) -> None:
    with pytest.raises(InvalidValue) as error:
        ledger.resolve_id(12345678, field="grant_id")  # type: ignore[arg-type]
    assert error.value.field == "grant_id"


def test_a_start_several_ids_share_is_ambiguous_and_names_them(ledger: Ledger, alike: str) -> None:
    first, second = _starts(register(ledger, 1)), _starts(register(ledger, 2))
    with pytest.raises(AmbiguousId) as error:
        ledger.resolve_id(alike, "enterprise", field="enterprise_id")
    assert isinstance(error.value, InvalidValue)
    assert error.value.field == "enterprise_id"
    assert error.value.shown_value == alike
    assert error.value.matches == (("enterprise", first), ("enterprise", second))
    assert str(error.value) == (
        f"enterprise_id: is the start of several ids (enterprise {first}, enterprise {second}); "
        f"give more of the id (got '{alike}')"
    )
    # More of the id tells them apart.
    assert ledger.resolve_id(str(second).replace("-", "")) == second
    assert ledger.resolve_id(str(first)[:35]) == first


def test_among_many_ids_that_start_alike_the_one_of_the_kind_asked_for_is_found(
    ledger: Ledger, alike: str
) -> None:
    # More records of one kind than the index is read at a time, then one of another.
    enterprises = [_starts(register(ledger, serial)) for serial in range(1, 71)]
    planned = _starts(plan(ledger))
    assert ledger.resolve_id(alike, "program") == planned
    assert ledger.resolve_id(alike, ("group", "program", "grant")) == planned
    with pytest.raises(AmbiguousId) as error:
        ledger.resolve_id(alike, "enterprise")
    assert error.value.matches == tuple(("enterprise", e) for e in enterprises[:5])
    assert "and more); give more of the id" in str(error.value)
    with pytest.raises(AmbiguousId):
        ledger.resolve_id(alike)


# -- the command line, on SQLite and PostgreSQL ---------------------------------------


def run(url: str, *args: str, lang: str = "en") -> Result:
    result = CliRunner().invoke(cli, ["--db", url, "--lang", lang, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def ok(url: str, *args: str, lang: str = "en") -> str:
    result = run(url, *args, lang=lang)
    assert result.exit_code == 0, result.output
    return result.output


def refused(url: str, *args: str, lang: str = "en") -> str:
    result = run(url, *args, lang=lang)
    assert result.exit_code == 3, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def _registered(url: str, name: str, owner: dict[str, Any]) -> UUID:
    typed = f"{owner['name']},{owner['nik']},{owner['gender']},{owner['birth_year']}"
    return UUID(
        ok(url, "enterprise", "register", "--name", name, "--owner", typed, "--desa", DESA,
           "--kbli", "13121", "--founded", "2010-01-01", "--format", "id").strip()
    )  # fmt: skip


def test_an_id_copied_from_a_history_the_cli_printed_names_the_record(ledger_url: str) -> None:
    songket = _registered(ledger_url, "Tenun Songket Siti", person(1, DESA, female=True))
    _registered(ledger_url, "Rotan Jaya", person(2, DESA))
    kub = UUID(
        ok(ledger_url, "group", "form", "--name", "KUB Songket", "--kind", "KUB", "--region",
           "16.10.08", "--founded", "2015-01-01", "--format", "id").strip()
    )  # fmt: skip
    ok(ledger_url, "group", "join", str(kub), str(songket))

    group_history = ok(ledger_url, "group", "show", str(kub))
    (member,) = re.findall(r"member joined: ([0-9a-f]{8})\b", group_history)
    shown = ok(ledger_url, "enterprise", "show", member)
    assert "Tenun Songket Siti" in shown
    (joined,) = re.findall(r"joined group ([0-9a-f]{8})\b", shown)
    assert "KUB Songket" in ok(ledger_url, "group", "show", joined)

    # A recording command takes them too, and says which records it was about.
    left = ok(ledger_url, "group", "leave", joined, member, "--reason", "moved")
    assert left.strip() == (
        f"recorded group {kub}: member left: {member} (effective {_today(left)})"
    )
    assert "KUB 'KUB Songket' formed" in ok(ledger_url, "history", "group", joined.upper())


def _today(line: str) -> str:
    found = re.search(r"\(effective (\d{4}-\d\d-\d\d)\)", line)
    assert found is not None, line
    return found.group(1)


def test_a_shared_start_on_the_cli_names_the_records_it_could_be(
    ledger_url: str, alike: str
) -> None:
    first = _starts(_registered(ledger_url, "Tenun Songket Siti", person(1, DESA, female=True)))
    second = _starts(_registered(ledger_url, "Rotan Jaya", person(2, DESA)))
    assert refused(ledger_url, "enterprise", "show", alike) == (
        f"error: AmbiguousId: ENTERPRISE_ID: is the start of several ids (enterprise {first}, "
        f"enterprise {second}); give more of the id (got '{alike}')"
    )
    assert refused(ledger_url, "enterprise", "show", alike, lang="id") == (
        f"kesalahan: AmbiguousId: ENTERPRISE_ID: adalah awal beberapa id (usaha {first}, "
        f"usaha {second}); berikan id yang lebih panjang (diberikan '{alike}')"
    )
    said = refused(ledger_url, "grant", "list", "--beneficiary", alike)
    assert said.startswith("error: AmbiguousId: --beneficiary: is the start of several ids")
    assert "Rotan Jaya" in ok(ledger_url, "enterprise", "show", str(second)[:24])


def test_a_start_that_names_nothing_or_cannot_start_an_id_is_refused_naming_what(
    ledger_url: str,
) -> None:
    songket = _registered(ledger_url, "Tenun Songket Siti", person(1, DESA, female=True))
    start = str(songket)[:8]
    assert refused(ledger_url, "grant", "show", start) == (
        f"error: NotFound: no grant with id {start} in this ledger"
    )
    assert refused(ledger_url, "history", "program", start) == (
        f"error: NotFound: no program with id {start} in this ledger"
    )
    assert refused(ledger_url, "grant", "show", start, lang="id") == (
        f"kesalahan: NotFound: tidak ada bantuan dengan id {start} di buku besar ini"
    )
    too_short = "error: InvalidValue: {field}: is not a record id: give the whole id or at least "
    for args, field in [
        (["enterprise", "show", start[:7]], "ENTERPRISE_ID"),
        (["grant", "list", "--program", "programme"], "--program"),
        (["kur", "list", "--enterprise", "siti"], "--enterprise"),
        (["mentoring", "schedule", "--mentor", "Rahmat", "--enterprise", str(songket),
          "--enterprise", f"{start[:4]}-{start[4:]}", "--topic", "izin", "--on", "2016-06-01"],
         "--enterprise"),
        (["group", "join", "kub", str(songket)], "GROUP_ID"),
    ]:  # fmt: skip
        said = refused(ledger_url, *args)
        assert said.startswith(too_short.format(field=field)), said


def test_funders_are_named_by_name_or_by_the_start_of_their_id(ledger_url: str) -> None:
    plain = UUID(
        ok(ledger_url, "funder", "register", "--name", "TJSL PT Hutama Karya", "--source",
           "TJSL BUMN", "--format", "id").strip()
    )  # fmt: skip
    # A funder whose name looks like the start of an id is found by its name.
    hexlike = UUID(
        ok(ledger_url, "funder", "register", "--name", "cafe1234", "--source", "private CSR",
           "--format", "id").strip()
    )  # fmt: skip
    assert not str(hexlike).startswith("cafe1234")
    for typed, name in [
        (str(plain)[:8], "TJSL PT Hutama Karya"),
        (str(plain)[:13].upper(), "TJSL PT Hutama Karya"),
        ("cafe1234", "cafe1234"),
        (str(hexlike)[:8], "cafe1234"),
    ]:
        trail = ok(ledger_url, "audit", "trail", "--funder", typed, "--format", "csv")
        assert trail.count("\n") == 2, (typed, trail)  # the header and the registration
        assert str(plain if name != "cafe1234" else hexlike) in trail
        ok(ledger_url, "funds", "--funder", typed)  # a funder it does not find is NotFound
    nowhere = next(s for s in ("00000000", "11111111") if not str(plain).startswith(s))
    assert refused(ledger_url, "funds", "--funder", nowhere) == (
        f"error: NotFound: no funder with id {nowhere} in this ledger"
    )
