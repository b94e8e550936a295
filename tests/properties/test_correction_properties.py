"""One validation path per field: a correction refuses what the field's command refuses.

For every correctable field of every record (the ``CORRECTABLE`` maps), the same value is
sent twice, each time to a fresh ledger: once to the command that records the field, once
as a correction of that field of a fact the command recorded earlier, the rest of the
fact and its context being the same. Either both accept it or both refuse it; a refusal is
an :class:`UmkmLedgerError` (an :class:`InvalidValue` located under ``changes.`` where the
command's was an :class:`InvalidValue`), and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from umkm_ledger import Ledger
from umkm_ledger.kernel.errors import InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.records import RECORD_KINDS

# -- a small world, fresh for every attempt -------------------------------------------------

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
ITEMS = [{"description": "alat tenun", "quantity": 5, "unit_value": "Rp3.500.000"}]


class World:
    """A memory ledger with what the commands of a field need (made as asked for)."""

    def __init__(self) -> None:
        self.ledger = Ledger.open("memory://", actor="siti@officer")
        self._program: UUID | None = None
        self._allocation: UUID | None = None

    def history_version(self, record: UUID, kind: str) -> int:
        return max(e.version for e in self.ledger.history(record) if e.kind == kind)

    def enterprise(self, **given: Any) -> UUID:
        fields: dict[str, Any] = {
            "owners": [SITI], "desa": "16.10.08.2003", "sector": "13121",
            "founded_on": "2014-03-01", "effective_date": "2016-12-16", **given,
        }  # fmt: skip
        name = fields.pop("name", "Tenun Songket Siti")
        return self.ledger.register_enterprise(name, **fields)

    @property
    def program(self) -> UUID:
        if self._program is None:
            self._program = self.ledger.plan_program(
                "Pengembangan 1000 Wirausaha", agency="Diskoperindag Ogan Ilir",
                scope=["16.10"], period="2016-01-01..2020-12-31", effective_date="2016-01-04",
            )  # fmt: skip
            self.ledger.start_program(self._program, effective_date="2016-01-04")
            self.ledger.define_indicator(
                self._program, "nb", kind="binaan_enrolled", title="New binaan"
            )
        return self._program

    def binaan(self) -> UUID:
        enterprise = self.enterprise()
        self.ledger.enrol(self.program, enterprise, effective_date="2017-02-01")
        return enterprise

    @property
    def allocation(self) -> UUID:
        if self._allocation is None:
            self.ledger.register_funder(FUNDER, source="APBD kabupaten")
            self._allocation = self.ledger.allocate(
                FUNDER, self.program, fiscal_year=2018, instrument="in-kind goods",
                amount="Rp1 miliar", effective_date="2018-01-02",
            )  # fmt: skip
        return self._allocation

    def propose(self, beneficiary: UUID, justification: Any = "looms for the weavers") -> UUID:
        return self.ledger.propose_grant(
            self.allocation, beneficiary, items=ITEMS, justification=justification,
            effective_date="2018-03-01",
        )  # fmt: skip

    def approved(self) -> UUID:
        grant = self.propose(self.binaan())
        self.ledger.check_eligibility(grant, effective_date="2018-03-01")
        self.ledger.approve_grant(grant, actor="herman@kepala-dinas", effective_date="2018-03-02")
        return grant

    def hand_over(self, grant: UUID, place: Any = "Inderalaya", witnesses: Any = ()) -> UUID:
        self.ledger.hand_over(
            grant, bast_number=f"BAST/{uuid4().hex[:8]}", place=place,
            items={"alat tenun": 5}, witnesses=witnesses, effective_date="2018-03-10",
        )  # fmt: skip
        return grant

    def handed(self) -> UUID:
        return self.hand_over(self.approved())

    def outcome(self, grant: UUID, **given: Any) -> UUID:
        fields = {"sales_before": None, "sales_after": None, "note": "", **given}
        self.ledger.report_grant_outcome(grant, effective_date="2018-06-01", **fields)
        return grant

    def monitor(self, grant: UUID, **given: Any) -> UUID:
        fields = {"condition": "in use", "seen_by": "Rudi", "note": "", **given}
        self.ledger.monitor_grant(grant, effective_date="2018-04-01", **fields)
        return grant

    def refer(self, enterprise: UUID, **given: Any) -> UUID:
        fields = {"bank": "BRI Inderalaya", "amount_requested": "Rp25 juta", **given}
        return self.ledger.refer_kur(enterprise, effective_date="2018-03-01", **fields)

    def decide(self, referral: UUID, approved: bool, **given: Any) -> UUID:
        fields = {"bank_reference": "KUR-17", **({"amount": "Rp20 juta"} if approved else {})}
        self.ledger.record_kur_decision(
            referral, approved=approved, effective_date="2018-04-01", **{**fields, **given}
        )
        return referral

    def schedule(self, enterprise: UUID, **given: Any) -> UUID:
        fields = {"topics": ["pemasaran"], "planned_on": "2018-03-10", **given}
        return self.ledger.schedule_mentoring(
            "Andi", enterprises=[enterprise], program_id=self.program,
            effective_date="2018-03-01", **fields,
        )  # fmt: skip

    def session(self) -> UUID:
        return self.schedule(self.enterprise())

    def hold(self, session: UUID, **given: Any) -> UUID:
        invited = self.ledger.mentoring_session(session).invited
        fields = {"duration_minutes": 90, "notes": "", **given}
        self.ledger.hold_mentoring(
            session, attended=list(invited), effective_date="2018-03-10", **fields
        )
        return session

    def training(self, **given: Any) -> UUID:
        fields = {
            "venue": "Palembang", "topics": ["produksi"], "trainers": ["Rina"],
            "funder": "Kemenperin", "partner": "DPR Komisi VI", **given,
        }  # fmt: skip
        title = fields.pop("title", "Bimtek IKM")
        return self.ledger.organise_training(
            title, organiser="Kemenperin", region="16.71", days=["2018-08-23"],
            effective_date="2018-08-01", **fields,
        )  # fmt: skip

    def registered(self) -> UUID:
        training = self.training()
        enterprise = self.enterprise()
        for person in (SITI, BUDI):
            self.ledger.register_participant(
                training, person=person, enterprise_id=enterprise, effective_date="2018-08-01"
            )
        return training

    def attend(self, training: UUID, present: Any = (SITI["nik"],)) -> UUID:
        self.ledger.record_attendance(training, present=present, effective_date="2018-08-23")
        return training

    def complete(self, training: UUID, certificate: Any = "C-0001") -> UUID:
        self.ledger.complete_training(
            training, SITI["nik"], certificate=certificate, effective_date="2018-08-23"
        )
        return training

    def consult(self, enterprise: UUID, **given: Any) -> UUID:
        fields = {"place": "PLUT Palembang", "topic": "merek", "outcome": "didaftarkan", **given}
        return self.ledger.record_consultation(
            enterprise, consultant="Rina", effective_date="2018-03-01", **fields
        )

    def exhibition(self, **given: Any) -> UUID:
        fields = {"venue": "Inderalaya", **given}
        name = fields.pop("name", "Pameran UMKM")
        return self.ledger.organise_exhibition(
            name, organiser="Dinkop", region="16.10", days=["2016-12-16"],
            effective_date="2016-12-16", **fields,
        )  # fmt: skip

    def take_part(self, exhibition: UUID, enterprise: UUID, **given: Any) -> UUID:
        fields = {"outcome": "dua pesanan", "products": ["songket"], "sales": None, **given}
        self.ledger.take_part(exhibition, enterprise, effective_date="2016-12-16", **fields)
        return exhibition

    def group(self, **given: Any) -> UUID:
        fields = {"kind": "KUB", "region": "16.10", "founded_on": "2015-01-01",
                  "effective_date": "2016-12-16", **given}  # fmt: skip
        name = fields.pop("name", "KUB Karya Usang Sungging")
        return self.ledger.form_group(name, **fields)

    def plan(self, **given: Any) -> UUID:
        fields = {"agency": "Diskoperindag", "scope": ["16.10"],
                  "period": "2016-01-01..2020-12-31", "effective_date": "2016-01-04",
                  **given}  # fmt: skip
        name = fields.pop("name", "Pengembangan 1000 Wirausaha")
        return self.ledger.plan_program(name, **fields)

    def balance(self, program: UUID, **given: Any) -> UUID:
        fields = {"value": 654, "source_document": "Diskoperindag, 16 Dec 2016", "area": None}
        self.ledger.record_opening_balance(
            program, "nb", counted_on="2016-12-16", **{**fields, **given}
        )
        return program


# -- one case per correctable field: its command, and a fact of it to correct --------------

#: What a command needs before it can be sent (records it is about), made beforehand.
Prepare = Callable[[World], Any]
#: The command, given what was prepared and the value under test.
Command = Callable[[World, Any, Any], object]


class _NoCommandForm(Exception):
    """The value has no form the field's command could be given it in."""


