"""How a region's name is compared with what a person types: the search key.

Officials write the same place many ways: ``Madang Suku III``, ``MADANG SUKU III``,
``madang  suku iii``, ``Kab. Ogan Ilir``, ``Desa Wana Bakti``. A key is the name folded to
lower case with every space and punctuation mark taken out, so those spellings meet, and
with the abbreviations of the Kepmendagri lists written out. The build script of the
data set and the lookups use these same functions, so what the data's mapping between
editions calls "the same name" is what a search calls it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["kind_free_key", "query_key", "search_key"]

# Abbreviations the lists use ("KAB. ADM. KEP. SERIBU"), written out.
_ABBREVIATIONS = (
    (re.compile(r"\bkab\.\s*"), "kabupaten "),
    (re.compile(r"\badm\.\s*"), "administrasi "),
    (re.compile(r"\bkep\.\s*"), "kepulauan "),
)
# Spaces, punctuation and the apostrophes of names such as "Ba'u" and "Regapu’u".
_NOISE = re.compile(r"[\s.,;:'’‘`\"/()\-]+")
# A kabupaten or kota is often named without its kind ("Ogan Ilir", "Palembang").
_KIND = re.compile(r"^(?:kabupaten|kota)(?:administrasi)?")
# What people put before a name to say its level ("Desa Wana Bakti"): not part of it.
_LEVEL_WORD = re.compile(
    r"^\s*(?:provinsi|prov\.|desa|kelurahan|kel\.|kecamatan|kec\.|distrik)\s+", re.IGNORECASE
)


def search_key(name: str) -> str:
    """``name`` as compared: NFKC, case-folded, abbreviations written out, no spaces or
    punctuation (``"Kab. Ogan  Ilir"`` and ``"KABUPATEN OGAN ILIR"`` both give
    ``"kabupatenoganilir"``)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    if "." in folded:  # (most names have no abbreviation: skip the patterns)
        for pattern, written in _ABBREVIATIONS:
            folded = pattern.sub(written, folded)
    return _NOISE.sub("", folded)


def kind_free_key(key: str) -> str | None:
    """A kabupaten's or kota's key without its kind (``"oganilir"``), or None when the key
    does not start with one."""
    stripped = _KIND.sub("", key, count=1)
    return stripped if stripped != key and stripped else None


def query_key(text: str) -> str:
    """What a person typed, as a key: a leading level word (``Desa``, ``Kecamatan``,
    ``Provinsi``) left out first."""
    return search_key(_LEVEL_WORD.sub("", text, count=1))
