"""The auditor's toolkit: tamper evidence (a Merkle tree over the stored events, signed
checkpoints, verification, proof bundles)."""

from umkm_ledger.audit import timeline_view as _timeline  # noqa: F401 - registers it
from umkm_ledger.audit import trail_view as _trail  # noqa: F401 - registers it
