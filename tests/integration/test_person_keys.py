"""Person keys and owner-index ids do not give the NIK back: trying every NIK of one
kecamatan, gender and birth year against everything in the database finds nothing
without the ledger's secret, on each backend. And the secret is the ledger's own: a
ledger opened with another, or without the one it was made with, is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from umkm_ledger import NIK, Ledger, UmkmLedgerError
from umkm_ledger.cli import cli
from umkm_ledger.enterprises.indexes import OwnerIndex
from umkm_ledger.platform.ledger_secret import WrongLedgerSecret

DESA = "16.71.05.1004"  # in kecamatan 16.71.05: NIKs start 167105
SECTOR = "14111"
# Born 22 August 1970, female (day + 40), serial 0003.
MARLINA: dict[str, Any] = {
    "name": "Marlina",
    "nik": "1671056208700003",
    "gender": "F",
    "birth_year": 1970,
}
# Born 5 June 1998, female, serial 0004.
PUTRI: dict[str, Any] = {
    "name": "Putri Ayu",
    "nik": "1671054506980004",
    "gender": "F",
    "birth_year": 1998,
}


def candidates(birth_year: int) -> Iterator[str]:
    """Every NIK of a woman of kecamatan 16.71.05 born in ``birth_year`` with a serial up
    to 0050 (serials count births on one day in one kecamatan: they stay small)."""
    year = f"{birth_year % 100:02d}"
    for month in range(1, 13):
        for day in range(1, 32):
            for serial in range(1, 51):
                yield f"167105{day + 40:02d}{month:02d}{year}{serial:04d}"


def plain_person_key(nik: str) -> str:
    """What views held before person keys were keyed: a plain hash of the NIK."""
    return hashlib.sha256(b"umkm-ledger person " + nik.encode()).hexdigest()[:32]


def plain_index_id(nik: str) -> uuid.UUID:
    return OwnerIndex.id_for((nik, DESA.replace(".", ""), 2020, SECTOR))


def register_marlina(ledger: Ledger, on: str) -> uuid.UUID:
    """Marlina's konveksi registered on ``on`` (a second time: a suspected duplicate)."""
    return ledger.register_enterprise(
        "Konveksi Marlina", owners=[MARLINA], desa=DESA, sector=SECTOR,
        founded_on="2017-01-01", effective_date=on,
    )  # fmt: skip


