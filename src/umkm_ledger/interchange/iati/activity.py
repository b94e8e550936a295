"""One program as an IATI 2.03 ``iati-activity`` element, in the order the schema gives
its parts: identifier, reporting organisation, title and description, participating
organisations, status and dates, country and locations, sectors, budgets, transactions,
results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID
from xml.etree.ElementTree import Element, SubElement

import attrs

from umkm_ledger.funding.iati import (
    FINANCE_TYPES,
    Movement,
    Reporter,
    transaction_type,
)
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.interchange.iati.codes import (
    ACTIVITY_DATES,
    ACTIVITY_STATUS,
    COUNTRY,
    CURRENCY,
    DAC_VOCABULARY,
    ORGANISATION_ROLES,
    SECTOR_VOCABULARY,
)
from umkm_ledger.interchange.iati.money import Budget, MoneyMovement
from umkm_ledger.interchange.iati.organisations import Organisation
from umkm_ledger.interchange.iati.places import PlaceNames, Places
from umkm_ledger.interchange.iati.results import write_result
from umkm_ledger.interchange.iati.xml import XML_LANG, dated, narrative, number
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.kernel.values import KBLI
from umkm_ledger.programs.lifecycle import ProgramStatus
from umkm_ledger.programs.progress import IndicatorPeriods
from umkm_ledger.programs.readmodels import ProgramView

__all__ = ["Activity", "status_on", "write_activity"]


@attrs.frozen
class Activity:
    """Everything one ``iati-activity`` is written from."""

    program: ProgramView
    identifier: str
    reporter: Reporter
    reporting: Organisation
    #: The office that runs the program (its agency).
    office: Organisation
    #: The funders the file names as funding organisations.
    funders: tuple[Organisation, ...]
    #: Whether the office decides on money of a funder other than itself.
    extending: bool
    movements: tuple[MoneyMovement, ...]
    budgets: tuple[Budget, ...]
    #: The binaan by their KBLI code: (code, how many).
    sectors: tuple[tuple[KBLI, int], ...]
    results: tuple[IndicatorPeriods, ...]
    #: The groups that received aid, by id (enterprises are never named).
    groups: Mapping[UUID, Organisation]
    as_of: date
    #: The breakdown the results' regions come from (``kecamatan``...).
    region_dimension: str
    kbli_uris: Mapping[int, str]
    #: The OECD DAC purpose code of the whole activity.
    dac_sector: str
    place_names: PlaceNames | None = None


def status_on(program: ProgramView, day: date) -> ProgramStatus:
    """The program's status on ``day``, from its start and close."""
    if program.closed_on is not None and program.closed_on <= day:
        return ProgramStatus.CLOSED
    if program.started_on is not None and program.started_on <= day:
        return ProgramStatus.RUNNING
    return ProgramStatus.PLANNED


def write_activity(parent: Element, activity: Activity, labels: Labels) -> Element:
    """``activity`` as an ``iati-activity`` of ``parent``, in ``labels``' language."""
    program = activity.program
    element = SubElement(
        parent, "iati-activity", {XML_LANG: labels.language, "default-currency": CURRENCY}
    )
    SubElement(element, "iati-identifier").text = activity.identifier
    reporting = activity.reporting
    assert reporting.ref is not None  # the service made it with both
    assert reporting.type is not None
    narrative(
        SubElement(element, "reporting-org", ref=reporting.ref, type=reporting.type),
        reporting.name,
    )
    narrative(SubElement(element, "title"), program.name)
    places = Places(program.scope)
    description = SubElement(element, "description", type="1")  # General
    narrative(description, labels.text(_description(activity)))
    _participants(element, activity)
    status = status_on(program, activity.as_of)
    SubElement(element, "activity-status", code=ACTIVITY_STATUS[status])
    _dates(element, program, activity.as_of)
    SubElement(element, "recipient-country", code=COUNTRY, percentage="100")
    # Results name their places by ref: every region they name is a location, so the
    # results are made first (into a scratch element) and the locations written before.
    scratch = Element("results")
    for indicator in activity.results:
        write_result(scratch, indicator, places, labels, region_dimension=activity.region_dimension)
    places.write(element, labels, activity.place_names)
    _sectors(element, activity)
    for budget in activity.budgets:
        _budget(element, budget)
    for movement in activity.movements:
        _transaction(element, movement, activity, labels)
    element.extend(list(scratch))
    return element


def _description(activity: Activity) -> Message:
    program = activity.program
    names = activity.place_names
    shown = []
    for region in program.scope:
        name = None if names is None else names(region)
        shown.append(region.code if not name else f"{name} ({region.code})")
    return N_(
        "A development program of {agency}, {start} to {end}, in {places}; {binaan} "
        "enterprises enrolled as binaan by {as_of}.",
        agency=program.agency,
        start=program.period.start.isoformat(),
        end=program.period.end.isoformat(),
        places=", ".join(shown),
        binaan=sum(count for _, count in activity.sectors),
        as_of=activity.as_of.isoformat(),
    )


def _organisation(element: Element, organisation: Organisation, **attributes: str) -> Element:
    """``element`` naming ``organisation``: its ref and type when known, its name."""
    if organisation.ref is not None:
        element.set("ref", organisation.ref)
    if organisation.type is not None:
        element.set("type", organisation.type)
    for name, value in attributes.items():
        element.set(name, value)
    narrative(element, organisation.name)
    return element


def _participants(element: Element, activity: Activity) -> None:
    roles = ORGANISATION_ROLES
    for funder in activity.funders:
        _organisation(SubElement(element, "participating-org"), funder, role=roles["funding"])
    if activity.extending:
        _organisation(
            SubElement(element, "participating-org"), activity.office, role=roles["extending"]
        )
    _organisation(
        SubElement(element, "participating-org"), activity.office, role=roles["implementing"]
    )


