"""The public event feed as a consumer outside Python reads it, on SQLite and PostgreSQL:
CloudEvents that the CloudEvents SDK accepts, data that the shipped JSON Schemas accept,
resumable from any position, filtered by type, without personal data unless asked."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cloudevents.core.formats.json import JSONFormat

from umkm_ledger import InvalidValue, Ledger
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.interchange.schema import public_event_types, shipped_schema
from umkm_ledger.kernel.errors import StorageFault
from umkm_ledger.reference import stale_schemas

# The console script the package installs, beside this interpreter.
UMKM = str(Path(sys.executable).with_name("umkm-ledger"))


@pytest.fixture
def demo(ledger_url: str) -> Ledger:
    ledger = Ledger.open(ledger_url, notices=False)
    result = record_demo(ledger)
    programs = record_demo_programs(ledger, result)
    funding = record_demo_funding(ledger, result, programs)
    record_demo_activity(ledger, result, programs, funding)
    return ledger


def _personal_data(ledger: Ledger) -> tuple[set[str], set[str]]:
    """Every owner's NIK and name the demo recorded."""
    niks, names = set(), set()
    for enterprise_id in ledger.enterprise_ids():
        for owner in ledger.application.get(Enterprise, enterprise_id).owners:
            niks.add(owner.nik.value)
            names.add(owner.name)
    return niks, names


def _type_name(event: dict[str, Any]) -> str:
    # umkm-ledger.<stored type name>.v<N>
    return str(event["type"]).removeprefix("umkm-ledger.").rsplit(".", 1)[0]


def test_every_event_of_the_demo_is_a_cloudevent_whose_data_its_schema_accepts(
    demo: Ledger,
) -> None:
    page = demo.feed(limit=10_000)
    assert len(page.events) > 1000
    checker = jsonschema.FormatChecker()
    public = {t.name for t in public_event_types()}
    for event in page.events:
        line = json.dumps(event)
        parsed = JSONFormat().read(None, line)
        assert parsed.get_id() == event["id"]
        assert _type_name(event) in public
        jsonschema.validate(
            event["data"], shipped_schema(_type_name(event)), format_checker=checker
        )
    ids = [e["id"] for e in page.events]
    assert len(set(ids)) == len(ids)
    positions = [e["position"] for e in page.events]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    # Bookkeeping is not part of the feed: receipts, NIB claims, owner indexes.
    assert not any(e["recordtype"] in ("ledger.CommandReceipt", "enterprises.OwnerIndex",
                                       "enterprises.NibClaim") for e in page.events)  # fmt: skip
    assert page.position == demo.log_end()


def test_the_default_feed_holds_no_nik_and_no_owner_name(demo: Ledger) -> None:
    niks, names = _personal_data(demo)
    assert niks
    assert names
    events = demo.feed(limit=10_000).events
    text = "\n".join(json.dumps(e, ensure_ascii=False) for e in events)
    assert not [nik for nik in niks if nik in text]
    # An officer who mentors acts in office: the mentor's name is in the feed (one of the
    # demo's mentors also owns an enterprise); owners' names are not.
    mentors = {e["data"]["mentor"]["name"] for e in events if "mentor" in e["data"]}
    assert not [name for name in names - mentors if f'"{name}"' in text]
    owners = [o for e in events for o in e["data"].get("owners", [])]
    assert owners
    assert all(o["name"] is None and o["birth_year"] is None for o in owners)
    keyed = demo.feed(limit=10_000, pseudonym_key=b"k" * 32).events
    keyed_text = "\n".join(json.dumps(e, ensure_ascii=False) for e in keyed)
    assert not [nik for nik in niks if nik in keyed_text]
    assert "nik:hmac-sha256:" in keyed_text


def test_command_ids_and_recipients_leave_only_as_keyed_pseudonyms(demo: Ledger) -> None:
    # Callers build command ids of what they have (an import: a digest of the row, NIK
    # included), so a command id in the clear would give the NIK to whoever can guess.
    events = demo.feed(limit=10_000).events
    assert {e["data"]["envelope"]["command_id"] for e in events} == {None}
    acknowledged = [e for e in events if e["type"].endswith("Grant.Acknowledged.v1")]
    assert acknowledged
    assert all(e["data"]["recipient"] is None for e in acknowledged)
    keyed = demo.feed(limit=10_000, pseudonym_key=b"k" * 32).events
    ids = [e["data"]["envelope"]["command_id"] for e in keyed]
    assert all(i.startswith("command:hmac-sha256:") for i in ids)
    full = demo.feed(limit=10_000, personal="full").events
    assert len(set(ids)) == len({e["data"]["envelope"]["command_id"] for e in full})


def test_full_personal_data_only_when_asked(demo: Ledger) -> None:
    niks, _names = _personal_data(demo)
    text = json.dumps(list(demo.feed(limit=10_000, personal="full").events))
    assert all(nik in text for nik in niks)


def test_the_same_person_has_the_same_pseudonym_under_one_key_and_another_under_another(
    demo: Ledger,
) -> None:
    def owners(key: bytes) -> list[str]:
        page = demo.feed(limit=10_000, types=["enterprises.Enterprise.Registered"],
                         pseudonym_key=key)  # fmt: skip
        return [o["nik"] for e in page.events for o in e["data"]["owners"]]

    first, again, other = owners(b"a" * 16), owners(b"a" * 16), owners(b"b" * 16)
    assert first == again
    assert not set(first) & set(other)
    assert len(set(first)) == len(set(owners(b"c" * 16)))  # distinct people stay distinct


