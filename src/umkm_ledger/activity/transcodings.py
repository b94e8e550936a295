"""How the activity values are written into stored events: the names are stored with every
event and never change (see :mod:`umkm_ledger.platform.transcoding`)."""

from __future__ import annotations

from umkm_ledger.activity.values import FollowUp, Mentor, MentorKind, Participant
from umkm_ledger.platform.transcoding import AttrsAsDict, EnumAsValue, register_transcodings

register_transcodings(
    AttrsAsDict(Mentor, "mentor"),
    AttrsAsDict(FollowUp, "follow_up"),
    AttrsAsDict(Participant, "participant"),
    EnumAsValue(MentorKind, "mentor_kind"),
)
