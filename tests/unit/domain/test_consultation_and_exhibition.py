"""The Consultation and Exhibition aggregates: given events, when a command, then events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import mentors, names, rupiahs
from tests.support import DESA, Story, envelope, kinds, refused, replay
from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.rules import AlreadyParticipating
from umkm_ledger.activity.values import Mentor
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.rules import EffectiveDateInFuture, FactNotCorrectable, ReasonRequired
from umkm_ledger.kernel.values import Rupiah

#: The launch exhibition of Ogan Ilir's 1000-entrepreneur program.
LAUNCH = date(2016, 12, 16)
SONGKET, PEMPEK = uuid4(), uuid4()
CONSULTANT = Mentor.plut_consultant("Nyimas Ayu")
THREE_JUTA = Rupiah.from_juta(3)


def consulted(**overrides: Any) -> Consultation:
    fields: dict[str, Any] = {
        "enterprise_id": SONGKET,
        "program_id": uuid4(),
        "place": " PLUT Sumatera Selatan ",
        "consultant": CONSULTANT,
        "topic": "pendaftaran merek",
        "outcome": " berkas merek diajukan ke DJKI ",
        "envelope": envelope(date(2017, 2, 3)),
        **overrides,
    }
    return Consultation.record(**fields)


def organised(**overrides: Any) -> Exhibition:
    fields: dict[str, Any] = {
        "name": " Pameran Peluncuran 1000 Wirausaha ",
        "organiser": "Pemkab Ogan Ilir",
        "venue": "Halaman Kantor Bupati, Indralaya",
        "region": DESA,
        "days": [date(2016, 12, 17), LAUNCH, LAUNCH],
        "envelope": envelope(date(2016, 12, 1)),
        **overrides,
    }
    return Exhibition.organise(**fields)


def fix(
    version: int, changes: dict[str, Any], reason: str | None = "salah ketik"
) -> Callable[[Consultation | Exhibition], object]:
    return lambda a: a.correct(version, changes, envelope=envelope(date(2017, 3, 1), reason))


# -- consultations ----------------------------------------------------------------------


def test_a_consultation_says_when_where_with_whom_on_what_and_with_what_outcome() -> None:
    story = Story(consulted())
    assert kinds(story.events) == ["Consulted"]
    consultation = story.aggregate
    assert consultation.enterprise_id == SONGKET
    assert consultation.place == "PLUT Sumatera Selatan"
    assert consultation.consultant == CONSULTANT
    assert consultation.topic == "pendaftaran merek"
    assert consultation.outcome == "berkas merek diajukan ke DJKI"
    assert consultation.facts[1].effective_date == date(2017, 2, 3)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"place": " "}, InvalidValue),
        ({"topic": ""}, InvalidValue),
        ({"outcome": "\t"}, InvalidValue),
        ({"outcome": None}, InvalidValue),
        ({"consultant": "Nyimas Ayu"}, InvalidValue),
        ({"envelope": envelope(date(2099, 1, 1))}, EffectiveDateInFuture),
    ],
    ids=["place", "topic", "outcome", "no-outcome", "consultant", "future"],
)
def test_a_consultation_needs_a_place_a_topic_an_outcome_and_a_consultant(
    overrides: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        consulted(**overrides)


def test_a_consultation_is_corrected_with_valid_texts_only() -> None:
    story = Story(consulted())
    wrong: list[tuple[dict[str, Any], type[Exception]]] = [
        ({"topic": " "}, InvalidValue),
        ({"outcome": ""}, InvalidValue),
        ({"outcome": None}, InvalidValue),
        ({"consultant": Mentor.officer("Budi")}, FactNotCorrectable),
        ({"enterprise_id": PEMPEK}, FactNotCorrectable),
    ]
    for changes, error in wrong:
        refused(story, fix(1, changes), error)
    refused(story, fix(1, {"topic": "merek"}, reason=None), ReasonRequired)
    refused(story, fix(2, {"topic": "merek"}), FactNotCorrectable)
    events = story.when(fix(1, {"outcome": "merek terdaftar", "place": "PLUT Palembang"}))
    assert kinds(events) == ["Corrected"]
    story.when(fix(1, {"effective_date": date(2017, 2, 2)}))
    consultation = story.aggregate
    assert consultation.outcome == "merek terdaftar"
    assert consultation.place == "PLUT Palembang"
    assert consultation.topic == "pendaftaran merek"
    assert consultation.facts[1].effective_date == date(2017, 2, 2)
    assert vars(replay(story.events)) == vars(consultation)


@settings(max_examples=50, deadline=None)
@given(consultant=mentors(), topic=names(30))
def test_any_consultant_and_topic_are_recorded_as_given(consultant: Mentor, topic: str) -> None:
    consultation = consulted(consultant=consultant, topic=topic)
    rebuilt = replay(consultation.collect_events())
    assert rebuilt.consultant == consultant
    assert rebuilt.topic == topic.strip()
    assert vars(rebuilt) == vars(consultation)


# -- exhibitions ------------------------------------------------------------------------


def take_part(
    enterprise: Any = SONGKET, sales: Rupiah | None = THREE_JUTA, **overrides: Any
) -> Callable[[Exhibition], object]:
    fields: dict[str, Any] = {
        "products": [" kain songket ", "selendang"],
        "outcome": "dua pesanan dari Palembang",
        "sales": sales,
        "envelope": envelope(LAUNCH),
        **overrides,
    }
    return lambda e: e.take_part(enterprise, **fields)


def test_an_exhibition_is_organised_on_its_days() -> None:
    story = Story(organised())
    assert kinds(story.events) == ["Organised"]
    exhibition = story.aggregate
    assert exhibition.name == "Pameran Peluncuran 1000 Wirausaha"
    assert exhibition.days == (LAUNCH, date(2016, 12, 17))
    assert exhibition.participants == {}


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": " "},
        {"organiser": ""},
        {"venue": "  "},
        {"days": []},
        {"days": [datetime(2016, 12, 16, 9, 0)]},
        {"days": "2016-12-16"},
        {"region": "16.10"},
    ],
    ids=lambda o: f"{next(iter(o))}={next(iter(o.values()))!r}",
)
def test_an_exhibition_needs_a_name_an_organiser_a_venue_and_days(
    overrides: dict[str, Any],
) -> None:
    with pytest.raises(InvalidValue):
        organised(**overrides)


def test_an_enterprise_takes_part_once() -> None:
    story = Story(organised())
    events = story.when(take_part())
    assert kinds(events) == ["Participated"]
    assert events[0].products == ("kain songket", "selendang")
    assert events[0].sales == Rupiah.from_juta(3)
    refused(story, take_part(sales=None, outcome="lagi"), AlreadyParticipating)
    story.when(take_part(PEMPEK, sales=None, products=[], outcome="kenalan dengan toko oleh-oleh"))
    exhibition = story.aggregate
    assert set(exhibition.participants) == {SONGKET, PEMPEK}
    assert exhibition.facts[exhibition.participants[PEMPEK]].fields["sales"] is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"sales": Rupiah(-1)},
        {"sales": 3_000_000},
        {"outcome": " "},
        {"products": ["kain songket", ""]},
        {"products": "kain songket"},
    ],
    ids=["negative-sales", "sales-not-rupiah", "outcome", "blank-product", "products-text"],
)
def test_taking_part_needs_an_outcome_products_and_sales_not_negative(
    overrides: dict[str, Any],
) -> None:
    story = Story(organised())
    refused(story, take_part(**overrides), InvalidValue)


def test_an_exhibition_is_corrected_with_valid_values_only() -> None:
    story = Story(organised())
    story.when(take_part())
    wrong: list[tuple[int, dict[str, Any], type[Exception]]] = [
        (1, {"name": ""}, InvalidValue),
        (1, {"venue": " "}, InvalidValue),
        (1, {"days": (LAUNCH,)}, FactNotCorrectable),
        (1, {"organiser": "Dinkop"}, FactNotCorrectable),
        (2, {"sales": Rupiah(-500)}, InvalidValue),
        (2, {"sales": 500}, InvalidValue),  # rupiah, as the command takes it
        (2, {"outcome": ""}, InvalidValue),
        (2, {"products": ("songket", " ")}, InvalidValue),
        (2, {"enterprise_id": PEMPEK}, FactNotCorrectable),
    ]
    for version, changes, error in wrong:
        refused(story, fix(version, changes), error)
    refused(story, fix(2, {"sales": Rupiah(0)}, reason=None), ReasonRequired)
    story.when(fix(1, {"name": "Pameran UMKM Ogan Ilir", "venue": "Indralaya"}))
    story.when(fix(2, {"sales": Rupiah(0), "products": ("songket",), "outcome": "tidak laku"}))
    story.when(fix(2, {"sales": None}))
    exhibition = story.aggregate
    assert (exhibition.name, exhibition.venue) == ("Pameran UMKM Ogan Ilir", "Indralaya")
    participation = exhibition.facts[2]
    assert participation.fields["sales"] is None
    assert participation.fields["products"] == ("songket",)
    assert participation.corrected_by == (4, 5)
    assert vars(replay(story.events)) == vars(exhibition)


def test_sales_unknown_at_first_are_corrected_to_an_amount() -> None:
    story = Story(organised())
    story.when(take_part(sales=None))
    refused(story, fix(2, {"sales": Rupiah(-1)}), InvalidValue)
    story.when(fix(2, {"sales": Rupiah.from_juta(1)}))
    assert story.aggregate.facts[2].fields["sales"] == Rupiah.from_juta(1)


@settings(max_examples=50, deadline=None)
@given(sales=st.none() | rupiahs(max_value=10**12))
def test_any_sales_that_are_not_negative_are_kept(sales: Rupiah | None) -> None:
    exhibition = organised()
    take_part(sales=sales)(exhibition)
    rebuilt = replay(exhibition.collect_events())
    assert rebuilt.facts[2].fields["sales"] == sales
    assert vars(rebuilt) == vars(exhibition)
