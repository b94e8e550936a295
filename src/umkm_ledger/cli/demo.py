"""``umkm-ledger demo``: record the source articles' enterprises and print a summary."""

from __future__ import annotations

import json
import shlex
import tempfile
from collections import Counter
from pathlib import Path
from uuid import UUID

import click

from umkm_ledger.activity.text import (
    render_coverage,
    render_enterprise_timeline,
    render_training,
)
from umkm_ledger.audit.checkpoint import generate_key, load_private_key, private_pem, public_pem
from umkm_ledger.audit.service import dumps_bundle
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.imports import render_report
from umkm_ledger.demo.activity import DemoActivity, record_demo_activity
from umkm_ledger.demo.dhis2 import OGAN_ILIR_DHIS2_MAPPING
from umkm_ledger.demo.enterprises import record_demo
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import DemoPrograms, record_demo_programs
from umkm_ledger.demo.registry import DEMO_REGISTRY_CSV, DEMO_REGISTRY_NAME
from umkm_ledger.enterprises.text import render_enterprise, render_timeline
from umkm_ledger.funding.text import render_anomalies, render_funds, render_grant
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.imports.registry import ImportReport, import_enterprises
from umkm_ledger.interchange.dhis2.mapping import Dhis2Mapping
from umkm_ledger.kernel.errors import N_
from umkm_ledger.ledger import Ledger
from umkm_ledger.programs.text import render_progress

__all__ = ["demo"]


@click.command()
@click.option(
    "--audit-dir",
    default=None,
    help="Where the audit files go (default: beside a SQLite ledger, else a temp folder).",
)
@pass_cli
def demo(cli: CliContext, audit_dir: str | None) -> None:
    """Record the seed articles' enterprises, groups and programs (idempotent) and
    summarise them, with the programs' progress."""
    ledger = cli.ledger
    labels = cli.labels
    result = record_demo(ledger)
    programs = record_demo_programs(ledger, result)
    funding = record_demo_funding(ledger, result, programs)
    activity = record_demo_activity(ledger, result, programs, funding)
    folder = _files_folder(ledger, audit_dir)
    registry = _import_registry(ledger, folder)
    views = [ledger.enterprise(i) for i in ledger.enterprise_ids()]
    by_status = Counter(labels.term(v.status.value) for v in views)
    by_class = Counter(labels.term(v.size_class.value) if v.size_class else "-" for v in views)
    events = ledger.application.recorder.max_notification_id() or 0
    click.echo(f"{labels['ledger']}: {ledger.url}")
    click.echo(f"{labels['events']}: {labels.number(events)}")
    click.echo(f"{labels['enterprises']}: {labels.number(len(views))}")
    click.echo(
        f"  {labels['by_status']}: "
        + ", ".join(f"{k} {labels.number(n)}" for k, n in sorted(by_status.items()))
    )
    click.echo(
        f"  {labels['size_class']}: "
        + ", ".join(f"{k} {labels.number(n)}" for k, n in sorted(by_class.items()))
    )
    click.echo(f"{labels['groups']}:")
    for group_id in ledger.group_ids():
        group = ledger.group(group_id)
        click.echo(
            f"  {labels.term(group.kind.value)} {group.name}: {labels.number(len(group.members))} "
            f"{labels['members'].lower()}"
        )
    click.echo("")
    click.echo(f"{labels['naik_kelas']}:")
    rice = ledger.enterprise(result.naik_kelas)
    click.echo(render_enterprise(rice, labels))
    click.echo(render_timeline(ledger.history(rice.id, locale=labels.locale), labels))
    click.echo("")
    duplicate = ledger.enterprise(result.duplicate)
    click.echo(render_enterprise(duplicate, labels))
    click.echo(render_timeline(ledger.history(duplicate.id, locale=labels.locale), labels))
    for program_id, as_of, by in [
        (programs.ogan_ilir, "2020-12-31", None),
        (programs.oku_timur, "2020-12-31", None),
        (programs.sulsel, "2018-12-31", "kecamatan"),
        (programs.kub_program, None, None),
        (funding.kemenperin_program, "2018-12-31", "kabupaten"),
    ]:
        click.echo("")
        click.echo(render_progress(ledger.progress(program_id, as_of=as_of, by=by), labels))
    click.echo("")
    click.echo(render_funds(ledger.funds(), labels))
    click.echo("")
    hutama_karya = ledger.grant(funding.hutama_karya)
    click.echo(render_grant(hutama_karya, labels))
    click.echo(render_timeline(ledger.history(hutama_karya.id, locale=labels.locale), labels))
    click.echo("")
    click.echo(render_anomalies(ledger.anomalies(), labels))
    click.echo("")
    sentra_member = result.sentra_members[0]
    _print_activity(ledger, labels, activity, programs.ogan_ilir, sentra_member)
    _hints(
        ledger, labels, result.sentra_members[0], funding.looms, activity.bimtek, programs.sulsel
    )
    click.echo("")
    _show_import_and_feed(ledger, labels, registry)
    click.echo("")
    _files_for_others(ledger, labels, folder, funding.hutama_karya, programs)


