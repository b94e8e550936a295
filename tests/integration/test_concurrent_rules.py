"""Rules that read more than the record they write hold when commands run at once.

Each test sets up a few rounds; in each round, worker processes (each with its own
ledger, as the PHP workers of a district web application would have) send commands at
the same moment that only one order of events can make both valid. Whatever the
interleaving, the log must read as if the commands had run one after the other: a
rule is never found broken by what was recorded.

On the code before read sets (infrastructure/reads.py) these failed in most rounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from tests.crowd import Crowd, Outcome
from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import Ledger
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.funding.grant import Grant
from umkm_ledger.programs.enrolment import Enrolment

pytestmark = pytest.mark.slow

ROUNDS = 4
WORKERS = 4
LOOM = {"description": "alat tenun songket", "quantity": 2, "unit_value": "Rp3.000.000"}


@pytest.fixture
def crowd(ledger_url: str) -> Iterator[Crowd]:
    with Ledger.open(ledger_url) as ledger:
        # The tables and views are made before the workers start (several processes
        # opening a new ledger at once is tested on its own).
        ledger.catch_up()
    with Crowd(ledger_url, WORKERS) as workers:
        yield workers


# -- actions the workers run (module level: sent to other processes) --------------------


def approve(ledger: Ledger, grant_id: UUID) -> UUID:
    return ledger.approve_grant(grant_id, actor="budi@kabid", effective_date="2016-12-05")


def close_enterprise(ledger: Ledger, enterprise_id: UUID) -> UUID:
    return ledger.close_enterprise(
        enterprise_id, reason="stopped trading", effective_date="2016-12-04"
    )


def exit_program(ledger: Ledger, program_id: UUID, enterprise_id: UUID) -> UUID:
    return ledger.exit_program(
        program_id, enterprise_id, reason="moved away", effective_date="2016-12-04"
    )


def dissolve(ledger: Ledger, group_id: UUID) -> UUID:
    return ledger.dissolve_group(group_id, reason="members left", effective_date="2016-12-04")


def enrol(ledger: Ledger, program_id: UUID, enterprise_id: UUID, day: str) -> UUID:
    return ledger.enrol(program_id, enterprise_id, effective_date=day)


def close_program(ledger: Ledger, program_id: UUID, day: str) -> UUID:
    return ledger.close_program(program_id, effective_date=day)


def move_start(ledger: Ledger, program_id: UUID, version: int, day: str) -> UUID:
    return ledger.correct(
        program_id, version=version, changes={"effective_date": day}, reason="started later"
    )


def hand_over(ledger: Ledger, grant_id: UUID, bast: str) -> UUID:
    return ledger.hand_over(
        grant_id, bast_number=bast, place="Inderalaya", items={"alat tenun songket": 1},
        effective_date="2016-12-10",
    )  # fmt: skip


# -- set-up ---------------------------------------------------------------------------


class Serials:
    """Fresh owners for every enterprise of a test (no suspected duplicates)."""

    def __init__(self) -> None:
        self.next = 0

    def enterprise(self, ledger: Ledger) -> UUID:
        self.next += 1
        return register(ledger, self.next, DESA_A1)


def funded_program(ledger: Ledger, funders: int = 1) -> tuple[UUID, list[UUID]]:
    """A running program with ``funders`` posted in-kind allocations for 2016."""
    program_id = program(ledger)
    allocations = []
    for number in range(funders):
        name = f"Funder {number}"
        ledger.register_funder(name, source="private CSR", effective_date="2016-01-04")
        allocations.append(
            ledger.allocate(
                name, program_id, fiscal_year=2016, instrument="in-kind goods",
                amount="Rp50.000.000", effective_date="2016-01-05",
            )
        )  # fmt: skip
    return program_id, allocations


def checked_grant(ledger: Ledger, allocation_id: UUID, beneficiary: UUID) -> UUID:
    grant_id = ledger.propose_grant(
        allocation_id, beneficiary, items=[LOOM], justification="looms for weavers",
        effective_date="2016-12-01",
    )  # fmt: skip
    ledger.check_eligibility(grant_id, effective_date="2016-12-02")
    return grant_id


def position(ledger: Ledger, record_id: UUID, event: type[Any]) -> int | None:
    """The log position of ``record_id``'s first ``event`` (None: there is none)."""
    recorder = ledger.application.recorder
    start = 1
    while batch := recorder.select_notifications(start, 500, topics=[get_topic(event)]):
        for notification in batch:
            if UUID(str(notification.originator_id)) == record_id:
                return notification.id
        start = batch[-1].id + 1
    return None


