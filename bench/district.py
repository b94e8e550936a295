"""District scale: load a district-shaped ledger, catch up every view, query it.

Builds the ledger of ``district_plan.py`` (deterministic for ``--seed``; about
``--events`` stored events) on each backend, and measures, on that same store, in the
same run, each operation beside its baseline:

* **load**: every command through ``Ledger.batch(size=...)``; baseline: bare
  eventsourcing (its own recorders, no leaves) saving the same stored events, decoded
  beforehand, with ``Application.save`` in transactions of as many events;
* **catch-up**: ``Ledger.catch_up()``, every view from event zero; baseline: the driver
  reads every event (id, topic, state) in pages of 10 000, ``json.loads`` each state and
  folds it into a count per topic;
* **single**: commands one at a time on the loaded ledger (registrations, and a grant's
  steps: propose, check, approve, hand over); baseline: bare eventsourcing saving the
  same events, one command's events per transaction;
* **queries**: a program's progress, an enterprise's timeline, a grant, a grant's
  history as auditors replay it, an enterprise's history, the first 100 enterprises
  listed, the programs, the grants of a program: median ms of 5 once the views are
  current; no baseline (the goal is absolute: at most 50 ms);
* **exports**: the program's IATI activity file (as its office reports it) and its DHIS2
  data value set (yearly, per kabupaten, by sex), median ms of 5; baseline: the progress
  report they are made from (ratio = progress ms / export ms).

Each operation runs in a child process of its own, which reports its time and its
memory peak (maximum resident set). Progress goes to stderr; stdout gets the table and,
last, one JSON line with every figure (``... | tail -1 | python -m json.tool``).

    .venv/bin/python bench/district.py --events 10000 --backends sqlite      # a minute
    .venv/bin/python bench/district.py --events 1000000                        # the issue's

PostgreSQL: the server named by ``$UMKM_LEDGER_TEST_POSTGRES_URL`` (a URL of its
``postgres`` database; a database is created and dropped per run), else a throwaway
server started for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, StoredEvent

from umkm_ledger import Dhis2Mapping, Ledger
from umkm_ledger.platform.audited import LeafRecorder
from umkm_ledger.platform.transcoding import register_ledger_transcodings
from umkm_ledger.platform.urls import parse_url
from umkm_ledger.testing.postgres import ThrowawayPostgres

# Run as a script: the repository root makes ``bench`` importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.district_plan import DistrictPlan, enterprises_for, load_district
from bench.register_enterprises import bare_env, make_registrations

HERE = Path(__file__).resolve()
POSTGRES_URL_ENV = "UMKM_LEDGER_TEST_POSTGRES_URL"
PHASES = ("load", "load-baseline", "catch-up", "catch-up-baseline", "queries", "single",
          "single-baseline")  # fmt: skip
_PAGE = 10_000
#: The exports' publisher (made up) and moment (fixed: the same file each time).
IATI_REF = "XI-IATI-BENCH-DINAS"
_GENERATED = "2026-01-05T00:00:00Z"
#: The district programs' indicators in DHIS2: yearly, per kabupaten, by sex. The
#: five-year binaan target is no DHIS2 period: skipped, as its mapping would say.
DHIS2_MAPPING = """\
period_type = "Yearly"
skip = ["binaan.target"]

[org_units]
level = "kabupaten"

[category_option_combos]
total = "default"
gender = { F = "PEREMPUAN", M = "LAKI_LAKI", not_disaggregated = "TIDAK_TERPILAH" }

[indicators.binaan]
actual = "UMKM_BINAAN_BARU"
by = "gender"

