"""Rupiah: an amount of Indonesian money in whole rupiah.

Amounts are integers because IDR has no sub-unit in use (no sen coins circulate), and
floats would silently lose rupiah on the sums that grants and budgets are made of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import attrs
from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import shown_number

__all__ = ["MAX_AMOUNT", "Rupiah"]

_RIBU = 10**3
_JUTA = 10**6
_MILIAR = 10**9
_TRILIUN = 10**12

# Spoken units as users type them. "milyar" is a common (non-standard) spelling of
# "miliar"; "M" and "T" are left out because "M" also means million in English text.
_UNITS: dict[str, int] = {
    "ribu": _RIBU,
    "rb": _RIBU,
    "juta": _JUTA,
    "jt": _JUTA,
    "miliar": _MILIAR,
    "milyar": _MILIAR,
    "triliun": _TRILIUN,
}

_WRITTEN = re.compile(
    r"""
    ^(?P<sign>[-\u2212])?
    (?:(?:rp\.?|idr)\s*)?          # currency, optional: "Rp", "Rp.", "IDR"
    (?P<inner_sign>[-\u2212])?     # the minus may stand on either side of the currency
    (?P<number>[0-9][0-9.,]*?)
    (?:\s*(?P<unit>ribu|rb|juta|jt|miliar|milyar|triliun))?
    (?:,-)?$                       # "Rp200.000,-": the customary "no sen" mark on receipts
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"[0-9]+")
_GROUPED = {
    ".": re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"),
    ",": re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+"),
}

# in_words: (threshold, Indonesian word, English word), largest first.
_WORD_UNITS: tuple[tuple[int, str, str], ...] = (
    (_TRILIUN, "triliun", "trillion"),
    (_MILIAR, "miliar", "billion"),
    (_JUTA, "juta", "million"),
    (_RIBU, "ribu", "thousand"),
)


#: No amount the ledger records is larger than Rp10.000 triliun (half of Indonesia's
#: yearly GDP): a bigger one is a typing error, and it could not be stored or summed in
#: the views' 64-bit integer columns.
MAX_AMOUNT = 10**16

#: Written amounts longer than this are refused before they are read: the longest
#: real one ("Rp. 10.000.000.000.000.000,-") has 28 characters.
_MAX_WRITTEN = 64


def _whole_rupiah(value: int | Decimal) -> int:
    # bool is an int subclass; True rupiah is always a bug, never an amount.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidValue(
            "amount",
            shown_number(value),
            N_("must be a whole number of rupiah, not {kind}", kind=type(value).__name__),
        )
    if isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral_value()):
        raise InvalidValue("amount", value, "must be a whole number of rupiah")
    amount = int(value)  # int() turns int subclasses (IntEnum...) into a plain int
    if abs(amount) > MAX_AMOUNT:
        raise InvalidValue("amount", shown_number(amount), "is more than Rp10.000 triliun")
    return amount


