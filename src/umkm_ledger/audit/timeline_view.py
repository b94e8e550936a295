"""The ``timeline`` view: for every enterprise, which events are about it, across all
records (its own, its enrolments, grants to it or to its groups, KUR referrals, mentoring
sessions, trainings its people attended, consultations, exhibitions), in effective-date
order; what :meth:`umkm_ledger.Ledger.timeline` reads.

A record's first event says whom it is about (``subject`` rows); its later events are
about the same enterprises, except where an event names its own (a participant registered
for a training, a day's attendance list, a completion, an exhibition's participant). A
correction is about whoever the corrected fact was about, and moves that fact in time
when it corrects its date. Only ids, versions and dates are kept here: the events
themselves are read from the store when a timeline is shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.view import nik_key, owner_key, uuid_hex
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.kernel.event_types import stored_names
from umkm_ledger.kernel.records import RECORD_KINDS
from umkm_ledger.platform.view import Statement, StoredFact, View, data_of, register_view
from umkm_ledger.programs.enrolment import Enrolment

__all__ = ["TIMELINE_RECORDS", "TimelineView", "event_classes_of"]

#: The kinds of record whose events can be about an enterprise, and what users call them.
TIMELINE_RECORDS: Mapping[type[LedgerAggregate], str] = {
    cls: RECORD_KINDS[cls]
    for cls in (
        Enterprise, Enrolment, Grant, KurReferral, MentoringSession, Training,
        Consultation, Exhibition,
    )
}  # fmt: skip


def event_classes_of(cls: type[LedgerAggregate]) -> list[type[LedgerAggregate.Event]]:
    """The event classes an aggregate class defines (its own and its ``Corrected``)."""
    return [
        value
        for name, value in vars(cls).items()
        if isinstance(value, type)
        and issubclass(value, LedgerAggregate.Event)
        and name not in ("Event", "Created")
    ]


_ENTRY = "INSERT INTO {entry} (enterprise_id, record_id, version, effective_on, position) "


class TimelineView(View):
    name = "timeline"
    # 3: person keys are keyed with the ledger's secret (they were plain hashes of NIKs).
    version = 3
    tables: ClassVar[dict[str, str]] = {
        "subject": "record_id TEXT, enterprise_id TEXT",
        # Who a training participant (by person key) represents.
        "person": "training_id TEXT, person TEXT, enterprise_id TEXT",
        "entry": (
            "enterprise_id TEXT, record_id TEXT, version INTEGER, effective_on TEXT, "
            "position BIGINT"
        ),
    }
    keys: ClassVar[dict[str, str]] = {
        "subject": "record_id, enterprise_id",
        "person": "training_id, person",
        "entry": "record_id, version, enterprise_id",
    }
    indexes = (("entry", "enterprise_id, effective_on, position"),)
    event_classes = tuple(
        event_class for cls in TIMELINE_RECORDS for event_class in event_classes_of(cls)
    )

    def __init__(self) -> None:
        # Every event class is folded by :meth:`statements`; no method per class.
        self._record_of = {
            topic: cls.__qualname__.partition(".")[0]
            for cls in self.event_classes
            for topic in stored_names(cls)
        }

    def statements(self, fact: StoredFact) -> Iterator[Statement]:
        record, kind, state = self._record_of[fact.topic], fact.kind, fact.state
        if kind == "Corrected":
            yield from self._corrected(fact)
            return
        for enterprise in _subjects(record, kind, state, fact.record_id):
            yield (
                "INSERT INTO {subject} (record_id, enterprise_id) VALUES (?, ?)",
                (fact.record_id, enterprise),
            )
        if record == "Training" and kind == "ParticipantRegistered":
            participant = state["participant"]["_data_"]
            yield (
                "INSERT INTO {person} (training_id, person, enterprise_id) VALUES (?, ?, ?)",
                (
                    fact.record_id,
                    owner_key(participant["person"]),
                    uuid_hex(participant["enterprise_id"]),
                ),
            )
        where = (fact.record_id, fact.version, fact.effective_date, fact.position)
        # An enterprise's own events are about itself: a plain insert, batched with the
        # page (they are most of the log).
        named = [fact.record_id] if record == "Enterprise" else _named(record, kind, state)
        if named is not None:
            for enterprise in named:
                yield (_ENTRY + "VALUES (?, ?, ?, ?, ?)", (enterprise, *where))
        elif record == "Training" and kind == "GrantLinked":
            # Aid handed over at the training is about the grant's beneficiaries.
            yield (
                _ENTRY + "SELECT enterprise_id, ?, ?, ?, ? FROM {subject} WHERE record_id = ?",
                (*where, uuid_hex(state["grant_id"])),
            )
        elif record == "Training" and kind in ("AttendanceRecorded", "Completed"):
            people = state["present"] if kind == "AttendanceRecorded" else [state["nik"]]
            keys = [nik_key(nik) for nik in people]
            marks = ", ".join("?" * len(keys))
            yield (
                _ENTRY + "SELECT DISTINCT enterprise_id, ?, ?, ?, ? FROM {person} "
                f"WHERE training_id = ? AND person IN ({marks})",
                (*where, fact.record_id, *keys),
            )
        else:
            yield (
                _ENTRY + "SELECT enterprise_id, ?, ?, ?, ? FROM {subject} WHERE record_id = ?",
                (*where, fact.record_id),
            )

    def _corrected(self, fact: StoredFact) -> Iterator[Statement]:
        corrected = fact.state["corrects_version"]
        yield (
            _ENTRY + "SELECT enterprise_id, record_id, ?, ?, ? FROM {entry} "
            "WHERE record_id = ? AND version = ?",
            (fact.version, fact.effective_date, fact.position, fact.record_id, corrected),
        )
        changes = fact.state["changes"]
        if "present" in changes:
            yield from self._relisted(fact, corrected, [nik_key(n) for n in changes["present"]])
        if EFFECTIVE_DATE in changes:
            yield (
                "UPDATE {entry} SET effective_on = ? WHERE record_id = ? AND version = ?",
                (data_of(changes[EFFECTIVE_DATE]), fact.record_id, corrected),
            )

    def _relisted(self, fact: StoredFact, corrected: int, keys: list[str]) -> Iterator[Statement]:
        """A corrected attendance list is about the people now on it: entries for those
        added, none for those taken off; the correction is about both."""
        record, marks = fact.record_id, ", ".join("?" * len(keys))
        listed = (
            f"SELECT enterprise_id FROM {{person}} WHERE training_id = ? AND person IN ({marks})"
        )
        yield (
            _ENTRY + "SELECT DISTINCT p.enterprise_id, ?, ?, ?, ? FROM {person} p "
            f"WHERE p.training_id = ? AND p.person IN ({marks}) AND p.enterprise_id NOT IN "
            "(SELECT enterprise_id FROM {entry} WHERE record_id = ? AND version = ?)",
            (record, fact.version, fact.effective_date, fact.position, record, *keys,
             record, fact.version),
        )  # fmt: skip
        yield (
            _ENTRY + "SELECT DISTINCT p.enterprise_id, e.record_id, e.version, e.effective_on, "
            "e.position FROM {person} p JOIN {entry} e ON e.record_id = p.training_id "
            f"AND e.version = ? WHERE p.training_id = ? AND p.person IN ({marks}) "
            "AND p.enterprise_id NOT IN "
            "(SELECT enterprise_id FROM {entry} WHERE record_id = ? AND version = ?)",
            (corrected, record, *keys, record, corrected),
        )
        yield (
            "DELETE FROM {entry} WHERE record_id = ? AND version = ? "
            f"AND enterprise_id NOT IN ({listed})",
            (record, corrected, record, *keys),
        )


def _subjects(record: str, kind: str, state: Mapping[str, Any], record_id: str) -> list[str]:
    """The enterprises a record is about, from the event that makes them so."""
    if record == "Enterprise" and kind == "Registered":
        return [record_id]
    if kind in ("Enrolled", "Referred", "Consulted"):
        return [uuid_hex(state["enterprise_id"])]
    if record == "Grant" and kind == "Proposed":
        if state["beneficiary_kind"] == "enterprise":
            return [uuid_hex(state["beneficiary_id"])]
        return [uuid_hex(member) for member in state["members"]]
    if record == "MentoringSession" and kind == "Scheduled":
        return [uuid_hex(e) for e in state["enterprise_ids"]]
    if record == "Training" and kind == "ParticipantRegistered":
        return [uuid_hex(state["participant"]["_data_"]["enterprise_id"])]
    return []


def _named(record: str, kind: str, state: Mapping[str, Any]) -> Sequence[str] | None:
    """The enterprises an event names as its own (None: those its record is about)."""
    if record == "Training" and kind == "Organised":
        return []
    if record == "Training" and kind == "ParticipantRegistered":
        return [uuid_hex(state["participant"]["_data_"]["enterprise_id"])]
    if record == "Exhibition":
        return [uuid_hex(state["enterprise_id"])] if kind == "Participated" else []
    return None


register_view(TimelineView())
