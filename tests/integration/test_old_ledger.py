"""A ledger recorded at commit d9f7224 (before the move to one folder per context) still
verifies, replays, projects and answers as it did then, on SQLite and on PostgreSQL.

The fixture and how it was made: :mod:`tests.old_ledger`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests import old_ledger
from umkm_ledger import InvalidValue, Ledger, RegionCode
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.platform.regions import place_label
from umkm_ledger.platform.view import registered_views

#: What was changed on purpose since the fixture was made, as it shows in what the
#: ledger answered then: the one spelling of enrolments (the audit trail names their
#: events ``Enrolment.Enrolled``, ``Enrollment.Enrolled`` before).
CHANGED_SINCE = {"Enrollment.": "Enrolment."}
#: Views added since (built from the old events like any other; not in the fixture).
ADDED_SINCE = {"records"}
#: Columns added to a view's table since (issue 20: each enterprise's whole KBLI code, for
#: IATI sectors), by view and table: compared apart from the rest of the rows.
COLUMNS_ADDED_SINCE = {("progress", "enterprise"): ("kbli_version", "kbli_code")}
#: What answers say more since, on purpose: verification also checks the views built so
#: far against a fresh fold of the events (issue 17), and says so after what it said then.
EXTENDED_SINCE = re.compile(
    r"; (every view|setiap tampilan) \(\d+\) (agrees with|sesuai dengan) (the events|peristiwa)$",
    re.MULTILINE,
)


#: What answers show more since, on purpose (issue 20): each region by its name beside its
#: code (or, for a code the region names cannot name, the code with a marker), the
#: columns widened to fit, the desa of each enterprise listed, and in JSON a name (and the
#: edition) beside each region's code. Taken back out here, the rest must be as it was.
_CODE = re.compile(r"(?<![\d.])[0-9]{2}(?:\.[0-9]{2}){0,2}(?:\.[0-9]{4})?(?![\d.])")
_NAMED = (Labels("en", places=place_label), Labels("id", places=place_label))


def _unnamed(query: str, answer: str) -> str:
    if "--format json" in query:
        status, _, text = answer.partition("\n")
        return status + "\n" + json.dumps(_without_name_keys(json.loads(text)), indent=2)
    if query.endswith("enterprise list"):
        answer = re.sub(r" — [^\n]*$", "", answer, flags=re.MULTILINE)
    for code in sorted(set(_CODE.findall(answer)), key=len, reverse=True):
        try:
            region = RegionCode(code)
        except InvalidValue:
            continue
        for labels in _NAMED:
            answer = answer.replace(labels.place(region), code)
    return _squeezed(answer)


def _squeezed(answer: str) -> str:
    return re.sub(r"(?<=\S) {2,}", " ", answer)


def _without_name_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_name_keys(item)
            for key, item in value.items()
            if key not in ("region_name", "region_edition")
        }
    if isinstance(value, list):
        return [_without_name_keys(item) for item in value]
    return value


def _frozen(name: str) -> Any:
    text = (old_ledger.FIXTURE / name).read_text(encoding="utf-8")
    for then, now in CHANGED_SINCE.items():
        text = text.replace(then, now)
    return json.loads(text)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The old ledger: a copy of its SQLite file, or its events restored into PostgreSQL."""
    if request.param == "sqlite":
        return old_ledger.copy_sqlite(tmp_path / "old.db")
    url: str = request.getfixturevalue("postgres_url")
    with Ledger.open(url) as ledger:
        old_ledger.load_log(ledger)
    # As the old code left a PostgreSQL ledger: without the table of its secret's check
    # value (which the first open by newer code makes, seeing events: plain owner ids).
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE umkm_ledger_keying")
    return url


@pytest.fixture
def old(old_url: str) -> Iterator[Ledger]:
    with Ledger.open(old_url) as ledger:
        yield ledger


def test_it_verifies_against_the_checkpoint_signed_then(old: Ledger) -> None:
    checkpoint = (old_ledger.FIXTURE / "checkpoint.json").read_text(encoding="utf-8")
    public_key = (old_ledger.FIXTURE / "auditor.key.pub").read_bytes()

    verified = old.verify(checkpoint=checkpoint, public_key=public_key)

    assert verified.ok, str(verified.message())
    assert verified.records == old_ledger.RECORDS
    assert verified.root_hash.hex() == json.loads(checkpoint)["root_hash"]


def test_every_record_replays_to_the_state_it_had(old: Ledger) -> None:
    then = _frozen("records.json")

    now = old_ledger.records(old)

    assert len(now) == len(then) > 2000
    changed = [record for record in then if now[record] != then[record]]
    assert changed == [], f"{len(changed)} records replay differently, e.g. {changed[0]}"


