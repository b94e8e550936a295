"""Long work says how far it got: catch-up, rebuild and verify report their progress,
and a query that must first catch up a long way says so once.

Given a ledger whose views are behind, when a query runs, then its caller is told once
(on stderr by default, to a callable of theirs, or not at all); when views catch up or
the log is verified, then the callback sees the positions rise to the log's end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.test_batch import submit_registrations
from tests.integration.test_programs import program, register
from umkm_ledger import InvalidValue, Ledger
from umkm_ledger.audit import verify as verify_module


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url, actor="siti@officer", notices=False) as opened:
        yield opened


def fill(ledger: Ledger, count: int) -> None:
    with ledger.batch() as batch:
        submit_registrations(batch, ledger, range(1, count + 1))


def test_a_query_far_behind_says_so_once_then_answers(ledger_url: str) -> None:
    told: list[str] = []
    with Ledger.open(ledger_url, actor="siti@officer", notices=told.append) as ledger:
        ledger._views().long_catch_up = 20
        program_id = program(ledger)
        for serial in range(1, 16):  # 30 events the views have not seen
            register(ledger, serial)
        end = ledger.log_end()
        assert ledger.progress(program_id) is not None
        assert told == [
            f"catching up the view progress ({end} events behind, up to event {end}) before "
            "answering; `umkm-ledger project` does it ahead of the first query"
        ]
        for serial in range(16, 31):
            register(ledger, serial)
        ledger.progress(program_id)
        ledger.timeline(register(ledger, 31))
        assert len(told) == 1  # once per open ledger


def test_a_query_close_behind_says_nothing(ledger_url: str) -> None:
    told: list[str] = []
    with Ledger.open(ledger_url, notices=told.append) as ledger:
        ledger._views().long_catch_up = 20
        program_id = program(ledger)
        ledger.catch_up()
        for serial in range(1, 6):
            register(ledger, serial)
        ledger.progress(program_id)
    assert told == []


def test_by_default_the_notice_is_one_line_on_stderr(
    ledger_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger._views().long_catch_up = 5
        program_id = program(ledger)
        for serial in range(1, 4):
            register(ledger, serial)
        ledger.progress(program_id)
        ledger.progress(program_id)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("umkm_ledger: catching up the view progress (")


def test_notices_are_true_false_or_a_callable(ledger_url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        Ledger.open(ledger_url, notices="stderr")  # type: ignore[arg-type]
    assert refused.value.field == "notices"


def test_catch_up_reports_positions_up_to_the_end_and_views_say_where_they_are(
    ledger: Ledger,
) -> None:
    program(ledger)
    fill(ledger, 40)
    end = ledger.log_end()
    assert set(ledger.view_positions()) == set(ledger.view_names())
    assert all(position < end for position in ledger.view_positions().values())
    seen: dict[str, list[int]] = {}

    def note(view: str, position: int, _end: int) -> None:
        seen.setdefault(view, []).append(position)

    reached = ledger.catch_up(on_page=note)
    assert reached == end
    assert set(seen) == set(ledger.view_names())
    assert all(positions[-1] == end for positions in seen.values())
    assert ledger.view_positions() == dict.fromkeys(ledger.view_names(), end)

    rebuilt: list[tuple[int, int]] = []
    ledger.rebuild("timeline", on_page=lambda _view, at, last: rebuilt.append((at, last)))
    assert rebuilt[-1] == (end, end)


def test_verify_reports_its_progress(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_module, "PROGRESS_EVERY", 25)
    fill(ledger, 40)  # 80 events
    end = ledger.log_end()
    seen: list[tuple[int, int]] = []
    assert ledger.verify(on_progress=lambda position, last: seen.append((position, last))).ok
    assert [position for position, _ in seen] == sorted(position for position, _ in seen)
    assert len(seen) == 80 // 25 + 1
    assert seen[-1] == (end, end)
    assert all(last == end for _, last in seen)
