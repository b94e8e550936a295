"""Programs and progress through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.support import person
from umkm_ledger import Ledger


@pytest.fixture
def program_id(sqlite_url: str) -> str:
    """A program with a per-desa quota and a few enrolments, made through the CLI."""
    plan = run(
        sqlite_url, "program", "plan", "--name", "Wirausaha Muda", "--agency", "Diskop Sulsel",
        "--scope", "73.06.01.2001", "--scope", "73.06.02.2001",
        "--period", "2014-01-01..2018-12-31", "--effective-date", "2014-01-02", "--format", "id",
    )  # fmt: skip
    assert plan.exit_code == 0, plan.output
    program = plan.output.strip()
    assert (
        run(sqlite_url, "program", "start", program, "--effective-date", "2014-01-02").exit_code
        == 0
    )
    indicator = run(
        sqlite_url, "program", "indicator", program, "--key", "young",
        "--kind", "binaan_enrolled", "--title", "Young entrepreneurs",
    )  # fmt: skip
    assert indicator.exit_code == 0, indicator.output
    target = run(
        sqlite_url, "program", "target", program, "young", "--value", "20",
        "--period", "2014..2018", "--per-area", "desa",
        "--area", "73.06.01.2001", "--area", "73.06.02.2001",
    )  # fmt: skip
    assert target.exit_code == 0, target.output
    with Ledger.open(sqlite_url) as ledger:
        for serial, desa in enumerate(["73.06.01.2001", "73.06.01.2001", "73.06.02.2001"], 1):
            enterprise = ledger.register_enterprise(
                f"Usaha {serial}", owners=[person(serial, desa)], desa=desa, sector="10792",
                founded_on="2013-01-01", effective_date="2014-03-01",
            )  # fmt: skip
            enrol = run(
                sqlite_url, "program", "enrol", program, str(enterprise), "--funder", "APBD",
                "--effective-date", "2014-03-02",
            )  # fmt: skip
            assert enrol.exit_code == 0, enrol.output
    return program


def test_progress_as_a_table_with_bars_in_either_language(sqlite_url: str, program_id: str) -> None:
    table = run(sqlite_url, "progress", program_id, "--as-of", "2018-12-31", "--by", "kecamatan")
    assert table.exit_code == 0, table.output
    assert "Actual: 3 / Target: 200" in table.output
    assert "[" in table.output
    assert "#" in table.output
    assert "73.06.01" in table.output
    indonesian = run(sqlite_url, "progress", program_id, "--as-of", "2018-12-31", lang="id")
    assert "Realisasi: 3 / Target: 200" in indonesian.output
    assert "1,5 %" in indonesian.output


def test_progress_as_csv_and_json_for_other_tools(sqlite_url: str, program_id: str) -> None:
    as_csv = run(sqlite_url, "progress", program_id, "--as-of", "2018-12-31", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    total = next(r for r in rows if r["row"] == "total")
    assert (total["actual"], total["target"]) == ("3", "200")
    cells = [r for r in rows if r["row"] == "period"]
    assert len(cells) == 5 * 2
    as_json = run(
        sqlite_url, "progress", program_id, "--format", "json", "--by", "funder",
        "--as-of", "2014-12-31",
    )  # fmt: skip
    document = json.loads(as_json.output)
    (young,) = document["indicators"]
    assert young["actual"] == 3
    assert {r["key"]: r["actual"] for r in young["rows"]} == {"APBD": 3}


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_progress_draws_a_chart(
    sqlite_url: str, program_id: str, tmp_path: Path, suffix: str
) -> None:
    chart = tmp_path / f"progress{suffix}"
    result = run(sqlite_url, "progress", program_id, "--as-of", "2018-12-31", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    content = chart.read_bytes()
    if suffix == ".png":
        assert content.startswith(b"\x89PNG")
    else:
        assert b"<svg" in content
        assert b"Young entrepreneurs" in content or b"Young" in content


def test_a_bad_chart_name_is_refused(sqlite_url: str, program_id: str, tmp_path: Path) -> None:
    result = run(sqlite_url, "progress", program_id, "--chart", str(tmp_path / "chart.gif"))
    assert result.exit_code == 3
    assert "InvalidValue" in result.output


def test_show_list_project_and_rebuild(sqlite_url: str, program_id: str) -> None:
    shown = run(sqlite_url, "program", "show", program_id)
    assert "young (binaan_enrolled): Young entrepreneurs" in shown.output
    assert "per desa/kelurahan x 2" in shown.output
    listed = run(sqlite_url, "program", "list")
    assert program_id in listed.output
    projected = run(sqlite_url, "project")
    assert projected.exit_code == 0
    assert "views current up to event" in projected.output
    rebuilt = run(sqlite_url, "rebuild", "progress")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "progress: rebuilt up to event" in rebuilt.output
    unknown = run(sqlite_url, "rebuild", "nothing")
    assert unknown.exit_code == 3
    kinds = json.loads(run(sqlite_url, "indicator-kinds").output)
    assert "population" in kinds["registered_enterprises"]["parameters"]


def test_refused_enrolment_exits_2_and_records_nothing(sqlite_url: str, program_id: str) -> None:
    with Ledger.open(sqlite_url) as ledger:
        outside = ledger.register_enterprise(
            "Elsewhere", owners=[person(9, "16.10.08.2003")], desa="16.10.08.2003",
            sector="13121", founded_on="2013-01-01", effective_date="2014-03-01",
        )  # fmt: skip
        events = ledger.log_end()
    result = run(sqlite_url, "program", "enrol", program_id, str(outside))
    assert result.exit_code == 3
    assert "OutsideProgramScope" in result.output
    with Ledger.open(sqlite_url) as ledger:
        assert ledger.log_end() == events
