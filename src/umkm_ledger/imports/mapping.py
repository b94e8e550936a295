"""Which column of a registry file holds which value of a registration.

Without a mapping, columns are found by their headers, in Indonesian or English, in any
case and spacing (``Nama Usaha``, ``NIK``, ``Jenis Kelamin``, ``Kode Desa``, ``KBLI``...:
see :data:`HEADERS`). A mapping file (TOML) names the columns of a file whose headers
differ, gives values the file does not have, and says how its dates are written::

    source = "sidt-kumkm-2024"      # the file's identity in command ids (default: its name)
    date_order = "DMY"              # 15/01/2024; "MDY" for 01/15/2024

    [columns]
    name = "NAMA_UMKM"
    owner_name = "NAMA_PEMILIK"
    desa = "KODE_KELURAHAN"

    [defaults]
    registered_on = "2024-01-02"    # the effective date when the file has no column
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from umkm_ledger.imports.cells import DateOrder
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.text import name_text

__all__ = ["FIELDS", "HEADERS", "REQUIRED", "ColumnMap", "check_mapping", "load_mapping"]

#: What a registration row may hold, and what each is.
FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "name": "the enterprise's name",
        "owner_name": "the owner's name",
        "nik": "the owner's NIK",
        "gender": "the owner's gender (L/P, M/F)",
        "birth_year": "the owner's birth year (or birth_date)",
        "birth_date": "the owner's birth date (its year is recorded)",
        "desa": "the desa/kelurahan code of the address",
        "street": "the street address",
        "postal_code": "the kode pos",
        "sector": "the KBLI code",
        "founded_on": "when the enterprise began (a date, or a year: 1 January)",
        "nib": "the NIB, when it has one",
        "registered_on": "the effective date of the registration (default: today)",
        "enrolled_on": "the date of enrolment in the program (with --program)",
        "sales_year": "the year of the sales figure",
        "sales": "sales (omzet) in that year",
    }
)
#: Fields without which a row is no registration.
REQUIRED = ("name", "owner_name", "nik", "gender", "desa", "sector", "founded_on")

#: Headers recognised without a mapping (compared in lower case, spaces and ``_`` alike).
HEADERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "name": ("nama usaha", "nama umkm", "nama ukm", "nama perusahaan", "name", "business name"),
        "owner_name": ("nama pemilik", "pemilik", "nama pelaku usaha", "owner", "owner name"),
        "nik": ("nik", "nik pemilik", "no ktp", "nomor ktp", "nomor nik"),
        "gender": ("jenis kelamin", "jk", "l/p", "gender", "sex"),
        "birth_year": ("tahun lahir", "birth year"),
        "birth_date": ("tanggal lahir", "tgl lahir", "birth date", "date of birth"),
        "desa": (
            "kode desa",
            "kode kelurahan",
            "kode wilayah",
            "kode desa/kelurahan",
            "desa",
            "desa code",
        ),
        "street": ("alamat", "alamat usaha", "street", "address"),
        "postal_code": ("kode pos", "postal code"),
        "sector": ("kbli", "kode kbli", "sector", "kbli code"),
        "founded_on": (
            "tanggal berdiri",
            "tahun berdiri",
            "mulai usaha",
            "tanggal mulai usaha",
            "founded on",
            "founded",
        ),
        "nib": ("nib", "nomor induk berusaha"),
        "registered_on": ("tanggal daftar", "tanggal pendaftaran", "tgl daftar", "registered on"),
        "enrolled_on": ("tanggal binaan", "tanggal pembinaan", "enrolled on"),
        "sales_year": ("tahun omzet", "tahun omset", "sales year"),
        "sales": ("omzet", "omset", "omzet per tahun", "omzet tahunan", "sales", "annual sales"),
    }
)

_ORDERS: tuple[DateOrder, ...] = ("DMY", "MDY", "YMD")


def _key(header: str) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", header.lower()).split())


@attrs.frozen
class ColumnMap:
    """Where each field is in a file (column index), and the values it does not hold."""

    columns: Mapping[str, int]
    defaults: Mapping[str, str]
    #: The headers no field took (shown in the report: a typo in a header shows here).
    ignored: tuple[str, ...]
    source: str | None = None
    date_order: DateOrder = "DMY"


def load_mapping(path: Path | None) -> dict[str, Any]:
    """A mapping file's content, checked (None: no mapping)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidValue(
            "mapping", str(path), N_("cannot be read: {error}", error=error.strerror or "")
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue(
            "mapping", path.name, N_("is not TOML: {error}", error=str(error))
        ) from None
    return check_mapping(data)


