"""Backup, restore and the move from SQLite to PostgreSQL, as an office does them: the
restored ledger is the one that was signed (its checkpoint verifies), answers every query
as the original did, and a damaged or edited backup restores nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import owner
from umkm_ledger import Ledger
from umkm_ledger.audit.checkpoint import generate_key
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.interchange.backup import BackupNotValid, LedgerNotExportable
from umkm_ledger.interchange.service import RestoreRefused
from umkm_ledger.kernel.errors import ConfigurationError
from umkm_ledger.platform.ledger_secret import SECRET_FILE_ENV


@pytest.fixture(scope="module", autouse=True)
def office_secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The office's one secret file, kept apart from its databases and named for every
    ledger it opens (the original, its copies and restores): the ids its owners were
    registered under are keyed with it."""
    path = tmp_path_factory.mktemp("kept-apart") / "office.secret"
    before = os.environ.get(SECRET_FILE_ENV)
    os.environ[SECRET_FILE_ENV] = str(path)
    yield path
    if before is None:
        del os.environ[SECRET_FILE_ENV]
    else:
        os.environ[SECRET_FILE_ENV] = before


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, recorded once into a SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    ledger = Ledger.open(f"sqlite:///{path}", notices=False)
    result = record_demo(ledger)
    programs = record_demo_programs(ledger, result)
    funding = record_demo_funding(ledger, result, programs)
    record_demo_activity(ledger, result, programs, funding)
    ledger.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Ledger:
    original = Ledger.open(f"sqlite:///{demo_file}", notices=False)
    copy = tmp_path / "office.db"
    original.copy_database(copy)
    original.close()
    return Ledger.open(f"sqlite:///{copy}", notices=False)


def _answers(ledger: Ledger) -> dict[str, Any]:
    """What people ask a ledger, as plain data."""
    programs = list(ledger.program_ids())
    enterprises = list(ledger.enterprise_ids())
    return {
        "programs": programs,
        "progress": [ledger.progress(p, by="kecamatan") for p in programs],
        "enterprises": enterprises,
        "views": [ledger.enterprise(e) for e in enterprises],
        "timelines": [ledger.timeline(e) for e in enterprises[:10]],
        "funds": ledger.funds(),
        "grants": ledger.grants(),
        "feed": ledger.feed(limit=10_000).events,
    }


def test_an_office_moves_from_sqlite_to_postgresql_with_its_signatures_valid(
    demo: Ledger, postgres_url: str, tmp_path: Path
) -> None:
    key = generate_key()
    signed = demo.checkpoint(key)
    exported = demo.export(tmp_path / "office.jsonl")
    assert exported.events == signed.tree_size
    assert exported.root_hash == signed.root_hash.hex()

    moved = Ledger.open(postgres_url, notices=False)
    restored = moved.restore(tmp_path / "office.jsonl")
    assert restored == exported
    verified = moved.verify(checkpoint=signed, public_key=key.public_key())
    assert verified.ok, str(verified)
    assert _answers(moved) == _answers(demo)

    # The office goes on recording on PostgreSQL, after the restored positions.
    enterprise = next(iter(moved.enterprise_ids()))
    moved.report_sales(enterprise, year=2025, amount=5_000_000, effective_date="2026-01-05")
    assert moved.log_end() > exported.last_position
    assert moved.verify(checkpoint=signed, public_key=key.public_key()).ok


def test_a_backup_restores_into_sqlite_too(demo: Ledger, tmp_path: Path) -> None:
    exported = demo.export(tmp_path / "office.jsonl")
    copy = Ledger.open(f"sqlite:///{tmp_path / 'restored.db'}", notices=False)
    assert copy.restore(tmp_path / "office.jsonl") == exported
    assert copy.verify().root_hash.hex() == exported.root_hash
    assert _answers(copy) == _answers(demo)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _changed_state(lines: list[str]) -> list[str]:
    row = json.loads(lines[5])
    row["state"] = row["state"][:-4] + ("AAAA" if row["state"][-4:] != "AAAA" else "BBBB")
    return [*lines[:5], json.dumps(row), *lines[6:]]


