"""``umkm-ledger iati``: a program's IATI file on the command line, on SQLite and
PostgreSQL: printed, or written to a new file (never over one), in English or
Indonesian, refusing what it cannot write."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.cli.test_cli import run
from tests.iati_checks import rule_problems, schema_problems
from tests.integration.test_iati import OFFICE, REF, funded_program
from umkm_ledger import Ledger


def test_the_file_is_printed_or_written_once(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url, actor="siti@officer", notices=False) as ledger:
        program = str(funded_program(ledger)["program"])
        expected = ledger.iati(
            program, reporting_org=REF, as_of="2018-12-31", generated_at="2026-01-05T01:00:00Z"
        ).xml
    same = ["--reporting-org", REF, "--as-of", "2018-12-31", "--generated-at",
            "2026-01-05T01:00:00Z"]  # fmt: skip
    printed = run(ledger_url, "iati", program[:8], *same)  # the id's start, as histories print it
    assert printed.exit_code == 0, printed.output
    assert printed.stdout_bytes == expected
    target = tmp_path / "activity.xml"
    written = run(ledger_url, "iati", program, *same, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.output == f"{target}: an IATI 2.03 activity file of 1 program(s)\n"
    assert target.read_bytes() == expected
    again = run(ledger_url, "iati", program, *same, "-o", str(target))
    assert again.exit_code == 4  # could not run: nothing overwritten
    assert "never overwrites" in again.output
    assert target.read_bytes() == expected


def test_as_a_funder_with_identifiers_in_indonesian(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url, actor="siti@officer", notices=False) as ledger:
        program = str(funded_program(ledger)["program"])
    target = tmp_path / "apbd.xml"
    done = run(
        ledger_url, "iati", program, "--reporting-org", "XI-IATI-TEST-APBD", "--as-funder",
        "APBD Kabupaten Ogan Ilir", "--org", f"{OFFICE}={REF}", "--org-type", f"{OFFICE}=11",
        "--as-of", "2018-12-31", "-o", str(target), lang="id",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.output == f"{target}: berkas kegiatan IATI 2.03 untuk 1 program\n"
    xml = target.read_bytes()
    assert schema_problems(xml) == []
    assert rule_problems(xml) == []
    activity = etree.fromstring(xml)[0]
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    offices = {
        (p.get("role"), p.get("ref"), p.get("type"))
        for p in activity.iter("participating-org")
        if p.findtext("narrative") == OFFICE
    }
    assert offices == {("3", REF, "11"), ("4", REF, "11")}
    said = [t.findtext("description/narrative") for t in activity.iter("transaction")]
    assert (
        "APBD Kabupaten Ogan Ilir mengalokasikan bantuan barang untuk tahun anggaran 2016" in said
    )


def test_what_it_cannot_write_is_refused(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url, actor="siti@officer", notices=False) as ledger:
        program = str(funded_program(ledger)["program"])
    refused = {
        "--reporting-org": run(ledger_url, "iati", program, "--reporting-org", "Dinas OI"),
        "--org": run(ledger_url, "iati", program, "--reporting-org", REF, "--org", "no pair"),
        "org_refs": run(
            ledger_url, "iati", program, "--reporting-org", REF, "--org", "Bappeda=XI-IATI-B"
        ),
    }
    for field, result in refused.items():
        assert result.exit_code == 3, (field, result.output)  # refused
        assert field.lstrip("-").replace("-", "_") in result.output, (field, result.output)
    missing = run(ledger_url, "iati", "3f2a9c1e", "--reporting-org", REF)
    assert missing.exit_code == 3
    assert "NotFound" in missing.output
    assert not (tmp_path / "activity.xml").exists()
