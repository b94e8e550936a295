from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import rupiahs
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values import Rupiah
from umkm_ledger.kernel.values.money import MAX_AMOUNT

JUTA = 10**6
MILIAR = 10**9


class TestConstruction:
    def test_whole_rupiah_and_zero(self) -> None:
        assert Rupiah(5).amount == 5
        assert Rupiah.zero() == Rupiah(0)
        assert Rupiah(-3).is_negative
        assert not Rupiah(0).is_negative
        assert Rupiah(0).is_zero

    def test_decimal_without_fraction_becomes_int(self) -> None:
        amount = Rupiah(Decimal("200000000")).amount
        assert amount == 200 * JUTA
        assert type(amount) is int

    @pytest.mark.parametrize("bad", [True, 1.0, Decimal("0.5"), Decimal("NaN"), "5", None])
    def test_rejects_non_whole_rupiah(self, bad: object) -> None:
        with pytest.raises(InvalidValue) as caught:
            Rupiah(bad)  # type: ignore[arg-type]
        assert caught.value.field == "amount"

    def test_juta_and_miliar(self) -> None:
        assert Rupiah.from_juta(200) == Rupiah(200 * JUTA)
        assert Rupiah.from_juta("1,5") == Rupiah(1_500_000)
        assert Rupiah.from_juta(Decimal("0.25")) == Rupiah(250_000)
        assert Rupiah.from_miliar(1) == Rupiah(MILIAR)
        assert Rupiah.from_miliar("1,5") == Rupiah(1_500_000_000)
        assert Rupiah.from_miliar("2,5") == Rupiah(2_500_000_000)

    @pytest.mark.parametrize("bad", ["0,0000001", Decimal("0.0000001"), 1.5, True, "satu"])
    def test_juta_rejects_fractions_of_rupiah_and_garbage(self, bad: object) -> None:
        with pytest.raises(InvalidValue) as caught:
            Rupiah.from_juta(bad, field="grant")  # type: ignore[arg-type]
        assert caught.value.field == "grant"

    @given(st.integers(-(10**6), 10**6))
    def test_from_juta_is_a_million_rupiah_each(self, juta: int) -> None:
        assert Rupiah.from_juta(juta) == Rupiah(juta * JUTA)
        assert Rupiah.from_miliar(juta) == Rupiah.from_juta(juta * 1000)


class TestArithmetic:
    def test_add_subtract_negate(self) -> None:
        assert Rupiah(5) + Rupiah(3) == Rupiah(8)
        assert Rupiah(5) - Rupiah(8) == Rupiah(-3)
        assert -Rupiah(5) == Rupiah(-5)
        assert abs(Rupiah(-5)) == Rupiah(5)

    def test_quantity_times_unit_value(self) -> None:
        assert Rupiah(3_500_000) * 5 == Rupiah(17_500_000)
        assert 5 * Rupiah(3_500_000) == Rupiah(17_500_000)

    def test_sum(self) -> None:
        amounts = [Rupiah(1), Rupiah(2), Rupiah(3)]
        assert sum(amounts) == Rupiah(6)
        assert Rupiah.total(amounts) == Rupiah(6)
        assert Rupiah.total([]) == Rupiah.zero()

    @pytest.mark.parametrize("other", [1, 1.5, True, "1"])
    def test_no_mixing_with_plain_numbers(self, other: object) -> None:
        with pytest.raises(TypeError):
            _ = Rupiah(1) + other  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = other + Rupiah(1)  # type: ignore[operator]

    @pytest.mark.parametrize("factor", [1.5, True, Decimal(2)])
    def test_multiply_by_ints_only(self, factor: object) -> None:
        with pytest.raises(TypeError):
            _ = Rupiah(1) * factor  # type: ignore[operator]

    def test_ordering_and_hashing(self) -> None:
        assert Rupiah(1) < Rupiah(2) <= Rupiah(2) < Rupiah(3)
        assert Rupiah(3) > Rupiah(-3)
        assert Rupiah(3) >= Rupiah(3)
        assert len({Rupiah(1), Rupiah(1), Rupiah(2)}) == 2
        plain_one: object = 1
        assert Rupiah(1) != plain_one  # an amount is not a bare number

    @given(rupiahs(-(10**14), 10**14), rupiahs(-(10**14), 10**14), st.integers(-100, 100))
    def test_arithmetic_matches_integers(self, a: Rupiah, b: Rupiah, n: int) -> None:
        assert (a + b).amount == a.amount + b.amount
        assert (a - b) + b == a
        assert (a * n).amount == a.amount * n
        assert (a < b) == (a.amount < b.amount)


