"""The HTTP service under load: concurrent clients on loopback, against the same commands
through the Python API in the same run.

Each client is a pair of officers (a petugas token, a kepala-dinas token) repeating, for
a fixed number of rounds: register an enterprise, enrol it as binaan, propose looms for it,
check its eligibility, approve the grant (the kepala dinas). All clients draw on one
allocation that holds only half of what they propose, so approvals race for the last
rupiah. Then, on the same store:

* no lost update: every registration and approval answered 201 is in the ledger, and the
  allocation's committed money is the sum of the approved grants;
* never over-committed: committed ≤ the allocation's amount;
* every 5xx counted (the target is zero), every other refusal counted by its status;
* latency percentiles (p50, p95, p99, max) per kind of request.

The baseline is the same sequence through the Python API, in one process, on a fresh
store of the same backend: ``ratio`` is the service's requests/s over the API's
commands/s. Times are reported, never asserted.

Usage::

    .venv/bin/python bench/serve_load.py                       # 8 clients × 25 rounds
    .venv/bin/python bench/serve_load.py --clients 4 --rounds 5 --backends sqlite
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

from umkm_ledger import BusinessRuleViolation, Ledger, Rupiah
from umkm_ledger.testing.service import served

# Run as a script: the repository root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.catch_up_progress import store

LOOM = Rupiah(3_500_000)
LOOMS = 2  # per grant: Rp7 juta


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _prepare(url: str, clients: int, rounds: int) -> dict[str, Any]:
    """The program, its funds (half of what the clients will propose) and the tokens."""
    with Ledger.open(url, actor="admin@admin", notices=False) as ledger:
        program = ledger.plan_program(
            "Bench 1000 Wirausaha", agency="Dinas Bench", scope=["16.10"],
            period="2016-01-01..2020-12-31", effective_date="2016-01-04",
        )  # fmt: skip
        ledger.start_program(program, effective_date="2016-01-04")
        ledger.register_funder("Dinas Bench", source="APBD kabupaten", effective_date="2016-01-04")
        amount = Rupiah(LOOM.amount * LOOMS * clients * rounds // 2)
        allocation = ledger.allocate(
            "Dinas Bench", program, fiscal_year=2017, instrument="in-kind goods", amount=amount,
            effective_date="2017-01-05",
        )  # fmt: skip
        tokens = [
            (ledger.issue_token(f"petugas-{i}@petugas").secret,
             ledger.issue_token(f"kepala-{i}@kepala-dinas").secret)
            for i in range(clients)
        ]  # fmt: skip
    return {"program": str(program), "allocation": str(allocation), "amount": amount.amount,
            "tokens": tokens}  # fmt: skip


def _owner(client: int, step: int) -> dict[str, Any]:
    serial = 1 + client * 1000 + step
    return {"name": f"Pemilik {client}-{step}", "nik": f"16100847088{serial:05d}", "gender": "F",
            "birth_year": 1980}  # fmt: skip


class Tally:
    """What the clients saw: statuses and latencies per kind of request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter[int]] = defaultdict(Counter)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1


def _client(base: str, setup: dict[str, Any], index: int, rounds: int, tally: Tally) -> None:
    officer, head = setup["tokens"][index]
    with httpx.Client(base_url=base, timeout=120) as http:

        def post(kind: str, token: str, key: str, path: str, body: dict[str, Any]) -> Any:
            started = time.perf_counter()
            answer = http.post(path, json=body, headers={
                "Authorization": f"Bearer {token}", "Idempotency-Key": f"{index}-{key}",
            })  # fmt: skip
            tally.add(kind, answer.status_code, time.perf_counter() - started)
            return answer.json() if answer.status_code in (200, 201) else None

        for step in range(rounds):
            made = post("register", officer, f"reg-{step}", "/enterprises", {
                "name": f"Tenun {index}-{step}", "owners": [_owner(index, step)],
                "desa": "16.10.08.2003", "sector": "13121", "founded_on": "2014-03-01",
                "effective_date": "2016-02-01",
            })  # fmt: skip
            if made is None:
                continue
            enterprise = made["id"]
            post("enrol", officer, f"enrol-{step}", f"/programs/{setup['program']}/enrolments",
                 {"enterprise_id": enterprise, "effective_date": "2017-02-01"})  # fmt: skip
            grant = post("propose", officer, f"grant-{step}", "/grants", {
                "allocation_id": setup["allocation"], "beneficiary_id": enterprise,
                "justification": "looms", "effective_date": "2017-03-01",
                "items": [{"description": "alat tenun", "quantity": LOOMS,
                           "unit_value": LOOM.amount}],
            })  # fmt: skip
            if grant is None:
                continue
            post("check", officer, f"check-{step}", f"/grants/{grant['id']}/eligibility-check",
                 {"effective_date": "2017-03-01"})  # fmt: skip
            post("approve", head, f"approve-{step}", f"/grants/{grant['id']}/approval",
                 {"effective_date": "2017-03-02"})  # fmt: skip


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else []

    def at(p: int) -> float:
        return round(1000 * (cuts[p - 1] if cuts else ordered[0]), 1)

    return {"p50_ms": at(50), "p95_ms": at(95), "p99_ms": at(99),
            "max_ms": round(1000 * ordered[-1], 1)}  # fmt: skip


