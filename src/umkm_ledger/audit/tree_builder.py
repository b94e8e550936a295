"""The Merkle Tree Hash (RFC 9162, 2.1.1) of leaf hashes that arrive one page at a time.

A compact range: for each complete subtree on the right edge of the tree so far, its
size and root. A new leaf merges with the last subtree while they are the same size; at
the end the subtrees fold from the right, which is the RFC's split at the largest power of
two below ``n``. The same ``n - 1`` inner hashes as :func:`umkm_ledger.audit.merkle.root`,
with memory O(log n).

This file imports nothing but the standard library, so that it also runs on its own as a
child process (``python -I -S tree_builder.py``): leaf hashes in on stdin, 32 bytes each,
the root out on stdout. :mod:`umkm_ledger.audit.parallel_root` runs it there, on the
machine's other core, while the verification reads and hashes the log.
"""

from __future__ import annotations

import hashlib
import os
import queue
import sys
import threading

__all__ = ["TreeBuilder"]

_SIZE = 32
_EMPTY = hashlib.sha256(b"").digest()
_NODE = hashlib.sha256(b"\x01")


class TreeBuilder:
    """Leaf hashes in (:meth:`add`), the tree's root out (:meth:`root`)."""

    def __init__(self) -> None:
        self._sizes: list[int] = []
        self._roots: list[bytes] = []
        self.leaves = 0

    def add(self, hashes: bytes) -> None:
        """Add leaf hashes given as one run of 32-byte hashes, in log order."""
        if len(hashes) % _SIZE:
            raise ValueError("leaf hashes come in 32 bytes each")
        sizes, roots, node = self._sizes, self._roots, _NODE.copy
        for start in range(0, len(hashes), _SIZE):
            merged, size = hashes[start : start + _SIZE], 1
            while sizes and sizes[-1] == size:
                hasher = node()
                hasher.update(roots.pop())
                hasher.update(merged)
                merged = hasher.digest()
                sizes.pop()
                size <<= 1
            sizes.append(size)
            roots.append(merged)
        self.leaves += len(hashes) // _SIZE

    def root(self) -> bytes:
        """``MTH`` of every leaf added so far (``SHA-256("")`` for none)."""
        if not self._roots:
            return _EMPTY
        merged = self._roots[-1]
        for left in reversed(self._roots[:-1]):
            hasher = _NODE.copy()
            hasher.update(left)
            hasher.update(merged)
            merged = hasher.digest()
        return merged


def _main() -> None:
    # One thread drains the pipe as fast as the sender writes (a read lets go of the
    # interpreter), so the sender never waits on this process's hashing; this one folds.
    # Bounded: when folding falls behind, the pipe fills and the sender waits, at its end.
    chunks: queue.Queue[bytes] = queue.Queue(16)

    def drain() -> None:
        stdin = sys.stdin.fileno()
        while chunk := os.read(stdin, 1 << 20):
            chunks.put(chunk)
        chunks.put(b"")

    threading.Thread(target=drain, daemon=True).start()
    builder, rest = TreeBuilder(), b""
    while chunk := chunks.get():
        chunk = rest + chunk
        whole = len(chunk) - len(chunk) % _SIZE
        builder.add(chunk[:whole])
        rest = chunk[whole:]
    if rest:
        raise SystemExit("leaf hashes come in 32 bytes each")
    sys.stdout.buffer.write(builder.root())
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _main()
