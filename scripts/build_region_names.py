"""Build the region names data set that umkm_ledger ships, from its source.

The source is cahyadsn/wilayah (MIT licence), a public repository that keeps the
Kemendagri code lists as SQL dumps, one per edition of the list. This script reads the
editions named in :data:`EDITIONS` from a checkout of that repository at
:data:`SOURCE_COMMIT`, checks each file's SHA-256 (a checkout of another commit is refused,
so the data says truthfully where it comes from), and writes into
``src/umkm_ledger/platform/regions/data/``:

* one ``<edition>.tsv.gz`` per edition: ``code<TAB>name`` per line, sorted by code;
* ``changes-<old>--<new>.tsv.gz``: how each code of the older edition that is not the
  same code with the same name in the newer one maps into it (``moved``, ``renamed`` or
  ``gone``: see :func:`derive_changes`);
* ``editions.json``: the editions, their files' SHA-256, counts per level, and the source.

The output is byte for byte the same on every run (gzip without a time stamp, rows
sorted, JSON with sorted keys), so a rebuild shows as no diff. Usage::

    git clone https://github.com/cahyadsn/wilayah /tmp/wilayah
    git -C /tmp/wilayah checkout b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7
    PYTHONPATH=src python scripts/build_region_names.py /tmp/wilayah

The names are the source's, with three changes, all made here: spaces trimmed and
collapsed; in lists that write provinces and kabupaten in capitals (the 2022 edition's
``KAB. OGAN ILIR``) those names written as the newest edition writes the same code's name
when it is the same name (``Kabupaten Ogan Ilir``), else abbreviations written out and
words capitalised (``KAB. SORONG`` becomes ``Kabupaten Sorong``; ``DKI`` stays).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from umkm_ledger.platform.regions.keys import search_key

SOURCE_REPOSITORY = "https://github.com/cahyadsn/wilayah"
SOURCE_COMMIT = "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7"
SOURCE_LICENCE = "MIT (Copyright (c) 2017-2025 Cahya DSN)"
OUTPUT = Path(__file__).parents[1] / "src" / "umkm_ledger" / "platform" / "regions" / "data"


@dataclass(frozen=True)
class Edition:
    #: The edition as a ledger records it (``RegionCode.edition``).
    name: str
    #: The data file's name in the package.
    slug: str
    #: The file in the source repository, and its SHA-256 at SOURCE_COMMIT.
    path: str
    sha256: str
    #: What the source file says it is (its header, or the repository's README for it).
    stated: str


#: Oldest first. The first is the ledger's default edition (DEFAULT_EDITION).
EDITIONS = (
    Edition(
        name="Kepmendagri 100.1.1-6117/2022",
        slug="kepmendagri-100.1.1-6117-2022",
        path="db/archive/wilayah_2023.sql",
        sha256="dc105d79c39430da9eb3666e62f18818df3ed4a308121d1c219b2e697bfc2978",
        stated="Data Kode Wilayah sesuai Kepmendagri No 100.1.1-6117 Tahun 2022",
    ),
    Edition(
        name="Kepmendagri 300.2.2-2138/2025",
        slug="kepmendagri-300.2.2-2138-2025",
        path="db/wilayah.sql",
        sha256="c4c3396d9380d4edee072af1d9dff83573b574d7cd00a6562cf82e200e954031",
        stated=(
            "Data Kode Wilayah sesuai Kepmendagri No 300.2.2-2138 Tahun 2025 "
            "(the file's header; last edit 2026-02-13)"
        ),
    ),
)

# ('16.10.08.2003','Tebing Gerinting Selatan'): SQL string literals, '' for a quote.
_ROW = re.compile(r"\(\s*'([0-9.]+)'\s*,\s*'((?:[^']|'')*)'\s*\)")
_ROW_START = re.compile(r"\(\s*['\"][0-9]")
_SPACES = re.compile(r"\s+")
# Written in capitals in the older lists, kept so when a name is capitalised.
_ACRONYMS = frozenset({"DKI", "DI"})
_ABBREVIATIONS = {"KAB.": "Kabupaten", "ADM.": "Administrasi", "KEP.": "Kepulauan"}


def parse_sql(text: str) -> dict[str, str]:
    """The (code, name) rows of one of the source's SQL dumps."""
    rows = _ROW.findall(text)
    if len(rows) != len(_ROW_START.findall(text)):
        raise ValueError("a row of the dump is not a ('code','name') pair this script reads")
    parsed: dict[str, str] = {}
    for code, name in rows:
        if code in parsed:
            raise ValueError(f"code {code} appears twice")
        parsed[code] = _SPACES.sub(" ", name.replace("''", "'")).strip()
    return parsed


def level_of(code: str) -> int:
    return code.count(".") + 1


def _capitalised(name: str) -> str:
    words = [_ABBREVIATIONS.get(word, word) for word in name.split()]
    return " ".join(w if w in _ACRONYMS else w[:1].upper() + w[1:].lower() for w in words)


def display_names(edition: Mapping[str, str], newest: Mapping[str, str]) -> dict[str, str]:
    """``edition``'s names as shown: provinces and kabupaten written in capitals take
    the newest edition's spelling of the same code and name, else are capitalised."""
    shown = {}
    for code, name in edition.items():
        shown[code] = name
        if level_of(code) <= 2 and name.isupper():
            written = _capitalised(name)
            later = newest.get(code)
            same = later is not None and search_key(later) == search_key(written)
            shown[code] = later if same and later is not None else written
    return shown


