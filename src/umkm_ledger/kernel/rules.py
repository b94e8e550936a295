"""Named business rules.

Each class is one rule; its docstring states the rule in words (``Rule.rule()`` returns
it for reports). Raising one means the command was refused and nothing was recorded.

Each message is a template marked with ``N_``, its parameters named, so that the command
line can say it in Indonesian (the catalogue has every template and every rule's words);
words of the ledger's vocabulary given as parameters (a status, an action, a kind of
record) are passed through ``N_`` so that they are translated too, and a ``detail`` is a
``Message`` made by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation, Message

__all__ = [
    "AllocationBelowCommitted",
    "AllocationDatesOutOfOrder",
    "AllocationExists",
    "AllocationNotPosted",
    "AlreadyGroupMember",
    "AlreadyParticipating",
    "AlreadyRegistered",
    "AttendeeNotInvited",
    "BastNumberAlreadyUsed",
    "ChairpersonMustBeMember",
    "CompletionNeedsAttendance",
    "DeliveryExceedsApproval",
    "EffectiveDateInFuture",
    "EnrolmentDatesOutOfOrder",
    "EnrolmentOutsideProgramTime",
    "EnterpriseNotEnrollable",
    "FactNotCorrectable",
    "FunderAlreadyRegistered",
    "GrantCannotExceedAllocation",
    "GrantDatesOutOfOrder",
    "GrantDoesNotFitAllocation",
    "GrantNotEligible",
    "IllegalTransition",
    "IndicatorAlreadyDefined",
    "IndicatorNotDefined",
    "NibAlreadyRecorded",
    "NibAlreadyRegistered",
    "NotAGroupMember",
    "NotASuspectedDuplicate",
    "NotATrainingDay",
    "NotAnExhibitionDay",
    "NotRegistered",
    "OutsideProgramScope",
    "ProgramDatesOutOfOrder",
    "ReasonRequired",
    "ReferralDatesOutOfOrder",
    "ReportBeforeFounding",
    "ReturnExceedsDelivery",
    "SalesYearAlreadyReported",
    "SegregationOfDuties",
    "SessionDatesOutOfOrder",
    "TargetOutsideProgramPeriod",
    "TargetsOverlap",
    "UnknownHandover",
    "UnknownIndicatorKind",
]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _each(reasons: Sequence[str]) -> Message:
    """Reasons joined with "; ", each one translated (a Message, or a recorded text)."""
    joined = N_(reasons[0]) if reasons else Message("")
    for reason in reasons[1:]:
        joined = N_("{first}; {then}", first=joined, then=N_(reason))
    return joined


class IllegalTransition(BusinessRuleViolation):
    """An enterprise, group, program, enrolment, allocation, grant or KUR referral can
    take only the actions that its lifecycle table allows in its current status (a closed
    enterprise reports no sales until it is reactivated)."""

    def __init__(self, kind: str, status: str, action: str, allowed: Sequence[str]) -> None:
        self.kind = kind
        self.status = status
        self.action = action
        self.allowed = tuple(allowed)
        super().__init__(
            N_(
                "{article} {status} {kind} cannot {action}; in status {status!r} it allows: "
                "{allowed}",
                article=_article(status),
                status=N_(status),
                kind=N_(kind),
                action=N_(action),
                allowed=tuple(N_(a) for a in self.allowed) or N_("nothing"),
            )
        )


class NibAlreadyRegistered(BusinessRuleViolation):
    """An NIB identifies one enterprise: an NIB already recorded for one enterprise
    cannot be recorded for another."""

    def __init__(self, nib: str, holder: object) -> None:
        self.nib = nib
        self.holder = holder
        super().__init__(
            N_("NIB {nib} is already registered to enterprise {holder}", nib=nib, holder=holder)
        )


class NibAlreadyRecorded(BusinessRuleViolation):
    """An enterprise's NIB is recorded once; a wrong NIB is fixed by a correction that
    names the reason, not by recording another."""

    def __init__(self, enterprise: object, nib: str) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} already has NIB {nib}; use a correction to change it",
                enterprise=enterprise,
                nib=nib,
            )
        )


class ReasonRequired(BusinessRuleViolation):
    """Corrections, duplicate resolutions, merges, closures and removals must state why."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(N_("{action} requires a reason", action=N_(action)))


