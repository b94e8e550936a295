"""Places by name on the command line: enterprises listed by region (a name or a code),
and progress, funds and records naming their places beside the codes, on the demo's
ledger, on SQLite and PostgreSQL, in English and Indonesian."""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterator

import pytest

from tests.cli.test_cli import run
from tests.conftest import _given_server_url
from umkm_ledger.testing.postgres import create_database, drop_database


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def demo_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo's ledger, recorded once per backend through ``umkm-ledger demo``."""
    name = ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        server: str = request.getfixturevalue("postgres_server_url")
        name = f"t_{secrets.token_hex(8)}"
        url = create_database(server, name)
    folder = tmp_path_factory.mktemp("audit")
    recorded = run(url, "demo", "--audit-dir", str(folder))
    assert recorded.exit_code == 0, recorded.output
    yield url
    if name and _given_server_url() is not None:
        drop_database(request.getfixturevalue("postgres_server_url"), name)


def _program(url: str, starts: str) -> str:
    listed = json.loads(run(url, "program", "list", "--format", "json").output)
    [found] = [p["id"] for p in listed if p["name"].startswith(starts)]
    return str(found)


@pytest.mark.parametrize("typed", ["Madang Suku III", "madang  suku iii", "16.08.13"])
def test_enterprises_of_a_kecamatan_by_its_name_or_code(demo_url: str, typed: str) -> None:
    listed = run(demo_url, "enterprise", "list", "--kecamatan", typed)

    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert "Beras Organik Wana Bakti" in listed.output
    assert "Tenun Songket" not in listed.output  # Ogan Ilir's
    assert len(lines) >= 5
    assert all(line.endswith(" — Wana Bakti (16.08.13.2004)") for line in lines), lines


def test_enterprises_of_a_kecamatan_in_indonesian(demo_url: str) -> None:
    english = run(demo_url, "enterprise", "list", "--kecamatan", "Madang Suku III")
    indonesian = run(demo_url, "enterprise", "list", "--kecamatan", "Madang Suku III", lang="id")

    assert indonesian.exit_code == 0, indonesian.output
    assert len(indonesian.output.splitlines()) == len(english.output.splitlines())
    assert "aktif" in indonesian.output
    assert "Wana Bakti (16.08.13.2004)" in indonesian.output


def test_filters_narrow_together_and_json_names_the_desa_beside_its_code(demo_url: str) -> None:
    listed = run(
        demo_url, "enterprise", "list", "--kabupaten", "Ogan Komering Ulu Timur",
        "--desa", "Wana Bakti", "--format", "json",
    )  # fmt: skip

    assert listed.exit_code == 0, listed.output
    enterprises = json.loads(listed.output)
    assert enterprises
    address = enterprises[0]["address"]
    assert address["desa"] == "16.08.13.2004"
    assert address["desa_edition"] == "Kepmendagri 100.1.1-6117/2022"
    assert address["desa_name"] == "Wana Bakti"
    every = json.loads(run(demo_url, "enterprise", "list", "--format", "json").output)
    assert len(every) > len(enterprises)


def test_a_name_several_desa_share_is_refused_with_their_codes(demo_url: str) -> None:
    refused = run(demo_url, "enterprise", "list", "--desa", "Sukarami")
    indonesian = run(demo_url, "enterprise", "list", "--desa", "Sukarami", lang="id")

    assert refused.exit_code == 3
    assert "error: AmbiguousRegionName: desa: 26 places (desa/kelurahan) have this name" in (
        refused.output
    )
    assert "Sukarami (16.10.05.2016, Pemulutan, Kabupaten Ogan Ilir)" in refused.output
    assert indonesian.exit_code == 3
    assert "26 wilayah (desa/kelurahan) bernama demikian" in indonesian.output
    narrowed = run(demo_url, "enterprise", "list", "--kabupaten", "Ogan Ilir", "--desa", "Sukarami")
    assert narrowed.exit_code == 0, narrowed.output
    assert narrowed.output.strip()
    assert all(line.endswith("Sukarami (16.10.05.2016)") for line in narrowed.output.splitlines())


