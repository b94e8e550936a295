"""People typed on the command line: ``--owner`` and ``--person`` as
``NAME,NIK,GENDER,BIRTH_YEAR``.

An error quotes what was typed, so the user can see which part is wrong, but never the
person: names are cut to their initials and a NIK (any long run of digits) is masked as
the ledger masks NIKs (region and last two digits). The separators and the other parts
stay as typed (``D*******;160914********03;M;1979`` shows that ``;`` was used instead of
``,``). An error the ledger finds in one part (a NIK of 15 digits, a gender that does
not match the NIK) is about the option as typed: ``--owner[1].nik`` for the second
``--owner``, with that part shown the same way.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.text import shown_text

__all__ = ["PERSON_FORM", "people_typed", "person_fields", "shown_person"]

PERSON_FORM = "NAME,NIK,GENDER,BIRTH_YEAR"
_PARTS = ("name", "nik", "gender", "birth_year")
# Parts that may hold a name (a NIK typed where the name goes is caught by the digits).
_NAMED_PARTS = frozenset({"name", "nik"})
_NIK_LENGTH = 16
# A run of digits this long may be (part of) a NIK; a birth year has four.
_LONG_DIGITS = re.compile(r"[0-9]{5,}")
# A letter that follows a letter: what is hidden of a name, keeping each word's initial.
_INNER_LETTER = re.compile(r"(?<=[^\W\d_])[^\W\d_]")


def _masked_digits(match: re.Match[str]) -> str:
    digits = match.group()
    if len(digits) == _NIK_LENGTH:
        return digits[:6] + "*" * 8 + digits[-2:]
    return digits[:4] + "*" * (len(digits) - 4)


def _shown_part(text: str, named: bool) -> str:
    """One part as an error may show it: long digit runs masked, and, where the part may
    be a name, every letter but each word's first."""
    hidden = _INNER_LETTER.sub("*", text) if named else text
    return _LONG_DIGITS.sub(_masked_digits, hidden)


def shown_person(text: str) -> str:
    """``text`` (``NAME,NIK,GENDER,BIRTH_YEAR`` as typed, right or wrong) as an error may
    show it: the name part (everything before the first comma) as initials, NIKs masked,
    cut short as errors cut what they show."""
    parts = text.split(",")
    return shown_text(",".join(_shown_part(part, index == 0) for index, part in enumerate(parts)))


def person_fields(text: str, option: str) -> dict[str, str]:
    """The fields of ``NAME,NIK,GENDER,BIRTH_YEAR`` typed for ``option``; the ledger
    checks each (the NIK against the gender and the birth year)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != len(_PARTS):
        raise InvalidValue(
            option,
            shown_person(text),
            N_(
                "needs four comma-separated parts, {form}; it has {count}",
                form=PERSON_FORM,
                count=len(parts),
            ),
        )
    return dict(zip(_PARTS, parts, strict=True))


@contextlib.contextmanager
def people_typed(option: str, typed: Sequence[str], field: str) -> Iterator[None]:
    """Errors the ledger finds in the people of ``field`` (``owners``: ``owners[0].nik``;
    ``person``: ``person.nik``), said about ``option`` as typed (``typed``: each value
    given, in order), with the part shown as :func:`shown_person` shows it."""
    try:
        yield
    except InvalidValue as error:
        located = _located(error, option, typed, field)
        if located is None:
            raise
        raise located from None


def _located(
    error: InvalidValue, option: str, typed: Sequence[str], field: str
) -> InvalidValue | None:
    found = re.fullmatch(rf"{re.escape(field)}(?:\[(\d+)\])?\.({'|'.join(_PARTS)})", error.field)
    if found is None:
        return None
    index = int(found.group(1) or 0)
    if index >= len(typed):
        return None
    part = found.group(2)
    parts = person_fields(typed[index], option)
    where = f"{option}[{index}].{part}" if found.group(1) is not None else f"{option}.{part}"
    shown = shown_text(_shown_part(parts[part], part in _NAMED_PARTS))
    # The same kind of error (as InvalidValue.at makes it), about what was typed.
    located = type(error).__new__(type(error))
    InvalidValue.__init__(located, where, shown, error.problem)
    return located
