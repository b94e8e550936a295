"""The Enterprise aggregate: one UMKM, from registration to graduation (or merger)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

import attrs
from eventsourcing.domain import Aggregate

from umkm_ledger.enterprises.classification import Basis, Classification, SizeClass, classify
from umkm_ledger.enterprises.indexes import OwnerKey
from umkm_ledger.enterprises.lifecycle import (
    ENTERPRISE_LIFECYCLE,
    EnterpriseAction,
    EnterpriseStatus,
)
from umkm_ledger.enterprises.rules import (
    NibAlreadyRecorded,
    NotASuspectedDuplicate,
    ReportBeforeFounding,
    SalesYearAlreadyReported,
)
from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    check_founded_by_fact,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.rules import FactNotCorrectable
from umkm_ledger.kernel.values import KBLI, NIB, Address, Owner, Rupiah
from umkm_ledger.kernel.values.bounds import calendar_year, fact_date
from umkm_ledger.kernel.values.checks import (
    checked_address,
    checked_owner,
    instance,
    listed,
    non_negative_rupiah,
    optional,
)
from umkm_ledger.kernel.values.text import name_text

__all__ = ["Enterprise", "Report", "checked_owners"]

_A = EnterpriseAction


@attrs.frozen
class Report:
    """A sales or capital figure as last corrected; ``version`` is the event that reported it."""

    version: int
    basis: Basis
    amount: Rupiah
    effective_date: date
    #: The calendar year the sales figure covers (None for a capital report).
    year: int | None = None


def checked_owners(value: object, field: str = "owners") -> tuple[Owner, ...]:
    """An enterprise has at least one owner, each an :class:`Owner` whose name keeps the
    text rule, and no person is listed twice (by NIK)."""
    if isinstance(value, Sequence) and not isinstance(value, str) and not value:
        raise InvalidValue(field, [], "an enterprise has at least one owner")
    owners = tuple(listed(value, field, "owners", at_least=1))
    seen: set[str] = set()
    for index, owner in enumerate(owners):
        checked_owner(owner, f"{field}[{index}]")
        if owner.nik.value in seen:
            raise InvalidValue(f"{field}[{index}].nik", owner.nik.masked(), "listed twice")
        seen.add(owner.nik.value)
    return owners


class Enterprise(LedgerAggregate):
    """A registered UMKM.

    Commands check the lifecycle table and the business rules first, then record one
    or more events; a refused command records nothing.
    """

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Registered": frozenset({"name", "owners", "address", "sector", "founded_on", "nib"}),
        "NibRecorded": frozenset({"nib"}),
        "SalesReported": frozenset({"year", "amount"}),
        "CapitalReported": frozenset({"amount"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Registered": {
            "name": name_text,
            "owners": checked_owners,
            "address": checked_address,
            "sector": instance(KBLI, "a KBLI code"),
            "founded_on": fact_date,
            "nib": optional(instance(NIB, "an NIB")),
        },
        "NibRecorded": {"nib": instance(NIB, "an NIB")},
        "SalesReported": {"year": calendar_year, "amount": non_negative_rupiah},
        "CapitalReported": {"amount": non_negative_rupiah},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Registered(Event, Aggregate.Created):
        """An enterprise was registered with its owners, address, sector and founding date."""

        name: str
        owners: tuple[Owner, ...]
        address: Address
        sector: KBLI
        founded_on: date
        nib: NIB | None

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.name = self.name
            aggregate.owners = tuple(self.owners)
            aggregate.address = self.address
            aggregate.sector = self.sector
            aggregate.founded_on = self.founded_on
            aggregate.nib = self.nib

    @dataclass(frozen=True)
    class NibRecorded(Event):
        """An NIB issued by OSS was recorded for the enterprise."""

        nib: NIB

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.nib = self.nib

    @dataclass(frozen=True)
    class SalesReported(Event):
        """The enterprise's sales for a calendar year were reported."""

        year: int
        amount: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate._derive_report(self.originator_version)

    @dataclass(frozen=True)
    class CapitalReported(Event):
        """The enterprise's business capital (excluding land and buildings) was reported."""

        amount: Rupiah

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate._derive_report(self.originator_version)

    @dataclass(frozen=True)
    class Reclassified(Event):
        """The size class changed (``previous`` None: first classification): *naik kelas*
        when it moved up. ``because_of`` is the version of the report or correction."""

        previous: SizeClass | None
        classification: Classification
        because_of: int

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.last_reclassified = self.classification

        @property
        def is_naik_kelas(self) -> bool:
            return self.previous is not None and self.classification.size_class.is_above(
                self.previous
            )

    @dataclass(frozen=True)
    class StatusChanged(Event):
        """The enterprise went from one status to another by a lifecycle action."""

        action: EnterpriseAction
        previous: EnterpriseStatus
        status: EnterpriseStatus

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.status = self.status

    @dataclass(frozen=True)
    class SuspectedDuplicateFlagged(Event):
        """An owner of this enterprise already owns the listed enterprises in the same desa
        and sector: a suspected duplicate, for an officer to resolve."""

        others: tuple[UUID, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.suspected_duplicates = aggregate.suspected_duplicates | set(self.others)

    @dataclass(frozen=True)
    class DuplicateDismissed(Event):
        """An officer confirmed that this enterprise and ``other`` are distinct."""

        other: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.suspected_duplicates = aggregate.suspected_duplicates - {self.other}

    @dataclass(frozen=True)
    class MergedInto(Event):
        """This record was found to duplicate ``survivor`` and was merged into it."""

        survivor: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.merged_into = self.survivor
            aggregate.status = EnterpriseStatus.MERGED
            aggregate.suspected_duplicates = aggregate.suspected_duplicates - {self.survivor}

    @dataclass(frozen=True)
    class DuplicateAbsorbed(Event):
        """The duplicate record ``duplicate`` was merged into this one."""

        duplicate: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.absorbed = (*aggregate.absorbed, self.duplicate)
            aggregate.suspected_duplicates = aggregate.suspected_duplicates - {self.duplicate}

    @dataclass(frozen=True)
    class JoinedGroup(Event):
        """The enterprise became a member of a KUB, sentra or koperasi."""

        group_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.groups = (*aggregate.groups, self.group_id)

    @dataclass(frozen=True)
    class LeftGroup(Event):
        """The enterprise stopped being a member of a group (the reason is in the envelope)."""

        group_id: UUID

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enterprise)
            aggregate.groups = tuple(g for g in aggregate.groups if g != self.group_id)

    def __init__(self) -> None:
        self._init_facts()
        self.name = ""
        self.owners: tuple[Owner, ...] = ()
        self.address: Address
        self.sector: KBLI
        self.founded_on: date
        self.nib: NIB | None = None
        self.status = EnterpriseStatus.ACTIVE
        self.reports: dict[int, Report] = {}
        #: The class with the figure and regulation of the report that decides it: the
        #: latest report by effective date (see :meth:`current_classification`).
        self.classification: Classification | None = None
        #: What the latest ``Reclassified`` event recorded: the report that last
        #: *changed* the class, which later reports of the same class do not replace.
        self.last_reclassified: Classification | None = None
        self.suspected_duplicates: frozenset[UUID] | set[UUID] = frozenset()
        self.merged_into: UUID | None = None
        self.absorbed: tuple[UUID, ...] = ()
        self.groups: tuple[UUID, ...] = ()

    # -- construction --------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        name: str,
        owners: Sequence[Owner],
        address: Address,
        sector: KBLI,
        founded_on: date,
        nib: NIB | None,
        envelope: Envelope,
        id: UUID | None = None,
    ) -> Enterprise:
        """Register an enterprise. Owners must be distinct people (by NIK)."""
        fields = cls.checked_fields(
            "Registered",
            {"name": name, "owners": owners, "address": address, "sector": sector,
             "founded_on": founded_on, "nib": nib},
        )  # fmt: skip
        if fields["founded_on"] > envelope.effective_date:
            raise InvalidValue(
                "founded_on", founded_on.isoformat(), "is after the registration's effective date"
            )
        check_effective_date(envelope)
        # The street is the first owner's personal data: sealed, and erased, with theirs.
        fields["address"] = fields["address"].lived_in_by(fields["owners"][0].nik)
        return cls._create(cls.Registered, id=id, envelope=envelope, **fields)

    # -- commands ------------------------------------------------------------------

    def _allow(self, action: EnterpriseAction) -> EnterpriseStatus:
        return next_status(ENTERPRISE_LIFECYCLE, "enterprise", self.status, action)

    def record_nib(self, nib: NIB, *, envelope: Envelope) -> None:
        """Record the NIB that OSS issued after registration."""
        self._allow(_A.RECORD_NIB)
        if self.nib is not None:
            raise NibAlreadyRecorded(self.id, self.nib.value)
        self._record(self.NibRecorded, envelope, nib=nib)

    def report_sales(self, year: int, amount: Rupiah, *, envelope: Envelope) -> None:
        """Report one calendar year's sales; re-classifies when a threshold is crossed."""
        self._allow(_A.REPORT_SALES)
        checked = self.checked_fields("SalesReported", {"year": year, "amount": amount})
        year, amount = checked["year"], checked["amount"]
        self._check_report(year=year, amount=amount, effective=envelope.effective_date)
        for report in self.reports.values():
            if report.year == year:
                raise SalesYearAlreadyReported(year, report.version)
        self._record(self.SalesReported, envelope, year=year, amount=amount)
        self._reclassify(envelope, because_of=self.version)

    def report_capital(self, amount: Rupiah, *, envelope: Envelope) -> None:
        """Report business capital (excluding land and buildings) as of the effective date."""
        self._allow(_A.REPORT_CAPITAL)
        amount = self.checked_fields("CapitalReported", {"amount": amount})["amount"]
        self._check_report(year=None, amount=amount, effective=envelope.effective_date)
        self._record(self.CapitalReported, envelope, amount=amount)
        self._reclassify(envelope, because_of=self.version)

    def mark_dormant(self, *, envelope: Envelope) -> None:
        self._change_status(_A.MARK_DORMANT, envelope)

    def close(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "closing an enterprise")
        self._change_status(_A.CLOSE, envelope)

    def reactivate(self, *, envelope: Envelope) -> None:
        self._change_status(_A.REACTIVATE, envelope)

    def graduate(self, *, envelope: Envelope) -> None:
        """The enterprise is *mandiri*: it graduates from the program's guidance."""
        self._change_status(_A.GRADUATE, envelope)

    def _change_status(self, action: EnterpriseAction, envelope: Envelope) -> None:
        target = self._allow(action)
        self._record(
            self.StatusChanged, envelope, action=action, previous=self.status, status=target
        )

    def flag_suspected_duplicate(self, others: Sequence[UUID], *, envelope: Envelope) -> None:
        """Flag this enterprise as a suspected duplicate of ``others`` (an audited fact)."""
        new = tuple(o for o in dict.fromkeys(others) if o != self.id)
        if new:
            self._record(self.SuspectedDuplicateFlagged, envelope, others=new)

    def dismiss_duplicate(self, other: UUID, *, envelope: Envelope) -> None:
        """Confirm that this enterprise and ``other`` are distinct businesses."""
        self._allow(_A.RESOLVE_DUPLICATE)
        require_reason(envelope, "confirming a suspected duplicate as distinct")
        if other not in self.suspected_duplicates:
            raise NotASuspectedDuplicate(self.id, other)
        self._record(self.DuplicateDismissed, envelope, other=other)

    def merge_into(self, survivor: Enterprise, *, envelope: Envelope) -> None:
        """Merge this duplicate record into ``survivor``; both records keep their history."""
        require_reason(envelope, "merging a duplicate")
        if survivor.id == self.id or not (
            survivor.id in self.suspected_duplicates or self.id in survivor.suspected_duplicates
        ):
            raise NotASuspectedDuplicate(self.id, survivor.id)
        self._allow(_A.MERGE_INTO)
        survivor._allow(_A.ABSORB_DUPLICATE)
        self._record(self.MergedInto, envelope, survivor=survivor.id)
        survivor._record(survivor.DuplicateAbsorbed, envelope, duplicate=self.id)

    def join_group(self, group_id: UUID, *, envelope: Envelope) -> None:
        """Record membership of a group (the group records its side in the same command)."""
        self._allow(_A.JOIN_GROUP)
        if group_id not in self.groups:
            self._record(self.JoinedGroup, envelope, group_id=group_id)

    def leave_group(self, group_id: UUID, *, envelope: Envelope) -> None:
        """Record leaving a group; allowed in every status, since leaving changes nothing else."""
        if group_id in self.groups:
            self._record(self.LeftGroup, envelope, group_id=group_id)

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        """Correct a fact; a corrected address is the (corrected) first owner's, as a
        registered one is (see :meth:`register`)."""
        self._allow(_A.CORRECT)
        before = self.facts[version].effective_date if version in self.facts else None
        changes = self._with_resident(version, changes, envelope)
        super().correct(version, changes, envelope=envelope)
        if version in self.reports:
            if before is not None and EFFECTIVE_DATE in changes:
                self._redate_reclassifications(version, before, envelope)
            self._reclassify(envelope, because_of=self.version)

    def _with_resident(
        self, version: int, changes: Mapping[str, Any], envelope: Envelope
    ) -> Mapping[str, Any]:
        fact = self.facts.get(version)
        if "address" not in changes or fact is None or fact.kind != "Registered":
            return changes
        _fact, checked = self.checked_changes(version, changes, envelope=envelope)
        owners = checked.get("owners", self.owners)
        return {**changes, "address": checked["address"].lived_in_by(owners[0].nik)}

    def _redate_reclassifications(self, report: int, before: date, envelope: Envelope) -> None:
        """Move the class changes that report ``report`` decided to its corrected date.

        A class changes on the date of the report that decided it; when that report's
        date is corrected, so is the date of the change (a correction of the
        ``Reclassified`` event, naming it): *naik kelas* counts in the year it happened.
        The changes it decided are the ones it (or a correction of it) caused, dated as
        it was.
        """
        causes = {report, *self.facts[report].corrected_by}
        day = self.facts[report].effective_date
        for version, fact in sorted(self.facts.items()):
            if (
                fact.kind == "Reclassified"
                and fact.fields["because_of"] in causes
                and fact.effective_date == before != day
            ):
                super().correct(version, {EFFECTIVE_DATE: day}, envelope=envelope)

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind in {"SalesReported", "CapitalReported"}:
            merged = {**fact.fields, **changes}
            self._check_report(
                year=merged.get("year"),
                amount=merged["amount"],
                effective=changes.get(EFFECTIVE_DATE, fact.effective_date),
                where="changes.",
            )
        if fact.kind == "Registered" and ("founded_on" in changes or EFFECTIVE_DATE in changes):
            founded = changes.get("founded_on", self.founded_on)
            check_founded_by_fact(
                fact, changes, founded, N_("is after the registration's effective date")
            )
            for report in self.reports.values():
                self._check_report(
                    year=report.year,
                    amount=report.amount,
                    effective=report.effective_date,
                    founded_on=founded,
                )
        if fact.kind == "SalesReported" and "year" in changes:
            for report in self.reports.values():
                if report.year == changes["year"] and report.version != version:
                    raise SalesYearAlreadyReported(changes["year"], report.version)
        if fact.kind == "Registered" and "nib" in changes and fact.fields["nib"] is None:
            raise FactNotCorrectable(
                N_("the registration recorded no NIB; record the NIB instead of correcting it")
            )

    # -- derived state -------------------------------------------------------------

    def _check_report(
        self,
        *,
        year: int | None,
        amount: Rupiah,
        effective: date,
        founded_on: date | None = None,
        where: str = "",
    ) -> None:
        founded = founded_on or self.founded_on
        if amount.is_negative:
            raise InvalidValue(
                f"{where}amount", str(amount), "a reported figure cannot be negative"
            )
        if year is not None:
            if not 1900 <= year <= effective.year:
                raise InvalidValue(
                    f"{where}year",
                    year,
                    N_(
                        "must be a past or current year (effective {effective})",
                        effective=effective,
                    ),
                )
            if year < founded.year:
                raise ReportBeforeFounding(N_("sales year {year}", year=year), founded)
        elif effective < founded:
            raise ReportBeforeFounding(
                N_("capital as of {effective}", effective=effective.isoformat()), founded
            )

    def _derive_report(self, version: int) -> None:
        fact = self.facts[version]
        basis = Basis.SALES if fact.kind == "SalesReported" else Basis.CAPITAL
        self.reports[version] = Report(
            version=version,
            basis=basis,
            amount=fact.fields["amount"],
            effective_date=fact.effective_date,
            year=fact.fields.get("year"),
        )

    def on_corrected(self, version: int) -> None:
        fact = self.facts[version]
        if fact.kind == "Registered":
            self.name = fact.fields["name"]
            self.owners = tuple(fact.fields["owners"])
            self.address = fact.fields["address"]
            self.sector = fact.fields["sector"]
            self.founded_on = fact.fields["founded_on"]
            if self.nib is None or not any(f.kind == "NibRecorded" for f in self.facts.values()):
                self.nib = fact.fields["nib"]
        elif fact.kind == "NibRecorded":
            self.nib = fact.fields["nib"]
        elif version in self.reports:
            self._derive_report(version)

    def latest_report(self) -> Report | None:
        """The report that decides the class: the latest by effective date (ties: the later
        recorded). Sources disagree on when the capital test and the sales test apply, so
        the latest figure of either kind decides."""
        if not self.reports:
            return None
        return max(self.reports.values(), key=lambda r: (r.effective_date, r.version))

    def evolved(self) -> None:
        # A report that leaves the class as it was records no Reclassified event, yet it
        # is the one the class is now derived from: the classification shown cites it.
        self.classification = self.current_classification()

    def current_classification(self) -> Classification | None:
        """What the latest report says, with its basis, figure and regulation."""
        latest = self.latest_report()
        if latest is None:
            return None
        return classify(latest.amount, latest.basis, latest.effective_date)

    def _reclassify(self, envelope: Envelope, *, because_of: int) -> None:
        latest = self.latest_report()
        if latest is None:
            return
        new = classify(latest.amount, latest.basis, latest.effective_date)
        recorded = self.last_reclassified
        previous = recorded.size_class if recorded else None
        if previous is new.size_class and recorded is not None:
            return
        # The class changed on the date of the deciding report, also when a correction
        # made today revealed it: a naik kelas counts in the year it happened.
        dated = attrs.evolve(envelope, effective_date=latest.effective_date)
        self._record(
            self.Reclassified, dated, previous=previous, classification=new, because_of=because_of
        )

    @property
    def size_class(self) -> SizeClass | None:
        return self.classification.size_class if self.classification else None

    def owner_keys(self) -> tuple[OwnerKey, ...]:
        """Keys under which duplicates are looked for: (owner NIK, desa, KBLI version, code)."""
        return tuple(
            (o.nik, self.address.desa.code, self.sector.version, self.sector.code)
            for o in self.owners
        )


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Enterprise,
    "enterprises.Enterprise",
    formerly="umkm_ledger.domain.enterprise:Enterprise",
    events=(
        "Registered",
        "NibRecorded",
        "SalesReported",
        "CapitalReported",
        "Reclassified",
        "StatusChanged",
        "SuspectedDuplicateFlagged",
        "DuplicateDismissed",
        "MergedInto",
        "DuplicateAbsorbed",
        "JoinedGroup",
        "LeftGroup",
        "Corrected",
    ),
)
register_record_kind(Enterprise, "enterprise")
