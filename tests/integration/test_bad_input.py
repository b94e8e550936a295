"""Bad input through the public API: an InvalidValue naming the field, and nothing recorded.

Every command of the :class:`Ledger` is sent each kind of bad value the reliability
testers sent (lone surrogates, NUL and other control characters, names of invisible
characters only, texts past their bound, numbers of 5000 digits or beyond their bounds,
dates before 1900, lists where one value belongs and the reverse), in each of its texts,
numbers, dates and lists, and in the envelope (command id, actor, reason). Each is refused
with :class:`InvalidValue` naming the field, never a raw Python or database error, and the
log does not grow: on SQLite and on PostgreSQL (``ledger_url``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any
from uuid import UUID

import pytest

from umkm_ledger import Ledger
from umkm_ledger.kernel.errors import InvalidValue, UmkmLedgerError

SITI: dict[str, Any] = {
    "name": "Siti Aminah",
    "nik": "1610084708800001",
    "gender": "F",
    "birth_year": 1980,
}
BUDI: dict[str, Any] = {
    "name": "Budi Santoso",
    "nik": "1610080403850002",
    "gender": "M",
    "birth_year": 1985,
}
FUNDER = "Dinkoperindag Ogan Ilir"
HUGE = 10**5000

#: Bad texts of every kind, for a name (one line, at most 200 characters).
BAD_NAMES: dict[str, Any] = {
    "lone surrogate": "Tenun \ud800",
    "NUL": "Tenun\x00Songket",
    "escape": "Tenun\x1b[2J",
    "newline": "Tenun\nSongket",
    "zero-width only": "\u200b\u200d\u2060\ufeff",
    "blank": "   ",
    "too long": "x" * 201,
    "a number": 17,
    "a list": ["Tenun"],
}
#: Bad free texts (newlines allowed, at most 4000 characters).
BAD_FREE_TEXTS: dict[str, Any] = {
    "lone surrogate": "alat \udfff tenun",
    "NUL": "alat\x00tenun",
    "bell": "alat tenun\x07",
    "zero-width only": "\u200b \n \u2060",
    "too long": "x" * 4001,
    "a number": 5,
}
BAD_COUNTS: dict[str, Any] = {
    "5000 digits": HUGE,
    "beyond a billion": 10**20,
    "negative": -1,
    "a bool": True,
    "text": "654",
    "a list": [1],
}
BAD_DATES: dict[str, Any] = {
    "year 1": "0001-01-01",
    "before 1900": date(1899, 12, 31),
    "5000 digits": "9" * 5000,
    "a list": ["2016-12-16"],
}
BAD_AMOUNTS: dict[str, Any] = {
    "5000 digits as text": "9" * 5000,
    "5000 digits": HUGE,
    "a list": ["Rp1 juta"],
}
BAD_NAME_LISTS: dict[str, Any] = {
    "one text": "songket",
    "lone surrogate inside": ["songket", "a\ud800"],
    "zero-width inside": ["\u200b"],
    "NUL inside": ["a\x00"],
}


@dataclass(frozen=True)
class Records:
    """One of each record the commands need, made before the bad input arrives."""

    enterprise: UUID
    group: UUID
    program: UUID
    allocation: UUID
    proposed: UUID
    approved: UUID
    handed: UUID
    referral: UUID
    session: UUID
    training: UUID
    exhibition: UUID


def make_records(ledger: Ledger) -> Records:
    enterprise = ledger.register_enterprise(
        "Tenun Songket Siti", owners=[SITI], desa="16.10.08.2003", sector="13121",
        founded_on="2014-03-01", effective_date="2016-12-16",
    )  # fmt: skip
    group = ledger.form_group(
        "KUB Usang Sungging", kind="KUB", region="16.10", founded_on="2015-01-01",
        effective_date="2016-12-16",
    )  # fmt: skip
    program = ledger.plan_program(
        "Pengembangan 1000 Wirausaha", agency="Diskoperindag Ogan Ilir", scope=["16.10"],
        period="2016-01-01..2020-12-31", effective_date="2016-01-04",
    )  # fmt: skip
    ledger.start_program(program, effective_date="2016-01-04")
    ledger.define_indicator(program, "nb", kind="binaan_enrolled", title="New binaan")
    ledger.enrol(program, enterprise, effective_date="2017-02-01")
    ledger.register_funder(FUNDER, source="APBD kabupaten")
    allocation = ledger.allocate(
        FUNDER, program, fiscal_year=2018, instrument="in-kind goods", amount="Rp1 miliar",
        effective_date="2018-01-02",
    )  # fmt: skip
    items = [{"description": "alat tenun", "quantity": 5, "unit_value": "Rp3.500.000"}]

    def propose(description: str) -> UUID:
        return ledger.propose_grant(
            allocation, enterprise, justification="looms", effective_date="2018-03-01",
            items=[{**items[0], "description": description}],
        )  # fmt: skip

    def approve(grant: UUID) -> UUID:
        ledger.check_eligibility(grant, effective_date="2018-03-01")
        ledger.approve_grant(grant, actor="herman@kepala-dinas", effective_date="2018-03-02")
        return grant

    proposed = propose("alat tenun")
    approved = approve(propose("mesin jahit"))
    handed = approve(propose("oven"))
    ledger.hand_over(
        handed, bast_number="027/BAST/2018", place="Inderalaya", items={"oven": 5},
        effective_date="2018-03-10",
    )  # fmt: skip
    referral = ledger.refer_kur(
        enterprise, bank="BRI", amount_requested="Rp25 juta", effective_date="2018-03-01"
    )
    session = ledger.schedule_mentoring(
        "Andi", topics=["pemasaran"], planned_on="2018-03-10", enterprises=[enterprise],
        program_id=program, effective_date="2018-03-01",
    )  # fmt: skip
    training = ledger.organise_training(
        "Bimtek IKM", organiser="Kemenperin", venue="Palembang", region="16.10",
        days=["2018-08-23"], topics=["produksi"], effective_date="2018-08-01",
    )  # fmt: skip
    ledger.register_participant(
        training, person=SITI, enterprise_id=enterprise, effective_date="2018-08-01"
    )
    exhibition = ledger.organise_exhibition(
        "Pameran UMKM", organiser="Dinkop", venue="Inderalaya", region="16.10",
        days=["2016-12-16"], effective_date="2016-12-16",
    )  # fmt: skip
    return Records(
        enterprise, group, program, allocation, proposed, approved, handed, referral,
        session, training, exhibition,
    )  # fmt: skip


#: A command sent one bad value: (ledger, records, value, command id) -> anything.
Send = Callable[[Ledger, Records, Any, str], object]


@dataclass(frozen=True)
class Row:
    family: str
    command: str
    field: str  # where the error must say the value was (a prefix of error.field)
    bad: dict[str, Any]
    send: Send


def _enterprise(**given: Any) -> Send:
    def send(ledger: Ledger, _: Records, value: Any, command_id: str) -> object:
        fields: dict[str, Any] = {
            "owners": [SITI], "desa": "16.10.08.2003", "sector": "13121",
            "founded_on": "2014-03-01", "effective_date": "2016-12-16",
        }  # fmt: skip
        fields.update({key: (value if v is ... else v) for key, v in given.items()})
        name = fields.pop("name", "Tenun")
        return ledger.register_enterprise(name, command_id=command_id, **fields)

    return send


def _owner(**given: Any) -> Send:
    def send(ledger: Ledger, r: Records, value: Any, command_id: str) -> object:
        owner = {**BUDI, **dict.fromkeys(given, value)}
        return _enterprise(owners=[owner])(ledger, r, value, command_id)

    return send


V = ...  # where the bad value goes

ROWS: list[Row] = [
    # -- enterprises ----------------------------------------------------------------------
    Row("enterprise", "register_enterprise", "name", BAD_NAMES, _enterprise(name=V)),
    Row("enterprise", "register_enterprise", "address.street", BAD_NAMES, _enterprise(street=V)),
    Row("enterprise", "register_enterprise", "owners[0].name", BAD_NAMES, _owner(name=V)),
    Row("enterprise", "register_enterprise", "owners[0].birth_year",
        {"5000 digits": HUGE, "5000 digits as text": "9" * 5000}, _owner(birth_year=V)),
    Row("enterprise", "register_enterprise", "owners[0].nik",
        {"5000 digits": HUGE, "a list": ["1"]}, _owner(nik=V)),
    Row("enterprise", "register_enterprise", "founded_on", BAD_DATES, _enterprise(founded_on=V)),
    Row("enterprise", "register_enterprise", "effective_date", BAD_DATES,
        _enterprise(effective_date=V)),
    Row("enterprise", "register_enterprise", "sector", {"a list": [2020]},
        _enterprise(kbli_version=V)),
    Row("enterprise", "report_sales", "year",
        {"5000 digits": HUGE, "year 1": 1, "text": "2016", "a list": [2016]},
        lambda lg, r, v, c: lg.report_sales(r.enterprise, year=v, amount=1, command_id=c)),
    Row("enterprise", "report_capital", "amount", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.report_capital(r.enterprise, amount=v, command_id=c)),
    Row("enterprise", "close_enterprise", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.close_enterprise(r.enterprise, reason=v, command_id=c)),
    Row("enterprise", "correct", "version", BAD_COUNTS,
        lambda lg, r, v, c: lg.correct(r.enterprise, version=v, changes={"name": "T"},
                                       reason="r", command_id=c)),
    Row("enterprise", "correct", "changes.name", BAD_NAMES,
        lambda lg, r, v, c: lg.correct(r.enterprise, version=1, changes={"name": v},
                                       reason="r", command_id=c)),
    Row("enterprise", "correct", "changes.founded_on", BAD_DATES,
        lambda lg, r, v, c: lg.correct(r.enterprise, version=1, changes={"founded_on": v},
                                       reason="r", command_id=c)),
    Row("enterprise", "correct", "changes.address",
        {"None": None, "no desa": {"street": "Jl. X"}, "bad street": {"desa": "16.10.08.2003",
                                                                       "street": "\u200b"}},
        lambda lg, r, v, c: lg.correct(r.enterprise, version=1, changes={"address": v},
                                       reason="r", command_id=c)),
    # -- the envelope, on any command ------------------------------------------------------
    Row("envelope", "report_capital", "command_id",
        {"trailing space": "abc ", "leading space": " abc", "lone surrogate": "a\ud800",
         "NUL": "a\x00", "empty": "", "too long": "x" * 201, "zero-width": "a\u200bb",
         "a number": 17},
        lambda lg, r, v, c: lg.report_capital(r.enterprise, amount=1, command_id=v)),
    Row("envelope", "report_capital", "actor",
        {"lone surrogate": "a\ud800@officer", "NUL": "siti@off\x00icer", "no role": "siti@",
         "too long": "x" * 201 + "@officer", "a number": 5},
        lambda lg, r, v, c: lg.report_capital(r.enterprise, amount=1, actor=v, command_id=c)),
    Row("envelope", "mark_dormant", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.mark_dormant(r.enterprise, reason=v, command_id=c)),
    Row("envelope", "report_capital", "effective_date", BAD_DATES,
        lambda lg, r, v, c: lg.report_capital(r.enterprise, amount=1, effective_date=v,
                                              command_id=c)),
    # -- groups ----------------------------------------------------------------------------
    Row("group", "form_group", "name", BAD_NAMES,
        lambda lg, r, v, c: lg.form_group(v, kind="KUB", region="16.10",
                                          founded_on="2015-01-01", command_id=c)),
    Row("group", "form_group", "kind", {"a number": 5, "a list": ["KUB"]},
        lambda lg, r, v, c: lg.form_group("KUB", kind=v, region="16.10",
                                          founded_on="2015-01-01", command_id=c)),
    Row("group", "form_group", "founded_on", BAD_DATES,
        lambda lg, r, v, c: lg.form_group("KUB", kind="KUB", region="16.10", founded_on=v,
                                          command_id=c)),
    Row("group", "remove_group_member", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.remove_group_member(r.group, r.enterprise, reason=v,
                                                   command_id=c)),
    # -- programs --------------------------------------------------------------------------
    Row("program", "plan_program", "name", BAD_NAMES,
        lambda lg, r, v, c: lg.plan_program(v, agency="A", scope=["16.10"], period="2016",
                                            command_id=c)),
    Row("program", "plan_program", "agency", BAD_NAMES,
        lambda lg, r, v, c: lg.plan_program("P", agency=v, scope=["16.10"], period="2016",
                                            command_id=c)),
    Row("program", "plan_program", "period",
        {"year 1": "0001-01-01..0002-01-01", "5000 digits": "9" * 5000 + "..2",
         "a number": 2016},
        lambda lg, r, v, c: lg.plan_program("P", agency="A", scope=["16.10"], period=v,
                                            command_id=c)),
    Row("program", "define_indicator", "indicator.title", BAD_NAMES,
        lambda lg, r, v, c: lg.define_indicator(r.program, "k2", kind="binaan_enrolled",
                                                title=v, command_id=c)),
    Row("program", "define_indicator", "indicator.parameters",
        {"a list": [1, 2], "a text": "population=5", "5000 digits": {"population": HUGE},
         "beyond a billion": {"population": 10**20}, "lone surrogate": {"population": "\ud800"}},
        lambda lg, r, v, c: lg.define_indicator(r.program, "k3", kind="registered_enterprises",
                                                title="t", parameters=v, command_id=c)),
    Row("program", "define_indicator", "indicator.youth_age_limit", BAD_COUNTS,
        lambda lg, r, v, c: lg.define_indicator(r.program, "k4", kind="binaan_enrolled",
                                                title="t", youth_age_limit=v, command_id=c)),
    Row("program", "define_indicator", "indicator.baseline",
        {"5000 digits": HUGE, "beyond a billion": 10**20},
        lambda lg, r, v, c: lg.define_indicator(r.program, "k5", kind="binaan_enrolled",
                                                title="t", baseline=v,
                                                baseline_on="2016-01-01", command_id=c)),
    Row("program", "set_target", "target.value", BAD_COUNTS,
        lambda lg, r, v, c: lg.set_target(r.program, "nb", value=v, periods="2017",
                                          command_id=c)),
    Row("program", "set_target", "periods",
        {"5000 digits": "9" * 5000 + "..2", "superscript": "²..2"},
        lambda lg, r, v, c: lg.set_target(r.program, "nb", value=1, periods=v, command_id=c)),
    Row("program", "set_target", "indicator", BAD_NAMES,
        lambda lg, r, v, c: lg.set_target(r.program, v, value=1, periods="2017", command_id=c)),
    Row("program", "record_opening_balance", "value", BAD_COUNTS,
        lambda lg, r, v, c: lg.record_opening_balance(
            r.program, "nb", value=v, counted_on="2016-12-16", source_document="d",
            command_id=c)),
    Row("program", "record_opening_balance", "source_document", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.record_opening_balance(
            r.program, "nb", value=1, counted_on="2016-12-16", source_document=v,
            command_id=c)),
    Row("program", "record_opening_balance", "effective_date", BAD_DATES,
        lambda lg, r, v, c: lg.record_opening_balance(
            r.program, "nb", value=1, counted_on=v, source_document="d", command_id=c)),
    Row("program", "enrol", "funders", BAD_NAME_LISTS,
        lambda lg, r, v, c: lg.enrol(r.program, r.enterprise, funders=v, command_id=c)),
    Row("program", "claim_attribution", "funder", BAD_NAMES,
        lambda lg, r, v, c: lg.claim_attribution(r.program, r.enterprise, funder=v,
                                                 command_id=c)),
    Row("program", "close_program", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.close_program(r.program, reason=v, command_id=c)),
    # -- funders and allocations -----------------------------------------------------------
    Row("funding", "register_funder", "name", BAD_NAMES,
        lambda lg, r, v, c: lg.register_funder(v, source="APBN", command_id=c)),
    Row("funding", "register_funder", "source", {"a number": HUGE, "a list": ["APBN"]},
        lambda lg, r, v, c: lg.register_funder("F", source=v, command_id=c)),
    Row("funding", "allocate", "funder", BAD_NAMES,
        lambda lg, r, v, c: lg.allocate(v, r.program, fiscal_year=2018, instrument="loan",
                                        amount=1, command_id=c)),
    Row("funding", "allocate", "fiscal_year", BAD_COUNTS,
        lambda lg, r, v, c: lg.allocate(FUNDER, r.program, fiscal_year=v, instrument="loan",
                                        amount=1, command_id=c)),
    Row("funding", "allocate", "amount", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.allocate(FUNDER, r.program, fiscal_year=2018,
                                        instrument="loan", amount=v, command_id=c)),
    Row("funding", "amend_allocation", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.amend_allocation(r.allocation, amount="Rp2 miliar", reason=v,
                                                command_id=c)),
    # -- grants ----------------------------------------------------------------------------
    Row("grant", "propose_grant", "justification", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.propose_grant(
            r.allocation, r.enterprise, justification=v, command_id=c,
            items=[{"description": "d", "quantity": 1, "unit_value": 1}])),
    Row("grant", "propose_grant", "items[0]", BAD_NAMES,
        lambda lg, r, v, c: lg.propose_grant(
            r.allocation, r.enterprise, justification="j", command_id=c,
            items=[{"description": v, "quantity": 1, "unit_value": 1}])),
    Row("grant", "propose_grant", "items[0]", BAD_COUNTS,
        lambda lg, r, v, c: lg.propose_grant(
            r.allocation, r.enterprise, justification="j", command_id=c,
            items=[{"description": "d", "quantity": v, "unit_value": 1}])),
    Row("grant", "propose_grant", "items[0]", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.propose_grant(
            r.allocation, r.enterprise, justification="j", command_id=c,
            items=[{"description": "d", "quantity": 1, "unit_value": v}])),
    Row("grant", "reject_grant", "reason", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.reject_grant(r.proposed, reason=v, command_id=c)),
    Row("grant", "hand_over", "bast_number", BAD_NAMES,
        lambda lg, r, v, c: lg.hand_over(r.approved, bast_number=v, place="p",
                                         items={"mesin jahit": 1}, command_id=c)),
    Row("grant", "hand_over", "place", BAD_NAMES,
        lambda lg, r, v, c: lg.hand_over(r.approved, bast_number="b", place=v,
                                         items={"mesin jahit": 1}, command_id=c)),
    Row("grant", "hand_over", "witnesses", BAD_NAME_LISTS,
        lambda lg, r, v, c: lg.hand_over(r.approved, bast_number="b", place="p", witnesses=v,
                                         items={"mesin jahit": 1}, command_id=c)),
    Row("grant", "hand_over", "items[0]", BAD_COUNTS,
        lambda lg, r, v, c: lg.hand_over(r.approved, bast_number="b", place="p",
                                         items={"mesin jahit": v}, command_id=c)),
    Row("grant", "hand_over", "items[0]",
        {k: v for k, v in BAD_NAMES.items() if isinstance(v, str)},
        lambda lg, r, v, c: lg.hand_over(
            r.approved, bast_number="b", place="p", command_id=c,
            items=[{"description": "mesin jahit", "quantity": 1, "serial_numbers": [v]}])),
    Row("grant", "acknowledge_handover", "recipient", BAD_NAMES,
        lambda lg, r, v, c: lg.acknowledge_handover(r.handed, "027/BAST/2018", recipient=v,
                                                    command_id=c)),
    Row("grant", "acknowledge_handover", "bast_number", BAD_NAMES,
        lambda lg, r, v, c: lg.acknowledge_handover(r.handed, v, recipient="Siti",
                                                    command_id=c)),
    Row("grant", "monitor_grant", "seen_by", BAD_NAMES,
        lambda lg, r, v, c: lg.monitor_grant(r.handed, condition="in use", seen_by=v,
                                             command_id=c)),
    Row("grant", "monitor_grant", "note", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.monitor_grant(r.handed, condition="in use", note=v,
                                             command_id=c)),
    Row("grant", "report_grant_outcome", "sales_after", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.report_grant_outcome(r.handed, sales_after=v, command_id=c)),
    Row("grant", "report_grant_outcome", "note", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.report_grant_outcome(r.handed, note=v, command_id=c)),
    Row("grant", "correct", "changes.witnesses", BAD_NAME_LISTS,
        lambda lg, r, v, c: lg.correct(r.handed, version=4, changes={"witnesses": v},
                                       reason="r", command_id=c)),
    # -- KUR -------------------------------------------------------------------------------
    Row("kur", "refer_kur", "bank", BAD_NAMES,
        lambda lg, r, v, c: lg.refer_kur(r.enterprise, bank=v, amount_requested=1,
                                         command_id=c)),
    Row("kur", "refer_kur", "amount_requested", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.refer_kur(r.enterprise, bank="BRI", amount_requested=v,
                                         command_id=c)),
    Row("kur", "record_kur_decision", "bank_reference", BAD_NAMES,
        lambda lg, r, v, c: lg.record_kur_decision(r.referral, approved=False,
                                                   bank_reference=v, command_id=c)),
    # -- mentoring, training, consultations, exhibitions -----------------------------------
    Row("activity", "schedule_mentoring", "mentor", BAD_NAMES,
        lambda lg, r, v, c: lg.schedule_mentoring(v, topics=["t"], planned_on="2018-03-10",
                                                  enterprises=[r.enterprise], command_id=c)),
    Row("activity", "schedule_mentoring", "topics", BAD_NAME_LISTS,
        lambda lg, r, v, c: lg.schedule_mentoring("Andi", topics=v, planned_on="2018-03-10",
                                                  enterprises=[r.enterprise], command_id=c)),
    Row("activity", "schedule_mentoring", "planned_on", BAD_DATES,
        lambda lg, r, v, c: lg.schedule_mentoring("Andi", topics=["t"], planned_on=v,
                                                  enterprises=[r.enterprise], command_id=c)),
    Row("activity", "hold_mentoring", "duration_minutes", BAD_COUNTS,
        lambda lg, r, v, c: lg.hold_mentoring(r.session, attended=[r.enterprise],
                                              duration_minutes=v, command_id=c)),
    Row("activity", "hold_mentoring", "notes", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.hold_mentoring(r.session, attended=[r.enterprise],
                                              duration_minutes=60, notes=v, command_id=c)),
    Row("activity", "hold_mentoring", "follow_ups[0].action", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.hold_mentoring(
            r.session, attended=[r.enterprise], duration_minutes=60, command_id=c,
            follow_ups=[{"action": v, "due": "2018-04-01"}])),
    Row("activity", "complete_follow_up", "line", BAD_COUNTS,
        lambda lg, r, v, c: lg.complete_follow_up(r.session, v, command_id=c)),
    Row("activity", "organise_training", "title", BAD_NAMES,
        lambda lg, r, v, c: lg.organise_training(v, organiser="K", venue="P", region="16.10",
                                                 days=["2018-08-23"], topics=["t"],
                                                 command_id=c)),
    Row("activity", "organise_training", "partner", BAD_NAMES,
        lambda lg, r, v, c: lg.organise_training("T", organiser="K", venue="P", region="16.10",
                                                 days=["2018-08-23"], topics=["t"], partner=v,
                                                 command_id=c)),
    Row("activity", "organise_training", "days[0]", BAD_DATES,
        lambda lg, r, v, c: lg.organise_training("T", organiser="K", venue="P", region="16.10",
                                                 days=[v], topics=["t"], command_id=c)),
    Row("activity", "register_participant", "person.name", BAD_NAMES,
        lambda lg, r, v, c: lg.register_participant(
            r.training, person={**BUDI, "name": v}, enterprise_id=r.enterprise, command_id=c)),
    Row("activity", "complete_training", "certificate", BAD_NAMES,
        lambda lg, r, v, c: lg.complete_training(r.training, SITI["nik"], certificate=v,
                                                 command_id=c)),
    Row("activity", "record_consultation", "outcome", BAD_FREE_TEXTS,
        lambda lg, r, v, c: lg.record_consultation(r.enterprise, place="PLUT", consultant="R",
                                                   topic="merek", outcome=v, command_id=c)),
    Row("activity", "record_consultation", "consultant", BAD_NAMES,
        lambda lg, r, v, c: lg.record_consultation(r.enterprise, place="PLUT", consultant=v,
                                                   topic="merek", outcome="o", command_id=c)),
    Row("activity", "organise_exhibition", "venue", BAD_NAMES,
        lambda lg, r, v, c: lg.organise_exhibition("P", organiser="D", venue=v, region="16.10",
                                                   days=["2016-12-16"], command_id=c)),
    Row("activity", "take_part", "products", BAD_NAME_LISTS,
        lambda lg, r, v, c: lg.take_part(r.exhibition, r.enterprise, outcome="o", products=v,
                                         effective_date="2016-12-16", command_id=c)),
    Row("activity", "take_part", "sales", BAD_AMOUNTS,
        lambda lg, r, v, c: lg.take_part(r.exhibition, r.enterprise, outcome="o", sales=v,
                                         effective_date="2016-12-16", command_id=c)),
]  # fmt: skip

FAMILIES = sorted({row.family for row in ROWS})


@pytest.fixture
def opened(ledger_url: str) -> Iterator[tuple[Ledger, Records]]:
    with Ledger.open(ledger_url, actor="siti@officer") as ledger:
        yield ledger, make_records(ledger)


def _short(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 100:
        return "<huge int>"
    return repr(value)[:40]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_bad_value_is_an_invalid_value_naming_the_field_and_records_nothing(
    opened: tuple[Ledger, Records], family: str
) -> None:
    ledger, records = opened
    serial = count()
    wrong: list[str] = []
    for row in (row for row in ROWS if row.family == family):
        for kind, value in row.bad.items():
            before = ledger.log_end()
            try:
                row.send(ledger, records, value, f"bad-input-{next(serial)}")
            except InvalidValue as refused:
                if not refused.field.startswith(row.field):
                    wrong.append(f"{row.command} {row.field} ({kind}): named {refused.field}")
                str(refused).encode("utf-8")  # printable and storable, like any message
            except UmkmLedgerError as refused:
                wrong.append(f"{row.command} {row.field} ({kind}): {type(refused).__name__}")
            else:
                wrong.append(f"{row.command} {row.field} ({kind}): accepted {_short(value)}")
            if ledger.log_end() != before:
                wrong.append(f"{row.command} {row.field} ({kind}): the log grew")
    assert not wrong, "\n".join(wrong)


def test_the_table_sends_every_kind_of_bad_value_to_every_family() -> None:
    # A table that tests nothing would pass: each family sends at least one bad text,
    # and the table as a whole every kind of bad value.
    for family in FAMILIES:
        assert sum(len(row.bad) for row in ROWS if row.family == family) >= 5
    sent = {kind for row in ROWS for kind in row.bad}
    assert {"lone surrogate", "NUL", "zero-width only", "too long", "5000 digits",
            "beyond a billion", "year 1"} <= sent  # fmt: skip