[indicators.mentored]
actual = "UMKM_DIDAMPINGI"
by = "gender"
"""


def _log(message: str) -> None:
    print(f"[district] {message}", file=sys.stderr, flush=True)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------- the phases


def phase_load(url: str, args: argparse.Namespace) -> dict[str, Any]:

    started = time.perf_counter()

    def progress(done: int, command: str) -> None:
        seconds = time.perf_counter() - started
        _log(f"load: {done} commands ({command}), {done / seconds:.0f}/s")

    plan = DistrictPlan(
        enterprises=enterprises_for(args.events), seed=args.seed, size=args.size,
        progress=progress,
    )  # fmt: skip
    with Ledger.open(url) as ledger:
        start = time.perf_counter()
        counts = load_district(ledger, plan)
        seconds = time.perf_counter() - start
        events = ledger.log_end()
    commands = sum(counts.values())
    return {"seconds": seconds, "events": events, "commands": commands, "counts": counts,
            "enterprises": plan.enterprises, "transactions": -(-commands // args.size)}  # fmt: skip


def _stored_pages(url: str) -> Iterator[list[Any]]:
    """Every stored event of the ledger at ``url`` as eventsourcing domain events, a page
    at a time, in log order."""

    with Ledger.open(url) as ledger:
        app = ledger.application
        recorder = app.recorder
        assert isinstance(recorder, LeafRecorder)
        after: int | None = None
        while True:
            rows = recorder.select_rows(after, _PAGE)
            if not rows:
                return
            after = int(rows[-1][0])
            yield [
                app.mapper.to_domain_event(
                    StoredEvent(uuid.UUID(str(r[1])), int(r[2]), str(r[3]), bytes(r[4]))
                )
                for r in rows
            ]


def _bare_application(url: str) -> Any:

    class Bare(Application[uuid.UUID]):
        """Bare eventsourcing, with the ledger's value types registered to encode them."""

        name = "umkm_ledger"

        def register_transcodings(self, transcoder: JSONTranscoder) -> None:
            super().register_transcodings(transcoder)
            register_ledger_transcodings(transcoder)

    return Bare(env=bare_env(url))


def _save_grouped(app: Any, pages: Iterator[list[Any]], group: int) -> tuple[float, int]:
    """Time ``app.save`` of the events in transactions of ``group`` events each."""
    seconds, events, waiting = 0.0, 0, []
    for page in pages:
        waiting += page
        while len(waiting) >= group:
            chunk, waiting = waiting[:group], waiting[group:]
            start = time.perf_counter()
            app.save(*chunk)
            seconds += time.perf_counter() - start
            events += len(chunk)
    if waiting:
        start = time.perf_counter()
        app.save(*waiting)
        seconds += time.perf_counter() - start
        events += len(waiting)
    return seconds, events


def phase_load_baseline(url: str, args: argparse.Namespace) -> dict[str, Any]:
    bare = _bare_application(args.bare_url)
    group = max(1, round(args.group))
    seconds, events = _save_grouped(bare, _stored_pages(url), group)
    return {"seconds": seconds, "events": events, "events_per_transaction": group}


def phase_catch_up(url: str, args: argparse.Namespace) -> dict[str, Any]:

    with Ledger.open(url) as ledger:
        start = time.perf_counter()
        end = ledger.catch_up()
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "events": end}


def phase_catch_up_baseline(url: str, args: argparse.Namespace) -> dict[str, Any]:

    env = parse_url(url).env
    counts: dict[str, int] = {}
    size = 0
    start = time.perf_counter()
    for rows in _raw_pages(env):
        for topic, state in rows:
            data = json.loads(bytes(state))
            counts[topic] = counts.get(topic, 0) + 1
            size += len(data)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "events": sum(counts.values()), "fold": size}


def _raw_pages(env: dict[str, str]) -> Iterator[list[tuple[str, Any]]]:
    """(topic, state) of every stored event, by the plain driver, in pages."""
    if "SQLITE_DBNAME" in env:
        database = sqlite3.connect(env["SQLITE_DBNAME"])
        after = 0
        while True:
            rows = database.execute(
                "SELECT rowid, topic, state FROM stored_events WHERE rowid > ? ORDER BY rowid "
                "LIMIT ?",
                (after, _PAGE),
            ).fetchall()
            if not rows:
                database.close()
                return
            after = rows[-1][0]
            yield [(r[1], r[2]) for r in rows]

    dsn = (
        f"host={env['POSTGRES_HOST']} port={env['POSTGRES_PORT']} dbname={env['POSTGRES_DBNAME']} "
        f"user={env['POSTGRES_USER']} password={env['POSTGRES_PASSWORD']}"
    )
    schema = env.get("POSTGRES_SCHEMA", "public")
    with psycopg.connect(dsn) as connection:
        after = 0
        while True:
            rows = connection.execute(
                f'SELECT notification_id, topic, state FROM "{schema}".umkm_ledger_events '
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s",
                (after, _PAGE),
            ).fetchall()
            if not rows:
                return
            after = rows[-1][0]
            yield [(r[1], r[2]) for r in rows]


