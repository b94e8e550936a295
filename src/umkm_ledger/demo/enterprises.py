"""The demo: the enterprises and groups of the source articles, recorded as events.

Sentra Usaha TKI Purna in Ogan Ilir (Dec 2016), the 30 silver and copper craftsmen of
KUB Karya Usang Sungging (Nov 2023), and the kampung UKM of Desa Wana Bakti, OKU Timur
(Jan 2020). The articles name groups, places and dates; the people, NIKs and figures
here are invented for the demo. The region codes are the places' real ones in the
ledger's default edition of the Kemendagri list (Kepmendagri 100.1.1-6117/2022), the same
in the 2025 edition: the names beside them come from the ledger's region names.

Every command carries a fixed command id, so running the demo twice on the same
database records nothing the second time: it shows the same ledger again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.ledger import Ledger

__all__ = ["DemoResult", "record_demo", "record_sentra"]

# Real codes (see the module docstring).
INDRALAYA_SELATAN_DESA = "16.10.08.2003"  # Desa Tebing Gerinting Selatan, Indralaya Selatan
# Kelurahan Tanjung Batu, Kecamatan Tanjung Batu: the silver and copper craft centre.
TANJUNG_BATU_DESA = "16.10.02.1017"
OGAN_ILIR = "16.10"  # Kabupaten Ogan Ilir
WANA_BAKTI = "16.08.13.2004"  # Desa Wana Bakti, Kecamatan Madang Suku III, OKU Timur

KBLI_SONGKET = "13121"  # weaving of textiles (songket)
KBLI_GARMENT = "14111"  # sewing of clothing (batik)
KBLI_SNACKS = "10792"  # snacks (Palembang's kemplang and pempek crackers)
KBLI_METAL_CRAFT = "32112"  # jewellery and articles of precious metal (silver, copper)
KBLI_RICE = "10611"  # rice milling (organic rice)
KBLI_GUAVA = "01252"  # fruit growing (crystal guava)
KBLI_RATTAN = "16292"  # rattan housewares

_WOMEN = [
    "Siti Aminah", "Nurhayati", "Rohani", "Yuliana", "Maimunah", "Sri Wahyuni", "Fatimah",
    "Herlina", "Rusmini", "Juliana",
]  # fmt: skip
_MEN = [
    "Ahmad Fauzi", "Rudi Hartono", "Syamsul Bahri", "Zulkifli", "Hendra Saputra", "M. Ridwan",
    "Yusuf Effendi", "Darmawan", "Abdul Rahman", "Sukardi", "Irwan Setiawan", "Bambang Irawan",
    "Agus Salim", "Fikri Ramadhan", "Joko Susilo", "Arief Hidayat", "Supriadi", "Rahmat Hidayat",
    "Taufik Hidayat", "Eko Prasetyo", "Wahyu Nugroho", "Firdaus", "Hasan Basri", "Ilham Akbar",
    "Rizal Effendi", "Sulaiman", "Yanto", "Andi Saputra",
]  # fmt: skip


def _nik(desa: str, birth: date, female: bool, serial: int) -> str:
    kecamatan = desa.replace(".", "")[:6]
    day = birth.day + (40 if female else 0)
    return f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def demo_owner(name: str, desa: str, birth: date, female: bool, serial: int) -> dict[str, object]:
    return {
        "name": name,
        "nik": _nik(desa, birth, female, serial),
        "gender": "F" if female else "M",
        "birth_year": birth.year,
    }


@attrs.frozen
class DemoResult:
    sentra: UUID
    sentra_members: tuple[UUID, ...]
    kub: UUID
    kub_members: tuple[UUID, ...]
    wana_bakti: tuple[UUID, ...]
    naik_kelas: UUID
    duplicate: UUID
    duplicate_of: UUID


def _craftsmen() -> Iterator[tuple[str, date, bool]]:
    for i, name in enumerate(_MEN):
        yield name, date(1965 + i, 1 + i % 12, 1 + (i * 3) % 28), False
    for i, name in enumerate(_WOMEN[:2]):
        yield name, date(1975 + i, 3 + i, 10 + i), True


def record_sentra(ledger: Ledger) -> tuple[list[UUID], UUID]:
    """Ogan Ilir, 16 Dec 2016: Sentra Usaha TKI Purna at the "Launching Pengembangan 1000
    Wirausaha UMKM" exhibition (seed 000): its members, and the sentra. (The part of the
    demo recorded the same since the first release: its desa's code was a real one.)"""
    officer_oi = "tapip@kepala-dinas"
    launch = date(2016, 12, 16)
    sentra_people = [
        ("Tenun Songket Siti", "Siti Aminah", date(1980, 8, 7), KBLI_SONGKET),
        ("Jahit Batik Nurhayati", "Nurhayati", date(1983, 2, 14), KBLI_GARMENT),
        ("Kemplang Rohani", "Rohani", date(1978, 11, 2), KBLI_SNACKS),
        ("Songket Yuliana", "Yuliana", date(1986, 5, 21), KBLI_SONGKET),
    ]
    sentra_members = []
    for serial, (business, person, birth, kbli) in enumerate(sentra_people, start=1):
        sentra_members.append(
            ledger.register_enterprise(
                business,
                owners=[demo_owner(person, INDRALAYA_SELATAN_DESA, birth, True, serial)],
                desa=INDRALAYA_SELATAN_DESA,
                street="Jl. Lintas Timur, Inderalaya Selatan",
                sector=kbli,
                founded_on=date(2014 + serial % 2, 3, 1),
                effective_date=launch,
                actor=officer_oi,
                command_id=f"demo:sentra:register:{serial}",
            )
        )
    sentra = ledger.form_group(
        "Sentra Usaha TKI Purna Inderalaya Selatan",
        kind="sentra",
        region=INDRALAYA_SELATAN_DESA,
        founded_on=date(2014, 6, 1),
        effective_date=launch,
        actor=officer_oi,
        command_id="demo:sentra:form",
    )
    for serial, member in enumerate(sentra_members, start=1):
        ledger.add_group_member(
            sentra, member, effective_date=launch, actor=officer_oi,
            command_id=f"demo:sentra:join:{serial}",
        )  # fmt: skip
    ledger.appoint_chairperson(
        sentra, sentra_members[0], effective_date=launch, actor=officer_oi,
        command_id="demo:sentra:chair",
    )  # fmt: skip
    # The songket weaver's sales: mikro under UU 20/2008 in 2016; NIB issued by OSS in 2019.
    ledger.report_sales(
        sentra_members[0], year=2016, amount="Rp85.000.000", actor=officer_oi,
        command_id="demo:sentra:sales:2016",
    )  # fmt: skip
    ledger.record_nib(
        sentra_members[0], "9120106541237", effective_date=date(2019, 7, 15), actor=officer_oi,
        command_id="demo:sentra:nib",
    )  # fmt: skip
    return sentra_members, sentra


