"""People trained: for any trainings and completions, ``people_trained`` counts each person
once (however many trainings they completed), from their first completion."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.test_programs import DESA_A1, program, register
from tests.support import person
from umkm_ledger import Ledger

START = date(2016, 8, 1)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 3),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans()), max_size=12),
    st.integers(0, 40),
)
def test_a_person_trained_twice_counts_once(
    trainings: int, enrolments: list[tuple[int, int, bool]], as_of_days: int
) -> None:
    """``enrolments``: (person, training, completes) triples, some repeated."""
    with Ledger.open("memory://", actor="siti@officer") as ledger:
        program_id = program(ledger)
        ledger.define_indicator(
            program_id, "trained", kind="people_trained", title="Trained",
            effective_date="2016-01-04",
        )  # fmt: skip
        people = [person(60 + n, DESA_A1, female=n % 2 == 0) for n in range(4)]
        enterprises = [register(ledger, 60 + n, DESA_A1) for n in range(4)]
        days = [START + timedelta(days=10 * t) for t in range(trainings)]
        ids = [
            ledger.organise_training(
                f"Bimtek {t}", organiser="Kemenperin", venue="Palembang", region="16.10",
                days=[days[t]], topics=["produksi"], program_id=program_id,
                effective_date="2016-07-01",
            )
            for t in range(trainings)
        ]  # fmt: skip
        first_completed: dict[int, date] = {}
        for t in range(trainings):
            came = sorted({who for who, which, _ in enrolments if which % trainings == t})
            if not came:
                continue
            for who in came:
                ledger.register_participant(
                    ids[t], person=people[who], enterprise_id=enterprises[who],
                    effective_date="2016-07-20",
                )  # fmt: skip
            ledger.record_attendance(
                ids[t], present=[people[who]["nik"] for who in came], effective_date=days[t]
            )
            finishing = {who for who, which, completes in enrolments
                         if completes and which % trainings == t}  # fmt: skip
            for who in sorted(finishing):
                ledger.complete_training(ids[t], people[who]["nik"], effective_date=days[t])
                first_completed[who] = min(first_completed.get(who, days[t]), days[t])
        as_of = START + timedelta(days=as_of_days)
        expected = sum(1 for day in first_completed.values() if day <= as_of)
        trained = ledger.progress(program_id, as_of=as_of).indicator("trained")
        assert trained.actual == expected
