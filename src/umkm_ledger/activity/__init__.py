"""Guidance given to enterprises: mentoring (pendampingan), Bimtek trainings,
consultations at a PLUT, exhibitions."""

from umkm_ledger.activity import indicators as _indicators  # noqa: F401 - registers the kinds
from umkm_ledger.activity import summaries as _summaries  # noqa: F401 - registers them
from umkm_ledger.activity import transcodings as _transcodings  # noqa: F401 - registers them
from umkm_ledger.activity import view as _view  # noqa: F401 - registers it
