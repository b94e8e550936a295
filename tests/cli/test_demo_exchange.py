"""The demo writes what the systems around a district take in: the KUB program's IATI
activity file as PT Hutama Karya would publish it, and Ogan Ilir's progress as a DHIS2
data value set with the mapping file it was made from; each file valid, and each the one
its printed command makes again."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import attrs
import jsonschema
import pytest
from lxml import etree

from tests.cli.test_cli import run
from tests.iati_checks import codelist_problems, rule_problems, schema_problems
from umkm_ledger.interchange.dhis2.payload import payload_schema

GOLDEN_DHIS2 = Path(__file__).parents[1] / "golden" / "dhis2" / "ogan-ilir.json"


@attrs.frozen
class DemoRun:
    url: str
    folder: Path
    output: str

    def command_after(self, line_start: str) -> list[str]:
        """The arguments of the umkm-ledger command the demo printed after the line
        starting with ``line_start`` (without ``umkm-ledger --db URL``)."""
        lines = self.output.splitlines()
        [index] = [i for i, line in enumerate(lines) if line.startswith(line_start)]
        words = shlex.split(lines[index + 1])
        assert words[:3] == ["umkm-ledger", "--db", self.url], lines[index + 1]
        return words[3:]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    folder = tmp_path_factory.mktemp("demo-exchange")
    url = f"sqlite:///{folder / 'demo.db'}"
    shown = run(url, "demo", "--audit-dir", str(folder / "audit"))
    assert shown.exit_code == 0, shown.output
    return DemoRun(url, folder / "audit", shown.output)


def test_the_demo_writes_an_iati_file_that_validates(demo: DemoRun) -> None:
    written = demo.folder / "hutama-karya-iati.xml"
    assert f"IATI 2.03 activity file, as PT Hutama Karya's TJSL reports it: {written}" in (
        demo.output
    )
    xml = written.read_bytes()
    assert schema_problems(xml) == []
    assert codelist_problems(xml) == []
    assert rule_problems(xml) == []
    activity = etree.fromstring(xml).find("iati-activity")
    assert activity is not None
    kinds = [t.get("code") for t in activity.iter("transaction-type")]
    assert kinds == ["12", "2", "12", "4"]  # its pledges, its commitment, the goods
    assert activity.findtext("location/name/narrative") == "Kabupaten Ogan Ilir"
    assert activity.findtext("reporting-org/narrative") == "PT Hutama Karya (Persero)"
    again = run(demo.url, *demo.command_after("IATI 2.03 activity file"))
    assert again.exit_code == 0, again.output
    assert _undated(again.stdout_bytes) == _undated(xml)


def _undated(xml: bytes) -> bytes:
    """The file without its generated-datetime (the moment it was made)."""
    return re.sub(rb'generated-datetime="[^"]+"', b"", xml)


def test_the_demo_writes_a_dhis2_payload(demo: DemoRun) -> None:
    written = demo.folder / "ogan-ilir-dhis2.json"
    assert (demo.folder / "ogan-ilir-dhis2-mapping.toml").is_file()
    said = "DHIS2 data value set of Ogan Ilir's program ("
    payload = json.loads(written.read_text(encoding="utf-8"))
    jsonschema.validate(payload, payload_schema())
    # The figures hand-checked in the DHIS2 tests: 654 before the ledger, then by sex.
    assert written.read_text(encoding="utf-8") == GOLDEN_DHIS2.read_text(encoding="utf-8")
    count = len(payload["dataValues"])
    assert f"{said}{count} data values): {written}" in demo.output
    again = run(demo.url, *demo.command_after(said))
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == payload
