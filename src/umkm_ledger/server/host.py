"""The open ledger a service process serves, and the one lock its requests take turns
under.

One :class:`~umkm_ledger.Ledger` per process, used by one request at a time: the ledger's
views and caches are not shared between threads, and SQLite writes one at a time anyway.
More throughput on PostgreSQL comes from more processes (``serve --workers N``), each
with its own ledger; the ledger's optimistic concurrency and read checks keep the rules
(an allocation never over-committed) across them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from umkm_ledger.kernel.errors import N_, StorageBusy, StorageFault
from umkm_ledger.ledger import Ledger

__all__ = ["LedgerHost"]

T = TypeVar("T")


class LedgerHost:
    """A ledger opened once for the life of the service, and its lock."""

    def __init__(self, url: str, *, secret_file: str | None = None) -> None:
        self.url = url
        self._secret_file = secret_file
        self._ledger: Ledger | None = None
        self._lock = threading.Lock()
        # One long read at a time per process: a second is asked to come back later.
        self._aside = threading.BoundedSemaphore(1)
        self._closed = False

    def _open(self, *, create: bool = True) -> Ledger:
        if self._closed:
            raise StorageFault("unreachable", N_("the service is shutting down"))
        return Ledger.open(
            self.url, actor="service@system", secret_file=self._secret_file, notices=False,
            create=create,
        )  # fmt: skip

    def call(self, work: Callable[[Ledger], T]) -> T:
        """Run ``work`` on the ledger, alone (opened on first use)."""
        with self._lock:
            if self._ledger is None:
                self._ledger = self._open()
            return work(self._ledger)

    def aside(self, work: Callable[[Ledger], T]) -> T:
        """Run ``work`` on a ledger opened for it alone, beside the shared one: for long
        reads (a whole verification) that must not hold every other request up. One at a
        time: another meanwhile is refused as busy (:class:`StorageBusy`: 503, retry)."""
        if not self._aside.acquire(blocking=False):
            raise StorageBusy("busy", N_("another long read is running here; try again later"))
        try:
            ledger = self._open(create=False)
            try:
                return work(ledger)
            finally:
                ledger.close()
        finally:
            self._aside.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None
