"""An erasure's lifecycle, as data (see :mod:`umkm_ledger.kernel.lifecycle`): requested,
then erased (the key destroyed, for good) or rejected (the data stays)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from umkm_ledger.kernel.lifecycle import register_lifecycle

__all__ = ["ERASURE_LIFECYCLE", "ErasureAction", "ErasureStatus"]


class ErasureStatus(enum.Enum):
    REQUESTED = "requested"
    ERASED = "erased"
    REJECTED = "rejected"


class ErasureAction(enum.Enum):
    APPROVE = "approve"
    REJECT = "reject"


_S, _A = ErasureStatus, ErasureAction

ERASURE_LIFECYCLE: Mapping[ErasureStatus, Mapping[ErasureAction, ErasureStatus]] = {
    _S.REQUESTED: {_A.APPROVE: _S.ERASED, _A.REJECT: _S.REJECTED},
    _S.ERASED: {},
    _S.REJECTED: {},
}

register_lifecycle("erasure", ErasureStatus, ErasureAction, ERASURE_LIFECYCLE)
