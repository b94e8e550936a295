"""The demo's programs: targets, opening balances, enrolments, as the articles report them.

* Ogan Ilir's "Pengembangan 1000 Wirausaha UMKM" (seed 000): 654 binaan when counting
  began (an opening balance, 16 Dec 2016), then enrolments, against a target of 1000.
* OKU Timur's 2020 program (seed 002): 1000 new beginner UKM, and registration coverage
  of the 36.000 UKM known to the district (12.500 registered on 8 Jan 2020: 34,7 %).
* South Sulawesi's young entrepreneurs per village (seed 004, Pergub 10/2014): 20 per
  desa per year for five years from 2014, shown here for four illustrative desa, with
  funders claiming part of them (attributed and deduplicated totals).
* KUB Karya Usang Sungging (seed 003): the hoped-for 50 % sales increase after the aid.

People, NIKs, figures and the desa codes are invented for the demo; every command has
a fixed command id, so recording the demo again records nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import attrs

from umkm_ledger.demo.enterprises import OGAN_ILIR, DemoResult, demo_owner
from umkm_ledger.ledger import Ledger

__all__ = ["DemoPrograms", "record_demo_programs"]

# Every command id of the programs demo starts with this.
_ID = "demo:programs:"

OKU_TIMUR = "16.08"  # Kabupaten Ogan Komering Ulu Timur
# Desa of two kecamatan of Kabupaten Gowa (73.06), South Sulawesi: Bontolangkasa Utara and
# Bontolangkasa Selatan (Bontonompo), Maccinibaji and Bontosunggu (Bajeng).
SULSEL_DESA = ("73.06.01.2004", "73.06.01.2005", "73.06.02.2006", "73.06.02.2003")
# Young entrepreneurs enrolled per desa and year, 2014-2018 (the target is 20 each).
SULSEL_ENROLLED = {
    "73.06.01.2004": (18, 21, 20, 19, 22),
    "73.06.01.2005": (12, 15, 17, 20, 16),
    "73.06.02.2006": (20, 20, 23, 18, 20),
    "73.06.02.2003": (9, 14, 16, 15, 19),
}
# Munggu (Muara Kuang), Tanjung Temiang (Tanjung Raja), Sukarami (Pemulutan), Tebing
# Gerinting Selatan (Indralaya Selatan).
_OI_DESA = ("16.10.01.2005", "16.10.03.2007", "16.10.05.2016", "16.10.08.2003")
_OI_SECTORS = ("13121", "10792", "14111", "47111")
# Wana Bakti (Madang Suku III), Suka Raja (Buay Madang), Banu Mas (Buay Pemuka Peliung).
_OKU_DESA = ("16.08.13.2004", "16.08.02.2001", "16.08.05.2003")
_NAMES = (
    "Andi", "Nurul", "Rahmat", "Dewi", "Fitri", "Hasan", "Indah", "Joko", "Kartini", "Lukman",
    "Mega", "Nanda", "Putri", "Rini", "Sari", "Taufan", "Umar", "Wulan", "Yusran", "Zahra",
)  # fmt: skip


@attrs.frozen
class DemoPrograms:
    ogan_ilir: UUID
    oku_timur: UUID
    sulsel: UUID
    kub_program: UUID


def _person(serial: int, desa: str, first_year: int, span: int) -> tuple[dict[str, object], bool]:
    female = serial % 2 == 1
    birth = date(first_year + serial % span, 1 + serial % 12, 1 + serial % 28)
    name = f"{_NAMES[serial % len(_NAMES)]} {_NAMES[(serial // 7) % len(_NAMES)]}"
    return demo_owner(name, desa, birth, female, 5000 + serial), female


def record_demo_programs(ledger: Ledger, demo: DemoResult) -> DemoPrograms:
    """Record the demo's programs in ``ledger`` (idempotently) and return their ids."""
    return DemoPrograms(
        ogan_ilir=_ogan_ilir(ledger, demo),
        oku_timur=_oku_timur(ledger, demo),
        sulsel=_sulsel(ledger),
        kub_program=_kub(ledger, demo),
    )


def _started(
    ledger: Ledger,
    key: str,
    name: str,
    *,
    agency: str,
    scope: list[str],
    period: str,
    on: date,
    officer: str,
) -> UUID:
    """Plan a program and start it on the same day."""
    program = ledger.plan_program(
        name, agency=agency, scope=scope, period=period, effective_date=on, actor=officer,
        command_id=f"{_ID}{key}:plan",
    )  # fmt: skip
    ledger.start_program(program, effective_date=on, actor=officer, command_id=f"{_ID}{key}:start")
    return program