def record_demo(ledger: Ledger) -> DemoResult:
    """Record the demo's facts in ``ledger`` (idempotently) and return the ids."""
    officer_oi = "tapip@kepala-dinas"
    officer_oku = "murni@kasi-usaha"
    sentra_members, sentra = record_sentra(ledger)

    # -- Ogan Ilir, 9 Nov 2023: the 30 craftsmen of KUB Karya Usang Sungging (seed 003).
    handover = date(2023, 11, 9)
    kub_members = []
    for serial, (person, birth, female) in enumerate(_craftsmen(), start=1):
        kub_members.append(
            ledger.register_enterprise(
                f"Perajin Logam {person}",
                owners=[demo_owner(person, TANJUNG_BATU_DESA, birth, female, serial)],
                desa=TANJUNG_BATU_DESA,
                street="Sentra Perajin Logam, Tanjung Batu",
                sector=KBLI_METAL_CRAFT,
                founded_on=date(2000 + serial % 20, 1, 15),
                effective_date=date(2023, 10, 2),
                actor=officer_oi,
                command_id=f"demo:kub:register:{serial}",
            )
        )
    kub = ledger.form_group(
        "KUB Karya Usang Sungging",
        kind="KUB",
        region=TANJUNG_BATU_DESA,
        founded_on=date(2019, 4, 1),
        effective_date=date(2023, 10, 2),
        actor=officer_oi,
        command_id="demo:kub:form",
    )
    for serial, member in enumerate(kub_members, start=1):
        ledger.add_group_member(
            kub, member, effective_date=date(2023, 10, 2), actor=officer_oi,
            command_id=f"demo:kub:join:{serial}",
        )  # fmt: skip
    ledger.appoint_chairperson(
        kub, kub_members[0], effective_date=date(2023, 10, 2), actor=officer_oi,
        command_id="demo:kub:chair",
    )  # fmt: skip
    # The hoped-for result of the aid: sales up 50 % (the baseline is reported here).
    ledger.report_sales(
        kub_members[0], year=2022, amount="Rp640.000.000", actor=officer_oi,
        effective_date=handover, command_id="demo:kub:sales:2022",
    )  # fmt: skip

    # -- OKU Timur, 8 Jan 2020: kampung UKM in Desa Wana Bakti (seed 002).
    kampung = date(2020, 1, 8)
    wana_bakti_people = [
        ("Beras Organik Wana Bakti", "Sukardi", date(1972, 4, 4), False, KBLI_RICE),
        ("Jambu Kristal Murni", "Sri Wahyuni", date(1985, 9, 30), True, KBLI_GUAVA),
        ("Rotan Jaya", "Darmawan", date(1979, 12, 12), False, KBLI_RATTAN),
        ("Anyaman Rotan Fatimah", "Fatimah", date(1990, 1, 25), True, KBLI_RATTAN),
    ]
    wana_bakti = []
    for serial, (business, person, birth, female, kbli) in enumerate(wana_bakti_people, start=1):
        wana_bakti.append(
            ledger.register_enterprise(
                business,
                owners=[demo_owner(person, WANA_BAKTI, birth, female, serial)],
                desa=WANA_BAKTI,
                street="Desa Wana Bakti, Madang Suku III",
                sector=kbli,
                founded_on=date(2010 + serial, 6, 1),
                effective_date=kampung,
                actor=officer_oku,
                command_id=f"demo:oku:register:{serial}",
            )
        )
    # Free business registration at the kecamatan: the rice mill gets its NIB.
    ledger.record_nib(
        wana_bakti[0], "9120209871234", effective_date=date(2020, 3, 2), actor=officer_oku,
        command_id="demo:oku:nib",
    )  # fmt: skip
    # Organic rice reaches the minimarkets: naik kelas from mikro to kecil.
    rice = wana_bakti[0]
    ledger.report_sales(
        rice, year=2019, amount="Rp280.000.000", actor=officer_oku, command_id="demo:oku:sales:2019"
    )
    ledger.report_sales(
        rice, year=2023, amount="Rp2,4 miliar", actor=officer_oku, command_id="demo:oku:sales:2023"
    )
    # A 2019 figure typed wrongly and corrected (the original stays in the history).
    wrong_2019 = next(r for r in ledger.enterprise(rice).reports if r.year == 2019)
    ledger.correct(
        rice,
        version=wrong_2019.version,
        changes={"amount": "Rp260.000.000"},
        reason="sales book re-checked: Rp260 juta, not Rp280 juta",
        actor="heral@sekdin",
        command_id="demo:oku:correct:2019",
    )
    # Darmawan registered his rattan business again at the kecamatan: flagged as a
    # suspected duplicate, then merged by the officer.
    duplicate = ledger.register_enterprise(
        "Kerajinan Rotan Darmawan",
        owners=[demo_owner("Darmawan", WANA_BAKTI, date(1979, 12, 12), False, 3)],
        desa=WANA_BAKTI,
        street="Desa Wana Bakti, Madang Suku III",
        sector=KBLI_RATTAN,
        founded_on=date(2013, 6, 1),
        effective_date=date(2020, 2, 3),
        actor="kecamatan-madang@petugas",
        command_id="demo:oku:register:duplicate",
    )
    ledger.merge_duplicate(
        duplicate,
        into=wana_bakti[2],
        reason="same rattan business, registered again at the kecamatan",
        effective_date=date(2020, 2, 10),
        actor=officer_oku,
        command_id="demo:oku:merge",
    )
    return DemoResult(
        sentra=sentra,
        sentra_members=tuple(sentra_members),
        kub=kub,
        kub_members=tuple(kub_members),
        wana_bakti=tuple(wana_bakti),
        naik_kelas=rice,
        duplicate=duplicate,
        duplicate_of=wana_bakti[2],
    )
