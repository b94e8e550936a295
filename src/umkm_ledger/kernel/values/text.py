"""Text a caller sends: one rule for every name, reference and free text the ledger records.

Whatever the text (an enterprise's name, a BAST's place, a grant's justification, the
envelope's reason), it is refused with :class:`InvalidValue` naming the field when it:

* is not a ``str`` at all;
* holds a lone surrogate (``"\\ud800"``): it is no character, and no database can store it;
* holds a control character (NUL, ESC, DEL...): NUL cannot be stored in PostgreSQL and the
  others garble terminals and reports. Free text may hold newlines and tabs; names may not
  (a name is one line);
* is blank once whitespace and the invisible format characters (zero-width space U+200B,
  zero-width joiner U+200D, word joiner U+2060, byte order mark U+FEFF...) are taken out:
  such a name looks empty on every screen;
* is longer than its bound once stripped: :data:`MAX_NAME_LENGTH` characters for names and
  references, :data:`MAX_FREE_TEXT_LENGTH` for free text.

Accepted text is returned stripped of leading and trailing whitespace. These rules judge
what callers send; stored facts are read back as they were recorded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = [
    "MAX_COMMAND_ID_LENGTH",
    "MAX_FREE_TEXT_LENGTH",
    "MAX_LIST_LENGTH",
    "MAX_NAME_LENGTH",
    "command_id_text",
    "free_text",
    "free_texts",
    "name_text",
    "name_texts",
    "note_text",
    "optional_name",
    "shown_text",
]

#: Names and references (an enterprise, a funder, a street, a BAST number, a topic): one
#: line of at most 200 characters, longer than any real name in the seeds fourfold.
MAX_NAME_LENGTH = 200
#: Free text (a justification, notes, a reason, an outcome): at most 4000 characters,
#: about a page, where newlines and tabs are allowed.
MAX_FREE_TEXT_LENGTH = 4000
#: A list of names (topics, witnesses, products): at most 200 of them.
MAX_LIST_LENGTH = 200
#: A command id: 1 to 200 printable characters, no whitespace around it.
MAX_COMMAND_ID_LENGTH = 200

# What is shown of a refused text in an error: enough to find it, never a page of it.
_SHOWN = 60
_FREE_TEXT_CONTROLS = frozenset("\n\t")


def shown_text(value: str) -> str:
    """``value`` as an error may show it: cut short, lone surrogates escaped (an error
    message must itself be printable and storable)."""
    cut = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(value: object) -> object:
    return shown_text(value) if isinstance(value, str) else type(value).__name__


def _problem(value: str, *, free: bool, max_length: int, blank_ok: bool) -> str | None:
    """What is wrong with ``value`` as a text, or None."""
    if value.isprintable():
        # The common case, judged without a look at each character: a printable text
        # holds no surrogate, control, format or line separator, and its only
        # whitespace is the space.
        stripped = value.strip()
        if not stripped and not blank_ok:
            return N_("must not be blank (invisible characters such as U+200B do not count)")
        if len(stripped) > max_length:
            return N_("is longer than {maximum} characters", maximum=max_length)
        return None
    visible = 0
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return N_("holds a lone surrogate, which is not a character")
        if category == "Cc" and not (free and char in _FREE_TEXT_CONTROLS):
            if free:
                return N_(
                    "holds a control character U+{code:04X} (newlines and tabs are allowed)",
                    code=ord(char),
                )
            return N_("holds a control character U+{code:04X}", code=ord(char))
        if not free and category in ("Zl", "Zp"):
            return N_("must be one line")
        if category != "Cf" and not char.isspace():
            visible += 1
    # An optional text may be left empty, but not filled with what cannot be seen.
    if not visible and not (blank_ok and not value.strip()):
        return N_("must not be blank (invisible characters such as U+200B do not count)")
    if len(value.strip()) > max_length:
        return N_("is longer than {maximum} characters", maximum=max_length)
    return None


def _text(value: object, field: str, *, free: bool, max_length: int, blank_ok: bool) -> str:
    if not isinstance(value, str):
        raise InvalidValue(field, _shown(value), "must be a text")
    problem = _problem(value, free=free, max_length=max_length, blank_ok=blank_ok)
    if problem is not None:
        raise InvalidValue(field, shown_text(value), problem)
    return value.strip()


def name_text(value: object, field: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """A name or a reference: one line, not blank, at most ``max_length`` characters;
    returned stripped."""
    return _text(value, field, free=False, max_length=max_length, blank_ok=False)


def optional_name(value: object, field: str) -> str | None:
    """None, or a :func:`name_text`."""
    return None if value is None else name_text(value, field)


def free_text(value: object, field: str, *, optional: bool = False) -> str:
    """Free text (newlines and tabs allowed), at most :data:`MAX_FREE_TEXT_LENGTH`
    characters, returned stripped; empty (or whitespace) only when ``optional``, then
    returned as ``""``."""
    return _text(value, field, free=True, max_length=MAX_FREE_TEXT_LENGTH, blank_ok=optional)


def note_text(value: object, field: str) -> str:
    """Free text that may be left empty (a note, the notes of a session): ``""`` then;
    a text of invisible characters only is refused, as it is everywhere."""
    return free_text(value, field, optional=True)


def free_texts(values: object, field: str) -> tuple[str, ...]:
    """A list of free texts (reasons), each a :func:`free_text` located ``field[i]``."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidValue(field, _shown(values), "must be a list of texts")
    if len(values) > MAX_LIST_LENGTH:
        raise InvalidValue(
            field, f"{len(values)} texts", N_("lists more than {maximum}", maximum=MAX_LIST_LENGTH)
        )
    return tuple(free_text(value, f"{field}[{index}]") for index, value in enumerate(values))


def name_texts(values: object, field: str, *, at_least: int = 0) -> tuple[str, ...]:
    """A list of names (each a :func:`name_text`, located ``field[i]``), at least
    ``at_least`` and at most :data:`MAX_LIST_LENGTH` of them."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidValue(field, _shown(values), "must be a list of texts")
    if len(values) > MAX_LIST_LENGTH:
        raise InvalidValue(
            field, f"{len(values)} texts", N_("lists more than {maximum}", maximum=MAX_LIST_LENGTH)
        )
    names = tuple(name_text(value, f"{field}[{index}]") for index, value in enumerate(values))
    if len(names) < at_least:
        raise InvalidValue(field, list(names), N_("must name at least {minimum}", minimum=at_least))
    return names


def command_id_text(value: object, field: str = "command_id") -> str:
    """A command id as given: 1 to :data:`MAX_COMMAND_ID_LENGTH` printable characters,
    no leading or trailing whitespace. Never trimmed: ``"form-17 "`` is refused, not
    taken to be ``"form-17"``, since a system that pads its ids has a bug worth hearing."""
    if not isinstance(value, str):
        raise InvalidValue(field, _shown(value), "must be a text")
    if not value:
        raise InvalidValue(field, value, "must not be empty")
    if len(value) > MAX_COMMAND_ID_LENGTH:
        raise InvalidValue(
            field,
            shown_text(value),
            N_("is longer than {maximum} characters", maximum=MAX_COMMAND_ID_LENGTH),
        )
    if value != value.strip():
        raise InvalidValue(field, value, "must not begin or end with whitespace")
    if not value.isprintable():
        raise InvalidValue(
            field,
            shown_text(value),
            "must be printable characters only (no control, format or surrogate characters)",
        )
    return value
