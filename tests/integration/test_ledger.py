"""The Ledger on each backend: the same suite on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from eventsourcing.cryptography import AESCipher

from umkm_ledger import (
    Actor,
    CommandIdReused,
    ConcurrencyConflict,
    EnterpriseStatus,
    Envelope,
    IllegalTransition,
    InvalidValue,
    Ledger,
    NibAlreadyRegistered,
    NotFound,
    Rupiah,
    SizeClass,
    UmkmLedgerError,
)
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.indexes import OwnerIndex

SITI = {"name": "Siti Aminah", "nik": "1610084708800001", "gender": "F", "birth_year": 1980}
RUDI = {"name": "Rudi Hartono", "nik": "1610080503750002", "gender": "M", "birth_year": 1975}
DESA = "16.10.08.2003"


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer") as opened:
        yield opened


def register(ledger: Ledger, owner: dict[str, Any] = SITI, **overrides: Any) -> Any:
    name = overrides.pop("name", "Tenun Songket Siti")
    fields: dict[str, Any] = {
        "owners": [owner],
        "desa": DESA,
        "sector": "13121",
        "founded_on": "2012-05-01",
        "effective_date": "2016-12-16",
        **overrides,
    }
    return ledger.register_enterprise(name, **fields)


def at_once(
    url: str, actions: Sequence[Callable[[Ledger], object]]
) -> tuple[list[object], list[BaseException]]:
    """Run each action in its own thread on its own ledger, all released together.

    Returns what the actions returned and what they raised (in completion order).
    """
    ledgers = [Ledger.open(url) for _ in actions]
    barrier = threading.Barrier(len(actions), timeout=30)
    results: list[object] = []
    failures: list[BaseException] = []

    def run(own: Ledger, action: Callable[[Ledger], object]) -> None:
        try:
            barrier.wait()
            results.append(action(own))
        except BaseException as error:  # reported to the test, which asserts on it
            failures.append(error)

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(ledgers, actions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for own in ledgers:
        own.close()
    return results, failures


def events_recorded(ledger: Ledger) -> int:
    return ledger.application.recorder.max_notification_id() or 0


def test_an_enterprise_survives_a_restart(ledger_url: str) -> None:
    with Ledger.open(ledger_url, actor="siti@officer") as first:
        enterprise_id = register(first)
        first.report_sales(enterprise_id, year=2016, amount="Rp250.000.000")
        first.report_sales(enterprise_id, year=2022, amount="2,5 miliar")
        before = first.enterprise(enterprise_id)
    with Ledger.open(ledger_url) as second:
        after = second.enterprise(enterprise_id)
        assert after == before
        assert after.size_class is SizeClass.KECIL
        assert [r.amount for r in after.reports] == [
            Rupiah.from_juta(250),
            Rupiah.from_miliar("2,5"),
        ]
        assert list(second.enterprise_ids()) == [enterprise_id]


def test_every_event_carries_the_envelope(ledger: Ledger) -> None:
    enterprise_id = register(ledger, command_id="form-0001")
    ledger.report_sales(enterprise_id, year=2016, amount=85_000_000, actor="rudi@supervisor")
    history = ledger.history(enterprise_id)
    assert [r.kind for r in history] == ["Registered", "SalesReported", "Reclassified"]
    registered, sales, _ = history
    assert (registered.user_id, registered.role) == ("siti", "officer")
    assert registered.command_id == "form-0001"
    assert registered.effective_date == date(2016, 12, 16)
    assert registered.recorded_at.year >= 2026  # typed in long after the fact
    assert registered.source_system == "umkm_ledger"
    assert (sales.user_id, sales.role) == ("rudi", "supervisor")
    assert sales.effective_date == date(2016, 12, 31)  # the end of the reported year


def test_a_command_id_sent_twice_records_once_even_after_a_restart(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as first:
        enterprise_id = register(first, command_id="kecamatan-form-17")
        recorded = events_recorded(first)
        assert register(first, command_id="kecamatan-form-17") == enterprise_id
        assert events_recorded(first) == recorded
    with Ledger.open(ledger_url) as second:
        assert register(second, command_id="kecamatan-form-17") == enterprise_id
        assert events_recorded(second) == recorded
        with pytest.raises(CommandIdReused):
            register(second, command_id="kecamatan-form-17", name="Another name")
        assert events_recorded(second) == recorded


def test_an_nib_is_registered_once(ledger: Ledger) -> None:
    first = register(ledger, nib="9120106541237")
    recorded = events_recorded(ledger)
    with pytest.raises(NibAlreadyRegistered) as error:
        register(ledger, owner=RUDI, nib="9120106541237", name="Other")
    assert str(first) in str(error.value)
    assert events_recorded(ledger) == recorded
    other = register(ledger, owner=RUDI, name="Other")
    with pytest.raises(NibAlreadyRegistered):
        ledger.record_nib(other, "9120106541237")
    assert events_recorded(ledger) == recorded + 2  # the registration and its owner index
    assert ledger.find_by_nib("9120106541237") == first


def test_a_suspected_duplicate_is_flagged_and_merged_without_deleting(ledger: Ledger) -> None:
    original = register(ledger, nib="9120106541237")
    again = register(ledger, name="Songket Siti (lagi)")
    assert ledger.enterprise(again).suspected_duplicates == (original,)
    # A different sector or desa is not a duplicate.
    elsewhere = register(ledger, name="Warung Siti", sector="47111")
    assert ledger.enterprise(elsewhere).suspected_duplicates == ()
    ledger.merge_duplicate(again, into=original, reason="registered twice at the kecamatan")
    merged = ledger.enterprise(again)
    assert merged.status is EnterpriseStatus.MERGED
    assert merged.merged_into == original
    assert ledger.enterprise(original).absorbed == (again,)
    assert [r.kind for r in ledger.history(again)] == [
        "Registered",
        "SuspectedDuplicateFlagged",
        "MergedInto",
    ]
    # The merged record no longer counts: a third registration flags only the original.
    third = register(ledger, name="Songket Siti (ketiga)")
    assert ledger.enterprise(third).suspected_duplicates == (original,)
    ledger.confirm_distinct(third, original, reason="a second loom workshop, checked on site")
    assert ledger.enterprise(third).suspected_duplicates == ()


def test_refused_commands_record_nothing(ledger: Ledger) -> None:
    enterprise_id = register(ledger)
    ledger.close_enterprise(enterprise_id, reason="owner moved")
    recorded = events_recorded(ledger)
    attempts: list[Callable[[], object]] = [
        lambda: ledger.report_sales(enterprise_id, year=2016, amount=5),
        lambda: ledger.report_sales(enterprise_id, year=2016, amount="lima juta"),
        lambda: register(ledger, owners=[{**SITI, "gender": "M"}]),
        lambda: register(ledger, desa="16.10.08"),
        lambda: register(ledger, founded_on="2012-13-01"),
        lambda: ledger.enterprise("not-a-uuid"),
        lambda: ledger.correct(enterprise_id, version=1, changes={"name": "X"}, reason=""),
    ]
    for attempt in attempts:
        with pytest.raises(UmkmLedgerError):
            attempt()
    assert events_recorded(ledger) == recorded


def test_errors_name_the_field_and_hide_the_nik(ledger: Ledger) -> None:
    with pytest.raises(InvalidValue) as error:
        register(ledger, owners=[SITI, {**RUDI, "birth_year": 1976}])
    assert error.value.field == "owners[1].birth_year"
    with pytest.raises(InvalidValue) as error:
        register(ledger, owners=[{**SITI, "nik": "1610084708800"}])
    assert error.value.field == "owners[0].nik"
    assert "1610084708800" not in str(error.value)


def test_unknown_ids_are_not_found(ledger: Ledger) -> None:
    group = ledger.form_group("KUB", kind="KUB", region="16.10.05", founded_on="2019-04-01")
    with pytest.raises(NotFound):
        ledger.enterprise(group)  # a group is not an enterprise
    with pytest.raises(NotFound):
        ledger.report_sales("6f1c1c04-9b6e-4c8f-9d4c-0b3a9d1f6a11", year=2020, amount=5)


def test_groups_and_members(ledger: Ledger) -> None:
    members = [register(ledger, owner=o, name=n) for o, n in [(SITI, "Siti"), (RUDI, "Rudi")]]
    group = ledger.form_group(
        "KUB Karya Usang Sungging", kind="KUB", region="16.10.05.2012", founded_on="2019-04-01"
    )
    for member in members:
        ledger.add_group_member(group, member)
    ledger.appoint_chairperson(group, members[1])
    ledger.remove_group_member(group, members[0], reason="left the craft")
    view = ledger.group(group)
    assert view.members == (members[1],)
    assert view.chairperson == members[1]
    ledger.close_enterprise(members[0], reason="closed")
    with pytest.raises(IllegalTransition):
        ledger.add_group_member(group, members[0])
    assert list(ledger.group_ids()) == [group]


def test_a_correction_keeps_the_original_in_the_history(ledger: Ledger) -> None:
    enterprise_id = register(ledger, nib="9120106541237")
    ledger.report_sales(enterprise_id, year=2019, amount="Rp280.000.000")
    ledger.correct(enterprise_id, version=2, changes={"amount": "Rp260.000.000"}, reason="re-check")
    ledger.correct(enterprise_id, version=1, changes={"nib": "9120106541238"}, reason="OSS typo")
    view = ledger.enterprise(enterprise_id)
    assert view.reports[0].amount == Rupiah.from_juta(260)
    assert ledger.find_by_nib("9120106541238") == enterprise_id
    assert ledger.find_by_nib("9120106541237") is None  # released, may be claimed again
    history = ledger.history(enterprise_id)
    assert history[1].fields["amount"] == Rupiah.from_juta(280)  # the original, unchanged
    assert history[1].corrected_by == (4,)
    assert history[3].corrects == 2
    assert history[3].reason == "re-check"


def test_concurrent_writers_lose_nothing(ledger_url: str) -> None:
    """Writers on the same enterprise: the loser gets a retryable error, no update is lost."""
    writers, reports_each = 4, 6
    with Ledger.open(ledger_url) as setup:
        enterprise_id = register(setup)
    conflicts: list[ConcurrencyConflict] = []

    def writer(n: int) -> Callable[[Ledger], None]:
        def write(own: Ledger) -> None:
            for i in range(reports_each):
                while True:
                    try:
                        own.report_capital(enterprise_id, amount=1_000_000 * (n * 10 + i + 1))
                        break
                    except ConcurrencyConflict as conflict:
                        conflicts.append(conflict)

        return write

    _, failures = at_once(ledger_url, [writer(n) for n in range(writers)])
    assert not failures, failures
    assert all(conflict.retryable for conflict in conflicts)
    with Ledger.open(ledger_url) as check:
        reports = check.enterprise(enterprise_id).reports
        assert len(reports) == writers * reports_each
        assert len({r.amount.amount for r in reports}) == writers * reports_each


def test_a_stale_write_is_a_typed_retryable_conflict(ledger_url: str) -> None:
    """Deterministic lost-update check: read, another writer commits, then our write."""
    with Ledger.open(ledger_url) as first, Ledger.open(ledger_url) as second:
        enterprise_id = register(first)
        app = first.application
        stale = app.get(Enterprise, enterprise_id)  # read at version 1
        second.report_capital(enterprise_id, amount=5)  # the other writer commits version 2
        on_time = Envelope(Actor("siti", "officer"), "late-write", date(2020, 1, 1))
        stale.report_capital(Rupiah(7), envelope=on_time)
        with pytest.raises(ConcurrencyConflict) as error:
            app.run(
                "report_capital",
                on_time,
                idempotent=False,
                arguments={},
                work=lambda _assume_new: (stale.id, [stale]),
            )
        assert error.value.retryable
        assert [r.amount for r in second.enterprise(enterprise_id).reports] == [Rupiah(5)]


def test_the_same_nib_registered_concurrently_is_held_once(ledger_url: str) -> None:
    def registering(owner: dict[str, Any]) -> Callable[[Ledger], object]:
        return lambda own: register(own, owner=owner, nib="9120106541237", name=owner["name"])

    results, failures = at_once(ledger_url, [registering(SITI), registering(RUDI)])
    assert len(results) == 1
    assert all(isinstance(f, NibAlreadyRegistered | ConcurrencyConflict) for f in failures)
    with Ledger.open(ledger_url) as check:
        assert list(check.enterprise_ids()) == results


def test_a_merged_duplicate_hands_its_group_places_to_the_survivor(ledger: Ledger) -> None:
    original = register(ledger)
    again = register(ledger, name="Songket Siti (lagi)")
    group = ledger.form_group(
        "Sentra TKI Purna", kind="sentra", region=DESA, founded_on="2014-06-01"
    )
    ledger.add_group_member(group, again)
    ledger.appoint_chairperson(group, again)
    ledger.merge_duplicate(again, into=original, reason="registered twice")
    view = ledger.group(group)
    assert view.members == (original,)
    assert view.chairperson == original
    assert ledger.enterprise(original).groups == (group,)
    assert ledger.enterprise(again).groups == ()


def test_an_encrypted_ledger_hides_niks_in_storage(ledger_url: str) -> None:
    key = AESCipher.create_key(32)
    with Ledger.open(ledger_url, cipher_key=key) as encrypted:
        enterprise_id = register(encrypted)
        again = register(encrypted, name="again")
        assert encrypted.enterprise(again).suspected_duplicates == (enterprise_id,)
        stored = encrypted.application.recorder.select_notifications(1, 100)
        assert stored
        assert all(b"1610084708800001" not in n.state for n in stored)
        plain_index = OwnerIndex.id_for(("1610084708800001", DESA, 2020, "13121"))
        assert all(n.originator_id != plain_index for n in stored)
    with Ledger.open(ledger_url, cipher_key=key) as reopened:
        assert reopened.enterprise(enterprise_id).owners[0].name == "Siti Aminah"


def test_many_processes_may_open_a_new_ledger_at_once(ledger_url: str) -> None:
    """First opens race to create the tables; every opener must get a working ledger."""
    opened: list[Ledger] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(4, timeout=30)

    def open_it() -> None:
        try:
            barrier.wait()
            opened.append(Ledger.open(ledger_url))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not failures, failures
        assert len(opened) == 4
        register(opened[0])
        assert len(list(opened[3].enterprise_ids())) == 1
    finally:
        for ledger in opened:
            ledger.close()


def test_correcting_the_owners_re_checks_duplicates(ledger: Ledger) -> None:
    rudi_shop = register(ledger, owner=RUDI, name="Rudi's loom")
    siti_shop = register(ledger)
    assert ledger.enterprise(siti_shop).suspected_duplicates == ()
    ledger.correct(siti_shop, version=1, changes={"owners": [RUDI]}, reason="owner mixed up")
    assert ledger.enterprise(siti_shop).suspected_duplicates == (rudi_shop,)
    # Siti's key no longer points at the shop: registering her again flags nothing.
    assert ledger.enterprise(register(ledger, name="Siti baru")).suspected_duplicates == ()


def test_the_same_command_sent_concurrently_returns_one_result(ledger_url: str) -> None:
    def send(own: Ledger) -> object:
        return register(own, nib="9120106541237", command_id="sidt/42")

    results, failures = at_once(ledger_url, [send, send, send])
    assert all(isinstance(f, ConcurrencyConflict) for f in failures), failures
    assert len(set(results)) == 1
    with Ledger.open(ledger_url) as check:
        assert len(list(check.enterprise_ids())) == 1


def test_the_same_owner_registered_concurrently_is_flagged_not_refused(ledger_url: str) -> None:
    """Both registrations land; the owner index makes the later one a suspected duplicate."""

    def named(name: str) -> Callable[[Ledger], object]:
        return lambda own: register(own, name=name)

    done, failures = at_once(ledger_url, [named("first"), named("second")])
    # A rerun can still lose to the other writer twice; that is a retryable conflict.
    assert all(isinstance(f, ConcurrencyConflict) for f in failures), failures
    with Ledger.open(ledger_url) as check:
        ids = list(check.enterprise_ids())
        assert len(ids) == len(done)
        if len(ids) == 2:
            flags = [check.enterprise(i).suspected_duplicates for i in ids]
            assert flags == [(), (ids[0],)]
