"""The Merkle tree of Certificate Transparency v2 (RFC 9162, section 2.1), in pure Python.

The ledger's audit trail is an append-only log whose entries are the leaves of a binary Merkle
hash tree, as in RFC 9162 (which obsoletes RFC 6962 and keeps its tree, so the classic CT test
vectors hold). Hashes are SHA-256 and are passed around as 32-byte ``bytes``:

* :func:`leaf_hash` and :func:`node_hash` are the domain-separated hashes of section 2.1.1:
  ``SHA-256(0x00 || data)`` for a leaf, ``SHA-256(0x01 || left || right)`` for an inner node,
  so that no leaf can pass for an inner node and vice versa.
* :func:`root` is the Merkle Tree Hash ``MTH(D[n])`` of section 2.1.1, computed over leaf
  hashes (not raw entries); :data:`EMPTY_ROOT` is ``MTH({})``, the SHA-256 of no bytes.
* :func:`inclusion_proof` is ``PATH(m, D[n])`` of section 2.1.3.1, and
  :func:`verify_inclusion` is the verification algorithm of section 2.1.3.2: it proves that a
  leaf hash sits at a given index of the tree with a given root.
* :func:`consistency_proof` is ``PROOF(m, D[n])`` of section 2.1.4.1, and
  :func:`verify_consistency` is the verification algorithm of section 2.1.4.2: it proves that
  the tree of an older root is a prefix of the tree of a newer one (the log only grew).

The producers (:func:`root`, the ``*_proof`` functions) raise :class:`ValueError` for
arguments that make no sense (an index outside the tree, sizes out of order, a leaf hash that
is not 32 bytes). The verifiers never raise: anything that does not prove what is claimed,
including malformed input, makes them return ``False``.

RFC 9162 defines consistency proofs only for ``0 < m < n``; the trivial cases are settled
here as follows. Equal sizes are consistent exactly when the proof is empty and the roots are
equal. An empty old tree is consistent with any newer tree, with an empty proof, provided the
old root really is :data:`EMPTY_ROOT`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
"""Length in bytes of every hash here (SHA-256)."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_sha256 = hashlib.sha256
_NODE_HASHER = _sha256(_NODE_PREFIX)

