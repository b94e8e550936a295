"""Personal data under UU 27/2022, as a data protection officer and an auditor check it:
the database holds no NIK (the SQLite file, a PostgreSQL dump), an erasure is asked by
one officer and approved by another, and after it the person reads as erased everywhere
while the figures, the money and the signed chain are what they were."""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.crowd import Crowd
from tests.old_ledger import copy_sqlite
from umkm_ledger import (
    ERASED,
    CommandIdReused,
    ErasureAlreadyRequested,
    ErasureNeedsASecondOfficer,
    ErasureStatus,
    InvalidValue,
    Ledger,
    NotFound,
    PersonalDataIsPlain,
    UnreadablePersonKey,
)
from umkm_ledger.activity.training import Training
from umkm_ledger.audit.bundle import check_bundle
from umkm_ledger.audit.checkpoint import generate_key
from umkm_ledger.demo.activity import record_demo_activity
from umkm_ledger.demo.enterprises import record_demo, record_sentra
from umkm_ledger.demo.funding import record_demo_funding
from umkm_ledger.demo.programs import record_demo_programs
from umkm_ledger.enterprises.enterprise import Enterprise
from umkm_ledger.enterprises.indexes import OwnerIndex
from umkm_ledger.interchange.backup import BackupNotValid
from umkm_ledger.interchange.migration import MigrationRefused
from umkm_ledger.kernel.envelope import Actor, Envelope
from umkm_ledger.platform.ledger_secret import WrongLedgerSecret
from umkm_ledger.platform.receipts import CommandReceipt

SITI = "1610084708800001"  # the demo's Siti Aminah, owner of Tenun Songket Siti


def _demo(url: str) -> Ledger:
    ledger = Ledger.open(url, notices=False)
    result = record_demo(ledger)
    programs = record_demo_programs(ledger, result)
    funding = record_demo_funding(ledger, result, programs)
    record_demo_activity(ledger, result, programs, funding)
    return ledger


def _people(ledger: Ledger) -> tuple[set[str], set[str]]:
    """Every NIK and name of an owner or trainee, read as an officer entitled to them."""
    app = ledger.application
    niks: set[str] = set()
    names: set[str] = set()
    for record in ledger.enterprise_ids():
        for owner in app.get(Enterprise, record).owners:
            if not owner.is_erased:
                niks.add(owner.nik.value)
                names.add(owner.name)
    for event in ledger.feed(limit=10_000, types=["activity.Training.ParticipantRegistered"],
                             personal="full").events:  # fmt: skip
        training = app.get(Training, UUID(event["subject"]))
        for participant in training.participants.values():
            if not participant.person.is_erased:
                niks.add(participant.nik.value)
                names.add(participant.person.name)
    return niks, names


def _figures(ledger: Ledger) -> dict[str, Any]:
    """What the bupati and the funders are told: progress, by kecamatan and by sex, and
    the money."""
    programs = list(ledger.program_ids())
    return {
        "progress": [ledger.progress(p, by="kecamatan") for p in programs],
        "by_gender": [ledger.progress(p, by="gender") for p in programs],
        "funds": ledger.funds(),
        "grants": ledger.grants(),
        "enterprises": len(list(ledger.enterprise_ids())),
    }


def _with_siti(url: str) -> tuple[Ledger, UUID]:
    """A ledger at ``url`` opened by a petugas, with Siti Aminah's workshop registered."""
    ledger = Ledger.open(url, actor="budi@petugas", notices=False)
    record = ledger.register_enterprise(
        "Tenun Songket Siti",
        owners=[{"name": "Siti Aminah", "nik": SITI, "gender": "F", "birth_year": 1980}],
        desa="16.10.08.2003", sector="13121", founded_on="2014-03-01",
    )  # fmt: skip
    return ledger, record


def _erase(ledger: Ledger, nik: str) -> UUID:
    asked = ledger.request_erasure(
        nik, ground="subject-request", reason="Surat permohonan 12/PDP/2026",
        actor="budi@petugas",
    )  # fmt: skip
    ledger.approve_erasure(asked, actor="tapip@kepala-dinas")
    return asked


