"""The service's commands: one ``POST`` resource per ledger command, from one table.

Each row names the :class:`~umkm_ledger.Ledger` method, its path (ids of the record it
acts on in the path), the :class:`~umkm_ledger.access.roles.Permission` it needs and its
body. The request's token is the actor; the ``Idempotency-Key`` header is the command id
(without one, the service makes a new one per request, so a resend records twice: send
the header). The answer is what the command wrote on the record it is about
(:func:`~umkm_ledger.interchange.recorded.command_result`), the same on every resend;
a resend also says ``Idempotent-Replayed: true``. A conflict with a concurrent writer is
retried here a few times, then answered 409 with ``Retry-After``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID, uuid4

import attrs
from fastapi import Depends, FastAPI, Header, Path, Request
from fastapi.responses import JSONResponse

from umkm_ledger.access.roles import Permission
from umkm_ledger.interchange.recorded import command_result
from umkm_ledger.kernel.errors import ConcurrencyConflict
from umkm_ledger.ledger import Ledger
from umkm_ledger.server import bodies as b
from umkm_ledger.server.auth import Caller, requires
from umkm_ledger.server.corrections import CORRECTED_WITH, check_correction
from umkm_ledger.server.host import LedgerHost
from umkm_ledger.server.openapi_notes import COMMAND_RESPONSES

__all__ = ["COMMANDS", "Command", "add_commands"]

# Times a command that met a concurrent writer's change is sent again here.
_ATTEMPTS = 3
#: The longest Idempotency-Key (the ledger's command ids are 1 to 200 characters).
MAX_KEY = 200


@attrs.frozen
class Command:
    """One command resource."""

    method: str
    path: str
    permission: Permission
    body: type[b.Body]
    tag: str
    summary: str
    #: A check of the caller beyond the permission, with the ledger and the arguments.
    check: Callable[[Ledger, Caller, dict[str, Any]], None] | None = None

    @property
    def path_ids(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


_P = Permission

#: Every command the service offers.
COMMANDS: tuple[Command, ...] = (
    Command("register_enterprise", "/enterprises", _P.RECORD, b.RegisterEnterprise,
            "enterprises", "Register an enterprise (UMKM) and its owners"),
    Command("report_sales", "/enterprises/{enterprise_id}/sales", _P.RECORD, b.ReportSales,
            "enterprises", "Report a year's sales (the size class is derived again)"),
    Command("report_capital", "/enterprises/{enterprise_id}/capital", _P.RECORD,
            b.ReportCapital, "enterprises", "Report the enterprise's business capital"),
    Command("record_nib", "/enterprises/{enterprise_id}/nib", _P.RECORD, b.RecordNib,
            "enterprises", "Record the enterprise's NIB (OSS business number)"),
    Command("mark_dormant", "/enterprises/{enterprise_id}/dormancy", _P.RECORD,
            b.ChangeStatus, "enterprises", "Mark the enterprise dormant (no activity)"),
    Command("reactivate", "/enterprises/{enterprise_id}/reactivation", _P.RECORD,
            b.ChangeStatus, "enterprises", "Reactivate a dormant enterprise"),
    Command("close_enterprise", "/enterprises/{enterprise_id}/closure", _P.RECORD,
            b.ReasonedCommand, "enterprises", "Close the enterprise, with the reason"),
    Command("confirm_distinct", "/enterprises/{enterprise_id}/distinctness", _P.RECORD,
            b.ConfirmDistinct, "enterprises",
            "Confirm that a suspected duplicate is another enterprise"),
    Command("merge_duplicate", "/enterprises/{duplicate_id}/merger", _P.RECORD,
            b.MergeDuplicate, "enterprises", "Merge a duplicate into the enterprise it repeats"),
    Command("form_group", "/groups", _P.RECORD, b.FormGroup, "enterprises",
            "Form a group (KUB, sentra, koperasi) of enterprises"),
    Command("add_group_member", "/groups/{group_id}/members", _P.RECORD, b.AddGroupMember,
            "enterprises", "Add an enterprise to a group"),
    Command("remove_group_member", "/groups/{group_id}/members/{enterprise_id}/removal",
            _P.RECORD, b.ReasonedCommand, "enterprises", "Remove a member, with the reason"),
    # Any reader reaches it; who may correct what is the corrected record's (x-corrected-with).
    Command("appoint_chairperson", "/groups/{group_id}/chairperson", _P.RECORD,
            b.AppointChairperson, "enterprises", "Appoint a member's owner chairperson"),
    Command("dissolve_group", "/groups/{group_id}/dissolution", _P.RECORD,
            b.ReasonedCommand, "enterprises", "Dissolve a group, with the reason"),
    Command("correct", "/records/{record_id}/corrections", _P.READ, b.Correct, "audit",
            "Correct an earlier fact of a record, with the reason (a new event); the role "
            "must be one that records such facts", check_correction),
    Command("plan_program", "/programs", _P.PLAN, b.PlanProgram, "programs",
            "Plan a development program"),
    Command("start_program", "/programs/{program_id}/start", _P.PLAN, b.DatedCommand,
            "programs", "Start a planned program"),
    Command("define_indicator", "/programs/{program_id}/indicators", _P.PLAN,
            b.DefineIndicator, "programs", "Define one of a program's indicators"),
    Command("set_target", "/programs/{program_id}/indicators/{indicator}/targets", _P.PLAN,
            b.SetTarget, "programs", "Set an indicator's target for periods (and areas)"),
    Command("record_opening_balance",
            "/programs/{program_id}/indicators/{indicator}/opening-balances", _P.PLAN,
            b.OpeningBalance, "programs", "Record a count made before the ledger"),
    Command("enrol", "/programs/{program_id}/enrolments", _P.RECORD, b.Enrol, "programs",
            "Enrol an enterprise as binaan of the program"),
    Command("exit_program", "/programs/{program_id}/enrolments/{enterprise_id}/exit",
            _P.RECORD, b.ExitProgram, "programs", "End an enterprise's enrolment"),
    Command("close_program", "/programs/{program_id}/closure", _P.PLAN, b.ChangeStatus,
            "programs", "Close a program (its period ended, or it was stopped)"),
    Command("register_funder", "/funders", _P.PLAN, b.RegisterFunder, "funding",
            "Register a funder and its source of funds"),
    Command("allocate", "/allocations", _P.PLAN, b.Allocate, "funding",
            "Allocate a funder's money to a program for a fiscal year"),
    Command("post_allocation", "/allocations/{allocation_id}/posting", _P.PLAN,
            b.PostAllocation, "funding", "Post a pledged allocation (the money is there)"),
    Command("pledge", "/pledges", _P.PLAN, b.Allocate, "funding",
            "Record a funder's pledge (an allocation not yet posted)"),
    Command("amend_allocation", "/allocations/{allocation_id}/amendments", _P.PLAN,
            b.AmendAllocation, "funding", "Change an allocation's amount, with the reason"),
    Command("withdraw_pledge", "/allocations/{allocation_id}/withdrawal", _P.PLAN,
            b.ReasonedCommand, "funding", "Withdraw a pledge that was never posted"),
    Command("propose_grant", "/grants", _P.PROPOSE, b.ProposeGrant, "funding",
            "Propose aid drawn on an allocation"),
    Command("check_eligibility", "/grants/{grant_id}/eligibility-check", _P.PROPOSE,
            b.DatedCommand, "funding", "Check the beneficiary against the program's rules"),
    Command("approve_grant", "/grants/{grant_id}/approval", _P.APPROVE, b.DatedCommand,
            "funding", "Approve a grant (not by its proposer)"),
    Command("reject_grant", "/grants/{grant_id}/rejection", _P.APPROVE, b.ReasonedCommand,
            "funding", "Reject a grant, with the reason"),
    Command("hand_over", "/grants/{grant_id}/handovers", _P.PROPOSE, b.HandOver, "funding",
            "Hand the aid over, with its BAST"),
    Command("cancel_grant", "/grants/{grant_id}/cancellation", _P.PROPOSE,
            b.ReasonedCommand, "funding", "Cancel a grant before its aid is handed over"),
    Command("revoke_grant", "/grants/{grant_id}/revocation", _P.APPROVE, b.ReasonedCommand,
            "funding", "Revoke an approved grant, with the reason"),
    Command("return_goods", "/grants/{grant_id}/returns", _P.PROPOSE, b.ReturnGoods,
            "funding", "Record goods handed back (their value goes back to the allocation)"),
    Command("repay_loan", "/grants/{grant_id}/repayments", _P.PROPOSE, b.RepayLoan,
            "funding", "Record a repayment of goods or money lent"),
    Command("report_grant_outcome", "/grants/{grant_id}/outcomes", _P.PROPOSE,
            b.GrantOutcome, "funding", "Report what the aid changed (sales before, after)"),
    Command("refer_kur", "/enterprises/{enterprise_id}/kur-referrals", _P.RECORD, b.ReferKur,
            "funding", "Refer the enterprise to a bank for KUR credit"),
    Command("record_kur_decision", "/kur-referrals/{referral_id}/decision", _P.RECORD,
            b.KurDecision, "funding", "Record the bank's decision on a KUR referral"),
    Command("monitor_grant", "/grants/{grant_id}/monitoring", _P.PROPOSE, b.MonitorGrant,
            "funding", "Record a monitoring visit: how the aid is used"),
    Command("record_mentoring", "/mentoring-sessions", _P.RECORD, b.RecordMentoring,
            "activity", "Record a mentoring visit that took place"),
    Command("schedule_mentoring", "/mentoring-sessions/planned", _P.RECORD,
            b.ScheduleMentoring, "activity", "Plan a mentoring visit"),
    Command("hold_mentoring", "/mentoring-sessions/{session_id}/held", _P.RECORD,
            b.HoldMentoring, "activity", "Record that a planned visit took place"),
    Command("reschedule_mentoring", "/mentoring-sessions/{session_id}/rescheduling",
            _P.RECORD, b.RescheduleMentoring, "activity", "Move a planned visit to a new day"),
    Command("cancel_mentoring", "/mentoring-sessions/{session_id}/cancellation", _P.RECORD,
            b.ReasonedCommand, "activity", "Cancel a planned visit, with the reason"),
    Command("record_no_show", "/mentoring-sessions/{session_id}/no-show", _P.RECORD,
            b.DatedCommand, "activity", "Record that nobody came to a planned visit"),
    Command("complete_follow_up", "/mentoring-sessions/{session_id}/follow-ups/completion",
            _P.RECORD, b.CompleteFollowUp, "activity", "Record a follow-up as done"),
    Command("record_consultation", "/enterprises/{enterprise_id}/consultations", _P.RECORD,
            b.RecordConsultation, "activity", "Record a consultation (PLUT, a clinic)"),
    Command("organise_training", "/trainings", _P.RECORD, b.OrganiseTraining, "activity",
            "Organise a Bimtek training"),
    Command("register_participant", "/trainings/{training_id}/participants", _P.RECORD,
            b.RegisterParticipant, "activity", "Register a participant of a Bimtek"),
    Command("record_attendance", "/trainings/{training_id}/attendance", _P.RECORD,
            b.RecordAttendance, "activity", "Record who was present on a day of a Bimtek"),
    Command("complete_training", "/trainings/{training_id}/completions", _P.RECORD,
            b.CompleteTraining, "activity", "Record that a participant completed the Bimtek"),
    # The BAST number is in the body: real ones are written with slashes (027/BAST/XII/2017).
    Command("cancel_training", "/trainings/{training_id}/cancellation", _P.RECORD,
            b.ReasonedCommand, "activity", "Cancel a Bimtek, with the reason"),
    Command("link_training_grant", "/trainings/{training_id}/grants", _P.PROPOSE,
            b.LinkTrainingGrant, "activity", "Link the grant of goods a Bimtek came with"),
    Command("organise_exhibition", "/exhibitions", _P.RECORD, b.OrganiseExhibition,
            "activity", "Organise an exhibition (pameran) or a bazaar"),
    Command("take_part", "/exhibitions/{exhibition_id}/participants", _P.RECORD,
            b.TakePart, "activity", "Record an enterprise's part in an exhibition"),
    Command("acknowledge_handover", "/grants/{grant_id}/acknowledgements", _P.PROPOSE,
            b.AcknowledgeHandover, "funding", "Record that the recipient signed the BAST"),
    # The NIK is in the body, never in a path or a query (which servers and proxies log).
    Command("request_erasure", "/erasures", _P.RECORD, b.RequestErasure, "privacy",
            "Ask for a person's personal data to be erased (UU 27/2022 Pasal 43)"),
    Command("approve_erasure", "/erasures/{erasure_id}/approval", _P.APPROVE,
            b.ApproveErasure, "privacy",
            "Approve an erasure (not by its requester): the person's key is destroyed"),
    Command("reject_erasure", "/erasures/{erasure_id}/rejection", _P.APPROVE,
            b.ReasonedCommand, "privacy", "Reject an erasure, with the reason"),
)  # fmt: skip


def _run(
    host: LedgerHost, command: Command, caller: Caller, kwargs: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Run the command; its result, and whether it was a resend (its command id had
    been recorded before: the answer is the first result)."""

    def work(ledger: Ledger) -> tuple[dict[str, Any], bool]:
        if command.check is not None:
            command.check(ledger, caller, kwargs)
        key = kwargs["command_id"]
        seen = ledger.application.first_effective_date(key) is not None
        record = getattr(ledger, command.method)(**kwargs)
        return command_result(ledger.application, UUID(str(record)), key), seen

    for attempt in range(_ATTEMPTS):
        try:
            return host.call(work)
        except ConcurrencyConflict:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _endpoint(command: Command) -> Callable[..., JSONResponse]:
    def endpoint(
        request: Request, body: b.Body, caller: Caller, idempotency_key: str | None, **ids: str
    ) -> JSONResponse:
        given = idempotency_key is not None
        kwargs = {
            **ids,
            **body.model_dump(exclude_none=True),
            "command_id": idempotency_key if given else str(uuid4()),
            "actor": caller.actor,
        }
        result, replayed = _run(request.app.state.host, command, caller, kwargs)
        headers = (
            {"Idempotent-Replayed": "true"} if given and replayed and result["recorded"] else {}
        )
        return JSONResponse(result, status_code=201 if result["recorded"] else 200, headers=headers)

    parameters = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        *(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[str, Path(max_length=MAX_KEY)],
            )
            for name in command.path_ids
        ),
        inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=command.body),
        inspect.Parameter(
            "caller", inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[Caller, Depends(requires(command.permission))],
        ),
        inspect.Parameter(
            "idempotency_key", inspect.Parameter.KEYWORD_ONLY, default=None,
            annotation=Annotated[
                str | None,
                Header(alias="Idempotency-Key", min_length=1, max_length=MAX_KEY,
                       description="The command id: a resend with it records nothing new."),
            ],
        ),
    ]  # fmt: skip

    # FastAPI learns an endpoint's parameters from its signature, and each command has its
    # own path ids: so the signature is made here (``__signature__``) and ``call`` hands
    # what FastAPI parsed to the one ``endpoint`` all commands share.
    def call(**kwargs: Any) -> JSONResponse:
        request, body, caller = kwargs.pop("request"), kwargs.pop("body"), kwargs.pop("caller")
        return endpoint(request, body, caller, kwargs.pop("idempotency_key"), **kwargs)

    call.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    call.__name__ = command.method
    call.__doc__ = command.summary
    return call


def _extra(command: Command) -> dict[str, Any]:
    extra: dict[str, Any] = {"x-permission": command.permission.value}
    if command.check is check_correction:
        extra["x-corrected-with"] = {
            record: None if permission is None else permission.value
            for record, permission in CORRECTED_WITH.items()
        }
    return extra


def add_commands(app: FastAPI) -> None:
    for command in COMMANDS:
        app.add_api_route(
            command.path,
            _endpoint(command),
            methods=["POST"],
            name=command.method,
            operation_id=command.method,
            summary=command.summary,
            tags=[command.tag],
            status_code=201,
            responses=COMMAND_RESPONSES,
            openapi_extra=_extra(command),
        )
