"""A district's registry imported from a spreadsheet, beside the batch API doing the same.

Writes a CSV of ``--rows`` enterprises (deterministic for ``--seed``: name, owner, NIK,
gender, birth year, desa, KBLI, founding date as offices type it, and a sales figure with
its year, as ``Rp 48.000.000``), then, on a fresh store per side and backend:

=========  ==========================================================================
import     ``import_enterprises(ledger, file)``: read the file, parse every cell, and
           submit each row's registration and sales report to ``Ledger.batch``
baseline   the same commands with the same arguments, already parsed, submitted to
           ``Ledger.batch`` directly (what the import costs beyond the batch)
=========  ==========================================================================

``ratio`` is import rows/s over baseline rows/s (1.0: reading and parsing the file costs
nothing). Progress on stderr; one JSON line last on stdout.

    .venv/bin/python bench/import_registry.py --rows 36000 --backends sqlite,postgres
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg

from umkm_ledger import Ledger, import_enterprises
from umkm_ledger.testing.postgres import ThrowawayPostgres

_DESA = [f"16.09.{k:02d}.{2000 + d}" for k in range(1, 21) for d in range(1, 16)]
_KBLI = ["10750", "10611", "16293", "10761", "10792", "25110", "14111", "47111", "10799"]


def rows(count: int, seed: int) -> list[dict[str, Any]]:
    """The registry's rows, as parsed values (the baseline sends these)."""
    rng = random.Random(seed)
    made = []
    for n in range(1, count + 1):
        female = rng.random() < 0.5
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))
        desa = rng.choice(_DESA)
        day = born.day + (40 if female else 0)
        nik = f"{desa[:2]}{desa[3:5]}{desa[6:8]}{day:02d}{born.month:02d}{born.year % 100:02d}"
        nik += f"{n % 9999 + 1:04d}"
        founded = date(2000, 1, 1) + timedelta(days=rng.randrange(0, 23 * 365))
        made.append(
            {
                "name": f"Usaha {n}",
                "owner": f"Pemilik {n}",
                "nik": nik,
                "gender": "P" if female else "L",
                "birth_year": born.year,
                "desa": desa,
                "sector": rng.choice(_KBLI),
                "founded_on": founded,
                "sales": rng.randrange(10, 400) * 1_000_000,
            }
        )
    return made


def write_csv(path: Path, made: Sequence[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "Nama Usaha",
                "Nama Pemilik",
                "NIK",
                "Jenis Kelamin",
                "Tahun Lahir",
                "Kode Desa",
                "KBLI",
                "Tanggal Berdiri",
                "Tahun Omzet",
                "Omzet",
            ]
        )
        for r in made:
            writer.writerow(
                [
                    r["name"],
                    r["owner"],
                    r["nik"],
                    r["gender"],
                    r["birth_year"],
                    r["desa"].replace(".", ""),
                    r["sector"],
                    r["founded_on"].strftime("%d/%m/%Y"),
                    2023,
                    f"Rp {r['sales']:,}".replace(",", "."),
                ]
            )


def baseline(ledger: Ledger, made: Sequence[dict[str, Any]]) -> None:
    with ledger.batch(size=500) as batch:
        for r in made:
            item = batch.submit(
                ledger.register_enterprise,
                r["name"],
                owners=[
                    {
                        "name": r["owner"],
                        "nik": r["nik"],
                        "gender": r["gender"],
                        "birth_year": r["birth_year"],
                    }
                ],
                desa=r["desa"],
                sector=r["sector"],
                founded_on=r["founded_on"],
                command_id=f"bench:{r['nik']}:register",
            )
            if item.result is not None:
                batch.submit(
                    ledger.report_sales,
                    item.result,
                    year=2023,
                    amount=r["sales"],
                    command_id=f"bench:{r['nik']}:sales",
                )


@contextmanager
def _stores(backend: str, folder: Path) -> Iterator[list[str]]:
    if backend == "sqlite":
        yield [f"sqlite:///{folder / 'import.db'}", f"sqlite:///{folder / 'baseline.db'}"]
        return
    with ThrowawayPostgres() as server:
        base = server.url.rsplit("/", 1)[0]
        with psycopg.connect(server.url, autocommit=True) as connection:
            for name in ("import_side", "baseline_side"):
                connection.execute(f"CREATE DATABASE {name}")
        yield [f"{base}/import_side", f"{base}/baseline_side"]


def _progress(backend: str) -> Any:
    def say(done: int, total: int) -> None:
        if done % 5000 == 0 or done == total:
            print(f"[import {backend}] {done}/{total} rows", file=sys.stderr)

    return say


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=36_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)
    made = rows(args.rows, args.seed)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        file = folder / "registry.csv"
        write_csv(file, made)
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            with _stores(backend, folder) as (import_url, baseline_url):
                ledger = Ledger.open(import_url, notices=False)
                start = time.perf_counter()
                report = import_enterprises(ledger, file, on_progress=_progress(backend))
                imported = time.perf_counter() - start
                ledger.close()
                other = Ledger.open(baseline_url, notices=False)
                start = time.perf_counter()
                baseline(other, made)
                based = time.perf_counter() - start
                other.close()
                results[backend] = {
                    "rows": args.rows,
                    "import_s": imported,
                    "baseline_s": based,
                    "import_rows_per_s": args.rows / imported,
                    "baseline_rows_per_s": args.rows / based,
                    "ratio": based / imported,
                    "summary": report.summary(),
                }
                print(
                    f"| {backend} | {args.rows} rows | import {imported:.1f} s "
                    f"({args.rows / imported:,.0f} rows/s) | baseline {based:.1f} s | "
                    f"ratio {based / imported:.2f} |"
                )
    print(json.dumps({"rows": args.rows, "seed": args.seed, "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