class EffectiveDateInFuture(BusinessRuleViolation):
    """A fact cannot take effect after the day it is recorded (in Indonesia's easternmost
    time zone, so no office is refused its own today)."""

    def __init__(self, effective: date, today: date) -> None:
        self.effective = effective
        super().__init__(
            N_(
                "effective date {effective} is after today ({today})",
                effective=effective.isoformat(),
                today=today.isoformat(),
            )
        )


class ReportBeforeFounding(BusinessRuleViolation):
    """A sales or capital report cannot cover a period that ended before the enterprise
    was founded."""

    def __init__(self, period: str, founded: date) -> None:
        super().__init__(
            N_(
                "report for {period} predates the founding date {founded}",
                period=N_(period),
                founded=founded.isoformat(),
            )
        )


class FactNotCorrectable(BusinessRuleViolation):
    """A correction names an earlier event of the same record and only the fields that
    event recorded and that may be corrected; a correction itself is corrected by a
    further correction of the original event."""

    def __init__(self, detail: str) -> None:
        super().__init__(N_(detail))


class NotASuspectedDuplicate(BusinessRuleViolation):
    """A duplicate is confirmed distinct or merged only for a pair of enterprises that the
    ledger flagged as suspected duplicates and that is still unresolved."""

    def __init__(self, enterprise: object, other: object) -> None:
        super().__init__(
            N_(
                "enterprises {enterprise} and {other} are not an unresolved suspected "
                "duplicate pair",
                enterprise=enterprise,
                other=other,
            )
        )


class AlreadyGroupMember(BusinessRuleViolation):
    """An enterprise is a member of a group once; it joins again only after it left."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is already a member of group {group}",
                enterprise=enterprise,
                group=group,
            )
        )


class NotAGroupMember(BusinessRuleViolation):
    """Only a current member can leave a group."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is not a member of group {group}",
                enterprise=enterprise,
                group=group,
            )
        )


class ChairpersonMustBeMember(BusinessRuleViolation):
    """A group's chairperson is the owner of one of its current member enterprises."""

    def __init__(self, group: object, enterprise: object) -> None:
        super().__init__(
            N_(
                "enterprise {enterprise} is not a member of group {group}, so cannot chair it",
                enterprise=enterprise,
                group=group,
            )
        )


class SalesYearAlreadyReported(BusinessRuleViolation):
    """A calendar year's sales are reported once per enterprise; a wrong figure is fixed by
    a correction of that report, so no indicator can count a year twice."""

    def __init__(self, year: int, version: int) -> None:
        self.year = year
        self.version = version
        super().__init__(
            N_(
                "sales for {year} were already reported (version {version}); correct that report",
                year=year,
                version=version,
            )
        )


class OutsideProgramScope(BusinessRuleViolation):
    """A program serves only enterprises (and sets quotas only for areas) inside its
    region scope: one of its region codes or a region within one of them."""

    def __init__(self, program: object, region: object, scope: Sequence[object]) -> None:
        self.program = program
        self.region = region
        super().__init__(
            N_(
                "{region} is outside the region scope of program {program} ({scope})",
                region=region,
                program=program,
                scope=", ".join(str(s) for s in scope),
            )
        )


class EnterpriseNotEnrollable(BusinessRuleViolation):
    """Only a trading enterprise is enrolled as binaan: not a closed one, and not a record
    merged into another (enrol the surviving record)."""

    def __init__(self, enterprise: object, status: str) -> None:
        self.enterprise = enterprise
        self.status = status
        super().__init__(
            N_(
                "enterprise {enterprise} is {status} and cannot be enrolled",
                enterprise=enterprise,
                status=N_(status),
            )
        )


class EnrolmentOutsideProgramTime(BusinessRuleViolation):
    """An enterprise is enrolled only while its program runs: on or after the day it
    started and, once closed, no later than the day it closed."""

    def __init__(self, program: object, day: date, detail: str) -> None:
        self.program = program
        self.day = day
        super().__init__(
            N_(
                "program {program} was not running on {day}: {detail}",
                program=program,
                day=day.isoformat(),
                detail=N_(detail),
            )
        )