def _nothing(_world: World) -> None:
    return None


@dataclass(frozen=True)
class Case:
    kind: str  # the event kind, as in CORRECTABLE
    field: str
    command: Command
    #: A record holding a fact of ``kind`` recorded by the command with a valid value.
    fixture: Callable[[World], UUID]
    valid: st.SearchStrategy[Any]
    prepare: Prepare = _nothing

    @property
    def name(self) -> str:
        return f"{self.kind}.{self.field}"


def _address(w: World, _: Any, value: Any) -> object:
    if not isinstance(value, Mapping):
        raise _NoCommandForm
    return w.enterprise(
        desa=value.get("desa"), street=value.get("street", "-"),
        postal_code=value.get("postal_code"),
    )  # fmt: skip


def _keywords(value: Any, known: set[str], required: set[str]) -> Mapping[str, Any]:
    """``value`` as the keyword arguments of a command that takes ``known`` ones (and
    needs ``required``): anything else is no form the command can be sent."""
    if not isinstance(value, Mapping) or not set(value) <= known or not required <= set(value):
        raise _NoCommandForm
    return value


_INDICATOR = {"kind", "title", "baseline", "baseline_on", "parameters", "youth_age_limit"}
_TARGET = {"value", "periods", "per_area", "areas"}


def _indicator(w: World, program: UUID, value: Any) -> object:
    arguments: dict[str, Any] = {"kind": "binaan_enrolled", "title": "New binaan"}
    arguments.update(_keywords(value, _INDICATOR, set()))
    return w.ledger.define_indicator(program, "second", **arguments)


