"""Progress of long work on stderr: a bar with the count, rate and time left, and the one
notice a query gives when it must catch up a long way before it answers.

The ledger's long jobs (catching up views, rebuilding one, verifying the log) take a
callback; :class:`ProgressBar` is the one the command line gives them. Texts are
:class:`~umkm_ledger.kernel.errors.Message` s, so the command line shows them in the
reader's language.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from umkm_ledger.kernel.errors import N_, Message

__all__ = ["LONG_CATCH_UP", "Notice", "ProgressBar", "catch_up_notice", "stderr_notice"]

#: A query that finds a view this many events behind says so before it catches up
#: (at the read rates measured in bench/, about two seconds or more).
LONG_CATCH_UP = 50_000

#: Where a ledger's notices go: the text (English, with its template for translation).
Notice = Callable[[Message], object]

# On a terminal the bar is redrawn in place at most this often. Into a file or a CI log
# a line is written at most every _LOG_EVERY seconds, so logs stay short, and only for
# work that took longer than _LOG_AFTER seconds (a quick job leaves no trace).
_REDRAW_EVERY = 0.1
_LOG_EVERY = 10.0
_LOG_AFTER = 2.0
_WIDTH = 24


def stderr_notice(message: Message) -> None:
    """The ledger's default notice: one line on stderr."""
    print(f"umkm_ledger: {message}", file=sys.stderr, flush=True)


def catch_up_notice(view: str, position: int, end: int) -> Message:
    """What a query says when it must first bring a view from ``position`` to ``end``."""
    return N_(
        "catching up the view {view} ({behind} events behind, up to event {end}) before "
        "answering; `umkm-ledger project` does it ahead of the first query",
        view=view,
        behind=end - position,
        end=end,
    )


def _duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class ProgressBar:
    """One line of progress on ``stream`` (default stderr) for work from ``start`` to
    ``total``: the label, a bar (on a terminal), the count, the rate and the time left.
    On a terminal it is redrawn in place; elsewhere (a log) it is a line every ten
    seconds, for work that takes more than two.

    ``say`` turns each line's :class:`Message` into text (the command line translates
    it); ``clock`` is for tests. Use it as a context manager, calling :meth:`update` with
    the count done so far (a count that goes back is ignored)."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        start: int = 0,
        unit: str = "events",
        stream: TextIO | None = None,
        say: Callable[[Message], str] = str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = max(total, 0)
        self.start = min(max(start, 0), self.total)
        self.done = self.start
        self.unit = unit
        self._stream = stream if stream is not None else sys.stderr
        self._say = say
        self._clock = clock
        self._began = clock()
        self._shown_at: float | None = None
        self._terminal = bool(getattr(self._stream, "isatty", lambda: False)())
        self._finished = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.finish()

    @property
    def rate(self) -> float:
        """Units done per second since the bar began (0 until some are done)."""
        elapsed = self._clock() - self._began
        return (self.done - self.start) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The progress as one line of text, as it would be shown now."""
        percent = 100.0 if self.total == 0 else 100.0 * self.done / self.total
        rate = self.rate
        if self.done >= self.total:
            left = N_("done in {elapsed}", elapsed=_duration(self._clock() - self._began))
        elif rate > 0:
            left = N_("about {left} left", left=_duration((self.total - self.done) / rate))
        else:
            left = N_("time left not known yet")
        said = self._say(
            N_(
                "{label}: {done} of {total} {unit} ({percent}%), {rate} {unit}/s, {left}",
                label=self.label,
                done=f"{self.done:,}",
                total=f"{self.total:,}",
                unit=self.unit,
                percent=f"{percent:.0f}",
                rate=f"{rate:,.0f}",
                left=left,
            )
        )
        if not self._terminal:
            return said
        filled = _WIDTH if self.total == 0 else _WIDTH * self.done // self.total
        return f"[{'#' * filled}{'-' * (_WIDTH - filled)}] {said}"

    def update(self, done: int, *, total: int | None = None) -> None:
        """Note that ``done`` of the total are done (shown if it is time to); ``total``:
        the total, learnt only once the work began."""
        if total is not None and total > self.total:
            self.total = total
        if done <= self.done or self._finished:
            return
        self.done = min(done, self.total)
        now = self._clock()
        if self._terminal:
            due = self._shown_at is None or now - self._shown_at >= _REDRAW_EVERY
        elif self._shown_at is None:
            due = now - self._began >= _LOG_AFTER
        else:
            due = now - self._shown_at >= _LOG_EVERY
        if due:
            self._show(now)

    def finish(self) -> None:
        """Show the last line (once; not in a log for work too quick to have shown any)."""
        if self._finished:
            return
        self._finished = True
        if self._terminal or self._shown_at is not None:
            self._show(self._clock(), last=True)

    def _show(self, now: float, *, last: bool = False) -> None:
        self._shown_at = now
        if self._terminal:
            self._stream.write("\r\x1b[K" + self.line() + ("\n" if last else ""))
        else:
            self._stream.write(self.line() + "\n")
        self._stream.flush()