def errors(outcomes: list[Outcome]) -> set[str | None]:
    return {o.error for o in outcomes if not o.ok}


# -- the rules ---------------------------------------------------------------------------


def test_the_same_item_goes_to_a_beneficiary_once_a_year(ledger_url: str, crowd: Crowd) -> None:
    """GrantNotEligible: not the same kind of item twice from a program in a fiscal year,
    even when grants on several allocations are approved at the same moment."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            program_id, allocations = funded_program(ledger, funders=WORKERS)
            weaver = serials.enterprise(ledger)
            ledger.enrol(program_id, weaver, effective_date="2016-03-01")
            grants = [checked_grant(ledger, a, weaver) for a in allocations]
            outcomes = crowd.run([(approve, (g,)) for g in grants])
            assert sum(o.ok for o in outcomes) == 1, outcomes
            assert errors(outcomes) == {"GrantNotEligible"}, outcomes


def test_no_grant_is_approved_for_an_enterprise_closed_first(ledger_url: str, crowd: Crowd) -> None:
    """GrantNotEligible: an approval for an enterprise that closed (effective before the
    approval) is refused, also when the closing is recorded at the same moment."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            program_id, (allocation,) = funded_program(ledger)
            pairs = []
            for _ in range(WORKERS // 2):
                weaver = serials.enterprise(ledger)
                ledger.enrol(program_id, weaver, effective_date="2016-03-01")
                pairs.append((weaver, checked_grant(ledger, allocation, weaver)))
            outcomes = crowd.run(
                [a for w, g in pairs for a in ((approve, (g,)), (close_enterprise, (w,)))]
            )
            for (weaver, grant_id), (approval, closing) in zip(
                pairs, zip(outcomes[::2], outcomes[1::2], strict=True), strict=True
            ):
                assert closing.ok, closing
                if approval.ok:
                    approved = position(ledger, grant_id, Grant.Approved)
                    closed = position(ledger, weaver, Enterprise.StatusChanged)
                    assert approved is not None
                    assert closed is not None
                    assert approved < closed, "approved for an enterprise already closed"
                else:
                    assert approval.error == "GrantNotEligible", approval


def test_no_grant_is_approved_for_a_binaan_that_left_or_a_dissolved_group(
    ledger_url: str, crowd: Crowd
) -> None:
    """GrantNotEligible: the beneficiary is binaan of the program (a group: active, with a
    binaan member) on the approval's day, also when it changes at the same moment."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            program_id, (allocation,) = funded_program(ledger)
            weaver = serials.enterprise(ledger)
            ledger.enrol(program_id, weaver, effective_date="2016-03-01")
            member = serials.enterprise(ledger)
            ledger.enrol(program_id, member, effective_date="2016-03-01")
            group = ledger.form_group(
                "KUB Songket", kind="KUB", region="16.10", founded_on="2015-01-01",
                effective_date="2016-02-01",
            )  # fmt: skip
            ledger.add_group_member(group, member, effective_date="2016-02-01")
            to_weaver = checked_grant(ledger, allocation, weaver)
            to_group = checked_grant(ledger, allocation, group)
            outcomes = crowd.run(
                [
                    (approve, (to_weaver,)),
                    (exit_program, (program_id, weaver)),
                    (approve, (to_group,)),
                    (dissolve, (group,)),
                ]
            )
            assert outcomes[1].ok, outcomes
            assert outcomes[3].ok, outcomes
            for grant_id, record, event, outcome in (
                (to_weaver, Enrolment.id_for(program_id, weaver), Enrolment.Exited,
                 outcomes[0]),
                (to_group, group, BusinessGroup.Dissolved, outcomes[2]),
            ):  # fmt: skip
                if outcome.ok:
                    approved = position(ledger, grant_id, Grant.Approved)
                    changed = position(ledger, record, event)
                    assert approved is not None
                    assert changed is not None
                    assert approved < changed, f"approved after {event.__name__}"
                else:
                    assert outcome.error == "GrantNotEligible", outcome


def test_no_enrolment_is_dated_after_its_program_closed(ledger_url: str, crowd: Crowd) -> None:
    """EnrolmentOutsideProgramTime / ProgramDatesOutOfOrder: an enrolment lies between
    the program's start and close, whichever of enrolling and closing comes first."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            pairs = []
            for _ in range(WORKERS // 2):
                pairs.append((program(ledger), serials.enterprise(ledger)))
            outcomes = crowd.run(
                [
                    action
                    for program_id, weaver in pairs
                    for action in (
                        (enrol, (program_id, weaver, "2016-06-02")),
                        (close_program, (program_id, "2016-06-01")),
                    )
                ]
            )
            for enrolling, closing in zip(outcomes[::2], outcomes[1::2], strict=True):
                assert enrolling.ok != closing.ok, (enrolling, closing)
                assert errors([enrolling, closing]) <= {
                    "EnrolmentOutsideProgramTime", "ProgramDatesOutOfOrder",
                }, (enrolling, closing)  # fmt: skip
            for program_id, _weaver in pairs:
                closed_on = ledger.program(program_id).closed_on
                for binaan in ledger.binaan(program_id, as_of="2016-12-31"):
                    enrolled_on = ledger.enrolment(program_id, binaan).enrolled_on
                    assert closed_on is None or enrolled_on <= closed_on


def test_a_program_start_moved_past_an_enrolment_is_refused(ledger_url: str, crowd: Crowd) -> None:
    """ProgramDatesOutOfOrder: correcting a program's start to after an enrolment is
    refused, also when the enrolment is recorded at the same moment."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            pairs = [(program(ledger), serials.enterprise(ledger)) for _ in range(WORKERS // 2)]
            started = {
                p: next(r.version for r in ledger.history(p) if r.kind == "StatusChanged")
                for p, _ in pairs
            }
            outcomes = crowd.run(
                [
                    action
                    for program_id, weaver in pairs
                    for action in (
                        (enrol, (program_id, weaver, "2016-03-01")),
                        (move_start, (program_id, started[program_id], "2016-04-01")),
                    )
                ]
            )
            for enrolling, moving in zip(outcomes[::2], outcomes[1::2], strict=True):
                assert enrolling.ok != moving.ok, (enrolling, moving)
            for program_id, weaver in pairs:
                view = ledger.program(program_id)
                enrolment = ledger.application.find(Enrolment, Enrolment.id_for(program_id, weaver))
                if enrolment is not None:
                    assert view.started_on is not None
                    assert view.started_on <= date(2016, 3, 1)


def test_a_bast_number_records_one_handover(ledger_url: str, crowd: Crowd) -> None:
    """BastNumberAlreadyUsed: a BAST number is used once, also when two handovers with
    it are recorded at the same moment."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for round_number in range(ROUNDS):
            program_id, (allocation,) = funded_program(ledger)
            grants = []
            for _ in range(WORKERS):
                weaver = serials.enterprise(ledger)
                ledger.enrol(program_id, weaver, effective_date="2016-03-01")
                grant_id = checked_grant(ledger, allocation, weaver)
                approve(ledger, grant_id)
                grants.append(grant_id)
            bast = f"0{round_number}/BAST/XII/2016"
            outcomes = crowd.run([(hand_over, (g, bast)) for g in grants])
            assert sum(o.ok for o in outcomes) == 1, outcomes
            assert errors(outcomes) == {"BastNumberAlreadyUsed"}, outcomes


def test_the_command_that_read_a_record_reads_it_again_when_it_changed(
    ledger_url: str, crowd: Crowd
) -> None:
    """Every record a command's rules read is part of its optimistic check: an enrolment
    (which reads the enterprise) never follows its enterprise's closing in the log."""
    serials = Serials()
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        for _ in range(ROUNDS):
            program_id = program(ledger)
            weavers = [serials.enterprise(ledger) for _ in range(WORKERS // 2)]
            outcomes = crowd.run(
                [
                    a
                    for w in weavers
                    for a in ((enrol, (program_id, w, "2016-12-05")), (close_enterprise, (w,)))
                ]
            )
            for weaver, enrolling in zip(weavers, outcomes[::2], strict=True):
                if enrolling.ok:
                    enrolled = position(
                        ledger, Enrolment.id_for(program_id, weaver), Enrolment.Enrolled
                    )
                    closed = position(ledger, weaver, Enterprise.StatusChanged)
                    assert enrolled is not None
                    assert closed is not None
                    assert enrolled < closed
                else:
                    assert enrolling.error == "EnterpriseNotEnrollable", enrolling