class IndicatorAlreadyDefined(BusinessRuleViolation):
    """An indicator's key names one indicator per program; a wrong definition is fixed by
    a correction, not by defining it again."""

    def __init__(self, program: object, key: str) -> None:
        super().__init__(
            N_("program {program} already has an indicator {key!r}", program=program, key=key)
        )


class IndicatorNotDefined(BusinessRuleViolation):
    """Targets and opening balances belong to an indicator the program has defined."""

    def __init__(self, program: object, key: str, defined: Sequence[str]) -> None:
        self.key = key
        super().__init__(
            N_(
                "program {program} has no indicator {key!r}; it has: {defined}",
                program=program,
                key=key,
                defined=", ".join(defined) or N_("none"),
            )
        )


class UnknownIndicatorKind(BusinessRuleViolation):
    """An indicator counts something the ledger knows how to count: its kind is one of
    the registered indicator kinds."""

    def __init__(self, kind: str, known: Sequence[str]) -> None:
        self.kind = kind
        super().__init__(
            N_(
                "no indicator kind {kind!r}; known kinds: {known}",
                kind=kind,
                known=", ".join(known),
            )
        )


class TargetOutsideProgramPeriod(BusinessRuleViolation):
    """A target's periods fall within the program's period (a 2014-2018 program sets no
    target for 2019)."""

    def __init__(self, program: object, period: str, program_period: str) -> None:
        super().__init__(
            N_(
                "target period {period} is outside program {program}'s period {program_period}",
                period=period,
                program=program,
                program_period=program_period,
            )
        )


class TargetsOverlap(BusinessRuleViolation):
    """An indicator has one target for any period and area: a target whose periods
    overlap an existing target's, for the same area, an area within it or containing
    it, or the whole program, is refused (its numbers would add up twice). A wrong
    target is changed by correcting it."""

    def __init__(self, program: object, indicator: str, period: str, area: object) -> None:
        self.indicator = indicator
        super().__init__(
            N_(
                "program {program} already has a target for indicator {indicator!r} "
                "overlapping {period} in {where}",
                program=program,
                indicator=indicator,
                period=period,
                where=N_("the whole program") if area is None else str(area),
            )
        )


class ProgramDatesOutOfOrder(BusinessRuleViolation):
    """A program closes on or after the day it started, and its enrolments lie between
    the two: a correction of either date cannot leave an enrolment outside them."""

    def __init__(self, program: object, detail: str) -> None:
        self.program = program
        super().__init__(N_("program {program}: {detail}", program=program, detail=N_(detail)))


class EnrolmentDatesOutOfOrder(BusinessRuleViolation):
    """An enrolment's facts follow one another in time: an enterprise is enrolled on
    or after the day it was founded, and an exit, a re-enrolment or a funder's claim
    is dated on or after the enrolment step it follows."""

    def __init__(self, enrolment: object, detail: str) -> None:
        self.enrolment = enrolment
        super().__init__(
            N_("enrolment {enrolment}: {detail}", enrolment=enrolment, detail=N_(detail))
        )


# -- funding -----------------------------------------------------------------------


