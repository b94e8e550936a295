"""What :meth:`umkm_ledger.Ledger.iati` does: checks what the publisher gives, reads each
program, its money and its progress from the views, and writes the file."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from uuid import UUID

from umkm_ledger.enterprises.commands import EnterpriseCommands
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.iati import ORGANISATION_TYPES, Reporter
from umkm_ledger.funding.service import funder_key
from umkm_ledger.i18n.labels import LANGUAGES, Labels
from umkm_ledger.interchange.iati.activity import Activity
from umkm_ledger.interchange.iati.codes import GROUP_TYPE, KBLI_URIS
from umkm_ledger.interchange.iati.document import IatiFile, iati_file
from umkm_ledger.interchange.iati.money import MoneyMovement, budgets, movements
from umkm_ledger.interchange.iati.organisations import (
    Organisation,
    OrganisationBook,
    org_identifier,
    org_type,
)
from umkm_ledger.interchange.iati.places import PlaceNames
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import to_date, to_id
from umkm_ledger.kernel.errors import N_, InvalidValue, NotFound
from umkm_ledger.kernel.values import KBLI, RegionLevel
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.platform.regions import region_names
from umkm_ledger.platform.session import Session
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.progress import Facts, compute_periods
from umkm_ledger.programs.readmodels import ProgramView

__all__ = ["REGION_DIMENSIONS", "IatiService"]

#: The region breakdowns results can be written with, by level.
REGION_DIMENSIONS: Mapping[RegionLevel, str] = {
    RegionLevel.PROVINSI: "province",
    RegionLevel.KABUPATEN_KOTA: "kabupaten",
    RegionLevel.KECAMATAN: "kecamatan",
    RegionLevel.DESA_KELURAHAN: "desa",
}
#: The most programs one file takes (a district's whole portfolio, many times over).
MAX_PROGRAMS = 1000


class IatiService:
    def __init__(
        self,
        session: Session,
        *,
        program_commands: ProgramCommands,
        funding_commands: FundingCommands,
        enterprise_commands: EnterpriseCommands,
    ) -> None:
        self._session = session
        self._programs = program_commands
        self._funding = funding_commands
        self._enterprises = enterprise_commands

    def iati(
        self,
        program_ids: UUID | str | Sequence[UUID | str],
        *,
        reporting_org: str,
        reporting_org_type: str | int | None,
        reporting_org_name: str | None,
        as_funder: str | None,
        org_refs: Mapping[str, str] | None,
        org_types: Mapping[str, str | int] | None,
        by_region: str | None,
        language: str,
        as_of: date | str | None,
        generated_at: datetime | str | None,
        kbli_uris: Mapping[int, str] | None,
        dac_sector: str,
        place_names: PlaceNames | None,
    ) -> IatiFile:
        ids = _program_ids(program_ids)
        ref = org_identifier(reporting_org, "reporting_org")
        if language not in LANGUAGES:
            raise InvalidValue(
                "language",
                str(language)[:20],
                N_("must be one of {choices}", choices=", ".join(LANGUAGES)),
            )
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        moment = _moment(generated_at)
        uris = _uris(kbli_uris)
        dac = _dac_sector(dac_sector)
        dimension = None if by_region is None else _dimension(by_region)
        funder = None if as_funder is None else self._funder(as_funder)
        book = OrganisationBook(org_refs, org_types)
        given_type = (
            None
            if reporting_org_type is None
            else org_type(reporting_org_type, "reporting_org_type")
        )
        programs = [ProgramView.of(self._programs.program(i)) for i in ids]
        facts = Facts(self._session.views())
        names = region_names().name_of if place_names is None else place_names
        activities = [
            self._activity(
                facts, program, ref=ref, kind=given_type, name=reporting_org_name, funder=funder,
                book=book, day=day, dimension=dimension, uris=uris, dac=dac, place_names=names,
            )
            for program in programs
        ]  # fmt: skip
        book.check_all_used()
        return iati_file(activities, Labels(language), moment)

    def _funder(self, name: str) -> Funder:
        return self._funding.funder(funder_key(name, "as_funder"))

    def _activity(
        self,
        facts: Facts,
        program: ProgramView,
        *,
        ref: str,
        kind: str | None,
        name: str | None,
        funder: Funder | None,
        book: OrganisationBook,
        day: date,
        dimension: str | None,
        uris: Mapping[int, str],
        dac: str,
        place_names: PlaceNames,
    ) -> Activity:
        moved = movements(
            facts, program.id, as_of=day, funder=None if funder is None else funder.name
        )
        if funder is not None and not moved:
            raise InvalidValue(
                "as_funder",
                funder.name,
                N_(
                    "has no allocation or pledge in program {program} by {as_of}: a funder "
                    "reports its own money",
                    program=program.id,
                    as_of=day.isoformat(),
                ),
            )
        office = book.organisation(program.agency, type=self._type_of(program.agency))
        if funder is None:
            reporter = Reporter.IMPLEMENTER
            reporting = Organisation(
                name or program.agency, ref, kind or office.type or _OFFICE_TYPE
            )
            office = Organisation(office.name, office.ref or ref, office.type or reporting.type)
            funders = [
                book.organisation(n, type=self._type_of(n))
                for n in self._funders(facts, program, day)
            ]
        else:
            reporter = Reporter.FUNDER
            # The funder is the reporting organisation: its identifier is the file's.
            given = book.organisation(funder.name, type=ORGANISATION_TYPES[funder.source])
            own = kind or given.type
            reporting = Organisation(name or funder.name, ref, own)
            funders = [Organisation(funder.name, ref, own)]
        binaan = self._sectors(facts, program, day)
        return Activity(
            program=program,
            identifier=f"{ref}-{program.id}",
            reporter=reporter,
            reporting=reporting,
            office=office,
            funders=tuple(funders),
            extending=any(not book.same(f, office) for f in funders),
            movements=tuple(moved),
            budgets=tuple(budgets(moved)),
            sectors=binaan,
            results=compute_periods(
                facts,
                program,
                as_of=day,
                by=(dimension or _finest(program), "gender"),
                names=place_names,
            ),
            groups=self._groups(moved, book),
            as_of=day,
            region_dimension=dimension or _finest(program),
            kbli_uris=uris,
            dac_sector=dac,
            place_names=place_names,
        )

    def _type_of(self, name: str) -> str | None:
        """The IATI organisation type of a registered funder of that name (None: no
        funder is registered under it)."""
        try:
            found = self._funding.funder(funder_key(name))
        except (NotFound, InvalidValue):
            return None
        return ORGANISATION_TYPES[found.source]

    def _funders(self, facts: Facts, program: ProgramView, day: date) -> list[str]:
        """Every funder of the program by ``day``: those with an allocation or a pledge,
        and those claiming its binaan (by their names, one each, sorted)."""
        names = {
            row[0]
            for row in facts.rows(
                "funding",
                "SELECT DISTINCT funder FROM {allocation} "
                "WHERE program_id = ? AND allocated_on <= ?",
                (program.id.hex, day.isoformat()),
            )
        }
        for enrolment in facts.enrolments(program.id):
            names.update(enrolment.funders_on(day))
        chosen: dict[str, str] = {}
        for found in sorted(names):
            chosen.setdefault(" ".join(found.split()).casefold(), found)
        return sorted(chosen.values(), key=str.casefold)

    def _sectors(
        self, facts: Facts, program: ProgramView, day: date
    ) -> tuple[tuple[KBLI, int], ...]:
        """The program's binaan by ``day`` by KBLI code, each business once (a merged
        duplicate as the record it was merged into), most first."""
        codes: dict[str, KBLI] = {}
        for enrolment in facts.enrolments(program.id):
            enterprise = enrolment.enterprise
            if enrolment.enrolled_on <= day and enterprise.kbli is not None:
                codes.setdefault(enterprise.counts_as, enterprise.kbli)
        counted = Counter(codes.values())
        return tuple(
            sorted(counted.items(), key=lambda item: (-item[1], item[0].version, item[0].code))
        )

    def _groups(
        self, moved: Sequence[MoneyMovement], book: OrganisationBook
    ) -> dict[UUID, Organisation]:
        """The groups that received aid, by id: each named (a KUB, a sentra, a koperasi
        is an organisation; an enterprise, never named, is not here)."""
        found: dict[UUID, Organisation] = {}
        for movement in moved:
            who = movement.beneficiary_id
            if movement.beneficiary_kind == "group" and who is not None and who not in found:
                name = self._enterprises.group(who).name
                found[who] = book.organisation(name, type=GROUP_TYPE)
        return found


#: The type of a reporting office when none is given: the district (or province) office
#: of cooperatives and UMKM the ledger is kept by is a local government body.
_OFFICE_TYPE = "11"  # Local Government


def _program_ids(given: UUID | str | Sequence[UUID | str]) -> list[UUID]:
    values = [given] if isinstance(given, UUID | str) else given
    if not isinstance(values, Sequence) or not values:
        raise InvalidValue("program_ids", str(given)[:60], N_("must name at least one program"))
    if len(values) > MAX_PROGRAMS:
        raise InvalidValue(
            "program_ids",
            f"{len(values)} programs",
            N_("must be at most {maximum}", maximum=MAX_PROGRAMS),
        )
    ids = [to_id(value, f"program_ids[{index}]") for index, value in enumerate(values)]
    if len(set(ids)) != len(ids):
        raise InvalidValue("program_ids", [str(i) for i in ids], N_("must not repeat a program"))
    return ids


def _moment(value: datetime | str | None) -> datetime:
    """When the file was made: now, or the given moment (a time without a zone is UTC)."""
    if value is None:
        return datetime.now(tz=UTC)
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            raise InvalidValue(
                "generated_at",
                text[:40],
                N_("must be a date and time, such as 2025-01-31T09:00:00Z"),
            ) from None
    if not isinstance(value, datetime):
        raise InvalidValue("generated_at", type(value).__name__, N_("must be a date and time"))
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _uris(given: Mapping[int, str] | None) -> Mapping[int, str]:
    if given is None:
        return KBLI_URIS
    if not isinstance(given, Mapping):
        raise InvalidValue("kbli_uris", type(given).__name__, N_("must map KBLI versions to URIs"))
    uris = dict(KBLI_URIS)
    for version, uri in given.items():
        if version not in KBLI_URIS:
            raise InvalidValue(
                "kbli_uris", str(version)[:10], N_("KBLI versions are 2020 and 2025")
            )
        text = name_text(uri, f"kbli_uris[{version}]")
        if not text.startswith(("https://", "http://")) or any(c.isspace() for c in text):
            raise InvalidValue(f"kbli_uris[{version}]", text, N_("must be an http(s) address"))
        uris[version] = text
    return uris


def _dac_sector(code: object) -> str:
    if not isinstance(code, str) or re.fullmatch(r"[0-9]{5}", code) is None:
        raise InvalidValue(
            "dac_sector",
            str(code)[:20],
            N_("must be an OECD DAC purpose code of 5 digits, such as 32130 (SME development)"),
        )
    return code


def _dimension(level: str) -> str:
    choices = tuple(REGION_DIMENSIONS.values())
    if level not in choices:
        raise InvalidValue(
            "by_region", str(level)[:20], N_("must be one of {choices}", choices=", ".join(choices))
        )
    return level


def _finest(program: ProgramView) -> str:
    """The region breakdown a program's results get by default: at the level of its
    scope's smallest regions (a program for a kabupaten: by kabupaten; for desa: by desa)."""
    return REGION_DIMENSIONS[max(region.level for region in program.scope)]
