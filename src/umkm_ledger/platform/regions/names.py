"""The names of region codes, read from the data set the package ships.

A code means a place only within the edition of the code list it was taken from, so a
code is named from its own edition, never from another: ``16.08.13`` is Madang Suku III in
both editions shipped, but 11.02.03.2002 is Kisam in the 2022 list and Kuta Buluh in the
2025 one. A code of an edition the data set does not have gets no name at all, and is
shown with a marker saying so (:meth:`RegionNames.label`).

Nothing is read until a name is first asked for: the files of an edition (about 92 000
codes) are read then, once per process, and the index that searches by name the first
time a name is searched for.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from umkm_ledger.kernel.errors import N_, InvalidValue, Message
from umkm_ledger.kernel.values import DEFAULT_EDITION, RegionCode, RegionLevel
from umkm_ledger.platform.regions.errors import AmbiguousRegionName, UnknownRegionName
from umkm_ledger.platform.regions.keys import kind_free_key, query_key
from umkm_ledger.platform.regions.place import Change, Place

__all__ = [
    "LEVEL_WORDS",
    "Change",
    "Place",
    "RegionNames",
    "place_label",
    "region_level",
    "region_name",
    "region_names",
]

#: The words a level goes by, in the ledger's vocabulary and as officials write them.
LEVEL_WORDS: Mapping[str, RegionLevel] = {
    "provinsi": RegionLevel.PROVINSI,
    "province": RegionLevel.PROVINSI,
    "kabupaten": RegionLevel.KABUPATEN_KOTA,
    "kota": RegionLevel.KABUPATEN_KOTA,
    "kabupaten/kota": RegionLevel.KABUPATEN_KOTA,
    "kecamatan": RegionLevel.KECAMATAN,
    "desa": RegionLevel.DESA_KELURAHAN,
    "kelurahan": RegionLevel.DESA_KELURAHAN,
    "desa/kelurahan": RegionLevel.DESA_KELURAHAN,
}
_SUGGESTIONS = 5
# How alike two keys must be for one to be suggested for the other (difflib's ratio).
_CLOSE = 0.75


def region_level(level: RegionLevel | str, field: str = "level") -> RegionLevel:
    """A level from its word (``"kecamatan"``, ``"desa"``, ``"kabupaten/kota"``...)."""
    if isinstance(level, RegionLevel):
        return level
    found = LEVEL_WORDS.get(str(level).strip().lower())
    if found is None:
        raise InvalidValue(
            field, level, N_("must be one of {choices}", choices=", ".join(LEVEL_WORDS))
        )
    return found


class _Edition:
    """One edition's names, read when first needed; its name index too."""

    def __init__(self, name: str, file: Traversable) -> None:
        self.name = name
        self._file = file
        self._lock = threading.Lock()
        self._names: dict[str, str] | None = None
        self._index: dict[RegionLevel, dict[str, list[str]]] = {}

    @property
    def names(self) -> Mapping[str, str]:
        if self._names is None:
            with self._lock:
                if self._names is None:
                    text = gzip.decompress(self._file.read_bytes()).decode("utf-8")
                    self._names = dict(line.split("\t", 1) for line in text.splitlines())
        return self._names

    def index(self, level: RegionLevel) -> Mapping[str, Sequence[str]]:
        """Every key a place of ``level`` can be found by, to the codes that have it (a
        kabupaten's key without its kind marked ``~``). Made for one level at a time: a
        search for a kecamatan does not wait for the 83 000 desa."""
        found = self._index.get(level)
        if found is None:
            names = self.names
            with self._lock:
                found = self._index.get(level)
                if found is None:
                    found = defaultdict(list)
                    dots = level - 1
                    for code, name in names.items():
                        if code.count(".") != dots:
                            continue
                        key = query_key(name)
                        found[key].append(code)
                        bare = kind_free_key(key) if level is RegionLevel.KABUPATEN_KOTA else None
                        if bare is not None:
                            found["~" + bare].append(code)
                    self._index[level] = found
        return found


class _Changes:
    """The codes of one edition that are not the same code with the same name in the
    next, and where they went (the data set's ``changes-*`` file)."""

    def __init__(self, older: str, newer: str, file: Traversable) -> None:
        self.older = older
        self.newer = newer
        self._file = file
        self._lock = threading.Lock()
        self._forward: dict[str, tuple[str, str]] | None = None
        self._backward: dict[str, str] | None = None

    @property
    def forward(self) -> Mapping[str, tuple[str, str]]:
        if self._forward is None:
            with self._lock:
                if self._forward is None:
                    text = gzip.decompress(self._file.read_bytes()).decode("utf-8")
                    rows = (line.split("\t") for line in text.splitlines())
                    forward = {old: (new, kind) for old, new, kind in rows}
                    self._backward = {new: old for old, (new, _) in forward.items() if new}
                    self._forward = forward
        return self._forward

    @property
    def backward(self) -> Mapping[str, str]:
        self.forward  # noqa: B018 - reads the file, which fills both directions
        assert self._backward is not None
        return self._backward