def test_reading_page_by_page_from_the_last_position_gives_the_same_events(
    demo: Ledger,
) -> None:
    whole = demo.feed(limit=10_000).events
    pieces: list[dict[str, Any]] = []
    after = 0
    while True:
        page = demo.feed(after=after, limit=97)
        pieces += page.events
        if not page.events:
            break
        assert page.position >= page.events[-1]["position"]
        after = page.position
    assert [e["id"] for e in pieces] == [e["id"] for e in whole]
    # The same events carry the same ids and data whenever they are read.
    assert pieces == list(whole)


def test_a_type_filter_gives_only_those_types(demo: Ledger) -> None:
    grants = demo.feed(limit=10_000, types=["funding.Grant"]).events
    assert grants
    assert all(e["recordtype"] == "funding.Grant" for e in grants)
    exact = demo.feed(limit=10_000, types=["enterprises.Enterprise.Registered", "activity"])
    kinds = {_type_name(e) for e in exact.events}
    assert "enterprises.Enterprise.Registered" in kinds
    assert all(k == "enterprises.Enterprise.Registered" or k.startswith("activity.")
               for k in kinds)  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 10_001}, "limit"),
        ({"limit": True}, "limit"),
        ({"after": -1}, "after"),
        ({"after": "7"}, "after"),
        ({"types": ["enterprises.Nothing"]}, "types[0]"),
        ({"types": ["ledger.CommandReceipt"]}, "types[0]"),
        ({"personal": "everything"}, "personal"),
        ({"pseudonym_key": b"short"}, "pseudonym_key"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(
    sqlite_url: str, arguments: dict[str, Any], field: str
) -> None:
    ledger = Ledger.open(sqlite_url, notices=False)
    with pytest.raises(InvalidValue) as refused:
        ledger.feed(**arguments)
    assert refused.value.field == field
    with pytest.raises(InvalidValue):
        next(iter(ledger.follow_feed(**arguments, stop=lambda: True)))


def test_following_the_feed_yields_new_events_as_they_are_recorded(demo: Ledger) -> None:
    end = demo.log_end()
    seen: list[dict[str, Any]] = []
    done = threading.Event()

    def consume() -> None:
        for event in demo.follow_feed(after=end, interval=0.05, stop=done.is_set):
            seen.append(event)
            if len(seen) == 2:
                done.set()

    consumer = threading.Thread(target=consume)
    consumer.start()
    enterprise = next(iter(demo.enterprise_ids()))
    demo.report_sales(enterprise, year=2030 - 5, amount=1_000_000, effective_date="2026-01-02")
    demo.report_sales(enterprise, year=2030 - 4, amount=2_000_000, effective_date="2026-01-03")
    consumer.join(timeout=30)
    done.set()
    assert [_type_name(e) for e in seen] == ["enterprises.Enterprise.SalesReported"] * 2
    assert all(e["position"] > end for e in seen)


def test_the_command_line_writes_json_lines_resumable_from_a_position(
    demo: Ledger, ledger_url: str, tmp_path: Path
) -> None:
    command = [UMKM, "--db", ledger_url, "feed"]
    first = subprocess.run([*command, "--limit", "5"], capture_output=True, text=True,
                           check=True, timeout=120)  # fmt: skip
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(lines) == 5
    after = lines[-1]["position"]
    rest = subprocess.run([*command, "--after", str(after), "--limit", "3", "--types",
                           "enterprises.Enterprise"], capture_output=True, text=True,
                          check=True, timeout=120)  # fmt: skip
    more = [json.loads(line) for line in rest.stdout.splitlines()]
    assert len(more) == 3
    assert all(e["position"] > after and e["recordtype"] == "enterprises.Enterprise" for e in more)


def test_reading_the_feed_of_a_ledger_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    done = subprocess.run(
        [UMKM, "--db", f"sqlite:///{missing}", "feed"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 4
    assert "no ledger" in done.stderr
    assert not missing.exists()
    with pytest.raises(StorageFault) as fault:
        Ledger.open(f"sqlite:///{missing}", create=False)
    assert fault.value.fault == "no-ledger"
    assert not missing.exists()


def test_the_shipped_schemas_are_what_the_code_generates() -> None:
    assert stale_schemas() == []


def test_the_command_line_follows_the_feed_until_it_is_stopped(
    demo: Ledger, ledger_url: str
) -> None:
    end = demo.log_end()
    follower = subprocess.Popen(
        [UMKM, "--db", ledger_url, "feed", "--follow", "--after", str(end), "--interval", "0.1",
         "--types", "enterprises.Enterprise.SalesReported"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        enterprise = next(iter(demo.enterprise_ids()))
        demo.report_sales(enterprise, year=2024, amount=7_000_000, effective_date="2026-01-02")
        assert follower.stdout is not None
        line = follower.stdout.readline()  # blocks until the follower prints the new event
        event = json.loads(line)
        assert event["type"] == "umkm-ledger.enterprises.Enterprise.SalesReported.v1"
        assert event["position"] > end
        assert event["data"]["amount"] == 7_000_000
    finally:
        follower.terminate()
        follower.wait(timeout=30)
    assert follower.returncode == 0
