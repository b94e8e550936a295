"""umkm_ledger: an event-sourced ledger of UMKM development programs.

Open a ledger, record facts as commands, ask questions as queries::

    from umkm_ledger import Ledger

    with Ledger.open("sqlite:///umkm-ledger.db", actor="siti@officer") as ledger:
        enterprise_id = ledger.register_enterprise(...)
        print(ledger.enterprise(enterprise_id).status)
"""

from umkm_ledger.domain.classification import (
    Basis,
    Classification,
    Regulation,
    SizeClass,
    classify,
    classify_by_capital,
    classify_by_sales,
    regulation_in_force,
)
from umkm_ledger.domain.envelope import Actor, Envelope
from umkm_ledger.domain.group import GroupKind
from umkm_ledger.domain.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.domain.rules import (
    AlreadyGroupMember,
    ChairpersonMustBeMember,
    EffectiveDateInFuture,
    FactNotCorrectable,
    IllegalTransition,
    NibAlreadyRecorded,
    NibAlreadyRegistered,
    NotAGroupMember,
    NotASuspectedDuplicate,
    ReasonRequired,
    ReportBeforeFounding,
    SalesYearAlreadyReported,
)
from umkm_ledger.domain.values import (
    KBLI,
    NIB,
    NIK,
    Address,
    Gender,
    Owner,
    RegionCode,
    RegionLevel,
    Rupiah,
)
from umkm_ledger.errors import (
    BusinessRuleViolation,
    CommandIdReused,
    ConcurrencyConflict,
    ConfigurationError,
    InvalidValue,
    NotFound,
    UmkmLedgerError,
)
from umkm_ledger.ledger import DEFAULT_URL, Ledger
from umkm_ledger.readmodels import EnterpriseView, EventRecord, GroupView, OwnerView, ReportView

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_URL",
    "KBLI",
    "NIB",
    "NIK",
    "Actor",
    "Address",
    "AlreadyGroupMember",
    "Basis",
    "BusinessRuleViolation",
    "ChairpersonMustBeMember",
    "Classification",
    "CommandIdReused",
    "ConcurrencyConflict",
    "ConfigurationError",
    "EffectiveDateInFuture",
    "EnterpriseStatus",
    "EnterpriseView",
    "Envelope",
    "EventRecord",
    "FactNotCorrectable",
    "Gender",
    "GroupKind",
    "GroupStatus",
    "GroupView",
    "IllegalTransition",
    "InvalidValue",
    "Ledger",
    "NibAlreadyRecorded",
    "NibAlreadyRegistered",
    "NotAGroupMember",
    "NotASuspectedDuplicate",
    "NotFound",
    "Owner",
    "OwnerView",
    "ReasonRequired",
    "RegionCode",
    "RegionLevel",
    "Regulation",
    "ReportBeforeFounding",
    "ReportView",
    "Rupiah",
    "SalesYearAlreadyReported",
    "SizeClass",
    "UmkmLedgerError",
    "classify",
    "classify_by_capital",
    "classify_by_sales",
    "regulation_in_force",
]
