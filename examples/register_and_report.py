"""Embed umkm_ledger in a district tool: register a binaan enterprise, report, show history.

Run:  python examples/register_and_report.py [LEDGER_URL]   (default: memory://)
"""

from __future__ import annotations

import sys

from umkm_ledger import Ledger, SizeClass, UmkmLedgerError


def main(url: str = "memory://") -> SizeClass | None:
    with Ledger.open(url, actor="murni@kasi-usaha", source_system="simkumkm-oku-timur") as ledger:
        rice = ledger.register_enterprise(
            "Beras Organik Wana Bakti",
            owners=[
                {"name": "Sukardi", "nik": "1609140404720001", "gender": "M", "birth_year": 1972}
            ],
            desa="16.09.14.2006",
            street="Desa Wana Bakti, Madang Suku III",
            sector="10611",
            founded_on="2011-06-01",
            effective_date="2020-01-08",
            command_id="oku-timur/form/2020/0001",  # resending it records nothing new
        )
        ledger.report_sales(rice, year=2019, amount="Rp280.000.000")
        ledger.report_sales(rice, year=2023, amount="Rp2,4 miliar")  # naik kelas
        try:
            ledger.report_sales(rice, year=2023, amount="Rp2,5 miliar")
        except UmkmLedgerError as refused:
            print(f"refused: {refused}")  # a year is reported once; corrections fix it
        view = ledger.enterprise(rice)
        print(f"{view.name}: {view.size_class.value if view.size_class else '-'}")
        for record in ledger.history(rice, locale="id_ID"):
            print(f"  v{record.version} {record.effective_date} {record.summary}")
        return view.size_class


if __name__ == "__main__":
    main(*sys.argv[1:2])
