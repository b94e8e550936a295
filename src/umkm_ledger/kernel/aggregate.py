"""What every umkm_ledger aggregate shares: the audited event and corrections.

Facts are never edited. A wrong fact is corrected by a later ``Corrected`` event that
names the corrected event (by version), the corrected fields and, in its envelope, who
and why. Each aggregate keeps the fields of every fact it was given (``facts``), so a
correction can be checked against what was really recorded, and so a history can show
both the original and the corrected value.

Each aggregate declares one validator per field that callers give (``VALIDATORS``), and
every new fact runs it: the command that records the event, and a correction of that
field (located as ``changes.<field>``). So a value a command refuses, a correction
refuses too, with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, ClassVar, Self
from uuid import UUID

import attrs
from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.envelope import Envelope, check_new_envelope
from umkm_ledger.kernel.errors import N_, InvalidValue, Message
from umkm_ledger.kernel.identity import new_id
from umkm_ledger.kernel.rules import EffectiveDateInFuture, FactNotCorrectable, ReasonRequired
from umkm_ledger.kernel.values.bounds import effective_day

__all__ = [
    "EFFECTIVE_DATE",
    "Check",
    "Fact",
    "LedgerAggregate",
    "check_founded_by_fact",
    "require_reason",
]

#: A field's validator: given the value and where it was given (``"name"`` in a command,
#: ``"changes.name"`` in a correction), the value to record, or :class:`InvalidValue`.
Check = Callable[[Any, str], Any]

#: The pseudo-field that names a fact's effective date in a correction.
EFFECTIVE_DATE = "effective_date"

# Indonesia's easternmost zone (WIT) is UTC+9: a fact dated "today" there is not in
# the future for anyone in the country.
_WIT = timezone(timedelta(hours=9))


@attrs.frozen
class Fact:
    """One recorded event as the aggregate remembers it, corrections applied."""

    kind: str
    effective_date: date
    fields: Mapping[str, Any]
    corrected_by: tuple[int, ...] = ()

    def with_changes(self, changes: Mapping[str, Any]) -> Fact:
        """This fact as a correction with ``changes`` leaves it (the effective date
        among them, under :data:`EFFECTIVE_DATE`)."""
        fields = dict(changes)
        effective = fields.pop(EFFECTIVE_DATE, self.effective_date)
        return attrs.evolve(self, effective_date=effective, fields={**self.fields, **fields})


def require_reason(envelope: Envelope, action: str) -> None:
    """Refuse ``action`` when the envelope gives no reason (:class:`ReasonRequired`)."""
    if envelope.reason is None:
        raise ReasonRequired(action)


class LedgerAggregate(Aggregate):
    """Base of the ledger's aggregates: audited events and corrections of any fact."""

    #: Per event kind, the fields a correction may change. ``effective_date`` may be
    #: corrected for every kind and needs no entry here.
    CORRECTABLE: ClassVar[Mapping[str, frozenset[str]]] = {}
    #: Per event kind, the validator of each field a caller gives: the one check of that
    #: field, run when a command records the event and when a correction changes it.
    #: Every correctable field has one (a class without it is refused as it is defined).
    VALIDATORS: ClassVar[Mapping[str, Mapping[str, Check]]] = {}

    @staticmethod
    def create_id(*_: Any, **__: Any) -> UUID:
        """A new record's id (see :mod:`umkm_ledger.kernel.identity`)."""
        return new_id()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for kind, fields in cls.CORRECTABLE.items():
            unchecked = fields - set(cls.VALIDATORS.get(kind, {}))
            if unchecked:
                raise TypeError(
                    f"{cls.__name__}.{kind}: correctable fields without a validator: "
                    f"{', '.join(sorted(unchecked))}"
                )

    @classmethod
    def checked_fields(
        cls, kind: str, fields: Mapping[str, Any], prefix: str = ""
    ) -> dict[str, Any]:
        """``fields`` of a new ``kind`` event as its validators leave them (errors located
        under ``prefix``: ``"changes."`` for a correction)."""
        checks = cls.VALIDATORS.get(kind, {})
        return {
            name: checks[name](value, f"{prefix}{name}") if name in checks else value
            for name, value in fields.items()
        }

    @dataclass(frozen=True)
    class Event(Aggregate.Event):
        envelope: Envelope

        def apply(self, aggregate: Any) -> None:
            assert isinstance(aggregate, LedgerAggregate)
            aggregate._remember(self)
            self.apply_to(aggregate)
            aggregate.evolved()

        def apply_to(self, aggregate: Any) -> None:
            """Evolve the aggregate's state; overridden by each event."""

        def fact_fields(self) -> dict[str, Any]:
            """The event's own fields: what it asserts, without the bookkeeping."""
            skip = {"originator_id", "originator_version", "timestamp", "envelope"}
            skip.add("originator_topic")
            return {k: v for k, v in vars(self).items() if k not in skip}

    @dataclass(frozen=True)
    class Corrected(Event):
        """An earlier fact, named by its version, was corrected (the reason is in the envelope)."""

        corrects_version: int
        corrects_kind: str
        changes: dict[str, Any]

        def apply_to(self, aggregate: Any) -> None:
            assert isinstance(aggregate, LedgerAggregate)
            aggregate._apply_correction(self)

    def _init_facts(self) -> None:
        self.facts: dict[int, Fact] = {}

    def _remember(self, event: LedgerAggregate.Event) -> None:
        if not hasattr(self, "facts"):
            self._init_facts()
        self.facts[event.originator_version] = Fact(
            kind=type(event).__name__,
            effective_date=event.envelope.effective_date,
            fields=event.fact_fields(),
        )

    def evolved(self) -> None:
        """Called after every event is applied (override to re-derive state from facts).

        Each aggregate class gets its own copy of every inherited event class (its own
        ``Corrected``, based on its own ``Event``), so state that all events change is
        derived here rather than in a shared ``Event.apply_to``.
        """

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Self:
        """Create the aggregate with its first event, its fields and envelope checked."""
        check_new_envelope(kwargs["envelope"])
        return super()._create(
            event_class, id=id, **cls.checked_fields(event_class.__name__, kwargs)
        )

    def _record(
        self, event_class: type[LedgerAggregate.Event], envelope: Envelope, **fields: Any
    ) -> None:
        """Trigger ``event_class`` after checking the envelope (its effective date not in
        the future) and the event's fields (``VALIDATORS``)."""
        check_new_envelope(envelope)
        check_effective_date(envelope)
        checked = self.checked_fields(event_class.__name__, fields)
        self.trigger_event(event_class, envelope=envelope, **checked)

    # -- corrections ---------------------------------------------------------------

    def correct(self, version: int, changes: Mapping[str, Any], *, envelope: Envelope) -> None:
        """Correct the fact recorded at ``version``: ``changes`` maps field to right value.

        Each changed value goes through the field's validator, as the command's did, and
        the corrected fact must keep the aggregate's rules (:meth:`check_correction`)."""
        fact, checked = self.checked_changes(version, changes, envelope=envelope)
        self.check_correction(version, fact, dict(checked))
        self._record(
            self.Corrected,
            envelope,
            corrects_version=version,
            corrects_kind=fact.kind,
            changes=checked,
        )

    def checked_changes(
        self, version: int, changes: Mapping[str, Any], *, envelope: Envelope
    ) -> tuple[Fact, dict[str, Any]]:
        """The fact at ``version`` and ``changes`` as its fields' validators leave them,
        or the error a correction with them meets before the aggregate's own rules: no
        reason (:class:`ReasonRequired`), no such fact or field
        (:class:`FactNotCorrectable`), a value the field's command refuses
        (:class:`InvalidValue` at ``changes.<field>``)."""
        require_reason(envelope, "a correction")
        fact = self.facts.get(version)
        if fact is None or fact.kind == "Corrected":
            raise FactNotCorrectable(
                N_(
                    "{kind} {record} has no correctable fact at version {version}",
                    kind=type(self).__name__,
                    record=self.id,
                    version=version,
                )
            )
        if not changes:
            raise FactNotCorrectable(N_("a correction must change at least one field"))
        allowed = self.CORRECTABLE.get(fact.kind, frozenset()) | {EFFECTIVE_DATE}
        for field in changes:
            if field not in allowed:
                raise FactNotCorrectable(
                    N_(
                        "{kind} (version {version}) has no correctable field {field!r}; "
                        "correctable: {allowed}",
                        kind=fact.kind,
                        version=version,
                        field=field,
                        allowed=", ".join(sorted(allowed)),
                    )
                )
        fields = {name: value for name, value in changes.items() if name != EFFECTIVE_DATE}
        checked = self.checked_fields(fact.kind, fields, prefix="changes.")
        if EFFECTIVE_DATE in changes:
            day = effective_day(changes[EFFECTIVE_DATE], f"changes.{EFFECTIVE_DATE}")
            # A fact cannot be moved to a day that has not come yet, any more than it
            # can be recorded for one.
            check_effective_date(attrs.evolve(envelope, effective_date=day))
            checked[EFFECTIVE_DATE] = day
        return fact, checked

    def check_correction(self, version: int, fact: Fact, changes: dict[str, Any]) -> None:
        """Refuse a correction that would break a rule of this aggregate (override)."""

    def _apply_correction(self, event: LedgerAggregate.Corrected) -> None:
        fact = self.facts[event.corrects_version]
        self.facts[event.corrects_version] = attrs.evolve(
            fact.with_changes(event.changes),
            corrected_by=(*fact.corrected_by, event.originator_version),
        )
        self.on_corrected(event.corrects_version)

    def on_corrected(self, version: int) -> None:
        """Re-derive the state that depends on the fact at ``version`` (override)."""


def check_effective_date(envelope: Envelope, now: datetime | None = None) -> None:
    """Refuse facts dated after today (:class:`EffectiveDateInFuture`)."""
    today = (now or datetime.now(tz=UTC)).astimezone(_WIT).date()
    if envelope.effective_date > today:
        raise EffectiveDateInFuture(envelope.effective_date, today)


def check_founded_by_fact(
    fact: Fact, changes: Mapping[str, Any], founded: date, after_the_fact: Message
) -> None:
    """A record is founded on or before the day of the fact that recorded it (an
    enterprise's registration, a group's formation): refuse a correction that moves the
    founding date (``founded``, as corrected) after that day, or that day before it,
    naming the field the correction moved; ``after_the_fact`` says the first."""
    recorded = changes.get(EFFECTIVE_DATE, fact.effective_date)
    if founded > recorded:
        if "founded_on" in changes:
            raise InvalidValue("changes.founded_on", founded.isoformat(), after_the_fact)
        problem = N_("is before the founding date {founded}", founded=founded.isoformat())
        raise InvalidValue(f"changes.{EFFECTIVE_DATE}", recorded.isoformat(), problem)
