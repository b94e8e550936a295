"""The program and enrolment lifecycles, as data (see :mod:`umkm_ledger.kernel.lifecycle`)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from umkm_ledger.kernel.lifecycle import register_lifecycle

__all__ = [
    "ENROLMENT_LIFECYCLE",
    "PROGRAM_LIFECYCLE",
    "EnrolmentAction",
    "EnrolmentStatus",
    "ProgramAction",
    "ProgramStatus",
]


class ProgramStatus(enum.Enum):
    PLANNED = "planned"
    RUNNING = "running"
    CLOSED = "closed"


class ProgramAction(enum.Enum):
    DEFINE_INDICATOR = "define an indicator"
    SET_TARGET = "set a target"
    RECORD_OPENING_BALANCE = "record an opening balance"
    START = "start"
    ENROL = "enrol an enterprise"
    CLOSE = "close"
    CORRECT = "correct a fact"


_P = ProgramStatus


_PA = ProgramAction


# A closed program still takes enrolments dated while it ran (records typed in late)
# and corrections; everything else about it is settled.
PROGRAM_LIFECYCLE: Mapping[ProgramStatus, Mapping[ProgramAction, ProgramStatus]] = {
    _P.PLANNED: {
        _PA.DEFINE_INDICATOR: _P.PLANNED,
        _PA.SET_TARGET: _P.PLANNED,
        _PA.RECORD_OPENING_BALANCE: _P.PLANNED,
        _PA.START: _P.RUNNING,
        _PA.CLOSE: _P.CLOSED,
        _PA.CORRECT: _P.PLANNED,
    },
    _P.RUNNING: {
        _PA.DEFINE_INDICATOR: _P.RUNNING,
        _PA.SET_TARGET: _P.RUNNING,
        _PA.RECORD_OPENING_BALANCE: _P.RUNNING,
        _PA.ENROL: _P.RUNNING,
        _PA.CLOSE: _P.CLOSED,
        _PA.CORRECT: _P.RUNNING,
    },
    _P.CLOSED: {
        _PA.ENROL: _P.CLOSED,
        _PA.CORRECT: _P.CLOSED,
    },
}


class EnrolmentStatus(enum.Enum):
    #: *binaan*: under the program's guidance.
    ENROLLED = "enrolled"
    EXITED = "exited"


class EnrolmentAction(enum.Enum):
    ENROL = "enrol"
    CLAIM_ATTRIBUTION = "claim attribution"
    EXIT = "exit"
    CORRECT = "correct a fact"


_N = EnrolmentStatus


_NA = EnrolmentAction


ENROLMENT_LIFECYCLE: Mapping[EnrolmentStatus, Mapping[EnrolmentAction, EnrolmentStatus]] = {
    _N.ENROLLED: {
        _NA.CLAIM_ATTRIBUTION: _N.ENROLLED,
        _NA.EXIT: _N.EXITED,
        _NA.CORRECT: _N.ENROLLED,
    },
    _N.EXITED: {
        _NA.ENROL: _N.ENROLLED,
        _NA.CLAIM_ATTRIBUTION: _N.EXITED,
        _NA.CORRECT: _N.EXITED,
    },
}

register_lifecycle("program", ProgramStatus, ProgramAction, PROGRAM_LIFECYCLE)
register_lifecycle("enrolment", EnrolmentStatus, EnrolmentAction, ENROLMENT_LIFECYCLE)
