"""The DHIS2 mapping of the demo's Ogan Ilir program, as the district's DHIS2 administrator
would write it: a yearly data set at the kabupaten, the binaan by sex.

The program's target (1000 in 2016-2020) is one five-year figure, which is no DHIS2
period: the mapping skips it on purpose, rather than the exporter dropping it silently.
"""

__all__ = ["OGAN_ILIR_DHIS2_MAPPING"]

#: The mapping file (TOML) of Ogan Ilir's "Pengembangan 1000 Wirausaha UMKM".
OGAN_ILIR_DHIS2_MAPPING = """\
# Ogan Ilir's "Pengembangan 1000 Wirausaha UMKM" in DHIS2: where each figure goes
data_set = "UMKM_BINAAN"
period_type = "Yearly"
skip = ["new_binaan.target"]    # 1000 in 2016-2020 is no DHIS2 period

[org_units]
level = "kabupaten"             # Kabupaten Ogan Ilir, by its Kemendagri code 16.10

[category_option_combos]
total = "default"
gender = { F = "PEREMPUAN", M = "LAKI_LAKI", not_disaggregated = "TIDAK_TERPILAH" }

[indicators.new_binaan]
actual = "UMKM_BINAAN_BARU"
by = "gender"

[indicators.binaan_nib]
actual = "UMKM_BINAAN_NIB"

[indicators.mentored]
actual = "UMKM_DIDAMPINGI"
by = "gender"
"""
