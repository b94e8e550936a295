"""The bounds of every number and date a caller sends.

A figure outside them is a typing error or an attack, never a fact: a target of 10**20
enterprises, a year 0, a training on 1 January of the year 1. Refusing them at the door
keeps every stored number inside the views' 64-bit columns and every date inside the
calendars the reports print.

* counts (targets, opening balances, baselines, quantities, whole-number indicator
  parameters, event versions): whole numbers from 0 (or 1) to :data:`MAX_COUNT`;
* years: :data:`MIN_YEAR` to :data:`MAX_YEAR`;
* dates of facts (effective dates, founding dates, training and exhibition days,
  planned and due dates, the ends of periods): :data:`EARLIEST_DATE` to
  :data:`LATEST_DATE` (an effective date may also not be in the future);
* numbers written as text: at most :data:`MAX_NUMBER_DIGITS` digits, checked before
  they are converted (Python refuses to convert more than 4300 digits, with a raw
  ``ValueError``);
* amounts of money: at most :data:`umkm_ledger.kernel.values.money.MAX_AMOUNT`.
"""

from __future__ import annotations

import math
import re
from datetime import date

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MAX_COUNT",
    "MAX_NUMBER_DIGITS",
    "MAX_YEAR",
    "MIN_YEAR",
    "calendar_year",
    "effective_day",
    "fact_date",
    "number_from_text",
    "shown_number",
    "whole_number",
]

#: A billion: more people, enterprises or pieces than Indonesia has (about 280 million
#: people, 65 million UMKM), and far inside a 64-bit column.
MAX_COUNT = 10**9
MIN_YEAR = 1900
MAX_YEAR = 2200
#: No fact the ledger records happened before 1900 (the oldest enterprise or group a
#: program meets is younger) or after 2200.
EARLIEST_DATE = date(MIN_YEAR, 1, 1)
LATEST_DATE = date(MAX_YEAR, 12, 31)
#: Digits a number written as text may have (an amount in rupiah has at most 17).
MAX_NUMBER_DIGITS = 30

_INTEGER = re.compile(r"[-+]?[0-9]+")
_LOG10_2 = math.log10(2)


def shown_number(value: object) -> object:
    """``value`` as an error may show it: an int too long to print (Python will not turn
    more than 4300 digits into text) is described by its length instead."""
    if isinstance(value, int) and value.bit_length() * _LOG10_2 > MAX_NUMBER_DIGITS:
        return f"<a number of about {int(value.bit_length() * _LOG10_2) + 1} digits>"
    return value


def whole_number(value: object, field: str, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """``value`` if it is an int (not a bool) from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, shown_number(value), "must be a whole number")
    if not minimum <= value <= maximum:
        raise InvalidValue(
            field,
            shown_number(value),
            N_(
                "must be a whole number from {minimum} to {maximum:,}",
                minimum=minimum,
                maximum=maximum,
            ),
        )
    return int(value)


def calendar_year(value: object, field: str = "year") -> int:
    """A calendar year from :data:`MIN_YEAR` to :data:`MAX_YEAR`, as an int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, shown_number(value), "must be a calendar year (a whole number)")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidValue(
            field,
            shown_number(value),
            N_("must be a year from {first} to {last}", first=MIN_YEAR, last=MAX_YEAR),
        )
    return int(value)


def fact_date(value: object, field: str) -> date:
    """``value`` if it is a date (not a datetime) from :data:`EARLIEST_DATE` to
    :data:`LATEST_DATE`."""
    if type(value) is date and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidValue(
            field,
            value.isoformat(),
            N_(
                "must be from {first} to {last}",
                first=EARLIEST_DATE.isoformat(),
                last=LATEST_DATE.isoformat(),
            ),
        )
    return effective_day(value, field)


def effective_day(value: object, field: str = "effective_date") -> date:
    """``value`` if it is a date (not a datetime) not before :data:`EARLIEST_DATE`: an
    effective date, whose upper bound is today (``EffectiveDateInFuture`` says so)."""
    if type(value) is not date:
        raise InvalidValue(field, shown_number(value), "must be a date")
    if value < EARLIEST_DATE:
        raise InvalidValue(
            field, value.isoformat(), N_("must not be before {first}", first=EARLIEST_DATE)
        )
    return value


def number_from_text(text: str, field: str) -> int:
    """A whole number written in ASCII digits (a sign allowed), refused before conversion
    when it has more than :data:`MAX_NUMBER_DIGITS` digits."""
    cleaned = text.strip()
    if _INTEGER.fullmatch(cleaned) is None:
        raise InvalidValue(field, cleaned[:40], "must be a whole number written in digits")
    if len(cleaned.lstrip("+-")) > MAX_NUMBER_DIGITS:
        raise InvalidValue(
            field,
            f"<{len(cleaned)} characters>",
            N_("has more than {maximum} digits", maximum=MAX_NUMBER_DIGITS),
        )
    return int(cleaned)
