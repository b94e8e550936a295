"""The Ledger's program side: programs, enrolments, indicators, targets and progress.

:class:`~umkm_ledger.Ledger` holds this service and hands it its calls of this
context; the methods follow the Ledger's conventions (primitive inputs or value
objects, ids returned, the audit envelope's parts as keyword arguments).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import shown, to_date, to_id, to_region
from umkm_ledger.kernel.envelope import Actor
from umkm_ledger.kernel.errors import N_, InvalidValue, NotFound
from umkm_ledger.kernel.values import RegionCode, RegionLevel
from umkm_ledger.kernel.values.bounds import MAX_NUMBER_DIGITS, number_from_text, whole_number
from umkm_ledger.kernel.values.checks import checked_period, checked_regions
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.kernel.values.text import free_text, name_text
from umkm_ledger.platform.regions import region_names
from umkm_ledger.platform.session import Session
from umkm_ledger.platform.view_store import PageDone
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.enrolment import Enrolment, check_funders
from umkm_ledger.programs.indicator import (
    DEFAULT_YOUTH_AGE_LIMIT,
    Baseline,
    Indicator,
    Target,
    checked_indicator,
    checked_target,
)
from umkm_ledger.programs.program import Program
from umkm_ledger.programs.progress import (
    Facts,
    ProgramOverlap,
    ProgramProgress,
    compute_overlap,
    compute_progress,
)
from umkm_ledger.programs.progress.compute import check_dimension
from umkm_ledger.programs.progress.kinds import indicator_kind
from umkm_ledger.programs.readmodels import EnrolmentView, ProgramView
from umkm_ledger.programs.rules import EnrolmentOutsideProgramTime, ProgramDatesOutOfOrder

if TYPE_CHECKING:
    pass

__all__ = ["ProgramsService"]

_LEVELS = {
    "desa": RegionLevel.DESA_KELURAHAN,
    "kelurahan": RegionLevel.DESA_KELURAHAN,
    "kecamatan": RegionLevel.KECAMATAN,
    "kabupaten": RegionLevel.KABUPATEN_KOTA,
    "kota": RegionLevel.KABUPATEN_KOTA,
    "province": RegionLevel.PROVINSI,
    "provinsi": RegionLevel.PROVINSI,
}


def to_period(value: Period | str, field: str = "period") -> Period:
    """A period, or its text (``2019``, ``2020-Q1``, ``2016-12-16..2020-12-31``), within
    1900 to 2200."""
    period = value if isinstance(value, Period) else Period.parse(value, field)
    return checked_period(period, field)


def to_periods(
    value: Period | str | Sequence[Period | str], field: str = "periods"
) -> tuple[Period, ...]:
    """One period or several (``"2014"``, ``["2014", "2015"]``, ``"2014..2018"`` by years)."""
    if isinstance(value, Period):
        return (value,)
    if isinstance(value, str):
        first, sep, last = value.partition("..")
        if sep and _is_year(first) and _is_year(last):
            start, end = number_from_text(first, field), number_from_text(last, field)
            if end < start:
                raise InvalidValue(field, value, "must not end before it starts")
            return Period.years(start, end - start + 1)
        return (to_period(value, field),)
    if not isinstance(value, Sequence) or not value:
        raise InvalidValue(field, value, "must be a period or a list of periods")
    return tuple(to_period(v, f"{field}[{i}]") for i, v in enumerate(value))


def _is_year(text: str) -> bool:
    # ASCII digits only ("²".isdigit() is True, and int() refuses it); long runs of
    # digits are refused by number_from_text, as numbers, not read as dates.
    stripped = text.strip()
    return stripped.isascii() and stripped.isdigit() and len(stripped) <= MAX_NUMBER_DIGITS * 2


def to_level(value: RegionLevel | str, field: str = "per_area") -> RegionLevel:
    if isinstance(value, RegionLevel):
        return value
    if isinstance(value, str) and value.strip().lower() in _LEVELS:
        return _LEVELS[value.strip().lower()]
    raise InvalidValue(field, shown(value), "must be desa, kecamatan, kabupaten or province")


def to_indicator(
    key: str,
    *,
    kind: str,
    title: str,
    baseline: int | None = None,
    baseline_on: date | str | None = None,
    parameters: Mapping[str, int | str] | None = None,
    youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT,
) -> Indicator:
    """An indicator from primitives, checked against its (registered) kind and the rules
    of what callers may send (:func:`~umkm_ledger.programs.indicator.checked_indicator`)."""
    if (baseline is None) != (baseline_on is None):
        raise InvalidValue(
            "baseline_on", shown(baseline_on), "a baseline needs both value and date"
        )
    indicator = Indicator.define(
        key,
        kind,
        title,
        baseline=(
            None
            if baseline is None or baseline_on is None
            else Baseline(baseline, to_date(baseline_on, "baseline_on"))
        ),
        parameters=parameters,
        youth_age_limit=youth_age_limit,
    )
    indicator_kind(indicator.kind).check(indicator)
    return checked_indicator(indicator, "indicator")


def to_target(
    *,
    value: int,
    periods: Period | str | Sequence[Period | str],
    per_area: RegionLevel | str | None = None,
    areas: Sequence[RegionCode | str] = (),
) -> Target:
    """A target from primitives, held to the bounds of what callers may send
    (:func:`~umkm_ledger.programs.indicator.checked_target`)."""
    if isinstance(areas, str) or not isinstance(areas, Sequence):
        raise InvalidValue("areas", shown(areas), "must be a list of region codes")
    target = Target(
        value=value,
        periods=to_periods(periods),
        per_area=None if per_area is None else to_level(per_area),
        areas=tuple(to_region(a, f"areas[{i}]") for i, a in enumerate(areas)),
    )
    return checked_target(target, "target")


def coerce_program_change(field: str, value: Any, old: Any) -> Any:
    """A corrected program field from the primitive forms the commands accept: a
    period as text, a scope as a list of codes, an area as a code (or None), an
    indicator or a target as a mapping of the arguments that define one. Anything else
    is returned as given (the aggregate checks the type)."""
    where = f"changes.{field}"
    if isinstance(old, Period) and isinstance(value, str):
        return to_period(value, where)
    if field == "scope" and isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(to_region(v, f"{where}[{i}]") for i, v in enumerate(value))
    if field == "area" and isinstance(value, str):
        return to_region(value, where)
    try:
        if isinstance(old, Indicator) and isinstance(value, Mapping):
            arguments = {"kind": old.kind, "title": old.title, **value}
            return to_indicator(old.key, **_keywords(arguments, where))
        if isinstance(old, Indicator) and isinstance(value, Indicator):
            indicator_kind(value.kind).check(value)
        if isinstance(old, Target) and isinstance(value, Mapping):
            return to_target(**_keywords(value, where))
    except TypeError as error:
        raise InvalidValue(
            where, shown(str(error)), N_("is not a {field}: {error}", field=field, error=str(error))
        ) from None
    except InvalidValue as error:
        # The value's own errors (indicator.title, target.value) under changes.
        raise error.at("changes") from None
    return value


def _keywords(value: Mapping[Any, Any], where: str) -> dict[str, Any]:
    """``value`` as keyword arguments (its keys must be texts)."""
    for key in value:
        if not isinstance(key, str) or not key.isidentifier():
            raise InvalidValue(where, shown(key), "names no argument")
    return dict(value)


class ProgramsService:
    """The programs' commands and queries, from the primitive forms callers send: plans,
    indicators, targets, enrolments, progress, the views' upkeep. Each public method is
    documented where callers see it, on :class:`umkm_ledger.Ledger`."""

    def __init__(
        self,
        session: Session,
        *,
        program_commands: ProgramCommands,
    ) -> None:
        self._session = session
        self._app = session.app
        self._program_commands = program_commands

    # -- programs ------------------------------------------------------------------

    def plan_program(
        self,
        name: str,
        *,
        agency: str,
        scope: Sequence[RegionCode | str],
        period: Period | str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        if isinstance(scope, str) or not isinstance(scope, Sequence):
            raise InvalidValue("scope", shown(scope), "must be a list of region codes")
        regions = [to_region(r, f"scope[{i}]") for i, r in enumerate(scope)]
        return self._program_commands.plan_program(
            name=name_text(name, "name"),
            agency=name_text(agency, "agency"),
            scope=list(checked_regions(regions, "scope")),
            period=to_period(period),
            envelope=envelope,
            idempotent=idempotent,
        )

    def _program_status(
        self,
        command: str,
        program_id: UUID | str,
        reason: str | None,
        command_id: str | None,
        effective_date: date | str | None,
        actor: Actor | str | None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )

        def act(program: Program) -> None:
            if command == "start_program":
                program.start(envelope=envelope)
            else:
                program.close(envelope=envelope)
                # Not before the day its last binaan was enrolled.
                self.check_program_dates(program)

        return self._program_commands.program_command(
            command, to_id(program_id, "program_id"), act, envelope, {}, idempotent=idempotent
        )

    def start_program(
        self,
        program_id: UUID | str,
        *,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._program_status(
            "start_program", program_id, None, command_id, effective_date, actor
        )

    def close_program(
        self,
        program_id: UUID | str,
        *,
        reason: str | None = None,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        return self._program_status(
            "close_program", program_id, reason, command_id, effective_date, actor
        )

    def define_indicator(
        self,
        program_id: UUID | str,
        key: str,
        *,
        kind: str,
        title: str,
        baseline: int | None = None,
        baseline_on: date | str | None = None,
        parameters: Mapping[str, int | str] | None = None,
        youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        indicator = to_indicator(
            key,
            kind=kind,
            title=title,
            baseline=baseline,
            baseline_on=baseline_on,
            parameters=parameters,
            youth_age_limit=youth_age_limit,
        )
        return self._program_commands.define_indicator(
            to_id(program_id, "program_id"), indicator, envelope, idempotent=idempotent
        )

    def set_target(
        self,
        program_id: UUID | str,
        indicator: str,
        *,
        value: int,
        periods: Period | str | Sequence[Period | str],
        per_area: RegionLevel | str | None = None,
        areas: Sequence[RegionCode | str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        target = to_target(value=value, periods=periods, per_area=per_area, areas=areas)
        return self._program_commands.set_target(
            to_id(program_id, "program_id"),
            name_text(indicator, "indicator"),
            target,
            envelope,
            idempotent=idempotent,
        )

    def record_opening_balance(
        self,
        program_id: UUID | str,
        indicator: str,
        *,
        value: int,
        counted_on: date | str,
        source_document: str,
        area: RegionCode | str | None = None,
        command_id: str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=counted_on, actor=actor
        )
        region = None if area is None else to_region(area, "area")
        indicator = name_text(indicator, "indicator")
        value = whole_number(value, "value")
        source_document = free_text(source_document, "source_document")
        return self._program_commands.program_command(
            "record_opening_balance",
            to_id(program_id, "program_id"),
            lambda p: p.record_opening_balance(
                indicator, value, source_document=source_document, area=region, envelope=envelope
            ),
            envelope,
            {"indicator": indicator, "value": value, "source": source_document, "area": region},
            idempotent=idempotent,
        )

    def check_program_dates(self, record: object) -> None:
        """After a correction or the closing of a program: its binaan were enrolled while
        it ran. (Guarded: an enrolment recorded meanwhile makes the command run again.)"""
        if not isinstance(record, Program):
            return
        facts = Facts(self._session.views())
        enrolments = facts.enrolments(record.id)
        program_id = record.id
        self._app.guard_linked(
            f"the enrolments of program {program_id}",
            facts.position("progress"),
            known=[UUID(e.enrollment_id) for e in enrolments],
            created=Enrolment.Enrolled,
            links=lambda enrolled: enrolled.program_id == program_id,
            changes=[Enrolment.Enrolled, Enrolment.Reenrolled, Enrolment.Corrected],
        )
        for enrolment in enrolments:
            for day, _version, action in enrolment.steps:
                if action != "enrolled":
                    continue
                try:
                    record.check_enrolment_date(day)
                except EnrolmentOutsideProgramTime as error:
                    raise ProgramDatesOutOfOrder(
                        record.id,
                        N_(
                            "enterprise {enterprise} was enrolled on {day}, and {error}",
                            enterprise=UUID(enrolment.enterprise.id),
                            day=day.isoformat(),
                            error=error.message,
                        ),
                    ) from None

    # -- enrolments ----------------------------------------------------------------

    def enrol(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        funders: Sequence[str] = (),
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        if isinstance(funders, str):
            raise InvalidValue("funders", shown(funders), "must be a list of funder names")
        return self._program_commands.enrol(
            to_id(program_id, "program_id"),
            to_id(enterprise_id, "enterprise_id"),
            list(check_funders(funders)),
            envelope,
            idempotent=idempotent,
        )

    def exit_program(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        reason: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor, reason=reason
        )
        return self._program_commands.enrolment_command(
            "exit_program",
            to_id(program_id, "program_id"),
            to_id(enterprise_id, "enterprise_id"),
            lambda e: e.exit(envelope=envelope),
            envelope,
            {},
            idempotent=idempotent,
        )

    def claim_attribution(
        self,
        program_id: UUID | str,
        enterprise_id: UUID | str,
        *,
        funder: str,
        command_id: str | None = None,
        effective_date: date | str | None = None,
        actor: Actor | str | None = None,
    ) -> UUID:
        envelope, idempotent = self._session.envelope(
            command_id=command_id, effective_date=effective_date, actor=actor
        )
        funder = name_text(funder, "funder")
        return self._program_commands.enrolment_command(
            "claim_attribution",
            to_id(program_id, "program_id"),
            to_id(enterprise_id, "enterprise_id"),
            lambda e: e.claim(funder, envelope=envelope),
            envelope,
            {"funder": funder},
            idempotent=idempotent,
        )

    # -- queries -------------------------------------------------------------------

    def program(self, program_id: UUID | str) -> ProgramView:
        return ProgramView.of(self._program_commands.program(to_id(program_id, "program_id")))

    def program_ids(self) -> Iterator[UUID]:
        return self._session.listed("program")

    def enrolment(self, program_id: UUID | str, enterprise_id: UUID | str) -> EnrolmentView:
        program = to_id(program_id, "program_id")
        enterprise = to_id(enterprise_id, "enterprise_id")
        found = self._program_commands.enrolment(program, enterprise)
        if found is None:
            raise NotFound(
                "enrolment",
                N_("{enterprise} in program {program}", enterprise=enterprise, program=program),
            )
        return EnrolmentView.of(found)

    def binaan(self, program_id: UUID | str, *, as_of: date | str | None = None) -> list[UUID]:
        program = self._program_commands.program(to_id(program_id, "program_id"))
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        enrolments = Facts(self._session.views()).enrolments(program.id)
        survivors = (e.enterprise.counts_as for e in enrolments if e.status_on(day) == "enrolled")
        return [UUID(survivor) for survivor in dict.fromkeys(survivors)]

    def progress(
        self,
        program_id: UUID | str,
        *,
        as_of: date | str | None = None,
        by: str | None = None,
    ) -> ProgramProgress:
        check_dimension(by)
        program = self._program_commands.program(to_id(program_id, "program_id"))
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        return compute_progress(
            Facts(self._session.views()),
            ProgramView.of(program),
            as_of=day,
            by=by,
            names=region_names().name_of,
        )

    def overlap(
        self, program_ids: Sequence[UUID | str], *, as_of: date | str | None = None
    ) -> ProgramOverlap:
        if isinstance(program_ids, str) or not isinstance(program_ids, Sequence):
            raise InvalidValue("program_ids", program_ids, "must be a list of program ids")
        programs = [
            ProgramView.of(self._program_commands.program(to_id(p, f"program_ids[{i}]")))
            for i, p in enumerate(program_ids)
        ]
        day = latest_today() if as_of is None else to_date(as_of, "as_of")
        return compute_overlap(Facts(self._session.views()), programs, as_of=day)

    # -- views ---------------------------------------------------------------------

    def catch_up(
        self, views: Sequence[str] | None = None, *, on_page: PageDone | None = None
    ) -> int:
        return self._session.views().catch_up(views, on_page=on_page)

    def rebuild(self, view: str, *, on_page: PageDone | None = None) -> None:
        self._session.views().rebuild(view, on_page=on_page)

    def follow(
        self, stop: threading.Event, *, interval: float = 1.0, on_page: PageDone | None = None
    ) -> None:
        self._session.views().follow(stop, interval=interval, on_page=on_page)

    def view_names(self) -> list[str]:
        return sorted(self._session.views().views)

    def view_positions(self) -> dict[str, int]:
        return self._session.views().positions()

    def log_end(self) -> int:
        return self._app.recorder.max_notification_id() or 0