class FunderAlreadyRegistered(BusinessRuleViolation):
    """A funder's name identifies it: a name already registered with another source of
    funds cannot be registered again (registering it again as it is records nothing)."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        super().__init__(
            N_(
                "funder {name!r} is already registered, with source {source}",
                name=name,
                source=source,
            )
        )


class AllocationNotPosted(BusinessRuleViolation):
    """Funds are posted before aid is approved against them: a grant cannot be approved
    against an allocation that is only pledged, or was withdrawn, nor dated before the
    day the allocation was posted."""

    def __init__(self, allocation: object, status: str, on: date | None = None) -> None:
        self.allocation = allocation
        template = (
            N_("allocation {allocation} is {status}; post it before approving grants against it")
            if on is None
            else N_(
                "allocation {allocation} is {status} on {on}; post it before approving "
                "grants against it"
            )
        )
        super().__init__(
            N_(
                template,
                allocation=allocation,
                status=N_(status),
                on=None if on is None else on.isoformat(),
            )
        )


class GrantCannotExceedAllocation(BusinessRuleViolation):
    """An allocation is never over-committed: the grants approved against it, less what
    they released, never add up to more than its amount, now or as of any earlier date."""

    def __init__(
        self, allocation: object, asked: object, remaining: object, on: date | None = None
    ) -> None:
        self.allocation = allocation
        self.asked = asked
        self.remaining = remaining
        template = (
            N_("allocation {allocation} has {remaining} left; the grant needs {asked}")
            if on is None
            else N_("allocation {allocation} has {remaining} left on {on}; the grant needs {asked}")
        )
        super().__init__(
            N_(
                template,
                allocation=allocation,
                remaining=remaining,
                asked=asked,
                on=None if on is None else on.isoformat(),
            )
        )


class AllocationBelowCommitted(BusinessRuleViolation):
    """An allocation cannot be amended to less than the grants already committed
    against it."""

    def __init__(self, allocation: object, amount: object, committed: object) -> None:
        self.allocation = allocation
        super().__init__(
            N_(
                "allocation {allocation} cannot be amended to {amount}: {committed} is "
                "already committed to grants",
                allocation=allocation,
                amount=amount,
                committed=committed,
            )
        )


class GrantDoesNotFitAllocation(BusinessRuleViolation):
    """A grant draws on an allocation of its own program, in a form the allocation's
    instrument gives: items for in-kind goods and loans, an amount for the others."""

    def __init__(self, detail: str) -> None:
        super().__init__(N_(detail))


class SegregationOfDuties(BusinessRuleViolation):
    """Whoever proposed a grant can neither approve nor reject it: a second person
    decides. A refused attempt is itself recorded, as evidence for auditors."""

    def __init__(self, grant: object, user: str, action: str) -> None:
        self.grant = grant
        self.user = user
        self.action = action
        super().__init__(
            N_(
                "{user} proposed grant {grant} and so cannot {action} it",
                user=user,
                grant=grant,
                action=N_(action),
            )
        )


class DeliveryExceedsApproval(BusinessRuleViolation):
    """A handover never delivers more of an item (or more cash) than the grant
    approved and has not yet delivered, so the delivered value never exceeds the
    approved value."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class ReturnExceedsDelivery(BusinessRuleViolation):
    """Goods returned, and loans repaid, never exceed what was delivered (and not yet
    returned or repaid)."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class UnknownHandover(BusinessRuleViolation):
    """An acknowledgement names a handover (its BAST number) recorded for the grant;
    each handover is acknowledged once, and each BAST number is used once."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class BastNumberAlreadyUsed(BusinessRuleViolation):
    """A BAST (*berita acara serah terima*) records one handover: its number, compared
    without regard to case, is used once in the ledger, whichever grant it was for."""

    def __init__(self, bast_number: str, grant: object) -> None:
        self.bast_number = bast_number
        self.grant = grant
        super().__init__(
            N_(
                "BAST {bast_number} already records a handover of grant {grant}",
                bast_number=bast_number,
                grant=grant,
            )
        )


class GrantDatesOutOfOrder(BusinessRuleViolation):
    """A grant's steps follow one another in time: approval on or after the proposal,
    a handover on or after the approval, an acknowledgement, a return or a repayment on
    or after the handover it follows."""

    def __init__(self, grant: object, detail: str) -> None:
        self.grant = grant
        super().__init__(N_("grant {grant}: {detail}", grant=grant, detail=N_(detail)))


class AllocationExists(BusinessRuleViolation):
    """A funder has one allocation per program, fiscal year and instrument: more (or
    less) money for it is an amendment, and a pledge becomes funds by being posted."""

    def __init__(self, allocation: object, status: str) -> None:
        self.allocation = allocation
        super().__init__(
            N_(
                "allocation {allocation} already exists ({status}); amend it, or post the pledge",
                allocation=allocation,
                status=N_(status),
            )
        )


class AllocationDatesOutOfOrder(BusinessRuleViolation):
    """An allocation's changes follow one another in time: it is posted, amended or
    withdrawn on or after the step before it, and a grant's money comes back on or after
    the day it was committed. So its amount and its commitments read as of any date agree
    with what it holds now."""

    def __init__(self, allocation: object, detail: str) -> None:
        self.allocation = allocation
        super().__init__(
            N_("allocation {allocation}: {detail}", allocation=allocation, detail=N_(detail))
        )