def _dates(element: Element, program: ProgramView, as_of: date) -> None:
    types = ACTIVITY_DATES
    dated(element, "activity-date", program.period.start, type=types["planned start"])
    if program.started_on is not None and program.started_on <= as_of:
        dated(element, "activity-date", program.started_on, type=types["actual start"])
    dated(element, "activity-date", program.period.end, type=types["planned end"])
    if program.closed_on is not None and program.closed_on <= as_of:
        dated(element, "activity-date", program.closed_on, type=types["actual end"])


def _sectors(element: Element, activity: Activity) -> None:
    """The activity's DAC purpose code, and the binaan's KBLI codes, each with its share
    of the binaan (summing to 100)."""
    SubElement(
        element,
        "sector",
        {"vocabulary": DAC_VOCABULARY, "code": activity.dac_sector, "percentage": "100"},
    )
    shares = _percentages([count for _, count in activity.sectors])
    for (kbli, _count), share in zip(activity.sectors, shares, strict=True):
        sector = SubElement(
            element,
            "sector",
            {
                "vocabulary": SECTOR_VOCABULARY,
                "vocabulary-uri": activity.kbli_uris[kbli.version],
                "code": kbli.code,
                "percentage": share,
            },
        )
        narrative(sector, f"KBLI {kbli.version} {kbli.code} (kategori {kbli.section})")


def _percentages(counts: Sequence[int]) -> list[str]:
    """Shares of ``counts`` in percent with two decimals that sum to exactly 100 (the
    largest remainders get the last hundredths)."""
    total = sum(counts)
    if not total:
        return []
    exact = [10_000 * count / total for count in counts]
    floors = [int(share) for share in exact]
    short = 10_000 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (floors[i] - exact[i], i))
    for index in by_remainder[:short]:
        floors[index] += 1
    return [number(hundredths / 100) for hundredths in floors]


def _budget(element: Element, budget: Budget) -> None:
    found = SubElement(
        element,
        "budget",
        type="2" if budget.revised else "1",  # BudgetType: Revised, Original
        status="2" if budget.committed else "1",  # BudgetStatus: Committed, Indicative
    )
    dated(found, "period-start", date(budget.fiscal_year, 1, 1))
    dated(found, "period-end", date(budget.fiscal_year, 12, 31))
    value = SubElement(found, "value", {"currency": CURRENCY, "value-date": budget.on.isoformat()})
    value.text = str(budget.amount)


def _transaction(
    element: Element, movement: MoneyMovement, activity: Activity, labels: Labels
) -> None:
    kind = transaction_type(movement.movement, activity.reporter)
    if kind is None:
        return  # not the reporter's to report (see the table)
    found = SubElement(element, "transaction", ref=f"{movement.record_id}-{movement.version}")
    SubElement(found, "transaction-type", code=kind.code)
    dated(found, "transaction-date", movement.on)
    value = SubElement(
        found, "value", {"currency": CURRENCY, "value-date": movement.on.isoformat()}
    )
    value.text = str(movement.amount)
    narrative(SubElement(found, "description"), labels.text(_said(movement)))
    provider, receiver = _parties(movement, activity)
    if provider is not None:
        _organisation(SubElement(found, "provider-org"), provider)
    if receiver is not None:
        _organisation(SubElement(found, "receiver-org"), receiver)
    SubElement(found, "finance-type", code=FINANCE_TYPES[movement.instrument])


def _said(movement: MoneyMovement) -> Message:
    """What the movement was, in words."""
    instrument = N_(movement.instrument.value)
    funder, year = movement.funder, movement.fiscal_year
    match movement.movement, movement.detail:
        case Movement.PLEDGED, "amended":
            return N_("{funder}'s pledge for fiscal year {year} amended", funder=funder, year=year)
        case Movement.PLEDGED, _:
            return N_(
                "{funder} pledged {instrument} for fiscal year {year}",
                funder=funder, instrument=instrument, year=year,
            )  # fmt: skip
        case Movement.PLEDGE_WITHDRAWN, _:
            return N_(
                "{funder}'s pledge for fiscal year {year} withdrawn", funder=funder, year=year
            )
        case Movement.POSTED, "amended":
            return N_(
                "{funder}'s allocation for fiscal year {year} amended", funder=funder, year=year
            )
        case Movement.POSTED, _:
            return N_(
                "{funder} allocated {instrument} for fiscal year {year}",
                funder=funder, instrument=instrument, year=year,
            )  # fmt: skip
        case Movement.GRANT_COMMITTED, _:
            return N_("a grant of {instrument} approved", instrument=instrument)
        case Movement.COMMITMENT_RELEASED, why:
            return N_("commitment released: {why}", why=N_(str(why)))
        case Movement.LOAN_REPAID, _:
            return N_("loan repaid")
        case _:
            return N_(
                "{instrument} handed over (BAST {bast})",
                instrument=instrument, bast=movement.detail,
            )  # fmt: skip


def _parties(
    movement: MoneyMovement, activity: Activity
) -> tuple[Organisation | None, Organisation | None]:
    """Who the money came from and went to. A group receiving aid is named; an
    enterprise never is (its name is often its owner's)."""
    funder = next(
        (f for f in activity.funders if f.name.casefold() == movement.funder.casefold()),
        Organisation(movement.funder),
    )
    ours = funder if activity.reporter is Reporter.FUNDER else activity.office
    who = movement.beneficiary_id
    beneficiary = None if who is None else activity.groups.get(who)
    match movement.movement:
        case Movement.PLEDGED | Movement.PLEDGE_WITHDRAWN | Movement.POSTED:
            return funder, activity.office
        case Movement.LOAN_REPAID:
            return beneficiary, ours
        case _:
            return ours, beneficiary
