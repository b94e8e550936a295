"""The tree's root computed on another core while a verification scans the log.

Hashing the tree's inner nodes is about a sixth of a verification, and on a machine with
two cores the second one is idle while the first reads and hashes the log. So the leaf
hashes go, a page at a time, through a pipe to a small child process
(:mod:`umkm_ledger.audit.tree_builder`, run as a script: only the standard library, no
ledger import, starts in milliseconds) that folds them as they come, and the root is read
back at the end. Where no child can be started (no interpreter to run, a sandbox without
processes) or it fails, the root is computed here from the hashes, as before: the answer
is the same either way, only the time differs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from umkm_ledger.audit import merkle, tree_builder

__all__ = ["ParallelRoot"]

_SCRIPT = Path(tree_builder.__file__)
#: Fewer leaves than this are folded here: starting a process would cost more.
MIN_LEAVES = 50_000
# Seconds the child may take past the scan's end (it folds as the scan goes: milliseconds).
_PATIENCE = 120


def _is_python(executable: str) -> bool:
    """Whether the running program is a Python interpreter (embedded ones, a uWSGI worker,
    are not: their ``sys.executable`` would not run the script)."""
    return Path(executable).name.lower().startswith(("python", "pypy"))


# Linux's fcntl to set a pipe's size: a wider pipe takes a page of hashes in one write.
_SET_PIPE_SIZE = 1031


def _widen(child: subprocess.Popen[bytes]) -> None:
    """Let the pipe to the child hold a few pages of hashes (Linux; elsewhere as it is)."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only

        assert child.stdin is not None
        fcntl.fcntl(child.stdin.fileno(), _SET_PIPE_SIZE, 1 << 20)
    except (ImportError, OSError, AssertionError):
        pass


class ParallelRoot:
    """Feed it leaf hashes (:meth:`add`, in log order); :meth:`root` of all of them."""

    def __init__(self, expected: int) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        if expected >= MIN_LEAVES and (os.cpu_count() or 1) > 1 and _is_python(sys.executable):
            try:
                self._child = subprocess.Popen(
                    [sys.executable, "-I", "-S", str(_SCRIPT)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            except OSError:
                self._child = None
            else:
                _widen(self._child)

    def add(self, hashes: Sequence[bytes]) -> None:
        child = self._child
        if child is None or child.stdin is None or not hashes:
            return
        try:
            child.stdin.write(b"".join(hashes))
        except OSError:  # the child is gone: the root is made here at the end
            self._stop()

    def root(self, hashes: Sequence[bytes]) -> bytes:
        """The root of every hash added, which must be ``hashes`` (used if the child
        failed)."""
        child, self._child = self._child, None
        if child is not None:
            try:
                answer, _ = child.communicate(timeout=_PATIENCE)
                if child.returncode == 0 and len(answer) == merkle.HASH_SIZE:
                    return answer
            except (OSError, ValueError, subprocess.TimeoutExpired):
                child.kill()
                child.wait()
        return merkle.root(hashes)

    def _stop(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.kill()
            child.wait()

    def __del__(self) -> None:
        self._stop()
