"""What a search for a region by name can be refused with: no such name at that level
(with the close ones), or several places of that name (with their codes)."""

from __future__ import annotations

from collections.abc import Sequence

from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.platform.regions.place import Place

__all__ = ["AmbiguousRegionName", "UnknownRegionName"]

#: The levels' words, as the errors name them (here so the catalogue has them).
LEVEL_LABELS = (
    N_("provinsi"), N_("kabupaten/kota"), N_("kecamatan"), N_("desa/kelurahan"), N_("region"),
)  # fmt: skip


#: Most places an error's text lists (the error holds them all).
LISTED = 12


def _listed(places: Sequence[Place]) -> str:
    # Names and codes only: the same in every language (but the count of the rest).
    shown = "; ".join(place.described for place in places[:LISTED])
    if len(places) > LISTED:
        return N_("{places}; and {count} more", places=shown, count=len(places) - LISTED)
    return shown


class UnknownRegionName(InvalidValue):
    """No region of the level searched has that name: ``elsewhere`` holds the places of
    other levels that do (a kecamatan searched for as a desa), ``suggestions`` the
    closest names at the level searched."""

    def __init__(
        self,
        field: str,
        name: str,
        level: str,
        *,
        within: str | None = None,
        elsewhere: Sequence[Place] = (),
        suggestions: Sequence[Place] = (),
    ) -> None:
        self.name = name
        self.level = level
        self.elsewhere = tuple(elsewhere)
        self.suggestions = tuple(suggestions)
        where = N_("no {level}", level=N_(level))
        if within is not None:
            where = N_("no {level} in {within}", level=N_(level), within=within)
        if self.elsewhere:
            problem = N_(
                "{where} has this name; these have it: {places}",
                where=where,
                places=_listed(self.elsewhere),
            )
        elif self.suggestions:
            problem = N_(
                "{where} has this name; close: {places}",
                where=where,
                places=_listed(self.suggestions),
            )
        else:
            problem = N_("{where} has this name", where=where)
        super().__init__(field, name, problem)


class AmbiguousRegionName(InvalidValue):
    """Several regions of the level searched have that name (many desa share one):
    ``candidates`` holds them, each with its code, to choose from by code or by naming
    the region it lies in."""

    def __init__(self, field: str, name: str, level: str, candidates: Sequence[Place]) -> None:
        self.name = name
        self.level = level
        self.candidates = tuple(candidates)
        super().__init__(
            field,
            name,
            N_(
                "{count} places ({level}) have this name: {places}; give the code, or the "
                "region it lies in",
                count=len(self.candidates),
                level=N_(level),
                places=_listed(self.candidates),
            ),
        )
