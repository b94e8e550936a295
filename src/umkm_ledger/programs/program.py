"""The Program aggregate: a development program, its scope, indicators and targets.

A district office runs a program ("Pengembangan 1000 Wirausaha UMKM") for a region
scope over a period, and reports progress on indicators against targets. Enrolments
of enterprises as *binaan* are their own aggregate (:mod:`.enrollment`), so a program
with a hundred thousand binaan stays small to load.

Indicators, targets and opening balances are derived from the remembered facts, so a
correction of any of them changes what the program reports without rewriting anything.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

import attrs
from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.aggregate import Check, Fact, LedgerAggregate, check_effective_date
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.rules import FactNotCorrectable
from umkm_ledger.kernel.values import RegionCode
from umkm_ledger.kernel.values.bounds import whole_number
from umkm_ledger.kernel.values.checks import checked_period, checked_regions, instance, optional
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.kernel.values.text import free_text, name_text
from umkm_ledger.programs.indicator import Indicator, Target, checked_indicator, checked_target
from umkm_ledger.programs.lifecycle import PROGRAM_LIFECYCLE, ProgramAction, ProgramStatus
from umkm_ledger.programs.rules import (
    EnrolmentOutsideProgramTime,
    IndicatorAlreadyDefined,
    IndicatorNotDefined,
    OutsideProgramScope,
    ProgramDatesOutOfOrder,
    TargetOutsideProgramPeriod,
    TargetsOverlap,
)

__all__ = ["OpeningBalance", "Program"]


@attrs.frozen
class OpeningBalance:
    """A count that predates the ledger, with its provenance (never fake enterprises)."""

    version: int
    indicator: str
    value: int
    counted_on: date
    source_document: str
    area: RegionCode | None


class Program(LedgerAggregate):
    """A development program run by an agency for a region scope over a period."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Planned": frozenset({"name", "agency", "scope", "period"}),
        "IndicatorDefined": frozenset({"indicator"}),
        "TargetSet": frozenset({"target"}),
        "OpeningBalanceRecorded": frozenset({"value", "source_document", "area"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Planned": {
            "name": name_text,
            "agency": name_text,
            "scope": checked_regions,
            "period": checked_period,
        },
        "IndicatorDefined": {"indicator": checked_indicator},
        "TargetSet": {"indicator_key": name_text, "target": checked_target},
        "OpeningBalanceRecorded": {
            "indicator_key": name_text,
            "value": whole_number,
            "source_document": free_text,
            "area": optional(instance(RegionCode, "a region code")),
        },
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Planned(Event, Aggregate.Created):
        """A program was planned by an agency for a region scope and a period."""

        name: str
        agency: str
        scope: tuple[RegionCode, ...]
        period: Period

    @dataclass(frozen=True)
    class StatusChanged(Event):
        """The program started or closed (on the envelope's effective date)."""

        action: ProgramAction
        previous: ProgramStatus
        status: ProgramStatus

    @dataclass(frozen=True)
    class IndicatorDefined(Event):
        """The program will report on an indicator."""

        indicator: Indicator

    @dataclass(frozen=True)
    class TargetSet(Event):
        """A target was set for one of the program's indicators."""

        indicator_key: str
        target: Target

    @dataclass(frozen=True)
    class OpeningBalanceRecorded(Event):
        """Counts that predate the ledger entered with their source document (the
        envelope's effective date is the day they were counted)."""

        indicator_key: str
        value: int
        source_document: str
        area: RegionCode | None

    def __init__(self) -> None:
        self._init_facts()
        self.name = ""
        self.agency = ""
        self.scope: tuple[RegionCode, ...] = ()
        self.period: Period
        self.status = ProgramStatus.PLANNED
        self.started_on: date | None = None
        self.closed_on: date | None = None
        self.indicators: dict[str, Indicator] = {}
        self.targets: dict[str, tuple[Target, ...]] = {}
        self.opening_balances: tuple[OpeningBalance, ...] = ()

    # -- construction --------------------------------------------------------------

    @classmethod
    def plan(
        cls,
        *,
        name: str,
        agency: str,
        scope: Sequence[RegionCode],
        period: Period,
        envelope: Envelope,
        id: UUID | None = None,
    ) -> Program:
        fields = cls.checked_fields(
            "Planned", {"name": name, "agency": agency, "scope": scope, "period": period}
        )
        check_effective_date(envelope)
        return cls._create(cls.Planned, id=id or new_id(), envelope=envelope, **fields)

    # -- commands ------------------------------------------------------------------

    def _allow(self, action: ProgramAction) -> ProgramStatus:
        return next_status(PROGRAM_LIFECYCLE, "program", self.status, action)

    def start(self, *, envelope: Envelope) -> None:
        """The program starts: enrolments dated from today's effective date count."""
        self._change_status(ProgramAction.START, envelope)

    def close(self, *, envelope: Envelope) -> None:
        """The program ends (a reason is optional: most programs end by plan)."""
        self._change_status(ProgramAction.CLOSE, envelope)

    def _change_status(self, action: ProgramAction, envelope: Envelope) -> None:
        status = self._allow(action)
        if self.started_on is not None and envelope.effective_date < self.started_on:
            raise InvalidValue(
                "effective_date",
                envelope.effective_date.isoformat(),
                N_(
                    "is before the program started ({started})",
                    started=self.started_on.isoformat(),
                ),
            )
        self._record(
            self.StatusChanged, envelope, action=action, previous=self.status, status=status
        )

    def define_indicator(self, indicator: Indicator, *, envelope: Envelope) -> None:
        self._allow(ProgramAction.DEFINE_INDICATOR)
        indicator = self.checked_fields("IndicatorDefined", {"indicator": indicator})["indicator"]
        if indicator.key in self.indicators:
            raise IndicatorAlreadyDefined(self.id, indicator.key)
        self._record(self.IndicatorDefined, envelope, indicator=indicator)

    def set_target(self, indicator_key: str, target: Target, *, envelope: Envelope) -> None:
        self._allow(ProgramAction.SET_TARGET)
        self._require_indicator(indicator_key)
        target = self.checked_fields("TargetSet", {"target": target})["target"]
        self._check_target(target)
        _check_no_overlap(self.id, indicator_key, (*self.targets.get(indicator_key, ()), target))
        self._record(self.TargetSet, envelope, indicator_key=indicator_key, target=target)

    def record_opening_balance(
        self,
        indicator_key: str,
        value: int,
        *,
        source_document: str,
        area: RegionCode | None,
        envelope: Envelope,
    ) -> None:
        self._allow(ProgramAction.RECORD_OPENING_BALANCE)
        self._require_indicator(indicator_key)
        fields = self.checked_fields(
            "OpeningBalanceRecorded",
            {"indicator_key": indicator_key, "value": value,
             "source_document": source_document, "area": area},
        )  # fmt: skip
        if fields["area"] is not None:
            self.check_in_scope(fields["area"])
        self._record(self.OpeningBalanceRecorded, envelope, **fields)

    # -- rules other aggregates' commands ask about ----------------------------------

    def check_in_scope(self, region: RegionCode) -> None:
        """Refuse a region outside the program's scope (:class:`OutsideProgramScope`)."""
        if not any(region == s or region.is_within(s) for s in self.scope):
            raise OutsideProgramScope(self.id, region, self.scope)

    def check_can_enrol(self, day: date) -> None:
        """Refuse an enrolment on ``day`` unless the program was running then."""
        self._allow(ProgramAction.ENROL)
        assert self.started_on is not None  # every status allowing ENROL has started
        if day < self.started_on:
            raise EnrolmentOutsideProgramTime(
                self.id, day, N_("it started on {day}", day=self.started_on.isoformat())
            )
        if self.closed_on is not None and day > self.closed_on:
            raise EnrolmentOutsideProgramTime(
                self.id, day, N_("it closed on {day}", day=self.closed_on.isoformat())
            )

    def _require_indicator(self, key: str) -> Indicator:
        if key not in self.indicators:
            raise IndicatorNotDefined(self.id, key, sorted(self.indicators))
        return self.indicators[key]

    def _check_target(self, target: Target) -> None:
        for period in target.periods:
            if not (self.period.start <= period.start and period.end <= self.period.end):
                raise TargetOutsideProgramPeriod(self.id, period.label, self.period.label)
        for area in target.areas:
            self.check_in_scope(area)

    def check_enrolment_date(self, day: date) -> None:
        """Refuse an enrolment dated ``day`` unless the program was running that day
        (whatever its status now: for corrections of an enrolment's date)."""
        if self.started_on is None or day < self.started_on:
            started = (
                N_("it had not started")
                if self.started_on is None
                else N_("it started on {day}", day=self.started_on.isoformat())
            )
            raise EnrolmentOutsideProgramTime(self.id, day, started)
        if self.closed_on is not None and day > self.closed_on:
            raise EnrolmentOutsideProgramTime(
                self.id, day, N_("it closed on {day}", day=self.closed_on.isoformat())
            )

    def _check_consistent(self) -> None:
        """Every rule the commands enforce, over the state derived from the facts: a
        correction must leave a program its commands could have made."""
        check_program(self.name, self.agency, self.scope, self.period)
        if (
            self.started_on is not None
            and self.closed_on is not None
            and self.closed_on < self.started_on
        ):
            raise ProgramDatesOutOfOrder(
                self.id,
                N_(
                    "it would close on {closed}, before it started ({started})",
                    closed=self.closed_on.isoformat(),
                    started=self.started_on.isoformat(),
                ),
            )
        for key, targets in self.targets.items():
            for target in targets:
                self._check_target(target)
            _check_no_overlap(self.id, key, targets)
        for balance in self.opening_balances:
            if balance.area is not None:
                self.check_in_scope(balance.area)

    # -- corrections ---------------------------------------------------------------

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if fact.kind == "IndicatorDefined" and "indicator" in changes:
            new: Indicator = changes["indicator"]
            if new.key != fact.fields["indicator"].key:
                raise FactNotCorrectable(N_("a correction cannot change an indicator's key"))
        # The program as it would be: the rules that hold between facts (targets inside
        # the period and scope, no overlapping targets, start before close) still hold.
        trial = copy.copy(self)
        trial.facts = {**self.facts, version: fact.with_changes(changes)}
        trial._derive()
        trial._check_consistent()

    # -- state derived from the facts -------------------------------------------------

    def evolved(self) -> None:
        self._derive()

    def _derive(self) -> None:
        indicators: dict[str, Indicator] = {}
        targets: dict[str, list[Target]] = {}
        balances: list[OpeningBalance] = []
        for version, fact in sorted(self.facts.items()):
            fields = fact.fields
            if fact.kind == "Planned":
                self.name = fields["name"]
                self.agency = fields["agency"]
                self.scope = tuple(fields["scope"])
                self.period = fields["period"]
            elif fact.kind == "StatusChanged":
                self.status = fields["status"]
                if fields["action"] is ProgramAction.START:
                    self.started_on = fact.effective_date
                elif fields["action"] is ProgramAction.CLOSE:
                    self.closed_on = fact.effective_date
            elif fact.kind == "IndicatorDefined":
                indicator: Indicator = fields["indicator"]
                indicators[indicator.key] = indicator
            elif fact.kind == "TargetSet":
                targets.setdefault(fields["indicator_key"], []).append(fields["target"])
            elif fact.kind == "OpeningBalanceRecorded":
                balances.append(
                    OpeningBalance(
                        version=version,
                        indicator=fields["indicator_key"],
                        value=fields["value"],
                        counted_on=fact.effective_date,
                        source_document=fields["source_document"],
                        area=fields["area"],
                    )
                )
        self.indicators = indicators
        self.targets = {key: tuple(found) for key, found in targets.items()}
        self.opening_balances = tuple(balances)


def _check_no_overlap(program: UUID, indicator: str, targets: Sequence[Target]) -> None:
    """Refuse targets of one indicator that ask for the same period and area twice."""
    cells = [cell for target in targets for cell in target.cells()]
    for index, cell in enumerate(cells):
        for other in cells[:index]:
            if cell.period.overlaps(other.period) and _nested(cell.area, other.area):
                raise TargetsOverlap(program, indicator, cell.period.label, cell.area)


def _nested(one: RegionCode | None, other: RegionCode | None) -> bool:
    if one is None or other is None:
        return True
    return one == other or one.is_within(other) or other.is_within(one)


def check_program(name: str, agency: str, scope: Sequence[RegionCode], period: Period) -> None:
    """Refuse a program without a name, agency, scope or period (:class:`InvalidValue`)."""
    for field, text in (("name", name), ("agency", agency)):
        if not isinstance(text, str) or not text.strip():
            raise InvalidValue(field, text, "must be a non-empty text")
    if not scope:
        raise InvalidValue("scope", scope, "must list at least one region code")
    for index, region in enumerate(scope):
        if not isinstance(region, RegionCode):
            raise InvalidValue(f"scope[{index}]", region, "must be a region code")
    if len(set(scope)) != len(scope):
        raise InvalidValue("scope", [str(s) for s in scope], "must not repeat a region")
    if not isinstance(period, Period):
        raise InvalidValue("period", period, "must be a period")


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Program,
    "programs.Program",
    formerly="umkm_ledger.domain.program:Program",
    events=(
        "Planned",
        "StatusChanged",
        "IndicatorDefined",
        "TargetSet",
        "OpeningBalanceRecorded",
        "Corrected",
    ),
)
register_record_kind(Program, "program")
