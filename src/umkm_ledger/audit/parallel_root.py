"""The tree's root computed on another core while a verification scans the log.

Hashing the tree's inner nodes is about a sixth of a verification, and on a machine with
two cores the second one is idle while the first reads and hashes the log. So the leaf
hashes go, a page at a time, through a pipe to a small child process
(:mod:`umkm_ledger.audit.tree_builder`, run as a script: only the standard library, no
ledger import, starts in milliseconds) that folds them as they come, and the root is read
back at the end. A thread here does the writing, so a child that stops reading holds the
scan up for at most :data:`PATIENCE` seconds: then it is killed. Where no child can be
started (one core, no interpreter to run, a sandbox without processes) or it fails, the
root is computed here from the hashes: the answer is the same either way, only the time
differs.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from umkm_ledger.audit import merkle, tree_builder

__all__ = ["MIN_LEAVES", "PATIENCE", "ParallelRoot"]

_SCRIPT = Path(tree_builder.__file__)
#: Fewer leaves than this are folded here: starting a process would cost more.
MIN_LEAVES = 50_000
#: Seconds the child may keep a page waiting, or take past the scan's end.
PATIENCE = 120.0
# Pages of hashes waiting for the writer thread (a few megabytes at the most).
_WAITING = 8


def _is_python(executable: str | None) -> bool:
    """Whether the running program is a Python interpreter (embedded ones, a uWSGI worker,
    are not: their ``sys.executable`` would not run the script)."""
    return Path(executable or "").name.lower().startswith(("python", "pypy"))


def _cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _widen(child: subprocess.Popen[bytes]) -> None:
    """Let the pipe to the child hold a few pages of hashes (Linux; elsewhere as it is)."""
    if not sys.platform.startswith("linux") or child.stdin is None:
        return
    try:
        import fcntl  # noqa: PLC0415 - POSIX only

        fcntl.fcntl(child.stdin.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:
        pass


class ParallelRoot:
    """Feed it leaf hashes (:meth:`add`, in log order); :meth:`root` of all of them.
    Use it in a ``with`` block: leaving it early stops the child."""

    def __init__(self, expected: int) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._pages: queue.Queue[bytes | None] = queue.Queue(_WAITING)
        self._writer: threading.Thread | None = None
        if expected < MIN_LEAVES or _cores() < 2 or not _is_python(sys.executable):
            return
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-S", str(_SCRIPT)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except (OSError, ValueError):
            return
        _widen(self._child)
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._writer.start()

    def _write(self) -> None:
        child = self._child
        assert child is not None
        assert child.stdin is not None
        try:
            while (page := self._pages.get()) is not None:
                child.stdin.write(page)
            child.stdin.close()
        except (OSError, ValueError):  # the child is gone: the root is made here at the end
            pass

    def add(self, hashes: Sequence[bytes]) -> None:
        if self._child is None or not hashes:
            return
        try:
            self._pages.put(b"".join(hashes), timeout=PATIENCE)
        except queue.Full:  # the child stopped reading: fold here instead
            self.close()

    def root(self, hashes: Sequence[bytes]) -> bytes:
        """The root of every hash added, which must be ``hashes`` (used if the child
        failed)."""
        child, writer = self._child, self._writer
        if child is not None and writer is not None:
            try:
                self._pages.put(None, timeout=PATIENCE)
                writer.join(timeout=PATIENCE)
                answer = child.stdout.read() if child.stdout is not None else b""
                child.wait(timeout=PATIENCE)
                if child.returncode == 0 and len(answer) == merkle.HASH_SIZE:
                    self._child = None
                    return answer
            except (OSError, ValueError, queue.Full, subprocess.TimeoutExpired):
                pass
        self.close()
        return merkle.root(hashes)

    def close(self) -> None:
        """Stop the child (if it is still there); the root is then folded here."""
        child, self._child = self._child, None
        if child is not None:
            child.kill()
            child.wait()
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()

    def __enter__(self) -> ParallelRoot:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
