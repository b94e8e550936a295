"""A kecamatan's registration list for the demo's import: four enterprises of Madang Suku
III (OKU Timur) as an office keeps them in a spreadsheet, one with a NIK typed one digit
short. Registered in 2024, after the OKU Timur program's year, so the demo's progress
figures (as of 2020) stay those of the seed articles."""

from __future__ import annotations

__all__ = ["DEMO_REGISTRY_CSV", "DEMO_REGISTRY_NAME"]

DEMO_REGISTRY_NAME = "registrasi-madang-suku-iii-2024.csv"

_HEADER = (
    "No", "Nama Usaha", "Nama Pemilik", "NIK", "Jenis Kelamin", "Tahun Lahir", "Kode Desa",
    "KBLI", "Tanggal Berdiri", "Tanggal Daftar", "Tahun Omzet", "Omzet",
)  # fmt: skip
_ROWS = (
    ("1", "Kemplang Panggang Bu Leni", "Leni Marlina", "1608135203860011", "P", "1986",
     "1608132004", "10750", "12/03/2016", "04/03/2024", "2023", "Rp 52.000.000"),
    ("2", "Gula Aren Wana Bakti", "Sarmadi", "1608131507700012", "L", "1970",
     "1608132004", "10721", "2009", "04/03/2024", "2023", "Rp 90.000.000"),
    ("3", "Tikar Purun Sumber Jaya", "Rosidah", "160813601088001", "P", "1988",
     "1608132004", "16293", "01/08/2019", "04/03/2024", "", ""),
    ("4", "Keripik Singkong Pedas", "Agus Salim", "1608132204910014", "L", "1991",
     "1608132004", "10799", "5 Mei 2021", "04/03/2024", "2023", "35 juta"),
)  # fmt: skip

#: The list as the office's spreadsheet saves it (semicolons, day-first dates).
DEMO_REGISTRY_CSV = "".join(";".join(row) + "\n" for row in (_HEADER, *_ROWS))
