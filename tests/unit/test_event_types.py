"""Stored event type names never move: the table of names is frozen (a golden file),
every event class has its own, the names are written and read, and the topics earlier
releases wrote still resolve to the same classes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

import umkm_ledger
from tests import old_ledger
from umkm_ledger.audit.trail_view import AUDITED_RECORDS
from umkm_ledger.funding.grant import Grant
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.event_types import (
    aggregate_of,
    event_types,
    name_event_types,
    stored_names,
)
from umkm_ledger.kernel.records import RECORD_KINDS

GOLDEN = Path(__file__).parents[1] / "golden" / "event_types.txt"


def _golden() -> dict[str, tuple[str, ...]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    rows = (line.split() for line in lines if line and not line.startswith("#"))
    return {name: tuple(formerly) for name, *formerly in rows}


def _aggregates(base: type[Aggregate] = Aggregate) -> set[type[Aggregate]]:
    found: set[type[Aggregate]] = set()
    for sub in base.__subclasses__():
        if sub.__module__.startswith("umkm_ledger."):
            found.add(sub)
        found |= _aggregates(sub)
    return found


def test_the_table_of_stored_names_is_the_golden_one() -> None:
    # Importing the package imports every context's modules, and so names their types.
    table = {name: t.formerly for name, t in event_types().items()}

    golden = _golden()

    removed = sorted(set(golden) - set(table))
    assert removed == [], "stored names are never removed or renamed"
    changed = sorted(n for n in golden if table[n] != golden[n])
    assert changed == [], "the topics earlier releases wrote must keep resolving"
    added = sorted(set(table) - set(golden))
    assert added == [], f"new stored names: add them to {GOLDEN.name}"


def test_every_event_class_of_every_aggregate_has_its_own_name() -> None:
    aggregates = {a for a in _aggregates() if a is not LedgerAggregate}
    assert len(aggregates) >= 16

    for aggregate in aggregates:
        assert "TOPIC" in vars(aggregate), aggregate
        for attribute, event in vars(aggregate).items():
            recordable = isinstance(event, type) and issubclass(event, CanMutateAggregate)
            if not recordable or attribute in ("Event", "Created"):
                continue
            name = vars(event).get("TOPIC")
            assert name == f"{vars(aggregate)['TOPIC']}.{attribute}", event
            assert get_topic(event) == name
            assert resolve_topic(name) is event
            assert aggregate_of(name) is aggregate
            for former in stored_names(event)[1:]:
                assert resolve_topic(former) is event


def test_every_topic_the_old_ledger_stored_resolves_to_a_named_class() -> None:
    database = old_ledger.FIXTURE / "ledger.db"
    with sqlite3.connect(f"file:{database}?immutable=1", uri=True) as connection:
        topics = [t for (t,) in connection.execute("SELECT DISTINCT topic FROM stored_events")]
    assert len(topics) > 40

    for topic in topics:
        event = resolve_topic(topic)
        assert topic in stored_names(event)[1:], topic
        assert get_topic(event).count(".") == 2


def test_new_events_are_stored_under_their_names(tmp_path: Path) -> None:
    with umkm_ledger.Ledger.open(f"sqlite:///{tmp_path / 'new.db'}") as ledger:
        funder = ledger.register_funder("PT Hutama Karya", source="TJSL BUMN")
        stored = ledger.application.recorder.select_events(funder)
        state: Any = ledger.application.mapper.transcoder.decode(stored[0].state)

    assert [s.topic for s in stored] == ["funding.Funder.Registered"]
    assert state["originator_topic"] == "funding.Funder"


def test_an_event_left_out_of_the_table_is_refused_as_the_module_is_imported() -> None:
    class Loom(LedgerAggregate):
        @dataclass(frozen=True)
        class Event(LedgerAggregate.Event):
            pass

        @dataclass(frozen=True)
        class Delivered(Event):
            pass

        @dataclass(frozen=True)
        class Returned(Event):
            pass

    with pytest.raises(TypeError, match="Returned"):
        name_event_types(Loom, "test.Loom", formerly="tests:Loom", events=["Delivered"])
    with pytest.raises(TypeError, match="stored type name"):
        name_event_types(
            Loom, "Loom", formerly="tests:Loom", events=["Delivered", "Returned", "Corrected"]
        )


def test_a_taken_name_is_refused() -> None:
    class Copy(LedgerAggregate):
        pass

    with pytest.raises(TypeError, match="already"):
        name_event_types(Copy, stored_names(Grant)[0], formerly="tests:Copy", events=["Corrected"])


def test_the_audit_trail_follows_every_kind_of_record() -> None:
    assert set(AUDITED_RECORDS) == set(RECORD_KINDS)
