"""Access: who may act on the ledger through its HTTP service. API tokens issued to a
person or system in a role, revoked by an administrator, each an audited event; and the
one table of what each role may do (:mod:`umkm_ledger.access.roles`)."""

from umkm_ledger.access import summaries as _summaries  # noqa: F401 - registers them
