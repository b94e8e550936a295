"""Commands sent at the same moment from several processes, each with its own ledger.

Threads share one interpreter (and one lock on SQLite connections); the write skew that
concurrency tests look for shows between processes, as between the PHP workers of a
district's web application. A :class:`Crowd` starts worker processes once (importing
the ledger takes a second) and runs rounds of actions: each worker takes one action,
they all wait at a barrier, then all run at once.

Actions are module-level functions ``action(ledger, *args)`` so they can be sent to
another process; what they return must be picklable. A refusal comes back as the name
of its error class and its message (ledger errors do not all survive pickling).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.context import SpawnProcess
from multiprocessing.queues import Queue
from types import TracebackType
from typing import Any

import attrs

from umkm_ledger import Ledger, UmkmLedgerError

__all__ = ["Action", "Crowd", "Outcome"]

Action = tuple[Callable[..., object], tuple[Any, ...]]


@attrs.frozen
class Outcome:
    """What one action of a round did: its result, or the error it was refused with."""

    result: object = None
    error: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def _work(
    url: str,
    tasks: Queue[Action | None],
    outcomes: Queue[tuple[int, Outcome]],
    barrier: multiprocessing.synchronize.Barrier,
    number: int,
) -> None:
    with Ledger.open(url, actor="worker@officer") as ledger:
        while (task := tasks.get()) is not None:
            action, args = task
            barrier.wait(timeout=60)
            try:
                outcome = Outcome(result=action(ledger, *args))
            except UmkmLedgerError as error:
                outcome = Outcome(error=type(error).__name__, message=str(error))
            except Exception as error:  # reported to the test, which fails on it
                outcome = Outcome(error=type(error).__name__, message=traceback.format_exc())
            outcomes.put((number, outcome))


class Crowd:
    """``size`` worker processes on the ledger at ``url``."""

    def __init__(self, url: str, size: int) -> None:
        self.size = size
        context = multiprocessing.get_context("spawn")
        self._barrier = context.Barrier(size)
        self._outcomes: Queue[tuple[int, Outcome]] = context.Queue()
        self._tasks: list[Queue[Action | None]] = [context.Queue() for _ in range(size)]
        self._workers: list[SpawnProcess] = [
            context.Process(target=_work, args=(url, tasks, self._outcomes, self._barrier, number))
            for number, tasks in enumerate(self._tasks)
        ]

    def __enter__(self) -> Crowd:
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for tasks in self._tasks:
            tasks.put(None)
        for worker in self._workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()

    def run(self, actions: Sequence[Action]) -> list[Outcome]:
        """Run one action per worker, all at once; their outcomes in the actions' order."""
        assert len(actions) == self.size, f"a round needs {self.size} actions"
        for tasks, action in zip(self._tasks, actions, strict=True):
            tasks.put(action)
        outcomes: dict[int, Outcome] = {}
        for _ in actions:
            number, outcome = self._outcomes.get(timeout=180)
            outcomes[number] = outcome
        crashed = [o.message for o in outcomes.values() if o.error and "Traceback" in o.message]
        assert not crashed, "a worker crashed:\n" + "\n".join(crashed)
        return [outcomes[number] for number in range(self.size)]
