"""The ``audit`` view: the audit trail of every record: each event's envelope (who, in
which role, effective date, when recorded, why, the command), and, per record, the program
and funder it belongs to, so the trail can be asked by actor, role, funder, program,
period and kind of event.

A record's program and funder come from its first event (a grant's proposal names both;
an enrolment its program; a refusal takes its grant's); its later events are attributed
through that one row, so the trail itself is plain inserts. An event's date on the trail is
the date in force: a correction of its date moves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from umkm_ledger.access.token import ApiToken
from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.view import uuid_hex
from umkm_ledger.audit.timeline_view import event_classes_of
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE, LedgerAggregate
from umkm_ledger.kernel.event_types import stored_names
from umkm_ledger.kernel.records import record_kind
from umkm_ledger.platform.view import Statement, StoredFact, View, data_of, register_view
from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.migration import PersonalDataMigration
from umkm_ledger.programs.enrolment import Enrolment
from umkm_ledger.programs.program import Program

__all__ = ["AUDITED_RECORDS", "AuditView"]

#: Every kind of record is on the trail (named here, not read from the registry, so that
#: the view is whole whatever was imported first; a test holds it to the registry).
AUDITED_RECORDS: tuple[type[LedgerAggregate], ...] = (
    Enterprise, BusinessGroup, Program, Enrolment, Funder, Allocation, Grant, KurReferral,
    Refusal, MentoringSession, Training, Consultation, Exhibition, ApiToken, Erasure,
    PersonalDataMigration,
)  # fmt: skip


class AuditView(View):
    name = "audit"
    # 2: enrolments' events named Enrolment.* (Enrollment.* before December 2026).
    # 3: API tokens' issues and revocations are on the trail.
    # 4: erasures of personal data, and migrations that sealed it, are on the trail.
    version = 4
    tables: ClassVar[dict[str, str]] = {
        "record": "record_id TEXT, record_kind TEXT, program_id TEXT, funder TEXT",
        "trail": (
            "position BIGINT, record_id TEXT, version INTEGER, kind TEXT, effective_on TEXT, "
            "recorded_at TEXT, user_id TEXT, role TEXT, reason TEXT, command_id TEXT"
        ),
    }
    keys: ClassVar[dict[str, str]] = {"record": "record_id", "trail": "position"}
    indexes = (("trail", "record_id"), ("trail", "user_id"), ("trail", "effective_on"))
    event_classes = tuple(
        event_class for cls in AUDITED_RECORDS for event_class in event_classes_of(cls)
    )

    def __init__(self) -> None:
        # Every event class is folded by :meth:`statements`; no method per class.
        self._record_of = {
            topic: cls.__qualname__.partition(".")[0]
            for cls in self.event_classes
            for topic in stored_names(cls)
        }

    def statements(self, fact: StoredFact) -> Iterator[Statement]:
        record, state = self._record_of[fact.topic], fact.state
        if fact.version == 1:
            yield from _record_row(record, fact)
        if fact.kind == "Corrected" and EFFECTIVE_DATE in state["changes"]:
            # The corrected fact is on the trail at the date in force.
            yield (
                "UPDATE {trail} SET effective_on = ? WHERE record_id = ? AND version = ?",
                (
                    data_of(state["changes"][EFFECTIVE_DATE]),
                    fact.record_id,
                    state["corrects_version"],
                ),
            )
        envelope = state["envelope"]["_data_"]
        actor = envelope["actor"]["_data_"]
        yield (
            "INSERT INTO {trail} (position, record_id, version, kind, effective_on, "
            "recorded_at, user_id, role, reason, command_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fact.position,
                fact.record_id,
                fact.version,
                f"{record}.{fact.kind}",
                fact.effective_date,
                data_of(state["timestamp"]),
                actor["user_id"],
                actor["role"],
                envelope.get("reason"),
                envelope["command_id"],
            ),
        )


def _record_row(record: str, fact: StoredFact) -> Iterator[Statement]:
    state, kind = fact.state, record_kind(record)
    if record == "Refusal":
        # A refusal belongs where the refused grant belongs.
        yield (
            "INSERT INTO {record} (record_id, record_kind, program_id, funder) "
            "SELECT ?, ?, program_id, funder FROM {record} WHERE record_id = ?",
            (fact.record_id, kind, uuid_hex(state["record_id"])),
        )
        return
    program: Any = state.get("program_id")
    if record == "Program":
        program_id: str | None = fact.record_id
    else:
        program_id = None if program is None else uuid_hex(program)
    funder = state["name"] if record == "Funder" else state.get("funder")
    yield (
        "INSERT INTO {record} (record_id, record_kind, program_id, funder) VALUES (?, ?, ?, ?)",
        (fact.record_id, kind, program_id, funder),
    )


register_view(AuditView())
