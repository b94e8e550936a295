"""Properties of the whole ledger, over generated commands (in memory and on SQLite)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.strategies import desa_codes, kblis, owners, rupiahs
from umkm_ledger import Ledger, Owner, UmkmLedgerError
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.readmodels import EnterpriseView

FOUNDED = date(2010, 1, 1)

# A command is (name, arguments); `run` applies it to the ledger's only enterprise.
commands: st.SearchStrategy[tuple[str, dict[str, Any]]] = st.one_of(
    st.tuples(
        st.just("sales"),
        st.fixed_dictionaries(
            {"year": st.integers(2010, 2025), "amount": rupiahs(max_value=80_000_000_000)}
        ),
    ),
    st.tuples(
        st.just("capital"),
        st.fixed_dictionaries(
            {
                "amount": rupiahs(max_value=12_000_000_000),
                "effective_date": st.dates(date(2010, 1, 1), date(2025, 12, 31)),
            }
        ),
    ),
    st.tuples(st.sampled_from(["dormant", "reactivate", "graduate"]), st.just({})),
    st.tuples(st.just("close"), st.just({"reason": "stopped trading"})),
)


def run(ledger: Ledger, enterprise_id: Any, name: str, arguments: dict[str, Any]) -> None:
    actions: dict[str, Callable[..., object]] = {
        "sales": ledger.report_sales,
        "capital": ledger.report_capital,
        "dormant": ledger.mark_dormant,
        "reactivate": ledger.reactivate,
        "graduate": ledger.graduate,
        "close": ledger.close_enterprise,
    }
    actions[name](enterprise_id, **arguments)


def register(ledger: Ledger, owner: Owner, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "owners": [owner],
        "desa": "16.10.08.2003",
        "sector": "13121",
        "founded_on": FOUNDED,
        "effective_date": date(2016, 12, 16),
        **overrides,
    }
    return ledger.register_enterprise("Usaha", **fields)


def play(url: str, owner: Owner, script: list[tuple[str, dict[str, Any]]]) -> tuple[Any, int]:
    """Run the script, ignoring refused commands; return the id and how many succeeded."""
    with Ledger.open(url) as ledger:
        enterprise_id = register(ledger, owner)
        done = 0
        for name, arguments in script:
            before = ledger.application.recorder.max_notification_id()
            try:
                run(ledger, enterprise_id, name, arguments)
                done += 1
            except UmkmLedgerError:
                # A refused command records nothing.
                assert ledger.application.recorder.max_notification_id() == before
        return enterprise_id, done


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(owner=owners(), script=st.lists(commands, max_size=12))
def test_replay_from_the_store_is_deterministic(
    owner: Owner, script: list[tuple[str, dict[str, Any]]]
) -> None:
    with TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'ledger.db'}"
        enterprise_id, _ = play(url, owner, script)
        with Ledger.open(url) as first, Ledger.open(url) as second:
            a, b = first.enterprise(enterprise_id), second.enterprise(enterprise_id)
            assert a == b
            # Folding the stored events by hand gives the same state as the repository.
            events = first.application.events_of(enterprise_id)
            folded: Enterprise | None = None
            for event in events:
                folded = event.mutate(folded)
            assert folded is not None
            assert EnterpriseView.of(folded) == a


@settings(max_examples=60, deadline=None)
@given(owner=owners(), script=st.lists(commands, max_size=15))
def test_the_same_script_gives_the_same_state_on_any_ledger(
    owner: Owner, script: list[tuple[str, dict[str, Any]]]
) -> None:
    states = []
    for _ in range(2):
        with Ledger.open("memory://") as ledger:
            enterprise_id = register(ledger, owner)
            for name, arguments in script:
                with contextlib.suppress(UmkmLedgerError):
                    run(ledger, enterprise_id, name, arguments)
            view = ledger.enterprise(enterprise_id)
            states.append(
                (view.status, view.classification, [(r.amount, r.year) for r in view.reports])
            )
    assert states[0] == states[1]


bad_registrations = st.one_of(
    st.fixed_dictionaries({"desa": st.sampled_from(["16.10", "16.10.08", "99.99.99.0000", "x"])}),
    st.fixed_dictionaries({"sector": st.sampled_from(["1312", "04000", "abcde", "451100"])}),
    st.fixed_dictionaries(
        {"founded_on": st.sampled_from(["2010-02-30", "yesterday", "2017-01-01"])}
    ),
    st.fixed_dictionaries({"effective_date": st.sampled_from(["2999-01-01", "16/12/2016"])}),
    st.fixed_dictionaries({"nib": st.sampled_from(["123", "12345678901234", "12345678901a3"])}),
    st.fixed_dictionaries({"owners": st.sampled_from([[], "Siti", [{"name": "Siti"}]])}),
    st.fixed_dictionaries({"command_id": st.sampled_from(["", "   "])}),
)


@settings(max_examples=80, deadline=None)
@given(owner=owners(), desa=desa_codes(), kbli=kblis(2020), bad=bad_registrations)
def test_any_invalid_registration_records_nothing(
    owner: Owner, desa: Any, kbli: Any, bad: dict[str, Any]
) -> None:
    with Ledger.open("memory://") as ledger:
        register(ledger, owner, desa=desa, sector=kbli)
        before = ledger.application.recorder.max_notification_id()
        try:
            register(ledger, owner, **{"desa": desa, "sector": kbli, **bad})
        except UmkmLedgerError:
            pass
        else:
            raise AssertionError(f"accepted {bad}")
        assert ledger.application.recorder.max_notification_id() == before


@settings(max_examples=40, deadline=None)
@given(owner=owners(), script=st.lists(commands, max_size=8))
def test_a_nik_never_appears_in_what_people_read(
    owner: Owner, script: list[tuple[str, dict[str, Any]]]
) -> None:
    with Ledger.open("memory://") as ledger:
        enterprise_id = register(ledger, owner)
        readable = []
        for name, arguments in script:
            try:
                run(ledger, enterprise_id, name, arguments)
            except UmkmLedgerError as error:
                readable.append(str(error))
        readable += [repr(ledger.enterprise(enterprise_id)), repr(owner)]
        readable += [r.summary for r in ledger.history(enterprise_id)]
        readable += [repr(r) for r in ledger.history(enterprise_id)]
        assert all(owner.nik.value not in text for text in readable)
