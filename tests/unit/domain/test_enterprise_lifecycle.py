"""The enterprise lifecycle: the table, and a stateful machine against a simple model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.strategies import rupiahs
from tests.support import envelope, new_enterprise, replay
from umkm_ledger.enterprises.classification import Basis, Classification, classify
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.lifecycle import (
    ENTERPRISE_LIFECYCLE,
    EnterpriseAction,
    EnterpriseStatus,
)
from umkm_ledger.enterprises.rules import SalesYearAlreadyReported
from umkm_ledger.kernel.lifecycle import mermaid_diagram
from umkm_ledger.kernel.rules import IllegalTransition
from umkm_ledger.kernel.values import NIB, Rupiah

_A = EnterpriseAction
_S = EnterpriseStatus

# How to reach each status from a fresh (active) enterprise.
_REACH: dict[EnterpriseStatus, Callable[[Enterprise], None]] = {
    _S.ACTIVE: lambda e: None,
    _S.DORMANT: lambda e: e.mark_dormant(envelope=envelope()),
    _S.CLOSED: lambda e: e.close(envelope=envelope(reason="closed shop")),
    _S.GRADUATED: lambda e: e.graduate(envelope=envelope()),
}

# One command per status-checked action (merges need a partner and are tested apart).
_DO: dict[EnterpriseAction, Callable[[Enterprise], None]] = {
    _A.RECORD_NIB: lambda e: e.record_nib(NIB("9120106541237"), envelope=envelope()),
    _A.REPORT_SALES: lambda e: e.report_sales(2016, Rupiah(5), envelope=envelope()),
    _A.REPORT_CAPITAL: lambda e: e.report_capital(Rupiah(5), envelope=envelope()),
    _A.MARK_DORMANT: lambda e: e.mark_dormant(envelope=envelope()),
    _A.CLOSE: lambda e: e.close(envelope=envelope(reason="r")),
    _A.REACTIVATE: lambda e: e.reactivate(envelope=envelope()),
    _A.GRADUATE: lambda e: e.graduate(envelope=envelope()),
    _A.JOIN_GROUP: lambda e: e.join_group(uuid4(), envelope=envelope()),
    _A.CORRECT: lambda e: e.correct(1, {"name": "N"}, envelope=envelope(reason="r")),
}


@pytest.mark.parametrize("status", list(_REACH), ids=lambda s: s.value)
@pytest.mark.parametrize("action", list(_DO), ids=lambda a: a.value.replace(" ", "-"))
def test_the_table_decides_every_action(status: EnterpriseStatus, action: EnterpriseAction) -> None:
    enterprise = new_enterprise()
    _REACH[status](enterprise)
    enterprise.collect_events()
    allowed = action in ENTERPRISE_LIFECYCLE[status]
    if allowed:
        _DO[action](enterprise)
        assert enterprise.status is ENTERPRISE_LIFECYCLE[status][action]
    else:
        with pytest.raises(IllegalTransition) as error:
            _DO[action](enterprise)
        assert error.value.status == status.value
        assert enterprise.collect_events() == []
        assert enterprise.status is status


def test_merged_is_terminal_but_correctable() -> None:
    assert set(ENTERPRISE_LIFECYCLE[_S.MERGED]) == {_A.CORRECT}


def test_the_diagram_shows_every_status_change() -> None:
    diagram = mermaid_diagram(ENTERPRISE_LIFECYCLE)
    assert diagram.startswith("stateDiagram-v2\n")
    assert "    active --> closed: close" in diagram
    assert "    closed --> active: reactivate" in diagram
    assert "note right of merged: correct a fact" in diagram


# -- a stateful machine against a model written independently of the table -------------

_MODEL_ALLOWED: dict[str, set[str]] = {
    "active": {"sales", "capital", "nib", "dormant", "close", "graduate"},
    "dormant": {"sales", "capital", "nib", "close", "reactivate"},
    "closed": {"reactivate"},
    "graduated": {"sales", "capital", "nib", "dormant", "close"},
}
_MODEL_NEXT = {
    "dormant": "dormant",
    "close": "closed",
    "reactivate": "active",
    "graduate": "graduated",
}


class EnterpriseLifecycle(RuleBasedStateMachine):
    """Random command sequences; the aggregate must agree with a plain model."""

    def __init__(self) -> None:
        super().__init__()
        self.enterprise = new_enterprise(founded_on=date(2009, 1, 1))
        self.events = list(self.enterprise.collect_events())
        self.status = "active"
        self.nib: NIB | None = None
        # (effective date, order) -> (figure, basis)
        self.reports: dict[tuple[date, int], tuple[Rupiah, Basis]] = {}
        self.sales_years: set[int] = set()
        # The classification recorded at the last change of class (Reclassified).
        self.last_change: Classification | None = None

    def _reported(self, key: tuple[date, int], figure: Rupiah, basis: Basis) -> None:
        self.reports[key] = (figure, basis)
        (day, _), (latest, latest_basis) = max(self.reports.items())
        now = classify(latest, latest_basis, day)
        if self.last_change is None or now.size_class is not self.last_change.size_class:
            self.last_change = now

    def _try(self, action: str, command: Callable[[Enterprise], None]) -> None:
        if action in _MODEL_ALLOWED[self.status]:
            command(self.enterprise)
            self.events += self.enterprise.collect_events()
            self.status = _MODEL_NEXT.get(action, self.status)
            return
        with pytest.raises(IllegalTransition):
            command(self.enterprise)
        assert self.enterprise.collect_events() == []

    @rule(year=st.integers(2009, 2024), amount=rupiahs(max_value=60_000_000_000))
    def report_sales(self, year: int, amount: Rupiah) -> None:
        effective = date(year, 12, 31)

        def command(e: Enterprise) -> None:
            e.report_sales(year, amount, envelope=envelope(effective))

        if "sales" in _MODEL_ALLOWED[self.status] and year in self.sales_years:
            with pytest.raises(SalesYearAlreadyReported):
                command(self.enterprise)
            assert self.enterprise.collect_events() == []
            return
        before = self.status
        self._try("sales", command)
        if "sales" in _MODEL_ALLOWED[before]:
            self.sales_years.add(year)
            self._reported((effective, len(self.events)), amount, Basis.SALES)

    @rule(
        day=st.dates(date(2009, 1, 1), date(2025, 12, 31)),
        amount=rupiahs(max_value=12_000_000_000),
    )
    def report_capital(self, day: date, amount: Rupiah) -> None:
        before = self.status
        self._try("capital", lambda e: e.report_capital(amount, envelope=envelope(day)))
        if "capital" in _MODEL_ALLOWED[before]:
            self._reported((day, len(self.events)), amount, Basis.CAPITAL)

    @precondition(lambda self: self.nib is None)
    @rule()
    def record_nib(self) -> None:
        before = self.status
        self._try("nib", lambda e: e.record_nib(NIB("9120106541237"), envelope=envelope()))
        if "nib" in _MODEL_ALLOWED[before]:
            self.nib = NIB("9120106541237")

    @rule(action=st.sampled_from(["dormant", "close", "reactivate", "graduate"]))
    def change_status(self, action: str) -> None:
        commands: dict[str, Callable[[Enterprise], None]] = {
            "dormant": lambda e: e.mark_dormant(envelope=envelope()),
            "close": lambda e: e.close(envelope=envelope(reason="r")),
            "reactivate": lambda e: e.reactivate(envelope=envelope()),
            "graduate": lambda e: e.graduate(envelope=envelope()),
        }
        self._try(action, commands[action])

    @invariant()
    def status_agrees(self) -> None:
        assert self.enterprise.status.value == self.status

    @invariant()
    def class_follows_the_latest_report(self) -> None:
        # Only a change of class is recorded; the class shown cites the latest report.
        assert self.enterprise.last_reclassified == self.last_change
        if self.reports:
            (day, _), (figure, basis) = max(self.reports.items())
            latest = classify(figure, basis, day)
            assert self.enterprise.classification == latest
            assert self.enterprise.current_classification() == latest
            assert self.enterprise.size_class is latest.size_class
        else:
            assert self.enterprise.classification is None

    @invariant()
    def replay_rebuilds_the_same_state(self) -> None:
        rebuilt = replay(self.events)
        assert rebuilt.status is self.enterprise.status
        assert rebuilt.classification == self.enterprise.classification
        assert rebuilt.reports == self.enterprise.reports
        assert rebuilt.nib == self.enterprise.nib == self.nib
        assert rebuilt.version == self.enterprise.version

    @invariant()
    def every_reclassification_changes_the_class(self) -> None:
        previous = None
        for event in self.events:
            if isinstance(event, Enterprise.Reclassified):
                assert event.previous == previous
                assert event.classification.size_class is not previous
                previous = event.classification.size_class


EnterpriseLifecycle.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, suppress_health_check=[HealthCheck.too_slow]
)
test_enterprise_lifecycle = EnterpriseLifecycle.TestCase
