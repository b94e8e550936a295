"""The umkm-ledger command line, run in-process with click's runner on real databases."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner, Result

from umkm_ledger import Ledger
from umkm_ledger.cli import cli


def run(url: str, *args: str, lang: str = "en") -> Result:
    result = CliRunner().invoke(cli, ["--db", url, "--lang", lang, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_demo_records_the_seed_articles_once(ledger_url: str) -> None:
    first = run(ledger_url, "demo")
    assert first.exit_code == 0, first.output
    assert "KUB Karya Usang Sungging: 30 members" in first.output
    assert "Sentra Usaha TKI Purna Inderalaya Selatan: 4 members" in first.output
    assert "naik kelas: mikro → kecil" in first.output
    assert "merged into" in first.output
    recorded = re.findall(r"Events recorded: ([\d,]+)", first.output)
    again = run(ledger_url, "demo")
    assert again.exit_code == 0, again.output
    assert re.findall(r"Events recorded: ([\d,]+)", again.output) == recorded != []
    # The programs: Ogan Ilir's 654 opening binaan plus 52 enrolled, of 1000; OKU Timur's
    # registration coverage on top of 12.500 of 36.000; the Sulsel quota of 20 per desa
    # per year rolled up to kecamatan.
    assert "Actual: 706 / Target: 1,000" in first.output
    assert "coverage (%): 34.8" in first.output
    assert re.search(r"Bontonompo \(73\.06\.01\) +180 / 200", first.output)
    # The aid (seeds 000-003): the funding ledger, the Hutama Karya handover to the KUB's
    # 30 craftsmen with its witness, Kemenperin's equipment counted by the program, and
    # what the auditors should look at.
    assert re.search(r"TJSL PT Hutama Karya +2023 +in-kind goods +IDR200,000,000", first.output)
    assert re.search(r"TJSL PT Hutama Karya +2024 +training +IDR0 +IDR75,000,000", first.output)
    assert "witnesses: Wakil Bupati Ogan Ilir" in first.output
    assert "Members: 30" in first.output
    assert "Actual: IDR20,500,000" in first.output
    assert "unacknowledged handover" in first.output
    assert "murni@kasi-usaha proposed the grant and tried to approve it" in first.output
    # Mentoring and training (seeds 000, 001): the Palembang Bimtek with DPR Komisi VI,
    # its people trained in the Kemenperin program's progress, the 2016 launch exhibition
    # and the visits to Sentra Usaha TKI Purna in one member's timeline.
    assert "Training: Bimtek Penumbuhan Wirausaha Baru IKM" in first.output
    assert "DPR RI Komisi VI" in first.output
    assert re.search(r"People trained at the Bimtek .*\n  Actual: 5 / Target: -", first.output)
    assert "exhibition        took part in the exhibition with songket" in first.output
    assert "Rahmat Hidayat (officer): 2 held" in first.output
    # The auditor's ending: a checkpoint verified, the Hutama Karya grant's bundle.
    assert re.search(r"audit: OK: [\d]+ records, tree root [0-9a-f]{64}; consistent", first.output)
    assert "hutama-karya-grant.json" in first.output
    assert "hutama-karya-report.html" in first.output
    with Ledger.open(ledger_url) as ledger:
        # The seeds' enterprises, and the three rows of the demo's imported registry.
        assert len(list(ledger.enterprise_ids())) == 4 + 30 + 4 + 1 + 48 + 24 + 354 + 6 + 3
        assert len(list(ledger.group_ids())) == 2 + 2
        assert len(list(ledger.program_ids())) == 4 + 1


def test_show_prints_state_and_timeline_without_the_nik(sqlite_url: str) -> None:
    run(sqlite_url, "demo")
    with Ledger.open(sqlite_url) as ledger:
        siti = next(
            i for i in ledger.enterprise_ids() if ledger.enterprise(i).name == "Tenun Songket Siti"
        )
        nik = ledger.history(siti)[0].fields["owners"][0].nik.value
    shown = run(sqlite_url, "enterprise", "show", str(siti))
    assert shown.exit_code == 0
    assert "Tenun Songket Siti" in shown.output
    assert "Timeline:" in shown.output
    assert "NIB: 9120106541237" in shown.output
    assert "tapip@kepala-dinas" in shown.output
    assert nik not in shown.output
    assert nik[:6] + "********" + nik[-2:] in shown.output
    in_indonesian = run(sqlite_url, "enterprise", "show", str(siti), lang="id")
    assert "Pemilik:" in in_indonesian.output
    assert "Rp85.000.000" in in_indonesian.output


def test_a_whole_life_through_the_cli(sqlite_url: str) -> None:
    register = [
        "enterprise", "register",
        "--name", "Rotan Jaya",
        "--owner", "Darmawan,1609141212790003,M,1979",
        "--desa", "16.09.14.2006",
        "--kbli", "16292",
        "--founded", "2013-06-01",
        "--effective-date", "2020-01-08",
        "--command-id", "form-1",
    ]  # fmt: skip
    registered = run(sqlite_url, *register, "--format", "id")
    assert registered.exit_code == 0, registered.output
    enterprise_id = registered.output.strip()
    resent = run(sqlite_url, *register)
    assert resent.output.strip() == f"nothing new recorded for enterprise {enterprise_id}"
    sales = run(
        sqlite_url,
        "enterprise",
        "report-sales",
        enterprise_id,
        "--year",
        "2019",
        "--amount",
        "280 juta",
    )
    assert "classified mikro by sales IDR280,000,000 under UU 20/2008" in sales.output
    run(sqlite_url, "enterprise", "record-nib", enterprise_id, "9120209871234")
    corrected = run(
        sqlite_url, "enterprise", "correct", enterprise_id,
        "--version", "2", "--set", "amount=Rp260.000.000", "--reason", "re-checked",
    )  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    assert "corrected SalesReported (version 2)" in corrected.output
    closed = run(sqlite_url, "enterprise", "status", enterprise_id, "close", "--reason", "moved")
    assert f"recorded enterprise {enterprise_id}: close: active → closed (effective" in (
        closed.output
    )
    refused = run(
        sqlite_url, "enterprise", "report-sales", enterprise_id, "--year", "2020", "--amount", "5"
    )
    assert refused.exit_code == 3
    assert "IllegalTransition" in refused.output
    listed = run(sqlite_url, "enterprise", "list")
    assert enterprise_id in listed.output
    assert "closed" in listed.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["enterprise", "show", "nope"], "InvalidValue"),
        (["enterprise", "show", "6f1c1c04-9b6e-4c8f-9d4c-0b3a9d1f6a11"], "NotFound"),
        (["group", "show", "6f1c1c04-9b6e-4c8f-9d4c-0b3a9d1f6a11"], "NotFound"),
    ],
)
def test_errors_are_one_line_and_exit_3_for_a_refusal(
    sqlite_url: str, args: list[str], expected: str
) -> None:
    Ledger.open(sqlite_url).close()  # a ledger that exists, without these records
    result = run(sqlite_url, *args)
    assert result.exit_code == 3  # refused (umkm_ledger.cli.exits)
    assert expected in result.output
    missing = run(sqlite_url.replace(".db", "-typo.db"), *args)
    assert missing.exit_code == 4  # could not run: no ledger there
    assert "no ledger" in missing.output


def test_groups_through_the_cli(sqlite_url: str) -> None:
    run(sqlite_url, "demo")
    listed = run(sqlite_url, "group", "list")
    kub_id = next(line.split()[0] for line in listed.output.splitlines() if "Usang" in line)
    shown = run(sqlite_url, "group", "show", kub_id)
    assert "Members (30):" in shown.output
    assert "Chairperson: Perajin Logam Ahmad Fauzi" in shown.output


def test_a_reader_that_stops_reading_is_no_error(sqlite_url: str) -> None:
    """``umkm-ledger feed | head -1``: the output ends quietly with SIGPIPE's status, not
    a traceback asking for a bug report. (The feed of the demo is megabytes: more than a
    pipe holds, so the writer meets the closed pipe.)"""
    run(sqlite_url, "demo")
    command = [sys.executable, "-m", "umkm_ledger.cli", "--db", sqlite_url, "feed"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as feed:
        assert feed.stdout is not None
        assert feed.stderr is not None
        first = feed.stdout.readline()
        feed.stdout.close()  # as head does after its line
        errors = feed.stderr.read().decode()
        status = feed.wait(timeout=120)
    assert first.startswith(b'{"specversion"')
    assert status == 141, errors
    assert "Traceback" not in errors
    assert "internal error" not in errors
