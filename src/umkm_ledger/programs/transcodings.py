"""How the programs' values are written into stored events: the names are stored with every
event and never change (see :mod:`umkm_ledger.platform.transcoding`)."""

from __future__ import annotations

from umkm_ledger.platform.transcoding import AttrsAsDict, EnumAsValue, register_transcodings
from umkm_ledger.programs.indicator import Baseline, Indicator, Target
from umkm_ledger.programs.lifecycle import ProgramAction, ProgramStatus

register_transcodings(
    AttrsAsDict(Baseline, "baseline"),
    AttrsAsDict(Target, "target"),
    AttrsAsDict(Indicator, "indicator"),
    EnumAsValue(ProgramAction, "program_action"),
    EnumAsValue(ProgramStatus, "program_status"),
)
