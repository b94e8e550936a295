"""The places of an activity: its ``location`` elements, one per region code, which the
results' targets and actuals point at by ``ref``.

IATI's ``location-id`` takes a gazetteer from its GeographicVocabulary codelist (GAUL,
GADM, GeoNames, OpenStreetMap); Kemendagri's codes are none of them, so a region is
identified by its code as the location's ``ref`` (the reporting organisation's own
reference) and, in words, by its description: the code and the edition of the code list
it comes from. Its name is added when a ``place_names`` hook gives one (the region names
of the ledger's installed data set); without it, no name is written, never a made-up one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.etree.ElementTree import Element, SubElement

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.interchange.iati.codes import (
    EXACTNESS,
    FEATURE_DESIGNATIONS,
    LOCATION_CLASS,
    LOCATION_REACH,
)
from umkm_ledger.interchange.iati.xml import narrative
from umkm_ledger.kernel.errors import N_
from umkm_ledger.kernel.values import RegionCode

__all__ = ["PlaceNames", "Places"]

#: What gives a region's name (None: it has none to give).
PlaceNames = Callable[[RegionCode], str | None]


class Places:
    """The regions an activity names, each with its ``ref``, in the order first named
    (the program's scope first)."""

    def __init__(self, scope: Iterable[RegionCode]) -> None:
        self._refs: dict[RegionCode, str] = {}
        self._scope = tuple(scope)
        for region in self._scope:
            self.ref(region)

    def ref(self, region: RegionCode) -> str:
        """The ``ref`` that names ``region`` (its code; with the edition's place in the
        list after it, should two editions give the same code)."""
        known = self._refs.get(region)
        if known is None:
            taken = set(self._refs.values())
            known = region.code
            if known in taken:
                known = f"{region.code}-{len(taken) + 1}"
            self._refs[region] = known
        return known

    def region(self, code: str) -> RegionCode:
        """The region a disaggregation row names by its code alone: of the edition of the
        scope region it lies in (the first scope region's, if none)."""
        for scope in self._scope:
            if (
                code == scope.code
                or code.startswith(scope.code + ".")
                or (scope.code.startswith(code + "."))
            ):
                return RegionCode(code, scope.edition)
        return RegionCode(code, self._scope[0].edition)

    def write(self, activity: Element, labels: Labels, names: PlaceNames | None) -> None:
        """One ``location`` per region named, into ``activity``."""
        for region, ref in self._refs.items():
            location = SubElement(activity, "location", ref=ref)
            SubElement(location, "location-reach", code=LOCATION_REACH)
            name = None if names is None else names(region)
            if name:
                narrative(SubElement(location, "name"), name)
            narrative(
                SubElement(location, "description"),
                labels.text(
                    N_(
                        "Kemendagri region code {code} ({level}; {edition})",
                        code=region.code,
                        level=region.level.label,
                        edition=region.edition,
                    )
                ),
            )
            SubElement(location, "exactness", code=EXACTNESS)
            SubElement(location, "location-class", code=LOCATION_CLASS)
            SubElement(location, "feature-designation", code=FEATURE_DESIGNATIONS[region.level])