@attrs.frozen(order=True)
class Rupiah:
    """An amount in whole rupiah. Negative amounts exist (differences, corrections).

    Compare with ``<``, ``==``...; add and subtract Rupiah; multiply by an int quantity.
    ``sum(amounts)`` works; ``Rupiah.total(amounts)`` does the same with a precise type.
    There is deliberately no ``__bool__``: test ``is_zero`` or ``is_negative`` instead.
    """

    amount: int = attrs.field(converter=_whole_rupiah)

    @classmethod
    def zero(cls) -> Rupiah:
        return cls(0)

    @classmethod
    def total(cls, amounts: Iterable[Rupiah]) -> Rupiah:
        """The sum of ``amounts`` (``Rupiah(0)`` when empty), typed as Rupiah."""
        return sum(amounts, cls(0))

    @classmethod
    def from_juta(cls, juta: int | str | Decimal, *, field: str = "amount") -> Rupiah:
        """``from_juta(200)``, ``from_juta("1,5")`` (Indonesian decimal comma), ``Decimal``."""
        return cls._from_unit(juta, _JUTA, field)

    @classmethod
    def from_miliar(cls, miliar: int | str | Decimal, *, field: str = "amount") -> Rupiah:
        """``from_miliar(1)``, ``from_miliar("1,5")``, ``Decimal``."""
        return cls._from_unit(miliar, _MILIAR, field)

    @classmethod
    def _from_unit(cls, count: int | str | Decimal, unit: int, field: str) -> Rupiah:
        if isinstance(count, str):
            if len(count) > _MAX_WRITTEN:
                raise InvalidValue(field, count[:40] + "…", "is too long to be an amount")
            number = _read_number(count.strip(), in_unit_form=True)
            if number is None:
                raise InvalidValue(field, count, "is not a number")
        elif isinstance(count, bool) or not isinstance(count, int | Decimal):
            raise InvalidValue(
                field, shown_number(count), "must be an int, a Decimal or a written number"
            )
        else:
            number = Decimal(count)
        return cls._exact(number * unit, count, field)

    @classmethod
    def _exact(cls, value: Decimal, shown: object, field: str) -> Rupiah:
        if not value.is_finite() or value != value.to_integral_value():
            raise InvalidValue(field, shown_number(shown), "is not a whole number of rupiah")
        try:
            return cls(int(value))
        except InvalidValue as error:
            raise InvalidValue(field, shown_number(shown), error.problem) from None

    @classmethod
    def parse(cls, text: str, field: str = "amount") -> Rupiah:
        """Read an amount as people write it.

        Accepted: ``Rp200.000.000``, ``Rp 200.000.000``, ``Rp. 200.000.000,-``,
        ``IDR 200,000,000``, ``200000000``, ``200 juta``/``200jt``, ``500 ribu``/``500rb``,
        ``Rp1,5 miliar``, ``1.5 miliar``, ``2,25 triliun``, and a leading ``-``.

        Separators: with both ``.`` and ``,`` the last one is the decimal mark. With one
        kind only, it groups thousands when every group after it has 3 digits, except
        that a comma before a unit word is always the Indonesian decimal comma
        (``1,500 juta`` is Rp1.500.000). Otherwise a single separator is a decimal mark
        (``1.5 miliar``). The result must be a whole number of rupiah.
        """
        if not isinstance(text, str):
            raise InvalidValue(field, shown_number(text), "must be text")
        if len(text) > _MAX_WRITTEN:
            raise InvalidValue(field, text[:40] + "…", "is too long to be an amount")
        # str.split() also splits on the no-break spaces that some locales print.
        cleaned = " ".join(text.split())
        match = _WRITTEN.match(cleaned)
        if match is None or (match["sign"] and match["inner_sign"]):
            raise InvalidValue(field, text, "is not an amount of rupiah such as 'Rp200.000.000'")
        unit = match["unit"]
        number = _read_number(match["number"], in_unit_form=unit is not None)
        if number is None:
            raise InvalidValue(field, text, "has misplaced thousands or decimal separators")
        if unit is not None:
            number *= _UNITS[unit.lower()]
        if match["sign"] or match["inner_sign"]:
            number = -number
        return cls._exact(number, text, field)

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    def __add__(self, other: Rupiah) -> Rupiah:
        if not isinstance(other, Rupiah):
            return NotImplemented
        return Rupiah(self.amount + other.amount)

    def __radd__(self, other: int) -> Rupiah:
        # Only for sum(), which starts from the int 0; any other int is a unit mistake.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Rupiah) -> Rupiah:
        if not isinstance(other, Rupiah):
            return NotImplemented
        return Rupiah(self.amount - other.amount)

    def __neg__(self) -> Rupiah:
        return Rupiah(-self.amount)

    def __abs__(self) -> Rupiah:
        return Rupiah(abs(self.amount))

    def __mul__(self, quantity: int) -> Rupiah:
        # Quantity x unit value only: a float factor would reintroduce fractions of rupiah.
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return NotImplemented
        return Rupiah(self.amount * quantity)

    __rmul__ = __mul__

    def format(self, locale: str = "id_ID") -> str:
        """The amount with Babel's currency pattern for ``locale``, never with decimals.

        ``id_ID`` gives ``Rp200.000.000`` and ``-Rp200.000.000``; ``en``/``en_US`` give
        ``IDR200,000,000`` (Babel puts no space after the ISO code) and ``-IDR200,000,000``.
        """
        return format_currency(
            self.amount,
            "IDR",
            format=_whole_currency_pattern(locale),
            locale=_locale(locale),
            currency_digits=False,
        )

    def in_words(self, locale: str = "id_ID") -> str:
        """Short spoken form: ``Rp200 juta``, ``Rp1,5 miliar``; ``IDR 1.5 billion`` in English.

        Inexact amounts are rounded half-up to at most two decimals of the unit
        (Rp1.234.567.890 is ``Rp1,23 miliar``); below a thousand it is :meth:`format`.
        Only Indonesian and English have unit words here.
        """
        english = _locale(locale).language == "en"
        if not english and _locale(locale).language != "id":
            raise InvalidValue("locale", locale, "in_words knows Indonesian and English only")
        magnitude = abs(self.amount)
        unit = _word_unit(magnitude)
        if unit is None:
            return self.format(locale)
        size, indonesian, english_word = unit
        count = _round_2(Decimal(magnitude) / size)
        number = format_decimal(count, format="#,##0.##", locale=_locale(locale))
        sign = "-" if self.amount < 0 else ""
        prefix = "IDR " if english else "Rp"
        return f"{sign}{prefix}{number} {english_word if english else indonesian}"

    def __str__(self) -> str:
        return self.format()