def _median_ms(call: Callable[[], object], times: int = 5) -> float:
    call()  # the first may pay for a catch-up: measured apart
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def phase_queries(url: str, args: argparse.Namespace) -> dict[str, Any]:

    with Ledger.open(url) as ledger:
        start = time.perf_counter()
        ledger.catch_up()
        catch_up = time.perf_counter() - start
        program = next(iter(ledger.program_ids()))
        enterprise = next(iter(ledger.enterprise_ids()))
        grant = ledger.grants(program_id=program)[-1].grant_id
        figures = {
            "progress": _median_ms(lambda: ledger.progress(program)),
            "timeline": _median_ms(lambda: ledger.timeline(enterprise)),
            "grant": _median_ms(lambda: ledger.grant(grant)),
            "grant history (replay)": _median_ms(lambda: ledger.replay(grant)),
            "enterprise history": _median_ms(lambda: ledger.history(enterprise)),
            "enterprise_ids[:100]": _median_ms(
                lambda: list(itertools.islice(ledger.enterprise_ids(), 100))
            ),
            "program_ids": _median_ms(lambda: list(ledger.program_ids())),
            "grants of a program": _median_ms(lambda: ledger.grants(program_id=program)),
        }
        mapping = Dhis2Mapping.from_toml(DHIS2_MAPPING)
        exports = {
            "IATI activity file": _median_ms(
                lambda: ledger.iati(program, reporting_org=IATI_REF, generated_at=_GENERATED)
            ),
            "DHIS2 data value set": _median_ms(lambda: ledger.dhis2(program, mapping)),
        }
    return {"seconds": catch_up, "ms": figures, "exports_ms": exports}


def _grant_steps(
    ledger: Ledger, allocation: uuid.UUID, enterprise: uuid.UUID
) -> list[Callable[[], object]]:
    """A grant's four commands for ``enterprise``, each a call to time on its own."""
    holder: dict[str, uuid.UUID] = {}

    def propose() -> None:
        holder["grant"] = ledger.propose_grant(
            allocation, enterprise,
            items=[{"description": "mesin jahit", "quantity": 1, "unit_value": "Rp2.500.000"}],
            justification="binaan baru", effective_date="2024-06-10", actor="petugas@kabid-ukm",
        )  # fmt: skip

    return [
        propose,
        lambda: ledger.check_eligibility(
            holder["grant"], effective_date="2024-06-10", actor="petugas@kabid-ukm"
        ),
        lambda: ledger.approve_grant(
            holder["grant"], effective_date="2024-06-11", actor="kepala@kepala-dinas"
        ),
        lambda: ledger.hand_over(
            holder["grant"], bast_number=f"S/{uuid.uuid4().hex[:10]}/BAST",
            place="Kantor Dinas", items={"mesin jahit": 1},
            effective_date="2024-06-12", actor="petugas@kabid-ukm",
        ),
    ]  # fmt: skip


def phase_single(url: str, args: argparse.Namespace) -> dict[str, Any]:

    n = args.single
    people = make_registrations(n, seed=args.seed + 1)
    spans: dict[str, list[tuple[int, int]]] = {"registration": [], "grant steps": []}
    seconds: dict[str, float] = {"registration": 0.0, "grant steps": 0.0}
    with Ledger.open(url) as ledger:
        program = next(iter(ledger.program_ids()))
        grants = ledger.grants(program_id=program)
        allocation = ledger.grant(grants[-1].grant_id).allocation_id
        for person in people:
            before = ledger.log_end()
            start = time.perf_counter()
            enterprise = ledger.register_enterprise(
                person.name, owners=person.owners, desa=person.desa, sector=person.sector,
                founded_on="2019-01-01", street=person.street, effective_date="2024-06-03",
                actor="petugas@kabid-ukm",
            )  # fmt: skip
            seconds["registration"] += time.perf_counter() - start
            spans["registration"].append((before, ledger.log_end()))
            ledger.enrol(
                program, enterprise, effective_date="2024-06-04", actor="petugas@kabid-ukm"
            )
            for step in _grant_steps(ledger, allocation, enterprise):
                before = ledger.log_end()
                start = time.perf_counter()
                step()
                seconds["grant steps"] += time.perf_counter() - start
                spans["grant steps"].append((before, ledger.log_end()))
    per_command = {k: seconds[k] / len(spans[k]) for k in seconds}
    events = {k: sum(b - a for a, b in spans[k]) for k in spans}
    Path(args.spans).write_text(json.dumps(spans))
    return {"seconds": sum(seconds.values()), "per_command_ms": {k: v * 1000 for k, v in
            per_command.items()}, "commands": {k: len(v) for k, v in spans.items()},
            "events": events}  # fmt: skip


