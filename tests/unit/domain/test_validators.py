"""One validator per field: the command that records a fact and a correction of it run it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import pytest
from eventsourcing.domain import Aggregate

from tests.support import envelope, new_enterprise, owner
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.kernel.aggregate import Check, LedgerAggregate
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.records import RECORD_KINDS
from umkm_ledger.kernel.values.text import name_text


def test_every_correctable_field_of_every_record_has_its_validator() -> None:
    for cls in RECORD_KINDS:
        for kind, fields in cls.CORRECTABLE.items():
            assert fields <= set(cls.VALIDATORS.get(kind, {})), f"{cls.__name__}.{kind}"


def test_a_record_declaring_a_correctable_field_without_a_validator_is_refused() -> None:
    with pytest.raises(TypeError, match="Noted: correctable fields without a validator: note"):

        class Notebook(LedgerAggregate):
            CORRECTABLE: ClassVar[dict[str, frozenset[str]]] = {"Noted": frozenset({"note"})}
            VALIDATORS: ClassVar[dict[str, dict[str, Check]]] = {}

            @dataclass(frozen=True)
            class Noted(LedgerAggregate.Event, Aggregate.Created):
                note: str


@pytest.mark.parametrize("name", ["\u200b", "Tenun\x00", "a\ud800", " ", 5, None])
def test_a_name_is_refused_alike_by_its_command_and_by_its_correction(name: Any) -> None:
    # given the rule the name's validator keeps
    with pytest.raises(InvalidValue) as by_rule:
        name_text(name, "name")
    # when the name is given to the command, then it is refused in the same words
    with pytest.raises(InvalidValue) as by_command:
        new_enterprise(name=name)
    assert (by_command.value.field, by_command.value.problem) == ("name", by_rule.value.problem)
    # and when a recorded name is corrected to it, then it is refused, under changes.
    enterprise = new_enterprise()
    with pytest.raises(InvalidValue) as by_correction:
        enterprise.correct(1, {"name": name}, envelope=envelope(reason="salah ketik"))
    assert by_correction.value.field == "changes.name"
    assert by_correction.value.problem == by_rule.value.problem
    assert [type(e).__name__ for e in enterprise.pending_events] == ["Registered"]


def test_what_a_validator_makes_of_a_value_is_what_is_recorded() -> None:
    # given names with blanks around, in the command and in a correction
    enterprise = new_enterprise(name="  Tenun Songket  ", owners=[owner(name=" Siti ")])
    enterprise.correct(1, {"name": " Songket Siti "}, envelope=envelope(reason="ejaan"))
    # then both are recorded stripped
    registered, corrected = enterprise.pending_events
    assert isinstance(registered, Enterprise.Registered)
    assert isinstance(corrected, Enterprise.Corrected)
    assert registered.name == "Tenun Songket"
    assert corrected.changes == {"name": "Songket Siti"}


@pytest.mark.parametrize(
    "command_id", ["abc ", " abc", "a\ud800", "a\x00", "x" * 201, "a\u200bb"], ids=repr
)
def test_a_new_fact_is_refused_an_envelope_callers_may_not_send(command_id: str) -> None:
    # given an envelope as stored ones may be read back, but no caller may send now
    bad = Envelope(
        actor=Actor("siti", "officer"), command_id=command_id, effective_date=date(2016, 12, 16)
    )
    # then no new fact carries it
    with pytest.raises(InvalidValue) as refused:
        _register_with(bad)
    assert refused.value.field == "command_id"


def test_a_new_fact_is_not_dated_before_1900() -> None:
    with pytest.raises(InvalidValue) as refused:
        _register_with(envelope(date(1899, 12, 31)), founded_on=date(1899, 1, 1))
    assert refused.value.field in {"effective_date", "founded_on"}


def _register_with(bad: Envelope, **given: Any) -> object:
    from umkm_ledger.kernel.values import KBLI, Address, RegionCode

    fields: dict[str, Any] = {
        "name": "Tenun",
        "owners": [owner()],
        "address": Address(street="Jl. Lintas Timur", desa=RegionCode("16.10.08.2003")),
        "sector": KBLI(2020, "13121"),
        "founded_on": date(2012, 5, 1),
        "nib": None,
        **given,
    }
    return Enterprise.register(envelope=bad, **fields)


def test_a_group_fact_other_than_its_formation_is_still_corrected_by_date() -> None:
    # given a group a member joined (the formation's founding rule is not this fact's)
    from umkm_ledger.enterprises.group import BusinessGroup, GroupKind
    from umkm_ledger.kernel.values import RegionCode

    group = BusinessGroup.form(
        name="KUB Usang Sungging", kind=GroupKind.KUB, region=RegionCode("16.10"),
        founded_on=date(2015, 1, 1), envelope=envelope(date(2016, 12, 16)),
    )  # fmt: skip
    member = new_enterprise()
    group.add_member(member.id, envelope=envelope(date(2017, 1, 5)))
    # when the joining is redated, then it is corrected
    group.correct(2, {"effective_date": date(2017, 1, 6)}, envelope=envelope(reason="tgl"))
    assert group.facts[2].effective_date == date(2017, 1, 6)
    # and the formation still keeps its rule: founded on or before it was formed
    with pytest.raises(InvalidValue) as refused:
        group.correct(1, {"founded_on": date(2017, 1, 1)}, envelope=envelope(reason="tgl"))
    assert refused.value.field == "changes.founded_on"
