"""Registering enterprises: the Ledger's cost against a bare eventsourcing Application.

Registers N enterprises through :meth:`umkm_ledger.Ledger.register_enterprise` and saves
N comparable ``Created`` events through a bare eventsourcing ``Application`` (one
aggregate per ``save``) on the same backend, in the same run, each side on a fresh
store, interleaved and repeated; prints commands/s and events/s for both and the ratio
ledger time / baseline time against the goal "our layer costs at most 25 %".

Secondary rows:

* ``ledger, command_id``: the same registrations with a caller-given ``command_id``
  (the idempotent path: a receipt lookup and one more aggregate per command);
* ``baseline, ledger-shaped``: the bare Application doing what the Ledger's storage
  design does per registration (one ``repository.get`` of an index aggregate that does
  not exist yet, then one ``save`` of the enterprise and the index aggregate), so the
  distance between it and ``ledger`` is what our Python layer costs on top of the design.

Usage (see bench/README.md)::

    .venv/bin/python bench/register_enterprises.py --n 20000 --backends sqlite,postgres
    .venv/bin/python bench/register_enterprises.py --n 5000 --backends sqlite --profile

Importable: :func:`make_registrations`, :func:`run_side`, :func:`benchmark` and
:func:`profile_ledger` are the building blocks of :func:`main`.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Final, Protocol
from urllib.parse import unquote, urlsplit
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

from umkm_ledger import Ledger
from umkm_ledger.kernel.coerce import to_address, to_kbli, to_owners
from umkm_ledger.platform.transcoding import DateAsISO
from umkm_ledger.platform.urls import (
    MEMORY_FACTORY,
    POSTGRES_FACTORY,
    SQLITE_FACTORY,
    parse_url,
)
from umkm_ledger.testing.postgres import ThrowawayPostgres, create_database, drop_database

__all__ = [
    "GOAL_RATIO",
    "SIDES",
    "BackendResult",
    "Measurement",
    "Registration",
    "benchmark",
    "main",
    "make_registrations",
    "profile_ledger",
    "run_side",
]

#: "Our layer costs at most 25 %": ledger time / baseline time at most this.
GOAL_RATIO: Final = 1.25
POSTGRES_URL_ENV: Final = "UMKM_LEDGER_TEST_POSTGRES_URL"
BACKENDS: Final = ("sqlite", "postgres", "memory")

BASELINE: Final = "baseline"
BASELINE_SHAPED: Final = "baseline_shaped"
LEDGER: Final = "ledger"
LEDGER_COMMAND_ID: Final = "ledger_command_id"
#: Every side, primary ones first.
SIDES: Final = (BASELINE, LEDGER, LEDGER_COMMAND_ID, BASELINE_SHAPED)
PRIMARY_SIDES: Final = (BASELINE, LEDGER)
LABELS: Final[Mapping[str, str]] = {
    BASELINE: "baseline (bare Application)",
    LEDGER: "ledger",
    LEDGER_COMMAND_ID: "ledger, command_id",
    BASELINE_SHAPED: "baseline, ledger-shaped",
}

# --------------------------------------------------------------------------- inputs

# (KBLI 2020 code, what the enterprise makes or sells): lines of business common
# among UMKM in Sumatera Selatan.
_BUSINESSES: Final = (
    ("13121", "Tenun Songket"),
    ("13134", "Batik Jumputan"),
    ("10794", "Kerupuk Kemplang"),
    ("10794", "Keripik Pisang"),
    ("10710", "Kue Maksuba"),
    ("10761", "Kopi Bubuk"),
    ("10750", "Pempek"),
    ("14111", "Konveksi"),
    ("56102", "Warung Makan"),
    ("56303", "Kedai Kopi"),
    ("47111", "Toko Kelontong"),
    ("45407", "Bengkel Motor"),
    ("95230", "Sol Sepatu"),
    ("96111", "Pangkas Rambut"),
    ("01132", "Kebun Cabai"),
    ("03221", "Kolam Ikan Patin"),
)
_WOMEN: Final = ("Siti", "Sri", "Dewi", "Nur", "Rina", "Yuliana", "Fitri", "Ratna", "Ani", "Wulan")
_MEN: Final = ("Budi", "Agus", "Joko", "Ahmad", "Rudi", "Andi", "Hendra", "Dedi", "Bambang", "Iwan")
_FAMILY: Final = (
    "Lestari",
    "Susanti",
    "Pratama",
    "Saputra",
    "Hidayat",
    "Wijaya",
    "Nugroho",
    "Setiawan",
    "Kurniawan",
    "Handayani",
    "Rahmawati",
    "Syahputra",
)
# Kecamatan of Ogan Ilir (16.10.xx) and of Kota Palembang (16.71.xx).
_KECAMATAN: Final = tuple(f"1610{k:02d}" for k in range(1, 17)) + tuple(
    f"1671{k:02d}" for k in range(1, 19)
)
_STREETS: Final = ("Jl. Lintas Timur", "Jl. Merdeka", "Jl. Masjid", "Lorong Pasar", "Dusun II")


@dataclass(frozen=True)
class Registration:
    """One enterprise to register, in the primitive forms an embedding system sends."""

    name: str
    owner_name: str
    owner_nik: str
    owner_gender: str  # "F" or "M"
    owner_birth_year: int
    desa: str  # "16.10.01.2001"
    sector: str  # KBLI 2020 code, "13121"
    founded_on: date
    street: str
    command_id: str
    #: ``owners=`` for the Ledger: one mapping, as a caller would send it.
    owners: tuple[Mapping[str, Any], ...] = field(repr=False, compare=False)


def make_registrations(n: int, seed: int = 2024) -> list[Registration]:
    """``n`` realistic registrations: valid and distinct owners (NIK), no NIB.

    NIK: 6-digit kecamatan, DDMMYY birth date (women: day + 40), 4-digit serial, with
    ``birth_year`` and gender consistent with it. Every owner is a different person,
    so no registration is flagged as a suspected duplicate.
    """
    rng = random.Random(seed)
    niks: set[str] = set()
    registrations: list[Registration] = []
    while len(registrations) < n:
        kecamatan = rng.choice(_KECAMATAN)
        female = rng.random() < 0.6  # most UMKM owners registered by programs are women
        birth_year = rng.randint(1955, 2004)
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        serial = rng.randint(1, 9999)
        nik = f"{kecamatan}{day + 40 if female else day:02d}{month:02d}{birth_year % 100:02d}"
        nik += f"{serial:04d}"
        if nik in niks:
            continue
        niks.add(nik)
        given = rng.choice(_WOMEN if female else _MEN)
        owner_name = f"{given} {rng.choice(_FAMILY)}"
        kbli, product = rng.choice(_BUSINESSES)
        desa_number = rng.randint(2001, 2020) if rng.random() < 0.7 else rng.randint(1001, 1010)
        desa = f"{kecamatan[0:2]}.{kecamatan[2:4]}.{kecamatan[4:6]}.{desa_number}"
        founded_on = date(rng.randint(max(birth_year + 17, 1990), 2024), rng.randint(1, 12), 1)
        gender = "F" if female else "M"
        index = len(registrations)
        registrations.append(
            Registration(
                name=f"{product} {given} {index}",
                owner_name=owner_name,
                owner_nik=nik,
                owner_gender=gender,
                owner_birth_year=birth_year,
                desa=desa,
                sector=kbli,
                founded_on=founded_on,
                street=f"{rng.choice(_STREETS)} No. {rng.randint(1, 250)}",
                command_id=f"bench-{index:07d}-{rng.getrandbits(48):012x}",
                owners=(
                    {"name": owner_name, "nik": nik, "gender": gender, "birth_year": birth_year},
                ),
            )
        )
    return registrations


def validate(registrations: Sequence[Registration]) -> None:
    """Raise the Ledger's own error if any registration would be refused."""
    for r in registrations:
        to_owners(r.owners)
        to_address(r.desa, r.street, None)
        to_kbli(r.sector, 2020)