def _target(w: World, program: UUID, value: Any) -> object:
    return w.ledger.set_target(program, "nb", **_keywords(value, _TARGET, {"value", "periods"}))


def _given(value: Any) -> Any:
    """A value for an argument whose None means "not given" (today, the actor)."""
    if value is None:
        raise _NoCommandForm
    return value


def _targeted(w: World) -> UUID:
    w.ledger.set_target(w.program, "nb", value=100, periods="2017")
    return w.program


def _rescheduled(w: World) -> UUID:
    session = w.session()
    w.ledger.reschedule_mentoring(session, planned_on="2018-03-20", effective_date="2018-03-02")
    return session


def _sales(w: World, enterprise: UUID, year: Any = 2016, amount: Any = "Rp250 juta") -> UUID:
    w.ledger.report_sales(enterprise, year=year, amount=amount, effective_date="2017-01-31")
    return enterprise


def _capital(
    w: World, enterprise: UUID, amount: Any = "Rp10 juta", day: Any = "2017-01-31"
) -> UUID:
    w.ledger.report_capital(enterprise, amount=amount, effective_date=day)
    return enterprise


_texts = st.sampled_from(["Tenun Songket", "  Tenun  Songket  ", "KUB Usang Sungging"])
_free = st.sampled_from(["alat tenun\nuntuk 5 penenun", "naik 50 %", "\tcatatan"])
_amounts = st.sampled_from(["Rp3.500.000", 1_000_000, "Rp1,5 miliar", "Rp0"])
_lists = st.sampled_from([["songket"], ("songket", "batik"), ["PT Hutama Karya"]])
_enterprise = World.enterprise
_grant = World.handed

