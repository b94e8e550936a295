"""The RFC 9162 Merkle tree (umkm_ledger.audit.merkle): published test vectors, edge cases,
and properties against a naive transcription of the RFC's recursive definitions.

The vectors are the classic Certificate Transparency ones, as published in
transparency-dev/merkle, ``proof/verify_test.go`` (the same values are in
google/certificate-transparency's tests): the tree over the 8 leaf inputs below, its roots
for sizes 1..8, and inclusion and consistency proofs in it. There the inclusion vectors give
1-based leaf numbers; here they are converted to 0-based indices.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from umkm_ledger.audit.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# ---------------------------------------------------------------------------- vectors

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
LEAVES = [leaf_hash(data) for data in LEAF_INPUTS]

# ROOTS[n] is MTH of the first n leaves.
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]


def _hashes(*hexes: str) -> list[bytes]:
    return [bytes.fromhex(h) for h in hexes]


# (index, size, PATH(index, D[size]))
INCLUSION_VECTORS: list[tuple[int, int, list[bytes]]] = [
    (0, 1, []),
    (
        0,
        8,
        _hashes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        5,
        8,
        _hashes(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (2, 3, _hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
    (
        1,
        5,
        _hashes(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
]

# (old_size, new_size, PROOF(old_size, D[new_size]))
CONSISTENCY_VECTORS: list[tuple[int, int, list[bytes]]] = [
    (1, 1, []),
    (
        1,
        8,
        _hashes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        6,
        8,
        _hashes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (
        2,
        5,
        _hashes(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
    (
        6,
        7,
        _hashes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
]

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def _flip(value: bytes, bit: int = 3) -> bytes:
    return bytes([value[0] ^ (1 << bit)]) + value[1:]


def _with_flipped(proof: Sequence[bytes], position: int) -> list[bytes]:
    return [_flip(h) if i == position else h for i, h in enumerate(proof)]


# ---------------------------------------------------------------------------- naive RFC


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _split(n: int) -> int:
    """The RFC's k: the largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_mth(d: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 2.1.1, recursively, over leaf hashes (independent of the module)."""
    n = len(d)
    if n == 0:
        return _sha256(b"")
    if n == 1:
        return d[0]
    k = _split(n)
    return _sha256(b"\x01" + naive_mth(d[:k]) + naive_mth(d[k:]))


def naive_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 2.1.3.1, recursively."""
    n = len(d)
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*naive_path(m, d[:k]), naive_mth(d[k:])]
    return [*naive_path(m - k, d[k:]), naive_mth(d[:k])]


def naive_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 2.1.4.1, recursively."""
    n = len(d)
    if m == n:
        return [] if b else [naive_mth(d)]
    k = _split(n)
    if m <= k:
        return [*naive_subproof(m, d[:k], b), naive_mth(d[k:])]
    return [*naive_subproof(m - k, d[k:], False), naive_mth(d[:k])]


