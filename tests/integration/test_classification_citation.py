"""A classification cites the report it is derived from, not the one that last changed it.

The class is derived from the latest report by effective date; ``Reclassified`` is still
recorded only when the class changes (what programs count as *naik kelas*). So after
Rp250 juta of sales for 2020 (mikro under UU 20/2008) and Rp1,5 miliar for 2023 (still
mikro, now under PP 7/2021), the enterprise is "mikro by sales Rp1.500.000.000 under
PP 7/2021 pasal 35", with one ``Reclassified`` event in its history.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from click.testing import CliRunner

from umkm_ledger import Ledger, SizeClass
from umkm_ledger.cli import cli

SITI = {"name": "Siti Aminah", "nik": "1610084708800001", "gender": "F", "birth_year": 1980}


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def songket(ledger: Ledger) -> UUID:
    return ledger.register_enterprise(
        "Tenun Songket Siti", owners=[SITI], desa="16.10.08.2003", sector="13121",
        founded_on="2014-03-01", effective_date="2016-12-16",
    )  # fmt: skip


def reclassifications(ledger: Ledger, enterprise: UUID) -> list[str]:
    return [e.summary for e in ledger.history(enterprise) if e.kind == "Reclassified"]


def test_the_class_cites_the_latest_report_though_only_a_change_is_recorded(
    ledger: Ledger, ledger_url: str
) -> None:
    # given sales of Rp250 juta for 2020, then Rp1,5 miliar for 2023: mikro both times
    enterprise = songket(ledger)
    ledger.report_sales(enterprise, year=2020, amount="Rp250 juta")
    ledger.report_sales(enterprise, year=2023, amount="Rp1,5 miliar")
    # then the class is derived from the 2023 report, under the regulation of its day
    size = ledger.enterprise(enterprise).classification
    assert size is not None
    assert size.describe() == "mikro by sales Rp1.500.000.000 under PP 7/2021 pasal 35"
    # and only the first classification was recorded: the class did not change
    assert reclassifications(ledger, enterprise) == [
        "classified mikro by sales IDR250,000,000 under UU 20/2008 pasal 6"
    ]
    # and a reopened ledger (a replay from the stored events) says the same
    with Ledger.open(ledger_url) as again:
        assert again.enterprise(enterprise).classification == size
    # and the CLI shows the figure the class is derived from
    shown = CliRunner().invoke(cli, ["--db", ledger_url, "enterprise", "show", str(enterprise)])
    assert shown.exit_code == 0, shown.output
    assert "Rp1.500.000.000" in shown.output or "IDR1,500,000,000" in shown.output
    assert "PP 7/2021" in shown.output


def test_naik_kelas_still_counts_the_change_of_class_once(ledger: Ledger) -> None:
    # given a program counting naik kelas, and a binaan with mikro reports in 2020, 2023
    program = ledger.plan_program(
        "Naik Kelas", agency="Diskoperindag", scope=["16.10"],
        period="2020-01-01..2025-12-31", effective_date="2020-01-02",
    )  # fmt: skip
    ledger.start_program(program, effective_date="2020-01-02")
    ledger.define_indicator(program, "up", kind="moved_up_size_class", title="Naik kelas")
    enterprise = songket(ledger)
    ledger.report_sales(enterprise, year=2019, amount="Rp250 juta")
    ledger.enrol(program, enterprise, effective_date="2020-02-01")
    ledger.report_sales(enterprise, year=2020, amount="Rp280 juta")
    ledger.report_sales(enterprise, year=2023, amount="Rp1,5 miliar")
    # then no naik kelas is counted while the class stays mikro
    assert ledger.progress(program, as_of="2024-01-31").indicator("up").actual == 0
    # when the 2024 sales pass PP 7/2021's Rp2 miliar
    ledger.report_sales(enterprise, year=2024, amount="Rp2,4 miliar")
    # then the class is kecil, cited from that report, and naik kelas counts once
    view = ledger.enterprise(enterprise)
    assert view.size_class is SizeClass.KECIL
    assert view.classification is not None
    assert view.classification.describe() == (
        "kecil by sales Rp2.400.000.000 under PP 7/2021 pasal 35"
    )
    assert ledger.progress(program, as_of="2025-06-30").indicator("up").actual == 1
    assert len(reclassifications(ledger, enterprise)) == 2
    assert reclassifications(ledger, enterprise)[-1].startswith("naik kelas: mikro → kecil")


def test_a_correction_that_moves_the_latest_report_changes_the_citation(
    ledger: Ledger,
) -> None:
    # given Rp250 juta for 2020 and Rp1,5 miliar for 2023
    enterprise = songket(ledger)
    ledger.report_sales(enterprise, year=2020, amount="Rp250 juta")
    ledger.report_sales(enterprise, year=2023, amount="Rp1,5 miliar")
    latest = max(e.version for e in ledger.history(enterprise) if e.kind == "SalesReported")
    # when the 2023 figure is corrected, still mikro
    ledger.correct(
        enterprise, version=latest, changes={"amount": "Rp1,2 miliar"}, reason="salah ketik"
    )
    # then the class cites the corrected figure, and no class change was recorded
    size = ledger.enterprise(enterprise).classification
    assert size is not None
    assert size.describe() == "mikro by sales Rp1.200.000.000 under PP 7/2021 pasal 35"
    assert len(reclassifications(ledger, enterprise)) == 1
