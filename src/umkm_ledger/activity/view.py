"""The ``activity`` view: mentoring sessions (who was invited and who came, follow-up
actions) and trainings with their participants; what mentoring coverage, mentor workload
and the people-trained and enterprises-mentored indicators read.

People are keyed by :func:`~umkm_ledger.activity.values.person_key` under the secret of
the ledger being folded, never by NIK: a NIK is personal data and stays in the events.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.values import person_key
from umkm_ledger.kernel.aggregate import EFFECTIVE_DATE
from umkm_ledger.kernel.values import NIK
from umkm_ledger.platform.sealing import sealed_person
from umkm_ledger.platform.view import (
    Statement,
    StoredFact,
    View,
    data_of,
    folding_person_secret,
    register_view,
)

__all__ = ["ActivityView", "nik_key", "owner_key", "uuid_hex"]


def uuid_hex(value: Any) -> str:
    """A transcoded UUID as the 32 hex digits views store."""
    return str(value["_data_"]).replace("-", "")


def nik_key(value: Any) -> str:
    """The person key of a transcoded NIK, in the ledger whose views are being folded: on
    a sealed ledger the person's id (nothing is opened), else an HMAC of the NIK."""
    sealed = sealed_person(value)
    if sealed is not None:
        return sealed
    return person_key(NIK(value["_data_"]["value"]), folding_person_secret())


def owner_key(value: Any) -> str:
    """The person key of a transcoded owner or trainee (see :func:`nik_key`)."""
    sealed = sealed_person(value)
    if sealed is not None:
        return sealed
    return nik_key(value["_data_"]["nik"])