# ------------------------------------------------------------------------- baseline


class BaselineEnterprise(Aggregate):
    """A minimal aggregate whose created event carries what a registration says."""

    @dataclass(frozen=True)
    class Registered(Aggregate.Created):
        name: str
        owner_name: str
        owner_nik: str
        desa: str
        kbli: str
        founded_on: date

    def __init__(
        self, name: str, owner_name: str, owner_nik: str, desa: str, kbli: str, founded_on: date
    ) -> None:
        self.name = name
        self.owner_name = owner_name
        self.owner_nik = owner_nik
        self.desa = desa
        self.kbli = kbli
        self.founded_on = founded_on

    @classmethod
    def register(cls, r: Registration) -> BaselineEnterprise:
        return cls._create(
            cls.Registered,
            name=r.name,
            owner_name=r.owner_name,
            owner_nik=r.owner_nik,
            desa=r.desa,
            kbli=r.sector,
            founded_on=r.founded_on,
        )


class BaselineIndex(Aggregate):
    """For the ledger-shaped baseline: an aggregate whose id is derived from a key."""

    @dataclass(frozen=True)
    class Started(Aggregate.Created):
        enterprise_id: UUID

    def __init__(self, enterprise_id: UUID) -> None:
        self.enterprises = (enterprise_id,)

    @classmethod
    def start(cls, index_id: UUID, enterprise_id: UUID) -> BaselineIndex:
        return cls._create(cls.Started, id=index_id, enterprise_id=enterprise_id)


