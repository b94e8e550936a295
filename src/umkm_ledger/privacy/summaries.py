"""One-line summaries of the privacy events, for histories and the audit trail (they name
no person: an erasure is about someone whose data may already be gone)."""

from __future__ import annotations

from umkm_ledger.kernel.errors import N_
from umkm_ledger.platform.history import register_summaries

register_summaries(
    {
        "Erasure.Requested": lambda f, _: N_(
            "erasure of a person's personal data requested ({ground})", ground=N_(f["ground"].value)
        ),
        "Erasure.Approved": lambda f, _: N_("erasure approved: the person's key was destroyed"),
        "Erasure.Rejected": lambda f, _: N_("erasure rejected"),
    }
)