def test_a_name_of_the_wrong_level_or_place_is_refused_saying_where_it_is(demo_url: str) -> None:
    wrong_level = run(demo_url, "enterprise", "list", "--desa", "Madang Suku III")
    wrong_place = run(
        demo_url, "enterprise", "list", "--kabupaten", "Ogan Ilir", "--desa", "Wana Bakti",
        lang="id",
    )  # fmt: skip
    misspelt = run(demo_url, "enterprise", "list", "--kecamatan", "Madang Suku Tiga")

    assert wrong_level.exit_code == 3
    assert "no desa/kelurahan has this name; these have it: Madang Suku III (16.08.13" in (
        wrong_level.output
    )
    assert wrong_place.exit_code == 3
    assert "tidak ada desa/kelurahan di Kabupaten Ogan Ilir (16.10) yang bernama demikian" in (
        wrong_place.output
    )
    assert "Wana Bakti (16.08.13.2004, Madang Suku III" in wrong_place.output
    assert misspelt.exit_code == 3
    assert "close: Madang Suku I (16.08.07" in misspelt.output


def test_progress_names_its_places_beside_their_codes(demo_url: str) -> None:
    sulsel = _program(demo_url, "Wirausaha Muda per Desa")
    table = run(demo_url, "progress", sulsel, "--as-of", "2018-12-31", "--by", "kecamatan")
    indonesian = run(
        demo_url, "progress", sulsel, "--as-of", "2018-12-31", "--by", "desa", lang="id"
    )

    assert table.exit_code == 0, table.output
    assert "Bontonompo (73.06.01)" in table.output
    assert "Bajeng (73.06.02)" in table.output
    assert "73.06.01 " not in table.output.replace("(73.06.01)", "")  # never a bare code
    assert indonesian.exit_code == 0, indonesian.output
    assert "Bontolangkasa Utara (73.06.01.2004)" in indonesian.output
    assert "Maccinibaji (73.06.02.2006)" in indonesian.output


def test_progress_json_and_csv_keep_the_codes_and_add_the_names(demo_url: str) -> None:
    sulsel = _program(demo_url, "Wirausaha Muda per Desa")
    as_json = run(
        demo_url, "progress", sulsel, "--as-of", "2018-12-31", "--by", "kecamatan",
        "--format", "json",
    )  # fmt: skip
    as_csv = run(
        demo_url, "progress", sulsel, "--as-of", "2018-12-31", "--by", "kecamatan",
        "--format", "csv",
    )  # fmt: skip

    indicator = json.loads(as_json.output)["indicators"][0]
    rows = {r["key"]: r for r in indicator["rows"]}
    assert rows["73.06.01"]["name"] == "Bontonompo"
    assert rows["73.06.01"]["edition"] == "Kepmendagri 100.1.1-6117/2022"
    cell = indicator["cells"][0]
    assert (cell["area"], cell["area_name"]) == ("73.06.01", "Bontonompo")
    records = list(csv.DictReader(io.StringIO(as_csv.output)))
    breakdown = [r for r in records if r["row"] == "breakdown"]
    assert {(r["key"], r["key_name"]) for r in breakdown} >= {("73.06.02", "Bajeng")}


def test_funds_by_region_and_records_name_their_places(demo_url: str) -> None:
    funds = run(demo_url, "funds", "--by", "kabupaten", "--as-of", "2024-12-31")
    as_json = run(
        demo_url, "funds", "--by", "kabupaten", "--as-of", "2024-12-31", "--format", "json"
    )
    oku = _program(demo_url, "1000 UKM Pemula")
    program = run(demo_url, "program", "show", oku)

    assert funds.exit_code == 0, funds.output
    assert "Kota Palembang (16.71)" in funds.output
    assert "Kabupaten Banyuasin (16.07)" in funds.output
    regions = {r["region"]: r for r in json.loads(as_json.output)["by_region"]}
    assert regions["16.71"]["region_name"] == "Kota Palembang"
    assert program.exit_code == 0, program.output
    assert "Kabupaten Ogan Komering Ulu Timur (16.08)" in program.output
