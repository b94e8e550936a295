"""Every status a record can be in reads in Indonesian too (``--lang id``)."""

from __future__ import annotations

import enum

import pytest

from umkm_ledger.domain import lifecycle
from umkm_ledger.presentation.i18n import Labels

STATUSES = [
    member
    for name in lifecycle.__all__
    if name.endswith("Status")
    for member in getattr(lifecycle, name)
    if isinstance(member, enum.Enum)
]


@pytest.mark.parametrize("status", STATUSES, ids=lambda s: f"{type(s).__name__}.{s.name}")
def test_every_status_has_an_indonesian_term(status: enum.Enum) -> None:
    assert Labels("id").term(status.value) != status.value