class BaselineApplication(Application[UUID]):
    name = "baseline"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())


_INDEX_NAMESPACE: Final = uuid5(NAMESPACE_URL, "urn:umkm-ledger-bench")


# --------------------------------------------------------------------------- stores


class Stores(Protocol):
    """Where each measured side gets its own empty store."""

    backend: str

    def fresh_url(self) -> str: ...

    def discard(self, url: str) -> None: ...


class MemoryStores:
    backend = "memory"

    def fresh_url(self) -> str:
        return "memory://"

    def discard(self, url: str) -> None:
        pass


class SqliteStores:
    backend = "sqlite"

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._count = 0

    def fresh_url(self) -> str:
        self._count += 1
        return f"sqlite:///{self._directory / f'side-{self._count}.db'}"

    def discard(self, url: str) -> None:
        path = Path(parse_url(url).env["SQLITE_DBNAME"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class PostgresStores:
    backend = "postgres"

    def __init__(self, server_url: str) -> None:
        self._server_url = server_url

    def fresh_url(self) -> str:
        return create_database(self._server_url)

    def discard(self, url: str) -> None:
        drop_database(self._server_url, unquote(urlsplit(url).path.lstrip("/")))


@contextmanager
def open_stores(backend: str) -> Iterator[Stores]:
    """Stores for ``backend``; for PostgreSQL without ``$UMKM_LEDGER_TEST_POSTGRES_URL``,
    a throwaway server that lives as long as the context."""
    if backend == "memory":
        yield MemoryStores()
    elif backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="umkm-bench-") as directory:
            yield SqliteStores(Path(directory))
    elif backend == "postgres":
        given = os.environ.get(POSTGRES_URL_ENV, "").strip()
        if given:
            yield PostgresStores(given)
        else:
            with ThrowawayPostgres() as server:
                yield PostgresStores(server.url)
    else:
        raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")


# ------------------------------------------------------------------------ measuring


@dataclass(frozen=True)
class Measurement:
    side: str
    commands: int
    seconds: float
    #: Stored events the side wrote (the recorder's max notification id).
    events: int


def _baseline(app: BaselineApplication, registrations: Sequence[Registration]) -> None:
    save, register = app.save, BaselineEnterprise.register
    for r in registrations:
        save(register(r))


def _baseline_shaped(app: BaselineApplication, registrations: Sequence[Registration]) -> None:
    save, register, get = app.save, BaselineEnterprise.register, app.repository.get
    for r in registrations:
        enterprise = register(r)
        index_id = uuid5(_INDEX_NAMESPACE, f"owner:{r.owner_nik}:{r.desa}:kbli2020:{r.sector}")
        try:
            get(index_id)
        except AggregateNotFoundError:
            index = BaselineIndex.start(index_id, enterprise.id)
        else:
            raise AssertionError("owners are distinct: no index exists yet")
        save(enterprise, index)


def _ledger(ledger: Ledger, registrations: Sequence[Registration]) -> None:
    register = ledger.register_enterprise
    for r in registrations:
        register(
            r.name,
            owners=r.owners,
            desa=r.desa,
            sector=r.sector,
            founded_on=r.founded_on,
            street=r.street,
        )


def _ledger_command_id(ledger: Ledger, registrations: Sequence[Registration]) -> None:
    register = ledger.register_enterprise
    for r in registrations:
        register(
            r.name,
            owners=r.owners,
            desa=r.desa,
            sector=r.sector,
            founded_on=r.founded_on,
            street=r.street,
            command_id=r.command_id,
        )


def _timed(run: Callable[[], None]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def run_side(
    side: str,
    url: str,
    registrations: Sequence[Registration],
    *,
    profiler: cProfile.Profile | None = None,
) -> Measurement:
    """Register every one of ``registrations`` on ``side`` into the (empty) store at ``url``;
    only the command loop is timed (and profiled, when ``profiler`` is given)."""

    def loop(body: Callable[[], None]) -> Callable[[], None]:
        if profiler is None:
            return body

        def profiled() -> None:
            profiler.runcall(body)

        return profiled

    if side in (BASELINE, BASELINE_SHAPED):
        app = BaselineApplication(env=bare_env(url))
        try:
            work = _baseline if side == BASELINE else _baseline_shaped
            seconds = _timed(loop(lambda: work(app, registrations)))
            events = app.recorder.max_notification_id() or 0
        finally:
            app.close()
    elif side in (LEDGER, LEDGER_COMMAND_ID):
        ledger = Ledger.open(url, actor="bench@officer", source_system="bench")
        try:
            work_l = _ledger if side == LEDGER else _ledger_command_id
            seconds = _timed(loop(lambda: work_l(ledger, registrations)))
            events = ledger.application.recorder.max_notification_id() or 0
        finally:
            ledger.close()
    else:
        raise ValueError(f"unknown side {side!r}; choose from {', '.join(SIDES)}")
    return Measurement(side, len(registrations), seconds, events)


@dataclass
class BackendResult:
    backend: str
    n: int
    runs: dict[str, list[Measurement]] = field(default_factory=dict)

    def seconds(self, side: str) -> float:
        return statistics.median(m.seconds for m in self.runs[side])

    def commands_per_s(self, side: str) -> float:
        return self.n / self.seconds(side)

    def events_per_command(self, side: str) -> float:
        return statistics.median(m.events for m in self.runs[side]) / self.n

    def events_per_s(self, side: str) -> float:
        return self.commands_per_s(side) * self.events_per_command(side)

    def ratio(self, side: str, against: str = BASELINE) -> float:
        """Median over repeats of side time / baseline time in the same repeat."""
        pairs = zip(self.runs[side], self.runs[against], strict=True)
        return statistics.median(s.seconds / b.seconds for s, b in pairs)

    def as_json(self) -> dict[str, Any]:
        sides: dict[str, Any] = {}
        for side, runs in self.runs.items():
            sides[side] = {
                "seconds": [round(m.seconds, 4) for m in runs],
                "median_seconds": round(self.seconds(side), 4),
                "commands_per_s": round(self.commands_per_s(side), 1),
                "events_per_command": self.events_per_command(side),
                "events_per_s": round(self.events_per_s(side), 1),
                "ratio": round(self.ratio(side), 4),
            }
        ratio = self.ratio(LEDGER)
        return {
            "n": self.n,
            "sides": sides,
            "ratio": round(ratio, 4),
            "overhead_pct": round((ratio - 1) * 100, 1),
            "goal_ratio": GOAL_RATIO,
            "goal_met": ratio <= GOAL_RATIO,
        }


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def benchmark(
    stores: Stores,
    registrations: Sequence[Registration],
    *,
    repeat: int = 3,
    sides: Sequence[str] = SIDES,
    warmup: int = 500,
) -> BackendResult:
    """Each side ``repeat`` times, each time on a fresh store; the order of the sides
    rotates from one repeat to the next, so drift on a noisy machine hits all alike."""
    result = BackendResult(stores.backend, len(registrations))
    if warmup:
        for side in sides:
            url = stores.fresh_url()
            try:
                run_side(side, url, registrations[:warmup])
            finally:
                stores.discard(url)
    for rep in range(repeat):
        shift = rep % len(sides)
        for side in (*sides[shift:], *sides[:shift]):
            url = stores.fresh_url()
            try:
                measurement = run_side(side, url, registrations)
            finally:
                stores.discard(url)
            result.runs.setdefault(side, []).append(measurement)
            _log(
                f"  {stores.backend} #{rep + 1} {LABELS[side]:<28} {measurement.seconds:8.2f} s"
                f"  {measurement.commands / measurement.seconds:9,.0f} commands/s"
            )
    return result


# ------------------------------------------------------------------------ reporting


def format_table(results: Sequence[BackendResult]) -> str:
    header = (
        f"{'backend':<9} {'side':<28} {'commands/s':>11} {'events/cmd':>10} {'events/s':>10}"
        f" {'median s':>9} {'ratio':>6} {'overhead':>9}"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        for side in SIDES:
            if side not in result.runs:
                continue
            ratio = result.ratio(side)
            lines.append(
                f"{result.backend:<9} {LABELS[side]:<28} {result.commands_per_s(side):>11,.0f}"
                f" {result.events_per_command(side):>10.2f} {result.events_per_s(side):>10,.0f}"
                f" {result.seconds(side):>9.2f} {ratio:>6.2f} {(ratio - 1) * 100:>+8.0f}%"
            )
        if LEDGER in result.runs and BASELINE in result.runs:
            ratio = result.ratio(LEDGER)
            verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
            line = (
                f"{result.backend:<9} goal: ledger ≤ {GOAL_RATIO:.2f} × baseline"
                f" (overhead ≤ {(GOAL_RATIO - 1) * 100:.0f} %): {ratio:.2f}, {verdict}"
            )
            if BASELINE_SHAPED in result.runs:
                line += (
                    f"; ledger / ledger-shaped baseline:"
                    f" {result.ratio(LEDGER, BASELINE_SHAPED):.2f}"
                )
            lines.append(line)
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------ profiling

#: (label, module path suffix, function name) of the Ledger's stages, for the summary.
_STAGES: Final = (
    ("Ledger.register_enterprise (whole command)", "umkm_ledger/ledger.py", "register_enterprise"),
    ("  Ledger._envelope (uuid4, Envelope)", "umkm_ledger/ledger.py", "_envelope"),
    ("  coerce.to_owners (Owner, NIK.parse)", "umkm_ledger/coerce.py", "to_owners"),
    ("  coerce.to_address (RegionCode.parse)", "umkm_ledger/coerce.py", "to_address"),
    ("  coerce.to_kbli", "umkm_ledger/coerce.py", "to_kbli"),
    ("  LedgerApplication._run", "umkm_ledger/application.py", "_run"),
    ("    _fingerprint (encode + sha256)", "umkm_ledger/application.py", "_fingerprint"),
    ("    _first_result (receipt lookup)", "umkm_ledger/application.py", "_first_result"),
    ("    Enterprise.register", "umkm_ledger/domain/enterprise.py", "register"),
    ("    _index_owners", "umkm_ledger/application.py", "_index_owners"),
    ("    _find -> repository.get", "umkm_ledger/application.py", "_find"),
    ("    Application.save", "eventsourcing/application.py", "save"),
    ("      mapper.to_stored_event", "eventsourcing/persistence.py", "to_stored_event"),
    ("      JSONTranscoder.encode", "eventsourcing/persistence.py", "encode"),
    ("      recorder insert_events", "", "insert_events"),
    ("  LedgerAggregate._remember (Fact)", "umkm_ledger/domain/base.py", "_remember"),
    ("  check_effective_date", "umkm_ledger/domain/base.py", "check_effective_date"),
    ("  uuid4", "uuid.py", "uuid4"),
)


def _stage_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]]
    raw = stats.stats  # type: ignore[attr-defined]
    rows: list[tuple[str, float, int]] = []
    for label, path, name in _STAGES:
        cumulative, calls = 0.0, 0
        for (filename, _line, funcname), (_cc, nc, _tt, ct, _callers) in raw.items():
            if funcname == name and filename.replace(os.sep, "/").endswith(path):
                cumulative += ct
                calls += nc
        rows.append((label, cumulative, calls))
    return rows


def bare_env(url: str) -> dict[str, str]:
    """The URL's environment with eventsourcing's own recorders: the baseline is bare
    eventsourcing, without the Merkle leaf the ledger writes with every event."""
    env = dict(parse_url(url).env)
    plain = {
        POSTGRES_FACTORY: "eventsourcing.postgres",
        SQLITE_FACTORY: "eventsourcing.sqlite",
        MEMORY_FACTORY: "eventsourcing.popo",
    }
    env["PERSISTENCE_MODULE"] = plain.get(env["PERSISTENCE_MODULE"], env["PERSISTENCE_MODULE"])
    return env


def profile_ledger(
    stores: Stores, registrations: Sequence[Registration], *, side: str = LEDGER, top: int = 30
) -> str:
    """cProfile one run of ``side``; per-command time of the Ledger's stages and the
    functions with the most own time. (cProfile slows Python code more than C code: read
    the shares, not the absolute numbers.)"""
    profiler = cProfile.Profile()
    url = stores.fresh_url()
    try:
        measurement = run_side(side, url, registrations, profiler=profiler)
    finally:
        stores.discard(url)
    stats = pstats.Stats(profiler)
    n = len(registrations)
    total = measurement.seconds
    out = io.StringIO()
    out.write(
        f"profile of {LABELS[side]!r} on {stores.backend}, {n} commands, "
        f"{total:.2f} s under cProfile ({total / n * 1e6:.0f} µs/command)\n"
        f"{'stage':<44} {'µs/command':>10} {'share':>6} {'calls/cmd':>9}\n"
    )
    for label, cumulative, calls in _stage_times(stats):
        out.write(
            f"{label:<44} {cumulative / n * 1e6:>10.1f} {cumulative / total * 100:>5.0f}%"
            f" {calls / n:>9.2f}\n"
        )
    out.write(f"\ntop {top} functions by own time:\n")
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ----------------------------------------------------------------------------- main


def _parse_list(text: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}"
        )
    return items


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Ledger.register_enterprise against a bare eventsourcing Application.",
    )
    parser.add_argument("--n", type=int, default=100_000, help="registrations per run")
    parser.add_argument(
        "--backends",
        type=lambda text: _parse_list(text, BACKENDS, "backend"),
        default=["sqlite", "postgres"],
        help="comma-separated: sqlite,postgres,memory (default: sqlite,postgres)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; medians reported")
    parser.add_argument(
        "--primary-only",
        action="store_true",
        help="only the baseline and the ledger (no command_id row, no ledger-shaped baseline)",
    )
    parser.add_argument(
        "--warmup", type=int, default=500, help="untimed registrations per side first"
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the measurements, cProfile one ledger run per backend and print it",
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1 or args.warmup < 0:
        parser.error("--n and --repeat must be at least 1, --warmup at least 0")

    sides = PRIMARY_SIDES if args.primary_only else SIDES
    _log(f"generating {args.n} registrations (seed {args.seed}) ...")
    registrations = make_registrations(args.n, args.seed)
    validate(registrations)

    results: list[BackendResult] = []
    profiles: list[str] = []
    for backend in args.backends:
        with ExitStack() as stack:
            _log(f"{backend}: {args.repeat} × {len(sides)} sides × {args.n} registrations")
            stores = stack.enter_context(open_stores(backend))
            results.append(
                benchmark(
                    stores,
                    registrations,
                    repeat=args.repeat,
                    sides=sides,
                    warmup=min(args.warmup, args.n),
                )
            )
            if args.profile:
                profiles.append(profile_ledger(stores, registrations))

    print()
    print(
        f"register_enterprises: n={args.n}, median of {args.repeat}, Python "
        f"{platform.python_version()}, eventsourcing {package_version('eventsourcing')}, "
        f"{os.cpu_count()} CPUs"
    )
    print(format_table(results))
    for text in profiles:
        print(text)
    summary = {
        "benchmark": "register_enterprises",
        "n": args.n,
        "repeat": args.repeat,
        "seed": args.seed,
        "python": platform.python_version(),
        "eventsourcing": package_version("eventsourcing"),
        "cpus": os.cpu_count(),
        "results": {result.backend: result.as_json() for result in results},
    }
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
