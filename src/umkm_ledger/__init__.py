"""umkm_ledger: an event-sourced ledger of UMKM development programs.

Open a ledger, record facts as commands, ask questions as queries::

    from umkm_ledger import Ledger

    with Ledger.open("sqlite:///umkm-ledger.db", actor="siti@officer") as ledger:
        enterprise_id = ledger.register_enterprise(...)
        print(ledger.enterprise(enterprise_id).status)
"""

from umkm_ledger.access.lifecycle import TokenStatus
from umkm_ledger.access.readmodels import IssuedToken, TokenView
from umkm_ledger.access.roles import ROLES, Permission
from umkm_ledger.access.rules import TokenAlreadyRevoked
from umkm_ledger.activity.lifecycle import SessionStatus, TrainingStatus
from umkm_ledger.activity.readmodels import (
    ConsultationView,
    ExhibitionView,
    ExhibitorView,
    FollowUpView,
    ParticipantView,
    SessionView,
    TimelineEntry,
    TrainingView,
)
from umkm_ledger.activity.reports import CoverageReport, CoverageRow, MentorLoad
from umkm_ledger.activity.rules import (
    AlreadyParticipating,
    AlreadyRegistered,
    AttendeeNotInvited,
    CompletionNeedsAttendance,
    NotAnExhibitionDay,
    NotATrainingDay,
    NotRegistered,
    SessionDatesOutOfOrder,
)
from umkm_ledger.activity.values import FollowUp, Mentor, MentorKind, Participant
from umkm_ledger.audit.bundle import BundleCheck, check_bundle
from umkm_ledger.audit.checkpoint import Checkpoint
from umkm_ledger.audit.replay import HistoryStep
from umkm_ledger.audit.report import AuditReport
from umkm_ledger.audit.service import LedgerNotIntact
from umkm_ledger.audit.trail import TrailRow
from umkm_ledger.audit.verify import Finding, Verification
from umkm_ledger.enterprises.classification import (
    Basis,
    Classification,
    Regulation,
    SizeClass,
    classify,
    classify_by_capital,
    classify_by_sales,
    regulation_in_force,
)
from umkm_ledger.enterprises.group import GroupKind
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus, GroupStatus
from umkm_ledger.enterprises.readmodels import EnterpriseView, GroupView, OwnerView, ReportView
from umkm_ledger.enterprises.rules import (
    AlreadyGroupMember,
    ChairpersonMustBeMember,
    NibAlreadyRecorded,
    NibAlreadyRegistered,
    NotAGroupMember,
    NotASuspectedDuplicate,
    ReportBeforeFounding,
    SalesYearAlreadyReported,
)
from umkm_ledger.funding.lifecycle import AllocationStatus, GrantStatus, KurStatus
from umkm_ledger.funding.readmodels import (
    AllocationView,
    FunderView,
    GrantView,
    HandoverView,
    KurReferralView,
)
from umkm_ledger.funding.reports import (
    AidRecord,
    Anomaly,
    FundsReport,
    FundsRow,
    GrantRow,
    KurRow,
    RegionFundsRow,
)
from umkm_ledger.funding.rules import (
    AllocationBelowCommitted,
    AllocationDatesOutOfOrder,
    AllocationExists,
    AllocationNotPosted,
    BastNumberAlreadyUsed,
    DeliveryExceedsApproval,
    FunderAlreadyRegistered,
    GrantCannotExceedAllocation,
    GrantDatesOutOfOrder,
    GrantDoesNotFitAllocation,
    GrantNotEligible,
    ReferralDatesOutOfOrder,
    ReturnExceedsDelivery,
    SegregationOfDuties,
    UnknownHandover,
)
from umkm_ledger.funding.values import (
    Delivery,
    FundingSource,
    GrantItem,
    Instrument,
    UtilisationStatus,
)
from umkm_ledger.imports.registry import ImportLine, ImportReport, import_enterprises
from umkm_ledger.interchange.backup import BackupNotValid, BackupSummary, LedgerNotExportable
from umkm_ledger.interchange.dhis2.mapping import (
    Dhis2Mapping,
    Dhis2MappingIncomplete,
    Dhis2MappingNotValid,
    NoDhis2Period,
)
from umkm_ledger.interchange.dhis2.payload import DataValue, DataValueSet
from umkm_ledger.interchange.feed import FeedPage
from umkm_ledger.interchange.iati import IatiFile
from umkm_ledger.interchange.migration import MigrationRefused, MigrationSummary
from umkm_ledger.interchange.plain import PersonalData
from umkm_ledger.interchange.service import RestoreRefused
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import (
    BusinessRuleViolation,
    CommandIdReused,
    ConcurrencyConflict,
    ConfigurationError,
    InvalidValue,
    NotFound,
    StorageBusy,
    StorageFault,
    UmkmLedgerError,
)
from umkm_ledger.kernel.rules import (
    EffectiveDateInFuture,
    FactNotCorrectable,
    IllegalTransition,
    ReasonRequired,
)
from umkm_ledger.kernel.values import (
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
from umkm_ledger.kernel.values.identifiers import ERASED, PersonalDataErased
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.ledger import DEFAULT_URL, Ledger
from umkm_ledger.platform.batch import (
    Batch,
    BatchConflict,
    BatchItem,
    BatchNotRecorded,
    NotTriedInDryRun,
)
from umkm_ledger.platform.history import EventRecord
from umkm_ledger.platform.ids import AmbiguousId
from umkm_ledger.platform.ledger_secret import WrongLedgerSecret
from umkm_ledger.platform.person_keys import UnreadablePersonKey
from umkm_ledger.platform.regions import (
    AmbiguousRegionName,
    Change,
    Place,
    RegionNames,
    UnknownRegionName,
    region_names,
)
from umkm_ledger.platform.view import View, register_view
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureStatus
from umkm_ledger.privacy.readmodels import ErasureView
from umkm_ledger.privacy.rules import (
    ErasureAlreadyRequested,
    ErasureNeedsASecondOfficer,
    PersonalDataIsPlain,
)
from umkm_ledger.programs.indicator import DIMENSIONS, Baseline, Indicator, Target
from umkm_ledger.programs.lifecycle import EnrolmentStatus, ProgramStatus
from umkm_ledger.programs.program import OpeningBalance
from umkm_ledger.programs.progress import (
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
from umkm_ledger.programs.readmodels import EnrolmentView, ProgramView
from umkm_ledger.programs.rules import (
    EnrolmentDatesOutOfOrder,
    EnrolmentOutsideProgramTime,
    EnterpriseNotEnrollable,
    IndicatorAlreadyDefined,
    IndicatorNotDefined,
    OutsideProgramScope,
    ProgramDatesOutOfOrder,
    TargetOutsideProgramPeriod,
    TargetsOverlap,
    UnknownIndicatorKind,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_URL",
    "DIMENSIONS",
    "ERASED",
    "KBLI",
    "NIB",
    "NIK",
    "ROLES",
    "Actor",
    "Address",
    "AidRecord",
    "AllocationBelowCommitted",
    "AllocationDatesOutOfOrder",
    "AllocationExists",
    "AllocationNotPosted",
    "AllocationStatus",
    "AllocationView",
    "AlreadyGroupMember",
    "AlreadyParticipating",
    "AlreadyRegistered",
    "AmbiguousId",
    "AmbiguousRegionName",
    "Anomaly",
    "AttendeeNotInvited",
    "AuditReport",
    "BackupNotValid",
    "BackupSummary",
    "Baseline",
    "Basis",
    "BastNumberAlreadyUsed",
    "Batch",
    "BatchConflict",
    "BatchItem",
    "BatchNotRecorded",
    "BundleCheck",
    "BusinessRuleViolation",
    "CellProgress",
    "ChairpersonMustBeMember",
    "Change",
    "Checkpoint",
    "Classification",
    "CommandIdReused",
    "CompletionNeedsAttendance",
    "ConcurrencyConflict",
    "ConfigurationError",
    "ConsultationView",
    "CoverageReport",
    "CoverageRow",
    "DataValue",
    "DataValueSet",
    "Delivery",
    "DeliveryExceedsApproval",
    "Dhis2Mapping",
    "Dhis2MappingIncomplete",
    "Dhis2MappingNotValid",
    "EffectiveDateInFuture",
    "EnrolmentDatesOutOfOrder",
    "EnrolmentOutsideProgramTime",
    "EnrolmentStatus",
    "EnrolmentView",
    "EnterpriseNotEnrollable",
    "EnterpriseStatus",
    "EnterpriseView",
    "Envelope",
    "ErasureAlreadyRequested",
    "ErasureGround",
    "ErasureNeedsASecondOfficer",
    "ErasureStatus",
    "ErasureView",
    "EventRecord",
    "ExhibitionView",
    "ExhibitorView",
    "FactNotCorrectable",
    "FeedPage",
    "Finding",
    "FollowUp",
    "FollowUpView",
    "FunderAlreadyRegistered",
    "FunderView",
    "FundingSource",
    "FundsReport",
    "FundsRow",
    "Gender",
    "GrantCannotExceedAllocation",
    "GrantDatesOutOfOrder",
    "GrantDoesNotFitAllocation",
    "GrantItem",
    "GrantNotEligible",
    "GrantRow",
    "GrantStatus",
    "GrantView",
    "GroupKind",
    "GroupStatus",
    "GroupView",
    "HandoverView",
    "HistoryStep",
    "IatiFile",
    "IllegalTransition",
    "ImportLine",
    "ImportReport",
    "Indicator",
    "IndicatorAlreadyDefined",
    "IndicatorKind",
    "IndicatorNotDefined",
    "IndicatorProgress",
    "Instrument",
    "InvalidValue",
    "IssuedToken",
    "KurReferralView",
    "KurRow",
    "KurStatus",
    "Ledger",
    "LedgerNotExportable",
    "LedgerNotIntact",
    "Mentor",
    "MentorKind",
    "MentorLoad",
    "MigrationRefused",
    "MigrationSummary",
    "NibAlreadyRecorded",
    "NibAlreadyRegistered",
    "NoDhis2Period",
    "NotAGroupMember",
    "NotASuspectedDuplicate",
    "NotATrainingDay",
    "NotAnExhibitionDay",
    "NotFound",
    "NotRegistered",
    "NotTriedInDryRun",
    "Observation",
    "OpeningBalance",
    "OutsideProgramScope",
    "Owner",
    "OwnerView",
    "Participant",
    "ParticipantView",
    "Period",
    "Permission",
    "PersonalData",
    "PersonalDataErased",
    "PersonalDataIsPlain",
    "Place",
    "ProgramDatesOutOfOrder",
    "ProgramOverlap",
    "ProgramProgress",
    "ProgramStatus",
    "ProgramView",
    "ProgressRow",
    "ReasonRequired",
    "ReferralDatesOutOfOrder",
    "RegionCode",
    "RegionFundsRow",
    "RegionLevel",
    "RegionNames",
    "Regulation",
    "ReportBeforeFounding",
    "ReportView",
    "RestoreRefused",
    "ReturnExceedsDelivery",
    "Rupiah",
    "SalesYearAlreadyReported",
    "SegregationOfDuties",
    "SessionDatesOutOfOrder",
    "SessionStatus",
    "SessionView",
    "SizeClass",
    "StorageBusy",
    "StorageFault",
    "Target",
    "TargetOutsideProgramPeriod",
    "TargetsOverlap",
    "TimelineEntry",
    "TokenAlreadyRevoked",
    "TokenStatus",
    "TokenView",
    "TrailRow",
    "TrainingStatus",
    "TrainingView",
    "UmkmLedgerError",
    "UnknownHandover",
    "UnknownIndicatorKind",
    "UnknownRegionName",
    "UnreadablePersonKey",
    "UtilisationStatus",
    "Verification",
    "View",
    "WrongLedgerSecret",
    "check_bundle",
    "classify",
    "classify_by_capital",
    "classify_by_sales",
    "import_enterprises",
    "indicator_kinds",
    "region_names",
    "register_indicator_kind",
    "register_view",
    "regulation_in_force",
]