CASES = [
    Case("Registered", "name", lambda w, _, v: w.enterprise(name=v),
         lambda w: w.enterprise(), _texts),
    Case("Registered", "owners", lambda w, _, v: w.enterprise(owners=v),
         lambda w: w.enterprise(), st.just([BUDI])),
    Case("Registered", "address", _address, lambda w: w.enterprise(),
         st.just({"desa": "16.10.08.2004", "street": "Jl. Lintas Timur"})),
    Case("Registered", "sector", lambda w, _, v: w.enterprise(sector=v),
         lambda w: w.enterprise(), st.sampled_from(["13121", "14111", " 10792 "])),
    Case("Registered", "founded_on", lambda w, _, v: w.enterprise(founded_on=v),
         lambda w: w.enterprise(), st.sampled_from(["2010-01-01", date(1990, 5, 1)])),
    Case("Registered", "nib", lambda w, _, v: w.enterprise(nib=v),
         lambda w: w.enterprise(nib="9120106541237"), st.just("9120106541238")),
    Case("NibRecorded", "nib", lambda w, e, v: w.ledger.record_nib(e, v),
         lambda w: (e := w.enterprise(), w.ledger.record_nib(e, "9120106541237"))[0],
         st.just("9120 1065 41239"), prepare=_enterprise),
    Case("SalesReported", "year", lambda w, e, v: _sales(w, e, year=v),
         lambda w: _sales(w, w.enterprise()), st.sampled_from([2014, 2015, 2017]),
         prepare=_enterprise),
    Case("SalesReported", "amount", lambda w, e, v: _sales(w, e, amount=v),
         lambda w: _sales(w, w.enterprise()), _amounts, prepare=_enterprise),
    Case("CapitalReported", "amount", lambda w, e, v: _capital(w, e, amount=v),
         lambda w: _capital(w, w.enterprise()), _amounts, prepare=_enterprise),
    Case("CapitalReported", "effective_date", lambda w, e, v: _capital(w, e, day=_given(v)),
         lambda w: _capital(w, w.enterprise()),
         st.sampled_from(["2015-06-30", date(2020, 1, 1)]), prepare=_enterprise),
    Case("Formed", "name", lambda w, _, v: w.group(name=v), lambda w: w.group(), _texts),
    Case("Formed", "kind", lambda w, _, v: w.group(kind=v), lambda w: w.group(),
         st.sampled_from(["sentra", "koperasi", " KUB "])),
    Case("Formed", "region", lambda w, _, v: w.group(region=v), lambda w: w.group(),
         st.sampled_from(["16.10.08", "1610", "16.71"])),
    Case("Formed", "founded_on", lambda w, _, v: w.group(founded_on=v), lambda w: w.group(),
         st.sampled_from(["2000-01-01", "2016-12-16"])),
    Case("Formed", "effective_date", lambda w, _, v: w.group(effective_date=_given(v)),
         lambda w: w.group(), st.sampled_from(["2015-01-01", "2019-07-01"])),
    Case("Planned", "name", lambda w, _, v: w.plan(name=v), lambda w: w.plan(), _texts),
    Case("Planned", "agency", lambda w, _, v: w.plan(agency=v), lambda w: w.plan(), _texts),
    Case("Planned", "scope", lambda w, _, v: w.plan(scope=v), lambda w: w.plan(),
         st.sampled_from([["16.10"], ["16.10", "16.71"], ("1610",)])),
    Case("Planned", "period", lambda w, _, v: w.plan(period=v), lambda w: w.plan(),
         st.sampled_from(["2017", "2016-01-01..2021-12-31", "2018-Q2"])),
    Case("IndicatorDefined", "indicator", _indicator, lambda w: w.program,
         st.sampled_from([{"title": "Binaan baru"}, {"baseline": 10, "baseline_on": "2016-01-01"},
                          {"youth_age_limit": 35}]),
         prepare=lambda w: w.program),
    Case("TargetSet", "target",
         _target, _targeted,
         st.sampled_from([{"value": 200, "periods": "2018"},
                          {"value": 20, "periods": "2017..2018"}]),
         prepare=lambda w: w.program),
    Case("OpeningBalanceRecorded", "value", lambda w, p, v: w.balance(p, value=v),
         lambda w: w.balance(w.program), st.sampled_from([0, 654, 10**9]),
         prepare=lambda w: w.program),
    Case("OpeningBalanceRecorded", "source_document",
         lambda w, p, v: w.balance(p, source_document=v), lambda w: w.balance(w.program),
         _free, prepare=lambda w: w.program),
    Case("OpeningBalanceRecorded", "area", lambda w, p, v: w.balance(p, area=v),
         lambda w: w.balance(w.program), st.sampled_from(["16.10.08", None]),
         prepare=lambda w: w.program),
    Case("Enrolled", "funders",
         lambda w, pe, v: w.ledger.enrol(*pe, funders=v, effective_date="2017-02-01"),
         lambda w: w.ledger.enrol(w.program, w.enterprise(), funders=["APBD"],
                                  effective_date="2017-02-01"),
         _lists, prepare=lambda w: (w.program, w.enterprise())),
    Case("Registered", "source", lambda w, _, v: w.ledger.register_funder(FUNDER, source=v),
         lambda w: w.ledger.register_funder(FUNDER, source="APBN"),
         st.sampled_from(["TJSL BUMN", "apbd_kabupaten"])),
    Case("Proposed", "justification", lambda w, e, v: w.propose(e, v),
         lambda w: w.propose(w.binaan()), _free, prepare=lambda w: (w.allocation, w.binaan())[1]),
    Case("HandedOver", "place", lambda w, g, v: w.hand_over(g, place=v), _grant, _texts,
         prepare=World.approved),
    Case("HandedOver", "witnesses", lambda w, g, v: w.hand_over(g, witnesses=v), _grant,
         _lists, prepare=World.approved),
    Case("Monitored", "condition", lambda w, g, v: w.monitor(g, condition=v),
         lambda w: w.monitor(w.handed()), st.sampled_from(["idle", "SOLD", "broken"]),
         prepare=_grant),
    Case("Monitored", "seen_by", lambda w, g, v: w.monitor(g, seen_by=_given(v)),
         lambda w: w.monitor(w.handed()), _texts, prepare=_grant),
    Case("Monitored", "note", lambda w, g, v: w.monitor(g, note=v),
         lambda w: w.monitor(w.handed()), _free, prepare=_grant),
    Case("OutcomeReported", "sales_before", lambda w, g, v: w.outcome(g, sales_before=v),
         lambda w: w.outcome(w.handed(), sales_before="Rp10 juta"), _amounts, prepare=_grant),
    Case("OutcomeReported", "sales_after", lambda w, g, v: w.outcome(g, sales_after=v),
         lambda w: w.outcome(w.handed(), sales_after="Rp20 juta"), _amounts, prepare=_grant),
    Case("OutcomeReported", "note", lambda w, g, v: w.outcome(g, note=v),
         lambda w: w.outcome(w.handed(), note="naik"), _free, prepare=_grant),
    Case("Referred", "bank", lambda w, e, v: w.refer(e, bank=v),
         lambda w: w.refer(w.enterprise()), _texts, prepare=_enterprise),
    Case("Referred", "amount_requested", lambda w, e, v: w.refer(e, amount_requested=v),
         lambda w: w.refer(w.enterprise()), _amounts, prepare=_enterprise),
    Case("BankApproved", "amount", lambda w, r, v: w.decide(r, True, amount=v),
         lambda w: w.decide(w.refer(w.enterprise()), True), _amounts,
         prepare=lambda w: w.refer(w.enterprise())),
    Case("BankApproved", "bank_reference",
         lambda w, r, v: w.decide(r, True, bank_reference=v),
         lambda w: w.decide(w.refer(w.enterprise()), True), _texts,
         prepare=lambda w: w.refer(w.enterprise())),
    Case("BankDeclined", "bank_reference",
         lambda w, r, v: w.decide(r, False, bank_reference=v),
         lambda w: w.decide(w.refer(w.enterprise()), False), _texts,
         prepare=lambda w: w.refer(w.enterprise())),
    Case("Scheduled", "topics", lambda w, e, v: w.schedule(e, topics=v),
         lambda w: w.session(), _lists, prepare=lambda w: (w.program, w.enterprise())[1]),
    Case("Scheduled", "planned_on", lambda w, e, v: w.schedule(e, planned_on=v),
         lambda w: w.session(), st.sampled_from(["2018-03-12", date(2019, 1, 1)]),
         prepare=lambda w: (w.program, w.enterprise())[1]),
    Case("Rescheduled", "planned_on",
         lambda w, s, v: w.ledger.reschedule_mentoring(s, planned_on=v,
                                                       effective_date="2018-03-02"),
         _rescheduled, st.sampled_from(["2018-03-25", date(2018, 4, 1)]),
         prepare=World.session),
    Case("Held", "duration_minutes", lambda w, s, v: w.hold(s, duration_minutes=v),
         lambda w: w.hold(w.session()), st.sampled_from([1, 45, 720]), prepare=World.session),
    Case("Held", "notes", lambda w, s, v: w.hold(s, notes=v), lambda w: w.hold(w.session()),
         _free, prepare=World.session),
    Case("Organised", "title", lambda w, _, v: w.training(title=v), lambda w: w.training(),
         _texts),
    Case("Organised", "venue", lambda w, _, v: w.training(venue=v), lambda w: w.training(),
         _texts),
    Case("Organised", "topics", lambda w, _, v: w.training(topics=v), lambda w: w.training(),
         _lists),
    Case("Organised", "trainers", lambda w, _, v: w.training(trainers=v),
         lambda w: w.training(), _lists),
    Case("Organised", "partner", lambda w, _, v: w.training(partner=v),
         lambda w: w.training(), _texts),
    Case("Organised", "funder", lambda w, _, v: w.training(funder=v), lambda w: w.training(),
         _texts),
    Case("AttendanceRecorded", "present", lambda w, t, v: w.attend(t, present=v),
         lambda w: w.attend(w.registered()),
         st.sampled_from([[BUDI["nik"]], (SITI["nik"], BUDI["nik"])]), prepare=World.registered),
    Case("Completed", "certificate", lambda w, t, v: w.complete(t, certificate=v),
         lambda w: w.complete(w.attend(w.registered())), _texts,
         prepare=lambda w: w.attend(w.registered())),
    Case("Consulted", "place", lambda w, e, v: w.consult(e, place=v),
         lambda w: w.consult(w.enterprise()), _texts, prepare=_enterprise),
    Case("Consulted", "topic", lambda w, e, v: w.consult(e, topic=v),
         lambda w: w.consult(w.enterprise()), _texts, prepare=_enterprise),
    Case("Consulted", "outcome", lambda w, e, v: w.consult(e, outcome=v),
         lambda w: w.consult(w.enterprise()), _free, prepare=_enterprise),
    Case("Organised", "name", lambda w, _, v: w.exhibition(name=v), lambda w: w.exhibition(),
         _texts),
    Case("Organised", "venue", lambda w, _, v: w.exhibition(venue=v),
         lambda w: w.exhibition(), _texts),
    Case("Participated", "products", lambda w, xe, v: w.take_part(*xe, products=v),
         lambda w: w.take_part(w.exhibition(), w.enterprise()), _lists,
         prepare=lambda w: (w.exhibition(), w.enterprise())),
    Case("Participated", "outcome", lambda w, xe, v: w.take_part(*xe, outcome=v),
         lambda w: w.take_part(w.exhibition(), w.enterprise()), _free,
         prepare=lambda w: (w.exhibition(), w.enterprise())),
    Case("Participated", "sales", lambda w, xe, v: w.take_part(*xe, sales=v),
         lambda w: w.take_part(w.exhibition(), w.enterprise()), _amounts,
         prepare=lambda w: (w.exhibition(), w.enterprise())),
]  # fmt: skip


