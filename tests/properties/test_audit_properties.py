"""Properties of tamper evidence over generated histories: for any sequence of commands
the tree verifies, and any single-byte change to any stored event is found at that event."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties.test_funding_properties import play
from tests.strategies import funding_steps
from umkm_ledger import Ledger
from umkm_ledger.funding.grant import Grant

Steps = list[tuple[str, dict[str, Any]]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(funding_steps(), st.integers(min_value=0), st.integers(min_value=0), st.integers(1, 255))
def test_any_history_verifies_and_any_changed_byte_is_found(
    steps: Steps, which: int, offset: int, flip: int
) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.db"
        with Ledger.open(f"sqlite:///{path}", actor="siti@officer") as ledger:
            play(ledger, steps)
            result = ledger.verify()
            assert result.ok, str(result)
            recorder: Any = ledger.application.recorder
            events = recorder.events_table_name
            with sqlite3.connect(path) as connection:
                rows = connection.execute(f"SELECT rowid, state FROM {events}").fetchall()
                position, state = rows[which % len(rows)]
                altered = bytearray(state)
                altered[offset % len(altered)] ^= flip
                connection.execute(
                    f"UPDATE {events} SET state = ? WHERE rowid = ?", (bytes(altered), position)
                )
            finding = ledger.verify().finding
            assert finding is not None
            assert (finding.kind, finding.position) == ("changed", position)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(funding_steps())
def test_a_full_replay_ends_where_the_record_is(steps: Steps) -> None:
    """Replaying a record's whole history (no as-of, no known-at) rebuilds it as it is:
    the state after the last step is the record's state now."""
    from umkm_ledger.audit.replay import state_of

    with Ledger.open("memory://", actor="siti@officer") as ledger:
        _, _, grants = play(ledger, steps)
        for grant in grants:
            replayed = ledger.replay(grant)
            assert replayed[-1].state == state_of(ledger.application.get(Grant, grant))
            assert [s.event.version for s in replayed if s.event.corrects is None] == sorted(
                s.event.version for s in replayed if s.event.corrects is None
            ) or len({s.on for s in replayed}) > 1