@pytest.mark.slow
def test_the_demo_database_holds_no_nik_and_no_owner_name_in_the_clear(sqlite_url: str) -> None:
    ledger = _demo(sqlite_url)
    niks, _names = _people(ledger)
    assert len(niks) > 400
    ledger.close()
    data = Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()
    assert [n[:6] for n in niks if n.encode() in data] == []


@pytest.mark.slow
def test_a_postgresql_dump_of_the_demo_holds_no_nik(postgres_url: str, tmp_path: Path) -> None:
    ledger = _demo(postgres_url)
    niks, _names = _people(ledger)
    ledger.close()
    dump = tmp_path / "demo.sql"
    subprocess.run(["pg_dump", "--dbname", postgres_url, "--file", str(dump)], check=True)
    text = dump.read_bytes()
    assert b"umkm_ledger_person_keys" in text  # the key store was dumped too
    assert [n[:6] for n in niks if n.encode() in text] == []


@pytest.mark.slow
def test_an_erasure_leaves_the_figures_and_the_signed_chain_as_they_were(
    ledger_url: str,
) -> None:
    ledger = _demo(ledger_url)
    key = generate_key()
    signed = ledger.checkpoint(key)
    before = _figures(ledger)
    enterprise = next(
        e for e in ledger.enterprise_ids() if ledger.enterprise(e).name == "Tenun Songket Siti"
    )
    assert ledger.enterprise(enterprise).owners[0].name == "Siti Aminah"
    person = ledger.person_key(SITI)

    erasure = _erase(ledger, SITI)

    view = ledger.erasure(erasure)
    assert view.status is ErasureStatus.ERASED
    assert view.key_destroyed
    assert view.person == person
    # Everywhere she is read, she is erased; her sex and birth year still count.
    owner = ledger.enterprise(enterprise).owners[0]
    assert (owner.name, owner.nik_masked, owner.birth_year) == (ERASED, ERASED, 1980)
    assert all("Siti Aminah" not in str(r.summary) for r in ledger.history(enterprise))
    events = ledger.feed(limit=10_000, personal="full").events
    assert SITI not in json.dumps(events, default=str)
    hers = json.dumps([e for e in events if e["subject"] == str(enterprise)], default=str)
    assert "Siti Aminah" not in hers
    assert ERASED in hers
    with pytest.raises(NotFound):
        ledger.person_key(SITI)
    # The figures are those of before, also from views folded afresh.
    assert _figures(ledger) == before
    for name in ledger.view_names():
        ledger.rebuild(name)
    assert _figures(ledger) == before
    # The log still verifies against the checkpoint signed before the erasure, and the
    # grant's proof bundle still checks.
    found = ledger.verify(checkpoint=signed, public_key=key.public_key())
    assert found.ok, str(found)
    grant = ledger.grants()[0].grant_id
    bundle = ledger.proof_bundle(grant, checkpoint=ledger.checkpoint(key))
    assert check_bundle(bundle, key.public_key()).ok
    # A new ledger opened on the same database reads her as erased too.
    again = Ledger.open(ledger_url, notices=False)
    assert again.enterprise(enterprise).owners[0].name == ERASED


def test_the_officer_who_asked_cannot_approve_and_nothing_is_recorded(ledger_url: str) -> None:
    ledger, _siti = _with_siti(ledger_url)
    asked = ledger.request_erasure(SITI, ground="consent withdrawn", reason="ditarik")
    end = ledger.log_end()
    with pytest.raises(ErasureNeedsASecondOfficer):
        ledger.approve_erasure(asked, actor="Budi@kepala-dinas")
    assert ledger.log_end() == end
    assert ledger.erasure(asked).key_destroyed is False
    ledger.reject_erasure(asked, reason="masih dalam masa hibah", actor="tapip@kepala-dinas")
    assert ledger.erasure(asked).status is ErasureStatus.REJECTED
    assert ledger.enterprise(next(iter(ledger.enterprise_ids()))).owners[0].name == "Siti Aminah"
    # The rejection stays on record; a later ground (the grant has ended) may be asked anew.
    again = ledger.request_erasure(SITI, ground="no longer needed", reason="hibah selesai")
    assert again != asked
    with pytest.raises(ErasureAlreadyRequested):
        ledger.request_erasure(SITI, ground="unlawful", reason="x")
    ledger.approve_erasure(again, actor="tapip@kepala-dinas")
    assert [e.status for e in ledger.erasures()] == [ErasureStatus.REJECTED, ErasureStatus.ERASED]