def _changed_position(lines: list[str]) -> list[str]:
    row = json.loads(lines[5])
    row["position"] += 100_000
    return [*lines[:5], json.dumps(row), *lines[6:]]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_changed_state, id="a byte of an event changed"),
        pytest.param(_changed_position, id="an event moved"),
        pytest.param(lambda lines: [*lines[:5], *lines[6:]], id="an event left out"),
        pytest.param(lambda lines: lines[:-1], id="cut short"),
        pytest.param(lambda lines: [*lines[:-30], lines[-1]], id="the last events cut off"),
        pytest.param(lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], id="reordered"),
        pytest.param(lambda lines: ["{}", *lines[1:]], id="not a backup"),
        pytest.param(lambda lines: [*lines[:3], "not json", *lines[3:]], id="a line not JSON"),
        pytest.param(lambda lines: [*lines, lines[3]], id="a line after the end"),
    ],
)
def test_a_damaged_or_edited_backup_restores_nothing(
    demo: Ledger, tmp_path: Path, damage: Any
) -> None:
    exported = tmp_path / "office.jsonl"
    demo.export(exported)
    edited = _write(tmp_path / "edited.jsonl", damage(_lines(exported)))
    target = Ledger.open(f"sqlite:///{tmp_path / 'target.db'}", notices=False)
    with pytest.raises(BackupNotValid) as refused:
        target.restore(edited)
    assert refused.value.field.startswith(("line", "end"))
    assert target.log_end() == 0


def test_a_ledger_that_holds_events_is_not_restored_into(demo: Ledger, tmp_path: Path) -> None:
    demo.export(tmp_path / "office.jsonl")
    end = demo.log_end()
    with pytest.raises(RestoreRefused):
        demo.restore(tmp_path / "office.jsonl")
    assert demo.log_end() == end
    with pytest.raises(RestoreRefused):
        Ledger.open("memory://", notices=False).restore(tmp_path / "office.jsonl")


def test_an_export_never_overwrites_a_file(demo: Ledger, tmp_path: Path) -> None:
    existing = tmp_path / "existing.jsonl"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        demo.export(existing)
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_a_ledger_that_does_not_verify_is_not_exported(demo: Ledger, tmp_path: Path) -> None:
    import sqlite3

    path = demo.storage_site.sqlite_path
    assert path is not None
    demo.close()
    with sqlite3.connect(path) as raw:  # an edit behind the ledger's back
        raw.execute("UPDATE stored_events SET state = state || x'00' WHERE rowid = 7")
    tampered = Ledger.open(f"sqlite:///{path}", notices=False)
    with pytest.raises(LedgerNotExportable):
        tampered.export(tmp_path / "office.jsonl")
    assert not (tmp_path / "office.jsonl").exists()


def _record_registrations(url: str, stop: Any) -> None:
    ledger = Ledger.open(url, notices=False)
    n = 0
    while not stop.is_set() and n < 5000:
        n += 1
        ledger.register_enterprise(
            f"Usaha {n}", owners=[owner(name=f"Pemilik {n}", nik=f"161008470880{n:04d}")],
            desa="16.10.08.2003", sector="13121", founded_on="2015-01-01",
            effective_date="2024-01-02",
        )  # fmt: skip


def test_a_copy_and_an_export_made_while_others_record_are_whole(
    demo: Ledger, tmp_path: Path
) -> None:
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    writer = context.Process(target=_record_registrations, args=(demo.url, stop))
    start = demo.log_end()
    writer.start()
    sizes = []
    try:
        while demo.log_end() == start and writer.is_alive():
            time.sleep(0.05)
        for n in range(3):
            demo.copy_database(tmp_path / f"copy-{n}.db")
            sizes.append(demo.export(tmp_path / f"export-{n}.jsonl").events)
            time.sleep(0.2)
    finally:
        stop.set()
        writer.join(timeout=120)
    assert writer.exitcode == 0
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[-1]
    for n in range(3):
        copied = Ledger.open(f"sqlite:///{tmp_path / f'copy-{n}.db'}", notices=False)
        assert copied.verify().ok
        restored = Ledger.open(f"sqlite:///{tmp_path / f'restored-{n}.db'}", notices=False)
        summary = restored.restore(tmp_path / f"export-{n}.jsonl")
        assert restored.verify().root_hash.hex() == summary.root_hash


