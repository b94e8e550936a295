"""The text rule: what a caller may send as a name, a reference or free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import names
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values.text import (
    MAX_COMMAND_ID_LENGTH,
    MAX_FREE_TEXT_LENGTH,
    MAX_LIST_LENGTH,
    MAX_NAME_LENGTH,
    command_id_text,
    free_text,
    name_text,
    name_texts,
    note_text,
    optional_name,
)

#: Texts no caller may send as a name, and what the refusal says about each.
BAD_NAMES = {
    "a lone surrogate": ("Tenun \ud800", "surrogate"),
    "a low surrogate alone": ("\udc00Songket", "surrogate"),
    "NUL": ("Tenun\x00Songket", "control character U+0000"),
    "escape": ("Tenun\x1b[31m", "control character U+001B"),
    "delete": ("Tenun\x7f", "control character U+007F"),
    "a newline": ("Tenun\nSongket", "control character U+000A"),
    "a tab": ("Tenun\tSongket", "control character U+0009"),
    "a line separator": ("Tenun\u2028Songket", "one line"),
    "empty": ("", "blank"),
    "blanks": ("   ", "blank"),
    "zero-width space only": ("\u200b", "blank"),
    "zero-width joiner and word joiner": ("\u200d\u2060", "blank"),
    "byte order marks and spaces": (" \ufeff \ufeff ", "blank"),
    "too long": ("x" * (MAX_NAME_LENGTH + 1), f"longer than {MAX_NAME_LENGTH}"),
}


@pytest.mark.parametrize("kind", sorted(BAD_NAMES))
def test_a_name_breaking_the_rule_is_refused_naming_the_field(kind: str) -> None:
    # given a text no name may be
    text, problem = BAD_NAMES[kind]
    # when it is sent as a name, then it is refused, located and explained
    with pytest.raises(InvalidValue) as refused:
        name_text(text, "enterprise.name")
    assert refused.value.field == "enterprise.name"
    assert problem in refused.value.problem
    # and the error itself can be printed and stored (no raw surrogate in it)
    str(refused.value).encode("utf-8")


@pytest.mark.parametrize(
    "value", [None, 5, 1.5, b"Tenun", ["Tenun"], 10**5000], ids=lambda v: type(v).__name__
)
def test_a_name_that_is_not_a_text_is_refused(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        name_text(value, "name")
    assert refused.value.problem == "must be a text"
    str(refused.value)


def test_a_name_is_kept_as_typed_inside_and_stripped_around() -> None:
    assert name_text("  Tenun  Songket\u200dSiti ", "name") == "Tenun  Songket\u200dSiti"
    assert name_text("x" * MAX_NAME_LENGTH + "   ", "name") == "x" * MAX_NAME_LENGTH
    assert optional_name(None, "partner") is None


def test_free_text_takes_newlines_and_tabs_and_a_page_of_text() -> None:
    assert free_text(" alat tenun\n\tuntuk 5 penenun ", "justification") == (
        "alat tenun\n\tuntuk 5 penenun"
    )
    assert free_text("x" * MAX_FREE_TEXT_LENGTH, "note") == "x" * MAX_FREE_TEXT_LENGTH
    for bad in ("x" * (MAX_FREE_TEXT_LENGTH + 1), "a\x00b", "a\ud800", "\u200b \n"):
        with pytest.raises(InvalidValue):
            free_text(bad, "justification")


def test_a_note_may_be_empty_but_never_garbled() -> None:
    assert note_text("  ", "note") == ""
    with pytest.raises(InvalidValue):
        note_text("a\x07", "note")


def test_a_list_of_names_locates_the_bad_one() -> None:
    assert name_texts([" songket ", "batik"], "topics") == ("songket", "batik")
    with pytest.raises(InvalidValue) as refused:
        name_texts(["songket", "\u200b"], "topics")
    assert refused.value.field == "topics[1]"
    for bad in ("songket", None, ["x"] * (MAX_LIST_LENGTH + 1)):
        with pytest.raises(InvalidValue):
            name_texts(bad, "topics")
    with pytest.raises(InvalidValue):
        name_texts([], "topics", at_least=1)


@given(names(), st.sampled_from(["\x00", "\ud800", "\x1b", "\n"]), st.integers(0, 40))
def test_any_name_with_a_forbidden_character_anywhere_is_refused(
    name: str, bad: str, where: int
) -> None:
    text = name[:where] + bad + name[where:]
    with pytest.raises(InvalidValue):
        name_text(text, "name")


@given(names())
def test_any_name_of_the_strategy_is_accepted_and_stored_as_utf8(name: str) -> None:
    accepted = name_text(name, "name")
    assert accepted == name.strip()
    accepted.encode("utf-8")


# -- command ids --------------------------------------------------------------------------

BAD_COMMAND_IDS = [
    "",
    " ",
    "abc ",
    " abc",
    "abc\n",
    "a\x00b",
    "a\ud800",
    "a\u200bb",
    "a\u00a0b",
    "x" * (MAX_COMMAND_ID_LENGTH + 1),
    None,
    17,
]


@pytest.mark.parametrize("command_id", BAD_COMMAND_IDS, ids=lambda v: repr(v)[:20])
def test_a_command_id_is_printable_and_never_trimmed(command_id: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        command_id_text(command_id)
    assert refused.value.field == "command_id"
    str(refused.value).encode("utf-8")


def test_a_command_id_is_taken_exactly_as_given() -> None:
    for command_id in ("form-17", "sid:0001/2016", "a b", "x" * MAX_COMMAND_ID_LENGTH, "é"):
        assert command_id_text(command_id) == command_id
