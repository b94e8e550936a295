"""Value objects: immutable, validated on construction, no persistence or serialisation.

Every invalid input raises :class:`umkm_ledger.kernel.errors.InvalidValue`.
"""

from umkm_ledger.kernel.values.identifiers import KBLI, NIB, NIK
from umkm_ledger.kernel.values.money import Rupiah
from umkm_ledger.kernel.values.person import Address, Gender, Owner
from umkm_ledger.kernel.values.region import DEFAULT_EDITION, RegionCode, RegionLevel

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
