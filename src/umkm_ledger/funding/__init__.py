"""Funding: funders, allocations, grants of aid (proposal to handover and outcome), KUR
referrals, refusals, the funding ledger and its reports."""

from umkm_ledger.funding import indicators as _indicators  # noqa: F401 - registers the kinds
from umkm_ledger.funding import summaries as _summaries  # noqa: F401 - registers them
from umkm_ledger.funding import transcodings as _transcodings  # noqa: F401 - registers them
from umkm_ledger.funding import view as _view  # noqa: F401 - registers it
