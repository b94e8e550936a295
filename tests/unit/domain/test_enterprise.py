"""Enterprise: given events, when a command, then events (or a refusal that records nothing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import DESA, Story, envelope, kinds, new_enterprise, owner, refused, replay
from umkm_ledger.enterprises.classification import Basis, Regulation, SizeClass
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.lifecycle import EnterpriseStatus
from umkm_ledger.enterprises.rules import (
    NibAlreadyRecorded,
    NotASuspectedDuplicate,
    ReportBeforeFounding,
    SalesYearAlreadyReported,
)
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.rules import (
    EffectiveDateInFuture,
    FactNotCorrectable,
    IllegalTransition,
    ReasonRequired,
)
from umkm_ledger.kernel.values import NIB, Address, RegionCode, Rupiah


def story() -> Story[Enterprise]:
    return Story(new_enterprise())


# -- registration ----------------------------------------------------------------------


def test_registration_records_every_fact_and_the_envelope() -> None:
    enterprise = new_enterprise(nib=NIB("9120106541237"))
    (event,) = enterprise.collect_events()
    assert isinstance(event, Enterprise.Registered)
    assert event.name == "Tenun Songket Siti"
    assert event.owners == (owner(),)
    assert event.address.desa == DESA
    assert event.founded_on == date(2012, 5, 1)
    assert event.nib == NIB("9120106541237")
    assert event.envelope.actor.user_id == "siti"
    assert event.envelope.effective_date == date(2016, 12, 16)
    rebuilt = replay([event])
    assert rebuilt.status is EnterpriseStatus.ACTIVE
    assert rebuilt.nib == NIB("9120106541237")
    assert rebuilt.size_class is None


def test_registration_needs_a_name_and_an_owner() -> None:
    with pytest.raises(InvalidValue) as error:
        new_enterprise(name="  ")
    assert error.value.field == "name"
    with pytest.raises(InvalidValue) as error:
        new_enterprise(owners=[])
    assert error.value.field == "owners"


def test_the_same_person_cannot_be_listed_twice_as_owner() -> None:
    with pytest.raises(InvalidValue) as error:
        new_enterprise(owners=[owner(), owner(name="Siti A.")])
    assert error.value.field == "owners[1].nik"
    assert "1610084708800001" not in str(error.value)


def test_founding_after_the_registration_date_is_refused() -> None:
    with pytest.raises(InvalidValue) as error:
        new_enterprise(founded_on=date(2017, 1, 1), effective=date(2016, 12, 16))
    assert error.value.field == "founded_on"


def test_a_fact_cannot_take_effect_in_the_future() -> None:
    with pytest.raises(EffectiveDateInFuture):
        new_enterprise(effective=date.today() + timedelta(days=2))


# -- NIB ----------------------------------------------------------------------------


def test_an_nib_issued_later_is_recorded_once() -> None:
    s = story()
    events = s.when(lambda e: e.record_nib(NIB("9120106541237"), envelope=envelope()))
    assert kinds(events) == ["NibRecorded"]
    assert s.aggregate.nib == NIB("9120106541237")
    refused(
        s,
        lambda e: e.record_nib(NIB("9120106541238"), envelope=envelope()),
        NibAlreadyRecorded,
    )


# -- reports and classification ---------------------------------------------------------


def test_first_report_classifies_under_the_regulation_in_force_on_its_date() -> None:
    s = story()
    events = s.when(
        lambda e: e.report_sales(2016, Rupiah.from_juta(250), envelope=envelope(date(2016, 12, 31)))
    )
    assert kinds(events) == ["SalesReported", "Reclassified"]
    reclassified = events[1]
    assert reclassified.previous is None
    assert reclassified.classification.size_class is SizeClass.MIKRO
    assert reclassified.classification.regulation is Regulation.UU_20_2008
    assert reclassified.classification.basis is Basis.SALES
    assert reclassified.because_of == events[0].originator_version
    assert not reclassified.is_naik_kelas


def test_crossing_a_threshold_is_naik_kelas_and_says_why() -> None:
    s = story()
    s.when(lambda e: e.report_sales(2016, Rupiah.from_juta(250), envelope=envelope()))
    events = s.when(
        lambda e: e.report_sales(
            2022, Rupiah.from_miliar("2,5"), envelope=envelope(date(2022, 12, 31))
        )
    )
    assert kinds(events) == ["SalesReported", "Reclassified"]
    moved = events[1]
    assert moved.previous is SizeClass.MIKRO
    assert moved.classification.size_class is SizeClass.KECIL
    assert moved.classification.regulation is Regulation.PP_7_2021
    assert moved.classification.figure == Rupiah.from_miliar("2,5")
    assert moved.is_naik_kelas


def test_a_report_that_keeps_the_class_records_no_reclassification() -> None:
    s = story()
    s.when(lambda e: e.report_capital(Rupiah.from_juta(100), envelope=envelope(date(2022, 1, 3))))
    events = s.when(
        lambda e: e.report_capital(Rupiah.from_miliar(1), envelope=envelope(date(2022, 6, 1)))
    )
    assert kinds(events) == ["CapitalReported"]  # Rp1 miliar of capital is still mikro
    assert s.aggregate.size_class is SizeClass.MIKRO


def test_a_backdated_report_does_not_override_a_later_one() -> None:
    s = story()
    s.when(
        lambda e: e.report_sales(2022, Rupiah.from_miliar(3), envelope=envelope(date(2022, 12, 31)))
    )
    events = s.when(
        lambda e: e.report_sales(2017, Rupiah.from_juta(90), envelope=envelope(date(2017, 12, 31)))
    )
    assert kinds(events) == ["SalesReported"]
    assert s.aggregate.size_class is SizeClass.KECIL


def test_reports_cannot_predate_the_founding_or_be_negative() -> None:
    s = story()
    refused(
        s,
        lambda e: e.report_sales(2011, Rupiah(5), envelope=envelope(date(2016, 12, 16))),
        ReportBeforeFounding,
    )
    refused(
        s,
        lambda e: e.report_capital(Rupiah(-5), envelope=envelope()),
        InvalidValue,
    )
    refused(
        s,
        lambda e: e.report_sales(2030, Rupiah(5), envelope=envelope(date(2016, 12, 16))),
        InvalidValue,
    )


# -- lifecycle ---------------------------------------------------------------------------


def test_a_closed_enterprise_reports_nothing_until_reactivated() -> None:
    s = story()
    s.when(lambda e: e.close(envelope=envelope(reason="owner moved away")))
    assert s.aggregate.status is EnterpriseStatus.CLOSED
    error = refused(
        s,
        lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()),
        IllegalTransition,
    )
    assert "closed enterprise cannot report sales" in str(error)
    events = s.when(lambda e: e.reactivate(envelope=envelope()))
    assert kinds(events) == ["StatusChanged"]
    assert events[0].previous is EnterpriseStatus.CLOSED
    assert s.when(lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()))


def test_closing_needs_a_reason() -> None:
    refused(story(), lambda e: e.close(envelope=envelope()), ReasonRequired)


def test_graduation_is_mandiri_and_keeps_reporting() -> None:
    s = story()
    s.when(lambda e: e.graduate(envelope=envelope()))
    assert s.aggregate.status is EnterpriseStatus.GRADUATED
    assert kinds(s.when(lambda e: e.report_capital(Rupiah(10), envelope=envelope()))) == [
        "CapitalReported",
        "Reclassified",
    ]
    refused(s, lambda e: e.reactivate(envelope=envelope()), IllegalTransition)


# -- duplicates --------------------------------------------------------------------------


def test_duplicates_are_flagged_then_dismissed_with_a_reason() -> None:
    other = new_enterprise()
    s = story()
    events = s.when(lambda e: e.flag_suspected_duplicate([other.id], envelope=envelope()))
    assert kinds(events) == ["SuspectedDuplicateFlagged"]
    assert s.aggregate.suspected_duplicates == {other.id}
    refused(s, lambda e: e.dismiss_duplicate(other.id, envelope=envelope()), ReasonRequired)
    events = s.when(lambda e: e.dismiss_duplicate(other.id, envelope=envelope(reason="two shops")))
    assert kinds(events) == ["DuplicateDismissed"]
    assert not s.aggregate.suspected_duplicates
    refused(
        s,
        lambda e: e.dismiss_duplicate(other.id, envelope=envelope(reason="again")),
        NotASuspectedDuplicate,
    )


def test_flagging_oneself_or_nobody_records_nothing() -> None:
    s = story()
    assert s.when(lambda e: e.flag_suspected_duplicate([e.id], envelope=envelope())) == []


def test_a_merge_marks_the_duplicate_and_the_survivor() -> None:
    survivor = new_enterprise()
    survivor.collect_events()
    s = story()
    s.when(lambda e: e.flag_suspected_duplicate([survivor.id], envelope=envelope()))
    duplicate = s.aggregate
    duplicate.merge_into(survivor, envelope=envelope(reason="typed twice"))
    assert kinds(duplicate.collect_events()) == ["MergedInto"]
    assert kinds(survivor.collect_events()) == ["DuplicateAbsorbed"]
    assert duplicate.status is EnterpriseStatus.MERGED
    assert duplicate.merged_into == survivor.id
    assert survivor.absorbed == (duplicate.id,)


def test_only_a_flagged_pair_can_be_merged() -> None:
    stranger = new_enterprise()
    with pytest.raises(NotASuspectedDuplicate):
        story().aggregate.merge_into(stranger, envelope=envelope(reason="why not"))


# -- corrections -------------------------------------------------------------------------


def test_a_correction_names_the_fact_and_the_state_follows_it() -> None:
    s = story()
    s.when(
        lambda e: e.report_sales(2022, Rupiah.from_miliar(3), envelope=envelope(date(2022, 12, 31)))
    )
    report_version = 2
    events = s.when(
        lambda e: e.correct(
            report_version,
            {"amount": Rupiah.from_miliar("1,8")},
            envelope=envelope(reason="decimal point misplaced"),
        )
    )
    assert kinds(events) == ["Corrected", "Reclassified"]
    corrected, reclassified = events
    assert corrected.corrects_version == report_version
    assert corrected.corrects_kind == "SalesReported"
    assert corrected.envelope.reason == "decimal point misplaced"
    assert reclassified.previous is SizeClass.KECIL
    assert reclassified.classification.size_class is SizeClass.MIKRO
    aggregate = s.aggregate
    assert aggregate.reports[report_version].amount == Rupiah.from_miliar("1,8")
    assert aggregate.facts[report_version].corrected_by == (corrected.originator_version,)


def test_registration_facts_can_be_corrected_including_the_effective_date() -> None:
    s = story()
    new_address = Address(street="Jl. Pasar", desa=RegionCode("16.10.08.2004"))
    s.when(
        lambda e: e.correct(
            1,
            {"address": new_address, "effective_date": date(2016, 12, 1)},
            envelope=envelope(reason="wrong desa on the form"),
        )
    )
    assert s.aggregate.address == new_address
    assert s.aggregate.facts[1].effective_date == date(2016, 12, 1)


def test_corrections_are_checked() -> None:
    s = story()
    correction = envelope(reason="r")
    refused(s, lambda e: e.correct(1, {"name": "X"}, envelope=envelope()), ReasonRequired)
    refused(s, lambda e: e.correct(9, {"name": "X"}, envelope=correction), FactNotCorrectable)
    refused(s, lambda e: e.correct(1, {"colour": "X"}, envelope=correction), FactNotCorrectable)
    refused(s, lambda e: e.correct(1, {"name": 5}, envelope=correction), InvalidValue)
    refused(s, lambda e: e.correct(1, {}, envelope=correction), FactNotCorrectable)
    s.when(lambda e: e.correct(1, {"name": "Songket Siti"}, envelope=correction))
    # A correction is not itself corrected: the original fact is corrected again.
    refused(s, lambda e: e.correct(2, {"name": "Y"}, envelope=correction), FactNotCorrectable)
    assert s.aggregate.name == "Songket Siti"


def test_a_corrected_report_is_still_checked_against_the_founding_date() -> None:
    s = story()
    s.when(lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()))
    refused(
        s,
        lambda e: e.correct(2, {"year": 2001}, envelope=envelope(reason="r")),
        ReportBeforeFounding,
    )


def test_a_year_of_sales_is_reported_once_and_corrected_after() -> None:
    s = story()
    s.when(lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()))
    refused(
        s,
        lambda e: e.report_sales(2016, Rupiah(6), envelope=envelope()),
        SalesYearAlreadyReported,
    )
    s.when(lambda e: e.report_sales(2015, Rupiah(4), envelope=envelope()))
    refused(
        s,
        lambda e: e.correct(4, {"year": 2016}, envelope=envelope(reason="r")),
        SalesYearAlreadyReported,
    )


def test_the_founding_date_cannot_be_corrected_past_a_report_or_the_registration() -> None:
    s = story()
    s.when(lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()))
    refused(
        s,
        lambda e: e.correct(1, {"founded_on": date(2017, 1, 1)}, envelope=envelope(reason="r")),
        InvalidValue,
    )
    s.when(lambda e: e.correct(1, {"founded_on": date(2016, 12, 1)}, envelope=envelope(reason="r")))
    assert s.aggregate.founded_on == date(2016, 12, 1)  # the 2016 report still fits
    s2 = story()
    s2.when(lambda e: e.report_sales(2013, Rupiah(5), envelope=envelope()))
    refused(
        s2,
        lambda e: e.correct(1, {"founded_on": date(2014, 1, 1)}, envelope=envelope(reason="r")),
        ReportBeforeFounding,
    )


def test_a_reclassification_revealed_by_a_correction_is_dated_by_its_report() -> None:
    s = story()
    s.when(
        lambda e: e.report_sales(2017, Rupiah.from_juta(280), envelope=envelope(date(2017, 12, 31)))
    )
    events = s.when(
        lambda e: e.correct(
            2,
            {"amount": Rupiah.from_juta(400)},
            envelope=envelope(date(2024, 3, 1), reason="sales book re-checked"),
        )
    )
    assert kinds(events) == ["Corrected", "Reclassified"]
    assert events[0].envelope.effective_date == date(2024, 3, 1)
    assert events[1].envelope.effective_date == date(2017, 12, 31)
    assert events[1].is_naik_kelas


def test_a_corrected_report_date_moves_the_class_change_it_decided() -> None:
    s = story()
    s.when(lambda e: e.report_sales(2016, Rupiah.from_juta(250), envelope=envelope()))
    s.when(
        lambda e: e.report_sales(
            2022, Rupiah.from_miliar("2,5"), envelope=envelope(date(2023, 2, 10))
        )
    )  # versions 4 and 5: the naik kelas, dated by the report (typed in late)
    events = s.when(
        lambda e: e.correct(
            4,
            {"effective_date": date(2022, 12, 31)},
            envelope=envelope(date(2024, 3, 1), reason="dated on the day it was typed in"),
        )
    )
    assert kinds(events) == ["Corrected", "Corrected"]
    assert (events[1].corrects_kind, events[1].corrects_version) == ("Reclassified", 5)
    assert events[1].changes == {"effective_date": date(2022, 12, 31)}
    enterprise = replay(s.events)
    assert enterprise.facts[5].effective_date == date(2022, 12, 31)
    assert enterprise.size_class is SizeClass.KECIL
