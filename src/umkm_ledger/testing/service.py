"""``umkm-ledger serve`` in another process, on a free loopback port: for tests, the
benchmarks and anyone trying the HTTP service from a script."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["free_port", "served"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def served(
    url: str, *, workers: int = 1, log: Path | None = None, timeout: float = 60
) -> Iterator[str]:
    """Serve the ledger at ``url`` until the block ends; its base URL
    (``http://127.0.0.1:PORT``). ``log``: where the service's output goes."""
    port = free_port()
    with contextlib.ExitStack() as stack:
        out: IO[bytes] | int = stack.enter_context(open(log, "wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            [sys.executable, "-m", "umkm_ledger.cli", "--db", url, "serve", "--port", str(port),
             "--workers", str(workers)],
            stdout=out, stderr=out, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while not _answers(base):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"umkm-ledger serve did not start (exit {process.poll()})")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
