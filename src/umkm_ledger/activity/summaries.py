"""Summaries of mentoring, training, consultation and exhibition events (see
:mod:`umkm_ledger.platform.history`)."""

from __future__ import annotations

from typing import Any

from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.platform.history import register_summaries, short_id


def _people(f: dict[str, Any]) -> str:
    return ", ".join(nik.masked() for nik in f["present"])


def _held(f: dict[str, Any], _loc: str) -> Message:
    said = N_(
        "mentoring held, {minutes} min, {attended} attended",
        minutes=f["duration_minutes"],
        attended=len(f["attended"]),
    )
    if f["follow_ups"]:
        said = N_(
            "{said}; follow-up: {actions}",
            said=said,
            actions=", ".join(a.action for a in f["follow_ups"]),
        )
    if f["notes"]:
        said = N_("{said}; notes: {notes}", said=said, notes=f["notes"])
    return said


def _organised(f: dict[str, Any], _loc: str) -> Message:
    said = {
        "title": f["title"],
        "organiser": f["organiser"],
        "venue": f["venue"],
        "days": ", ".join(d.isoformat() for d in f["days"]),
    }
    if f["partner"]:
        return N_(
            "training {title!r} organised by {organiser} with {partner} at {venue}, {days}",
            partner=f["partner"],
            **said,
        )
    return N_("training {title!r} organised by {organiser} at {venue}, {days}", **said)


def _participated(f: dict[str, Any], loc: str) -> Message:
    said = (
        N_(
            "took part in the exhibition with {products}: {outcome}",
            products=", ".join(f["products"]),
            outcome=f["outcome"],
        )
        if f["products"]
        else N_("took part in the exhibition: {outcome}", outcome=f["outcome"])
    )
    if f["sales"] is None:
        return said
    return N_("{said} (sales {sales})", said=said, sales=f["sales"].format(loc))


def _completed(f: dict[str, Any], _loc: str) -> Message:
    if f["certificate"]:
        return N_(
            "training completed ({nik}), certificate {certificate}",
            nik=f["nik"].masked(),
            certificate=f["certificate"],
        )
    return N_("training completed ({nik})", nik=f["nik"].masked())


# What an office does between grants.
register_summaries(
    {
        "MentoringSession.Scheduled": lambda f, _: N_(
            "mentoring planned for {planned_on} with {mentor} ({mentor_kind}) on {topics}, "
            "for {count} enterprise(s)",
            planned_on=f["planned_on"].isoformat(),
            mentor=f["mentor"].name,
            mentor_kind=N_(f["mentor"].kind.value),
            topics=", ".join(f["topics"]),
            count=len(f["enterprise_ids"]),
        ),
        "MentoringSession.Rescheduled": lambda f, _: N_(
            "mentoring moved to {planned_on}", planned_on=f["planned_on"].isoformat()
        ),
        "MentoringSession.Held": _held,
        "MentoringSession.Cancelled": lambda f, _: N_("mentoring cancelled"),
        "MentoringSession.NoShow": lambda f, _: N_("mentoring: nobody came"),
        "MentoringSession.FollowUpCompleted": lambda f, _: N_(
            "follow-up {line} done", line=f["line"]
        ),
        "Training.Organised": _organised,
        "Training.ParticipantRegistered": lambda f, _: N_(
            "{name} registered for the training", name=f["participant"].person.name
        ),
        "Training.AttendanceRecorded": lambda f, _: N_(
            "attendance list: {count} present ({people})",
            count=len(f["present"]),
            people=_people(f),
        ),
        "Training.Completed": _completed,
        "Training.GrantLinked": lambda f, _: N_(
            "aid handed over: grant {grant}", grant=short_id(f["grant_id"])
        ),
        "Training.Cancelled": lambda f, _: N_("training cancelled"),
        "Consultation.Consulted": lambda f, _: N_(
            "consulted {consultant} at {place} on {topic}: {outcome}",
            consultant=f["consultant"].name,
            place=f["place"],
            topic=f["topic"],
            outcome=f["outcome"],
        ),
        "Exhibition.Organised": lambda f, _: N_(
            "exhibition {name!r} by {organiser} at {venue}",
            name=f["name"],
            organiser=f["organiser"],
            venue=f["venue"],
        ),
        "Exhibition.Participated": _participated,
    }
)
