"""The script that builds the region names data set: it reads the source's SQL dumps,
writes the same bytes every time, and derives the mapping between editions only where
the lists leave no doubt. Run here on small dumps made for the test (the real source is
not on the test machine: the shipped files are checked against their manifest in
tests/unit/test_region_names.py)."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from umkm_ledger import RegionCode, RegionNames

_SCRIPT = Path(__file__).parents[2] / "scripts" / "build_region_names.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_region_names", _SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


build = _script()

OLD_SQL = """-- Data Kode Wilayah sesuai Kepmendagri No 100.1.1-6117 Tahun 2022
INSERT INTO wilayah_2022 (kode, nama)
VALUES
('16','SUMATERA SELATAN'),
('16.08','KAB. OGAN KOMERING ULU TIMUR'),
('16.08.13','Madang Suku III'),
('16.08.13.2004','Wana Bakti'),
('16.08.13.2005','Ma''rang'),
('16.08.13.2006','Kampong Panjoe'),
('16.08.13.2007','Lama Sekali'),
('92','PAPUA BARAT'),
('92.01','KAB. SORONG'),
('92.01.01','Makbon'),
('92.01.01.1001','Makbon');
"""
NEW_SQL = """-- Data Kode Wilayah sesuai Kepmendagri No 300.2.2-2138 Tahun 2025
INSERT INTO wilayah (kode, nama)
VALUES
('16','Sumatera Selatan'),
('16.08','Kabupaten Ogan Komering Ulu Timur'),
('16.08.13','Madang Suku III'),
('16.08.13.2004','Wana Bakti'),
('16.08.13.2006','Panjoe'),
('16.08.14','Madang Baru'),
('16.08.14.2001','Ma''rang'),
('92','Papua Barat'),
('96','Papua Barat Daya'),
('96.01','Kabupaten Sorong'),
('96.01.01','Makbon'),
('96.01.01.1001','Makbon');
"""


def test_a_dump_is_read_with_its_quotes_and_its_spaces_tidied() -> None:
    rows = build.parse_sql("VALUES ('11.01.02.2018','Pasi Kuala  Ba''u '),\n('11','ACEH');")

    assert rows == {"11.01.02.2018": "Pasi Kuala Ba'u", "11": "ACEH"}


def test_a_row_the_script_cannot_read_is_an_error_not_a_gap() -> None:
    with pytest.raises(ValueError, match="not a"):
        build.parse_sql("VALUES ('11','ACEH'),\n(\"12\",\"SUMATERA UTARA\");")


def test_names_in_capitals_take_the_newest_spelling_or_are_capitalised() -> None:
    old = {"16.08": "KAB. OGAN KOMERING ULU TIMUR", "31": "DKI JAKARTA", "92.01": "KAB. SORONG"}
    new = {"16.08": "Kabupaten Ogan Komering Ulu Timur", "31": "Daerah Khusus Ibukota Jakarta"}

    shown = build.display_names(old, new)

    assert shown == {
        "16.08": "Kabupaten Ogan Komering Ulu Timur",
        "31": "DKI Jakarta",
        "92.01": "Kabupaten Sorong",
    }


def test_changes_are_derived_where_the_lists_leave_no_doubt() -> None:
    old = build.display_names(build.parse_sql(OLD_SQL), build.parse_sql(NEW_SQL))
    new = build.parse_sql(NEW_SQL)

    changes = build.derive_changes(old, new)

    assert changes == {
        "16.08.13.2005": ("16.08.14.2001", "moved"),  # to a new kecamatan, same kabupaten
        "16.08.13.2006": ("16.08.13.2006", "renamed"),
        "16.08.13.2007": ("", "gone"),
        "92.01": ("96.01", "moved"),  # to a new province
        "92.01.01": ("96.01.01", "moved"),
        "92.01.01.1001": ("96.01.01.1001", "moved"),
    }


def test_two_desa_of_one_name_in_a_kabupaten_are_not_guessed() -> None:
    old = {"16.08": "K", "16.08.13": "A", "16.08.13.2005": "Sari", "16.08.13.2006": "Sari"}
    new = {"16.08": "K", "16.08.13": "A", "16.08.14": "B", "16.08.14.2001": "Sari"}

    changes = build.derive_changes(old, new)

    assert changes["16.08.13.2005"] == ("", "gone")
    assert changes["16.08.13.2006"] == ("", "gone")


def _checkout(folder: Path) -> tuple[object, ...]:
    (folder / "db" / "archive").mkdir(parents=True)
    (folder / "db" / "archive" / "old.sql").write_text(OLD_SQL, encoding="utf-8")
    (folder / "db" / "new.sql").write_text(NEW_SQL, encoding="utf-8")

    def edition(name: str, slug: str, path: str) -> object:
        digest = hashlib.sha256((folder / path).read_bytes()).hexdigest()
        return build.Edition(name, slug, path, digest, "test")

    return (
        edition("Kepmendagri 100.1.1-6117/2022", "old", "db/archive/old.sql"),
        edition("Kepmendagri 300.2.2-2138/2025", "new", "db/new.sql"),
    )


def test_the_build_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    editions = _checkout(tmp_path / "source")
    build.build(tmp_path / "source", tmp_path / "first", editions)
    build.build(tmp_path / "source", tmp_path / "second", editions)

    first = {p.name: p.read_bytes() for p in (tmp_path / "first").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "second").iterdir()}

    assert first == second
    assert sorted(first) == ["changes-old--new.tsv.gz", "editions.json", "new.tsv.gz", "old.tsv.gz"]


def test_what_the_build_writes_is_what_region_names_read(tmp_path: Path) -> None:
    editions = _checkout(tmp_path / "source")
    build.build(tmp_path / "source", tmp_path / "data", editions)

    names = RegionNames(tmp_path / "data")

    assert names.name_of("16.08") == "Kabupaten Ogan Komering Ulu Timur"
    moved = names.translate(RegionCode("16.08.13.2005"), "Kepmendagri 300.2.2-2138/2025")
    assert moved == RegionCode("16.08.14.2001", "Kepmendagri 300.2.2-2138/2025")
    [found] = names.find("Madang Baru", level="kecamatan")
    assert names.lies_in(RegionCode("16.08.13.2005"), found.code)


def test_a_source_of_another_commit_is_refused(tmp_path: Path) -> None:
    editions = _checkout(tmp_path / "source")
    (tmp_path / "source" / "db" / "new.sql").write_text(NEW_SQL + "\n", encoding="utf-8")

    with pytest.raises(SystemExit, match="SHA-256"):
        build.build(tmp_path / "source", tmp_path / "data", editions)
