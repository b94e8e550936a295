"""The JSON bodies of the service's commands: field names are the Python API's keyword
arguments, and only their JSON types are checked here (a text is a text, a count a
whole number, no field the command does not take). What a value must be (a NIK's 16
digits, a date that is not in the future) is checked once, by the ledger, whichever way
the command came: a refused value is a 422 naming the field, as a wrong type is.

No body has an ``actor``: the token decides who acts.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

__all__ = [
    "AcknowledgeHandover",
    "AddGroupMember",
    "Allocate",
    "AmendAllocation",
    "AppointChairperson",
    "ApproveErasure",
    "ChangeStatus",
    "CompleteFollowUp",
    "CompleteTraining",
    "ConfirmDistinct",
    "Correct",
    "DatedCommand",
    "DefineIndicator",
    "Enrol",
    "ExitProgram",
    "FollowUpBody",
    "FormGroup",
    "GrantOutcome",
    "HandOver",
    "HoldMentoring",
    "KurDecision",
    "LinkTrainingGrant",
    "MergeDuplicate",
    "MonitorGrant",
    "OpeningBalance",
    "OrganiseExhibition",
    "OrganiseTraining",
    "PlanProgram",
    "PostAllocation",
    "ProposeGrant",
    "ReasonedCommand",
    "RecordAttendance",
    "RecordConsultation",
    "RecordMentoring",
    "RecordNib",
    "ReferKur",
    "RegisterEnterprise",
    "RegisterFunder",
    "RegisterParticipant",
    "RepayLoan",
    "ReportCapital",
    "ReportSales",
    "RequestErasure",
    "RescheduleMentoring",
    "ReturnGoods",
    "ScheduleMentoring",
    "SetTarget",
    "TakePart",
]

#: Rupiah as a whole number (``50000000``) or as people write it (``"Rp50 juta"``).
Amount = StrictInt | StrictStr
#: An ISO date, ``YYYY-MM-DD``.
Day = Annotated[StrictStr, Field(examples=["2017-03-02"])]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DatedCommand(Body):
    """A command with nothing to say but when it happened (default: today, WIB)."""

    effective_date: Day | None = None


class ReasonedCommand(DatedCommand):
    reason: StrictStr


class OwnerBody(Body):
    name: StrictStr
    nik: StrictStr
    gender: StrictStr = Field(description="F/M (or P/L)")
    birth_year: StrictInt


class RegisterEnterprise(DatedCommand):
    name: StrictStr
    owners: list[OwnerBody]
    desa: StrictStr = Field(description="desa/kelurahan region code", examples=["16.10.08.2003"])
    sector: StrictStr = Field(description="KBLI code", examples=["13121"])
    founded_on: Day
    street: StrictStr | None = None
    postal_code: StrictStr | None = None
    kbli_version: StrictInt | None = None
    nib: StrictStr | None = None


class ReportSales(DatedCommand):
    year: StrictInt
    amount: Amount


class ReportCapital(DatedCommand):
    amount: Amount


class RecordNib(DatedCommand):
    nib: StrictStr


class RequestErasure(ReasonedCommand):
    nik: StrictStr
    ground: StrictStr = Field(
        description="no-longer-needed, consent-withdrawn, subject-request or unlawful"
    )


class ApproveErasure(DatedCommand):
    reason: StrictStr | None = None


class PlanProgram(DatedCommand):
    name: StrictStr
    agency: StrictStr
    scope: list[StrictStr]
    period: StrictStr = Field(examples=["2016-01-01..2020-12-31"])


class DefineIndicator(DatedCommand):
    key: StrictStr
    kind: StrictStr
    title: StrictStr
    baseline: StrictInt | None = None
    baseline_on: Day | None = None
    parameters: dict[str, StrictInt | StrictStr] | None = None
    youth_age_limit: StrictInt | None = None


class SetTarget(DatedCommand):
    value: StrictInt
    periods: StrictStr | list[StrictStr]
    per_area: StrictStr | None = None
    areas: list[StrictStr] | None = None


class OpeningBalance(Body):
    value: StrictInt
    counted_on: Day
    source_document: StrictStr
    area: StrictStr | None = None


class Enrol(DatedCommand):
    enterprise_id: StrictStr
    funders: list[StrictStr] | None = None


class ExitProgram(ReasonedCommand):
    pass


class RegisterFunder(DatedCommand):
    name: StrictStr
    source: StrictStr = Field(examples=["APBD kabupaten"])


class Allocate(DatedCommand):
    funder: StrictStr
    program_id: StrictStr
    fiscal_year: StrictInt
    instrument: StrictStr = Field(examples=["in-kind goods"])
    amount: Amount


class PostAllocation(DatedCommand):
    amount: Amount | None = None


class ItemBody(Body):
    description: StrictStr
    quantity: StrictInt
    unit_value: Amount
    kind: StrictStr | None = None


class ProposeGrant(DatedCommand):
    allocation_id: StrictStr
    beneficiary_id: StrictStr
    justification: StrictStr
    items: list[ItemBody] | None = None
    cash: Amount | None = None


class DeliveryBody(Body):
    description: StrictStr
    quantity: StrictInt
    serial_numbers: list[StrictStr] | None = None


class HandOver(DatedCommand):
    bast_number: StrictStr
    place: StrictStr
    items: dict[str, StrictInt] | list[DeliveryBody] | None = None
    cash: Amount | None = None
    witnesses: list[StrictStr] | None = None


class AcknowledgeHandover(DatedCommand):
    bast_number: StrictStr = Field(examples=["027/BAST/XII/2017"])
    recipient: StrictStr


class ChangeStatus(DatedCommand):
    """A status change; the reason is required to close an enterprise."""

    reason: StrictStr | None = None


class FormGroup(DatedCommand):
    name: StrictStr
    kind: StrictStr = Field(examples=["KUB"])
    region: StrictStr
    founded_on: Day


class AddGroupMember(DatedCommand):
    enterprise_id: StrictStr


class OrganiseTraining(DatedCommand):
    title: StrictStr
    organiser: StrictStr
    venue: StrictStr
    region: StrictStr
    days: list[Day]
    topics: list[StrictStr]
    trainers: list[StrictStr] | None = None
    funder: StrictStr | None = None
    partner: StrictStr | None = None
    program_id: StrictStr | None = None


class RegisterParticipant(DatedCommand):
    person: OwnerBody
    enterprise_id: StrictStr


class RecordAttendance(DatedCommand):
    present: list[StrictStr] = Field(description="the NIKs of those present")


class CompleteTraining(DatedCommand):
    nik: StrictStr = Field(description="the participant's NIK (in the body, never a URL)")
    certificate: StrictStr | None = None


class RecordMentoring(DatedCommand):
    mentor: StrictStr
    topics: list[StrictStr]
    duration_minutes: StrictInt
    enterprises: list[StrictStr] | None = None
    group: StrictStr | None = None
    attended: list[StrictStr] | None = None
    notes: StrictStr | None = None
    program_id: StrictStr | None = None
    mentor_kind: StrictStr | None = None


class RecordConsultation(DatedCommand):
    place: StrictStr
    consultant: StrictStr
    topic: StrictStr
    outcome: StrictStr
    consultant_kind: StrictStr | None = None
    program_id: StrictStr | None = None


class MonitorGrant(DatedCommand):
    condition: StrictStr = Field(examples=["in use"])
    seen_by: StrictStr | None = None
    note: StrictStr | None = None


class Correct(ReasonedCommand):
    version: StrictInt
    changes: dict[str, Any]


class AmendAllocation(ReasonedCommand):
    amount: Amount


class ReturnGoods(ReasonedCommand):
    items: dict[str, StrictInt] | list[DeliveryBody]


class RepayLoan(DatedCommand):
    amount: Amount


class GrantOutcome(DatedCommand):
    sales_before: Amount | None = None
    sales_after: Amount | None = None
    note: StrictStr | None = None


class ReferKur(DatedCommand):
    bank: StrictStr
    amount_requested: Amount
    program_id: StrictStr | None = None


class KurDecision(DatedCommand):
    approved: bool
    bank_reference: StrictStr
    amount: Amount | None = None
    reason: StrictStr | None = None


class FollowUpBody(Body):
    action: StrictStr
    due: Day


class ScheduleMentoring(DatedCommand):
    mentor: StrictStr
    topics: list[StrictStr]
    planned_on: Day
    enterprises: list[StrictStr] | None = None
    group: StrictStr | None = None
    program_id: StrictStr | None = None
    mentor_kind: StrictStr | None = None


class HoldMentoring(DatedCommand):
    attended: list[StrictStr]
    duration_minutes: StrictInt
    notes: StrictStr | None = None
    follow_ups: list[FollowUpBody] | None = None


class RescheduleMentoring(DatedCommand):
    planned_on: Day


class CompleteFollowUp(DatedCommand):
    line: StrictInt = Field(description="the follow-up's number on the session, from 1")


class OrganiseExhibition(DatedCommand):
    name: StrictStr
    organiser: StrictStr
    venue: StrictStr
    region: StrictStr
    days: list[Day]
    program_id: StrictStr | None = None


class TakePart(DatedCommand):
    enterprise_id: StrictStr
    outcome: StrictStr
    products: list[StrictStr] | None = None
    sales: Amount | None = None


class LinkTrainingGrant(DatedCommand):
    grant_id: StrictStr


class AppointChairperson(DatedCommand):
    enterprise_id: StrictStr


class ConfirmDistinct(ReasonedCommand):
    other_id: StrictStr


class MergeDuplicate(ReasonedCommand):
    into: StrictStr
