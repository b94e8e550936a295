"""Every status a record can be in reads in Indonesian too (``--lang id``)."""

from __future__ import annotations

import enum

import pytest

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.lifecycle import lifecycles

STATUSES = [member for cycle in lifecycles().values() for member in cycle.status]


@pytest.mark.parametrize("status", STATUSES, ids=lambda s: f"{type(s).__name__}.{s.name}")
def test_every_status_has_an_indonesian_term(status: enum.Enum) -> None:
    assert Labels("id").term(status.value) != status.value


def test_every_instrument_beneficiary_and_record_kind_has_an_indonesian_name() -> None:
    from umkm_ledger.audit.timeline_view import TIMELINE_RECORDS
    from umkm_ledger.funding.grant import BENEFICIARY_KINDS
    from umkm_ledger.funding.values import Instrument

    named = [("instrument", i.value) for i in Instrument]
    named += [("beneficiary", kind) for kind in BENEFICIARY_KINDS]
    named += [("record", kind) for kind in TIMELINE_RECORDS.values()]
    for namespace, value in named:
        assert Labels("en").named(namespace, value) == value
        assert Labels("id").named(namespace, value) != value, (namespace, value)
