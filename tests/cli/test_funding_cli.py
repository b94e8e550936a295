"""The funding commands of the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from tests.cli.test_cli import run
from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger


def test_a_grant_from_funder_to_handover_on_the_command_line(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id = program(ledger)
        sentra = register(ledger, 1, DESA_A1)
        ledger.enrol(program_id, sentra, effective_date="2016-03-01")

    def ok(*args: str, actor: str = "siti@officer") -> str:
        result = run(ledger_url, "--actor", actor, *args)
        assert result.exit_code == 0, result.output
        return result.output.strip()

    def made(*args: str) -> str:
        """The id of the record a recording command made."""
        return ok(*args, "--format", "id")

    ok("funder", "register", "--name", "Dinkoperindag Ogan Ilir", "--source", "APBD kabupaten",
       "--effective-date", "2016-01-04")  # fmt: skip
    allocation = made(
        "allocation", "post", "--funder", "Dinkoperindag Ogan Ilir", "--program",
        str(program_id), "--year", "2016", "--instrument", "in-kind goods",
        "--amount", "Rp50.000.000", "--effective-date", "2016-01-05",
    )  # fmt: skip
    grant = made(
        "grant", "propose", "--allocation", allocation, "--beneficiary", str(sentra),
        "--item", "5:alat tenun songket:Rp3.000.000", "--justification", "looms",
        "--effective-date", "2016-12-01",
    )  # fmt: skip
    checked = ok("grant", "check", grant, "--effective-date", "2016-12-02")
    assert checked == f"recorded grant {grant}: eligible (effective 2016-12-02)"
    refused = run(
        ledger_url, "--actor", "siti@officer", "grant", "approve", grant,
        "--effective-date", "2016-12-04",
    )  # fmt: skip
    assert refused.exit_code == 3
    assert "SegregationOfDuties" in refused.output or "proposed grant" in refused.output
    ok("grant", "approve", grant, "--effective-date", "2016-12-05", actor="budi@kabid")
    ok(
        "grant", "hand-over", grant, "--bast", "BAST/027/XII/2016", "--place", "Indralaya",
        "--item", "5:alat tenun songket", "--witness", "Wakil Bupati Ogan Ilir",
        "--effective-date", "2016-12-16",
    )  # fmt: skip

    shown = ok("grant", "show", grant)
    assert "Status: delivered" in shown
    assert "BAST BAST/027/XII/2016 2016-12-16: IDR15,000,000 (not acknowledged)" in shown
    assert "witnesses: Wakil Bupati Ogan Ilir" in shown
    assert "budi@kabid" in shown

    table = ok("funds", "--year", "2016")
    assert "Dinkoperindag Ogan Ilir" in table
    data = json.loads(ok("funds", "--format", "json"))
    assert data["total"]["committed"] == 15_000_000
    assert data["rows"][0]["iati"]["expenditure"] == 15_000_000

    pledge = made(
        "allocation", "post", "--funder", "Dinkoperindag Ogan Ilir", "--program",
        str(program_id), "--year", "2016", "--instrument", "training", "--amount", "Rp10 juta",
        "--pledge", "--effective-date", "2016-01-06",
    )  # fmt: skip
    assert "[pledged]" in ok("allocation", "show", pledge)
    ok("allocation", "confirm", pledge, "--amount", "Rp8 juta", "--effective-date", "2016-02-01")
    ok("allocation", "amend", pledge, "--amount", "Rp12 juta", "--reason", "APBD-P")
    assert "[posted]: IDR12,000,000" in ok("allocation", "show", pledge)

    assert "BAST BAST/027/XII/2016" in ok("grant", "aid", str(sentra))
    ok("grant", "return", grant, "--item", "1:alat tenun songket", "--reason", "broken",
       "--effective-date", "2016-12-20")  # fmt: skip
    ok("grant", "outcome", grant, "--sales-before", "Rp40 juta", "--sales-after", "Rp52 juta",
       "--effective-date", "2017-06-01")  # fmt: skip
    assert "released IDR3,000,000" in ok("grant", "show", grant)
    referral = made("kur", "refer", str(sentra), "--bank", "Bank Sumsel Babel", "--amount",
                  "Rp25 juta", "--effective-date", "2016-12-20")  # fmt: skip
    decided = ok(
        "kur", "decision", referral, "--approved", "--amount", "Rp20 juta", "--reference",
        "KUR-1", "--effective-date", "2016-12-28",
    )  # fmt: skip
    assert decided == (
        f"recorded KUR referral {referral}: bank approved KUR of IDR20,000,000 (ref. KUR-1) "
        "(effective 2016-12-28)"
    )
    assert referral in ok("kur", "list", "--enterprise", str(sentra))
    in_bahasa = run(ledger_url, "kur", "list", lang="id").output
    assert "disetujui bank Rp" in in_bahasa
    shown = run(ledger_url, "allocation", "show", pledge, lang="id").output
    assert "[ditetapkan]" in shown
    assert "terikat Rp" in shown
    assert grant in ok("grant", "list", "--status", "delivered")
    assert ok("grant", "list", "--status", "rejected") == ""
    before = json.loads(ok("funds", "--as-of", "2016-12-01", "--format", "json"))
    assert before["total"]["committed"] == 0

    listed = json.loads(ok("anomalies", "--as-of", "2017-02-01", "--format", "json"))
    assert {a["kind"] for a in listed} == {
        "unacknowledged handover",
        "decision by the proposer attempted",
    }
    quiet = run(ledger_url, "anomalies", "--as-of", "2016-12-01", lang="id")
    assert quiet.output.strip() == "tidak ada anomali"


def test_bad_numbers_on_the_command_line_are_one_line_errors(ledger_url: str) -> None:
    Ledger.open(ledger_url).close()
    for args in (
        ["grant", "propose", "--allocation", "x", "--beneficiary", "y",
         "--item", "²:loom:Rp1", "--justification", "j"],
        ["anomalies", "--days", "999999"],
    ):  # fmt: skip
        result = run(ledger_url, *args)
        assert result.exit_code == 3, result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
