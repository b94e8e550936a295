"""The mentoring session and training lifecycles, as data (see
:mod:`umkm_ledger.kernel.lifecycle`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from umkm_ledger.kernel.lifecycle import register_lifecycle

__all__ = [
    "SESSION_LIFECYCLE",
    "TRAINING_LIFECYCLE",
    "SessionAction",
    "SessionStatus",
    "TrainingAction",
    "TrainingStatus",
]


class SessionStatus(enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    NO_SHOW = "no-show"


class SessionAction(enum.Enum):
    RESCHEDULE = "reschedule"
    HOLD = "hold"
    CANCEL = "cancel"
    NO_SHOW = "record a no-show"
    COMPLETE_FOLLOW_UP = "complete a follow-up action"
    CORRECT = "correct a fact"


_S = SessionStatus


_SA = SessionAction


# A mentoring session is planned, then held (with its attendance, notes and agreed
# follow-up actions), cancelled, or nobody came. Follow-up actions are completed later.
SESSION_LIFECYCLE: Mapping[SessionStatus, Mapping[SessionAction, SessionStatus]] = {
    _S.SCHEDULED: {
        _SA.RESCHEDULE: _S.SCHEDULED,
        _SA.HOLD: _S.HELD,
        _SA.CANCEL: _S.CANCELLED,
        _SA.NO_SHOW: _S.NO_SHOW,
        _SA.CORRECT: _S.SCHEDULED,
    },
    _S.HELD: {_SA.COMPLETE_FOLLOW_UP: _S.HELD, _SA.CORRECT: _S.HELD},
    _S.CANCELLED: {_SA.CORRECT: _S.CANCELLED},
    _S.NO_SHOW: {_SA.CORRECT: _S.NO_SHOW},
}


class TrainingStatus(enum.Enum):
    ORGANISED = "organised"
    HELD = "held"
    CANCELLED = "cancelled"


class TrainingAction(enum.Enum):
    REGISTER = "register a participant"
    RECORD_ATTENDANCE = "record a day's attendance"
    COMPLETE = "record a completion"
    LINK_GRANT = "link a grant handed over at it"
    CANCEL = "cancel"
    CORRECT = "correct a fact"


_T = TrainingStatus


_TA = TrainingAction


# A Bimtek is organised, participants register, and its first attendance list makes it
# held; participants who came every day complete it. One that never took place is
# cancelled (nobody attended yet).
TRAINING_LIFECYCLE: Mapping[TrainingStatus, Mapping[TrainingAction, TrainingStatus]] = {
    _T.ORGANISED: {
        _TA.REGISTER: _T.ORGANISED,
        _TA.RECORD_ATTENDANCE: _T.HELD,
        _TA.LINK_GRANT: _T.ORGANISED,
        _TA.CANCEL: _T.CANCELLED,
        _TA.CORRECT: _T.ORGANISED,
    },
    _T.HELD: {
        _TA.REGISTER: _T.HELD,
        _TA.RECORD_ATTENDANCE: _T.HELD,
        _TA.COMPLETE: _T.HELD,
        _TA.LINK_GRANT: _T.HELD,
        _TA.CORRECT: _T.HELD,
    },
    _T.CANCELLED: {_TA.CORRECT: _T.CANCELLED},
}

register_lifecycle("mentoring session", SessionStatus, SessionAction, SESSION_LIFECYCLE)
register_lifecycle("training", TrainingStatus, TrainingAction, TRAINING_LIFECYCLE)