# -- the values sent -----------------------------------------------------------------------

#: Every kind of value the reliability testers sent, and a few more.
BAD_VALUES: list[Any] = [
    None, True, 0, -1, 5, 10**20, 10**5000, 1.5, b"bytes",
    "", "   ", "\u200b\u200d\u2060", "Tenun \ud800", "Tenun\x00Songket", "Tenun\x1b",
    "x" * 5000, "9" * 5000, "0001-01-01", "2016", "Tenun\nSongket",
    [], [None], ["\u200b"], ["a\ud800"], {}, {"desa": None}, {"value": 10**20},
    date(1, 1, 1), date(2999, 1, 1),
]  # fmt: skip

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.dates(),
    st.lists(st.text(max_size=8), max_size=3),
    st.sampled_from(BAD_VALUES),
)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) or value.bit_length() < 100 else "huge"
    return text[:40]


def _attempt(world: World, action: Callable[[], object]) -> UmkmLedgerError | None:
    """Run ``action``: None when it was recorded, else its error (and nothing was)."""
    before = world.ledger.log_end()
    try:
        action()
    except UmkmLedgerError as refused:
        assert world.ledger.log_end() == before, "a refused command recorded something"
        return refused
    return None


def check_same_answer(case: Case, value: Any) -> None:
    """The command and the correction accept ``value`` alike, or refuse it alike."""
    by_command = World()
    prepared = case.prepare(by_command)
    try:
        command_error = _attempt(by_command, lambda: case.command(by_command, prepared, value))
    except _NoCommandForm:
        command_error = InvalidValue(case.field, _short(value), "has no form the command takes")
    by_correction = World()
    record = case.fixture(by_correction)
    version = by_correction.history_version(record, case.kind)
    correction_error = _attempt(
        by_correction,
        lambda: by_correction.ledger.correct(
            record, version=version, changes={case.field: value}, reason="salah ketik"
        ),
    )
    if command_error is None:
        assert correction_error is None, (
            f"{case.name}: the command took {_short(value)}, the correction refused it: "
            f"{correction_error}"
        )
        return
    assert correction_error is not None, (
        f"{case.name}: the command refused {_short(value)} ({command_error}), "
        "the correction took it"
    )
    if isinstance(command_error, InvalidValue):
        assert isinstance(correction_error, InvalidValue), correction_error
        assert correction_error.field.startswith("changes."), correction_error.field


def test_every_correctable_field_has_a_case() -> None:
    covered = {(case.kind, case.field) for case in CASES}
    for cls in RECORD_KINDS:
        for kind, fields in cls.CORRECTABLE.items():
            for field in fields:
                assert (kind, field) in covered, f"{cls.__name__}.{kind}.{field} has no case"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_correction_refuses_every_bad_value_its_command_refuses(case: Case) -> None:
    for value in BAD_VALUES:
        check_same_answer(case, value)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_correction_takes_what_its_command_takes_and_refuses_what_it_refuses(
    case: Case, data: st.DataObject
) -> None:
    value = data.draw(st.one_of(case.valid, anything), label="value")
    check_same_answer(case, value)