def test_a_bad_erasure_request_names_the_field_and_records_nothing(ledger_url: str) -> None:
    ledger, _siti = _with_siti(ledger_url)
    end = ledger.log_end()
    with pytest.raises(InvalidValue) as bad_ground:
        ledger.request_erasure(SITI, ground="bosan", reason="x")
    assert bad_ground.value.field == "ground"
    with pytest.raises(NotFound) as unknown:
        ledger.request_erasure("1610084708800002", ground="unlawful", reason="x")
    assert "1610084708800002" not in str(unknown.value)
    with pytest.raises(InvalidValue) as bad_nik:
        ledger.request_erasure("16100847", ground="unlawful", reason="x")
    assert bad_nik.value.field == "nik"
    assert ledger.log_end() == end


def _reads_owner(url: str, record: str, seen: Any) -> None:
    ledger = Ledger.open(url, notices=False)
    seen.put(ledger.enterprise(record).owners[0].name)  # her key, now held in this process
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        name = ledger.enterprise(record).owners[0].name
        if name == ERASED:
            seen.put(name)
            return
        time.sleep(0.1)
    seen.put("still readable")


def test_a_process_that_held_the_key_reads_the_person_as_erased_soon_after(
    ledger_url: str,
) -> None:
    ledger, record = _with_siti(ledger_url)
    context = multiprocessing.get_context("spawn")
    seen = context.Queue()
    reader = context.Process(target=_reads_owner, args=(ledger_url, str(record), seen))
    reader.start()
    assert seen.get(timeout=60) == "Siti Aminah"
    _erase(ledger, SITI)
    assert seen.get(timeout=60) == ERASED
    reader.join(timeout=30)


def test_a_backup_made_after_an_erasure_does_not_hold_the_key(
    sqlite_url: str, tmp_path: Path
) -> None:
    ledger = Ledger.open(sqlite_url, actor="budi@petugas", notices=False)
    for nik, name in ((SITI, "Siti Aminah"), ("1610085402830002", "Nurhayati")):
        year = int("19" + nik[10:12])
        ledger.register_enterprise(
            f"Usaha {name}",
            owners=[{"name": name, "nik": nik, "gender": "F", "birth_year": year}],
            desa="16.10.08.2003", sector="13121", founded_on="2014-03-01",
        )  # fmt: skip
    before = tmp_path / "before.jsonl"
    ledger.export(before)
    _erase(ledger, SITI)
    after = tmp_path / "after.jsonl"
    summary = ledger.export(after)
    assert summary.person_keys == 1  # Nurhayati's; Siti's is gone
    siti = ledger.erasure(ledger.erasures()[0].id).person
    held = [json.loads(line)["person_key"]["person"] for line in before.read_text().splitlines()
            if '"person_key"' in line]  # fmt: skip
    assert siti in held  # a backup made before still holds her key (the docs say so)
    kept = [json.loads(line)["person_key"]["person"] for line in after.read_text().splitlines()
            if '"person_key"' in line]  # fmt: skip
    assert kept
    assert siti not in kept
    secret = Path(sqlite_url.removeprefix("sqlite:///") + ".secret")
    restored = Ledger.open(f"sqlite:///{tmp_path / 'copy.db'}", secret_file=secret, notices=False)
    restored.restore(after)
    names = sorted(restored.enterprise(e).owners[0].name for e in restored.enterprise_ids())
    assert names == sorted([ERASED, "Nurhayati"])


