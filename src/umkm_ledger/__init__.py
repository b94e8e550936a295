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
from umkm_ledger.domain.indicators import DIMENSIONS, Baseline, Indicator, Target
from umkm_ledger.domain.lifecycle import (
    EnrolmentStatus,
    EnterpriseStatus,
    GroupStatus,
    ProgramStatus,
)
from umkm_ledger.domain.program import OpeningBalance
from umkm_ledger.domain.rules import (
    AlreadyGroupMember,
    ChairpersonMustBeMember,
    EffectiveDateInFuture,
    EnrolmentDatesOutOfOrder,
    EnrolmentOutsideProgramTime,
    EnterpriseNotEnrollable,
    FactNotCorrectable,
    IllegalTransition,
    IndicatorAlreadyDefined,
    IndicatorNotDefined,
    NibAlreadyRecorded,
    NibAlreadyRegistered,
    NotAGroupMember,
    NotASuspectedDuplicate,
    OutsideProgramScope,
    ProgramDatesOutOfOrder,
    ReasonRequired,
    ReportBeforeFounding,
    SalesYearAlreadyReported,
    TargetOutsideProgramPeriod,
    TargetsOverlap,
    UnknownIndicatorKind,
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
from umkm_ledger.domain.values.period import Period
from umkm_ledger.errors import (
    BusinessRuleViolation,
    CommandIdReused,
    ConcurrencyConflict,
    ConfigurationError,
    InvalidValue,
    NotFound,
    UmkmLedgerError,
)
from umkm_ledger.indicators import (
    CellProgress,
    IndicatorKind,
    IndicatorProgress,
    Observation,
    ProgramOverlap,
    ProgramProgress,
    ProgressRow,
    indicator_kinds,
    register_indicator_kind,
)
from umkm_ledger.ledger import DEFAULT_URL, Ledger
from umkm_ledger.projections import View, register_view
from umkm_ledger.readmodels import (
    EnrolmentView,
    EnterpriseView,
    EventRecord,
    GroupView,
    OwnerView,
    ProgramView,
    ReportView,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_URL",
    "DIMENSIONS",
    "KBLI",
    "NIB",
    "NIK",
    "Actor",
    "Address",
    "AlreadyGroupMember",
    "Baseline",
    "Basis",
    "BusinessRuleViolation",
    "CellProgress",
    "ChairpersonMustBeMember",
    "Classification",
    "CommandIdReused",
    "ConcurrencyConflict",
    "ConfigurationError",
    "EffectiveDateInFuture",
    "EnrolmentDatesOutOfOrder",
    "EnrolmentOutsideProgramTime",
    "EnrolmentStatus",
    "EnrolmentView",
    "EnterpriseNotEnrollable",
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
    "Indicator",
    "IndicatorAlreadyDefined",
    "IndicatorKind",
    "IndicatorNotDefined",
    "IndicatorProgress",
    "InvalidValue",
    "Ledger",
    "NibAlreadyRecorded",
    "NibAlreadyRegistered",
    "NotAGroupMember",
    "NotASuspectedDuplicate",
    "NotFound",
    "Observation",
    "OpeningBalance",
    "OutsideProgramScope",
    "Owner",
    "OwnerView",
    "Period",
    "ProgramDatesOutOfOrder",
    "ProgramOverlap",
    "ProgramProgress",
    "ProgramStatus",
    "ProgramView",
    "ProgressRow",
    "ReasonRequired",
    "RegionCode",
    "RegionLevel",
    "Regulation",
    "ReportBeforeFounding",
    "ReportView",
    "Rupiah",
    "SalesYearAlreadyReported",
    "SizeClass",
    "Target",
    "TargetOutsideProgramPeriod",
    "TargetsOverlap",
    "UmkmLedgerError",
    "UnknownIndicatorKind",
    "View",
    "classify",
    "classify_by_capital",
    "classify_by_sales",
    "indicator_kinds",
    "register_indicator_kind",
    "register_view",
    "regulation_in_force",
]
