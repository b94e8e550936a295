"""The records kept between commands: lent to one command at a time, given back only as
stored.

Given a record taken by a command, when the command saves, fails untouched, or fails
having changed it, then the cache holds it, holds it, or has dropped it.
"""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from umkm_ledger.platform.record_cache import Borrowed, RecordCache


class Counter(Aggregate):
    def __init__(self) -> None:
        self.count = 0

    @event("Counted")
    def count_one(self) -> None:
        self.count += 1


def stored() -> Counter:
    record = Counter()
    record.collect_events()  # as after a save
    return record


def test_a_record_is_lent_to_one_command_at_a_time() -> None:
    cache, record = RecordCache(), stored()
    cache.keep([record])
    assert cache.take(record.id) is record
    assert cache.take(record.id) is None  # a second taker replays its own


def test_a_command_that_saved_gives_back_what_it_took() -> None:
    cache, record = RecordCache(), stored()
    borrowed = Borrowed(cache)
    borrowed.add(record)
    record.count_one()
    record.collect_events()  # saved
    borrowed.saved()
    assert cache.take(record.id) is record


def test_a_record_changed_and_not_saved_is_dropped() -> None:
    cache, changed, untouched = RecordCache(), stored(), stored()
    borrowed = Borrowed(cache)
    borrowed.add(changed)
    borrowed.add(untouched)
    changed.count_one()  # its pending event was never saved
    borrowed.failed()
    assert cache.take(changed.id) is None
    assert cache.take(untouched.id) is untouched


def test_a_failed_save_drops_what_it_tried_to_write() -> None:
    cache, written, read = RecordCache(), stored(), stored()
    borrowed = Borrowed(cache)
    borrowed.add(written)
    borrowed.add(read)
    written.count_one()
    written.collect_events()  # collected by the save that then failed
    borrowed.failed(written=[written])
    assert cache.take(written.id) is None
    assert cache.take(read.id) is read


def test_a_success_still_drops_a_record_changed_without_saving() -> None:
    cache, record = RecordCache(), stored()
    borrowed = Borrowed(cache)
    borrowed.add(record)
    record.count_one()
    borrowed.saved()
    assert cache.take(record.id) is None


def test_the_least_recently_kept_go_first() -> None:
    cache = RecordCache(most=2)
    first, second, third = stored(), stored(), stored()
    cache.keep([first, second])
    cache.keep([third])
    assert cache.take(first.id) is None
    assert cache.take(second.id) is second
    assert cache.take(third.id) is third
