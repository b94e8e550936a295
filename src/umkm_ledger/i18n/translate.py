"""Keep the catalogues in step with the source: ``python -m umkm_ledger.i18n.translate``.

``update [LANGUAGE...]`` adds every text the source marks (and the vocabulary) that a
catalogue lacks, with an empty translation, keeps every translation it has, and drops
texts no longer used; ``check [LANGUAGE...]`` lists the texts without a translation and
exits 1 if there is any. Without a language, every catalogue in ``translations/``.
A new language is a new catalogue: copy ``id.po`` to ``xx.po``, empty its translations
(or start from ``update`` on an empty file), and add ``xx`` to
:data:`umkm_ledger.i18n.labels.LANGUAGES`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from umkm_ledger.i18n.catalogue import (
    CATALOGUE_DIR,
    catalogue_path,
    marked,
    translations,
)

__all__ = ["main", "untranslated", "update"]


def update(language: str) -> None:
    """Rewrite ``language``'s catalogue with every text there is to translate."""
    path = catalogue_path(language)
    if path.exists():
        with path.open("rb") as po:
            old = read_po(po, locale=language)
    else:
        old = Catalog(locale=language, project="umkm_ledger")
    wanted = marked()
    fresh = Catalog(
        locale=language,
        project="umkm_ledger",
        fuzzy=False,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    fresh.header_comment = old.header_comment
    for text in sorted(wanted):
        kept = old.get(text)
        fresh.add(
            text, "" if kept is None else kept.string, flags=() if kept is None else kept.flags
        )
    with path.open("wb") as po:
        write_po(po, fresh, width=96, no_location=True, omit_header=False, sort_output=True)
    print(f"{path}: {len(wanted)} texts, {len(untranslated(language))} untranslated")


def untranslated(language: str) -> list[str]:
    """The texts ``language``'s catalogue has no translation of."""
    translations.cache_clear()
    have = translations(language)
    return sorted(text for text in marked() if text not in have)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "check"
    languages = args or sorted(path.stem for path in CATALOGUE_DIR.glob("*.po"))
    if command == "update":
        for language in languages:
            update(language)
        return 0
    if command == "check":
        missing = {language: untranslated(language) for language in languages}
        for language, texts in missing.items():
            for text in texts:
                print(f"{language}: untranslated: {text!r}")
        return 1 if any(missing.values()) else 0
    print("usage: python -m umkm_ledger.i18n.translate update|check [LANGUAGE...]")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
