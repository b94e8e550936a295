"""The catalogue of text for people: what the source marks, and its other languages.

Text for people is written in English in the source and marked (``N_("...")``, or the
problem of an ``InvalidValue``); each other language has one gettext catalogue shipped in
the package, ``translations/<language>.po``, read with Babel when first needed (no build
step, no compiled ``.mo``). A few words reach the catalogue without a literal in the source:
the statuses and actions of the lifecycles, the kinds of record and each business rule's
words (its docstring); :func:`vocabulary` lists them.

``python -m umkm_ledger.i18n.translate update`` brings the catalogues up to date
with the source (:mod:`.translate`). See ``docs/how-to/translate-the-ledger.md``.
"""

from __future__ import annotations

import contextlib
import functools
import io
import string
from collections.abc import Iterator, Mapping
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from umkm_ledger.kernel.errors import BusinessRuleViolation
from umkm_ledger.kernel.lifecycle import lifecycles
from umkm_ledger.kernel.records import RECORD_KINDS
from umkm_ledger.kernel.vocabulary import terms

__all__ = [
    "CATALOGUE_DIR",
    "KEYWORDS",
    "catalogue_path",
    "extract",
    "fields_of",
    "marked",
    "translations",
    "vocabulary",
]

#: Where the catalogues are: one ``<language>.po`` per language other than English.
CATALOGUE_DIR = Path(__file__).parent / "translations"
_PACKAGE = Path(__file__).parents[1]

#: How text for people is marked in the source (Babel's extraction keywords: the
#: argument that holds the text).
KEYWORDS: Mapping[str, tuple[int, ...] | None] = {
    "N_": None,
    "InvalidValue": (3,),
    "LedgerNotIntact": (3,),
    "ConfigurationError": (1,),
    "ConcurrencyConflict": (1,),
    # Functions whose argument names a thing in an error's words.
    "NotFound": (1,),
    "require_reason": (2,),
    "instance": (2,),
    "listed": (3,),
    "as_list": (3,),
    "to_texts": (3,),
}


def catalogue_path(language: str) -> Path:
    return CATALOGUE_DIR / f"{language}.po"


@functools.cache
def translations(language: str) -> Mapping[str, str]:
    """Each translated English text (a template) and its form in ``language``; texts
    without a translation yet (or marked fuzzy) are left out."""
    with catalogue_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def fields_of(template: str) -> set[str]:
    """The names a template's placeholders use (``{grant}``, ``{key!r}``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def extract() -> dict[str, list[tuple[str, int]]]:
    """Every text the source marks, with where (file, line) it is marked."""
    found: dict[str, list[tuple[str, int]]] = {}
    # Babel warns of every f-string in a marked call; those in other arguments (a
    # field's path, a shown value) are not text to translate.
    with contextlib.redirect_stderr(io.StringIO()):
        extracted = list(
            extract_from_dir(
                str(_PACKAGE),
                method_map=[("**.py", "python")],
                keywords=dict(KEYWORDS),
                comment_tags=(),
                strip_comment_tags=True,
            )
        )
    for filename, line, message, _comments, _context in extracted:
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((filename, line))
    return found


def vocabulary() -> set[str]:
    """Texts shown to people that are not written as a literal where they are shown:
    lifecycle statuses and actions, the kinds of funding, aid, mentor and figure, kinds
    of record, and every business rule's words."""
    # Registered by each context as its modules are imported (importing a module of
    # this package imports the package, and so every context).
    kinds = terms()
    for cycle in lifecycles().values():
        kinds += [cycle.status, cycle.action]
    words = {str(member.value) for kind in kinds for member in kind}
    words.update(RECORD_KINDS.values())
    words.update(str(rule.rule()) for rule in _subclasses(BusinessRuleViolation))
    return words


def _subclasses(cls: type[BusinessRuleViolation]) -> Iterator[type[BusinessRuleViolation]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def marked() -> set[str]:
    """Every text a catalogue should have: the marked ones and the vocabulary."""
    return set(extract()) | vocabulary()
