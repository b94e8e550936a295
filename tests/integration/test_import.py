"""Registry imports as an office runs them, on SQLite and PostgreSQL: a dry run first,
then the real run, then the same file again and a corrected one."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from umkm_ledger import InvalidValue, Ledger, SizeClass, import_enterprises
from umkm_ledger.cli import cli

EXAMPLES = Path(__file__).parents[2] / "examples"
REGISTRY = EXAMPLES / "registry-oku-timur.csv"


def _outcomes(report: Any) -> list[tuple[int, str, str, str | None, str | None]]:
    return [(x.row, x.command, x.status, x.error, x.field) for x in report.lines]


def test_a_dry_run_reports_what_the_real_run_then_does_and_records_nothing(
    ledger_url: str,
) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    dry = import_enterprises(ledger, REGISTRY, dry_run=True)
    assert ledger.log_end() == 0
    real = import_enterprises(ledger, REGISTRY)
    assert _outcomes(dry) == _outcomes(real)
    assert real.summary() == {
        "register": {"recorded": 8, "refused": 2},
        "report_sales": {"recorded": 7},
    }
    refused = {(x.row, x.column, x.error) for x in real.refused()}
    assert refused == {(7, "NIK", "InvalidValue"), (10, "Tanggal Berdiri", "InvalidValue")}
    assert real.ignored_columns == ("No", "Keterangan")


def test_rows_become_the_enterprises_they_describe(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    report = import_enterprises(ledger, REGISTRY)
    ids = {x.row: x.record_id for x in report.lines if x.command == "register"}
    beras = ledger.enterprise(str(ids[3]))
    assert beras.name == "Beras Organik Wana Bakti"
    assert str(beras.desa) == "16.09.14.2006"
    assert str(beras.nib) == "1234567890123"
    assert beras.size_class is SizeClass.KECIL  # sales of 2,4 miliar in 2023 (PP 7/2021)
    kopi = ledger.enterprise(str(ids[5]))
    assert kopi.founded_on.isoformat() == "2018-01-01"  # a year only: its first day
    tempe = ledger.enterprise(str(ids[6]))
    assert tempe.founded_on.isoformat() == "2016-08-20"  # "20 Agustus 2016"
    assert [o.name for o in tempe.owners] == ["Suryati"]


def test_the_same_file_again_records_nothing_and_a_corrected_one_only_its_changed_rows(
    ledger_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    import_enterprises(ledger, REGISTRY)
    end = ledger.log_end()
    again = import_enterprises(ledger, REGISTRY)
    assert ledger.log_end() == end
    assert again.summary() == {
        "register": {"already recorded": 8, "refused": 2},
        "report_sales": {"already recorded": 7},
    }
    corrected = tmp_path / REGISTRY.name  # the same file's name: the same source
    text = REGISTRY.read_text(encoding="utf-8")
    text = text.replace("160912121279000,", "1609121212790006,").replace("31/02/2021", "28/02/2021")
    corrected.write_text(text, encoding="utf-8")
    fixed = import_enterprises(ledger, corrected)
    assert fixed.summary() == {
        "register": {"already recorded": 8, "recorded": 2},
        "report_sales": {"already recorded": 7},
    }
    assert {x.row for x in fixed.lines if x.status == "recorded"} == {7, 10}
    assert len(list(ledger.enterprise_ids())) == 10


def test_an_import_can_enrol_every_enterprise_in_a_program(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    program = ledger.plan_program(
        "Pembinaan UMKM OKU Timur",
        agency="Diskoperindag OKU Timur",
        scope=["16.09"],
        period="2024-01-01..2026-12-31",
        effective_date="2024-01-02",
    )
    ledger.start_program(program, effective_date="2024-01-02")
    report = import_enterprises(
        ledger, REGISTRY, program=program, mapping={"defaults": {"registered_on": "2024-02-05"}}
    )
    assert report.summary()["enrol"] == {"not tried": 2, "recorded": 8}
    assert len(ledger.binaan(program)) == 8


def test_an_xlsx_file_imports_as_its_csv_does(sqlite_url: str, tmp_path: Path) -> None:
    from_csv = import_enterprises(Ledger.open(sqlite_url, notices=False), REGISTRY)
    other = Ledger.open(f"sqlite:///{tmp_path / 'other.db'}", notices=False)
    from_xlsx = import_enterprises(other, EXAMPLES / "registry-oku-timur.xlsx")
    # The sheet has a title above the table: its rows are two further down.
    assert [(x.row + 2, x.command, x.status, x.error) for x in from_csv.lines] == [
        (x.row, x.command, x.status, x.error) for x in from_xlsx.lines
    ]
    names = sorted(other.enterprise(i).name for i in other.enterprise_ids())
    assert len(names) == 8
    assert "Kerupuk Ikan Bu Sari" in names


def test_a_mapping_file_reads_an_export_with_its_own_column_names(sqlite_url: str) -> None:
    ledger = Ledger.open(sqlite_url, notices=False)
    report = import_enterprises(
        ledger,
        EXAMPLES / "sidt-kumkm-export.csv",
        mapping=EXAMPLES / "sidt-kumkm-mapping.toml",
    )
    assert report.source == "sidt-kumkm-oku-timur-2024"
    assert report.summary() == {"register": {"recorded": 2}, "report_sales": {"recorded": 2}}
    servis = next(
        ledger.enterprise(i) for i in ledger.enterprise_ids()
        if ledger.enterprise(i).name == "Servis Elektronik Rizky"
    )  # fmt: skip
    assert servis.founded_on.isoformat() == "2021-07-15"


@pytest.mark.parametrize(
    ("mapping", "field"),
    [
        ({"columns": {"nik": "NOMOR NIK"}}, "mapping.columns.nik"),
        ({"columns": {"hobby": "NIK"}}, "mapping.columns.hobby"),
        ({"defaults": {"sales_year": ["2023"]}}, "mapping.defaults.sales_year"),
        ({"date_order": "YDM"}, "mapping.date_order"),
        ({"colums": {}}, "mapping"),
    ],
)
def test_a_mapping_that_does_not_fit_is_refused_before_any_row(
    sqlite_url: str, tmp_path: Path, mapping: dict[str, Any], field: str
) -> None:
    ledger = Ledger.open(sqlite_url, notices=False)
    with pytest.raises(InvalidValue) as refused:
        import_enterprises(ledger, REGISTRY, mapping=mapping)
    assert refused.value.field == field
    file = tmp_path / "map.toml"
    file.write_text(_toml(mapping), encoding="utf-8")
    with pytest.raises(InvalidValue) as refused_from_file:
        import_enterprises(ledger, REGISTRY, mapping=file)
    assert refused_from_file.value.field == field
    assert ledger.log_end() == 0


def _toml(mapping: dict[str, Any]) -> str:
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"[{key}]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def test_a_file_without_a_required_column_records_nothing(sqlite_url: str, tmp_path: Path) -> None:
    text = REGISTRY.read_text(encoding="utf-8").replace("Kode Desa", "Desa Asal")
    (tmp_path / "no-desa.csv").write_text(text, encoding="utf-8")
    ledger = Ledger.open(sqlite_url, notices=False)
    with pytest.raises(InvalidValue) as refused:
        import_enterprises(ledger, tmp_path / "no-desa.csv")
    assert refused.value.field == "columns"
    assert "desa" in str(refused.value)
    assert ledger.log_end() == 0


def _import(url: str, path: str) -> None:
    import_enterprises(Ledger.open(url, notices=False), path, size=3)


def test_two_offices_importing_the_same_file_at_once_register_each_enterprise_once(
    ledger_url: str, tmp_path: Path
) -> None:
    Ledger.open(ledger_url, notices=False).close()  # made before the importers race
    copy = tmp_path / REGISTRY.name
    shutil.copy(REGISTRY, copy)
    context = multiprocessing.get_context("spawn")
    importers = [context.Process(target=_import, args=(ledger_url, str(copy))) for _ in range(3)]
    for importer in importers:
        importer.start()
    for importer in importers:
        importer.join(timeout=180)
    assert [i.exitcode for i in importers] == [0, 0, 0]
    ledger = Ledger.open(ledger_url, notices=False)
    assert len(list(ledger.enterprise_ids())) == 8
    assert import_enterprises(ledger, copy).summary()["register"] == {
        "already recorded": 8, "refused": 2
    }  # fmt: skip


def test_the_command_line_reports_as_a_table_csv_or_json(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'office.db'}"
    dry = runner.invoke(cli, ["--db", url, "import", "enterprises", str(REGISTRY), "--dry-run",
                              "--format", "json", "--quiet"])  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert not (tmp_path / "office.db").exists()  # a dry run makes no ledger
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True
    assert report["summary"]["register"] == {"recorded": 8, "refused": 2}
    real = runner.invoke(cli, ["--db", url, "import", "enterprises", str(REGISTRY),
                               "--format", "csv", "--quiet"])  # fmt: skip
    assert real.exit_code == 0, real.output
    rows = real.stdout.splitlines()
    assert rows[0] == "row,command,status,record_id,error,field,column,message"
    assert len(rows) == 1 + 17
    table = runner.invoke(cli, ["--lang", "id", "--db", url, "import", "enterprises",
                                str(REGISTRY), "--quiet"])  # fmt: skip
    assert table.exit_code == 0, table.output
    assert "sudah dicatat" in table.stdout


HEADER = "Nama Usaha;Nama Pemilik;NIK;Jenis Kelamin;Tahun Lahir;Kode Desa;KBLI;Tanggal Berdiri\n"
SARI = "Sari Wulandari;1609144512800001;P;1980;1609142006;10750;15/01/2015\n"


def _report(sqlite_url: str, path: Path, text: str | bytes) -> Any:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return import_enterprises(Ledger.open(sqlite_url, notices=False), path, dry_run=True)


def test_files_as_offices_save_them_read_right(sqlite_url: str, tmp_path: Path) -> None:
    titled = _report(sqlite_url, tmp_path / "a.csv", "DAFTAR UMKM, KECAMATAN BELITANG\n\n"
                     + HEADER + '"Kerupuk\nIkan Bu Sari";' + SARI + "Tempe;" + SARI)  # fmt: skip
    # The quoted name spans two lines: the next row is still numbered as the sheet shows it.
    assert [(x.row, x.status) for x in titled.lines] == [(4, "refused"), (6, "recorded")]
    utf16 = _report(sqlite_url, tmp_path / "b.csv", (HEADER + "Kerupuk;" + SARI).encode("utf-16"))
    assert utf16.summary() == {"register": {"recorded": 1}}
    with pytest.raises(InvalidValue) as unclosed:
        _report(sqlite_url, tmp_path / "c.csv", HEADER + '"Kerupuk;' + SARI + "Tempe;" + SARI)
    assert "well-formed" in str(unclosed.value)


def test_no_personal_data_in_what_the_import_says(sqlite_url: str, tmp_path: Path) -> None:
    headerless = tmp_path / "d.csv"
    headerless.write_text("Kerupuk;" + SARI, encoding="utf-8")
    with pytest.raises(InvalidValue) as refused:
        import_enterprises(Ledger.open(sqlite_url, notices=False), headerless, dry_run=True)
    assert "1609144512800001" not in str(refused.value)
    assert "Sari Wulandari" not in str(refused.value)
    text = HEADER.replace("KBLI", "NIB;KBLI") + (
        "Kerupuk;Sari Wulandari;1609144512800001;P;12/03/1980;1609142006;1609144512800001;"
        "10750;15/01/2015\n"
    )
    report = _report(sqlite_url, tmp_path / "e.csv", text)
    said = " ".join(str(x.message) for x in report.lines)
    assert report.refused()
    assert "1609144512800001" not in said
    assert "12/03/1980" not in said


def test_a_file_saved_again_with_its_cells_written_another_way_records_nothing_new(
    sqlite_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(sqlite_url, notices=False)
    first = tmp_path / "list.csv"
    first.write_text(HEADER + "Kerupuk;" + SARI, encoding="utf-8")
    assert import_enterprises(ledger, first).summary() == {"register": {"recorded": 1}}
    first.write_text(
        HEADER + "Kerupuk;Sari Wulandari;1609 1445 1280 0001;Perempuan;1980;16.09.14.2006;"
        "10750;2015-01-15\n",
        encoding="utf-8",
    )
    assert import_enterprises(ledger, first).summary() == {"register": {"already recorded": 1}}
