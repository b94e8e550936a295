"""Programs, enrolments and progress on each backend (SQLite and a real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from tests.integration.test_ledger import at_once
from tests.support import person
from umkm_ledger import (
    CommandIdReused,
    EnrolmentDatesOutOfOrder,
    EnrolmentOutsideProgramTime,
    EnterpriseNotEnrollable,
    IllegalTransition,
    IndicatorNotDefined,
    InvalidValue,
    Ledger,
    NotFound,
    OutsideProgramScope,
    ProgramDatesOutOfOrder,
    TargetOutsideProgramPeriod,
    TargetsOverlap,
    UnknownIndicatorKind,
)
from umkm_ledger.platform.view_store import ViewStore
from umkm_ledger.programs.view import ProgressView

KEC_A = "16.10.08"  # two kecamatan of Ogan Ilir
KEC_B = "16.10.05"
DESA_A1, DESA_A2, DESA_B1 = f"{KEC_A}.2003", f"{KEC_A}.2004", f"{KEC_B}.2012"
OUTSIDE = "16.09.14.2006"  # OKU Timur


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def register(ledger: Ledger, serial: int, desa: str = DESA_A1, **fields: Any) -> UUID:
    owner = person(serial, desa, born=fields.pop("born", date(1985, 3, 4)),
                   female=fields.pop("female", False))  # fmt: skip
    return ledger.register_enterprise(
        f"Usaha {serial}",
        owners=[owner],
        desa=desa,
        sector=fields.pop("sector", "13121"),
        founded_on="2010-01-01",
        effective_date=fields.pop("effective_date", "2016-02-01"),
        **fields,
    )


def program(ledger: Ledger, **fields: Any) -> UUID:
    program_id = ledger.plan_program(
        "Pengembangan 1000 Wirausaha UMKM",
        agency="Diskoperindag Ogan Ilir",
        scope=fields.pop("scope", ["16.10"]),
        period=fields.pop("period", "2016-01-01..2020-12-31"),
        effective_date="2016-01-04",
    )
    ledger.start_program(program_id, effective_date="2016-01-04")
    ledger.define_indicator(
        program_id, "new_binaan", kind="binaan_enrolled", title="New binaan",
        effective_date="2016-01-04",
    )  # fmt: skip
    ledger.set_target(
        program_id, "new_binaan", value=1000, periods="2016-01-01..2020-12-31",
        effective_date="2016-01-04",
    )  # fmt: skip
    return program_id


def new_binaan(ledger: Ledger, program_id: UUID, **query: Any) -> Any:
    return ledger.progress(program_id, **query).indicator("new_binaan")


def test_enrolment_counts_once_and_reads_follow_writes(ledger: Ledger) -> None:
    program_id = program(ledger)
    first = register(ledger, 1)
    enrolment = ledger.enrol(program_id, first, effective_date="2016-03-01")
    assert new_binaan(ledger, program_id).actual == 1
    assert ledger.enrol(program_id, first, effective_date="2016-04-01") == enrolment
    events = ledger.log_end()
    assert ledger.enrol(program_id, first) == enrolment
    assert ledger.log_end() == events  # nothing recorded
    assert new_binaan(ledger, program_id).actual == 1
    view = ledger.enrolment(program_id, first)
    assert (view.enrolled_on, view.status.value) == (date(2016, 3, 1), "enrolled")
    assert ledger.binaan(program_id) == [first]


def test_an_enterprise_may_be_binaan_of_several_programs(ledger: Ledger) -> None:
    one, two = program(ledger), program(ledger)
    enterprise = register(ledger, 1)
    ledger.enrol(one, enterprise, effective_date="2016-03-01")
    ledger.enrol(two, enterprise, effective_date="2016-03-02")
    assert new_binaan(ledger, one).actual == new_binaan(ledger, two).actual == 1


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        ("outside", OutsideProgramScope),
        ("closed", EnterpriseNotEnrollable),
        ("merged", EnterpriseNotEnrollable),
        ("before_start", EnrolmentOutsideProgramTime),
        ("after_close", EnrolmentOutsideProgramTime),
        ("planned", IllegalTransition),
    ],
)
def test_refused_enrolments_record_nothing(ledger: Ledger, setup: str, error: type) -> None:
    program_id = program(ledger)
    enterprise = register(ledger, 1, desa=OUTSIDE if setup == "outside" else DESA_A1)
    when = "2016-03-01"
    if setup == "closed":
        ledger.close_enterprise(enterprise, reason="stopped trading", effective_date="2016-02-20")
    elif setup == "merged":
        duplicate = register(ledger, 1)  # the same owner again: a suspected duplicate
        ledger.merge_duplicate(duplicate, into=enterprise, reason="same", effective_date=when)
        enterprise = duplicate
    elif setup == "before_start":
        when = "2015-12-31"
    elif setup == "after_close":
        ledger.close_program(program_id, effective_date="2020-12-31")
        when = "2021-01-04"
    elif setup == "planned":
        program_id = ledger.plan_program(
            "Later", agency="Dinas", scope=["16.10"], period="2016", effective_date="2016-01-04"
        )
    events = ledger.log_end()
    with pytest.raises(error):
        ledger.enrol(program_id, enterprise, effective_date=when)
    assert ledger.log_end() == events
    with pytest.raises(NotFound):
        ledger.enrolment(program_id, enterprise)


def test_bad_program_input_is_refused_with_the_field(ledger: Ledger) -> None:
    program_id = program(ledger)
    events = ledger.log_end()
    with pytest.raises(UnknownIndicatorKind):
        ledger.define_indicator(program_id, "x", kind="no_such_kind", title="X")
    with pytest.raises(InvalidValue, match="population"):
        ledger.define_indicator(program_id, "reg", kind="registered_enterprises", title="R")
    with pytest.raises(IndicatorNotDefined):
        ledger.set_target(program_id, "nib", value=5, periods="2017")
    with pytest.raises(InvalidValue) as raised:
        ledger.set_target(program_id, "new_binaan", value=5, periods="2017-Q7")
    assert raised.value.field.startswith("periods")
    with pytest.raises(InvalidValue) as raised:
        ledger.plan_program("P", agency="A", scope=["16.1"], period="2017")
    assert raised.value.field == "scope[0]"
    assert ledger.log_end() == events


def test_opening_balance_counts_once_with_later_enrolments(ledger: Ledger) -> None:
    program_id = program(ledger)
    early, late = register(ledger, 1), register(ledger, 2)
    ledger.enrol(program_id, early, effective_date="2016-06-01")  # already in the 654
    ledger.record_opening_balance(
        program_id, "new_binaan", value=654, counted_on="2016-12-16",
        source_document="Laporan Diskoperindag 16 Dec 2016",
    )  # fmt: skip
    ledger.enrol(program_id, late, effective_date="2017-01-10")
    result = new_binaan(ledger, program_id, as_of="2020-12-31")
    assert (result.opening_balance, result.actual, result.target) == (654, 655, 1000)
    assert result.percent == 65.5
    assert new_binaan(ledger, program_id, as_of="2016-12-15").actual == 1
    assert new_binaan(ledger, program_id, as_of="2016-12-16").actual == 654


def test_as_of_counts_facts_recorded_later_but_dated_by_then(ledger: Ledger) -> None:
    program_id = program(ledger)
    for serial, when in enumerate(["2017-05-01", "2019-12-31", "2020-01-01"], start=1):
        ledger.enrol(program_id, register(ledger, serial), effective_date=when)
    assert new_binaan(ledger, program_id, as_of="2019-12-31").actual == 2
    assert new_binaan(ledger, program_id, as_of="2017-04-30").actual == 0


def test_breakdowns_by_region_gender_youth_sector_and_size(ledger: Ledger) -> None:
    program_id = program(ledger)
    people = [
        (1, DESA_A1, True, date(1990, 1, 1), "13121"),
        (2, DESA_A2, False, date(1970, 1, 1), "10792"),
        (3, DESA_B1, True, date(1995, 1, 1), "47111"),
    ]
    for serial, desa, female, born, sector in people:
        enterprise = register(ledger, serial, desa, female=female, born=born, sector=sector)
        ledger.enrol(program_id, enterprise, effective_date="2017-01-01")
        if serial == 1:
            ledger.report_sales(enterprise, year=2016, amount="Rp400.000.000")

    def rows(by: str) -> dict[str, float]:
        found = new_binaan(ledger, program_id, by=by).rows
        return {row.key: row.actual for row in found}

    assert rows("kecamatan") == {KEC_A: 2, KEC_B: 1}
    assert rows("desa") == {DESA_A1: 1, DESA_A2: 1, DESA_B1: 1}
    assert rows("kabupaten") == {"16.10": 3}
    assert rows("gender") == {"F": 2, "M": 1}
    assert rows("youth") == {"youth": 2, "not youth": 1}
    assert rows("sector") == {"C": 2, "G": 1}
    assert rows("size_class") == {"kecil": 1, "(unknown)": 2}


def test_a_per_desa_quota_rolls_up_to_kecamatan(ledger: Ledger) -> None:
    program_id = ledger.plan_program(
        "Wirausaha Muda", agency="Diskop Sulsel", scope=[DESA_A1, DESA_A2, DESA_B1],
        period="2014-01-01..2018-12-31", effective_date="2014-01-02",
    )  # fmt: skip
    ledger.start_program(program_id, effective_date="2014-01-02")
    ledger.define_indicator(program_id, "young", kind="binaan_enrolled", title="Young")
    ledger.set_target(
        program_id, "young", value=20, periods="2014..2018", per_area="desa",
        areas=[DESA_A1, DESA_A2, DESA_B1],
    )  # fmt: skip
    for serial, (desa, year) in enumerate(
        [(DESA_A1, 2014), (DESA_A1, 2015), (DESA_A2, 2014), (DESA_B1, 2016)], start=1
    ):
        enterprise = register(ledger, serial, desa, effective_date=f"{year}-02-01")
        ledger.enrol(program_id, enterprise, effective_date=f"{year}-03-01")
    young = ledger.progress(program_id, as_of="2018-12-31", by="kecamatan").indicator("young")
    assert (young.actual, young.target) == (4, 300)
    assert {r.key: (r.actual, r.target) for r in young.rows} == {KEC_A: (3, 200), KEC_B: (1, 100)}
    cells = {(c.period.label, str(c.area)): (c.actual, c.target) for c in young.cells}
    assert cells[("2014", KEC_A)] == (2, 40)
    assert cells[("2016", KEC_B)] == (1, 20)
    assert len(cells) == 5 * 2
    per_desa = ledger.progress(program_id, as_of="2018-12-31").indicator("young").cells
    assert len(per_desa) == 5 * 3


def test_funders_show_attributed_and_deduplicated_totals(ledger: Ledger) -> None:
    program_id = program(ledger)
    both, one, none = register(ledger, 1), register(ledger, 2), register(ledger, 3)
    ledger.enrol(program_id, both, funders=["APBD Sulsel", "APBN"], effective_date="2016-05-01")
    ledger.enrol(program_id, one, funders=["APBD Sulsel"], effective_date="2016-05-01")
    ledger.enrol(program_id, none, effective_date="2016-05-01")
    ledger.claim_attribution(program_id, none, funder="CSR Bank", effective_date="2017-01-01")
    result = new_binaan(ledger, program_id, by="funder", as_of="2016-12-31")
    assert {r.key: r.actual for r in result.rows} == {
        "APBD Sulsel": 2,
        "APBN": 1,
        "(no funder)": 1,
    }
    assert (result.actual, result.details["attributed_total"]) == (3, 3)
    later = new_binaan(ledger, program_id, by="funder", as_of="2017-12-31")
    assert later.details["attributed_total"] == 4
    assert later.actual == 3


def test_a_merged_duplicate_counts_as_its_survivor(ledger: Ledger) -> None:
    program_id = program(ledger)
    survivor, duplicate = register(ledger, 1), register(ledger, 1)  # same owner: flagged
    ledger.enrol(program_id, survivor, effective_date="2016-05-01")
    ledger.enrol(program_id, duplicate, effective_date="2016-05-02")
    assert new_binaan(ledger, program_id).actual == 2
    ledger.merge_duplicate(duplicate, into=survivor, reason="same business")
    assert new_binaan(ledger, program_id).actual == 1


def test_corrections_and_exits_are_reflected(ledger: Ledger) -> None:
    program_id = program(ledger)
    enterprise = register(ledger, 1)
    ledger.enrol(program_id, enterprise, effective_date="2018-05-01")
    ledger.correct(
        ledger.enrolment(program_id, enterprise).id,
        version=1,
        changes={"effective_date": "2017-05-01"},
        reason="enrolment form dated 2017",
    )
    assert new_binaan(ledger, program_id, as_of="2017-12-31").actual == 1
    ledger.exit_program(program_id, enterprise, reason="moved to Palembang")
    assert ledger.binaan(program_id) == []
    assert ledger.binaan(program_id, as_of="2017-12-31") == [enterprise]
    assert new_binaan(ledger, program_id).actual == 1  # enrolled once, exit or not


def test_resent_enrolment_command_returns_the_first_result(ledger: Ledger) -> None:
    program_id = program(ledger)
    a, b = register(ledger, 1), register(ledger, 2)
    first = ledger.enrol(program_id, a, command_id="enrol-1", effective_date="2016-05-01")
    assert ledger.enrol(program_id, a, command_id="enrol-1", effective_date="2016-05-01") == first
    with pytest.raises(CommandIdReused):
        ledger.enrol(program_id, b, command_id="enrol-1", effective_date="2016-05-01")


def test_concurrent_enrolments_of_one_enterprise_make_one_enrolment(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        program_id = program(ledger)
        enterprise = register(ledger, 1)
    results, failures = at_once(
        ledger_url, [lambda own: own.enrol(program_id, enterprise, effective_date="2016-05-01")] * 4
    )
    assert failures == []
    assert len(set(results)) == 1
    with Ledger.open(ledger_url) as ledger:
        assert ledger.progress(program_id).indicator("new_binaan").actual == 1
        (enrolment,) = set(results)
        assert isinstance(enrolment, UUID)
        assert ledger.history(enrolment)[-1].version == 1


def test_a_rebuilt_view_equals_the_live_one(ledger: Ledger) -> None:
    program_id = program(ledger)
    for serial in range(1, 8):
        enterprise = register(ledger, serial, DESA_B1 if serial % 2 else DESA_A1)
        ledger.enrol(program_id, enterprise, funders=["APBN"] if serial % 3 else [])
        ledger.report_sales(enterprise, year=2016, amount=50_000_000 * serial)
    ledger.correct(
        ledger.enrolment(program_id, enterprise).id, version=1,
        changes={"funders": ("CSR",)}, reason="CSR paid for it",
    )  # fmt: skip
    store = ledger._views()
    live = store.dump(store.ready("progress"))
    before = ledger.progress(program_id, by="funder")
    ledger.rebuild("progress")
    rebuilt_slot = store.ready("progress")
    assert rebuilt_slot.generation == 2
    assert store.dump(rebuilt_slot) == live
    assert ledger.progress(program_id, by="funder") == before


def test_progress_of_an_unknown_program_is_not_found(ledger: Ledger) -> None:
    with pytest.raises(NotFound):
        ledger.progress("6b1a2f0e-1111-4a5b-9c3d-2e4f5a6b7c8d")
    with pytest.raises(InvalidValue):
        ledger.progress(program(ledger), by="religion")


def test_a_new_view_version_builds_beside_the_old_one_which_keeps_answering(
    ledger: Ledger,
) -> None:
    program_id = program(ledger)
    for serial in range(1, 4):
        ledger.enrol(program_id, register(ledger, serial), effective_date="2016-05-01")
    old_store = ledger._views()
    old_slot = old_store.ready("progress")

    class NewLogic(ProgressView):
        version = ProgressView.version + 1

    new_store = ViewStore(ledger.application, [NewLogic()])
    answers: list[float] = []

    def meanwhile(_view: str, _position: int, _end: int) -> None:
        # The new version is being built; queries read the old one, still active.
        assert old_store.active_slot("progress") == old_slot
        answers.append(new_binaan(ledger, program_id).actual)

    new_slot = new_store.ready("progress", on_page=meanwhile)
    assert answers == [3]
    assert new_slot.version == old_slot.version + 1
    assert new_store.active_slot("progress") == new_slot
    assert new_store.dump(new_slot) == old_store.dump(old_store.ready("progress"))
    assert new_binaan(ledger, program_id).actual == 3


def test_programs_claiming_the_same_binaan_show_attributed_and_deduplicated_totals(
    ledger: Ledger,
) -> None:
    province, district = program(ledger), program(ledger)
    shared, only_province = register(ledger, 1), register(ledger, 2)
    ledger.enrol(province, shared, effective_date="2016-05-01")
    ledger.enrol(district, shared, effective_date="2016-06-01")
    ledger.enrol(province, only_province, effective_date="2016-07-01")
    overlap = ledger.overlap([province, district], as_of="2016-12-31")
    assert overlap.per_program == {str(province): 2, str(district): 1}
    assert (overlap.attributed_total, overlap.deduplicated_total) == (3, 2)
    assert ledger.overlap([province, district], as_of="2016-05-31").deduplicated_total == 1


def test_a_duplicate_merged_after_a_balance_is_not_new_binaan_again(ledger: Ledger) -> None:
    program_id = program(ledger)
    survivor, duplicate = register(ledger, 1), register(ledger, 1)  # same owner: flagged
    ledger.enrol(program_id, survivor, effective_date="2016-05-01")  # in the balance
    ledger.record_opening_balance(
        program_id, "new_binaan", value=654, counted_on="2016-12-16",
        source_document="Laporan Diskoperindag 2016",
    )  # fmt: skip
    ledger.enrol(program_id, duplicate, effective_date="2017-03-01")
    assert new_binaan(ledger, program_id).actual == 655
    ledger.merge_duplicate(duplicate, into=survivor, reason="same business")
    assert new_binaan(ledger, program_id).actual == 654  # its survivor was counted in 2016
    assert sum(c.actual for c in new_binaan(ledger, program_id).cells) == 654


def test_a_balance_for_one_kecamatan_does_not_cut_off_another(ledger: Ledger) -> None:
    program_id = program(ledger)
    in_a, in_b = register(ledger, 1, desa=DESA_A1), register(ledger, 2, desa=DESA_B1)
    ledger.enrol(program_id, in_a, effective_date="2016-06-01")  # counted in A's balance
    ledger.enrol(program_id, in_b, effective_date="2016-06-01")  # B's balance is older
    for area, counted_on, value in [(KEC_A, "2016-12-16", 40), (KEC_B, "2016-03-01", 30)]:
        ledger.record_opening_balance(
            program_id, "new_binaan", value=value, counted_on=counted_on, area=area,
            source_document=f"Rekap kecamatan {area}",
        )  # fmt: skip
    result = new_binaan(ledger, program_id, by="kecamatan")
    assert result.actual == 40 + 30 + 1
    assert {r.key: r.actual for r in result.rows} == {KEC_A: 40, KEC_B: 31}


def test_sales_growth_uses_the_latest_year_not_the_latest_report(ledger: Ledger) -> None:
    program_id = program(ledger)
    ledger.define_indicator(
        program_id, "growth", kind="sales_growth", title="Sales growth",
        parameters={"baseline_year": 2016}, effective_date="2016-01-04",
    )  # fmt: skip
    enterprise = register(ledger, 1)
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    ledger.report_sales(enterprise, year=2016, amount="100 juta", effective_date="2017-01-10")
    ledger.report_sales(enterprise, year=2018, amount="150 juta", effective_date="2019-01-10")
    # The 2017 book turns up late: it is not the latest year.
    ledger.report_sales(enterprise, year=2017, amount="120 juta", effective_date="2019-06-01")
    growth = ledger.progress(program_id, as_of="2019-12-31").indicator("growth")
    assert growth.actual == 50.0
    assert growth.details["total_percent"] == 50.0


def test_naik_kelas_moves_with_a_corrected_report_date(ledger: Ledger) -> None:
    program_id = program(ledger)
    ledger.define_indicator(
        program_id, "naik_kelas", kind="moved_up_size_class", title="Naik kelas",
        effective_date="2016-01-04",
    )  # fmt: skip
    enterprise = register(ledger, 1)
    ledger.report_sales(enterprise, year=2015, amount="250 juta", effective_date="2016-02-01")
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    ledger.report_sales(enterprise, year=2019, amount="2,5 miliar", effective_date="2020-02-10")
    naik_kelas = [e for e in ledger.history(enterprise) if e.kind == "Reclassified"][-1]
    report = naik_kelas.version - 1
    assert ledger.progress(program_id, as_of="2019-12-31").indicator("naik_kelas").actual == 0
    ledger.correct(
        enterprise, version=report, changes={"effective_date": "2019-12-31"},
        reason="the report was dated on the day it was typed in",
    )  # fmt: skip
    assert ledger.progress(program_id, as_of="2019-12-31").indicator("naik_kelas").actual == 1


def test_a_region_code_edition_is_kept_by_the_view(ledger: Ledger) -> None:
    from umkm_ledger.programs.progress import Facts

    program_id = program(ledger)
    enterprise = register(ledger, 1)
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    (enrolment,) = Facts(ledger._views()).enrolments(program_id)
    assert enrolment.enterprise.desa == ledger.enterprise(enterprise).address.desa


def test_program_facts_are_corrected_from_primitive_forms_and_checked(ledger: Ledger) -> None:
    program_id = program(ledger)
    enterprise = register(ledger, 1)
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    ledger.correct(
        program_id, version=1, changes={"scope": ["16.10", "16.09"]}, reason="SK revised"
    )
    assert [str(r) for r in ledger.program(program_id).scope] == ["16.10", "16.09"]
    events = ledger.log_end()
    with pytest.raises(TargetOutsideProgramPeriod):
        ledger.correct(
            program_id, version=1, changes={"period": "2016-01-01..2018-12-31"}, reason="shorter"
        )
    with pytest.raises(UnknownIndicatorKind):
        ledger.correct(
            program_id, version=3, changes={"indicator": {"kind": "no_such_kind"}}, reason="x"
        )
    with pytest.raises(ProgramDatesOutOfOrder, match="enrolled on 2016-03-01"):
        ledger.correct(
            program_id, version=2, changes={"effective_date": "2016-04-01"}, reason="late start"
        )
    enrolment = ledger.enrolment(program_id, enterprise).id
    with pytest.raises(EnrolmentOutsideProgramTime):
        ledger.correct(enrolment, version=1, changes={"effective_date": "2015-12-01"}, reason="x")
    assert ledger.log_end() == events
    ledger.correct(
        program_id, version=4,
        changes={"target": {"value": 1200, "periods": "2016-01-01..2020-12-31"}},
        reason="target raised by the Bupati",
    )  # fmt: skip
    assert new_binaan(ledger, program_id).target == 1200


def test_a_second_overlapping_target_is_refused(ledger: Ledger) -> None:
    program_id = program(ledger)
    events = ledger.log_end()
    with pytest.raises(TargetsOverlap):
        ledger.set_target(program_id, "new_binaan", value=300, periods="2017")
    assert ledger.log_end() == events


def test_enrolment_dates_follow_the_founding_and_each_other(ledger: Ledger) -> None:
    program_id = program(ledger)
    enterprise = ledger.register_enterprise(
        "Usaha baru", owners=[person(1, DESA_A1)], desa=DESA_A1, sector="13121",
        founded_on="2016-06-01", effective_date="2016-06-01",
    )  # fmt: skip
    events = ledger.log_end()
    with pytest.raises(EnrolmentDatesOutOfOrder, match="founded"):
        ledger.enrol(program_id, enterprise, effective_date="2016-05-01")
    enrolment = ledger.enrol(program_id, enterprise, effective_date="2016-07-01")
    events = ledger.log_end()
    with pytest.raises(EnrolmentDatesOutOfOrder, match="founded"):
        ledger.correct(enrolment, version=1, changes={"effective_date": "2016-05-01"}, reason="x")
    with pytest.raises(EnrolmentDatesOutOfOrder):
        ledger.exit_program(program_id, enterprise, reason="moved", effective_date="2016-06-30")
    assert ledger.log_end() == events


def test_a_corrected_exit_date_moves_who_was_binaan(ledger: Ledger) -> None:
    program_id = program(ledger)
    enterprise = register(ledger, 1)
    ledger.enrol(program_id, enterprise, effective_date="2016-03-01")
    ledger.exit_program(program_id, enterprise, reason="moved", effective_date="2018-06-01")
    assert ledger.binaan(program_id, as_of="2018-01-01") == [enterprise]
    assert ledger.binaan(program_id) == []
    ledger.correct(
        ledger.enrolment(program_id, enterprise).id, version=2,
        changes={"effective_date": "2017-06-01"}, reason="left in 2017",
    )  # fmt: skip
    assert ledger.binaan(program_id, as_of="2018-01-01") == []
    assert ledger.binaan(program_id, as_of="2017-05-31") == [enterprise]
    ledger.enrol(program_id, enterprise, effective_date="2019-01-02")
    assert ledger.binaan(program_id, as_of="2018-01-01") == []
    assert ledger.binaan(program_id) == [enterprise]


def test_a_reader_whose_slot_another_process_retired_moves_to_the_new_one(
    ledger_url: str,
) -> None:
    """Two ledgers on one database stand for two processes: one rebuilds the view (and
    drops the slot the other was reading and catching up) while the other works."""
    from umkm_ledger.programs.progress import Facts

    with Ledger.open(ledger_url, actor="siti@officer") as reader, Ledger.open(
        ledger_url, actor="andi@officer"
    ) as rebuilder:  # fmt: skip
        program_id = program(reader)
        reader.enrol(program_id, register(reader, 1), effective_date="2016-05-01")
        store = reader._views()
        stale = store.ready("progress")
        facts = Facts(store)
        assert len(facts.enrolments(program_id)) == 1  # the reader now holds the slot
        rebuilder.rebuild("progress")
        rebuilder.enrol(program_id, register(rebuilder, 2), effective_date="2016-06-01")
        assert not store.is_current(stale)
        # Catching up the retired slot gives up at once (its tracking row is gone)...
        assert store._advance(stale, store.log_end(), None) is False
        # ...and queries read the slot that replaced it.
        assert facts.rows("progress", "SELECT COUNT(*) FROM {enrolment}") == [(2,)]
        assert new_binaan(reader, program_id).actual == 2
