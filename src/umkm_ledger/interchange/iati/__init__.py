"""IATI 2.03 activity files of the ledger's programs (:meth:`umkm_ledger.Ledger.iati`).

One ``iati-activity`` per program: its identifier (the reporting organisation's and the
program's id), the reporting and participating organisations, status and dates, Indonesia
and the program's places by Kemendagri code, the binaan's KBLI codes as sectors, the
budgets of its allocations, one transaction per movement of money or goods (which type,
by who reports: :mod:`umkm_ledger.funding.iati`), and a result per indicator with its
baselines, targets, actuals and their breakdowns by region and sex.

Written with the standard library's ElementTree; the tests validate the files against the
IATI 2.03 schema and check their codes against IATI's codelists. No personal data is
written: owners are never read, enterprises are counted and never named.
"""

from umkm_ledger.interchange.iati.document import IatiFile
from umkm_ledger.interchange.iati.organisations import org_identifier

__all__ = ["IatiFile", "org_identifier"]
