"""One catalogue for every text the ledger says to people, and no text that escapes it.

Given the source and the Indonesian catalogue: every marked text (extracted from the source
as Babel extracts it), every lifecycle word and every business rule's words has an
Indonesian form with the same placeholders; and nowhere is text for people built so that
the catalogue cannot find it (an f-string handed to an error, an ``N_`` hidden in an
f-string, a ``*_problem`` function returning an unmarked text).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

import umkm_ledger
import umkm_ledger.kernel.rules
from umkm_ledger.i18n.catalogue import (
    CATALOGUE_DIR,
    extract,
    fields_of,
    marked,
    translations,
    vocabulary,
)
from umkm_ledger.i18n.labels import LANGUAGES, Labels
from umkm_ledger.kernel import errors
from umkm_ledger.kernel.lifecycle import lifecycles

PACKAGE = Path(umkm_ledger.__file__).parent
OTHER_LANGUAGES = sorted(language for language in LANGUAGES if language != "en")


def _subclasses(cls: type) -> Iterator[type]:
    subclass: type
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


RULES = sorted(_subclasses(errors.BusinessRuleViolation), key=lambda c: c.__name__)


def test_every_language_but_english_has_a_catalogue_shipped_in_the_package() -> None:
    assert sorted(p.stem for p in CATALOGUE_DIR.glob("*.po")) == OTHER_LANGUAGES
    assert CATALOGUE_DIR.is_relative_to(PACKAGE)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_marked_text_has_a_translation(language: str) -> None:
    have = translations(language)
    missing = sorted(text for text in marked() if text not in have)
    assert not missing, (
        f"untranslated in {language}.po (python -m umkm_ledger.i18n.translate update): {missing}"
    )


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_the_placeholders_of_their_text(language: str) -> None:
    wrong = {
        english: translated
        for english, translated in translations(language).items()
        if not fields_of(translated) <= fields_of(english)
    }
    assert not wrong
    for english, translated in translations(language).items():
        if fields_of(english):
            translated.format_map(dict.fromkeys(fields_of(english), 1))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_every_business_rule_states_itself_in_indonesian(rule: type) -> None:
    words = rule.rule()  # type: ignore[attr-defined]
    said = Labels("id", strict=True).text(words)
    assert said != words


def test_every_lifecycle_word_is_in_the_vocabulary() -> None:
    words = vocabulary()
    assert len(lifecycles()) == 10
    for record, cycle in lifecycles().items():
        for kind in (cycle.status, cycle.action):
            assert {str(member.value) for member in kind} <= words, record


def test_the_extraction_finds_templates_where_they_are_marked() -> None:
    found = extract()
    assert "no {kind} with id {identifier} in this ledger" in found  # N_ in errors.py
    assert "must be a date" in found  # InvalidValue's problem
    assert "a cancellation" in found  # require_reason's action
    assert "Size class" in found  # a label


# -- nothing escapes the catalogue ---------------------------------------------------


def _error_classes() -> tuple[set[str], set[str]]:
    every = {c.__name__ for c in _subclasses(errors.UmkmLedgerError)} | {"UmkmLedgerError"}
    located = {c.__name__ for c in _subclasses(errors.InvalidValue)} | {"InvalidValue"}
    return every, located


def _is_built(node: ast.expr) -> bool:
    """Text put together where it is raised: an f-string of prose (a field's path such as
    ``f"{where}.nik"`` has no space, and is not prose), a concatenation, ``.format()``."""
    if isinstance(node, ast.JoinedStr):
        literal = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return any(isinstance(v, ast.FormattedValue) for v in node.values) and " " in literal
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return any(
            _is_built(side) or (isinstance(side, ast.Constant) and isinstance(side.value, str))
            for side in (node.left, node.right)
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
    if isinstance(node, ast.IfExp):
        return _is_built(node.body) or _is_built(node.orelse)
    return False


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _escapes() -> Iterator[str]:
    every, located = _error_classes()
    for path, tree in _sources():
        where = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "N_":
                        yield f"{where}:{inner.lineno}: N_ inside an f-string is not extracted"
            if isinstance(node, ast.FunctionDef) and node.name.endswith("problem"):
                for returned in ast.walk(node):
                    if not isinstance(returned, ast.Return):
                        continue
                    text = returned.value
                    if isinstance(text, ast.JoinedStr) or (
                        isinstance(text, ast.Constant) and isinstance(text.value, str)
                    ):
                        yield f"{where}:{returned.lineno}: {node.name} returns an unmarked text"
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "N_":
                given = node.args[:1]
            elif name in every:
                # An InvalidValue's field and shown value are data, not text to translate.
                given = node.args[2:] if name in located else list(node.args)
                given += [keyword.value for keyword in node.keywords]
            else:
                continue
            for argument in given:
                if _is_built(argument):
                    yield f"{where}:{argument.lineno}: {name} gets built text: use N_(template)"


def test_no_text_for_people_is_built_where_the_catalogue_cannot_find_it() -> None:
    assert list(_escapes()) == []


def _text_positions() -> dict[str, int]:
    """Each error class, and where its constructor takes text for people (a parameter
    named ``message``, ``problem`` or ``detail``)."""
    found = {}
    for cls in [errors.UmkmLedgerError, *_subclasses(errors.UmkmLedgerError)]:
        names = list(inspect.signature(cls).parameters)
        for index, name in enumerate(names):
            if name in ("message", "problem", "detail"):
                found[cls.__name__] = index
    return found


def test_every_literal_text_an_error_is_given_is_in_the_catalogue() -> None:
    positions = _text_positions()
    known = marked()
    unknown = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = positions.get(str(name))
            if index is None or len(node.args) <= index:
                continue
            text = node.args[index]
            literal = isinstance(text, ast.Constant) and isinstance(text.value, str)
            if literal and text.value not in known:  # type: ignore[attr-defined]
                unknown.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {name}")
    assert unknown == []


def test_every_rule_says_its_message_as_a_marked_template() -> None:
    source = Path(umkm_ledger.kernel.rules.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name in {r.__name__ for r in RULES}:
            calls = [
                call
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "__init__"
            ]
            for call in calls:
                (message,) = call.args
                made = (
                    [message.body, message.orelse] if isinstance(message, ast.IfExp) else [message]
                )
                for each in made:
                    assert isinstance(each, ast.Call), node.name
                    assert getattr(each.func, "id", None) == "N_", node.name