def _word_unit(magnitude: int) -> tuple[int, str, str] | None:
    """The largest unit not above ``magnitude`` after rounding, or None below a thousand."""
    for index, unit in enumerate(_WORD_UNITS):
        if magnitude < unit[0]:
            continue
        if index > 0 and _round_2(Decimal(magnitude) / unit[0]) >= 1000:
            # 999.999.999 would round to "1.000 juta": say "1 miliar" instead.
            return _WORD_UNITS[index - 1]
        return unit
    return None


def _round_2(count: Decimal) -> Decimal:
    return count.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _read_number(text: str, *, in_unit_form: bool) -> Decimal | None:
    """The value of digits with separators, or None when the separators make no sense."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) != 1:
            return None
        whole, fraction = text.split(decimal_mark)
        if not _is_grouped(whole, group_mark):
            return None
        return _decimal(whole.replace(group_mark, ""), fraction)
    if dots or commas:
        mark = "." if dots else ","
        comma_is_decimal = in_unit_form and mark == ","
        if not comma_is_decimal and _is_grouped(text, mark):
            return _decimal(text.replace(mark, ""), "")
        if text.count(mark) != 1:
            return None
        whole, fraction = text.split(mark)
        return _decimal(whole, fraction)
    return _decimal(text, "")


def _is_grouped(text: str, mark: str) -> bool:
    return _GROUPED[mark].fullmatch(text) is not None


def _decimal(whole: str, fraction: str) -> Decimal | None:
    # ASCII digits only: Decimal() would also read other scripts' digits.
    if _DIGITS.fullmatch(whole) is None or _DIGITS.fullmatch(fraction or "0") is None:
        return None
    return Decimal(f"{whole}.{fraction or '0'}")


@lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError) as error:
        raise InvalidValue("locale", name, "is not a locale Babel knows") from error


@lru_cache(maxsize=32)
def _whole_currency_pattern(name: str) -> str:
    # The locale's own currency pattern (symbol position, spacing, minus sign) with its
    # fraction digits removed, so no ",00" appears whatever CLDR says about IDR digits.
    pattern = _locale(name).currency_formats["standard"].pattern
    return re.sub(r"\.[0#]+", "", pattern)
