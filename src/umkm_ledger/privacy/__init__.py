"""Privacy: people's personal data under UU 27/2022 (UU PDP). Each person's NIK, name and
birth details are sealed with a key of their own (:mod:`umkm_ledger.platform.sealing`);
an erasure, requested by one officer with its legal ground and approved by another,
destroys the key. The records, counts and money stay; the person cannot be read back."""

from umkm_ledger.privacy import summaries as _summaries  # noqa: F401 - registers them
from umkm_ledger.privacy import transcodings as _transcodings  # noqa: F401 - registers them