def phase_single_baseline(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Bare eventsourcing saving the events each single command wrote, one command's
    events per transaction."""
    spans: dict[str, list[list[int]]] = json.loads(Path(args.spans).read_text())
    wanted = {i for spans_ in spans.values() for a, b in spans_ for i in range(a + 1, b + 1)}
    by_position: dict[int, Any] = {}
    position = 0
    for page in _stored_pages(url):
        for event in page:
            position += 1  # the ledger's own positions skip nothing in a quiet store
            if position in wanted:
                by_position[position] = event
    bare = _bare_application(args.bare_url)
    seconds: dict[str, float] = {}
    for kind, kind_spans in spans.items():
        total = 0.0
        for a, b in kind_spans:
            events = [by_position[i] for i in range(a + 1, b + 1) if i in by_position]
            start = time.perf_counter()
            bare.save(*events)
            total += time.perf_counter() - start
        seconds[kind] = total
    per_command = {k: seconds[k] / max(1, len(spans[k])) * 1000 for k in seconds}
    return {"seconds": sum(seconds.values()), "per_command_ms": per_command}


_RUN = {
    "load": phase_load,
    "load-baseline": phase_load_baseline,
    "catch-up": phase_catch_up,
    "catch-up-baseline": phase_catch_up_baseline,
    "queries": phase_queries,
    "single": phase_single,
    "single-baseline": phase_single_baseline,
}


def child_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", choices=PHASES, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--bare-url", default="")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--group", type=float, default=1.0)
    parser.add_argument("--single", type=int, default=100)
    parser.add_argument("--spans", default="")
    args = parser.parse_args(argv)
    result = _RUN[args.phase](args.url, args)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------------- orchestration


class _Stores:
    """Fresh stores (a ledger and a bare baseline) on one backend."""

    def __init__(self, backend: str, directory: Path, server: str | None) -> None:
        self.backend, self.directory, self.server = backend, directory, server
        self._made: list[str] = []

    def fresh(self, name: str) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.directory / (name + '.db')}"

        assert self.server is not None
        database = f"district_{name}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        with psycopg.connect(_dsn(self.server), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {database}")
        self._made.append(database)
        return self.server.rsplit("/", 1)[0] + "/" + database

    def drop(self) -> None:
        if self.backend != "postgres" or self.server is None:
            return

        with psycopg.connect(_dsn(self.server), autocommit=True) as connection:
            for database in self._made:
                connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://").replace(
        "postgres://", "postgresql://"
    )


def _phase(phase: str, url: str, args: argparse.Namespace, **extra: Any) -> dict[str, Any]:
    command = [sys.executable, str(HERE), "--child", "--phase", phase, "--url", url,
               "--events", str(args.events), "--seed", str(args.seed), "--size", str(args.size),
               "--single", str(args.single)]  # fmt: skip
    for key, value in extra.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    _log(f"{phase} ...")
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    _log(f"{phase}: {result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB")
    return result


def run_backend(backend: str, args: argparse.Namespace, server: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="umkm-district-") as directory:
        stores = _Stores(backend, Path(directory), server)
        try:
            ledger_url = stores.fresh("ledger")
            results: dict[str, Any] = {"backend": backend}
            load = results["load"] = _phase("load", ledger_url, args)
            group = load["events"] / max(1, load["transactions"])
            results["load-baseline"] = _phase(
                "load-baseline", ledger_url, args, bare_url=stores.fresh("bare"), group=group
            )
            results["catch-up"] = _phase("catch-up", ledger_url, args)
            results["catch-up-baseline"] = _phase("catch-up-baseline", ledger_url, args)
            results["queries"] = _phase("queries", ledger_url, args)
            if args.single:
                spans = Path(directory) / "spans.json"
                results["single"] = _phase("single", ledger_url, args, spans=spans)
                results["single-baseline"] = _phase(
                    "single-baseline", ledger_url, args, spans=spans,
                    bare_url=stores.fresh("bare_single"),
                )  # fmt: skip
            return results
        finally:
            stores.drop()


def ratios(results: dict[str, Any]) -> dict[str, float]:
    """Ledger events/s over baseline events/s (1.0: as fast as the baseline)."""
    out = {}
    for phase in ("load", "catch-up"):
        ours, base = results[phase], results[f"{phase}-baseline"]
        out[phase] = (ours["events"] / ours["seconds"]) / (base["events"] / base["seconds"])
    if "single" in results:
        for kind, ms in results["single"]["per_command_ms"].items():
            out[f"single {kind}"] = results["single-baseline"]["per_command_ms"][kind] / ms
    progress = results["queries"]["ms"]["progress"]
    for export, ms in results["queries"].get("exports_ms", {}).items():
        out[f"export {export}"] = progress / ms
    return out


def format_table(all_results: Sequence[dict[str, Any]]) -> str:
    lines = [
        "| backend | operation | ledger | baseline | ratio | peak MB |",
        "|---|---|---|---|---|---|",
    ]
    for results in all_results:
        backend, r = results["backend"], ratios(results)
        for phase in ("load", "catch-up"):
            ours, base = results[phase], results[f"{phase}-baseline"]
            lines.append(
                f"| {backend} | {phase} ({ours['events']:,} events) | {ours['seconds']:.1f} s, "
                f"{ours['events'] / ours['seconds']:,.0f}/s | {base['seconds']:.1f} s, "
                f"{base['events'] / base['seconds']:,.0f}/s | {r[phase]:.2f} | "
                f"{ours['peak_mb']:.0f} |"
            )
        if "single" in results:
            for kind, ms in results["single"]["per_command_ms"].items():
                base_ms = results["single-baseline"]["per_command_ms"][kind]
                lines.append(
                    f"| {backend} | single {kind} | {ms:.2f} ms | {base_ms:.2f} ms | "
                    f"{r['single ' + kind]:.2f} | {results['single']['peak_mb']:.0f} |"
                )
        for query, ms in results["queries"]["ms"].items():
            lines.append(f"| {backend} | query: {query} | {ms:.1f} ms | goal ≤ 50 ms | | |")
        progress = results["queries"]["ms"]["progress"]
        for export, ms in results["queries"].get("exports_ms", {}).items():
            lines.append(
                f"| {backend} | export: {export} | {ms:.1f} ms | progress {progress:.1f} ms | "
                f"{r['export ' + export]:.2f} | |"
            )
    return "\n".join(lines)


@contextlib.contextmanager
def _postgres_server() -> Iterator[str]:
    given = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if given:
        yield given
        return

    with ThrowawayPostgres() as server:
        yield server.url


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="about this many events")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--size", type=int, default=500, help="commands per batch transaction")
    parser.add_argument(
        "--single", type=int, default=100,
        help="single registrations (and grants) timed on the loaded ledger",
    )  # fmt: skip
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    for backend in backends:
        if backend not in ("sqlite", "postgres"):
            parser.error(f"unknown backend {backend!r}; choose from sqlite, postgres")
    all_results = []
    for backend in backends:
        if backend == "postgres":
            with _postgres_server() as server:
                all_results.append(run_backend(backend, args, server))
        else:
            all_results.append(run_backend(backend, args, None))
    print(format_table(all_results))
    results = {r["backend"]: {**r, "ratios": ratios(r)} for r in all_results}
    print(json.dumps({"events": args.events, "seed": args.seed, "size": args.size,
                      "results": results}))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