def test_every_view_rebuilds_to_the_rows_it_had(old: Ledger) -> None:
    then = _frozen("views.json")

    for name in old.view_names():
        old.rebuild(name)
    now = old_ledger.views(old)
    # Person keys were plain hashes of NIKs then; rebuilt, they are keyed with the
    # ledger's secret. Everything else is as it was.
    keyed = _keyed_person_keys(old)

    assert sorted(set(now) - ADDED_SINCE) == sorted(then)
    for view, tables in then.items():
        for table, rows in tables.items():
            rekeyed = [[keyed.get(cell, cell) for cell in row] for row in rows]
            rebuilt = _without_added_columns(view, table, now[view][table])
            assert sorted(rebuilt, key=repr) == sorted(rekeyed, key=repr), (
                f"view {view}, table {table}"
            )


def _without_added_columns(view: str, table: str, rows: list[list[Any]]) -> list[list[Any]]:
    """``rows`` without the columns added since the fixture was made, once each of those
    cells is known to hold a value (every old event gives them one when replayed)."""
    added = COLUMNS_ADDED_SINCE.get((view, table), ())
    if not added:
        return rows
    (found,) = [v for v in registered_views() if v.name == view]
    names = [column.split()[0] for column in found.tables[table].split(",")]
    places = [names.index(column) for column in added]
    assert all(row[place] is not None for row in rows for place in places), (view, table)
    return [[cell for i, cell in enumerate(row) if i not in places] for row in rows]


def _keyed_person_keys(old: Ledger) -> dict[str, str]:
    """The person key each NIK in the old ledger's records had then, to the one it has
    now."""
    text = (old_ledger.FIXTURE / "records.json").read_text(encoding="utf-8")
    niks = set(re.findall(r"\b\d{16}\b", text))
    plain = {
        hashlib.sha256(b"umkm-ledger person " + nik.encode()).hexdigest()[:32]: nik for nik in niks
    }
    return {key: old.person_key(nik) for key, nik in plain.items()}


def test_the_demo_queries_answer_as_they_did(old_url: str) -> None:
    then = _frozen("answers.json")

    now = old_ledger.answers(old_url)

    assert list(now) == list(then)
    for query, answer in then.items():
        said = now[query]
        if query.endswith("audit verify --checkpoint {checkpoint} --public-key {public_key}"):
            said, added = EXTENDED_SINCE.subn("", said)
            assert added == 1, said
        was = _unnamed(query, answer) if "--format json" in query else _squeezed(answer)
        assert _unnamed(query, said) == was, query


def test_new_records_extend_the_old_log_under_its_checkpoint(old: Ledger) -> None:
    checkpoint = (old_ledger.FIXTURE / "checkpoint.json").read_text(encoding="utf-8")
    public_key = (old_ledger.FIXTURE / "auditor.key.pub").read_bytes()

    old.register_enterprise(
        name="Tenun Baru",
        owners=[
            {
                "name": "Rina Wati",
                "nik": "1610084708900002",
                "gender": "P",
                "birth_year": 1990,
            }
        ],
        desa="16.10.08.2003",
        sector="13121",
        founded_on="2026-11-01",
        effective_date="2026-12-01",
    )
    verified = old.verify(checkpoint=checkpoint, public_key=public_key)

    assert verified.ok, str(verified.message())
    assert verified.records > old_ledger.RECORDS


def test_the_trail_finds_enrolments_by_their_former_spelling_too(old: Ledger) -> None:
    now = old.audit_trail(kind="Enrolment.Enrolled")

    then = old.audit_trail(kind="Enrollment.Enrolled")

    assert len(now) == 450
    assert [row.position for row in then] == [row.position for row in now]


def test_an_owner_registered_before_ledgers_had_secrets_is_still_recognised(
    old: Ledger,
) -> None:
    # Rahmat Andi's rice shop, registered by the old code under a plain owner-index id.
    known = "019c719b-e24b-4ebf-82ca-c289fbcc6bee"

    again = old.register_enterprise(
        name="Usaha Rahmat Andi",
        owners=[
            {"name": "Rahmat Andi", "nik": "7306010311905142", "gender": "L", "birth_year": 1990}
        ],
        desa="73.06.01.2002",
        sector="47111",
        founded_on="2015-03-05",
        effective_date="2026-12-01",
    )

    assert [str(e) for e in old.enterprise(again).suspected_duplicates] == [known]
