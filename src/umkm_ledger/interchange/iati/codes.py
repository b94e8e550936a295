"""The IATI 2.03 codes an activity file is written with, for the ledger's programs,
indicators and places (the funding side's are in :mod:`umkm_ledger.funding.iati`).

Each table names the IATI codelist its codes come from; the tests check every code the
files use against the codelists themselves (vendored under ``tests/schemas``).
"""

from __future__ import annotations

from collections.abc import Mapping

from umkm_ledger.kernel.values import RegionLevel
from umkm_ledger.programs.lifecycle import ProgramStatus

__all__ = [
    "ACTIVITY_DATES",
    "ACTIVITY_STATUS",
    "COUNTRY",
    "CURRENCY",
    "DAC_SECTOR",
    "DAC_VOCABULARY",
    "EXACTNESS",
    "FEATURE_DESIGNATIONS",
    "GROUP_TYPE",
    "INDICATOR_VOCABULARY",
    "KBLI_URIS",
    "LOCATION_CLASS",
    "LOCATION_REACH",
    "MEASURES",
    "ORGANISATION_ROLES",
    "ORGANISATION_TYPES",
    "RESULT_TYPES",
    "SECTOR_VOCABULARY",
    "SEX_DIMENSION",
    "VERSION",
]

#: The version of the IATI Standard the files follow.
VERSION = "2.03"
#: Country (ISO 3166-1 alpha-2): every program of the ledger is in Indonesia.
COUNTRY = "ID"
#: Currency (ISO 4217): whole rupiah.
CURRENCY = "IDR"

#: ActivityStatus, by the program's status on the file's as-of date.
ACTIVITY_STATUS: Mapping[ProgramStatus, str] = {
    ProgramStatus.PLANNED: "1",  # Pipeline/identification
    ProgramStatus.RUNNING: "2",  # Implementation
    ProgramStatus.CLOSED: "4",  # Closed
}

#: ActivityDateType.
ACTIVITY_DATES: Mapping[str, str] = {
    "planned start": "1",  # the program's period starts
    "actual start": "2",  # the program started (its start event)
    "planned end": "3",  # the program's period ends
    "actual end": "4",  # the program closed (its close event)
}

#: OrganisationRole.
ORGANISATION_ROLES: Mapping[str, str] = {
    "funding": "1",  # a funder of the program
    "extending": "3",  # the office, deciding grants of a funder's money on its behalf
    "implementing": "4",  # the office that runs the program (its agency)
}

#: OrganisationType: every code a caller may name (``reporting_org_type``, ``org_types``).
ORGANISATION_TYPES: Mapping[str, str] = {
    "10": "Government",
    "11": "Local Government",
    "15": "Other Public Sector",
    "21": "International NGO",
    "22": "National NGO",
    "23": "Regional NGO",
    "24": "Partner Country based NGO",
    "30": "Public Private Partnership",
    "40": "Multilateral",
    "60": "Foundation",
    "70": "Private Sector",
    "71": "Private Sector in Provider Country",
    "72": "Private Sector in Aid Recipient Country",
    "73": "Private Sector in Third Country",
    "80": "Academic, Training and Research",
    "90": "Other",
}
#: OrganisationType of a business group (KUB, sentra, koperasi) receiving aid.
GROUP_TYPE = "70"  # Private Sector

#: SectorVocabulary: the OECD DAC's purpose codes (which IATI asks for beside any other
#: vocabulary), and KBLI as the reporting organisation's own.
DAC_VOCABULARY = "1"  # OECD DAC CRS Purpose Codes (5 digit)
SECTOR_VOCABULARY = "99"  # Reporting Organisation
#: The DAC purpose code of a UMKM development program unless the publisher names another:
#: Small and medium-sized enterprises (SME) development.
DAC_SECTOR = "32130"
#: The ``vocabulary-uri`` of each KBLI version the ledger records: Badan Pusat Statistik,
#: which defines and publishes KBLI (KBLI 2020 is Peraturan BPS 2/2020); each sector's
#: narrative names the version. A publisher who links the edition's own page gives it
#: with ``kbli_uris``.
KBLI_URIS: Mapping[int, str] = {
    2020: "https://www.bps.go.id/",
    2025: "https://www.bps.go.id/",
}

#: GeographicLocationReach: the program's places are where its beneficiaries are.
LOCATION_REACH = "2"  # Intended Beneficiaries
#: GeographicExactness: a region is exactly the place meant.
EXACTNESS = "1"  # Exact
#: GeographicLocationClass.
LOCATION_CLASS = "1"  # Administrative Region
#: LocationType (GeoNames feature codes), by the region's level.
FEATURE_DESIGNATIONS: Mapping[RegionLevel, str] = {
    RegionLevel.PROVINSI: "ADM1",
    RegionLevel.KABUPATEN_KOTA: "ADM2",
    RegionLevel.KECAMATAN: "ADM3",
    RegionLevel.DESA_KELURAHAN: "ADM4",
}

#: ResultType, by indicator kind (a kind not listed, added by other code: 9 Other).
RESULT_TYPES: Mapping[str, str] = {
    "binaan_enrolled": "1",  # Output
    "binaan_with_nib": "1",
    "registered_enterprises": "1",
    "people_trained": "1",
    "enterprises_mentored": "1",
    "aid_value_delivered": "1",
    "enterprises_aided": "1",
    "moved_up_size_class": "2",  # Outcome
    "sales_growth": "2",
}
#: IndicatorMeasure, by the unit of an indicator kind (counts and rupiah are units).
MEASURES: Mapping[str, str] = {
    "enterprises": "1",  # Unit
    "people": "1",
    "rupiah": "1",
    "percent": "2",  # Percentage
}
#: IndicatorVocabulary of an indicator's kind, named as the ledger names it.
INDICATOR_VOCABULARY = "99"  # Reporting Organisation
#: The dimension a sex disaggregation is written as, and its values by the ledger's.
SEX_DIMENSION = ("sex", {"F": "female", "M": "male"})
