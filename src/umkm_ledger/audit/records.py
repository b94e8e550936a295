"""Every kind of record the ledger keeps, and what users call it ("grant", "KUR
referral"): one list for error messages, timelines, histories and the audit trail."""

from __future__ import annotations

from collections.abc import Mapping

from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.programs.enrolment import Enrollment
from umkm_ledger.programs.program import Program

__all__ = ["RECORD_KINDS", "record_kind"]

RECORD_KINDS: Mapping[type[LedgerAggregate], str] = {
    Enterprise: "enterprise",
    BusinessGroup: "group",
    Program: "program",
    Enrollment: "enrolment",
    Funder: "funder",
    Allocation: "allocation",
    Grant: "grant",
    KurReferral: "KUR referral",
    Refusal: "refusal",
    MentoringSession: "mentoring session",
    Training: "training",
    Consultation: "consultation",
    Exhibition: "exhibition",
}
_BY_NAME = {cls.__name__: kind for cls, kind in RECORD_KINDS.items()}


def record_kind(class_name: str) -> str:
    """What users call a record, from its class's name (``Grant`` -> ``grant``); a class
    not listed is called by its name in lower case."""
    return _BY_NAME.get(class_name, class_name.lower())