def test_the_command_line_exports_restores_and_copies(
    demo: Ledger, tmp_path: Path, postgres_url: str
) -> None:
    from click.testing import CliRunner

    from umkm_ledger.cli import cli

    runner = CliRunner()
    out = tmp_path / "office.jsonl"
    done = runner.invoke(cli, ["--db", demo.url, "export", str(out), "--quiet"])
    assert done.exit_code == 0, done.output
    assert "events exported" in done.output
    done = runner.invoke(cli, ["--db", postgres_url, "restore", str(out), "--quiet"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["--db", postgres_url, "audit", "verify"])
    assert done.exit_code == 0, done.output
    assert "OK" in done.output
    done = runner.invoke(cli, ["--db", demo.url, "backup", str(tmp_path / "copy.db")])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["--db", postgres_url, "backup", str(tmp_path / "pg.db")])
    assert done.exit_code == 4
    assert "SQLite" in done.output


def _forged(exported: Path, out: Path, edit: Any) -> Path:
    """The export edited by ``edit(rows)`` and its leaves and root made again, as a forger
    who knows the format would: only a signature can tell."""
    import base64

    from umkm_ledger.audit import merkle
    from umkm_ledger.platform.leaves import record_leaf_hash

    lines = _lines(exported)
    body = [json.loads(line) for line in lines[1:-1]]
    rows = [line for line in body if "person_key" not in line]
    keys = [json.dumps(line) for line in body if "person_key" in line]
    kept = {k: v for k, v in json.loads(lines[-1]).items() if k.startswith("person_keys")}
    header = lines[0]
    rows = edit(rows)
    for row in rows:
        state = base64.b64decode(row["state"])
        row["leaf"] = record_leaf_hash(
            row["position"], row["record"], row["version"], row["topic"], state
        ).hex()
    root = merkle.root([bytes.fromhex(row["leaf"]) for row in rows]).hex()
    trailer = {"end": True, "events": len(rows), "last_position": rows[-1]["position"],
               "root_hash": root, **kept}  # fmt: skip
    return _write(out, [header, *(json.dumps(row) for row in rows), *keys, json.dumps(trailer)])


def _richer_grant(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import base64

    for row in rows:
        state = base64.b64decode(row["state"])
        if row["topic"] == "funding.Grant.Proposed" and b"17500000" in state:
            row["state"] = base64.b64encode(state.replace(b"17500000", b"97500000")).decode()
            return rows
    raise AssertionError("the demo has a grant of Rp 17.500.000")


def test_a_forged_backup_is_refused_against_the_checkpoint_and_edits_that_break_records_always(
    demo: Ledger, tmp_path: Path
) -> None:
    key = generate_key()
    signed = demo.checkpoint(key)
    exported = tmp_path / "office.jsonl"
    demo.export(exported)
    forged = _forged(exported, tmp_path / "forged.jsonl", _richer_grant)
    target = Ledger.open(f"sqlite:///{tmp_path / 'target.db'}", notices=False)
    with pytest.raises(BackupNotValid) as refused:
        target.restore(forged, checkpoint=signed, public_key=key.public_key())
    assert "checkpoint signed" in str(refused.value)
    assert target.log_end() == 0
    # The genuine file restores under the same checkpoint.
    assert target.restore(exported, checkpoint=signed, public_key=key.public_key()).events > 0

    def gap(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        record = next(r["record"] for r in rows if r["version"] == 3)
        return [r for r in rows if not (r["record"] == record and r["version"] == 2)]

    def unknown_type(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows[3]["topic"] = "funding.Grant.Embezzled"
        return rows

    def repeated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        copy = dict(rows[3], position=rows[-1]["position"] + 1)
        return [*rows, copy]

    for edit in (gap, unknown_type, repeated):
        other = Ledger.open(f"sqlite:///{tmp_path / f'{edit.__name__}.db'}", notices=False)
        with pytest.raises(BackupNotValid):
            other.restore(_forged(exported, tmp_path / f"{edit.__name__}.jsonl", edit))
        assert other.log_end() == 0
