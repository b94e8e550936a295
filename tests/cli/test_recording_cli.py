"""Every command that records says what it recorded, and every other command records
nothing.

Given the whole ``umkm-ledger`` command tree, every command is either a recording command
(it offers ``--format text|json|id``) or on the list of commands that only read, each
with the reason. Given a realistic life of a program (planned, enterprises registered and
enrolled, funded, grants proposed to handed over, mentoring, a Bimtek, KUR, an
exhibition, a merge) run through every recording command on the command line, with the
records named by the first 8 hex digits of their id as histories print them: each
command prints one line naming the kind of record, its whole id and what it recorded, in
English, in Indonesian (``--lang id``), as JSON (``--format json``) and as the id alone
(``--format id``); the same command sent again with its command id says that nothing
new was recorded. Then every read-only command, run on that ledger, leaves its log as it
was.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import click
import pytest
from click.testing import CliRunner, Result

from tests.cli.test_indonesian_cli import _english_only, _words
from umkm_ledger import Ledger
from umkm_ledger.cli import cli
from umkm_ledger.i18n.labels import STRICT_ENV

# -- the command tree ----------------------------------------------------------------

#: Commands that record nothing, and why: each is run below on a ledger with every kind
#: of record, and must leave its log as it was.
READ_ONLY = {
    "enterprise show": "prints one enterprise",
    "enterprise timeline": "prints what happened to one enterprise",
    "enterprise list": "lists enterprises",
    "group show": "prints one group",
    "group list": "lists groups",
    "program show": "prints one program's definition",
    "program list": "lists programs",
    "progress": "computes a program's progress from the views",
    "indicator-kinds": "lists what indicators can count",
    "allocation show": "prints one allocation's figures",
    "grant aid": "lists a beneficiary's aid",
    "grant list": "lists grants",
    "grant history": "replays a grant",
    "grant show": "prints one grant",
    "funds": "the funding report",
    "iati": "writes a program's IATI activity file (to a new file, or prints it)",
    "anomalies": "what auditors should look at",
    "kur list": "lists KUR referrals",
    "mentoring show": "prints one session",
    "mentoring coverage": "computes coverage from the views",
    "training show": "prints one training",
    "history": "replays any record",
    "audit keygen": "writes a key pair to files, nothing to the ledger",
    "audit checkpoint": "signs the ledger's state into a file",
    "audit verify": "recomputes the tree and compares",
    "audit bundle": "exports a record's events with proofs to a file",
    "audit trail": "lists events with their envelopes",
    "audit report": "writes a report file",
    "audit check-bundle": "checks a bundle file, offline",
    "project": "brings the views up to date (views, not events)",
    "rebuild": "replays the views (views, not events)",
    "feed": "prints recorded events (the public feed)",
    "export": "writes the log to a file",
    "backup": "copies the database file",
    "save-secret": "writes the ledger's secret to a new file",
    "feed-schemas": "prints or writes the feed's JSON Schemas (files, not events)",
    "token list": "lists the API tokens (never their secrets)",
    "person erasures": "lists the erasures (never a NIK)",
}
#: Commands that run until stopped, and why they are not run here.
LONG_RUNNING = {
    "serve": "serves HTTP until stopped; what its requests record is tested in tests/server",
}
#: Commands that record but are not recording commands, and why.
RECORDS_AND_SUMMARISES = {
    "demo": "records the seed articles' ledger (idempotently) and prints its own summary",
    "import enterprises": "records through the batch, many commands per row file, and "
    "reports per row (see tests/integration/test_import.py)",
    "restore": "writes a backup's events as they were stored into an empty ledger (no "
    "command of its own: the events keep their envelopes)",
    "token issue": "records the issue and prints the token's secret, shown only this once "
    "(see tests/cli/test_token_cli.py)",
    "person migrate": "copies a ledger from before sealing into an empty one, then records "
    "the migration (see tests/integration/test_personal_data.py)",
}


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


COMMANDS = dict(_commands(cli))


def _is_recording(command: click.Command) -> bool:
    """Whether ``command`` offers what every recording command offers."""
    formats = [p for p in command.params if isinstance(p, click.Option) and "--format" in p.opts]
    return (
        len(formats) == 1
        and isinstance(formats[0].type, click.Choice)
        and list(formats[0].type.choices) == ["text", "json", "id"]
        and formats[0].default == "text"
    )


RECORDING = sorted(name for name, command in COMMANDS.items() if _is_recording(command))


def test_every_command_records_and_says_so_or_is_listed_as_reading_only() -> None:
    not_recording = {name for name, command in COMMANDS.items() if not _is_recording(command)}
    listed = set(READ_ONLY) | set(RECORDS_AND_SUMMARISES) | set(LONG_RUNNING)
    assert not_recording - listed == set(), (
        "not a recording command: make it one (@recording), or list it in READ_ONLY with "
        "why it records nothing"
    )
    assert listed - not_recording == set(), "listed, but it is a recording command (or gone)"
    assert len(RECORDING) >= 50


def test_every_recording_command_takes_a_command_id() -> None:
    for name in RECORDING:
        options = {opt for p in COMMANDS[name].params for opt in getattr(p, "opts", ())}
        assert "--command-id" in options, name


# -- a life, through every recording command ----------------------------------------

SITI = "Siti Aminah,1610084708800001,F,1980"
DARMAWAN = "Darmawan,1610081212790003,M,1979"
NUR_NIK = "1610085505900002"
NUR = f"Nur Aini,{NUR_NIK},F,1990"
OFFICER, KABID = "siti@officer", "budi@kabid"


@dataclass(frozen=True)
class Step:
    """One command: ``args`` name records as ``{key}`` (the first 8 hex digits of its id,
    as histories print them), ``{key:long}`` (13 characters, upper case, with the
    hyphen) or ``{key:whole}``. The line it prints is about the record ``about`` (a new
    one when the key is not yet known) of ``kind``, and says ``says`` (in JSON; for people,
    ``shows`` where it differs: a region's name beside its code)."""

    args: tuple[str, ...]
    kind: str
    about: str
    says: str
    actor: str = OFFICER
    shows: str | None = None

    @property
    def command(self) -> str:
        words = [arg for arg in self.args[:2] if not arg.startswith(("-", "{"))]
        return " ".join(words if " ".join(words) in COMMANDS else words[:1])


def step(
    *args: str, kind: str, about: str, says: str, actor: str = OFFICER, shows: str | None = None
) -> Step:
    return Step(args, kind, about, says, actor, shows)


LIFE = [
    step("program", "plan", "--name", "Pengembangan 1000 Wirausaha UMKM", "--agency",
         "Diskoperindag Ogan Ilir", "--scope", "16.10", "--period", "2016-01-01..2018-12-31",
         "--effective-date", "2016-01-04", kind="program", about="program",
         says="program 'Pengembangan 1000 Wirausaha UMKM' planned by Diskoperindag Ogan Ilir"),
    step("program", "start", "{program}", "--effective-date", "2016-01-04",
         kind="program", about="program", says="start: planned → running"),
    step("program", "indicator", "{program:long}", "--key", "new_binaan", "--kind",
         "binaan_enrolled", "--title", "New binaan", "--effective-date", "2016-01-04",
         kind="program", about="program", says="new_binaan"),
    step("program", "target", "{program:whole}", "new_binaan", "--value", "1000", "--period",
         "2016-01-01..2018-12-31", "--effective-date", "2016-01-04",
         kind="program", about="program", says="target of new_binaan: 1000"),
    step("program", "opening-balance", "{program}", "new_binaan", "--value", "654",
         "--counted-on", "2015-12-31", "--source", "Laporan Diskoperindag 2015",
         kind="program", about="program", says="654"),
    step("enterprise", "register", "--name", "Tenun Songket Siti", "--owner", SITI, "--desa",
         "16.10.08.2003", "--kbli", "13121", "--founded", "2014-03-01",
         "--effective-date", "2016-02-01", kind="enterprise", about="siti",
         says="registered 'Tenun Songket Siti' (owners: Siti Aminah)"),
    step("enterprise", "register", "--name", "Rotan Jaya", "--owner", DARMAWAN, "--desa",
         "16.10.08.2003", "--kbli", "16292", "--founded", "2013-06-01",
         "--effective-date", "2016-02-01", kind="enterprise", about="rotan",
         says="registered 'Rotan Jaya' (owners: Darmawan)"),
    step("enterprise", "record-nib", "{siti}", "9120106541237", "--effective-date",
         "2016-02-05", kind="enterprise", about="siti", says="NIB 9120106541237 recorded"),
    step("enterprise", "report-sales", "{siti}", "--year", "2015", "--amount", "Rp85.000.000",
         "--effective-date", "2016-02-10", kind="enterprise", about="siti",
         says="sales for 2015: IDR85,000,000"),
    step("enterprise", "report-capital", "{siti}", "--amount", "Rp40 juta",
         "--effective-date", "2016-02-10", kind="enterprise", about="siti",
         says="capital reported: IDR40,000,000"),
    step("enterprise", "correct", "{siti}", "--version", "3", "--set", "amount=Rp86.000.000",
         "--reason", "re-checked the 2015 books", kind="enterprise", about="siti",
         says="corrected SalesReported (version 3)"),
    step("group", "form", "--name", "KUB Songket Tanjung Atap", "--kind", "KUB", "--region",
         "16.10.08", "--founded", "2015-01-01", "--effective-date", "2016-02-15",
         kind="group", about="kub", says="KUB Songket Tanjung Atap"),
    step("group", "join", "{kub}", "{siti}", "--effective-date", "2016-02-16",
         kind="group", about="kub", says="member joined: {siti}"),
    step("group", "join", "{kub}", "{rotan}", "--effective-date", "2016-02-16",
         kind="group", about="kub", says="member joined: {rotan}"),
    step("group", "chair", "{kub}", "{siti}", "--effective-date", "2016-02-17",
         kind="group", about="kub", says="chairperson appointed: owner of {siti}"),
    step("group", "leave", "{kub}", "{rotan}", "--reason", "moved to Palembang",
         "--effective-date", "2016-06-01", kind="group", about="kub",
         says="member left: {rotan}"),
    step("program", "enrol", "{program}", "{siti}", "--effective-date", "2016-03-01",
         kind="enrolment", about="siti_binaan", says="enrolled"),
    step("program", "enrol", "{program}", "{rotan}", "--effective-date", "2016-03-01",
         kind="enrolment", about="rotan_binaan", says="enrolled"),
    step("program", "exit", "{program}", "{rotan}", "--reason", "moved to Palembang",
         "--effective-date", "2016-06-01", kind="enrolment", about="rotan_binaan",
         says="left the program"),
    step("funder", "register", "--name", "Dinkoperindag Ogan Ilir", "--source",
         "APBD kabupaten", "--effective-date", "2016-01-04", kind="funder", about="funder",
         says="Dinkoperindag Ogan Ilir"),
    step("allocation", "post", "--funder", "Dinkoperindag Ogan Ilir", "--program", "{program}",
         "--year", "2016", "--instrument", "in-kind goods", "--amount", "Rp50.000.000",
         "--effective-date", "2016-01-05", kind="allocation", about="goods",
         says="IDR50,000,000"),
    step("allocation", "post", "--funder", "{funder}", "--program", "{program}", "--year",
         "2016", "--instrument", "training", "--amount", "Rp10 juta", "--pledge",
         "--effective-date", "2016-01-06", kind="allocation", about="pledge",
         says="IDR10,000,000"),
    step("allocation", "confirm", "{pledge}", "--amount", "Rp8 juta", "--effective-date",
         "2016-02-01", kind="allocation", about="pledge", says="IDR8,000,000"),
    step("allocation", "amend", "{pledge}", "--amount", "Rp12 juta", "--reason", "APBD-P",
         "--effective-date", "2016-09-01", kind="allocation", about="pledge",
         says="IDR12,000,000"),
    step("allocation", "post", "--funder", "{funder:long}", "--program", "{program}", "--year",
         "2016", "--instrument", "loan", "--amount", "Rp30 juta", "--effective-date",
         "2016-01-07", kind="allocation", about="loans", says="IDR30,000,000"),
    step("grant", "propose", "--allocation", "{goods}", "--beneficiary", "{siti}", "--item",
         "5:alat tenun songket:Rp3.000.000", "--justification", "looms for the sentra",
         "--effective-date", "2016-12-01", kind="grant", about="looms",
         says="IDR15,000,000"),
    step("grant", "check", "{looms}", "--effective-date", "2016-12-02",
         kind="grant", about="looms", says="eligible"),
    step("grant", "approve", "{looms}", "--effective-date", "2016-12-05", actor=KABID,
         kind="grant", about="looms", says="approved"),
    step("grant", "hand-over", "{looms}", "--bast", "BAST/027/XII/2016", "--place",
         "Indralaya", "--item", "5:alat tenun songket", "--witness", "Wakil Bupati Ogan Ilir",
         "--effective-date", "2016-12-16", kind="grant", about="looms",
         says="BAST/027/XII/2016"),
    step("grant", "acknowledge", "{looms}", "BAST/027/XII/2016", "--recipient", "Siti Aminah",
         "--effective-date", "2016-12-17", kind="grant", about="looms",
         says="BAST/027/XII/2016"),
    step("grant", "monitor", "{looms}", "--condition", "in use", "--note", "all five weaving",
         "--effective-date", "2017-03-01", kind="grant", about="looms", says="in use"),
    step("grant", "return", "{looms}", "--item", "1:alat tenun songket", "--reason",
         "broken frame", "--effective-date", "2017-03-02", kind="grant", about="looms",
         says="IDR3,000,000"),
    step("grant", "outcome", "{looms}", "--sales-before", "Rp40 juta", "--sales-after",
         "Rp52 juta", "--effective-date", "2017-06-01", kind="grant", about="looms",
         says="IDR52,000,000"),
    step("grant", "propose", "--allocation", "{goods}", "--beneficiary", "{kub}", "--item",
         "1:mesin jahit:Rp2.000.000", "--justification", "a sewing machine",
         "--effective-date", "2016-12-01", kind="grant", about="sewing", says="IDR2,000,000"),
    step("grant", "check", "{sewing}", "--effective-date", "2016-12-02",
         kind="grant", about="sewing", says="eligible"),
    step("grant", "reject", "{sewing}", "--reason", "not in the plan", "--effective-date",
         "2016-12-05", actor=KABID, kind="grant", about="sewing", says="rejected"),
    step("grant", "propose", "--allocation", "{goods}", "--beneficiary", "{kub}", "--item",
         "2:alat pewarna:Rp1.000.000", "--justification", "dyeing tools",
         "--effective-date", "2016-12-01", kind="grant", about="dyes", says="IDR2,000,000"),
    step("grant", "cancel", "{dyes}", "--reason", "bought by the KUB itself",
         "--effective-date", "2016-12-03", kind="grant", about="dyes", says="cancelled"),
    step("grant", "propose", "--allocation", "{loans}", "--beneficiary", "{kub}", "--item",
         "10:kain songket:Rp1.000.000", "--justification", "cloth lent to sell",
         "--effective-date", "2016-07-01", kind="grant", about="cloth", says="IDR10,000,000"),
    step("grant", "check", "{cloth}", "--effective-date", "2016-07-01",
         kind="grant", about="cloth", says="eligible"),
    step("grant", "approve", "{cloth}", "--effective-date", "2016-07-02", actor=KABID,
         kind="grant", about="cloth", says="approved"),
    step("grant", "hand-over", "{cloth}", "--bast", "BAST/011/VII/2016", "--place", "Indralaya",
         "--item", "10:kain songket", "--effective-date", "2016-07-05", kind="grant",
         about="cloth", says="BAST/011/VII/2016"),
    step("grant", "repay", "{cloth}", "--amount", "Rp4 juta", "--effective-date", "2016-10-01",
         kind="grant", about="cloth", says="IDR4,000,000"),
    step("kur", "refer", "{siti}", "--bank", "Bank Sumsel Babel", "--amount", "Rp25 juta",
         "--program", "{program}", "--effective-date", "2016-12-20", kind="KUR referral",
         about="kur", says="Bank Sumsel Babel"),
    step("kur", "decision", "{kur}", "--approved", "--amount", "Rp20 juta", "--reference",
         "KUR-1", "--effective-date", "2016-12-28", kind="KUR referral", about="kur",
         says="bank approved KUR of IDR20,000,000 (ref. KUR-1)"),
    step("mentoring", "schedule", "--mentor", "Rahmat Hidayat", "--enterprise", "{siti}",
         "--topic", "pembukuan", "--on", "2016-04-01", "--program", "{program}",
         "--effective-date", "2016-03-20", kind="mentoring session", about="visit",
         says="Rahmat Hidayat"),
    step("mentoring", "hold", "{visit}", "--attended", "{siti}", "--minutes", "90",
         "--follow-up", "2016-04-30:catat penjualan", "--effective-date", "2016-04-01",
         kind="mentoring session", about="visit",
         says="mentoring held, 90 min, 1 attended; follow-up: catat penjualan"),
    step("mentoring", "follow-up-done", "{visit}", "1", "--effective-date", "2016-04-20",
         kind="mentoring session", about="visit", says="follow-up 1 done"),
    step("mentoring", "record", "--mentor", "Dewi", "--group", "{kub}", "--topic", "pemasaran",
         "--minutes", "60", "--program", "{program}", "--effective-date", "2016-05-10",
         kind="mentoring session", about="kub_visit", says="60 min"),
    step("mentoring", "schedule", "--mentor", "Dewi", "--enterprise", "{siti}", "--topic",
         "izin", "--on", "2016-06-01", "--effective-date", "2016-05-20",
         kind="mentoring session", about="rained_off", says="Dewi"),
    step("mentoring", "cancel", "{rained_off}", "--reason", "banjir", "--effective-date",
         "2016-05-31", kind="mentoring session", about="rained_off", says="mentoring cancelled"),
    step("training", "organise", "--title", "Bimtek IKM Songket", "--organiser", "Kemenperin",
         "--venue", "Hotel Aston Palembang", "--region", "16.10", "--day", "2016-08-23",
         "--day", "2016-08-24", "--topic", "produksi", "--partner", "Anggota DPR RI Komisi VI",
         "--program", "{program}", "--effective-date", "2016-08-01", kind="training",
         about="bimtek", says="Bimtek IKM Songket"),
    step("training", "register", "{bimtek}", "--person", NUR, "--enterprise", "{siti}",
         "--effective-date", "2016-08-20", kind="training", about="bimtek", says="Nur Aini"),
    step("training", "attend", "{bimtek}", "--nik", NUR_NIK, "--effective-date", "2016-08-23",
         kind="training", about="bimtek", says="attendance list: 1 present"),
    step("training", "attend", "{bimtek}", "--nik", NUR_NIK, "--effective-date", "2016-08-24",
         kind="training", about="bimtek", says="attendance list: 1 present"),
    step("training", "complete", "{bimtek}", "--nik", NUR_NIK, "--certificate", "C-1",
         "--effective-date", "2016-08-24", kind="training", about="bimtek", says="C-1"),
    step("training", "link-grant", "{bimtek}", "{looms}", "--effective-date", "2016-08-24",
         kind="training", about="bimtek", says="{looms}"),
    step("training", "organise", "--title", "Bimtek Pemasaran Daring", "--organiser",
         "Diskoperindag", "--venue", "Aula Dinas", "--region", "16.10", "--day", "2016-10-10",
         "--topic", "pemasaran", "--effective-date", "2016-09-01", kind="training",
         about="online", says="Bimtek Pemasaran Daring"),
    step("training", "cancel", "{online}", "--reason", "no trainer", "--effective-date",
         "2016-10-01", kind="training", about="online", says="training cancelled"),
    step("consultation", "record", "{siti}", "--place", "PLUT Sumsel", "--consultant", "Andi",
         "--topic", "izin PIRT", "--outcome", "berkas lengkap", "--program", "{program}",
         "--effective-date", "2016-05-02", kind="consultation", about="consultation",
         says="izin PIRT"),
    step("exhibition", "organise", "--name", "Launching 1000 Wirausaha", "--organiser",
         "Diskoperindag", "--venue", "Pendopoan", "--region", "16.10", "--day", "2016-12-16",
         "--program", "{program}", "--effective-date", "2016-12-01", kind="exhibition",
         about="expo", says="Launching 1000 Wirausaha"),
    step("exhibition", "take-part", "{expo}", "{siti}", "--product", "songket", "--outcome",
         "12 orders", "--sales", "Rp3 juta", "--effective-date", "2016-12-16",
         kind="exhibition", about="expo",
         says="took part in the exhibition with songket: 12 orders (sales IDR3,000,000)"),
    step("enterprise", "status", "{rotan}", "dormant", "--effective-date", "2017-01-10",
         kind="enterprise", about="rotan", says="active → dormant"),
    step("enterprise", "status", "{rotan}", "reactivate", "--effective-date", "2017-02-10",
         kind="enterprise", about="rotan", says="dormant → active"),
    step("enterprise", "status", "{siti}", "graduate", "--effective-date", "2018-06-01",
         kind="enterprise", about="siti", says="graduate: active → graduated"),
    step("enterprise", "register", "--name", "Kerajinan Rotan Darmawan", "--owner", DARMAWAN,
         "--desa", "16.10.08.2003", "--kbli", "16292", "--founded", "2013-06-01",
         "--effective-date", "2017-03-01", kind="enterprise", about="twin",
         says="registered 'Kerajinan Rotan Darmawan' (owners: Darmawan) in desa 16.10.08.2003, "
              "sector 16292 (KBLI 2020), founded 2013-06-01; suspected duplicate of {rotan}",
         shows="registered 'Kerajinan Rotan Darmawan' (owners: Darmawan) in desa Tebing "
               "Gerinting Selatan (16.10.08.2003), sector 16292 (KBLI 2020), founded 2013-06-01; "
               "suspected duplicate of {rotan}"),
    step("enterprise", "resolve-duplicate", "{twin}", "{rotan}", "--decision", "merge",
         "--reason", "the same workshop", "--effective-date", "2017-03-05",
         kind="enterprise", about="twin", says="merged into {rotan}"),
    step("enterprise", "status", "{rotan}", "close", "--reason", "moved to Palembang",
         "--effective-date", "2017-06-30", kind="enterprise", about="rotan",
         says="active → closed"),
    step("program", "close", "{program}", "--reason", "period ended", "--effective-date",
         "2018-12-31", kind="program", about="program", says="running → closed"),
    # The token was issued by the administrator before the life (issuing prints a secret,
    # not a record line: tests/cli/test_token_cli.py).
    step("token", "revoke", "{token}", "--reason", "laptop lost", kind="API token",
         about="token", says="API token revoked"),
    # UU PDP: one officer asks, another decides (the NIK at a prompt in real use).
    step("person", "erase", "--nik", "1610081212790003", "--ground", "subject-request",
         "--reason", "surat 12/PDP/2026", kind="erasure", about="erasure",
         says="erasure of a person's personal data requested (subject request)"),
    step("person", "approve-erasure", "{erasure}", kind="erasure", about="erasure",
         says="erasure approved: the person's key was destroyed", actor=KABID),
    step("person", "erase", "--nik", NUR_NIK, "--ground", "consent-withdrawn",
         "--reason", "ditarik", kind="erasure", about="kept",
         says="erasure of a person's personal data requested (consent withdrawn)"),
    step("person", "reject-erasure", "{kept}", "--reason", "hibah masih berjalan",
         kind="erasure", about="kept", says="erasure rejected", actor=KABID),
]  # fmt: skip


class Ref:
    """A record's id as the steps write it."""

    def __init__(self, record: UUID) -> None:
        self.record = record

    def __format__(self, spec: str) -> str:
        if spec == "whole":
            return str(self.record)
        if spec == "long":
            return str(self.record)[:13].upper()
        return str(self.record)[:8]


@dataclass
class Life:
    """A ledger the life is recorded in, and the records it made."""

    url: str
    lang: str = "en"
    output: str = "text"
    records: dict[str, UUID] = field(default_factory=dict)

    def invoke(self, *args: str, actor: str = OFFICER) -> Result:
        return CliRunner().invoke(
            cli,
            ["--db", self.url, "--lang", self.lang, "--actor", actor, *args],
            env={STRICT_ENV: "1"},
        )

    def filled(self, text: str) -> str:
        return text.format(**{key: Ref(record) for key, record in self.records.items()})

    def run(self, number: int, at: Step) -> tuple[str, str]:
        """Run ``at`` (as command ``number``) and send it again; their outputs."""
        args = [self.filled(arg) for arg in at.args]
        args += ["--command-id", f"life-{number}", "--format", self.output]
        first, again = self.invoke(*args, actor=at.actor), self.invoke(*args, actor=at.actor)
        for result in (first, again):
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            assert result.exit_code == 0, f"{args}\n{result.output}"
        return first.output, again.output


UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ENGLISH_LINE = re.compile(
    rf"recorded (?P<kind>.+?) (?P<id>{UUID_TEXT}): (?P<facts>.+) "
    r"\(effective (?P<day>\d{4}-\d\d-\d\d)\)"
)
INDONESIAN_LINE = re.compile(
    rf"dicatat (?P<kind>.+?) (?P<id>{UUID_TEXT}): (?P<facts>.+) "
    r"\(berlaku (?P<day>\d{4}-\d\d-\d\d)\)"
)
#: What the Indonesian lines call each kind of record.
IN_INDONESIAN = {
    "program": "program",
    "enterprise": "usaha",
    "group": "kelompok",
    "enrolment": "kepesertaan",
    "funder": "penyandang dana",
    "allocation": "alokasi",
    "grant": "bantuan",
    "KUR referral": "rujukan KUR",
    "mentoring session": "pendampingan",
    "training": "pelatihan",
    "consultation": "konsultasi",
    "exhibition": "pameran",
    "API token": "token API",
    "erasure": "penghapusan",
}


def _one_line(output: str) -> str:
    lines = output.splitlines()
    assert len(lines) == 1, output
    return lines[0]


def _effective(at: Step) -> str | None:
    args = list(at.args)
    return args[args.index("--effective-date") + 1] if "--effective-date" in args else None


def _recorded(life: Life, at: Step, first: str, again: str) -> UUID:
    """Check what ``at`` printed the first time and when sent again; the record's id."""
    if life.output == "id":
        record = UUID(_one_line(first))
        assert _one_line(again) == str(record)
        return record
    if life.output == "json":
        said, resent = json.loads(_one_line(first)), json.loads(_one_line(again))
        assert said["recorded"] is True
        assert said["kind"] == at.kind
        assert said["events"], said
        summaries = "; ".join(event["summary"] for event in said["events"])
        assert life.filled(at.says) in summaries
        if _effective(at) is not None:
            assert said["effective_date"] == _effective(at)
        assert resent == {**said, "recorded": False, "effective_date": None, "events": []}
        return UUID(said["id"])
    line = ENGLISH_LINE if life.lang == "en" else INDONESIAN_LINE
    found = line.fullmatch(_one_line(first))
    assert found is not None, first
    kind = at.kind if life.lang == "en" else IN_INDONESIAN[at.kind]
    assert found["kind"] == kind
    if life.lang == "en":
        assert life.filled(at.shows or at.says) in found["facts"]
    if _effective(at) is not None:
        assert found["day"] == _effective(at)
    nothing_new = (
        "nothing new recorded for" if life.lang == "en" else "tidak ada yang baru dicatat untuk"
    )
    assert _one_line(again) == f"{nothing_new} {kind} {found['id']}"
    return UUID(found["id"])


def live(life: Life) -> list[str]:
    """Record the whole life; what each command printed the first time."""
    printed = []
    if "token" not in life.records:
        with Ledger.open(life.url, actor="admin@dinas", notices=False) as ledger:
            life.records["token"] = ledger.issue_token("life@petugas").token.id
    for number, at in enumerate(LIFE):
        first, again = life.run(number, at)
        record = _recorded(life, at, first, again)
        known = life.records.setdefault(at.about, record)
        assert known == record, f"{at.args}: about {at.about} {known}, printed {record}"
        printed.append(first)
    return printed


def test_the_life_runs_every_recording_command() -> None:
    assert sorted({at.command for at in LIFE}) == RECORDING


def test_each_recording_command_says_what_it_recorded(ledger_url: str) -> None:
    life = Life(ledger_url)
    live(life)
    with Ledger.open(ledger_url) as ledger:
        assert ledger.enterprise(life.records["rotan"]).status.value == "closed"
        assert ledger.grant(life.records["looms"]).status.value == "delivered"


@pytest.mark.parametrize("output", ["json", "id"])
def test_each_recording_command_says_it_for_tools_and_scripts(sqlite_url: str, output: str) -> None:
    life = Life(sqlite_url, output=output)
    live(life)
    with Ledger.open(sqlite_url) as ledger:
        assert ledger.program(life.records["program"]).status.value == "closed"


#: What some of the commands say in Indonesian (the first time each is run).
INDONESIAN_SAYS = {
    "program start": "memulai: direncanakan → berjalan",
    "enterprise register": "'Tenun Songket Siti' didaftarkan (pemilik: Siti Aminah)",
    "enterprise report-sales": "omzet 2015: Rp85.000.000",
    "allocation post": "dialokasikan Rp50.000.000 oleh Dinkoperindag Ogan Ilir",
    "grant approve": "disetujui, mengikat Rp15.000.000",
    "grant hand-over": "diserahkan (BAST BAST/027/XII/2016) di Indralaya",
    "mentoring hold": "pendampingan dilaksanakan, 90 menit, 1 hadir",
    "program close": "menutup: berjalan → tutup",
}


def test_each_recording_command_says_what_it_recorded_in_indonesian(sqlite_url: str) -> None:
    life = Life(sqlite_url, lang="id")
    printed = live(life)
    with Ledger.open(sqlite_url) as ledger:
        english = _english_only(ledger)
    for said in printed:
        left = sorted(_words(said) & english)
        assert not left, f"English left in --lang id: {left}\n{said}"
    first: dict[str, str] = {}
    for at, said in zip(LIFE, printed, strict=True):
        first.setdefault(at.command, said)
    for command, says in INDONESIAN_SAYS.items():
        assert says in first[command], (command, first[command])


# -- and the rest only read -----------------------------------------------------------


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Life, Path]:
    folder = tmp_path_factory.mktemp("life")
    life = Life(f"sqlite:///{folder / 'life.db'}")
    live(life)
    return life, folder