def _files_for_others(
    ledger: Ledger, labels: Labels, folder: Path, grant: UUID, programs: DemoPrograms
) -> None:
    """What others take from the ledger: the auditor's files, the funder's IATI file, the
    district dashboard's DHIS2 payload."""
    _audit(ledger, labels, folder, grant)
    click.echo("")
    _iati(ledger, labels, folder, programs.kub_program)
    _dhis2(ledger, labels, folder, programs.ogan_ilir)


def _suggest(ledger: Ledger, labels: Labels, *words: str) -> None:
    """Print a command to try next on the demo's ledger, in the demo's language, quoted
    for a shell (a database path may hold spaces)."""
    language = [] if labels.language == "en" else ["--lang", labels.language]
    click.echo(shlex.join(["umkm-ledger", "--db", ledger.url, *language, *words]))


def _hints(
    ledger: Ledger, labels: Labels, member: UUID, looms: UUID, bimtek: UUID, sulsel: UUID
) -> None:
    """Commands to try next on the demo's records."""
    _suggest(ledger, labels, "enterprise", "show", str(member))
    _suggest(ledger, labels, "grant", "show", str(looms))
    _suggest(ledger, labels, "training", "show", str(bimtek))
    _suggest(ledger, labels, "enterprise", "timeline", str(member))
    _suggest(ledger, labels, "progress", str(sulsel), "--by", "desa", "--chart", "sulsel.png")


