"""Value objects: immutable, validated on construction, no persistence or serialisation.

Every invalid input raises :class:`umkm_ledger.errors.InvalidValue`.
"""

from umkm_ledger.domain.values.identifiers import KBLI, NIB, NIK
from umkm_ledger.domain.values.money import Rupiah
from umkm_ledger.domain.values.person import Address, Gender, Owner
from umkm_ledger.domain.values.region import DEFAULT_EDITION, RegionCode, RegionLevel

__all__ = [
    "DEFAULT_EDITION",
    "KBLI",
    "NIB",
    "NIK",
    "Address",
    "Gender",
    "Owner",
    "RegionCode",
    "RegionLevel",
    "Rupiah",
]
