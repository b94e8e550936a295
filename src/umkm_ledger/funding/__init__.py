"""Funding: funders, allocations, grants of aid (proposal to handover and outcome), KUR
referrals, refusals, the funding ledger and its reports."""
