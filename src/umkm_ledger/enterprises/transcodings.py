"""How the enterprises' values are written into stored events: the names are stored with every
event and never change (see :mod:`umkm_ledger.platform.transcoding`)."""

from __future__ import annotations

from umkm_ledger.enterprises.classification import Basis, Classification, Regulation, SizeClass
from umkm_ledger.enterprises.group import GroupKind
from umkm_ledger.enterprises.lifecycle import EnterpriseAction, EnterpriseStatus
from umkm_ledger.platform.transcoding import AttrsAsDict, EnumAsValue, register_transcodings

register_transcodings(
    AttrsAsDict(Classification, "classification"),
    EnumAsValue(SizeClass, "size_class"),
    EnumAsValue(Basis, "basis"),
    EnumAsValue(Regulation, "regulation"),
    EnumAsValue(EnterpriseAction, "enterprise_action"),
    EnumAsValue(EnterpriseStatus, "enterprise_status"),
    EnumAsValue(GroupKind, "group_kind"),
)
