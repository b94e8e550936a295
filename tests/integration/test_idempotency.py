"""A command id names one command: resent unchanged it is answered with the first result;
sent with anything else that gives a command its meaning (its arguments, who sends it,
for which day, why) it is refused, naming what differs, and nothing is recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from tests.integration.test_ledger import events_recorded
from tests.integration.test_programs import program, register
from umkm_ledger import CommandIdReused, Ledger
from umkm_ledger.platform.receipts import CommandReceipt

LOOM = {"description": "alat tenun songket", "quantity": 2, "unit_value": "Rp3.000.000"}


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def checked_grant(ledger: Ledger) -> UUID:
    """A grant proposed by siti@officer and found eligible, ready for approval."""
    program_id = program(ledger)
    weaver = register(ledger, 1)
    ledger.enrol(program_id, weaver, effective_date="2016-03-01")
    ledger.register_funder("Dinkoperindag", source="APBD kabupaten", effective_date="2016-01-04")
    allocation = ledger.allocate(
        "Dinkoperindag", program_id, fiscal_year=2016, instrument="in-kind goods",
        amount="Rp50.000.000", effective_date="2016-01-05",
    )  # fmt: skip
    grant_id = ledger.propose_grant(
        allocation, weaver, items=[LOOM], justification="looms", effective_date="2016-12-01"
    )
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    return grant_id


@pytest.mark.parametrize(
    ("changed", "differs"),
    [
        ({"effective_date": "2016-12-06"}, "effective_date"),
        ({"actor": "rudi@kabid"}, "actor"),
        # The grant's own proposer, resending the approver's command id.
        ({"actor": "siti@officer"}, "actor"),
    ],
)
def test_an_approval_resent_with_another_envelope_is_refused_and_named(
    ledger: Ledger, changed: dict[str, str], differs: str
) -> None:
    grant_id = checked_grant(ledger)
    first = {"actor": "budi@kabid", "effective_date": "2016-12-05", "command_id": "sk-12"}
    assert ledger.approve_grant(grant_id, **first) == grant_id
    before = events_recorded(ledger)
    with pytest.raises(CommandIdReused) as refused:
        ledger.approve_grant(grant_id, **{**first, **changed})
    assert refused.value.differing == (differs,)
    assert differs in str(refused.value)
    assert events_recorded(ledger) == before
    # Resent unchanged: the first result, nothing new.
    assert ledger.approve_grant(grant_id, **first) == grant_id
    assert events_recorded(ledger) == before


def test_a_closure_resent_with_another_reason_is_refused(ledger: Ledger) -> None:
    weaver = register(ledger, 1)
    ledger.close_enterprise(weaver, reason="moved to Jakarta", command_id="close-7")
    before = events_recorded(ledger)
    with pytest.raises(CommandIdReused) as refused:
        ledger.close_enterprise(weaver, reason="died", command_id="close-7")
    assert refused.value.differing == ("reason",)
    assert events_recorded(ledger) == before
    assert ledger.close_enterprise(weaver, reason="moved to Jakarta", command_id="close-7")


def test_every_differing_part_is_named(ledger: Ledger) -> None:
    weaver = register(ledger, 1)
    ledger.report_sales(weaver, year=2016, amount="Rp90.000.000", command_id="omzet-1")
    with pytest.raises(CommandIdReused) as refused:
        ledger.report_sales(
            weaver, year=2015, amount="Rp95.000.000", command_id="omzet-1",
            actor="rudi@supervisor",
        )  # fmt: skip
    # No date given: the resend means the day of the first (see the next test).
    assert refused.value.differing == ("actor", "amount", "year")


def test_a_command_resent_without_a_date_means_the_day_it_was_first_recorded_for(
    ledger: Ledger,
) -> None:
    """A retry that names no date (the default, today) is the same command, also when
    the first attempt named one or today has moved on since."""
    weaver = register(ledger, 1)
    ledger.close_enterprise(
        weaver, reason="stopped", command_id="close-9", effective_date="2016-12-04"
    )
    before = events_recorded(ledger)
    assert ledger.close_enterprise(weaver, reason="stopped", command_id="close-9") == weaver
    assert events_recorded(ledger) == before
    assert ledger.enterprise(weaver).status.value == "closed"


def test_receipts_written_before_digests_were_kept_still_answer(ledger: Ledger) -> None:
    """A receipt of the first version (one digest of all arguments, no envelope) still
    answers a resend, and still refuses other arguments."""
    app = ledger.application
    weaver = register(ledger, 1)
    first = ledger.mark_dormant(weaver, effective_date="2016-12-01")
    arguments = {"command": "mark_dormant", "enterprise_id": weaver}
    legacy = {
        "originator_id": CommandReceipt.id_for("dormant-1"),
        "originator_version": 1,
        "timestamp": datetime.now(tz=UTC),
        "originator_topic": get_topic(CommandReceipt),
        "command_id": "dormant-1",
        "command": "mark_dormant",
        "fingerprint": hashlib.sha256(app.mapper.transcoder.encode(arguments)).hexdigest(),
        "result": first,
    }
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=CommandReceipt.id_for("dormant-1"),
                originator_version=1,
                topic=get_topic(CommandReceipt.Executed),
                state=app.mapper.transcoder.encode(legacy),
            )
        ]
    )
    other = register(ledger, 2)
    before = events_recorded(ledger)
    assert ledger.mark_dormant(weaver, command_id="dormant-1") == first
    with pytest.raises(CommandIdReused) as refused:
        ledger.mark_dormant(other, command_id="dormant-1")
    assert refused.value.differing == ("arguments",)
    assert events_recorded(ledger) == before
