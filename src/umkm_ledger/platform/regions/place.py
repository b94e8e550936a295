"""A region with its name, as the region names give it, and what became of a code in
another edition."""

from __future__ import annotations

import attrs

from umkm_ledger.kernel.values import DEFAULT_EDITION, RegionCode, RegionLevel

__all__ = ["Change", "Place"]


@attrs.frozen
class Place:
    """A region with its name, in one edition: ``Place(RegionCode("16.08.13"), "Madang
    Suku III", within=("Kabupaten Ogan Komering Ulu Timur", "Sumatera Selatan"))``."""

    code: RegionCode
    name: str
    #: The names of the regions it lies in, nearest first.
    within: tuple[str, ...] = ()

    @property
    def level(self) -> RegionLevel:
        return self.code.level

    @property
    def label(self) -> str:
        """How the ledger shows a place everywhere: ``Madang Suku III (16.08.13)``."""
        return f"{self.name} ({self.code})"

    @property
    def described(self) -> str:
        """The label with what it lies in (and its edition, if not the default), to tell
        places of one name apart: ``Wana Bakti (16.08.13.2004, Madang Suku III, Kabupaten
        Ogan Komering Ulu Timur)``."""
        parts = [str(self.code), *self.within[:2]]
        if self.code.edition != DEFAULT_EDITION:
            parts.append(self.code.edition)
        return f"{self.name} ({', '.join(parts)})"


@attrs.frozen
class Change:
    """What became of a code from one edition in another: ``same``, ``renamed`` (same
    code, new name), ``moved`` (a new code), ``gone``, ``new`` (no code in the older
    edition) or ``unknown`` (not a code of its edition, or an edition not shipped)."""

    kind: str
    code: RegionCode | None
