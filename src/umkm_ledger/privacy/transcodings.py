"""How the privacy values are written into stored events: the names are stored with every
event and never change (see :mod:`umkm_ledger.platform.transcoding`)."""

from __future__ import annotations

from umkm_ledger.platform.transcoding import EnumAsValue, register_transcodings
from umkm_ledger.privacy.grounds import ErasureGround
from umkm_ledger.privacy.lifecycle import ErasureAction, ErasureStatus

register_transcodings(
    EnumAsValue(ErasureGround, "erasure_ground"),
    EnumAsValue(ErasureStatus, "erasure_status"),
    EnumAsValue(ErasureAction, "erasure_action"),
)