class ReferralDatesOutOfOrder(BusinessRuleViolation):
    """A bank decides on a KUR referral on or after the day the enterprise was referred."""

    def __init__(self, referral: object, detail: str) -> None:
        self.referral = referral
        super().__init__(
            N_("KUR referral {referral}: {detail}", referral=referral, detail=N_(detail))
        )


class GrantNotEligible(BusinessRuleViolation):
    """A grant is approved only if its beneficiary still meets the program's rules on the
    day of the approval (binaan of the program, inside its scope, active, not already
    given the same kind of item by it that fiscal year); a new eligibility check records
    why not."""

    def __init__(self, grant: object, reasons: Sequence[str]) -> None:
        self.grant = grant
        self.reasons = tuple(reasons)
        super().__init__(
            N_(
                "grant {grant} is no longer eligible: {reasons}",
                grant=grant,
                reasons=_each(self.reasons),
            )
        )


class SessionDatesOutOfOrder(BusinessRuleViolation):
    """A mentoring session's facts follow one another in time: it is held, cancelled or
    missed on or after the day it was scheduled, and its follow-up actions fall due and
    are completed on or after the day it was held."""

    def __init__(self, session: object, detail: str) -> None:
        self.session = session
        super().__init__(
            N_("mentoring session {session}: {detail}", session=session, detail=N_(detail))
        )


class AttendeeNotInvited(BusinessRuleViolation):
    """Those who attended a mentoring session are among the enterprises it was scheduled
    for (a session recorded after the fact is scheduled for those who came)."""

    def __init__(self, session: object, enterprise: object) -> None:
        self.session = session
        super().__init__(
            N_(
                "enterprise {enterprise} attended mentoring session {session}, which was not "
                "scheduled for it",
                enterprise=enterprise,
                session=session,
            )
        )


class AlreadyRegistered(BusinessRuleViolation):
    """A person registers for a training once (the NIK identifies the person)."""

    def __init__(self, training: object, person: str) -> None:
        self.training = training
        super().__init__(
            N_(
                "{person} is already registered for training {training}",
                person=person,
                training=training,
            )
        )


class NotRegistered(BusinessRuleViolation):
    """Only registered participants attend and complete a training, on or after the day
    they registered: attendance never exceeds registrations."""

    def __init__(self, training: object, person: str, on: date | None = None) -> None:
        self.training = training
        super().__init__(
            N_(
                "{person} was not registered for training {training}",
                person=person,
                training=training,
            )
            if on is None
            else N_(
                "{person} was not registered for training {training} on {on}",
                person=person,
                training=training,
                on=on.isoformat(),
            )
        )


class NotATrainingDay(BusinessRuleViolation):
    """A training's attendance is recorded for one of its own days, one list per day."""

    def __init__(self, training: object, detail: str) -> None:
        self.training = training
        super().__init__(N_("training {training}: {detail}", training=training, detail=N_(detail)))


class CompletionNeedsAttendance(BusinessRuleViolation):
    """A participant completes a training only after attending every one of its days,
    and on or after its last day."""

    def __init__(self, training: object, person: str, detail: str) -> None:
        self.training = training
        super().__init__(
            N_(
                "{person} cannot complete training {training}: {detail}",
                person=person,
                training=training,
                detail=N_(detail),
            )
        )


class AlreadyParticipating(BusinessRuleViolation):
    """An enterprise takes part in an exhibition once; what it achieved there is
    corrected, not recorded twice."""

    def __init__(self, exhibition: object, enterprise: object) -> None:
        self.exhibition = exhibition
        super().__init__(
            N_(
                "enterprise {enterprise} already takes part in exhibition {exhibition}",
                enterprise=enterprise,
                exhibition=exhibition,
            )
        )


class NotAnExhibitionDay(BusinessRuleViolation):
    """An enterprise takes part in an exhibition on one of its days: its participation is
    dated between the exhibition's first and last day."""

    def __init__(self, exhibition: object, detail: str) -> None:
        self.exhibition = exhibition
        super().__init__(
            N_("exhibition {exhibition}: {detail}", exhibition=exhibition, detail=N_(detail))
        )
