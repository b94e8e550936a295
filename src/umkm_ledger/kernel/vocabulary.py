"""The ledger's own words that are values rather than texts in the code: kinds of
funding, aid, mentor, bases of a classification. Each context registers its enums
(:func:`register_terms`) so that the catalogue can require an Indonesian form for every
word it might show; lifecycle statuses and actions come from
:func:`umkm_ledger.kernel.lifecycle.lifecycles`.
"""

from __future__ import annotations

import enum

__all__ = ["register_terms", "terms"]

_TERMS: list[type[enum.Enum]] = []


def register_terms(*kinds: type[enum.Enum]) -> None:
    """Every member's value of each of ``kinds`` is a word shown to people."""
    _TERMS.extend(kind for kind in kinds if kind not in _TERMS)


def terms() -> list[type[enum.Enum]]:
    """The registered enums, in the order they were registered."""
    return list(_TERMS)
