"""Why personal data is erased: the grounds of UU 27/2022 Pasal 43 ayat (1), on which a
controller must erase (each erasure records one, and the reason in words)."""

from __future__ import annotations

import enum

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import shown_number
from umkm_ledger.kernel.vocabulary import register_terms

__all__ = ["ErasureGround"]


class ErasureGround(enum.Enum):
    #: a. the data is no longer needed for the purpose it was processed for.
    NO_LONGER_NEEDED = "no longer needed"
    #: b. the person withdrew the consent it was processed under.
    CONSENT_WITHDRAWN = "consent withdrawn"
    #: c. the person asked for it to be erased (Pasal 8).
    SUBJECT_REQUEST = "subject request"
    #: d. it was obtained or processed unlawfully.
    UNLAWFUL = "unlawful"

    @classmethod
    def parse(cls, value: object, field: str = "ground") -> ErasureGround:
        """A ground as given (its value, any case; ``-`` or ``_`` for spaces)."""
        if isinstance(value, ErasureGround):
            return value
        if isinstance(value, str):
            key = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
            for ground in cls:
                if ground.value == key:
                    return ground
        shown = value[:40] if isinstance(value, str) else shown_number(value)
        choices = ", ".join(g.value.replace(" ", "-") for g in cls)
        raise InvalidValue(
            field, shown, N_("is not a ground for erasure ({choices})", choices=choices)
        )


register_terms(ErasureGround)
