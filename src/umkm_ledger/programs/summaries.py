"""Summaries of the programs' and enrolments' events (see :mod:`umkm_ledger.platform.history`)."""

from __future__ import annotations

from typing import Any

from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.platform.history import register_summaries, short_id


def _enrolled(f: dict[str, Any], _loc: str) -> Message:
    program = short_id(f["program_id"])
    if f["funders"]:
        return N_(
            "enrolled as binaan of program {program} (claimed by {funders})",
            program=program,
            funders=", ".join(f["funders"]),
        )
    return N_("enrolled as binaan of program {program}", program=program)


def _target(f: dict[str, Any], _locale: str) -> Message:
    target = f["target"]
    said = {
        "indicator": f["indicator_key"],
        "value": target.value,
        "periods": ", ".join(p.label for p in target.periods),
    }
    if target.per_area is None:
        return N_("target of {indicator}: {value}, for {periods}", **said)
    return N_(
        "target of {indicator}: {value} per {per_area} in {areas}, for {periods}",
        per_area=target.per_area.label,
        areas=", ".join(str(a) for a in target.areas),
        **said,
    )


def _opening_balance(f: dict[str, Any], _locale: str) -> Message:
    said = {"indicator": f["indicator_key"], "value": f["value"], "source": f["source_document"]}
    if f["area"] is None:
        return N_("opening balance of {indicator}: {value} (source: {source})", **said)
    return N_(
        "opening balance of {indicator}: {value} in {area} (source: {source})",
        area=f["area"],
        **said,
    )


# A program's own events: what it is, and what it reports on.
register_summaries(
    {
        "Program.Planned": lambda f, _: N_(
            "program {name!r} planned by {agency} for {scope}, {period}",
            name=f["name"],
            agency=f["agency"],
            scope=", ".join(str(s) for s in f["scope"]),
            period=f["period"].label,
        ),
        "Program.IndicatorDefined": lambda f, _: N_(
            "indicator {key} ({kind}) defined: {title}",
            key=f["indicator"].key,
            kind=f["indicator"].kind,
            title=f["indicator"].title,
        ),
        "Program.TargetSet": _target,
        "Program.OpeningBalanceRecorded": _opening_balance,
    }
)

# Enrolments: who is binaan of which program, and who claims them.
register_summaries(
    {
        "Enrolment.Enrolled": _enrolled,
        "Enrolment.Exited": lambda f, _: N_("left the program"),
        "Enrolment.Reenrolled": lambda f, _: N_("enrolled again"),
        "Enrolment.AttributionClaimed": lambda f, _: N_(
            "claimed by funder {funder}", funder=f["funder"]
        ),
    }
)
