"""``umkm-ledger progress ID --format dhis2 --map MAPPING.toml [-o FILE]``: the DHIS2
payload of the Python API, printed or written, in English and Indonesian (translations
strict), with nothing recorded; every misuse refused with exit status 3, naming what is
wrong (the mapping's key, the line of TOML that does not parse, the option)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result

from umkm_ledger import Dhis2Mapping, Ledger
from umkm_ledger.cli import cli
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.i18n.labels import STRICT_ENV

MAPPING = """\
period_type = "Yearly"
skip = ["new_binaan.target"]

[org_units]
level = "kabupaten"

[category_option_combos]
total = "default"
gender = { F = "PEREMPUAN", M = "LAKI_LAKI", not_disaggregated = "TIDAK_TERPILAH" }

[indicators.new_binaan]
actual = "UMKM_BINAAN_BARU"
by = "gender"

[indicators.binaan_nib]
actual = "UMKM_BINAAN_NIB"
"""


@attrs.frozen
class Demo:
    url: str
    program: str
    folder: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("dhis2-cli")
    url = f"sqlite:///{folder / 'demo.db'}"
    with Ledger.open(url, actor="demo@officer", notices=False) as ledger:
        programs = record_demo_programs(ledger, record_demo(ledger))
    (folder / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    return Demo(url, str(programs.ogan_ilir), folder)


def invoke(demo: Demo, *args: str, lang: str = "en") -> Result:
    result = CliRunner().invoke(
        cli, ["--db", demo.url, "--lang", lang, "progress", demo.program, *args],
        env={STRICT_ENV: "1"},
    )  # fmt: skip
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def _log_end(demo: Demo) -> int:
    with Ledger.open(demo.url, create=False, notices=False) as ledger:
        return ledger.log_end()


def _payload(demo: Demo) -> str:
    with Ledger.open(demo.url, create=False, notices=False) as ledger:
        mapping = Dhis2Mapping.from_file(demo.folder / "mapping.toml")
        return ledger.dhis2(demo.program, mapping, as_of="2020-12-31").dumps()


def test_the_payload_is_written_to_the_file_as_the_python_api_makes_it(demo: Demo) -> None:
    before = _log_end(demo)
    out = demo.folder / "binaan.json"
    done = invoke(demo, "--as-of", "2020-12-31", "--format", "dhis2",
                  "--map", str(demo.folder / "mapping.toml"), "-o", str(out))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8") == _payload(demo)
    values = json.loads(out.read_text(encoding="utf-8"))["dataValues"]
    assert sum(int(v["value"]) for v in values if v["dataElement"] == "UMKM_BINAAN_BARU") == 706
    assert done.stdout == ""
    assert done.stderr == f"{len(values)} DHIS2 data values: {out}\n"
    assert _log_end(demo) == before


def test_without_a_file_the_payload_is_printed(demo: Demo) -> None:
    done = invoke(demo, "--as-of", "2020-12-31", "--format", "dhis2",
                  "--map", str(demo.folder / "mapping.toml"))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout == _payload(demo)
    assert done.stderr.endswith("DHIS2 data values\n")


def test_in_indonesian(demo: Demo) -> None:
    done = invoke(demo, "--as-of", "2020-12-31", "--format", "dhis2",
                  "--map", str(demo.folder / "mapping.toml"), lang="id")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout == _payload(demo)  # the payload is for DHIS2: the same in any language
    assert done.stderr.endswith(" nilai data DHIS2\n")
    kecamatan = demo.folder / "kecamatan.toml"
    kecamatan.write_text(MAPPING.replace('"kabupaten"', '"kecamatan"'), encoding="utf-8")
    refused = invoke(demo, "--format", "dhis2", "--map", str(kecamatan), lang="id")
    assert refused.exit_code == 3, refused.output
    assert refused.stderr.startswith("kesalahan: Dhis2MappingIncomplete: org_units.level: ")
    assert "saldo awal 654" in refused.stderr


def test_another_format_may_go_to_a_file_too(demo: Demo) -> None:
    out = demo.folder / "progress.csv"
    done = invoke(demo, "--format", "csv", "-o", str(out))
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").startswith("program_id,as_of,indicator,")


MISUSES = {
    "a mapping without --format dhis2": (["--map", "{folder}/mapping.toml"], "--map"),
    "--format dhis2 without a mapping": (["--format", "dhis2"], "--map"),
    "--by with a mapping": (
        ["--format", "dhis2", "--map", "{folder}/mapping.toml", "--by", "gender"],
        "--by",
    ),
    "a mapping that is not there": (
        ["--format", "dhis2", "--map", "{folder}/nothing.toml"],
        "Dhis2MappingNotValid: mapping",
    ),
    "a mapping that is not TOML": (
        ["--format", "dhis2", "--map", "{folder}/broken.toml"],
        "broken.toml, line 5",
    ),
    "a file in a folder that is not there": (
        ["--format", "dhis2", "--map", "{folder}/mapping.toml", "-o", "{folder}/no/out.json"],
        "--out",
    ),
}


@pytest.mark.parametrize("case", MISUSES, ids=list(MISUSES))
def test_a_misuse_is_refused_naming_what_is_wrong(demo: Demo, case: str) -> None:
    (demo.folder / "broken.toml").write_text(MAPPING.replace("level =", "level"), "utf-8")
    args, named = MISUSES[case]
    before = _log_end(demo)
    done = invoke(demo, *(arg.format(folder=demo.folder) for arg in args))
    assert done.exit_code == 3, done.output
    assert done.stderr.startswith("error: ")
    assert named in done.stderr
    assert _log_end(demo) == before