def check_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping (a file's content, or the same as a dict) if every key and value is one
    a mapping may have."""
    unknown = sorted(set(data) - {"source", "date_order", "columns", "defaults"})
    if unknown:
        raise InvalidValue(
            "mapping",
            unknown[0],
            N_("is not a mapping key (source, date_order, columns, defaults)"),
        )
    for table in ("columns", "defaults"):
        values = data.get(table, {})
        if not isinstance(values, dict):
            raise InvalidValue(f"mapping.{table}", str(values)[:40], N_("must be a table"))
        for field, value in values.items():
            if field not in FIELDS:
                raise InvalidValue(
                    f"mapping.{table}.{field}",
                    field[:40],
                    N_("is not a field ({fields})", fields=", ".join(FIELDS)),
                )
            if not isinstance(value, str | int):
                raise InvalidValue(f"mapping.{table}.{field}", str(value)[:40], N_("must be text"))
    order = data.get("date_order", "DMY")
    if order not in _ORDERS:
        raise InvalidValue(
            "mapping.date_order",
            str(order)[:10],
            N_("must be one of {choices}", choices=", ".join(_ORDERS)),
        )
    return dict(data)


def column_map(header: Sequence[str], mapping: Mapping[str, Any]) -> ColumnMap:
    """Find each field's column in ``header``; refuse a file that lacks a required one."""
    named: Mapping[str, Any] = mapping.get("columns", {})
    defaults = {field: str(value) for field, value in mapping.get("defaults", {}).items()}
    keys = [_key(h) for h in header]
    columns: dict[str, int] = {}
    for field in FIELDS:
        if field in named:
            wanted = _key(str(named[field]))
            if wanted not in keys:
                raise InvalidValue(
                    f"mapping.columns.{field}",
                    str(named[field])[:60],
                    N_(
                        "is not a column of the file (its columns: {columns})",
                        columns=", ".join(header)[:300],
                    ),
                )
            columns[field] = keys.index(wanted)
            continue
        for synonym in HEADERS[field]:
            if synonym in keys and keys.index(synonym) not in columns.values():
                columns[field] = keys.index(synonym)
                break
    missing = [f for f in REQUIRED if f not in columns and f not in defaults] + (
        ["birth_year"] if not {"birth_year", "birth_date"} & (set(columns) | set(defaults)) else []
    )
    if missing and not columns:
        # Nothing in the first row is a header: it is a row of data (personal data, so
        # not shown), or the headers are in words this list does not know.
        raise InvalidValue(
            "columns",
            ", ".join(missing),
            N_(
                "no column of the first row is a header this import knows: is the header "
                "row missing? Name the columns in a mapping file"
            ),
        )
    if missing:
        raise InvalidValue(
            "columns",
            ", ".join(missing),
            N_(
                "the file has no column for these (its columns: {columns}); name them in a "
                "mapping file",
                columns=", ".join(header)[:300],
            ),
        )
    taken = set(columns.values())
    ignored = tuple(h for i, h in enumerate(header) if i not in taken and h)
    source = mapping.get("source")
    return ColumnMap(
        columns=columns,
        defaults=defaults,
        ignored=ignored,
        source=None if source is None else name_text(str(source), "mapping.source"),
        date_order=mapping.get("date_order", "DMY"),
    )
