"""Enterprises (UMKM) and business groups: registration, size class under PP 7/2021,
status, duplicates and merges, owners, KUB, sentra and koperasi."""

from umkm_ledger.enterprises import summaries as _summaries  # noqa: F401 - registers them
from umkm_ledger.enterprises import transcodings as _transcodings  # noqa: F401 - registers them