class RegionNames:
    """The names of region codes in the editions of the code list the data set has
    (:attr:`editions`, oldest first), looked up by code, searched by name, and codes
    carried from one edition into another across a pemekaran.

    ``RegionNames()`` reads the data set the package ships; :func:`region_names` gives the
    one every part of the ledger shares."""

    def __init__(self, folder: Traversable | None = None) -> None:
        self._folder = folder or resources.files("umkm_ledger.platform.regions") / "data"
        manifest: dict[str, Any] = json.loads(
            (self._folder / "editions.json").read_text(encoding="utf-8")
        )
        self._manifest = manifest
        self._editions = {
            entry["edition"]: _Edition(entry["edition"], self._folder / entry["file"])
            for entry in manifest["editions"]
        }
        self._changes = [
            _Changes(entry["from"], entry["to"], self._folder / entry["file"])
            for entry in manifest["changes"]
        ]

    # -- what the data set is ----------------------------------------------------
    @property
    def editions(self) -> tuple[str, ...]:
        """The editions of the code list the data set names, oldest first."""
        return tuple(self._editions)

    @property
    def newest(self) -> str:
        return self.editions[-1]

    @property
    def source(self) -> Mapping[str, str]:
        """Where the data comes from: ``repository``, ``commit``, ``licence``."""
        return dict(self._manifest["source"])

    def has_edition(self, edition: str) -> bool:
        return edition in self._editions

    def codes(self, edition: str = DEFAULT_EDITION) -> Iterator[RegionCode]:
        """Every code of ``edition``, sorted (a province before what lies in it)."""
        data = self._edition(edition)
        for code in () if data is None else data.names:
            yield RegionCode(code, edition)

    # -- by code -----------------------------------------------------------------
    def name_of(self, code: RegionCode | str, *, edition: str | None = None) -> str | None:
        """The name of ``code`` (a text code is of ``edition``, else the ledger's default
        edition); with ``edition`` for a :class:`RegionCode` of another one, the name the
        same place has in ``edition`` (carried across by :meth:`translate`). None when the
        edition is not in the data set or the code not in the edition."""
        region = self._region(code, edition)
        data = None if region is None else self._edition(region.edition)
        return None if data is None or region is None else data.names.get(region.code)

    def place(self, code: RegionCode | str, *, edition: str | None = None) -> Place | None:
        """The code as a :class:`Place` (its name, and the names of what it lies in)."""
        region = self._region(code, edition)
        if region is None:
            return None
        data = self._edition(region.edition)
        name = None if data is None else data.names.get(region.code)
        if name is None:
            return None
        assert data is not None
        within = tuple(
            data.names.get(parent.code, parent.code) for parent in reversed(region.ancestors())
        )
        return Place(region, name, within)

    def label(self, code: RegionCode | str) -> Message:
        """How the ledger shows a code: ``Madang Suku III (16.08.13)``; a code of an
        edition not in the data set as ``16.08.13 (no names for <edition>)``, and one not
        in its edition as ``16.08.99 (not in <edition>)``: never a name from another
        edition."""
        region = code if isinstance(code, RegionCode) else RegionCode.parse(code)
        if not self.has_edition(region.edition):
            return N_("{code} (no names for {edition})", code=region.code, edition=region.edition)
        found = self.place(region)
        if found is None:
            return N_("{code} (not in {edition})", code=region.code, edition=region.edition)
        return N_("{name} ({code})", name=found.name, code=region.code)

    def children(self, code: RegionCode | str) -> tuple[Place, ...]:
        """The places one level below ``code`` (the kecamatan of a kabupaten...)."""
        region = self._region(code, None)
        if region is None or region.level is RegionLevel.DESA_KELURAHAN:
            return ()
        data = self._edition(region.edition)
        if data is None:
            return ()
        prefix, depth = region.code + ".", region.level + 1
        codes = (c for c in data.names if c.startswith(prefix) and c.count(".") + 1 == depth)
        places = (self.place(RegionCode(c, region.edition)) for c in codes)
        return tuple(p for p in places if p is not None)

    # -- across editions ---------------------------------------------------------
    def change(self, code: RegionCode, edition: str) -> Change:
        """What became of ``code`` (of its own edition) in ``edition``, either way."""
        if code.edition == edition:
            known = self.has_edition(edition) and self.place(code) is not None
            return Change("same" if known else "unknown", code if known else None)
        order = self.editions
        if code.edition not in order or edition not in order or self.place(code) is None:
            return Change("unknown", None)
        step = 1 if order.index(edition) > order.index(code.edition) else -1
        current, kinds = code, []
        while current.edition != edition:
            following = order[order.index(current.edition) + step]
            kind, moved = self._step(current, following)
            kinds.append(kind)
            if moved is None:
                return Change(kind, None)
            current = moved
        changed = [k for k in kinds if k != "same"]
        return Change(changed[-1] if changed else "same", current)

    def translate(self, code: RegionCode, edition: str) -> RegionCode | None:
        """``code`` as it is in ``edition``, or None when the data set cannot tell (the
        place is gone, new, or its edition not in the data set)."""
        return self.change(code, edition).code

    def _step(self, code: RegionCode, edition: str) -> tuple[str, RegionCode | None]:
        for changes in self._changes:
            if (changes.older, changes.newer) == (code.edition, edition):
                moved = changes.forward.get(code.code)
                if moved is None:
                    same = self._has(edition, code.code)
                    return ("same", RegionCode(code.code, edition)) if same else ("gone", None)
                target, kind = moved
                return kind, RegionCode(target, edition) if target else None
            if (changes.newer, changes.older) == (code.edition, edition):
                earlier = changes.backward.get(code.code)
                if earlier is not None:
                    kind = changes.forward[earlier][1]
                    return kind, RegionCode(earlier, edition)
                if code.code in changes.forward or not self._has(edition, code.code):
                    return "new", None  # its digits named another place before, or none
                return "same", RegionCode(code.code, edition)
        return "unknown", None

    def _has(self, edition: str, code: str) -> bool:
        data = self._edition(edition)
        return data is not None and code in data.names

    # -- by name -----------------------------------------------------------------
    def find(
        self,
        name: str,
        *,
        level: RegionLevel | str | None = None,
        within: RegionCode | str | None = None,
        edition: str | None = None,
        field: str = "region",
    ) -> tuple[Place, ...]:
        """The places named ``name`` (case, spaces and punctuation aside; a kabupaten or
        kota also without its kind: ``"Ogan Ilir"``), of ``level`` if given, inside
        ``within`` if given, in ``edition`` or else in every edition (a place that is in
        several is given once, in the ledger's default edition if it is there). Several
        places may share a name (many desa do): all are returned, sorted by code.

        No such name is :class:`UnknownRegionName`, with the places of other levels that
        have it and the closest names at ``level``."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidValue(field, name, N_("must name a region"))
        wanted = None if level is None else region_level(level)
        levels = tuple(RegionLevel) if wanted is None else (wanted,)
        key = query_key(name)
        inside = None if within is None else self._region(within, edition)
        found = self._matches(key, levels, inside, edition)
        if found:
            return found
        word = "region" if wanted is None else wanted.label
        others = tuple(lv for lv in RegionLevel if lv not in levels)
        # What does have the name: another level, or the same level elsewhere.
        elsewhere = self._matches(key, others, inside, edition) if wanted is not None else ()
        if inside is not None:
            elsewhere = self._matches(key, levels, None, edition) + elsewhere
        raise UnknownRegionName(
            field,
            name,
            word,
            within=None if inside is None else self.label(inside),
            elsewhere=elsewhere,
            suggestions=() if elsewhere else self._close(key, levels, inside, edition),
        )

    def resolve(
        self,
        text: str,
        *,
        level: RegionLevel | str,
        within: RegionCode | str | None = None,
        edition: str | None = None,
        field: str = "region",
    ) -> RegionCode:
        """One region of ``level`` from what a person typed: its code (``16.08.13``, of
        ``edition`` or the default edition; it need not be in the data set) or its name
        (which must then name one place there: else :class:`AmbiguousRegionName`)."""
        wanted = region_level(level)
        stripped = text.strip() if isinstance(text, str) else text
        if isinstance(stripped, str) and stripped.replace(".", "").isdigit():
            code = RegionCode.parse(stripped, edition or DEFAULT_EDITION, field=field)
            if code.level is not wanted:
                raise InvalidValue(field, text, N_("is a {level} code", level=N_(code.level.label)))
            return code
        found = self.find(text, level=wanted, within=within, edition=edition, field=field)
        if len(found) > 1:
            raise AmbiguousRegionName(field, text, wanted.label, found)
        return found[0].code

    def narrow(
        self, filters: Mapping[str, RegionCode | str | None], *, edition: str | None = None
    ) -> RegionCode | None:
        """The one region ``filters`` name together: ``{"kabupaten": "Ogan Komering Ulu
        Timur", "kecamatan": "Madang Suku III"}`` is 16.08.13. Each is a code or a name of
        its level (``provinsi``, ``kabupaten``, ``kecamatan``, ``desa``), looked for inside
        the coarser ones given; None when none is given. The keys are the fields errors
        name."""
        chosen: RegionCode | None = None
        given = [(region_level(level, field=level), level, text) for level, text in filters.items()]
        for level, field, text in sorted(
            ((lv, f, t) for lv, f, t in given if t is not None), key=lambda g: g[0]
        ):
            if isinstance(text, RegionCode):
                found = text
                if found.level is not level:
                    raise InvalidValue(
                        field, str(text), N_("is a {level} code", level=N_(found.level.label))
                    )
            else:
                found = self.resolve(text, level=level, within=chosen, edition=edition, field=field)
            if chosen is not None and not self.lies_in(found, chosen):
                raise InvalidValue(
                    field, str(text), N_("is not in {region}", region=self.label(chosen))
                )
            chosen = found
        return chosen

    def lies_in(self, code: RegionCode, region: RegionCode) -> bool:
        """Whether ``code`` is ``region`` or lies inside it; across editions, once carried
        into ``region``'s edition (False when it cannot be)."""
        return self._inside(code, region)

    def _matches(
        self,
        key: str,
        levels: Sequence[RegionLevel],
        inside: RegionCode | None,
        edition: str | None,
    ) -> tuple[Place, ...]:
        editions = [edition] if edition is not None else self._search_order()
        chosen: dict[tuple[str, str], Place] = {}
        for searched in editions:
            data = self._edition(searched)
            if data is None:
                continue
            codes: list[str] = []
            for level in levels:
                by_key = data.index(level)
                exact = list(by_key.get(key, ()))
                codes += exact or list(by_key.get("~" + key, ()))
            for code in codes:
                region = RegionCode(code, searched)
                if inside is not None and not self._inside(region, inside):
                    continue
                place = self.place(region)
                if place is None or self._already(place, chosen):
                    continue
                chosen[(region.edition, region.code)] = place
        return tuple(sorted(chosen.values(), key=lambda p: (p.level, p.code.code)))

    def _already(self, place: Place, chosen: Mapping[tuple[str, str], Place]) -> bool:
        """Whether ``place`` is, in another edition, one of the places found already."""
        return any(
            earlier.code.edition != place.code.edition
            and self.translate(place.code, earlier.code.edition) == earlier.code
            for earlier in chosen.values()
        )

    def _inside(self, region: RegionCode, inside: RegionCode) -> bool:
        if region.edition != inside.edition:
            moved = self.translate(region, inside.edition)
            return moved is not None and moved.is_within(inside)
        return region.is_within(inside)

    def _close(
        self,
        key: str,
        levels: Sequence[RegionLevel],
        inside: RegionCode | None,
        edition: str | None,
    ) -> tuple[Place, ...]:
        searched = edition if edition is not None else self._search_order()[0]
        data = self._edition(searched)
        if data is None or not key:
            return ()
        keys: list[str] = []
        for level in levels:
            keys += [k.removeprefix("~") for k in data.index(level)]
        close = difflib.get_close_matches(key, keys, n=_SUGGESTIONS * 4, cutoff=_CLOSE)
        places = self._matches_any(close, levels, inside, searched)
        return places[:_SUGGESTIONS]

    def _matches_any(
        self, keys: Sequence[str], levels: Sequence[RegionLevel], inside: RegionCode | None,
        edition: str,
    ) -> tuple[Place, ...]:  # fmt: skip
        found: list[Place] = []
        for key in keys:
            found += [p for p in self._matches(key, levels, inside, edition) if p not in found]
        return tuple(found)

    def _search_order(self) -> list[str]:
        """The default edition first (what the ledger records), then the newest back."""
        rest = [e for e in reversed(self.editions) if e != DEFAULT_EDITION]
        return ([DEFAULT_EDITION] if self.has_edition(DEFAULT_EDITION) else []) + rest

    # -- plumbing ------------------------------------------------------------------
    def _edition(self, edition: str) -> _Edition | None:
        return self._editions.get(edition)

    def _region(self, code: RegionCode | str, edition: str | None) -> RegionCode | None:
        if isinstance(code, RegionCode):
            if edition is None or edition == code.edition:
                return code
            return self.translate(code, edition)
        return RegionCode.parse(code, edition or DEFAULT_EDITION)

    def __repr__(self) -> str:
        return f"RegionNames(editions={list(self.editions)!r})"


@functools.cache
def region_names() -> RegionNames:
    """The data set the package ships, read once per process (and each edition only when
    first asked about)."""
    return RegionNames()


def place_label(code: RegionCode) -> Message:
    """:meth:`RegionNames.label` of the shared data set (for :class:`~umkm_ledger.i18n.
    labels.Labels`' ``places``): nothing is read until a code is first shown."""
    return region_names().label(code)


def region_name(code: RegionCode) -> str | None:
    """:meth:`RegionNames.name_of` of the shared data set (for JSON beside the codes)."""
    return region_names().name_of(code)
