"""The Enrolment aggregate: one enterprise as *binaan* of one program.

Its id is derived from the program and the enterprise, so there is exactly one
enrolment record per pair: enrolling the same enterprise again finds it (and records
nothing, or a re-enrolment after an exit), and two officers enrolling it at the same
moment cannot both create it. An enterprise may be binaan of several programs.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.aggregate import (
    EFFECTIVE_DATE,
    Check,
    Fact,
    LedgerAggregate,
    check_effective_date,
    require_reason,
)
from umkm_ledger.kernel.envelope import Envelope
from umkm_ledger.kernel.errors import N_, InvalidValue, Message
from umkm_ledger.kernel.event_types import name_event_types
from umkm_ledger.kernel.lifecycle import next_status
from umkm_ledger.kernel.records import register_record_kind
from umkm_ledger.kernel.values.checks import listed
from umkm_ledger.kernel.values.text import name_text
from umkm_ledger.programs.lifecycle import ENROLMENT_LIFECYCLE, EnrolmentAction, EnrolmentStatus
from umkm_ledger.programs.rules import EnrolmentDatesOutOfOrder

__all__ = ["Enrolment", "check_funders"]

_NAMESPACE = UUID("3f0c1a52-6d0e-4a53-9a57-2b8d8e1f6a10")
#: The events that move an enrolment in time, and what error messages call them.
_STEPS: Mapping[str, Message] = {
    "Enrolled": N_("enrolment"),
    "Exited": N_("exit"),
    "Reenrolled": N_("re-enrolment"),
}


def check_funders(funders: Sequence[str], field: str = "funders") -> tuple[str, ...]:
    """The funder names claiming an enrolment (names, the text rule), stripped; repeated
    ones refused."""
    cleaned: list[str] = []
    for index, funder in enumerate(listed(funders, field, "funder names")):
        name = name_text(funder, f"{field}[{index}]")
        if name in cleaned:
            raise InvalidValue(f"{field}[{index}]", funder, "is listed twice")
        cleaned.append(name)
    return tuple(cleaned)


class Enrolment(LedgerAggregate):
    """An enterprise enrolled as binaan of a program, and the funders claiming it."""

    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {
        "Enrolled": frozenset({"funders"}),
    }
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {
        "Enrolled": {"funders": check_funders},
        "AttributionClaimed": {"funder": name_text},
    }

    @dataclass(frozen=True)
    class Event(LedgerAggregate.Event):
        pass

    @dataclass(frozen=True)
    class Enrolled(Event, Aggregate.Created):
        """The enterprise became binaan of the program (the officer is the envelope's
        actor, the date its effective date); ``funders`` claim it from the start."""

        program_id: UUID
        enterprise_id: UUID
        funders: tuple[str, ...]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enrolment)
            aggregate.program_id = self.program_id
            aggregate.enterprise_id = self.enterprise_id
            aggregate.enrolled_on = self.envelope.effective_date
            aggregate.funders = tuple(self.funders)

    @dataclass(frozen=True)
    class Exited(Event):
        """The enterprise left the program's guidance (the reason is in the envelope)."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enrolment)
            aggregate.status = EnrolmentStatus.EXITED

    @dataclass(frozen=True)
    class Reenrolled(Event):
        """An enterprise that had exited became binaan of the program again."""

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enrolment)
            aggregate.status = EnrolmentStatus.ENROLLED

    @dataclass(frozen=True)
    class AttributionClaimed(Event):
        """A funder claims the enterprise as an outcome of its funding."""

        funder: str

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, Enrolment)
            aggregate.funders = (*aggregate.funders, self.funder)

    def __init__(self) -> None:
        self._init_facts()
        self.program_id: UUID
        self.enterprise_id: UUID
        self.enrolled_on: date | None = None
        self.status = EnrolmentStatus.ENROLLED
        self.funders: tuple[str, ...] = ()

    @staticmethod
    def id_for(program_id: UUID, enterprise_id: UUID) -> UUID:
        return uuid5(_NAMESPACE, f"{program_id}/{enterprise_id}")

    @classmethod
    def enrol(
        cls,
        program_id: UUID,
        enterprise_id: UUID,
        *,
        funders: Sequence[str] = (),
        envelope: Envelope,
    ) -> Enrolment:
        check_effective_date(envelope)
        return cls._create(
            cls.Enrolled,
            id=cls.id_for(program_id, enterprise_id),
            envelope=envelope,
            program_id=program_id,
            enterprise_id=enterprise_id,
            funders=check_funders(funders),
        )

    def _allow(self, action: EnrolmentAction) -> EnrolmentStatus:
        return next_status(ENROLMENT_LIFECYCLE, "enrolment", self.status, action)

    def reenrol(self, *, funders: Sequence[str] = (), envelope: Envelope) -> bool:
        """Enrol again: nothing to record while still enrolled (returns False), else a
        re-enrolment. New funders claim it either way."""
        claims = [f for f in check_funders(funders) if f not in self.funders]
        changed = False
        if self.status is EnrolmentStatus.EXITED:
            self._allow(EnrolmentAction.ENROL)
            self._check_follows(envelope.effective_date, N_("a re-enrolment"))
            self._record(self.Reenrolled, envelope)
        elif claims:
            self._check_follows(envelope.effective_date, N_("a funder's claim"), steps=1)
            changed = True
        for funder in claims:
            self._record(self.AttributionClaimed, envelope, funder=funder)
            changed = True
        return changed

    def claim(self, funder: str, *, envelope: Envelope) -> bool:
        """A funder claims this enrolment; claiming again records nothing (False)."""
        self._allow(EnrolmentAction.CLAIM_ATTRIBUTION)
        (name,) = check_funders([funder], "funder")
        if name in self.funders:
            return False
        self._check_follows(envelope.effective_date, N_("a funder's claim"), steps=1)
        self._record(self.AttributionClaimed, envelope, funder=name)
        return True

    def exit(self, *, envelope: Envelope) -> None:
        require_reason(envelope, "an exit from a program")
        self._allow(EnrolmentAction.EXIT)
        self._check_follows(envelope.effective_date, N_("an exit"))
        self._record(self.Exited, envelope)

    def status_on(self, day: date) -> EnrolmentStatus | None:
        """Enrolled or exited on ``day``, by the effective dates of its steps (None: not
        enrolled yet on that day)."""
        status = None
        for _, fact in sorted(self._steps(self.facts), key=lambda s: (s[1].effective_date, s[0])):
            if fact.effective_date > day:
                break
            exited = fact.kind == "Exited"
            status = EnrolmentStatus.EXITED if exited else EnrolmentStatus.ENROLLED
        return status

    def _steps(self, facts: Mapping[int, Fact]) -> list[tuple[int, Fact]]:
        """The enrolment, exits and re-enrolments, in the order they were recorded."""
        return [(v, f) for v, f in sorted(facts.items()) if f.kind in _STEPS]

    def _check_follows(self, day: date, what: str, *, steps: int | None = None) -> None:
        """Refuse ``what`` dated before the last step (or the first ``steps`` steps)."""
        previous = self._steps(self.facts)[:steps]
        if previous and day < previous[-1][1].effective_date:
            last = previous[-1][1]
            raise EnrolmentDatesOutOfOrder(
                self.id,
                N_(
                    "{what} dated {day} is before the {step} of {last_day}",
                    what=N_(what),
                    day=day.isoformat(),
                    step=_STEPS[last.kind],
                    last_day=last.effective_date.isoformat(),
                ),
            )

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        if EFFECTIVE_DATE not in changes:
            return
        facts = {**self.facts, version: fact.with_changes(changes)}
        steps = self._steps(facts)
        for (_, before), (_, after) in itertools.pairwise(steps):
            if after.effective_date < before.effective_date:
                raise EnrolmentDatesOutOfOrder(
                    self.id,
                    N_(
                        "the {step} of {day} would be before the {before} of {before_day}",
                        step=_STEPS[after.kind],
                        day=after.effective_date.isoformat(),
                        before=_STEPS[before.kind],
                        before_day=before.effective_date.isoformat(),
                    ),
                )
        enrolled = steps[0][1].effective_date
        for claim in facts.values():
            if claim.kind == "AttributionClaimed" and claim.effective_date < enrolled:
                raise EnrolmentDatesOutOfOrder(
                    self.id,
                    N_(
                        "a funder's claim of {day} would be before the enrolment of {enrolled}",
                        day=claim.effective_date.isoformat(),
                        enrolled=enrolled.isoformat(),
                    ),
                )

    def on_corrected(self, version: int) -> None:
        funders: list[str] = []
        for fact in (self.facts[v] for v in sorted(self.facts)):
            if fact.kind == "Enrolled":
                funders += fact.fields["funders"]
            elif fact.kind == "AttributionClaimed":
                funders.append(fact.fields["funder"])
        self.funders = tuple(dict.fromkeys(funders))
        first = self.facts[1]
        self.enrolled_on = first.effective_date


# What users call this module's records, and the stored names of their record and event
# types (never changed once released)
# (:mod:`umkm_ledger.kernel.event_types`).
name_event_types(
    Enrolment,
    "programs.Enrolment",
    formerly="umkm_ledger.domain.enrollment:Enrollment",
    events=("Enrolled", "Exited", "Reenrolled", "AttributionClaimed", "Corrected"),
)
register_record_kind(Enrolment, "enrolment")
