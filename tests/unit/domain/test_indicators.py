"""Indicator definitions and targets, including per-area quotas."""

from __future__ import annotations

from datetime import date

import pytest

from umkm_ledger import Baseline, Indicator, InvalidValue, Period, RegionCode, RegionLevel, Target

DESA = tuple(RegionCode(c) for c in ("73.06.01.2001", "73.06.01.2002", "73.06.02.2001"))


def test_a_quota_is_one_definition_with_a_cell_per_area_and_period() -> None:
    quota = Target(20, Period.years(2014, 5), RegionLevel.DESA_KELURAHAN, DESA)
    cells = list(quota.cells())
    assert len(cells) == 5 * 3
    assert {c.value for c in cells} == {20}
    assert quota.total == 300
    assert {(c.period.label, str(c.area)) for c in cells} >= {("2014", "73.06.01.2001")}


def test_a_plain_target_has_one_cell_per_period_and_no_area() -> None:
    target = Target(1000, (Period(date(2016, 1, 1), date(2020, 12, 31)),))
    assert [(c.area, c.value) for c in target.cells()] == [(None, 1000)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": -1, "periods": (Period.year(2014),)}, "target.value"),
        ({"value": 5, "periods": ()}, "target.periods"),
        ({"value": 5, "periods": (Period.year(2014), Period.year(2014))}, "target.periods"),
        ({"value": 5, "periods": (Period.year(2014),), "areas": DESA}, "target.areas"),
        (
            {"value": 5, "periods": (Period.year(2014),), "per_area": RegionLevel.DESA_KELURAHAN},
            "target.areas",
        ),
        (
            {
                "value": 5,
                "periods": (Period.year(2014),),
                "per_area": RegionLevel.KECAMATAN,
                "areas": DESA[:1],
            },
            "target.areas[0]",
        ),
    ],
)
def test_bad_targets_are_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        Target(**kwargs)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_an_indicator_keeps_its_parameters_by_name() -> None:
    indicator = Indicator.define(
        "registered",
        "registered_enterprises",
        "UMKM registered",
        baseline=Baseline(12500, date(2020, 1, 8)),
        parameters={"population": 36000},
    )
    assert indicator.parameter("population") == 36000
    assert indicator.parameter("missing", "default") == "default"


@pytest.mark.parametrize(
    ("key", "kind", "title", "field"),
    [
        ("New Binaan", "binaan_enrolled", "t", "indicator.key"),
        ("new", "", "t", "indicator.kind"),
        ("new", "binaan_enrolled", " ", "indicator.title"),
    ],
)
def test_an_indicator_needs_a_key_a_kind_and_a_title(
    key: str, kind: str, title: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        Indicator.define(key, kind, title)
    assert raised.value.field == field