def _reads(life: Life, folder: Path) -> Iterator[list[str]]:
    """Each read-only command, with the records named as histories print them."""
    key, bundle = str(folder / "auditor.key"), str(folder / "bundle.json")
    checkpoint = str(folder / "checkpoint.json")
    reads = [
        ["enterprise", "show", "{siti}"],
        ["enterprise", "timeline", "{siti:long}"],
        ["enterprise", "list"],
        ["group", "show", "{kub}"],
        ["group", "list"],
        ["program", "show", "{program}"],
        ["program", "list"],
        ["progress", "{program}", "--as-of", "2016-12-31", "--by", "funder"],
        ["indicator-kinds"],
        ["allocation", "show", "{goods}"],
        ["grant", "aid", "{siti}"],
        ["grant", "list", "--program", "{program}", "--beneficiary", "{kub}"],
        ["grant", "history", "{looms}", "--as-of", "2016-12-31"],
        ["grant", "show", "{cloth}"],
        ["funds", "--funder", "{funder}", "--program", "{program}"],
        ["iati", "{program}", "--reporting-org", "XI-IATI-TEST-OI", "-o",
         str(folder / "activity.xml")],
        ["anomalies", "--as-of", "2017-12-31"],
        ["kur", "list", "--program", "{program}", "--enterprise", "{siti}"],
        ["mentoring", "show", "{visit}"],
        ["mentoring", "coverage", "{program}", "--as-of", "2016-12-31"],
        ["training", "show", "{bimtek}"],
        ["history", "enrolment", "{siti_binaan}"],
        ["audit", "keygen", "--out", key],
        ["audit", "checkpoint", "--key", key, "-o", checkpoint],
        ["audit", "verify", "--checkpoint", checkpoint, "--public-key", f"{key}.pub"],
        ["audit", "bundle", "{looms}", "--checkpoint", checkpoint, "-o", bundle],
        ["audit", "trail", "--funder", "{funder}", "--program", "{program}"],
        ["audit", "report", "--funder", "Dinkoperindag Ogan Ilir", "-o",
         str(folder / "report.html")],
        ["audit", "check-bundle", bundle, "--public-key", f"{key}.pub"],
        ["project"],
        ["rebuild"],
        ["feed", "--limit", "5"],
        ["export", str(folder / "export.jsonl"), "--quiet"],
        ["backup", str(folder / "copy.db")],
        ["save-secret", str(folder / "ledger.secret")],
        ["feed-schemas", "--types", "funding.Grant.Approved"],
        ["token", "list"],
        ["person", "erasures"],
    ]  # fmt: skip
    for args in reads:
        yield [life.filled(arg) for arg in args]