def _kabupaten(code: str) -> str:
    return ".".join(code.split(".")[:2])


def derive_changes(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Where each code of ``old`` went in ``new``, for those that are not the same code
    with the same name (which need no entry): ``{old_code: (new_code, kind)}``.

    The lists come with no table of changes, so it is derived, level by level from the
    provinces down, and only where the lists leave no doubt:

    * ``moved``: the code is gone (or names another place now), and exactly one code of
      the same level that is new in ``new`` has its name, in the kabupaten/kota the old
      one's kabupaten became (anywhere, for a province or a kabupaten), and no other old
      code there has that name (Cikaratuan, 36.02.16.2018 in 2022, 36.02.28.2009 in 2025,
      when Kabupaten Lebak made a new kecamatan);
    * ``renamed``: the same code with another name, when no move claims it (a spelling
      corrected, a desa renamed: 11.07.08.2017 Kampong Panjoe, Panjoe in 2025);
    * ``gone``: neither (merged, abolished, or too many look-alikes to tell); new code ``""``.
    """
    same = {c for c, name in old.items() if c in new and search_key(new[c]) == search_key(name)}
    changes: dict[str, tuple[str, str]] = {}
    kabupaten: dict[str, str] = {c: c for c in same if level_of(c) == 2}
    for level in (1, 2, 3, 4):
        olds = sorted(c for c in old if level_of(c) == level and c not in same)
        fresh = [c for c in new if level_of(c) == level and c not in same]

        def scope(code: str, mapped: Mapping[str, str], level: int = level) -> str | None:
            if level <= 2:
                return ""
            return mapped.get(_kabupaten(code))

        by_name: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for code in fresh:
            by_name[(_kabupaten(code) if level > 2 else "", search_key(new[code]))].append(code)
        old_by_name: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for code in olds:
            old_by_name[(scope(code, kabupaten), search_key(old[code]))].append(code)
        moved_to: set[str] = set()
        for code in olds:
            where = (scope(code, kabupaten), search_key(old[code]))
            targets = by_name.get(where, []) if where[0] is not None else []
            if len(targets) == 1 and len(old_by_name[where]) == 1 and targets[0] != code:
                changes[code] = (targets[0], "moved")
                moved_to.add(targets[0])
        for code in olds:
            if code in changes:
                continue
            if code in new and code not in moved_to:
                changes[code] = (code, "renamed")
            else:
                changes[code] = ("", "gone")
        if level == 2:
            kabupaten.update({c: target for c, (target, _) in changes.items() if target})
    return changes


def _gzipped(lines: Iterable[str]) -> bytes:
    return gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0)


def _counts(names: Mapping[str, str]) -> dict[str, int]:
    counted: dict[str, int] = defaultdict(int)
    for code in names:
        counted[str(level_of(code))] += 1
    return dict(sorted(counted.items()))


def build(source: Path, output: Path = OUTPUT, editions: Sequence[Edition] = EDITIONS) -> None:
    """Read the editions from ``source`` (a checkout at SOURCE_COMMIT), write ``output``."""
    raw: list[dict[str, str]] = []
    for edition in editions:
        data = (source / edition.path).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != edition.sha256:
            raise SystemExit(
                f"{edition.path}: SHA-256 {digest}, expected {edition.sha256} "
                f"(check out {SOURCE_COMMIT} of {SOURCE_REPOSITORY})"
            )
        raw.append(parse_sql(data.decode("utf-8")))
    newest = raw[-1]
    names = [display_names(r, newest) for r in raw]
    output.mkdir(parents=True, exist_ok=True)
    listed: list[dict[str, object]] = []
    for edition, shown in zip(editions, names, strict=True):
        blob = _gzipped(f"{code}\t{shown[code]}\n" for code in sorted(shown))
        (output / f"{edition.slug}.tsv.gz").write_bytes(blob)
        listed.append(
            {
                "edition": edition.name,
                "file": f"{edition.slug}.tsv.gz",
                "sha256": hashlib.sha256(blob).hexdigest(),
                "levels": _counts(shown),
                "source_path": edition.path,
                "source_sha256": edition.sha256,
                "source_states": edition.stated,
            }
        )
    mapped: list[dict[str, object]] = []
    for index in range(1, len(editions)):
        older, newer = editions[index - 1], editions[index]
        changes = derive_changes(names[index - 1], names[index])
        blob = _gzipped(f"{c}\t{target}\t{kind}\n" for c, (target, kind) in sorted(changes.items()))
        file = f"changes-{older.slug}--{newer.slug}.tsv.gz"
        (output / file).write_bytes(blob)
        kinds: dict[str, int] = defaultdict(int)
        for _target, kind in changes.values():
            kinds[kind] += 1
        mapped.append(
            {
                "from": older.name,
                "to": newer.name,
                "file": file,
                "sha256": hashlib.sha256(blob).hexdigest(),
                "kinds": dict(sorted(kinds.items())),
            }
        )
    manifest = {
        "source": {
            "repository": SOURCE_REPOSITORY,
            "commit": SOURCE_COMMIT,
            "licence": SOURCE_LICENCE,
        },
        "editions": listed,
        "changes": mapped,
    }
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (output / "editions.json").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help=f"a checkout of {SOURCE_REPOSITORY}")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    build(args.source, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
