"""How the funding values are written into stored events: the names are stored with every
event and never change (see :mod:`umkm_ledger.platform.transcoding`)."""

from __future__ import annotations

from umkm_ledger.funding.values import (
    Delivery,
    FundingSource,
    GrantItem,
    Instrument,
    UtilisationStatus,
)
from umkm_ledger.platform.transcoding import AttrsAsDict, EnumAsValue, register_transcodings

register_transcodings(
    AttrsAsDict(GrantItem, "grant_item"),
    AttrsAsDict(Delivery, "delivery"),
    EnumAsValue(FundingSource, "funding_source"),
    EnumAsValue(Instrument, "instrument"),
    EnumAsValue(UtilisationStatus, "utilisation"),
)
