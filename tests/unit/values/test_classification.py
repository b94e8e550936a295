from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import bases, dates_between, rupiahs
from umkm_ledger.enterprises.classification import (
    THRESHOLDS,
    Basis,
    Classification,
    Regulation,
    SizeClass,
    classify,
    classify_by_capital,
    classify_by_sales,
    regulation_in_force,
)
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import Rupiah

UNDER_PP = date(2022, 1, 1)
UNDER_UU = date(2020, 1, 1)
BOUNDS = [SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH]
SOME_DAY = {Regulation.UU_20_2008: UNDER_UU, Regulation.PP_7_2021: UNDER_PP}


class TestSizeClass:
    def test_ranks(self) -> None:
        assert [size.rank for size in SizeClass] == [0, 1, 2, 3]
        assert SizeClass.KECIL.is_above(SizeClass.MIKRO)
        assert not SizeClass.MIKRO.is_above(SizeClass.MIKRO)
        assert SizeClass.BESAR.is_above(SizeClass.MENENGAH)


class TestRegulation:
    def test_in_force_from(self) -> None:
        assert Regulation.UU_20_2008.in_force_from == date(2008, 7, 4)
        assert Regulation.PP_7_2021.in_force_from == date(2021, 2, 2)

    @pytest.mark.parametrize(
        ("day", "regulation"),
        [
            (date(2000, 1, 1), Regulation.UU_20_2008),  # earliest supported rule
            (date(2008, 7, 4), Regulation.UU_20_2008),
            (date(2021, 2, 1), Regulation.UU_20_2008),
            (date(2021, 2, 2), Regulation.PP_7_2021),
            (date(2030, 1, 1), Regulation.PP_7_2021),
            (datetime(2021, 2, 2, 8, 0), Regulation.PP_7_2021),
        ],
    )
    def test_in_force(self, day: date, regulation: Regulation) -> None:
        assert regulation_in_force(day) is regulation

    def test_not_a_date(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            regulation_in_force("2021-02-02")  # type: ignore[arg-type]
        assert caught.value.field == "on"

    @pytest.mark.parametrize(
        ("regulation", "basis", "bounds"),
        [
            (Regulation.PP_7_2021, Basis.CAPITAL, ("1 miliar", "5 miliar", "10 miliar")),
            (Regulation.PP_7_2021, Basis.SALES, ("2 miliar", "15 miliar", "50 miliar")),
            (Regulation.UU_20_2008, Basis.CAPITAL, ("50 juta", "500 juta", "10 miliar")),
            (Regulation.UU_20_2008, Basis.SALES, ("300 juta", "2,5 miliar", "50 miliar")),
        ],
    )
    def test_thresholds_as_data(
        self, regulation: Regulation, basis: Basis, bounds: tuple[str, str, str]
    ) -> None:
        expected = dict(zip(BOUNDS, map(Rupiah.parse, bounds), strict=True))
        assert dict(regulation.upper_bounds(basis)) == expected


def _every_bound() -> list[tuple[Regulation, Basis, SizeClass, Rupiah]]:
    return [
        (regulation, basis, size, bound)
        for regulation, by_basis in THRESHOLDS.items()
        for basis, bounds in by_basis.items()
        for size, bound in bounds.items()
    ]


class TestClassify:
    def test_the_brief_s_examples(self) -> None:
        assert classify_by_capital(Rupiah.from_miliar(1), UNDER_PP).size_class is SizeClass.MIKRO
        assert classify_by_capital(Rupiah(1_000_000_001), UNDER_PP).size_class is SizeClass.KECIL

    @pytest.mark.parametrize(("regulation", "basis", "size", "bound"), _every_bound())
    def test_every_bound_is_inclusive(
        self, regulation: Regulation, basis: Basis, size: SizeClass, bound: Rupiah
    ) -> None:
        on = SOME_DAY[regulation]
        at_bound = classify(bound, basis, on)
        above = classify(bound + Rupiah(1), basis, on)
        assert at_bound.size_class is size
        assert above.size_class.rank == size.rank + 1
        assert at_bound.regulation is regulation is above.regulation

    def test_zero_is_mikro_and_huge_is_besar(self) -> None:
        assert classify_by_sales(Rupiah(0), UNDER_PP).size_class is SizeClass.MIKRO
        big = classify_by_sales(Rupiah.from_miliar(50) + Rupiah(1), UNDER_PP)
        assert big.size_class is SizeClass.BESAR

    def test_same_figure_other_rule(self) -> None:
        # Rp100 juta of capital: kecil under UU 20/2008, mikro under PP 7/2021.
        figure = Rupiah.from_juta(100)
        assert classify_by_capital(figure, UNDER_UU).size_class is SizeClass.KECIL
        assert classify_by_capital(figure, UNDER_PP).size_class is SizeClass.MIKRO

    def test_records_basis_figure_and_rule(self) -> None:
        result = classify_by_sales(Rupiah.from_miliar(3), UNDER_PP)
        assert result == Classification(
            SizeClass.KECIL, Basis.SALES, Rupiah.from_miliar(3), Regulation.PP_7_2021
        )

    def test_describe(self) -> None:
        assert (
            classify_by_capital(Rupiah.from_miliar(1), UNDER_PP).describe()
            == "mikro by capital Rp1.000.000.000 under PP 7/2021 pasal 35"
        )
        assert (
            classify_by_sales(Rupiah.from_juta(300), UNDER_UU).describe()
            == "mikro by sales Rp300.000.000 under UU 20/2008 pasal 6"
        )

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: classify_by_capital(Rupiah(-1), UNDER_PP), "capital"),
            (lambda: classify_by_sales(Rupiah(-1), UNDER_PP), "annual_sales"),
            (lambda: classify(Rupiah(-1), Basis.SALES, UNDER_PP), "figure"),
            (lambda: classify(5, Basis.SALES, UNDER_PP), "figure"),  # type: ignore[arg-type]
        ],
    )
    def test_negative_or_non_rupiah_figures(self, call: Callable[[], object], field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            call()
        assert caught.value.field == field

    def test_classification_rejects_negative_figure(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Classification(SizeClass.MIKRO, Basis.SALES, Rupiah(-1), Regulation.PP_7_2021)
        assert caught.value.field == "figure"

    @given(rupiahs(), rupiahs(), bases(), dates_between())
    def test_monotonic(self, a: Rupiah, b: Rupiah, basis: Basis, on: date) -> None:
        smaller, larger = sorted((a, b))
        assert classify(larger, basis, on).size_class.rank >= (
            classify(smaller, basis, on).size_class.rank
        )

    @given(rupiahs(), bases(), dates_between())
    def test_result_respects_the_bounds(self, figure: Rupiah, basis: Basis, on: date) -> None:
        result = classify(figure, basis, on)
        bounds = result.regulation.upper_bounds(basis)
        if result.size_class is not SizeClass.BESAR:
            assert figure <= bounds[result.size_class]
        previous = [size for size in BOUNDS if size.rank == result.size_class.rank - 1]
        for size in previous:
            assert figure > bounds[size]

    @given(rupiahs(max_value=10**11), dates_between())
    def test_wrappers_agree_with_classify(self, figure: Rupiah, on: date) -> None:
        assert classify_by_capital(figure, on) == classify(figure, Basis.CAPITAL, on)
        assert classify_by_sales(figure, on) == classify(figure, Basis.SALES, on)

    @given(st.sampled_from(_every_bound()), st.integers(-3, 3))
    def test_near_each_bound(
        self, case: tuple[Regulation, Basis, SizeClass, Rupiah], offset: int
    ) -> None:
        regulation, basis, size, bound = case
        result = classify(bound + Rupiah(offset), basis, SOME_DAY[regulation])
        assert result.size_class.rank == size.rank + (1 if offset > 0 else 0)
