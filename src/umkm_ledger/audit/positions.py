"""The log positions a checkpoint signs, written as ranges (``1-500,502-1000``).

Positions are the notification ids; they rise but may skip (PostgreSQL leaves a gap
where a transaction rolled back; a restored log keeps the gaps it had). A checkpoint that
signs the positions of the records it covers lets verification tell a record deleted
with its leaf hash (a signed position gone) from a log cut short (signed positions gone
only at its end), and name the position; the tree's root alone could only tell that the
log is not the one signed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from umkm_ledger.kernel.errors import N_, InvalidValue

__all__ = ["check_ranges", "expand", "ranges_of"]

_RANGE = re.compile(r"([1-9]\d{0,18})(?:-([1-9]\d{0,18}))?")
#: A checkpoint's positions text may be long (one range per gap); bound it all the same.
MAX_RANGES_TEXT = 50_000_000


def ranges_of(positions: Iterable[int]) -> str:
    """Rising positions as ranges: ``[1, 2, 3, 5]`` -> ``"1-3,5"``."""
    if isinstance(positions, Sequence) and positions:
        first, last = positions[0], positions[-1]
        if last - first + 1 == len(positions):  # no gap: the usual log, in O(1)
            return _range(first, last)
    parts: list[str] = []
    first = last = 0
    for position in positions:
        if parts or last:
            if position == last + 1:
                last = position
                continue
            parts.append(_range(first, last))
        first = last = position
    if last:
        parts.append(_range(first, last))
    return ",".join(parts)


def _range(first: int, last: int) -> str:
    return str(first) if last == first else f"{first}-{last}"


def expand(text: str) -> Iterator[int]:
    """Every position of a ranges text, rising (the text checked by :func:`check_ranges`)."""
    for part in text.split(",") if text else ():
        low, _, high = part.partition("-")
        yield from range(int(low), int(high or low) + 1)


def check_ranges(text: object, size: int | None = None) -> str:
    """A ranges text as a checkpoint holds it: positive positions, ranges rising with a
    gap between each and the next (as :func:`ranges_of` writes them), and, given a
    ``size``, counting exactly that many positions (:class:`InvalidValue` if not). A
    checkpoint read from a file is not held to its size here: if the two disagree, its
    signature does not verify, and that is what verification reports."""
    field = "checkpoint.positions"
    if not isinstance(text, str) or len(text) > MAX_RANGES_TEXT:
        raise InvalidValue(field, "<positions>", N_("must be a text of position ranges"))
    count, previous = 0, 0
    for part in text.split(",") if text else ():
        match = _RANGE.fullmatch(part)
        if match is None:
            raise InvalidValue(field, part[:40], N_("is not a position or a range like 1-500"))
        first = int(match[1])
        last = int(match[2] or first)
        if last < first or (first <= previous + 1 and previous):
            raise InvalidValue(
                field, part[:40], N_("ranges must rise, with a gap between each and the next")
            )
        count += last - first + 1
        previous = last
    if size is not None and count != size:
        raise InvalidValue(
            field,
            count,
            N_("counts {count} positions, the checkpoint signs {size}", count=count, size=size),
        )
    return text
