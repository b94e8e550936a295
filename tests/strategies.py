"""Hypothesis strategies for umkm_ledger's values, shared by every test module.

Each strategy draws only *valid* values (the constructors accept every draw), so tests
of invalid input build their own bad data. Keep one strategy per value type here,
named after the type in the plural (``rupiahs``, ``niks``), and add new ones in the
section of the module they belong to.
"""

from __future__ import annotations

import calendar
import unicodedata
from datetime import date
from typing import Any
from uuid import UUID

from hypothesis import strategies as st

from umkm_ledger.activity.values import (
    FollowUp,
    Mentor,
    MentorKind,
    Participant,
)
from umkm_ledger.enterprises.classification import Basis, Regulation, SizeClass
from umkm_ledger.funding.values import GrantItem
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.values import (
    DEFAULT_EDITION,
    KBLI,
    NIB,
    NIK,
    Address,
    Gender,
    Owner,
    RegionCode,
    RegionLevel,
    Rupiah,
)
from umkm_ledger.kernel.values.identifiers import KBLI_DIVISIONS
from umkm_ledger.kernel.values.period import Period

__all__ = [
    "addresses",
    "bases",
    "dates_between",
    "desa_codes",
    "funding_steps",
    "genders",
    "grant_items",
    "kblis",
    "names",
    "nibs",
    "niks",
    "owner_names",
    "owners",
    "periods",
    "program_steps",
    "region_codes",
    "regulations",
    "rupiahs",
    "size_classes",
]

# --- money -------------------------------------------------------------------------

#: Larger than any UMKM figure (Rp10 triliun), small enough to print in tests.
MAX_RUPIAH = 10**16


def rupiahs(min_value: int = 0, max_value: int = MAX_RUPIAH) -> st.SearchStrategy[Rupiah]:
    """Whole-rupiah amounts in ``[min_value, max_value]`` (pass a negative min for debts)."""
    return st.integers(min_value=min_value, max_value=max_value).map(Rupiah)


# --- regions -----------------------------------------------------------------------


def _region_parts() -> tuple[st.SearchStrategy[str], ...]:
    province = st.integers(11, 99).map("{:02d}".format)
    kabupaten_kota = st.one_of(st.integers(1, 69), st.integers(71, 99)).map("{:02d}".format)
    kecamatan = st.integers(1, 99).map("{:02d}".format)
    desa_kelurahan = st.one_of(
        st.integers(1001, 1999), st.integers(2001, 2999), st.integers(3001, 3999)
    ).map(str)
    return province, kabupaten_kota, kecamatan, desa_kelurahan


def region_codes(
    level: RegionLevel | None = None, edition: str = DEFAULT_EDITION
) -> st.SearchStrategy[RegionCode]:
    """Valid codes at ``level`` (any level when None), in ``edition``."""
    levels = st.just(level) if level is not None else st.sampled_from(RegionLevel)
    parts = _region_parts()

    @st.composite
    def build(draw: st.DrawFn) -> RegionCode:
        depth = draw(levels)
        return RegionCode(".".join(draw(part) for part in parts[:depth]), edition)

    return build()


def desa_codes() -> st.SearchStrategy[RegionCode]:
    """Desa and kelurahan codes (the level an Address needs)."""
    return region_codes(RegionLevel.DESA_KELURAHAN)


# --- identifiers -------------------------------------------------------------------


def nibs() -> st.SearchStrategy[NIB]:
    return st.text("0123456789", min_size=13, max_size=13).map(NIB)


def niks(female: bool | None = None, birth_year: int | None = None) -> st.SearchStrategy[NIK]:
    """Valid NIKs; ``female`` and ``birth_year`` pin the sex marker and the date's year.

    Without ``birth_year`` the date is any that exists in 1900-2099 (so 29 Feb appears).
    """

    @st.composite
    def build(draw: st.DrawFn) -> NIK:
        province, kabupaten_kota, kecamatan, _ = _region_parts()
        region = draw(province) + draw(kabupaten_kota) + draw(kecamatan)
        year = birth_year if birth_year is not None else draw(st.integers(1900, 2099))
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
        is_female = female if female is not None else draw(st.booleans())
        marked_day = day + 40 if is_female else day
        serial = draw(st.integers(1, 9999))
        return NIK(f"{region}{marked_day:02d}{month:02d}{year % 100:02d}{serial:04d}")

    return build()


def kblis(version: int | None = None) -> st.SearchStrategy[KBLI]:
    """KBLI codes whose division exists in ``version`` (2020 or 2025; either when None)."""
    versions = st.just(version) if version is not None else st.sampled_from(sorted(KBLI_DIVISIONS))

    @st.composite
    def build(draw: st.DrawFn) -> KBLI:
        chosen = draw(versions)
        division = draw(st.sampled_from(sorted(KBLI_DIVISIONS[chosen])))
        rest = draw(st.text("0123456789", min_size=3, max_size=3))
        return KBLI(chosen, division + rest)

    return build()


