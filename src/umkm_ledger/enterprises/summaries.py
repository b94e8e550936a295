"""Summaries of the enterprises' and groups' events (see :mod:`umkm_ledger.platform.history`)."""

from __future__ import annotations

from typing import Any

from umkm_ledger.enterprises.classification import Classification
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.platform.history import Summary, register_summaries, short_id


def _classification(c: Classification, locale: str) -> Message:
    return N_(
        "{size_class} by {basis} {figure} under {regulation}",
        size_class=c.size_class.value,
        basis=N_(c.basis.value),
        figure=c.figure.format(locale),
        regulation=c.regulation.value,
    )


def _registered(f: dict[str, Any], locale: str) -> Message:
    said = {
        "name": f["name"],
        "owners": ", ".join(o.name for o in f["owners"]),
        "desa": f["address"].desa,
        "sector": f["sector"],
        "founded": f["founded_on"],
    }
    if f.get("nib"):
        return N_(
            "registered {name!r} (owners: {owners}) in desa {desa}, sector {sector}, "
            "founded {founded} with NIB {nib}",
            nib=f["nib"],
            **said,
        )
    return N_(
        "registered {name!r} (owners: {owners}) in desa {desa}, sector {sector}, founded {founded}",
        **said,
    )


def _reclassified(f: dict[str, Any], locale: str) -> Message:
    previous = f["previous"]
    new = _classification(f["classification"], locale)
    if previous is None:
        return N_("classified {classification}", classification=new)
    if f["classification"].size_class.is_above(previous):
        return N_(
            "naik kelas: {previous} → {classification}",
            previous=previous.value,
            classification=new,
        )
    return N_("{previous} → {classification}", previous=previous.value, classification=new)


_SUMMARIES: dict[str, Summary] = {
    "Registered": _registered,
    "NibRecorded": lambda f, _: N_("NIB {nib} recorded", nib=f["nib"]),
    "SalesReported": lambda f, loc: N_(
        "sales for {year}: {amount}", year=f["year"], amount=f["amount"].format(loc)
    ),
    "CapitalReported": lambda f, loc: N_(
        "capital reported: {amount}", amount=f["amount"].format(loc)
    ),
    "Reclassified": _reclassified,
    "SuspectedDuplicateFlagged": lambda f, _: N_(
        "suspected duplicate of {others}", others=", ".join(short_id(o) for o in f["others"])
    ),
    "DuplicateDismissed": lambda f, _: N_(
        "confirmed distinct from {other}", other=short_id(f["other"])
    ),
    "MergedInto": lambda f, _: N_(
        "merged into {survivor} as a duplicate", survivor=short_id(f["survivor"])
    ),
    "DuplicateAbsorbed": lambda f, _: N_(
        "absorbed duplicate record {duplicate}", duplicate=short_id(f["duplicate"])
    ),
    "JoinedGroup": lambda f, _: N_("joined group {group}", group=short_id(f["group_id"])),
    "LeftGroup": lambda f, _: N_("left group {group}", group=short_id(f["group_id"])),
    "Formed": lambda f, _: N_(
        "{kind} {name!r} formed in {region}, founded {founded}",
        kind=f["kind"].value,
        name=f["name"],
        region=f["region"],
        founded=f["founded_on"],
    ),
    "MemberJoined": lambda f, _: N_(
        "member joined: {enterprise}", enterprise=short_id(f["enterprise_id"])
    ),
    "MemberLeft": lambda f, _: N_(
        "member left: {enterprise}", enterprise=short_id(f["enterprise_id"])
    ),
    "ChairpersonAppointed": lambda f, _: N_(
        "chairperson appointed: owner of {enterprise}", enterprise=short_id(f["enterprise_id"])
    ),
    "Dissolved": lambda f, _: N_("group dissolved"),
}


register_summaries(_SUMMARIES)
