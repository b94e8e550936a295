"""For any program history (registrations, enrolments repeated and refused, exits, funder
claims, date corrections, merges) with an opening balance for one kecamatan, and for any
DHIS2 period type and day: the DHIS2 data values add up to the progress report, in
total, per kecamatan and per sex. Cutting the figures per period never counts an
enterprise twice or drops one."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties.test_progress_properties import END, START, Steps, opened, play
from tests.strategies import dates_between, program_steps
from umkm_ledger import Dhis2Mapping

_TYPES = ("Yearly", "Quarterly", "Monthly", "SixMonthly", "FinancialApril", "Weekly")
_SEXES = {"PEREMPUAN": "F", "LAKI_LAKI": "M", "TANPA": "(not disaggregated)"}


def _mapping(period_type: str) -> Dhis2Mapping:
    return Dhis2Mapping.from_mapping(
        {
            "period_type": period_type,
            "org_units": {"level": "kecamatan"},
            "category_option_combos": {
                "gender": {"F": "PEREMPUAN", "M": "LAKI_LAKI", "not_disaggregated": "TANPA"},
            },
            "indicators": {"new": {"actual": "BINAAN", "by": "gender"}},
        }
    )


@settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60,
    derandomize=False,
)  # fmt: skip
@given(
    program_steps(),
    st.sampled_from(_TYPES),
    dates_between(date(2015, 6, 1), date(2021, 12, 31)),
    st.integers(0, 500),
    dates_between(START, END),
)
def test_the_data_values_add_up_to_the_progress_report(
    steps: Steps, period_type: str, as_of: date, balance: int, counted_on: date
) -> None:
    with opened("memory") as ledger:
        program = play(ledger, steps)
        ledger.record_opening_balance(
            program, "new", value=balance, counted_on=counted_on, area="16.10.05",
            source_document="hitungan kecamatan",
        )  # fmt: skip
        payload = ledger.dhis2(program, _mapping(period_type), as_of=as_of).as_json()
        by_area: dict[str, int] = defaultdict(int)
        by_sex: dict[str, int] = defaultdict(int)
        for value in payload["dataValues"]:
            by_area[value["orgUnit"]] += int(value["value"])
            by_sex[_SEXES[value["categoryOptionCombo"]]] += int(value["value"])
        per_kecamatan = ledger.progress(program, as_of=as_of, by="kecamatan").indicator("new")
        per_sex = ledger.progress(program, as_of=as_of, by="gender").indicator("new")
        assert sum(by_area.values()) == per_kecamatan.actual
        assert _nonzero(by_area) == {r.key: r.actual for r in per_kecamatan.rows if r.actual}
        assert _nonzero(by_sex) == {r.key: r.actual for r in per_sex.rows if r.actual}


def _nonzero(sums: dict[str, int]) -> dict[str, int]:
    return {key: total for key, total in sums.items() if total}