def test_every_read_only_command_records_nothing(lived: tuple[Life, Path]) -> None:
    life, folder = lived
    run = list(_reads(life, folder))
    assert sorted({_read_command(args) for args in run}) == sorted(READ_ONLY)
    with Ledger.open(life.url) as ledger:
        before = ledger.log_end()
    for args in run:
        result = life.invoke(*args)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, f"{args}\n{result.output}"
        with Ledger.open(life.url) as ledger:
            assert ledger.log_end() == before, args


#: Read commands that write files or bring views up to date, rather than show records.
NOT_SHOWN = {
    "audit keygen", "audit checkpoint", "audit bundle", "audit report", "project", "rebuild",
    "feed", "export", "backup", "save-secret", "feed-schemas", "indicator-kinds", "iati",
}  # fmt: skip
#: Read commands that need no ledger at all.
NO_LEDGER = {"audit keygen", "audit check-bundle", "feed-schemas", "indicator-kinds"}


def _formats(args: list[str]) -> tuple[str, ...]:
    command = COMMANDS[_read_command(args)]
    option = next(p for p in command.params if "--format" in getattr(p, "opts", ()))
    assert isinstance(option.type, click.Choice)
    return tuple(str(choice) for choice in option.type.choices)


def test_every_read_command_that_shows_records_speaks_json_and_lists_speak_csv(
    lived: tuple[Life, Path],
) -> None:
    life, folder = lived
    for args in _reads(life, folder):
        if _read_command(args) in NOT_SHOWN:
            continue
        formats = _formats(args)
        assert "json" in formats, args
        done = life.invoke(*args, "--format", "json")
        assert done.exit_code == 0, f"{args}\n{done.output}"
        shown = json.loads(done.stdout)
        assert shown, args
        assert "1610084708800001" not in done.stdout  # no NIK in full, ever
        if "csv" in formats:
            table = life.invoke(*args, "--format", "csv")
            assert table.exit_code == 0, f"{args}\n{table.output}"
            rows = list(csv.DictReader(io.StringIO(table.stdout)))
            assert rows, args


def test_a_read_command_given_a_ledger_that_is_not_there_creates_none(
    lived: tuple[Life, Path], tmp_path: Path
) -> None:
    life, folder = lived
    missing = tmp_path / "typo.db"
    for args in _reads(life, folder):
        if _read_command(args) in NO_LEDGER:
            continue
        done = CliRunner().invoke(cli, ["--db", f"sqlite:///{missing}", *args])
        assert done.exit_code == 4, f"{args}\n{done.output}"  # could not run
        assert "no ledger" in done.output, args
        assert not missing.exists(), args


def _read_command(args: list[str]) -> str:
    two = " ".join(args[:2])
    return two if two in COMMANDS else args[0]
