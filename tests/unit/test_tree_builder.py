"""The tree's root made a page at a time (in a child process, or here when none can be
started) is the Merkle Tree Hash of RFC 9162, the same as the level-by-level one."""

from __future__ import annotations

import hashlib
import itertools
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umkm_ledger.audit import merkle, parallel_root
from umkm_ledger.audit.parallel_root import ParallelRoot
from umkm_ledger.audit.tree_builder import TreeBuilder


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 700), cuts=st.lists(st.integers(0, 700), max_size=5))
def test_a_page_at_a_time_gives_the_rfc_root(n: int, cuts: list[int]) -> None:
    leaves = _leaves(n)
    builder = TreeBuilder()
    bounds = sorted({0, n, *(c for c in cuts if c <= n)})
    for low, high in itertools.pairwise(bounds):
        builder.add(b"".join(leaves[low:high]))
    assert builder.root() == merkle.root(leaves)
    assert builder.leaves == n


def test_the_rfc_6962_test_vectors_hold() -> None:
    # The eight-leaf tree of the Certificate Transparency test vectors.
    inputs = [b"", b"\x00", b"\x10", b" !", b"01", b"@ABC", b"PQRSTUVW", b"`abcdefghijklmno"]
    builder = TreeBuilder()
    builder.add(b"".join(merkle.leaf_hash(i) for i in inputs))
    expected = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    assert builder.root().hex() == expected
    assert TreeBuilder().root() == hashlib.sha256(b"").digest()


def test_hashes_of_the_wrong_size_are_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        TreeBuilder().add(b"\x00" * 33)


@pytest.mark.parametrize("n", [parallel_root.MIN_LEAVES, parallel_root.MIN_LEAVES + 3])
def test_the_child_process_gives_the_same_root(n: int) -> None:
    leaves = _leaves(n)
    tree = ParallelRoot(expected=n)
    for low in range(0, n, 7000):
        tree.add(leaves[low : low + 7000])
    assert tree.root(leaves) == merkle.root(leaves)


def test_without_a_child_the_root_is_made_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/no/such/python")
    leaves = _leaves(parallel_root.MIN_LEAVES)
    tree = ParallelRoot(expected=len(leaves))
    tree.add(leaves)
    assert tree.root(leaves) == merkle.root(leaves)


def test_a_child_that_fails_is_not_believed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    # A "child" that answers garbage: the root is computed here instead.
    monkeypatch.setattr(parallel_root, "_SCRIPT", Path(__file__).with_name("no_such.py"))
    leaves = _leaves(parallel_root.MIN_LEAVES)
    tree = ParallelRoot(expected=len(leaves))
    tree.add(leaves)
    assert tree.root(leaves) == merkle.root(leaves)


def test_a_child_that_stops_reading_holds_the_scan_up_only_so_long(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stuck = tmp_path / "stuck.py"
    stuck.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(parallel_root, "_SCRIPT", stuck)
    monkeypatch.setattr(parallel_root, "PATIENCE", 0.5)
    leaves = _leaves(parallel_root.MIN_LEAVES)
    started = time.monotonic()
    with ParallelRoot(expected=len(leaves)) as tree:
        for _ in range(40):  # more than the pipe and the queue hold
            tree.add(leaves)
        assert tree.root(leaves) == merkle.root(leaves)
    assert time.monotonic() - started < 30