def _files_folder(ledger: Ledger, audit_dir: str | None) -> Path:
    """Where the demo writes its files (the registry it imports, the audit's)."""
    folder = Path(audit_dir) if audit_dir else _default_audit_dir(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import_registry(ledger: Ledger, folder: Path) -> tuple[Path, ImportReport]:
    """A kecamatan's registration list, written out and imported (again: nothing new on
    a rerun)."""
    registry = folder / DEMO_REGISTRY_NAME
    registry.write_text(DEMO_REGISTRY_CSV, encoding="utf-8")
    return registry, import_enterprises(ledger, registry, source="demo-madang-suku-iii-2024")


def _show_import_and_feed(
    ledger: Ledger, labels: Labels, registry: tuple[Path, ImportReport]
) -> None:
    """The import's report, and the last events of the public feed, as another district
    system reads them."""
    file, report = registry
    click.echo(render_report(report, labels))
    _suggest(ledger, labels, "import", "enterprises", str(file), "--dry-run")
    click.echo("")
    after = max(ledger.log_end() - 40, 0)
    events = ledger.feed(after=after, types=["enterprises.Enterprise"]).events[-2:]
    click.echo(labels.text(N_("the public feed (CloudEvents, one per line; NIKs masked):")))
    for event in events:
        click.echo(json.dumps(event, ensure_ascii=False))
    _suggest(ledger, labels, "feed", "--after", str(after), "--types", "enterprises")


def _print_activity(
    ledger: Ledger, labels: Labels, activity: DemoActivity, program: UUID, member: UUID
) -> None:
    """The Bimtek, the mentoring coverage of 2017 and one sentra member's timeline."""
    click.echo(render_training(ledger.training(activity.bimtek), labels))
    click.echo("")
    coverage = ledger.mentoring_coverage(
        program, period="2017-01-01..2017-12-31", as_of="2017-12-31"
    )
    names = {row.enterprise_id: ledger.enterprise(row.enterprise_id).name for row in coverage.rows}
    click.echo(render_coverage(coverage, labels, names))
    click.echo("")
    click.echo(render_enterprise_timeline(ledger.timeline(member, locale=labels.locale), labels))
    click.echo("")


def _audit(ledger: Ledger, labels: Labels, folder: Path, grant: UUID) -> None:
    """End as an auditor would: sign a checkpoint, verify against it, export the Hutama
    Karya grant's proof bundle and audit report, and say where the files are."""
    key_file = folder / "demo-auditor.key"
    if not key_file.exists():
        key = generate_key()
        key_file.write_bytes(private_pem(key))
        key_file.chmod(0o600)
        (folder / "demo-auditor.key.pub").write_bytes(public_pem(key))
    key = load_private_key(key_file.read_bytes())
    checkpoint = ledger.checkpoint(key)
    checkpoint_file = folder / "checkpoint.json"
    checkpoint_file.write_text(checkpoint.dumps(), encoding="utf-8")
    verified = ledger.verify(checkpoint=checkpoint, public_key=key.public_key())
    bundle_file = folder / "hutama-karya-grant.json"
    bundle_file.write_text(
        dumps_bundle(ledger.proof_bundle(grant, checkpoint=checkpoint)), encoding="utf-8"
    )
    report_file = folder / "hutama-karya-report.html"
    report = ledger.audit_report(grant, checkpoint=checkpoint, public_key=key.public_key())
    report_file.write_text(report.to_html(labels), encoding="utf-8")
    say = labels.text
    files = [
        (N_("checkpoint"), checkpoint_file),
        (N_("public key"), folder / "demo-auditor.key.pub"),
        (N_("Hutama Karya grant, with inclusion proofs"), bundle_file),
        (N_("its audit report (open in a browser)"), report_file),
    ]
    audited = N_("audit")
    click.echo(f"{say(audited)}: {say(verified.message())}")
    for what, where in files:
        click.echo(f"  {say(what)}: {where}")
    click.echo(
        shlex.join(
            [
                "umkm-ledger",
                "audit",
                "check-bundle",
                str(bundle_file),
                "--public-key",
                str(folder / "demo-auditor.key.pub"),
            ]
        )
    )


#: The demo's IATI identifier for PT Hutama Karya (made up: XI-IATI is IATI's own list).
DEMO_HUTAMA_KARYA = "XI-IATI-DEMO-HK"
DEMO_HUTAMA_KARYA_NAME = "PT Hutama Karya (Persero)"


def _iati(ledger: Ledger, labels: Labels, folder: Path, program: UUID) -> None:
    """The KUB program's IATI activity file as PT Hutama Karya's TJSL would publish it:
    its own pledges, commitment and goods, and the program's results (the demo writes it
    anew each time, as it does its audit files)."""
    funder = "TJSL PT Hutama Karya"
    made = ledger.iati(
        program, reporting_org=DEMO_HUTAMA_KARYA, reporting_org_name=DEMO_HUTAMA_KARYA_NAME,
        as_funder=funder, language=labels.language,
    )  # fmt: skip
    target = folder / "hutama-karya-iati.xml"
    target.write_bytes(made.xml)
    said = labels.text(N_("IATI 2.03 activity file, as PT Hutama Karya's TJSL reports it"))
    click.echo(f"{said}: {target}")
    _suggest(
        ledger, labels, "iati", str(program), "--reporting-org", DEMO_HUTAMA_KARYA,
        "--reporting-org-name", DEMO_HUTAMA_KARYA_NAME, "--as-funder", funder,
    )  # fmt: skip


def _dhis2(ledger: Ledger, labels: Labels, folder: Path, program: UUID) -> None:
    """Ogan Ilir's progress to 2020 as a DHIS2 data value set: the mapping file its DHIS2
    administrator would write, and the payload made from it (both written anew)."""
    mapping_file = folder / "ogan-ilir-dhis2-mapping.toml"
    mapping_file.write_text(OGAN_ILIR_DHIS2_MAPPING, encoding="utf-8")
    payload = ledger.dhis2(program, Dhis2Mapping.from_file(mapping_file), as_of="2020-12-31")
    target = folder / "ogan-ilir-dhis2.json"
    target.write_text(payload.dumps(), encoding="utf-8")
    said = labels.text(
        N_("DHIS2 data value set of Ogan Ilir's program ({count} data values)",
           count=len(payload.data_values))
    )  # fmt: skip
    click.echo(f"{said}: {target}")
    _suggest(
        ledger, labels, "progress", str(program), "--as-of", "2020-12-31",
        "--format", "dhis2", "--map", str(mapping_file),
    )  # fmt: skip


def _default_audit_dir(ledger: Ledger) -> Path:
    database = ledger.application.env.get("SQLITE_DBNAME")
    if database:
        path = Path(database)
        return path.parent / f"{path.stem}-audit"
    return Path(tempfile.gettempdir()) / "umkm-ledger-demo-audit"
