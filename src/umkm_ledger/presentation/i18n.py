"""Labels for people, in English and Indonesian, and locale-aware numbers.

Only words the CLI prints as labels live here; record contents (names, reasons) are
shown as they were recorded.
"""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

__all__ = ["LANGUAGES", "Labels"]

LANGUAGES = {"en": "en", "id": "id_ID"}

_LABELS: dict[str, dict[str, str]] = {
    "enterprise": {"en": "Enterprise", "id": "Usaha"},
    "status": {"en": "Status", "id": "Status"},
    "owners": {"en": "Owners", "id": "Pemilik"},
    "address": {"en": "Address", "id": "Alamat"},
    "desa": {"en": "Desa/kelurahan", "id": "Desa/kelurahan"},
    "sector": {"en": "Sector", "id": "Sektor"},
    "founded": {"en": "Founded", "id": "Didirikan"},
    "size_class": {"en": "Size class", "id": "Kelas usaha"},
    "unclassified": {"en": "not yet classified", "id": "belum diklasifikasi"},
    "reports": {"en": "Reports", "id": "Laporan"},
    "duplicates": {"en": "Suspected duplicate of", "id": "Diduga ganda dengan"},
    "merged_into": {"en": "Merged into", "id": "Digabung ke"},
    "timeline": {"en": "Timeline", "id": "Riwayat"},
    "group": {"en": "Group", "id": "Kelompok"},
    "members": {"en": "Members", "id": "Anggota"},
    "chairperson": {"en": "Chairperson", "id": "Ketua"},
    "region": {"en": "Region", "id": "Wilayah"},
    "enterprises": {"en": "Enterprises", "id": "Usaha"},
    "groups": {"en": "Groups", "id": "Kelompok"},
    "naik_kelas": {"en": "Moved up a size class", "id": "Naik kelas"},
    "events": {"en": "Events recorded", "id": "Peristiwa tercatat"},
    "ledger": {"en": "Ledger", "id": "Buku besar"},
    "none": {"en": "none", "id": "tidak ada"},
    "corrected_by": {"en": "corrected by", "id": "dikoreksi oleh"},
    "reason": {"en": "reason", "id": "alasan"},
    "by_status": {"en": "By status", "id": "Menurut status"},
    "sales": {"en": "sales", "id": "omzet"},
    "capital": {"en": "capital", "id": "modal"},
    "program": {"en": "Program", "id": "Program"},
    "programs": {"en": "Programs", "id": "Program"},
    "agency": {"en": "Agency", "id": "Instansi"},
    "scope": {"en": "Region scope", "id": "Cakupan wilayah"},
    "period": {"en": "Period", "id": "Periode"},
    "as_of": {"en": "as of", "id": "per"},
    "baseline": {"en": "Baseline", "id": "Data dasar"},
    "opening_balance": {"en": "Opening balance", "id": "Saldo awal"},
    "actual": {"en": "Actual", "id": "Realisasi"},
    "target": {"en": "Target", "id": "Target"},
    "per_period": {"en": "Per period", "id": "Per periode"},
    "by": {"en": "By", "id": "Menurut"},
    "indicators": {"en": "Indicators", "id": "Indikator"},
    "binaan": {"en": "Binaan", "id": "Binaan"},
    "attributed_total": {"en": "Attributed total", "id": "Total atribusi"},
    "deduplicated": {"en": "deduplicated", "id": "tanpa duplikasi"},
    "population": {"en": "population", "id": "populasi"},
    "coverage_percent": {"en": "coverage (%)", "id": "cakupan (%)"},
    "median_percent": {"en": "median growth (%)", "id": "median pertumbuhan (%)"},
    "total_percent": {"en": "total growth (%)", "id": "pertumbuhan total (%)"},
    "kecamatan": {"en": "kecamatan", "id": "kecamatan"},
    "kabupaten": {"en": "kabupaten/kota", "id": "kabupaten/kota"},
    "province": {"en": "province", "id": "provinsi"},
    "gender": {"en": "gender", "id": "jenis kelamin"},
    "youth": {"en": "youth", "id": "pemuda"},
    "not youth": {"en": "not youth", "id": "bukan pemuda"},
    "funder": {"en": "funder", "id": "penyandang dana"},
    "(not disaggregated)": {"en": "(not disaggregated)", "id": "(tidak dirinci)"},
    "(no funder)": {"en": "(no funder)", "id": "(tanpa penyandang dana)"},
    "planned": {"en": "planned", "id": "direncanakan"},
    "running": {"en": "running", "id": "berjalan"},
    "enrolled": {"en": "enrolled", "id": "terdaftar"},
    "exited": {"en": "exited", "id": "keluar"},
    # Statuses, as shown (the stored values stay English).
    "active": {"en": "active", "id": "aktif"},
    "dormant": {"en": "dormant", "id": "tidak aktif"},
    "closed": {"en": "closed", "id": "tutup"},
    "graduated": {"en": "graduated (mandiri)", "id": "mandiri"},
    "merged": {"en": "merged", "id": "digabung"},
    "dissolved": {"en": "dissolved", "id": "bubar"},
    # The funding side.
    "grant": {"en": "Grant", "id": "Bantuan"},
    "beneficiary": {"en": "Beneficiary", "id": "Penerima"},
    "value": {"en": "Value", "id": "Nilai"},
    "year": {"en": "year", "id": "tahun"},
    "instrument": {"en": "instrument", "id": "instrumen"},
    "allocated": {"en": "allocated", "id": "dialokasikan"},
    "pledged": {"en": "pledged", "id": "dijanjikan"},
    "committed": {"en": "committed", "id": "terikat"},
    "delivered": {"en": "delivered", "id": "diserahkan"},
    "released": {"en": "released", "id": "dikembalikan"},
    "remaining": {"en": "remaining", "id": "sisa"},
    "proposed_by": {"en": "Proposed by", "id": "Diusulkan oleh"},
    "not_eligible": {"en": "Not eligible", "id": "Tidak memenuhi syarat"},
    "acknowledged": {"en": "acknowledged", "id": "diterima"},
    "unacknowledged": {"en": "not acknowledged", "id": "belum diterima"},
    "condition": {"en": "Condition", "id": "Kondisi"},
    "no_anomalies": {"en": "no anomalies", "id": "tidak ada anomali"},
    "no_aid": {"en": "no aid recorded", "id": "belum ada bantuan tercatat"},
    "as_member": {"en": "as a group member", "id": "sebagai anggota kelompok"},
    "proposed": {"en": "proposed", "id": "diusulkan"},
    "eligible": {"en": "eligible", "id": "memenuhi syarat"},
    "ineligible": {"en": "ineligible", "id": "tidak memenuhi syarat"},
    "approved": {"en": "approved", "id": "disetujui"},
    "rejected": {"en": "rejected", "id": "ditolak"},
    "partly delivered": {"en": "partly delivered", "id": "diserahkan sebagian"},
    "returned": {"en": "returned", "id": "dikembalikan"},
    "repaid": {"en": "repaid", "id": "lunas"},
    "cancelled": {"en": "cancelled", "id": "dibatalkan"},
    "revoked": {"en": "revoked", "id": "dicabut"},
    "mentoring": {"en": "Mentoring session", "id": "Sesi pendampingan"},
    "mentor": {"en": "Mentor", "id": "Pendamping"},
    "mentors": {"en": "Mentors", "id": "Pendamping"},
    "planned_on": {"en": "Planned", "id": "Rencana"},
    "topics": {"en": "Topics", "id": "Topik"},
    "invited": {"en": "For", "id": "Untuk"},
    "held_on": {"en": "Held", "id": "Dilaksanakan"},
    "attended": {"en": "attended", "id": "hadir"},
    "notes": {"en": "Notes", "id": "Catatan"},
    "done": {"en": "done", "id": "selesai"},
    "open": {"en": "open", "id": "terbuka"},
    "due": {"en": "due", "id": "tenggat"},
    "overdue": {"en": "overdue", "id": "terlambat"},
    "follow_ups": {"en": "follow-ups", "id": "tindak lanjut"},
    "training": {"en": "Training", "id": "Pelatihan"},
    "organiser": {"en": "Organiser", "id": "Penyelenggara"},
    "partner": {"en": "with", "id": "bersama"},
    "venue": {"en": "Venue", "id": "Tempat"},
    "trainers": {"en": "Trainers", "id": "Narasumber"},
    "present": {"en": "present", "id": "hadir"},
    "completed": {"en": "Completed", "id": "Lulus"},
    "registered": {"en": "registered", "id": "terdaftar"},
    "days": {"en": "days", "id": "hari"},
    "coverage": {"en": "Mentoring coverage", "id": "Cakupan pendampingan"},
    "mentored_at_least": {"en": "mentored at least", "id": "didampingi minimal"},
    "never_visited": {"en": "never visited", "id": "belum pernah dikunjungi"},
    "held": {"en": "held", "id": "dilaksanakan"},
    "scheduled": {"en": "scheduled", "id": "dijadwalkan"},
    "no-show": {"en": "no-show", "id": "tidak hadir"},
    "organised": {"en": "organised", "id": "direncanakan"},
    "history": {"en": "History", "id": "Riwayat"},
    "known_at": {"en": "as known at", "id": "sebagaimana tercatat pada"},
    "recorded": {"en": "recorded", "id": "dicatat"},
    "corrects": {"en": "corrects", "id": "mengoreksi"},
    # Instruments of funding, and who receives aid.
    "instrument:cash grant": {"en": "cash grant", "id": "hibah uang"},
    "instrument:in-kind goods": {"en": "in-kind goods", "id": "bantuan barang"},
    "instrument:loan": {"en": "loan", "id": "pinjaman"},
    "instrument:interest subsidy": {"en": "interest subsidy", "id": "subsidi bunga"},
    "instrument:training": {"en": "training", "id": "pelatihan"},
    "instrument:mentoring": {"en": "mentoring", "id": "pendampingan"},
    "beneficiary:enterprise": {"en": "enterprise", "id": "usaha"},
    "beneficiary:group": {"en": "group", "id": "kelompok"},
    # Kinds of record, as timelines name them.
    "record:enterprise": {"en": "enterprise", "id": "usaha"},
    "record:enrolment": {"en": "enrolment", "id": "kepesertaan"},
    "record:grant": {"en": "grant", "id": "bantuan"},
    "record:KUR referral": {"en": "KUR referral", "id": "rujukan KUR"},
    "record:mentoring session": {"en": "mentoring session", "id": "pendampingan"},
    "record:training": {"en": "training", "id": "pelatihan"},
    "record:consultation": {"en": "consultation", "id": "konsultasi"},
    "record:exhibition": {"en": "exhibition", "id": "pameran"},
    "referred": {"en": "referred", "id": "dirujuk"},
    "approved by the bank": {"en": "approved by the bank", "id": "disetujui bank"},
    "declined by the bank": {"en": "declined by the bank", "id": "ditolak bank"},
    "posted": {"en": "posted", "id": "ditetapkan"},
    "withdrawn": {"en": "withdrawn", "id": "ditarik"},
    "unacknowledged handover": {
        "en": "unacknowledged handover",
        "id": "serah terima belum diterima",
    },
    "aid to a non-binaan": {"en": "aid to a non-binaan", "id": "bantuan kepada bukan binaan"},
    "same item twice in a fiscal year": {
        "en": "same item twice in a fiscal year",
        "id": "barang sama dua kali dalam satu tahun anggaran",
    },
    "decision by the proposer attempted": {
        "en": "decision by the proposer attempted",
        "id": "pengusul mencoba memutuskan",
    },
}


class Labels:
    """Labels and number formats for one language (``en`` or ``id``)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = LANGUAGES[language]

    def __getitem__(self, key: str) -> str:
        return _LABELS[key][self.language]

    def term(self, value: str) -> str:
        """A stored term (a status, a basis) in this language; unknown terms as they are."""
        return _LABELS.get(value, {}).get(self.language, value)

    def named(self, namespace: str, value: str) -> str:
        """A kind of thing in this language (``named("instrument", "loan")``); unknown
        ones as they are."""
        return _LABELS.get(f"{namespace}:{value}", {}).get(self.language, value)

    def number(self, value: int | float) -> str:
        return str(format_decimal(value, locale=self.locale))

    def percent(self, fraction: float) -> str:
        return str(format_percent(fraction, format="#,##0.0 %", locale=self.locale))