def naive_proof(m: int, d: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 2.1.4.1 (empty for the trivial m == 0 and m == n)."""
    if m in (0, len(d)):
        return []
    return naive_subproof(m, d, True)


# ---------------------------------------------------------------------------- hashes, roots


def test_hash_definitions() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == ROOTS[0]
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    # A one-leaf tree's root is its leaf hash: SHA-256(0x00).
    assert leaf_hash(b"") == ROOTS[1]
    assert node_hash(LEAVES[0], LEAVES[1]) == ROOTS[2]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_root_matches_published_vector(size: int) -> None:
    assert root(LEAVES[:size]) == ROOTS[size]
    assert naive_mth(LEAVES[:size]) == ROOTS[size]


def test_root_accepts_any_sequence() -> None:
    assert root(tuple(LEAVES)) == ROOTS[8]
    assert root([]) == EMPTY_ROOT


def test_root_of_a_large_tree_needs_no_recursion() -> None:
    size = 200_000
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    whole = root(leaves)
    # MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k = 2**17.
    k = 1 << 17
    assert whole == node_hash(root(leaves[:k]), root(leaves[k:]))
    proof = inclusion_proof(size - 1, leaves)
    assert verify_inclusion(size - 1, size, leaves[-1], proof, whole)
    old = 123_457
    assert verify_consistency(old, size, root(leaves[:old]), whole, consistency_proof(old, leaves))


@pytest.mark.parametrize(
    "bad",
    [b"", b"\x00" * 31, b"\x00" * 33, "6e340b9cffb37a989ca544e6bb780a2c"],
    ids=["empty", "31 bytes", "33 bytes", "str"],
)
def test_producers_refuse_what_is_not_a_leaf_hash(bad: object) -> None:
    leaves: list[bytes] = [*LEAVES[:3], bad]  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"leaf hash 3 is not a 32-byte"):
        root(leaves)
    with pytest.raises(ValueError, match=r"leaf hash 3 is not a 32-byte"):
        inclusion_proof(0, leaves)
    with pytest.raises(ValueError, match=r"leaf hash 3 is not a 32-byte"):
        consistency_proof(2, leaves)


# ---------------------------------------------------------------------------- inclusion


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_VECTORS)
def test_inclusion_proof_matches_published_vector(
    index: int, size: int, expected: list[bytes]
) -> None:
    assert inclusion_proof(index, LEAVES[:size]) == expected
    assert verify_inclusion(index, size, LEAVES[index], expected, ROOTS[size])


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_corrupted_inclusion_proofs_do_not_verify(
    index: int, size: int, proof: list[bytes]
) -> None:
    """The probes of transparency-dev/merkle's ``corruptInclusionProof``."""
    good_root, leaf = ROOTS[size], LEAVES[index]
    probes: list[tuple[int, int, bytes, list[bytes], bytes]] = [
        (index - 1, size, leaf, proof, good_root),
        (index + 1, size, leaf, proof, good_root),
        (index ^ 2, size, leaf, proof, good_root),
        (index, size * 2, leaf, proof, good_root),
        (index, size // 2, leaf, proof, good_root),
        (index, size, b"WrongLeaf", proof, good_root),
        (index, size, SOME_HASH, proof, good_root),
        (index, size, leaf, proof, EMPTY_ROOT),
        (index, size, leaf, proof, SOME_HASH),
        (index, size, leaf, [*proof, b""], good_root),
        (index, size, leaf, [*proof, good_root], good_root),
        (index, size, leaf, [b"", *proof], good_root),
        (index, size, leaf, [good_root, *proof], good_root),
    ]
    probes += [(index, size, leaf, _with_flipped(proof, i), good_root) for i in range(len(proof))]
    if proof:
        probes.append((index, size, leaf, proof[:-1], good_root))
    if len(proof) > 1:
        probes.append((index, size, leaf, [proof[0], SOME_HASH, *proof[1:]], good_root))
    for probe in probes:
        assert not verify_inclusion(*probe), probe


@pytest.mark.parametrize(
    ("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1), (-1, 1), (0, -1), (-1, -1)]
)
def test_verify_inclusion_edge_cases_fail(index: int, size: int) -> None:
    """transparency-dev/merkle's ``TestVerifyInclusion`` probes, plus negative numbers."""
    assert not verify_inclusion(index, size, SOME_HASH, [], b"")
    assert not verify_inclusion(index, size, b"", [], EMPTY_ROOT)
    assert not verify_inclusion(index, size, SOME_HASH, [], EMPTY_ROOT)


def test_verify_inclusion_single_entry() -> None:
    """A one-leaf tree: the root is the leaf hash and the proof is empty."""
    hashed = leaf_hash(b"data")
    assert verify_inclusion(0, 1, hashed, [], hashed)
    assert not verify_inclusion(0, 1, b"", [], hashed)
    assert not verify_inclusion(0, 1, hashed, [], b"")
    assert not verify_inclusion(0, 1, b"", [], b"")  # wrong hash size, though equal


def test_verify_inclusion_refuses_hashes_of_the_wrong_length() -> None:
    proof = INCLUSION_VECTORS[1][2]
    assert verify_inclusion(0, 8, LEAVES[0], proof, ROOTS[8])
    assert not verify_inclusion(0, 8, LEAVES[0] + b"\x00", proof, ROOTS[8])
    assert not verify_inclusion(0, 8, LEAVES[0], proof, ROOTS[8][:31])
    assert not verify_inclusion(0, 8, LEAVES[0], [*proof[:2], proof[2] + b"\x00"], ROOTS[8])


def test_inclusion_proof_refuses_an_index_outside_the_tree() -> None:
    for index, size in [(0, 0), (-1, 3), (3, 3), (8, 8)]:
        with pytest.raises(ValueError, match=r"leaf index -?\d+ is outside a tree of \d+"):
            inclusion_proof(index, LEAVES[:size])


# ---------------------------------------------------------------------------- consistency


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY_VECTORS)
def test_consistency_proof_matches_published_vector(
    old: int, new: int, expected: list[bytes]
) -> None:
    assert consistency_proof(old, LEAVES[:new]) == expected
    assert verify_consistency(old, new, ROOTS[old], ROOTS[new], expected)


@pytest.mark.parametrize(("old", "new", "proof"), [v for v in CONSISTENCY_VECTORS if v[2]])
def test_corrupted_consistency_proofs_do_not_verify(old: int, new: int, proof: list[bytes]) -> None:
    """The probes of transparency-dev/merkle's ``corruptConsistencyProof``."""
    root1, root2 = ROOTS[old], ROOTS[new]
    probes: list[tuple[int, int, bytes, bytes, list[bytes]]] = [
        (old - 1, new, root1, root2, proof),
        (old + 1, new, root1, root2, proof),
        (old ^ 2, new, root1, root2, proof),
        (old, new * 2, root1, root2, proof),
        (old, new // 2, root1, root2, proof),
        (old, new, b"WrongRoot", root2, proof),
        (old, new, root1, b"WrongRoot", proof),
        (old, new, SOME_HASH, root2, proof),
        (old, new, root1, SOME_HASH, proof),
        (old, new, root2, root1, proof),
        (old, new, root1, root2, []),
        (old, new, root1, root2, [*proof, b""]),
        (old, new, root1, root2, [*proof, root1]),
        (old, new, root1, root2, [*proof, root2]),
        (old, new, root1, root2, [b"", *proof]),
        (old, new, root1, root2, [root1, *proof]),
        (old, new, root1, root2, [root2, *proof]),
        (old, new, root1, root2, [proof[0], *proof]),
        (old, new, root1, root2, proof[:-1]),
    ]
    probes += [(old, new, root1, root2, _with_flipped(proof, i)) for i in range(len(proof))]
    for probe in probes:
        assert not verify_consistency(*probe), probe


ROOT1 = leaf_hash(b"don't care 1")
ROOT2 = leaf_hash(b"don't care 2")


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof", "verifies"),
    [
        # Equal sizes: consistent exactly when the proof is empty and the roots are equal.
        (1, 1, ROOT2, ROOT2, [], True),
        (5, 5, ROOT1, ROOT1, [], True),
        (1, 1, ROOT1, ROOT2, [], False),
        (1, 1, EMPTY_ROOT, ROOT2, [], False),
        (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (5, 5, ROOT1, ROOT1, [ROOT1], False),
        # The empty tree: consistent with any tree, by an empty proof, if its root is MTH({}).
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
        (0, 1, EMPTY_ROOT, ROOT2, [], True),
        (0, 8, EMPTY_ROOT, ROOTS[8], [], True),
        (0, 0, ROOT1, ROOT1, [], False),
        (0, 1, ROOT1, ROOT2, [], False),
        (0, 0, EMPTY_ROOT, ROOT2, [], False),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (0, 8, EMPTY_ROOT, ROOTS[8], [ROOTS[8]], False),
        # Time travel to the past, and negative sizes.
        (1, 0, ROOT1, ROOT2, [], False),
        (2, 1, ROOT1, ROOT2, [], False),
        (8, 1, ROOTS[8], ROOTS[1], CONSISTENCY_VECTORS[1][2], False),
        (-1, 1, EMPTY_ROOT, ROOT1, [], False),
        (-1, -1, ROOT1, ROOT1, [], False),
        # 0 < old < new needs a proof.
        (1, 2, ROOT1, ROOT2, [], False),
        (1, 2, ROOTS[1], ROOTS[2], [], False),
        # Hashes of the wrong length.
        (1, 1, b"", b"", [], False),
        (1, 1, ROOT1[:31], ROOT1[:31], [], False),
        (0, 0, EMPTY_ROOT + b"\x00", EMPTY_ROOT + b"\x00", [], False),
        (1, 8, ROOTS[1], ROOTS[8][:31], CONSISTENCY_VECTORS[1][2], False),
        (1, 8, ROOTS[1], ROOTS[8], [*CONSISTENCY_VECTORS[1][2][:2], b"\x00" * 33], False),
    ],
)
def test_verify_consistency_special_cases(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes], verifies: bool
) -> None:
    assert verify_consistency(old, new, old_root, new_root, proof) is verifies


def test_consistency_proof_refuses_sizes_out_of_order() -> None:
    for old, size in [(-1, 0), (-1, 5), (6, 5), (1, 0)]:
        with pytest.raises(ValueError, match=r"old tree size -?\d+ is not between 0 and"):
            consistency_proof(old, LEAVES[:size])


def test_trivial_consistency_proofs_are_empty() -> None:
    assert consistency_proof(0, []) == []
    assert consistency_proof(0, LEAVES) == []
    assert consistency_proof(8, LEAVES) == []


# ---------------------------------------------------------------------------- properties

# Distinct leaves (so that no leaf can stand in for another), 1 to 70 of them. Hypothesis
# favours short lists, so half the examples pick the size first to reach the bigger shapes.
leaf_lists = st.one_of(
    st.lists(st.binary(max_size=12), min_size=1, max_size=70, unique=True),
    st.builds(
        lambda size, salt: [salt + i.to_bytes(1, "big") for i in range(size)],
        st.integers(min_value=1, max_value=70),
        st.binary(max_size=8),
    ),
).map(lambda inputs: [leaf_hash(data) for data in inputs])


@settings(max_examples=100, deadline=None)
@given(leaves=leaf_lists)
def test_root_is_the_recursive_mth(leaves: list[bytes]) -> None:
    assert root(leaves) == naive_mth(leaves)


@settings(max_examples=50, deadline=None)
@given(leaves=leaf_lists)
def test_inclusion_proofs_verify_exactly_their_leaf(leaves: list[bytes]) -> None:
    size = len(leaves)
    tree_root = root(leaves)
    altered_root = _flip(tree_root, 0)
    for index, leaf in enumerate(leaves):
        proof = inclusion_proof(index, leaves)
        assert proof == naive_path(index, leaves)
        assert verify_inclusion(index, size, leaf, proof, tree_root)
        assert not verify_inclusion(index, size, leaf, proof, altered_root)
        for other in range(size):
            if other != index:
                # Another leaf's hash at this index, or this leaf at another index.
                assert not verify_inclusion(index, size, leaves[other], proof, tree_root)
                assert not verify_inclusion(other, size, leaf, proof, tree_root)
        for position in range(len(proof)):
            assert not verify_inclusion(
                index, size, leaf, _with_flipped(proof, position), tree_root
            )
        if proof:
            assert not verify_inclusion(index, size, leaf, proof[:-1], tree_root)
        assert not verify_inclusion(index, size, leaf, [*proof, tree_root], tree_root)


@settings(max_examples=50, deadline=None)
@given(leaves=leaf_lists)
def test_consistency_proofs_verify_between_any_two_sizes(leaves: list[bytes]) -> None:
    new_size = len(leaves)
    roots = [naive_mth(leaves[:size]) for size in range(new_size + 1)]
    new_root = roots[new_size]
    for old_size in range(new_size + 1):
        old_root = roots[old_size]
        proof = consistency_proof(old_size, leaves)
        assert proof == naive_proof(old_size, leaves)
        assert verify_consistency(old_size, new_size, old_root, new_root, proof)
        assert not verify_consistency(old_size, new_size, _flip(old_root, 0), new_root, proof)
        if old_size > 0:  # The empty tree is a prefix of every tree, whatever its root.
            assert not verify_consistency(old_size, new_size, old_root, _flip(new_root, 0), proof)
        for position in range(len(proof)):
            assert not verify_consistency(
                old_size, new_size, old_root, new_root, _with_flipped(proof, position)
            )
        if proof:
            assert not verify_consistency(old_size, new_size, old_root, new_root, proof[:-1])
        assert not verify_consistency(old_size, new_size, old_root, new_root, [*proof, new_root])