EMPTY_ROOT: bytes = _sha256(b"").digest()
"""``MTH({})``: the root of the tree with no leaves, the SHA-256 of the empty string."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf entry: ``SHA-256(0x00 || data)`` (RFC 9162, 2.1.1)."""
    return _sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: ``SHA-256(0x01 || left || right)`` (RFC 9162, 2.1.1)."""
    return _sha256(_NODE_PREFIX + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """``MTH(D[n])`` (RFC 9162, 2.1.1) of the tree whose leaves have these hashes.

    Computed level by level, bottom up: pairs of adjacent nodes are hashed together and an
    unpaired last node moves up a level unchanged, which gives exactly the RFC's recursive
    split at the largest power of two below ``n``. Memory is O(n), recursion none.
    """
    _check_leaf_hashes(leaf_hashes)
    return _subtree_root(leaf_hashes, 0, len(leaf_hashes))


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """``PATH(index, D[n])`` (RFC 9162, 2.1.3.1), where ``n = len(leaf_hashes)``.

    The hashes of the sibling subtrees on the way from the leaf up to the root, the leaf's
    own sibling first.

    Raises:
        ValueError: ``index`` is not in ``range(n)``, or a leaf hash is not 32 bytes.
    """
    size = len(leaf_hashes)
    if not 0 <= index < size:
        raise ValueError(
            f"leaf index {index} is outside a tree of {size} leaves (valid: 0 <= index < {size})"
        )
    _check_leaf_hashes(leaf_hashes)
    # The RFC's recursion, unrolled top down: at each level keep the half holding the leaf and
    # record the root of the other half. The recursion appends those on the way back up, so
    # the top-down list comes out reversed.
    top_down: list[bytes] = []
    low, high = 0, size
    while high - low > 1:
        split = low + _largest_power_of_two_below(high - low)
        if index < split:
            top_down.append(_subtree_root(leaf_hashes, split, high))
            high = split
        else:
            top_down.append(_subtree_root(leaf_hashes, low, split))
            low = split
    top_down.reverse()
    return top_down


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """Whether ``proof`` shows the leaf hash ``leaf`` at ``index`` in the tree of ``size``
    leaves whose root is ``root_hash``: the algorithm of RFC 9162, 2.1.3.2.

    Never raises: malformed arguments (sizes, hashes that are not 32 bytes) are a proof that
    does not verify.
    """
    if not (_is_hash(leaf) and _is_hash(root_hash) and all(_is_hash(p) for p in proof)):
        return False
    # 1. If leaf_index is greater than or equal to tree_size, fail.
    if index < 0 or index >= size:
        return False
    # 2. Set fn to leaf_index and sn to tree_size - 1.
    fn, sn = index, size - 1
    # 3. Set r to hash.
    r = leaf
    # 4. For each value p in the inclusion_path array:
    for p in proof:
        # a. If sn is 0, stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # 1. Set r to HASH(0x01 || p || r).
            r = node_hash(p, r)
            # 2. If LSB(fn) is not set, right-shift both fn and sn equally until either
            #    LSB(fn) is set or fn is 0.
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: set r to HASH(0x01 || r || p).
            r = node_hash(r, p)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. Compare sn to 0 and r against the root_hash.
    return sn == 0 and r == root_hash


def consistency_proof(old_size: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """``PROOF(old_size, D[n])`` (RFC 9162, 2.1.4.1), where ``n = len(leaf_hashes)``.

    Empty when ``old_size`` is 0 or ``n``: there is nothing to prove.

    Raises:
        ValueError: ``old_size`` is not in ``range(n + 1)``, or a leaf hash is not 32 bytes.
    """
    size = len(leaf_hashes)
    if not 0 <= old_size <= size:
        raise ValueError(f"old tree size {old_size} is not between 0 and the new tree size {size}")
    _check_leaf_hashes(leaf_hashes)
    if old_size in (0, size):
        return []
    # SUBPROOF(m, D[n], b) of the RFC, unrolled top down. ``m`` is relative to ``low``; ``whole``
    # is the flag ``b``: whether D[low:high] is still the whole old tree (whose root the
    # verifier already has). The recursion appends the other half's root on the way back up,
    # so those come out reversed, after the base case's hash.
    top_down: list[bytes] = []
    low, high, m, whole = 0, size, old_size, True
    while m != high - low:
        k = _largest_power_of_two_below(high - low)
        if m <= k:
            # SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
            top_down.append(_subtree_root(leaf_hashes, low + k, high))
            high = low + k
        else:
            # SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
            top_down.append(_subtree_root(leaf_hashes, low, low + k))
            low += k
            m -= k
            whole = False
    # SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}.
    proof = [] if whole else [_subtree_root(leaf_hashes, low, high)]
    proof.extend(reversed(top_down))
    return proof


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows that the tree of ``old_size`` leaves with root ``old_root`` is
    a prefix of the tree of ``new_size`` leaves with root ``new_root``: the algorithm of RFC
    9162, 2.1.4.2, for ``0 < old_size < new_size``.

    The trivial cases, which the RFC leaves out: equal sizes verify exactly when the proof is
    empty and the roots are equal; an empty old tree verifies exactly when the proof is empty
    and ``old_root`` is :data:`EMPTY_ROOT`.

    Never raises: malformed arguments (negative or out-of-order sizes, hashes that are not 32
    bytes) are a proof that does not verify.
    """
    if not (_is_hash(old_root) and _is_hash(new_root) and all(_is_hash(c) for c in proof)):
        return False
    if old_size < 0 or old_size > new_size:
        return False
    if old_size == 0 and old_root != EMPTY_ROOT:
        return False
    if old_size == new_size:
        return len(proof) == 0 and old_root == new_root
    if old_size == 0:
        return len(proof) == 0

    first, second = old_size, new_size
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if len(proof) == 0:
        return False
    # 2. If first is an exact power of 2, then prepend first_hash to the consistency_path.
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, old_root)
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in path[1:]:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # 1. Set fr to HASH(0x01 || c || fr).  2. Set sr to HASH(0x01 || c || sr).
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            # 3. If LSB(fn) is not set, right-shift both fn and sn equally until either
            #    LSB(fn) is set or fn is 0.
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            # Otherwise: set sr to HASH(0x01 || sr || c).
            sr = node_hash(sr, c)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. Verify fr == first_hash, sr == second_hash, and sn == 0.
    return fr == old_root and sr == new_root and sn == 0


# ---------------------------------------------------------------------------- helpers


def _subtree_root(leaf_hashes: Sequence[bytes], low: int, high: int) -> bytes:
    """``MTH(D[low:high])``, level by level (see :func:`root`)."""
    if high <= low:
        return EMPTY_ROOT
    level = list(leaf_hashes[low:high])
    node_prefix = _NODE_HASHER.copy
    while len(level) > 1:
        # node_hash() inlined: copying a hasher already fed 0x01 is the fastest way to it.
        paired: list[bytes] = []
        keep = paired.append
        for left, right in zip(level[0::2], level[1::2], strict=False):
            hasher = node_prefix()
            hasher.update(left)
            hasher.update(right)
            keep(hasher.digest())
        if len(level) % 2:
            keep(level[-1])
        level = paired
    return level[0]


def _largest_power_of_two_below(n: int) -> int:
    """The largest power of two strictly less than ``n`` (``n > 1``): the RFC's ``k``."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _check_leaf_hashes(leaf_hashes: Sequence[bytes]) -> None:
    if not leaf_hashes or (
        set(map(type, leaf_hashes)) == {bytes} and set(map(len, leaf_hashes)) == {HASH_SIZE}
    ):
        return
    for position, value in enumerate(leaf_hashes):
        if not _is_hash(value):
            got = f"{len(value)} bytes" if isinstance(value, bytes) else f"a {type(value).__name__}"
            raise ValueError(
                f"leaf hash {position} is not a {HASH_SIZE}-byte SHA-256 hash but {got}; "
                "hash leaf data with leaf_hash() first"
            )
