"""Each documentation page that states what the code holds agrees with the code: the map
with the pages, the glossary's thresholds, the lifecycle diagrams and tables, the event
tables and the indicator kinds. (The tables made by ``umkm_ledger.reference`` are checked
in ``test_reference_tables.py``.) The pages are read from the clone, beside this file."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

import umkm_ledger
from tests.docs.conftest import DOCS
from umkm_ledger import Basis, Envelope, Regulation, Rupiah, SizeClass
from umkm_ledger.access.token import ApiToken
from umkm_ledger.activity import indicators as activity
from umkm_ledger.activity.consultation import Consultation
from umkm_ledger.activity.exhibition import Exhibition
from umkm_ledger.activity.lifecycle import SESSION_LIFECYCLE, TRAINING_LIFECYCLE
from umkm_ledger.activity.mentoring import MentoringSession
from umkm_ledger.activity.training import Training
from umkm_ledger.enterprises.classification import THRESHOLDS
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.group import BusinessGroup
from umkm_ledger.enterprises.lifecycle import ENTERPRISE_LIFECYCLE, GROUP_LIFECYCLE
from umkm_ledger.funding import indicators as aid
from umkm_ledger.funding.allocation import Allocation
from umkm_ledger.funding.funder import Funder
from umkm_ledger.funding.grant import Grant
from umkm_ledger.funding.kur import KurReferral
from umkm_ledger.funding.lifecycle import ALLOCATION_LIFECYCLE, GRANT_LIFECYCLE, KUR_LIFECYCLE
from umkm_ledger.funding.refusal import Refusal
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.lifecycle import mermaid_diagram
from umkm_ledger.kernel.records import RECORD_KINDS
from umkm_ledger.privacy.erasure import Erasure
from umkm_ledger.privacy.migration import PersonalDataMigration
from umkm_ledger.programs.enrolment import Enrolment
from umkm_ledger.programs.lifecycle import ENROLMENT_LIFECYCLE, PROGRAM_LIFECYCLE
from umkm_ledger.programs.program import Program
from umkm_ledger.programs.progress import builtin


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ the map


def test_the_index_links_every_page_and_only_pages_that_exist() -> None:
    index = page("index.md")
    linked = re.findall(r"\]\(((?:tutorial|how-to|explanation|reference)/[\w-]+\.md)\)", index)
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if p.name != "index.md")
    assert sorted(set(linked)) == pages


def test_the_index_keeps_the_four_parts() -> None:
    rows = re.findall(r"^\| (\w[\w -]*?) \| .*? \| (.+) \|$", page("index.md"), re.MULTILINE)
    parts = {part: re.findall(r"\]\(([\w-]+)/", pages) for part, pages in rows}
    parts = {part: folders for part, folders in parts.items() if folders}  # (not the header)
    folders = {"Tutorial": "tutorial", "How-to guides": "how-to"}
    folders |= {"Explanation": "explanation", "Reference": "reference"}
    assert set(parts) == set(folders)
    for part, folder in folders.items():
        assert set(parts[part]) == {folder}, part


# ------------------------------------------------------------------------- the glossary


@pytest.mark.parametrize("regulation", list(Regulation))
def test_the_glossary_thresholds_are_the_librarys(regulation: Regulation) -> None:
    section = page("explanation/glossary.md").split(f"**{regulation.value}**", 1)[1]
    rows = re.findall(
        r"^\| (mikro|kecil|menengah) \| (Rp[\d.]+) .*? \| (Rp[\d.]+) ", section, re.MULTILINE
    )
    table = {
        SizeClass(name): (Rupiah.parse(capital), Rupiah.parse(sales))
        for name, capital, sales in rows[:3]
    }
    assert table == {
        size_class: (
            THRESHOLDS[regulation][Basis.CAPITAL][size_class],
            THRESHOLDS[regulation][Basis.SALES][size_class],
        )
        for size_class in (SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH)
    }


# ------------------------------------------------------------------------ the lifecycles

LIFECYCLES: list[Mapping[Any, Mapping[Any, Any]]] = [
    ENTERPRISE_LIFECYCLE,
    GROUP_LIFECYCLE,
    PROGRAM_LIFECYCLE,
    ENROLMENT_LIFECYCLE,
    ALLOCATION_LIFECYCLE,
    GRANT_LIFECYCLE,
    KUR_LIFECYCLE,
    SESSION_LIFECYCLE,
    TRAINING_LIFECYCLE,
]


def test_the_lifecycle_diagrams_are_the_tables() -> None:
    text = page("reference/lifecycle.md")
    diagrams = re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert diagrams == [mermaid_diagram(lifecycle) for lifecycle in LIFECYCLES]


def _table_in_page(text: str, statuses: list[str]) -> dict[str, list[str]]:
    """The table with one column per status: action -> the cells of its row."""
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in text.splitlines()]
    header = rows.index(["action", "`Ledger` method", *statuses])
    table = {}
    for cells in rows[header + 2 :]:  # after the header and the |---| line
        if not cells:
            break
        table[cells[0]] = cells[2:]
    return table


@pytest.mark.parametrize(
    "lifecycle", LIFECYCLES, ids=lambda table: type(next(iter(table))).__name__
)
def test_each_lifecycle_table_is_the_code(lifecycle: Mapping[Any, Mapping[Any, Any]]) -> None:
    statuses = list(lifecycle)
    actions = {action for row in lifecycle.values() for action in row}

    expected = {
        action.value: [
            lifecycle[status][action].value if action in lifecycle[status] else "—"
            for status in statuses
        ]
        for action in actions
    }
    found = _table_in_page(page("reference/lifecycle.md"), [status.value for status in statuses])
    assert found == expected


# ----------------------------------------------------------------------------- the events

BOOKKEEPING = {"originator_id", "originator_version", "timestamp", "originator_topic", "envelope"}
EVENT_SECTIONS: list[tuple[str, type[LedgerAggregate]]] = [
    ("## Enterprise", Enterprise),
    ("## Business group", BusinessGroup),
    ("## Program", Program),
    ("## Enrolment", Enrolment),
    ("## Funder", Funder),
    ("## Allocation", Allocation),
    ("## Grant", Grant),
    ("## KUR referral", KurReferral),
    ("## Mentoring session", MentoringSession),
    ("## Training", Training),
    ("## Consultation", Consultation),
    ("## Exhibition", Exhibition),
    ("## Refusal", Refusal),
    ("## API token", ApiToken),
    ("## Erasure", Erasure),
    ("## Migration of personal data", PersonalDataMigration),
]


def _events_documented(heading: str, aggregate: type[LedgerAggregate]) -> dict[str, list[str]]:
    """event name -> its field names, from the table under ``heading`` (which names the
    aggregate's class: ``## Enterprise (`umkm_ledger.enterprises.enterprise.Enterprise`)``)."""
    title = f"{heading} (`{aggregate.__module__}.{aggregate.__qualname__}`)\n"
    sections = page("reference/events.md").split(title, 1)
    assert len(sections) == 2, f"no section {title!r}"
    section = sections[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (.*?) \|", section, flags=re.MULTILINE)
    return {name: re.findall(r"`(\w+)`:", fields) for name, fields in rows}


def _events_of(aggregate: type[LedgerAggregate]) -> dict[str, list[str]]:
    """event name -> its field names, from the nested event classes."""
    return {
        name: [f.name for f in dataclasses.fields(cls) if f.name not in BOOKKEEPING]
        for name, cls in vars(aggregate).items()
        if isinstance(cls, type)
        and issubclass(cls, aggregate.Event)
        and name not in {"Event", "Created"}
    }


@pytest.mark.parametrize(
    ("heading", "aggregate"), EVENT_SECTIONS, ids=[h for h, _ in EVENT_SECTIONS]
)
def test_each_event_table_lists_the_events_and_their_fields(
    heading: str, aggregate: type[LedgerAggregate]
) -> None:
    documented = _events_documented(heading, aggregate)
    assert documented == _events_of(aggregate)
    text = " ".join(page("reference/events.md").split())
    for name in documented:  # each meaning starts with the class's own docstring
        cls = LedgerAggregate.Corrected if name == "Corrected" else getattr(aggregate, name)
        assert cls.__doc__, f"{name} has no docstring"
        first_sentence = " ".join(cls.__doc__.split()).replace("``", "`").split(": ")[0]
        assert first_sentence[:40] in text, name


def test_the_event_tables_cover_every_kind_of_record() -> None:
    assert {aggregate for _, aggregate in EVENT_SECTIONS} == set(RECORD_KINDS)


def test_the_envelope_table_lists_the_envelopes_fields() -> None:
    text = page("reference/events.md").split("The audit envelope")[1]
    rows = re.findall(r"^\| `(\w+)` \| ", text, re.MULTILINE)
    assert rows[: len(attrs.fields(Envelope))] == [f.name for f in attrs.fields(Envelope)]


# ---------------------------------------------------------------------- indicator kinds


def test_the_indicator_kind_tables_list_the_built_in_kinds() -> None:
    rows = re.findall(
        r"^\| `(\w+)` \| (\w+) \| .*? \| (.*?) \|$", page("reference/indicator-kinds.md"), re.M
    )
    built_in = {
        kind.name: kind
        for kind in umkm_ledger.indicator_kinds().values()
        if type(kind).__module__ in (builtin.__name__, aid.__name__, activity.__name__)
    }
    assert sorted(name for name, _, _ in rows) == sorted(built_in)
    for name, unit, parameters in rows:
        assert built_in[name].unit == unit, name
        assert re.findall(r"`(\w+)`", parameters) == sorted(built_in[name].parameters)