def test_a_ledger_from_before_sealing_keeps_writing_plain_and_refuses_erasure(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    ledger = Ledger.open(copy_sqlite(path), actor="budi@petugas", notices=False)
    assert ledger.application.seals_personal_data is False
    ledger.register_enterprise(
        "Tenun Baru",
        owners=[{"name": "Rohani", "nik": "1610084211780003", "gender": "F", "birth_year": 1978}],
        desa="16.10.08.2003", sector="13121", founded_on="2014-03-01",
    )  # fmt: skip
    assert b"1610084211780003" in path.read_bytes()  # plain, as its readers expect
    with pytest.raises(PersonalDataIsPlain):
        ledger.request_erasure("1610084211780003", ground="unlawful", reason="x")


def test_no_sixteen_digit_run_of_a_person_is_left_in_the_views(sqlite_url: str) -> None:
    ledger, _siti = _with_siti(sqlite_url)
    ledger.catch_up()
    ledger.close()
    data = Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()
    assert SITI.encode() not in data
    assert b"Siti Aminah" not in data
    assert re.search(rb"161008\d{10}", data) is None


def _old(tmp_path: Path) -> tuple[Ledger, Path]:
    """A copy of a ledger recorded by an earlier release (plain personal data), and the
    secret file it made on first open here."""
    path = tmp_path / "old.db"
    return Ledger.open(copy_sqlite(path), notices=False), Path(f"{path}.secret")


def test_a_ledger_from_before_sealing_migrates_into_a_sealed_one_that_answers_the_same(
    ledger_url: str, tmp_path: Path
) -> None:
    old, secret = _old(tmp_path)
    before = old.verify()
    new = Ledger.open(ledger_url, secret_file=secret, notices=False)
    summary = new.migrate_personal_data_from(
        old, reason="UU PDP: personal data sealed per person", actor="tapip@kepala-dinas"
    )
    assert summary.events == old.log_end()
    assert summary.people > 400
    assert summary.source_root == before.root_hash.hex()  # the old log as checkpoints know it
    assert new.application.seals_personal_data
    found = new.verify()
    assert found.ok, str(found)
    # Every record and figure is what the old ledger answers.
    assert [new.enterprise(e) for e in new.enterprise_ids()] == [
        old.enterprise(e) for e in old.enterprise_ids()
    ]
    assert _figures(new) == _figures(old)
    # The migration is on the trail, and the old ledger is as it was.
    assert [e.kind for e in new.audit_trail(kind="Recorded")][
        -1
    ] == "PersonalDataMigration.Recorded"
    assert old.verify().root_hash == before.root_hash
    # And now a person can be erased.
    nik = next(
        o.nik.value for e in new.enterprise_ids() for o in new.application.get(Enterprise, e).owners
    )
    _erase(new, nik)
    assert _figures(new) == _figures(old)


def test_a_migrated_sqlite_file_holds_no_nik(tmp_path: Path) -> None:
    old, secret = _old(tmp_path)
    niks, _names = _people(old)
    target = tmp_path / "sealed.db"
    new = Ledger.open(f"sqlite:///{target}", secret_file=secret, notices=False)
    new.migrate_personal_data_from(old, reason="UU PDP")
    new.catch_up()
    new.close()
    data = target.read_bytes()
    assert len(niks) > 400
    assert [n[:6] for n in niks if n.encode() in data] == []
    # The receipts' digests are keyed now (a plain SHA-256 of an argument holding a NIK
    # could be tested against guesses), and resends still compare: the demo's Sentra Usaha
    # TKI Purna sent again under its command ids records nothing. (Of the demo, the part
    # it sends as it did then: its other places have had their real codes since issue 20,
    # and a resend of those is another command, refused as CommandIdReused.)
    plain_digests = set(re.findall(rb'"[0-9a-f]{64}"', (tmp_path / "old.db").read_bytes()))
    assert len(plain_digests) > 1000
    assert [d for d in plain_digests if d in data] == []
    again = Ledger.open(f"sqlite:///{target}", secret_file=secret, notices=False)
    end = again.log_end()
    record_sentra(again)
    assert again.log_end() == end
    streets = {old.enterprise(e).address.street for e in old.enterprise_ids()} - {"-"}
    assert len(streets) >= 3
    assert [street for street in streets if street.encode() in data] == []


def test_a_migration_is_refused_into_a_used_ledger_or_with_another_secret(
    tmp_path: Path,
) -> None:
    old, secret = _old(tmp_path)
    used = Ledger.open(f"sqlite:///{tmp_path / 'used.db'}", secret_file=secret, notices=False)
    used.register_funder("APBD Kabupaten Ogan Ilir", source="APBD kabupaten")
    end = used.log_end()
    with pytest.raises(MigrationRefused):
        used.migrate_personal_data_from(old, reason="x")
    assert used.log_end() == end
    other = Ledger.open(f"sqlite:///{tmp_path / 'other.db'}", notices=False)
    with pytest.raises(WrongLedgerSecret):
        other.migrate_personal_data_from(old, reason="x")
    assert other.log_end() == 0
    sealed = Ledger.open(f"sqlite:///{tmp_path / 'sealed.db'}", secret_file=secret, notices=False)
    sealed.migrate_personal_data_from(old, reason="x")
    again = Ledger.open(f"sqlite:///{tmp_path / 'again.db'}", secret_file=secret, notices=False)
    with pytest.raises(MigrationRefused):
        again.migrate_personal_data_from(sealed, reason="x")  # already sealed


def _request(ledger: Ledger, number: int) -> str:
    return str(ledger.request_erasure(SITI, ground="subject-request", reason=f"surat {number}",
                                      actor=f"petugas{number}@petugas"))  # fmt: skip


def _approve(ledger: Ledger, erasure: str, number: int) -> str:
    return str(ledger.approve_erasure(erasure, actor=f"kadis{number}@kepala-dinas"))


def test_officers_asking_and_approving_at_once_erase_once(ledger_url: str) -> None:
    ledger, _siti = _with_siti(ledger_url)
    with Crowd(ledger_url, 3) as crowd:
        asked = crowd.run([(_request, (n,)) for n in range(3)])
        assert sorted(o.error or "ok" for o in asked) == [
            "ErasureAlreadyRequested", "ErasureAlreadyRequested", "ok",
        ], [o.message for o in asked]  # fmt: skip
        erasure = next(str(o.result) for o in asked if o.ok)
        decided = crowd.run([(_approve, (erasure, n)) for n in range(3)])
    assert sorted(o.error or "ok" for o in decided) == [
        "IllegalTransition", "IllegalTransition", "ok",
    ], [o.message for o in decided]  # fmt: skip
    kinds = [r.kind for r in ledger.history(erasure)]
    assert kinds == ["Requested", "Approved"]
    assert ledger.erasure(erasure).key_destroyed


def _register_siti(ledger: Ledger, number: int) -> str:
    return str(ledger.register_enterprise(
        f"Usaha Siti {number}",
        owners=[{"name": "Siti Aminah", "nik": SITI, "gender": "F", "birth_year": 1980}],
        desa="16.10.08.2003", sector=("13121", "10792", "14111")[number], founded_on="2014-03-01",
    ))  # fmt: skip


def test_processes_recording_the_same_person_at_once_give_her_one_key(ledger_url: str) -> None:
    Ledger.open(ledger_url, notices=False).close()
    with Crowd(ledger_url, 3) as crowd:
        made = crowd.run([(_register_siti, (n,)) for n in range(3)])
    assert [o.error for o in made] == [None] * 3, [o.message for o in made]
    ledger = Ledger.open(ledger_url, notices=False)
    assert len(ledger.application.person_keys.rows()) == 1
    people = {ledger.application.get(Enterprise, UUID(str(o.result))).owners[0].nik.person
              for o in made}  # fmt: skip
    assert people == {UUID(ledger.person_key(SITI))}
    assert {ledger.enterprise(UUID(str(o.result))).owners[0].name for o in made} == {"Siti Aminah"}


def test_the_key_goes_in_the_transaction_that_records_the_approval(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, record = _with_siti(ledger_url)
    asked = ledger.request_erasure(SITI, ground="unlawful", reason="tanpa persetujuan")
    keys = ledger.application.person_keys

    def crashed(_person: UUID) -> bool:
        raise SystemExit("the process died right after the approval was committed")

    monkeypatch.setattr(keys, "destroy", crashed)
    with pytest.raises(SystemExit):
        ledger.approve_erasure(asked, actor="tapip@kepala-dinas")
    monkeypatch.undo()
    # Another process, opened after the crash: no key, so nothing to read or to back up.
    other = Ledger.open(ledger_url, notices=False)
    assert other.erasure(asked).key_destroyed
    assert other.enterprise(record).owners[0].name == ERASED
    assert other.application.person_keys.rows() == []


def test_an_edited_seal_or_key_line_is_a_typed_refusal(sqlite_url: str, tmp_path: Path) -> None:
    import sqlite3

    ledger, record = _with_siti(sqlite_url)
    exported = tmp_path / "backup.jsonl"
    ledger.export(exported)
    ledger.close()
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        (state,) = db.execute(
            "SELECT state FROM stored_events WHERE topic = 'enterprises.Enterprise.Registered'"
        ).fetchone()
        edited = re.sub(rb'"sealed":"[^"]{8}', b'"sealed":"!!!!!!!!', bytes(state), count=1)
        db.execute("UPDATE stored_events SET state = ? WHERE state = ?", (edited, state))
    with pytest.raises(UnreadablePersonKey):
        Ledger.open(sqlite_url, notices=False).enterprise(record)
    lines = exported.read_text().splitlines()
    lines = [
        re.sub(r'"person": "[0-9a-f]{32}"', '"person": "not-a-uuid"', line)
        if "person_key" in line
        else line
        for line in lines
    ]
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join(lines) + "\n")
    secret = Path(path + ".secret")
    target = Ledger.open(f"sqlite:///{tmp_path / 'copy.db'}", secret_file=secret, notices=False)
    with pytest.raises(BackupNotValid):
        target.restore(forged)
    assert target.log_end() == 0


def _siti_again(ledger: Ledger, name: str = "Songket Siti Baru") -> UUID:
    """Siti Aminah's NIK registered again, in the same desa and line of business."""
    return ledger.register_enterprise(
        name,
        owners=[{"name": "Siti Aminah", "nik": SITI, "gender": "F", "birth_year": 1980}],
        desa="16.10.08.2003", sector="13121", founded_on="2015-01-01",
    )  # fmt: skip


def _stored_ids(ledger: Ledger) -> set[UUID]:
    recorder = ledger.application.recorder
    return {UUID(str(n.originator_id)) for n in recorder.select_notifications(1, ledger.log_end())}


def test_a_re_registration_after_an_erasure_is_not_linked_to_the_erased_records(
    ledger_url: str,
) -> None:
    ledger, first = _with_siti(ledger_url)
    # Before the erasure, the same owner in the same desa and sector is a suspected
    # duplicate, as on any ledger.
    second = _siti_again(ledger)
    assert ledger.enterprise(second).suspected_duplicates == (first,)
    _erase(ledger, SITI)
    # After it, her NIK names a new person: nothing links the new registration to the
    # erased one's records.
    third = _siti_again(ledger, "Songket Siti Ketiga")
    assert ledger.enterprise(third).suspected_duplicates == ()
    assert ledger.enterprise(first).owners[0].name == ERASED
    assert ledger.enterprise(third).owners[0].name == "Siti Aminah"
    # The index ids are made from people, not NIKs: a holder of the ledger's secret who
    # guesses her NIK finds no record whose id it gives.
    app = ledger.application
    nik, desa, version, code = app.get(Enterprise, third).owner_keys()[0]
    key = (nik.value, desa, version, code)
    stored = _stored_ids(ledger)
    assert OwnerIndex.id_for(key, app.index_secret) not in stored
    assert OwnerIndex.id_for(key) not in stored
    assert OwnerIndex.id_for(key, app.index_secret, person=nik.person) in stored


def test_after_an_erasure_no_receipt_can_be_tested_against_a_guess_of_the_person(
    ledger_url: str,
) -> None:
    ledger, _ = _with_siti(ledger_url)
    record = _siti_again(ledger)
    sent = ledger.register_enterprise(
        "Songket Siti Kiriman",
        owners=[{"name": "Siti Aminah", "nik": SITI, "gender": "F", "birth_year": 1980}],
        desa="16.10.08.2003", sector="13121", founded_on="2016-01-01", command_id="sms-7781",
    )  # fmt: skip
    resend: dict[str, Any] = {
        "owners": [{"name": "Siti Aminah", "nik": SITI, "gender": "F", "birth_year": 1980}],
        "desa": "16.10.08.2003", "sector": "13121", "founded_on": "2016-01-01",
        "command_id": "sms-7781",
    }  # fmt: skip
    assert ledger.register_enterprise("Songket Siti Kiriman", **resend) == sent
    app = ledger.application
    receipt = app.get(CommandReceipt, CommandReceipt.id_for("sms-7781"))
    owners = app.get(Enterprise, record).owners  # what a guesser knows: her NIK and name
    person = owners[0].nik.person
    assert person is not None
    envelope = Envelope(Actor("budi", "petugas"), "sms-7781", date(2026, 1, 1))
    guess = app.digests.plain("register_enterprise", {"owners": list(owners)}, envelope)
    # The ledger's secret alone does not test the guess: her own key is needed too.
    assert app.digests.keyed(guess["owners"]) != receipt.digests["owners"]
    her_key = app.digests.key_of_people([person])
    assert app.digests.keyed(guess["owners"], her_key) == receipt.digests["owners"]
    _erase(ledger, SITI)
    # Once erased, her key is gone: no one can test a guess against the receipt, and
    # the command sent again names a new person, so it is refused, recording nothing.
    assert app.digests.key_of_people([person]) is None
    end = ledger.log_end()
    with pytest.raises(CommandIdReused):
        ledger.register_enterprise("Songket Siti Kiriman", **resend)
    assert ledger.log_end() == end


def test_a_migrated_ledger_indexes_owners_by_person_and_keys_registrations_by_them(
    tmp_path: Path,
) -> None:
    old, secret = _old(tmp_path)
    new = Ledger.open(f"sqlite:///{tmp_path / 'sealed.db'}", secret_file=secret, notices=False)
    new.migrate_personal_data_from(old, reason="UU PDP")
    app = new.application
    enterprise = next(
        app.get(Enterprise, e) for e in new.enterprise_ids()
        if new.enterprise(e).status.value != "merged"
    )  # fmt: skip
    nik, desa, version, code = enterprise.owner_keys()[0]
    key = (nik.value, desa, version, code)
    stored = _stored_ids(new)
    # The old ids (made from the NIK) are renamed: made from the person now.
    assert OwnerIndex.id_for(key, old.application.index_secret) in _stored_ids(old)
    assert OwnerIndex.id_for(key, old.application.index_secret) not in stored
    assert OwnerIndex.id_for(key, app.index_secret, person=nik.person) in stored
    # The owner registered again in the same place and line is still a suspected
    # duplicate; once erased, no longer.
    owner = enterprise.owners[0]
    again: dict[str, Any] = {
        "owners": [{"name": owner.name, "nik": nik.value, "gender": owner.gender.value,
                    "birth_year": owner.birth_year}],
        "desa": enterprise.address.desa.code, "sector": code, "founded_on": "2020-01-01",
    }  # fmt: skip
    flagged = new.enterprise(new.register_enterprise("Lagi", **again)).suspected_duplicates
    assert enterprise.id in flagged
    # Registrations' receipts are keyed by their owners' own keys too.
    registrations = [
        old.application.get(CommandReceipt, UUID(str(n.originator_id)))
        for n in old.application.recorder.select_notifications(1, old.log_end())
        if "CommandReceipt" in n.topic
    ]
    registration = next(
        r for r in registrations if r.command == "register_enterprise" and r.result == enterprise.id
    )
    copied = app.get(CommandReceipt, registration.id)
    her_key = app.digests.key_of_people([o.nik.person for o in enterprise.owners if o.nik.person])
    for part, plain in registration.digests.items():
        assert copied.digests[part] == app.digests.keyed(plain, her_key) != app.digests.keyed(plain)
    _erase(new, nik.value)
    assert new.enterprise(new.register_enterprise("Lagi Lagi", **again)).suspected_duplicates == ()
