"""Mentoring, training, consultation, exhibition and timeline commands of the command
line, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.cli.test_cli import run
from tests.integration.test_programs import DESA_A1, program, register
from tests.support import person
from umkm_ledger import Ledger


def test_mentoring_training_and_the_timeline_on_the_command_line(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        program_id = program(ledger)
        ledger.define_indicator(
            program_id, "trained", kind="people_trained", title="People trained",
            effective_date="2016-01-04",
        )  # fmt: skip
        first, second = register(ledger, 1, DESA_A1), register(ledger, 2, DESA_A1)
        for enterprise in (first, second):
            ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    trainee = person(31, DESA_A1, female=True)

    def ok(*args: str, lang: str = "en") -> str:
        result = run(ledger_url, *args, lang=lang)
        assert result.exit_code == 0, result.output
        return result.output.strip()

    session = ok(
        "mentoring", "schedule", "--mentor", "Rahmat", "--enterprise", str(first),
        "--enterprise", str(second), "--topic", "pembukuan", "--on", "2016-04-01",
        "--program", str(program_id), "--effective-date", "2016-03-20", "--format", "id",
    )  # fmt: skip
    held = ok(
        "mentoring", "hold", session, "--attended", str(first), "--minutes", "90",
        "--follow-up", "2016-04-30:catat penjualan", "--effective-date", "2016-04-01",
    )  # fmt: skip
    assert held == (
        f"recorded mentoring session {session}: mentoring held, 90 min, 1 attended; "
        "follow-up: catat penjualan (effective 2016-04-01)"
    )
    done = ok("mentoring", "follow-up-done", session, "1", "--effective-date", "2016-04-20")
    assert done.endswith(": follow-up 1 done (effective 2016-04-20)")
    shown = ok("mentoring", "show", session)
    assert "1. catat penjualan (due 2016-04-30; done 2016-04-20)" in shown
    refused = run(ledger_url, "mentoring", "hold", session, "--attended", str(first),
                  "--minutes", "30")  # fmt: skip
    assert refused.exit_code == 3
    assert "Traceback" not in refused.output
    missed = ok(
        "mentoring", "schedule", "--mentor", "Dewi", "--enterprise", str(second),
        "--topic", "izin", "--on", "2016-05-01", "--effective-date", "2016-04-20",
        "--format", "id",
    )  # fmt: skip
    no_reason = run(ledger_url, "mentoring", "cancel", missed)
    assert no_reason.exit_code == 3
    assert "reason" in no_reason.output
    assert ok("mentoring", "cancel", missed, "--no-show", "--effective-date", "2016-05-01") == (
        f"recorded mentoring session {missed}: mentoring: nobody came (effective 2016-05-01)"
    )
    coverage = ok(
        "mentoring", "coverage", str(program_id), "--period", "2016-01-01..2016-12-31",
        "--as-of", "2016-12-31",
    )  # fmt: skip
    assert "Binaan: 2; mentored at least 1×: 1 (50.0 %); never visited: 1" in coverage
    assert "Rahmat (officer): 1 held, 1.5 h, 1 enterprises" in coverage
    in_bahasa = ok("mentoring", "coverage", str(program_id), "--as-of", "2016-12-31",
                   lang="id")  # fmt: skip
    assert "belum pernah dikunjungi: 1" in in_bahasa

    training = ok(
        "training", "organise", "--title", "Bimtek IKM", "--organiser", "Kemenperin",
        "--venue", "Hotel Aston Palembang", "--region", "16.10", "--day", "2016-08-23",
        "--day", "2016-08-24", "--topic", "produksi", "--partner", "Anggota DPR RI Komisi VI",
        "--program", str(program_id), "--effective-date", "2016-08-01", "--format", "id",
    )  # fmt: skip
    ok(
        "training", "register", training, "--person",
        f"{trainee['name']},{trainee['nik']},F,{trainee['birth_year']}",
        "--enterprise", str(first), "--effective-date", "2016-08-20",
    )  # fmt: skip
    for day in ("2016-08-23", "2016-08-24"):
        ok("training", "attend", training, "--nik", trainee["nik"], "--effective-date", day)
    ok("training", "complete", training, "--nik", trainee["nik"], "--certificate", "C-1",
       "--effective-date", "2016-08-24")  # fmt: skip
    shown = ok("training", "show", training)
    assert "2016-08-24: 1 / 1 present" in shown
    assert "Completed: 1 / 1 registered" in shown
    assert trainee["nik"] not in shown  # masked
    assert "pelatihan" in ok("training", "show", training, lang="id").lower()
    progress = ok("progress", str(program_id), "--as-of", "2016-12-31")
    assert "People trained" in progress

    ok("consultation", "record", str(first), "--place", "PLUT Sumsel", "--consultant", "Andi",
       "--topic", "izin PIRT", "--outcome", "berkas lengkap",
       "--effective-date", "2016-05-02")  # fmt: skip
    expo = ok("exhibition", "organise", "--name", "Launching 1000 Wirausaha", "--organiser",
              "Diskoperindag", "--venue", "Pendopoan", "--region", "16.10", "--day",
              "2016-12-16", "--effective-date", "2016-12-01", "--format", "id")  # fmt: skip
    assert ok("exhibition", "take-part", expo, str(first), "--product", "songket",
              "--outcome", "12 orders", "--sales", "Rp3 juta",
              "--effective-date", "2016-12-16") == (
        f"recorded exhibition {expo}: took part in the exhibition with songket: 12 orders "
        "(sales IDR3,000,000) (effective 2016-12-16)"
    )  # fmt: skip
    timeline = ok("enterprise", "timeline", str(first)).splitlines()
    assert timeline[0] == "Timeline:"
    lines = [line.split()[:2] for line in timeline[1:]]
    assert [day for day, _ in lines] == sorted(day for day, _ in lines)
    assert [kind for _, kind in lines] == [
        "enterprise", "enrolment", "mentoring", "mentoring", "mentoring", "consultation",
        "training", "training", "training", "training", "exhibition",
    ]  # fmt: skip
