"""An auditor verifies a ledger that officers keep writing to: no false finding, ever, and
the result says which position it covered (SQLite and PostgreSQL, writers in other
processes)."""

from __future__ import annotations

import multiprocessing
from typing import Any

from umkm_ledger import Ledger
from umkm_ledger.audit.checkpoint import generate_key

OWNER = {"name": "Pemilik", "gender": "F", "birth_year": 1980}


def _write(url: str, writer: int, stop: Any) -> None:
    ledger = Ledger.open(url, notices=False)
    n = 0
    while not stop.is_set() and n < 3000:
        n += 1
        ledger.register_enterprise(
            f"Usaha {writer}-{n}",
            owners=[{**OWNER, "nik": f"161008470880{writer}{n % 1000:03d}"}],
            desa="16.10.08.2003",
            sector="13121",
            founded_on="2015-01-01",
            effective_date="2024-01-02",
        )


def test_verify_and_checkpoint_while_others_write_find_nothing_false(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
    key = generate_key()
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    writers = [context.Process(target=_write, args=(ledger_url, w, stop)) for w in (1, 2)]
    for writer in writers:
        writer.start()
    results = []
    checkpoints = []
    try:
        while ledger.log_end() < 20 and all(w.is_alive() for w in writers):
            pass
        for _ in range(12):
            verified = ledger.verify()
            assert verified.ok, str(verified)
            results.append(verified)
            checkpoints.append(ledger.checkpoint(key))
            # Every earlier checkpoint is still consistent with the growing log.
            first = ledger.verify(checkpoint=checkpoints[0], public_key=key.public_key())
            assert first.ok, str(first)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=120)
    assert [w.exitcode for w in writers] == [0, 0]
    assert all(r.position >= r.records for r in results)  # positions may skip, never less
    assert results[-1].position > results[0].position  # the writers wrote meanwhile
    sizes = [c.tree_size for c in checkpoints]
    assert sizes == sorted(sizes)
    final = ledger.verify(checkpoint=checkpoints[-1], public_key=key.public_key())
    assert final.ok, str(final)
    assert final.position == ledger.log_end()


def test_records_after_the_checkpoint_are_said_to_be_unsigned_and_listed(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url, notices=False)
    ledger.register_funder("Dinkoperindag Ogan Ilir", source="APBD kabupaten")
    key = generate_key()
    signed = ledger.checkpoint(key)
    covered = ledger.verify(checkpoint=signed, public_key=key.public_key())
    assert covered.unsigned == ()
    assert "not covered" not in str(covered)
    ledger.register_funder("TJSL PT Hutama Karya", source="TJSL BUMN")
    later = ledger.verify(checkpoint=signed, public_key=key.public_key())
    assert later.ok
    assert len(later.unsigned) == later.records - signed.tree_size == 1
    position, _record, version = later.unsigned[0]
    assert position == ledger.log_end()
    assert version == 1
    assert "1 records after it are not covered by any signature" in str(later)