class ActivityView(View):
    name = "activity"
    # 2: person keys are keyed with the ledger's secret (they were plain hashes of NIKs).
    version = 2
    tables: ClassVar[dict[str, str]] = {
        "session": (
            "session_id TEXT, program_id TEXT, mentor TEXT, mentor_kind TEXT, "
            "scheduled_on TEXT, planned_on TEXT, planned_version INTEGER, status TEXT, "
            "held_on TEXT, held_version INTEGER, minutes INTEGER"
        ),
        # Every enterprise a session was for; ``attended`` once it was held.
        "session_enterprise": "session_id TEXT, enterprise_id TEXT, attended INTEGER",
        "follow_up": (
            "session_id TEXT, line INTEGER, action TEXT, due_on TEXT, done_on TEXT, "
            "done_version INTEGER"
        ),
        "training": (
            "training_id TEXT, program_id TEXT, title TEXT, organiser TEXT, funder TEXT, "
            "first_day TEXT, last_day TEXT, status TEXT"
        ),
        "participant": (
            "training_id TEXT, person TEXT, enterprise_id TEXT, gender TEXT, "
            "birth_year INTEGER, registered_on TEXT, completed_on TEXT, completed_version "
            "INTEGER"
        ),
    }
    keys: ClassVar[dict[str, str]] = {
        "session": "session_id",
        "session_enterprise": "session_id, enterprise_id",
        "follow_up": "session_id, line",
        "training": "training_id",
        "participant": "training_id, person",
    }
    indexes = (
        ("session", "program_id"),
        ("session_enterprise", "enterprise_id"),
        ("training", "program_id"),
        ("participant", "person"),
    )
    event_classes = (
        MentoringSession.Scheduled,
        MentoringSession.Rescheduled,
        MentoringSession.Held,
        MentoringSession.Cancelled,
        MentoringSession.NoShow,
        MentoringSession.FollowUpCompleted,
        MentoringSession.Corrected,
        Training.Organised,
        Training.ParticipantRegistered,
        Training.Completed,
        Training.Cancelled,
        Training.AttendanceRecorded,
        Training.Corrected,
    )

    # -- mentoring sessions ------------------------------------------------------------

    def _MentoringSession_Scheduled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        program = state["program_id"]
        mentor = state["mentor"]["_data_"]
        yield (
            "INSERT INTO {session} (session_id, program_id, mentor, mentor_kind, scheduled_on, "
            "planned_on, planned_version, status, held_on, held_version, minutes) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, 'scheduled', NULL, NULL, NULL)",
            (
                fact.record_id,
                None if program is None else uuid_hex(program),
                mentor["name"],
                data_of(mentor["kind"]),
                fact.effective_date,
                data_of(state["planned_on"]),
            ),
        )
        for enterprise in state["enterprise_ids"]:
            yield (
                "INSERT INTO {session_enterprise} (session_id, enterprise_id, attended) "
                "VALUES (?, ?, 0)",
                (fact.record_id, uuid_hex(enterprise)),
            )

    def _MentoringSession_Rescheduled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {session} SET planned_on = ?, planned_version = ? WHERE session_id = ?",
            (data_of(fact.state["planned_on"]), fact.version, fact.record_id),
        )

    def _MentoringSession_Held(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        yield (
            "UPDATE {session} SET status = 'held', held_on = ?, held_version = ?, minutes = ? "
            "WHERE session_id = ?",
            (fact.effective_date, fact.version, state["duration_minutes"], fact.record_id),
        )
        for enterprise in state["attended"]:
            yield (
                "UPDATE {session_enterprise} SET attended = 1 "
                "WHERE session_id = ? AND enterprise_id = ?",
                (fact.record_id, uuid_hex(enterprise)),
            )
        for line, follow_up in enumerate(state["follow_ups"], start=1):
            data = follow_up["_data_"]
            yield (
                "INSERT INTO {follow_up} (session_id, line, action, due_on, done_on, "
                "done_version) VALUES (?, ?, ?, ?, NULL, NULL)",
                (fact.record_id, line, data["action"], data_of(data["due"])),
            )

    def _MentoringSession_Cancelled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield ("UPDATE {session} SET status = 'cancelled' WHERE session_id = ?", (fact.record_id,))

    def _MentoringSession_NoShow(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield ("UPDATE {session} SET status = 'no-show' WHERE session_id = ?", (fact.record_id,))

    def _MentoringSession_FollowUpCompleted(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {follow_up} SET done_on = ?, done_version = ? "
            "WHERE session_id = ? AND line = ?",
            (fact.effective_date, fact.version, fact.record_id, fact.state["line"]),
        )

    def _MentoringSession_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        changes = fact.state["changes"]
        kind, version, record = (
            fact.state["corrects_kind"],
            fact.state["corrects_version"],
            fact.record_id,
        )
        if "planned_on" in changes:
            # The planned date in force is the last one set (scheduled or rescheduled).
            yield (
                "UPDATE {session} SET planned_on = ? WHERE session_id = ? AND planned_version = ?",
                (data_of(changes["planned_on"]), record, version),
            )
        if "duration_minutes" in changes:
            yield (
                "UPDATE {session} SET minutes = ? WHERE session_id = ?",
                (changes["duration_minutes"], record),
            )
        if EFFECTIVE_DATE not in changes:
            return
        day = data_of(changes[EFFECTIVE_DATE])
        if kind == "Scheduled":
            yield ("UPDATE {session} SET scheduled_on = ? WHERE session_id = ?", (day, record))
        elif kind == "Held":
            yield ("UPDATE {session} SET held_on = ? WHERE session_id = ?", (day, record))
        elif kind == "FollowUpCompleted":
            yield (
                "UPDATE {follow_up} SET done_on = ? WHERE session_id = ? AND done_version = ?",
                (day, record, version),
            )

    # -- trainings -----------------------------------------------------------------------

    def _Training_Organised(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        state = fact.state
        days = [data_of(d) for d in state["days"]]
        program = state["program_id"]
        yield (
            "INSERT INTO {training} (training_id, program_id, title, organiser, funder, "
            "first_day, last_day, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'organised')",
            (
                fact.record_id,
                None if program is None else uuid_hex(program),
                state["title"],
                state["organiser"],
                state["funder"],
                min(days),
                max(days),
            ),
        )

    def _Training_ParticipantRegistered(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        participant = fact.state["participant"]["_data_"]
        person = participant["person"]["_data_"]
        yield (
            "INSERT INTO {participant} (training_id, person, enterprise_id, gender, "
            "birth_year, registered_on, completed_on, completed_version) "
            "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
            (
                fact.record_id,
                owner_key(participant["person"]),
                uuid_hex(participant["enterprise_id"]),
                data_of(person["gender"]),
                person["birth_year"],
                fact.effective_date,
            ),
        )

    def _Training_AttendanceRecorded(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield ("UPDATE {training} SET status = 'held' WHERE training_id = ?", (fact.record_id,))

    def _Training_Completed(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {participant} SET completed_on = ?, completed_version = ? "
            "WHERE training_id = ? AND person = ?",
            (fact.effective_date, fact.version, fact.record_id, nik_key(fact.state["nik"])),
        )

    def _Training_Cancelled(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        yield (
            "UPDATE {training} SET status = 'cancelled' WHERE training_id = ?",
            (fact.record_id,),
        )

    def _Training_Corrected(self, fact: StoredFact) -> Iterator[Statement]:  # noqa: N802
        changes = fact.state["changes"]
        record = fact.record_id
        for field in ("title", "funder"):
            if field in changes:
                yield (
                    f"UPDATE {{training}} SET {field} = ? WHERE training_id = ?",
                    (changes[field], record),
                )
        if EFFECTIVE_DATE in changes and fact.state["corrects_kind"] == "Completed":
            yield (
                "UPDATE {participant} SET completed_on = ? "
                "WHERE training_id = ? AND completed_version = ?",
                (data_of(changes[EFFECTIVE_DATE]), record, fact.state["corrects_version"]),
            )


register_view(ActivityView())
