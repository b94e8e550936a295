"""Region names: the name of every Kemendagri region code, in the editions of the code
list the package ships (the data set, its source, edition and licence: ``data/README.md``),
looked up by code, searched by name, and carried across editions (pemekaran)."""

from umkm_ledger.platform.regions.errors import AmbiguousRegionName, UnknownRegionName
from umkm_ledger.platform.regions.names import (
    LEVEL_WORDS,
    Change,
    Place,
    RegionNames,
    place_label,
    region_level,
    region_name,
    region_names,
)

__all__ = [
    "LEVEL_WORDS",
    "AmbiguousRegionName",
    "Change",
    "Place",
    "RegionNames",
    "UnknownRegionName",
    "place_label",
    "region_level",
    "region_name",
    "region_names",
]