def _register(
    ledger: Ledger, key: str, serial: int, desa: str, sector: str, on: date, born: int
) -> UUID:
    owner, _female = _person(serial, desa, born, 10)
    return ledger.register_enterprise(
        f"Usaha {owner['name']}",
        owners=[owner],
        desa=desa,
        sector=sector,
        founded_on=on - timedelta(days=400),
        effective_date=on,
        actor="demo@officer",
        command_id=f"{_ID}{key}:register:{serial}",
    )


def _ogan_ilir(ledger: Ledger, demo: DemoResult) -> UUID:
    officer = "tapip@kepala-dinas"
    program = _started(
        ledger, "oi", "Pengembangan 1000 Wirausaha UMKM",
        agency="Dinas Koperasi, UKM, Perindustrian dan Perdagangan Ogan Ilir",
        scope=[OGAN_ILIR], period="2016-01-01..2020-12-31", on=date(2016, 1, 4), officer=officer,
    )  # fmt: skip
    ledger.define_indicator(
        program, "new_binaan", kind="binaan_enrolled", title="New UMKM binaan",
        baseline=0, baseline_on=date(2016, 1, 4), effective_date=date(2016, 1, 4), actor=officer,
        command_id=f"{_ID}oi:indicator:new_binaan",
    )  # fmt: skip
    ledger.set_target(
        program, "new_binaan", value=1000, periods="2016-01-01..2020-12-31",
        effective_date=date(2016, 1, 4), actor=officer, command_id=f"{_ID}oi:target",
    )  # fmt: skip
    ledger.define_indicator(
        program, "binaan_nib", kind="binaan_with_nib", title="Binaan holding an NIB",
        effective_date=date(2016, 1, 4), actor=officer, command_id=f"{_ID}oi:indicator:nib",
    )  # fmt: skip
    ledger.record_opening_balance(
        program, "new_binaan", value=654, counted_on=date(2016, 12, 16),
        source_document="Diskoperindag Ogan Ilir, launch of the program, 16 Dec 2016 (seed 000)",
        actor=officer, command_id=f"{_ID}oi:opening",
    )  # fmt: skip
    for serial, member in enumerate(demo.sentra_members, start=1):
        ledger.enrol(
            program, member, funders=["APBD Kabupaten Ogan Ilir"],
            effective_date=date(2016, 12, 20), actor=officer,
            command_id=f"{_ID}oi:enrol:sentra:{serial}",
        )  # fmt: skip
    # Enrolments of 2017-2020, across four kecamatan.
    for serial in range(1, 49):
        on = date(2017 + serial % 4, 1 + serial % 12, 5 + serial % 20)
        desa = _OI_DESA[serial % len(_OI_DESA)]
        enterprise = _register(
            ledger, "oi", serial, desa, _OI_SECTORS[serial % len(_OI_SECTORS)], on, 1975
        )
        ledger.enrol(
            program, enterprise, effective_date=on, actor=officer,
            command_id=f"{_ID}oi:enrol:{serial}",
        )  # fmt: skip
        if serial % 3 == 0:
            ledger.record_nib(
                enterprise, f"91201{serial:08d}", effective_date=on + timedelta(days=30),
                actor=officer, command_id=f"{_ID}oi:nib:{serial}",
            )  # fmt: skip
    return program


def _oku_timur(ledger: Ledger, demo: DemoResult) -> UUID:
    officer = "murni@kasi-usaha"
    program = _started(
        ledger, "oku", "1000 UKM Pemula OKU Timur 2020",
        agency="Dinas Koperasi dan UKM OKU Timur",
        scope=[OKU_TIMUR], period="2020-01-01..2020-12-31", on=date(2020, 1, 2), officer=officer,
    )  # fmt: skip
    ledger.define_indicator(
        program, "new_ukm", kind="binaan_enrolled", title="New beginner UKM (UKM pemula)",
        effective_date=date(2020, 1, 2), actor=officer, command_id=f"{_ID}oku:indicator:new_ukm",
    )  # fmt: skip
    ledger.set_target(
        program, "new_ukm", value=1000, periods="2020", effective_date=date(2020, 1, 2),
        actor=officer, command_id=f"{_ID}oku:target:new_ukm",
    )  # fmt: skip
    ledger.define_indicator(
        program, "registered", kind="registered_enterprises",
        title="UMKM registered (of the known population)", parameters={"population": 36000},
        effective_date=date(2020, 1, 2), actor=officer, command_id=f"{_ID}oku:indicator:registered",
    )  # fmt: skip
    ledger.record_opening_balance(
        program, "registered", value=12500, counted_on=date(2020, 1, 8),
        source_document="Dinas Koperasi dan UKM OKU Timur, 8 Jan 2020: 12.500 of 36.000 (seed 002)",
        actor=officer, command_id=f"{_ID}oku:opening",
    )  # fmt: skip
    for serial, member in enumerate(demo.wana_bakti, start=1):
        ledger.enrol(
            program, member, effective_date=date(2020, 1, 8), actor=officer,
            command_id=f"{_ID}oku:enrol:wana-bakti:{serial}",
        )  # fmt: skip
    # Free business registration at the kecamatan through 2020.
    for serial in range(1, 25):
        on = date(2020, 2 + serial % 10, 1 + serial % 27)
        sector = ("10611", "01252", "16292")[serial % 3]
        enterprise = _register(
            ledger, "oku", serial, _OKU_DESA[serial % len(_OKU_DESA)], sector, on, 1980
        )
        ledger.enrol(
            program, enterprise, effective_date=on, actor=officer,
            command_id=f"{_ID}oku:enrol:{serial}",
        )  # fmt: skip
    return program