# --- people and places -------------------------------------------------------------

_NAMES = ("Siti Aminah", "Budi Santoso", "Nyimas Ayu", "Kemas Rusdi", "Sri Wahyuni", "Andi")


def genders() -> st.SearchStrategy[Gender]:
    return st.sampled_from(Gender)


def names(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text the text rule takes as a name: one line, no control or lone surrogate
    characters, something visible in it (names are not parsed)."""
    return st.text(
        st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=max_size
    ).filter(lambda text: any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text))


def owner_names() -> st.SearchStrategy[str]:
    """Realistic names, and any text the text rule takes as a name."""
    return st.one_of(st.sampled_from(_NAMES), names())


@st.composite
def owners(draw: st.DrawFn) -> Owner:
    """Owners whose NIK agrees with their gender and birth year."""
    gender = draw(genders())
    birth_year = draw(st.integers(1930, 2010))
    nik = draw(niks(female=gender is Gender.PEREMPUAN, birth_year=birth_year))
    return Owner(draw(owner_names()), nik, gender, birth_year)


@st.composite
def addresses(draw: st.DrawFn) -> Address:
    street = draw(st.sampled_from(("Jl. Lintas Timur No. 5", "Dusun II RT 03", "Jl. Merdeka")))
    postal_code = draw(st.none() | st.integers(10110, 99999).map(str))
    return Address(street, draw(desa_codes()), postal_code)


# --- time and classification -------------------------------------------------------


def dates_between(
    start: date = date(2000, 1, 1), end: date = date(2035, 12, 31)
) -> st.SearchStrategy[date]:
    """Calendar dates from ``start`` to ``end`` inclusive (both regulations by default)."""
    return st.dates(min_value=start, max_value=end)


def bases() -> st.SearchStrategy[Basis]:
    return st.sampled_from(Basis)


def regulations() -> st.SearchStrategy[Regulation]:
    return st.sampled_from(Regulation)


def size_classes() -> st.SearchStrategy[SizeClass]:
    return st.sampled_from(SizeClass)


# -- audit envelope and commands --------------------------------------------------------


def actors() -> st.SearchStrategy[Actor]:
    """Users in roles; the text may be anything printable without '@' in the role."""
    text = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)
    return st.builds(Actor, user_id=text, role=text)


def envelopes(
    effective: st.SearchStrategy[date] | None = None, reason: bool | None = None
) -> st.SearchStrategy[Envelope]:
    """Envelopes dated in the past; ``reason`` True/False forces one in or out."""
    reasons = names(30)
    return st.builds(
        Envelope,
        actor=actors(),
        command_id=st.uuids().map(str),
        effective_date=effective or dates_between(date(2008, 7, 4), date(2025, 12, 31)),
        source_system=st.sampled_from(["umkm_ledger", "sidt-kumkm", "desa-app"]),
        reason=(reasons if reason else st.none() if reason is False else st.none() | reasons),
    )


# -- programs ---------------------------------------------------------------------------

#: The desa a generated program history plays in: two kecamatan of Ogan Ilir, and one
#: desa outside the program's scope (enrolments there are refused).
PROGRAM_DESA = ("16.10.08.2003", "16.10.08.2004", "16.10.05.2012", "16.09.14.2006")
PROGRAM_FUNDERS = ("APBD Ogan Ilir", "APBN", "CSR Bank")


def periods() -> st.SearchStrategy[Period]:
    """Years, quarters and spans between 2014 and 2025."""
    return st.one_of(
        st.integers(2014, 2025).map(Period.year),
        st.tuples(st.integers(2014, 2025), st.integers(1, 4)).map(lambda yq: Period.quarter(*yq)),
        st.tuples(
            dates_between(date(2014, 1, 1), date(2025, 12, 31)),
            dates_between(date(2014, 1, 1), date(2025, 12, 31)),
        ).map(lambda ab: Period(min(ab), max(ab))),
    )


def program_steps() -> st.SearchStrategy[list[tuple[str, dict[str, Any]]]]:
    """A history of one program: registrations first (owners drawn from a small pool, so
    some are suspected duplicates), then enrolments (some refused, some repeated), exits,
    funder claims, date corrections, merges and more registrations. Each step is
    (command, arguments); indexes refer to the enterprises registered so far (modulo)."""
    day = dates_between(date(2015, 10, 1), date(2021, 3, 31))
    register = st.tuples(
        st.just("register"),
        st.fixed_dictionaries(
            {"owner": st.integers(1, 6), "desa": st.sampled_from(PROGRAM_DESA), "on": day}
        ),
    )
    enterprise = st.integers(0, 50)
    enrol = st.tuples(
        st.just("enrol"),
        st.fixed_dictionaries(
            {
                "enterprise": enterprise,
                "on": day,
                "funders": st.lists(st.sampled_from(PROGRAM_FUNDERS), max_size=2, unique=True),
            }
        ),
    )
    action = st.one_of(
        enrol,
        enrol,
        enrol,
        register,
        st.tuples(st.just("exit"), st.fixed_dictionaries({"enterprise": enterprise})),
        st.tuples(
            st.just("claim"),
            st.fixed_dictionaries(
                {"enterprise": enterprise, "funder": st.sampled_from(PROGRAM_FUNDERS)}
            ),
        ),
        st.tuples(st.just("redate"), st.fixed_dictionaries({"enterprise": enterprise, "on": day})),
        st.tuples(st.just("merge"), st.fixed_dictionaries({"enterprise": enterprise})),
    )
    return st.tuples(
        st.lists(register, min_size=2, max_size=8), st.lists(action, min_size=10, max_size=30)
    ).map(lambda parts: parts[0] + parts[1])


@st.composite
def grant_items(draw: st.DrawFn, max_lines: int = 3) -> tuple[GrantItem, ...]:
    """Distinct lines of goods (songket looms, sewing machines, ...) with prices."""
    names = draw(
        st.lists(
            st.sampled_from(
                ["alat tenun songket", "mesin jahit", "sealer", "oven", "alat las", "bambu"]
            ),
            min_size=1,
            max_size=max_lines,
            unique=True,
        )
    )
    return tuple(
        GrantItem(
            description=name,
            quantity=draw(st.integers(1, 6)),
            unit_value=Rupiah(draw(st.integers(1, 20)) * 500_000),
        )
        for name in names
    )


def funding_steps() -> st.SearchStrategy[list[tuple[str, dict[str, Any]]]]:
    """Commands on grants against one allocation: which grant (an index), and how much.
    Approvals and handovers come more often than the steps that undo them, so most
    histories reach deliveries, returns and repayments."""
    propose = st.tuples(st.just("propose"), st.fixed_dictionaries({"items": grant_items(2)}))
    act = st.tuples(
        st.sampled_from(
            ["approve", "approve", "hand_over", "hand_over", "hand_over_rest", "acknowledge",
             "return", "repay", "repay", "revoke", "cancel"]
        ),
        st.fixed_dictionaries({"grant": st.integers(0, 3), "share": st.integers(1, 6)}),
    )  # fmt: skip
    return st.lists(st.one_of(propose, act, act), min_size=8, max_size=30)


# -- timelines ----------------------------------------------------------------------------


def timeline_steps() -> st.SearchStrategy[list[tuple[str, dict[str, Any]]]]:
    """Things that happen to three enterprises (``who``: indexes), each dated ``day`` days
    into the program's year; ``correct`` moves a recorded fact by ``shift`` days."""
    args = st.fixed_dictionaries(
        {
            "day": st.integers(0, 60),
            "who": st.lists(st.integers(0, 2), min_size=1, max_size=3),
            "group": st.booleans(),
            "shift": st.integers(-20, 20),
        }
    )
    commands = st.sampled_from(
        ["mentoring", "register", "register", "attend", "attend", "consult", "exhibit",
         "grant", "correct", "correct"]
    )  # fmt: skip
    return st.lists(st.tuples(commands, args), min_size=5, max_size=25)


# -- mentoring and training -------------------------------------------------------------


_FOLLOW_UP_ACTIONS = (
    "urus izin PIRT",
    "daftar sertifikasi halal",
    "catat pembukuan harian",
    "foto produk untuk marketplace",
    "ganti kemasan",
)


def mentors() -> st.SearchStrategy[Mentor]:
    """Officers and PLUT consultants, named as owners are."""
    return st.builds(Mentor, name=owner_names(), kind=st.sampled_from(MentorKind))


def follow_ups(due: st.SearchStrategy[date] | None = None) -> st.SearchStrategy[FollowUp]:
    """Agreed actions due on ``due`` (any day of 2008-2025 by default)."""
    actions = st.one_of(st.sampled_from(_FOLLOW_UP_ACTIONS), names())
    days = dates_between(date(2008, 1, 1), date(2025, 12, 31)) if due is None else due
    return st.builds(FollowUp, action=actions, due=days)


def participants(
    enterprise_ids: st.SearchStrategy[UUID] | None = None,
) -> st.SearchStrategy[Participant]:
    """People (owners, with a NIK that agrees with them) and the enterprise they represent."""
    ids = st.uuids() if enterprise_ids is None else enterprise_ids
    return st.builds(Participant, person=owners(), enterprise_id=ids)
