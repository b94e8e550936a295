"""The rules of mentoring, trainings and exhibitions (see :mod:`umkm_ledger.kernel.rules`)."""

from __future__ import annotations

from datetime import date

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation

__all__ = [
    "AlreadyParticipating",
    "AlreadyRegistered",
    "AttendeeNotInvited",
    "CompletionNeedsAttendance",
    "NotATrainingDay",
    "NotAnExhibitionDay",
    "NotRegistered",
    "SessionDatesOutOfOrder",
]


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
