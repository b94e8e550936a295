"""The log positions a checkpoint signs, as ranges: any rising positions are written and
read back exactly; a ranges text that does not rise, or counts other than the checkpoint's
size, is refused by name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from umkm_ledger import InvalidValue
from umkm_ledger.audit.positions import check_ranges, expand, ranges_of

rising = st.sets(st.integers(1, 10**6), max_size=300).map(sorted)


@given(rising)
def test_any_rising_positions_come_back_from_their_ranges(positions: list[int]) -> None:
    text = ranges_of(positions)

    assert list(expand(text)) == positions
    assert check_ranges(text, len(positions)) == text
    assert ranges_of(iter(positions)) == text  # from a stream, as verification reads them


def test_a_log_without_gaps_is_one_range_and_gaps_are_kept() -> None:
    assert ranges_of(range(1, 1_000_001)) == "1-1000000"
    assert ranges_of([1, 2, 3, 5, 7, 8]) == "1-3,5,7-8"
    assert ranges_of([]) == ""


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("0-5", "is not a position"),
        ("1-3,x", "is not a position"),
        ("5-3", "must rise"),
        ("1-3,4-6", "must rise"),  # adjoining ranges are one range: not as written
        ("4-6,1-2", "must rise"),
        ("1-3", "counts 3 positions, the checkpoint signs 4"),
    ],
)
def test_a_ranges_text_that_is_not_as_written_is_refused(text: str, why: str) -> None:
    with pytest.raises(InvalidValue, match=why) as refused:
        check_ranges(text, 4)
    assert refused.value.field == "checkpoint.positions"


def test_what_is_not_a_text_is_refused() -> None:
    with pytest.raises(InvalidValue, match="text of position ranges"):
        check_ranges(123)
