"""The progress line of long work: count, rate and time left, quiet in logs for quick work."""

from __future__ import annotations

import io

from umkm_ledger.platform.progress import ProgressBar


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_every_ten_seconds_with_rate_and_time_left() -> None:
    clock, log = Clock(), io.StringIO()
    with ProgressBar("catching up", 1_000_000, stream=log, clock=clock) as bar:
        for second in range(1, 31):
            clock.now += 1
            bar.update(20_000 * second)
    lines = log.getvalue().splitlines()
    assert lines[0] == (
        "catching up: 40,000 of 1,000,000 events (4%), 20,000 events/s, about 0:00:48 left"
    )
    assert lines[1].startswith("catching up: 240,000 of 1,000,000 events (24%)")
    assert len(lines) == 4  # at 2 s, 12 s, 22 s, and the last line
    assert lines[-1] == (
        "catching up: 600,000 of 1,000,000 events (60%), 20,000 events/s, about 0:00:20 left"
    )


def test_quick_work_leaves_no_trace_in_a_log() -> None:
    clock, log = Clock(), io.StringIO()
    with ProgressBar("verifying", 500, stream=log, clock=clock) as bar:
        clock.now += 0.5
        bar.update(500)
    assert log.getvalue() == ""


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_with_the_time_taken() -> None:
    clock, terminal = Clock(), Terminal()
    with ProgressBar("rebuilding timeline", 200, start=50, stream=terminal, clock=clock) as bar:
        clock.now += 1
        bar.update(100)
        bar.update(90)  # going back is ignored
        clock.now += 1
        bar.update(200)
    shown = terminal.getvalue()
    assert shown.startswith("\r\x1b[K[" + "#" * 12 + "-" * 12 + "] rebuilding timeline: 100 of")
    assert "50 events/s" in shown  # from where it started, not from zero
    assert shown.endswith("(100%), 75 events/s, done in 0:00:02\n")
    assert shown.count("\n") == 1


def test_the_rate_is_not_known_before_any_work_is_done() -> None:
    clock = Clock()
    bar = ProgressBar("catching up", 10, stream=io.StringIO(), clock=clock)
    assert bar.rate == 0.0
    assert bar.line().endswith("0 events/s, time left not known yet")