class TestFormat:
    @pytest.mark.parametrize(
        ("amount", "id_text", "en_text"),
        [
            (200 * JUTA, "Rp200.000.000", "IDR200,000,000"),
            (0, "Rp0", "IDR0"),
            (999, "Rp999", "IDR999"),
            (-200 * JUTA, "-Rp200.000.000", "-IDR200,000,000"),
        ],
    )
    def test_babel_without_decimals(self, amount: int, id_text: str, en_text: str) -> None:
        assert Rupiah(amount).format() == id_text
        assert Rupiah(amount).format("id_ID") == id_text
        assert Rupiah(amount).format("en") == en_text
        assert Rupiah(amount).format("en_US") == en_text

    def test_str_is_indonesian_format(self) -> None:
        assert str(Rupiah(200 * JUTA)) == "Rp200.000.000"

    def test_unknown_locale(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Rupiah(1).format("xx_YY")
        assert caught.value.field == "locale"

    @pytest.mark.parametrize(
        ("amount", "indonesian", "english"),
        [
            (200 * JUTA, "Rp200 juta", "IDR 200 million"),
            (1_500_000_000, "Rp1,5 miliar", "IDR 1.5 billion"),
            (750_000, "Rp750 ribu", "IDR 750 thousand"),
            (2_250_000_000_000, "Rp2,25 triliun", "IDR 2.25 trillion"),
            (1_234_567_890, "Rp1,23 miliar", "IDR 1.23 billion"),
            (1_235_000_000, "Rp1,24 miliar", "IDR 1.24 billion"),  # half-up
            (999_999_999, "Rp1 miliar", "IDR 1 billion"),  # no "1.000 juta"
            (5_000_000_000_000_000, "Rp5.000 triliun", "IDR 5,000 trillion"),
            (-200 * JUTA, "-Rp200 juta", "-IDR 200 million"),
            (999, "Rp999", "IDR999"),
        ],
    )
    def test_in_words(self, amount: int, indonesian: str, english: str) -> None:
        assert Rupiah(amount).in_words() == indonesian
        assert Rupiah(amount).in_words("en") == english

    def test_in_words_needs_a_language_with_unit_words(self) -> None:
        with pytest.raises(InvalidValue):
            Rupiah(1).in_words("de_DE")


class TestParse:
    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("Rp200.000.000", 200 * JUTA),
            ("Rp 200.000.000", 200 * JUTA),
            ("rp200.000.000", 200 * JUTA),
            ("Rp. 200.000.000,-", 200 * JUTA),
            ("Rp200.000.000,00", 200 * JUTA),
            ("IDR 200,000,000", 200 * JUTA),
            ("IDR200,000,000.00", 200 * JUTA),
            ("200.000.000", 200 * JUTA),
            ("200000000", 200 * JUTA),
            ("  200000000  ", 200 * JUTA),
            ("200 juta", 200 * JUTA),
            ("Rp200 juta", 200 * JUTA),
            ("200jt", 200 * JUTA),
            ("200 Juta", 200 * JUTA),
            ("1,5 miliar", 1_500_000_000),
            ("Rp1,5 miliar", 1_500_000_000),
            ("1.5 miliar", 1_500_000_000),
            ("1,5 milyar", 1_500_000_000),
            ("1.500 juta", 1_500_000_000),  # "." groups thousands when it can
            ("1,500 juta", 1_500_000),  # before a unit "," is always the decimal comma
            ("Rp 1.234,5 juta", 1_234_500_000),
            ("500 ribu", 500_000),
            ("500rb", 500_000),
            ("2,25 triliun", 2_250_000_000_000),
            ("-Rp200.000.000", -200 * JUTA),
            ("Rp-200.000.000", -200 * JUTA),
            ("-IDR200,000,000", -200 * JUTA),
            ("Rp\u00a0200.000.000", 200 * JUTA),
            ("0", 0),
        ],
    )
    def test_written_forms(self, text: str, amount: int) -> None:
        assert Rupiah.parse(text) == Rupiah(amount)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "Rp",
            "dua ratus juta",
            "2 M",
            "200.00.000",
            "200,000.000,0",
            "1.5",  # a fraction of a rupiah
            "Rp200,5",
            "1,2345 ribu",  # Rp1.234,5
            "--5",
            "-Rp-5",
            "Rp 200 juta rupiah",
            "12.3.4 juta",
            "1,2,3 juta",
        ],
    )
    def test_garbage_names_the_field(self, text: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Rupiah.parse(text, field="grant.amount")
        assert caught.value.field == "grant.amount"
        assert caught.value.shown_value == text

    def test_non_text(self) -> None:
        with pytest.raises(InvalidValue):
            Rupiah.parse(200)  # type: ignore[arg-type]

    @given(rupiahs(-MAX_AMOUNT, MAX_AMOUNT))
    def test_parse_reads_what_format_writes(self, amount: Rupiah) -> None:
        assert Rupiah.parse(amount.format("id_ID")) == amount
        assert Rupiah.parse(amount.format("en")) == amount

    @given(st.integers(0, 10**4), st.sampled_from(["ribu", "juta", "miliar", "triliun"]))
    def test_whole_units(self, count: int, unit: str) -> None:
        size = {"ribu": 10**3, "juta": JUTA, "miliar": MILIAR, "triliun": 10**12}[unit]
        assert Rupiah.parse(f"Rp{count} {unit}") == Rupiah(count * size)

    @given(rupiahs(10**3, 10**15))
    def test_in_words_reads_back_within_rounding(self, amount: Rupiah) -> None:
        # in_words keeps 2 decimals of the unit, so the error is at most half of
        # 0.01 unit, which is at most 0.5 % of the amount (the unit is <= amount).
        read_back = Rupiah.parse(amount.in_words())
        assert abs((read_back - amount).amount) * 200 <= amount.amount


def test_only_ascii_digits() -> None:
    with pytest.raises(InvalidValue):
        Rupiah.parse("Rp\u0662\u0660\u0660")  # Arabic-Indic 200


@given(st.integers(MAX_AMOUNT + 1, 10**30), st.booleans())
def test_no_amount_is_beyond_ten_thousand_triliun(amount: int, negative: bool) -> None:
    # Larger amounts are typing errors, and would not fit the views' integer columns.
    with pytest.raises(InvalidValue, match="triliun"):
        Rupiah(-amount if negative else amount)
    with pytest.raises(InvalidValue):
        Rupiah.parse(f"Rp{amount}")