def _check(url: str, setup: dict[str, Any], tally: Tally) -> dict[str, Any]:
    """What the ledger holds after the load, against what the clients were told."""
    with Ledger.open(url, create=False, notices=False) as ledger:
        allocation = ledger.allocation(setup["allocation"])
        approved = ledger.grants(status="approved")
        registered = sum(1 for _ in ledger.enterprise_ids())
    committed = allocation.committed.amount
    told_approved = tally.statuses["approve"][201]
    return {
        "amount": setup["amount"],
        "committed": committed,
        "over_committed": committed > setup["amount"],
        "approved_grants": len(approved),
        "approvals_answered_201": told_approved,
        "registrations_answered_201": tally.statuses["register"][201],
        "enterprises_in_ledger": registered,
        "lost_updates": (
            abs(len(approved) - told_approved)
            + abs(registered - tally.statuses["register"][201])
            + abs(committed - sum(g.value.amount for g in approved))
        ),
    }


def _load(url: str, clients: int, rounds: int, workers: int) -> dict[str, Any]:
    setup = _prepare(url, clients, rounds)
    tally = Tally()
    with served(url, workers=workers) as base:
        threads = [
            threading.Thread(target=_client, args=(base, setup, i, rounds, tally))
            for i in range(clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    requests = sum(len(v) for v in tally.latencies.values())
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_s": round(requests / seconds, 1),
        "server_errors": sum(n for c in tally.statuses.values() for s, n in c.items() if s >= 500),
        "statuses": {kind: dict(sorted(c.items())) for kind, c in tally.statuses.items()},
        "latency": {kind: _percentiles(v) for kind, v in tally.latencies.items()},
        "invariants": _check(url, setup, tally),
    }


def _direct(url: str, clients: int, rounds: int) -> dict[str, Any]:
    """The baseline: the same commands through the Python API, one after another."""
    setup = _prepare(url, clients, rounds)
    commands = 0
    with Ledger.open(url, notices=False) as ledger:
        started = time.perf_counter()
        for index in range(clients):
            for step in range(rounds):
                enterprise = ledger.register_enterprise(
                    f"Tenun {index}-{step}", owners=[_owner(index, step)], desa="16.10.08.2003",
                    sector="13121", founded_on="2014-03-01", effective_date="2016-02-01",
                    actor=f"petugas-{index}@petugas",
                )  # fmt: skip
                ledger.enrol(setup["program"], enterprise, effective_date="2017-02-01",
                             actor=f"petugas-{index}@petugas")  # fmt: skip
                grant = ledger.propose_grant(
                    setup["allocation"], enterprise, justification="looms",
                    items=[{"description": "alat tenun", "quantity": LOOMS,
                            "unit_value": LOOM.amount}],
                    effective_date="2017-03-01", actor=f"petugas-{index}@petugas",
                )  # fmt: skip
                ledger.check_eligibility(grant, effective_date="2017-03-01",
                                         actor=f"petugas-{index}@petugas")  # fmt: skip
                commands += 5
                with contextlib.suppress(BusinessRuleViolation):  # spent: refused, as over HTTP
                    ledger.approve_grant(grant, effective_date="2017-03-02",
                                         actor=f"kepala-{index}@kepala-dinas")  # fmt: skip
        seconds = time.perf_counter() - started
    return {"commands": commands, "seconds": round(seconds, 2),
            "commands_per_s": round(commands / seconds, 1)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=25, help="grant stories per client")
    parser.add_argument("--workers", type=int, default=2, help="service processes")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    for backend in args.backends.split(","):
        _log(f"{backend}: {args.clients} clients × {args.rounds} rounds, {args.workers} workers")
        with store(backend) as url:
            served_side = _load(url, args.clients, args.rounds, args.workers)
        with store(backend) as url:
            direct = _direct(url, args.clients, args.rounds)
        ratio = served_side["requests_per_s"] / direct["commands_per_s"]
        results[backend] = {"service": served_side, "api": direct, "ratio": round(ratio, 2)}
        held = served_side["invariants"]
        _log(
            f"  service {served_side['requests_per_s']} req/s, API {direct['commands_per_s']} "
            f"commands/s, ratio {ratio:.2f}; 5xx {served_side['server_errors']}; "
            f"committed {held['committed']:,} of {held['amount']:,}; "
            f"lost updates {held['lost_updates']}"
        )
        for kind, cut in served_side["latency"].items():
            _log(f"    {kind:<9} {cut}  statuses {served_side['statuses'][kind]}")
    print(json.dumps({
        "bench": "serve_load", "clients": args.clients, "rounds": args.rounds,
        "workers": args.workers, "python": platform.python_version(), "results": results,
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