def everything_stored(url: str) -> set[str]:
    """Every cell of every table of the ledger's database, as text (ids both ways)."""
    cells: set[str] = set()
    if url.startswith("sqlite"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            rows = [row for table in tables for row in db.execute(f'SELECT * FROM "{table}"')]
    else:
        with psycopg.connect(url) as db:
            tables = [
                f'"{schema}"."{name}"'
                for schema, name in db.execute(
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            ]
            rows = [row for table in tables for row in db.execute(f"SELECT * FROM {table}")]
    for row in rows:
        for cell in row:
            if isinstance(cell, uuid.UUID):
                cells |= {str(cell), cell.hex}
            elif isinstance(cell, bytes | memoryview):
                cells.add(bytes(cell).hex())
            elif cell is not None:
                cells.add(str(cell))
    return cells


def trained_owner(url: str) -> Ledger:
    """A ledger with Marlina's enterprise and Putri trained for it, views built."""
    ledger = Ledger.open(url, actor="rina@ditjen-ikma", notices=False)
    program = ledger.plan_program(
        "IKM Baru", agency="Kemenperin", scope=["16.71"], period="2018",
        effective_date="2018-01-02",
    )  # fmt: skip
    ledger.start_program(program, effective_date="2018-01-02")
    konveksi = register_marlina(ledger, "2018-08-01")
    ledger.enrol(program, konveksi, effective_date="2018-08-01")
    training = ledger.organise_training(
        "Bimtek IKM", organiser="Kemenperin", venue="Palembang", region="16.71",
        days=["2018-08-23"], topics=["produksi"], program_id=program,
        effective_date="2018-08-23",
    )  # fmt: skip
    ledger.register_participant(
        training, person=PUTRI, enterprise_id=konveksi, effective_date="2018-08-23"
    )
    ledger.record_attendance(training, present=[PUTRI["nik"]], effective_date="2018-08-23")
    ledger.complete_training(training, PUTRI["nik"], effective_date="2018-08-23")
    ledger.catch_up()
    return ledger


def test_trying_every_nik_of_a_kecamatan_and_birth_year_finds_nothing(ledger_url: str) -> None:
    ledger = trained_owner(ledger_url)
    try:
        stored = everything_stored(ledger_url)
        # The views do key Putri, by the ledger's keyed person key ...
        assert ledger.person_key(PUTRI["nik"]) in stored
        # ... and the search is one that works on plain keys: it finds both NIKs among
        # the candidates when it is handed what plain hashing would have stored.
        assert plain_person_key(PUTRI["nik"]) in {plain_person_key(n) for n in candidates(1998)}
        assert MARLINA["nik"] in set(candidates(1970))

        found = [
            nik
            for year in (1970, 1998)
            for nik in candidates(year)
            if plain_person_key(nik) in stored
            or plain_index_id(nik).hex in stored
            or str(plain_index_id(nik)) in stored
        ]

        assert found == []
        # Keyed with another secret, the same person gets another key: the key is the
        # secret's, not the NIK's.
        assert ledger.person_key(PUTRI["nik"]) != plain_person_key(PUTRI["nik"])
    finally:
        ledger.close()


def test_the_secret_of_a_sqlite_ledger_is_a_file_beside_it_only_its_owner_reads(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'dinas.db'}"
    with Ledger.open(url, notices=False) as ledger:
        register_marlina(ledger, "2018-08-01")
        first = ledger.person_key(MARLINA["nik"])
        shown = repr(ledger.application.ledger_secret)
    secret = tmp_path / "dinas.db.secret"
    assert secret.read_text().strip() not in shown  # named by where it is, never shown
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(bytes.fromhex(secret.read_text())) == 32
    with Ledger.open(url, notices=False) as again:
        assert again.person_key(MARLINA["nik"]) == first  # the same secret, read back


def test_a_ledger_opened_with_another_or_without_its_secret_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dinas.db'}"
    with Ledger.open(url, notices=False) as ledger:
        first = register_marlina(ledger, "2018-08-01")
    other = tmp_path / "other.secret"
    other.write_text(os.urandom(32).hex())
    with pytest.raises(WrongLedgerSecret) as wrong:
        Ledger.open(url, secret_file=other, notices=False)
    assert isinstance(wrong.value, UmkmLedgerError)
    assert "UMKM_LEDGER_SECRET_FILE" in str(wrong.value)
    (tmp_path / "dinas.db.secret").rename(tmp_path / "kept-elsewhere.secret")
    with pytest.raises(WrongLedgerSecret, match="missing"):
        Ledger.open(url, notices=False)
    # Restored (or named where it is kept), the ledger opens and knows its owners.
    with Ledger.open(url, secret_file=tmp_path / "kept-elsewhere.secret", notices=False) as back:
        assert back.person_key(MARLINA["nik"]) != plain_person_key(MARLINA["nik"])
        again = register_marlina(back, "2018-09-01")
        assert back.enterprise(again).suspected_duplicates == (first,)


def test_servers_sharing_a_postgresql_ledger_share_its_secret_file(
    postgres_url: str, tmp_path: Path
) -> None:
    shared = tmp_path / "ledger.secret"
    with Ledger.open(postgres_url, secret_file=shared, notices=False) as one:
        first = register_marlina(one, "2018-08-01")
        key = one.person_key(MARLINA["nik"])
    assert shared.exists()
    with Ledger.open(postgres_url, secret_file=shared, notices=False) as two:
        assert two.person_key(MARLINA["nik"]) == key
        # The owner is known through the keyed index: a second registration is flagged.
        again = register_marlina(two, "2018-09-01")
        assert two.enterprise(again).suspected_duplicates == (first,)
    with pytest.raises(WrongLedgerSecret):
        Ledger.open(postgres_url, notices=False)  # no file: not the secret it was made with


def test_a_person_key_needs_the_nik_to_be_valid() -> None:
    with Ledger.open("memory://", notices=False) as ledger, pytest.raises(UmkmLedgerError):
        ledger.person_key("1671054506980")
    assert isinstance(NIK.parse(PUTRI["nik"]), NIK)


def test_a_backup_restores_only_into_a_ledger_with_the_secret_it_was_made_with(
    ledger_url: str, tmp_path: Path
) -> None:
    made = tmp_path / "kantor.secret"
    with Ledger.open(f"sqlite:///{tmp_path / 'kantor.db'}", secret_file=made) as office:
        first = register_marlina(office, "2018-08-01")
        office.export(tmp_path / "kantor.jsonl")
    backup = (tmp_path / "kantor.jsonl").read_text(encoding="utf-8")
    assert made.read_text().strip() not in backup  # a check value travels, not the secret

    with Ledger.open(ledger_url, notices=False) as elsewhere:
        with pytest.raises(WrongLedgerSecret, match="secret file"):
            elsewhere.restore(tmp_path / "kantor.jsonl")
        assert elsewhere.application.recorder.max_notification_id() in (None, 0)
    with Ledger.open(ledger_url, secret_file=made, notices=False) as moved:
        moved.restore(tmp_path / "kantor.jsonl")
        again = register_marlina(moved, "2018-09-01")
        # The restored ledger knows the owner it holds.
        assert moved.enterprise(again).suspected_duplicates == (first,)


def test_a_postgresql_ledger_keeping_its_secret_gives_it_to_a_restore_as_a_file(
    postgres_url: str, tmp_path: Path
) -> None:
    with Ledger.open(postgres_url, notices=False) as office:  # no file: kept in the database
        assert office.application.ledger_secret.source == "database"
        first = register_marlina(office, "2018-08-01")
        office.export(tmp_path / "kantor.jsonl")
    saved = tmp_path / "kantor.secret"
    done = CliRunner().invoke(cli, ["--db", postgres_url, "save-secret", str(saved)])
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    again = CliRunner().invoke(cli, ["--db", postgres_url, "save-secret", str(saved)])
    assert again.exit_code != 0  # never overwrites a file

    url = f"sqlite:///{tmp_path / 'pindah.db'}"
    with Ledger.open(url, secret_file=saved, notices=False) as moved:
        moved.restore(tmp_path / "kantor.jsonl")
        twice = register_marlina(moved, "2018-09-01")
        assert moved.enterprise(twice).suspected_duplicates == (first,)


def test_a_backup_stripped_of_its_secret_check_is_refused_and_restores_nothing(
    tmp_path: Path,
) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'kantor.db'}", notices=False) as office:
        register_marlina(office, "2018-08-01")
        office.export(tmp_path / "kantor.jsonl")
    lines = (tmp_path / "kantor.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["keyed_ids"] is True
    del header["secret_check"]
    header["keyed_ids"] = False  # as a backup from before secrets would say
    (tmp_path / "edited.jsonl").write_text(
        "\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8"
    )

    with Ledger.open(f"sqlite:///{tmp_path / 'other.db'}", notices=False) as other:
        with pytest.raises(WrongLedgerSecret, match="keyed"):
            other.restore(tmp_path / "edited.jsonl")
        assert not other.application.recorder.max_notification_id()