def _sulsel(ledger: Ledger) -> UUID:
    officer = "azis@kabid-ukm"
    program = _started(
        ledger, "sulsel", "Wirausaha Muda per Desa (Pergub 10/2014)",
        agency="Dinas Koperasi dan UKM Provinsi Sulawesi Selatan",
        scope=list(SULSEL_DESA), period="2014-01-01..2018-12-31", on=date(2014, 1, 2),
        officer=officer,
    )  # fmt: skip
    ledger.define_indicator(
        program, "young_entrepreneurs", kind="binaan_enrolled",
        title="New young entrepreneurs per desa", youth_age_limit=30,
        effective_date=date(2014, 1, 2), actor=officer, command_id=f"{_ID}sulsel:indicator",
    )  # fmt: skip
    ledger.set_target(
        program, "young_entrepreneurs", value=20, periods="2014..2018", per_area="desa",
        areas=list(SULSEL_DESA), effective_date=date(2014, 1, 2), actor=officer,
        command_id=f"{_ID}sulsel:target",
    )  # fmt: skip
    serial = 0
    for desa, per_year in SULSEL_ENROLLED.items():
        for offset, count in enumerate(per_year):
            for _ in range(count):
                serial += 1
                on = date(2014 + offset, 2 + serial % 10, 1 + serial % 27)
                enterprise = _register(
                    ledger,
                    "sulsel",
                    serial,
                    desa,
                    ("10792", "47111", "96021")[serial % 3],
                    on,
                    1988,
                )
                # The provincial budget claims most; the national ministry co-claims some.
                funders = ["APBD Provinsi Sulawesi Selatan"] if serial % 5 else []
                if serial % 4 == 0:
                    funders.append("APBN Kementerian Koperasi dan UKM")
                ledger.enrol(
                    program, enterprise, funders=funders, effective_date=on, actor=officer,
                    command_id=f"{_ID}sulsel:enrol:{serial}",
                )  # fmt: skip
    return program


def _kub(ledger: Ledger, demo: DemoResult) -> UUID:
    officer = "tapip@kepala-dinas"
    program = _started(
        ledger, "kub", "Pembinaan KUB Karya Usang Sungging",
        agency="Dinas Koperasi, UKM, Perindustrian dan Perdagangan Ogan Ilir",
        scope=[OGAN_ILIR], period="2023-01-01..2025-12-31", on=date(2023, 10, 2), officer=officer,
    )  # fmt: skip
    ledger.define_indicator(
        program, "sales_growth", kind="sales_growth", title="Craftsmen's sales growth over 2022",
        parameters={"baseline_year": 2022}, effective_date=date(2023, 10, 2), actor=officer,
        command_id=f"{_ID}kub:indicator:growth",
    )  # fmt: skip
    ledger.set_target(
        program, "sales_growth", value=50, periods="2024", effective_date=date(2023, 10, 2),
        actor=officer, command_id=f"{_ID}kub:target:growth",
    )  # fmt: skip
    # Sales of 2022 (before the aid) and of 2024, for the first ten craftsmen.
    growth = (52, 35, 61, 48, 70, 44, 55, 30, 66, 50)
    for index, member in enumerate(demo.kub_members[:10]):
        ledger.enrol(
            program, member, funders=["TJSL PT Hutama Karya"], effective_date=date(2023, 11, 9),
            actor=officer, command_id=f"{_ID}kub:enrol:{index}",
        )  # fmt: skip
        before = 640_000_000 if index == 0 else 90_000_000 + 7_000_000 * index
        if index:
            ledger.report_sales(
                member, year=2022, amount=before, effective_date=date(2023, 11, 9),
                actor=officer, command_id=f"{_ID}kub:sales:2022:{index}",
            )  # fmt: skip
        ledger.report_sales(
            member, year=2024, amount=before * (100 + growth[index]) // 100,
            effective_date=date(2025, 1, 15), actor=officer,
            command_id=f"{_ID}kub:sales:2024:{index}",
        )  # fmt: skip
    return program
