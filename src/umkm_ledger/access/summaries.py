"""One-line summaries of the access events, for histories and the audit trail."""

from __future__ import annotations

from umkm_ledger.kernel.errors import N_
from umkm_ledger.platform.history import register_summaries

register_summaries(
    {
        "ApiToken.Issued": lambda f, _: N_(
            "API token issued to {user}@{role}", user=f["user_id"], role=f["role"]
        ),
        "ApiToken.Revoked": lambda f, _: N_("API token revoked"),
    }
)
