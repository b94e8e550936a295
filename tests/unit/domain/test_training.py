"""The Training aggregate (a Bimtek): given events, when a command, then events; and a
property over any sequence of registrations, attendance lists and completions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import participants
from tests.support import DESA, Story, envelope, kinds, owner, refused, replay
from umkm_ledger.activity.lifecycle import TrainingStatus
from umkm_ledger.activity.rules import (
    AlreadyRegistered,
    CompletionNeedsAttendance,
    NotATrainingDay,
    NotRegistered,
)
from umkm_ledger.activity.training import Training
from umkm_ledger.activity.values import Participant
from umkm_ledger.kernel.errors import InvalidValue, UmkmLedgerError
from umkm_ledger.kernel.rules import FactNotCorrectable, IllegalTransition, ReasonRequired
from umkm_ledger.kernel.values import NIK

#: The Bimtek in Palembang: two days in August 2018, organised three weeks before.
ORGANISED_ON = date(2018, 8, 1)
DAY_1, DAY_2 = date(2018, 8, 23), date(2018, 8, 24)
SITI = Participant(owner(), uuid4())
BUDI = Participant(owner("Budi Santoso", "1610080403850002", 1985), uuid4())
SRI = Participant(owner("Sri Wahyuni", "1671016512900003", 1990), uuid4())
NOBODY = owner("Andi", "1610081107920004", 1992).nik

Command = Callable[[Training], object]


def organised(days: Sequence[date] = (DAY_2, DAY_1), **overrides: Any) -> Training:
    fields: dict[str, Any] = {
        "title": " Bimtek Pengemasan Produk ",
        "organiser": "Kemenperin",
        "funder": "APBN",
        "partner": "Anggota DPR RI Komisi VI",
        "venue": "Hotel Swarna Dwipa, Palembang",
        "region": DESA,
        "days": days,
        "topics": ["desain kemasan", " label halal "],
        "trainers": ["Balai Besar Kimia dan Kemasan"],
        "envelope": envelope(ORGANISED_ON),
        **overrides,
    }
    return Training.organise(**fields)


def register(who: Participant, on: date = ORGANISED_ON) -> Command:
    return lambda t: t.register(who, envelope=envelope(on))


def attend(*who: Participant | NIK, on: date = DAY_1) -> Command:
    niks = [w.nik if isinstance(w, Participant) else w for w in who]
    return lambda t: t.record_attendance(niks, envelope=envelope(on))


def complete(who: Participant | NIK, on: date = DAY_2, certificate: str | None = None) -> Command:
    nik = who.nik if isinstance(who, Participant) else who
    return lambda t: t.complete(nik, certificate=certificate, envelope=envelope(on))


def registered_story() -> Story[Training]:
    """Organised (1); Siti (2) and Budi (3) registered."""
    story = Story(organised())
    story.when(register(SITI))
    story.when(register(BUDI))
    return story


def held_story() -> Story[Training]:
    """... and day 1 (4): both came; day 2 (5): only Siti; Siti completed (6)."""
    story = registered_story()
    story.when(attend(SITI, BUDI, on=DAY_1))
    story.when(attend(SITI, on=DAY_2))
    story.when(complete(SITI, certificate="CERT-001"))
    return story


# -- organising -------------------------------------------------------------------------


def test_a_training_is_organised_on_its_days_with_topics() -> None:
    story = Story(organised())
    assert kinds(story.events) == ["Organised"]
    training = story.aggregate
    assert training.status is TrainingStatus.ORGANISED
    assert training.days == (DAY_1, DAY_2)
    assert training.title == "Bimtek Pengemasan Produk"
    assert training.topics == ("desain kemasan", "label halal")
    assert training.trainers == ("Balai Besar Kimia dan Kemasan",)
    assert training.funder == "APBN"
    assert training.partner == "Anggota DPR RI Komisi VI"
    assert training.participants == {}
    assert training.completions == {}


def test_a_training_without_funder_partner_or_trainers_is_organised() -> None:
    training = replay(
        organised(days=[DAY_1], funder=None, partner=None, trainers=()).collect_events()
    )
    assert (training.funder, training.partner, training.trainers) == (None, None, ())


@pytest.mark.parametrize(
    "overrides",
    [
        {"days": []},
        {"days": [DAY_1, DAY_1]},
        {"days": [datetime(2018, 8, 23, 8, 0)]},
        {"days": "2018-08-23"},
        {"topics": []},
        {"topics": ["kemasan", " "]},
        {"trainers": [""]},
        {"title": "  "},
        {"organiser": ""},
        {"venue": " "},
        {"funder": " "},
        {"partner": ""},
        {"region": "16.10.08.2003"},
    ],
    ids=lambda o: f"{next(iter(o))}={next(iter(o.values()))!r}",
)
def test_a_training_needs_days_topics_and_names(overrides: dict[str, Any]) -> None:
    with pytest.raises(InvalidValue):
        organised(**overrides)


# -- registration -----------------------------------------------------------------------


def test_a_person_registers_once_whatever_enterprise_they_name() -> None:
    story = Story(organised())
    events = story.when(register(SITI))
    assert kinds(events) == ["ParticipantRegistered"]
    assert events[0].participant == SITI
    again = Participant(owner(name="Siti A."), uuid4())  # the same NIK
    refused(story, register(again), AlreadyRegistered)
    refused(story, lambda t: t.register(SITI.person, envelope=envelope()), InvalidValue)  # type: ignore[arg-type]
    story.when(register(BUDI))
    assert set(story.aggregate.participants) == {SITI.nik, BUDI.nik}
    assert story.aggregate.participants[SITI.nik].enterprise_id == SITI.enterprise_id


def test_people_still_register_once_the_training_is_under_way() -> None:
    story = registered_story()
    story.when(attend(SITI, on=DAY_1))
    story.when(register(SRI, on=DAY_1))
    story.when(attend(SITI, SRI, on=DAY_2))
    assert story.aggregate.attended(SRI.nik) == (DAY_2,)


# -- attendance -------------------------------------------------------------------------


def test_each_day_has_one_attendance_list_of_registered_people() -> None:
    story = registered_story()
    raw = ["1610084708800001"]  # a NIK's text, not a NIK
    for command, error in [
        (attend(SITI, on=date(2018, 8, 22)), NotATrainingDay),
        (attend(SITI, on=date(2018, 8, 25)), NotATrainingDay),
        (attend(SITI, SRI), NotRegistered),
        (attend(NOBODY), NotRegistered),
        (attend(SITI, BUDI, SITI), InvalidValue),
        (attend(), InvalidValue),
        (lambda t: t.record_attendance(raw, envelope=envelope(DAY_1)), InvalidValue),
    ]:  # fmt: skip
        refused(story, command, error)
    assert story.aggregate.status is TrainingStatus.ORGANISED
    events = story.when(attend(SITI, BUDI, on=DAY_1))
    assert kinds(events) == ["AttendanceRecorded"]
    assert events[0].present == (SITI.nik, BUDI.nik)
    held = story.aggregate
    assert held.status is TrainingStatus.HELD
    refused(story, attend(BUDI, on=DAY_1), NotATrainingDay)
    story.when(attend(BUDI, on=DAY_2))
    training = story.aggregate
    assert training.attended(SITI.nik) == (DAY_1,)
    assert training.attended(BUDI.nik) == (DAY_1, DAY_2)
    assert training.attended(SRI.nik) == ()


# -- completion -------------------------------------------------------------------------


def test_a_participant_completes_after_attending_every_day() -> None:
    story = registered_story()
    refused(story, complete(SITI), IllegalTransition)  # nobody attended yet
    story.when(attend(SITI, BUDI, on=DAY_1))
    refused(story, complete(SITI), CompletionNeedsAttendance)  # day 2 not yet
    story.when(attend(SITI, on=DAY_2))
    refused(story, complete(SITI, on=DAY_1), CompletionNeedsAttendance)  # before the last day
    refused(story, complete(BUDI), CompletionNeedsAttendance)  # absent on day 2
    refused(story, complete(SRI), NotRegistered)
    refused(story, complete(SITI, certificate=" "), InvalidValue)
    refused(story, lambda t: t.complete(SITI.nik.value, envelope=envelope(DAY_2)), InvalidValue)  # type: ignore[arg-type]
    events = story.when(complete(SITI, on=date(2018, 9, 1), certificate=" CERT-001 "))
    assert kinds(events) == ["Completed"]
    assert events[0].certificate == "CERT-001"
    refused(story, complete(SITI), InvalidValue)  # twice
    training = story.aggregate
    assert set(training.completions) == {SITI.nik}
    assert training.completed_on(SITI.nik) == date(2018, 9, 1)
    assert training.completed_on(BUDI.nik) is None


def test_a_one_day_training_is_completed_on_its_day() -> None:
    story = Story(organised(days=[DAY_1]))
    story.when(register(SITI))
    story.when(attend(SITI, on=DAY_1))
    story.when(complete(SITI, on=DAY_1))
    assert story.aggregate.completed_on(SITI.nik) == DAY_1


# -- grants and cancellation ------------------------------------------------------------


def test_aid_handed_over_at_the_training_links_to_its_grant_once() -> None:
    story = registered_story()
    grant, other = uuid4(), uuid4()
    events = story.when(lambda t: t.link_grant(grant, envelope=envelope(DAY_1)))
    assert kinds(events) == ["GrantLinked"]
    refused(story, lambda t: t.link_grant(grant, envelope=envelope(DAY_2)), InvalidValue)
    story.when(attend(SITI, on=DAY_1))
    story.when(lambda t: t.link_grant(other, envelope=envelope(DAY_2)))
    assert story.aggregate.grants == (grant, other)


def test_a_training_is_cancelled_with_a_reason_before_anyone_attended() -> None:
    story = registered_story()
    refused(story, lambda t: t.cancel(envelope=envelope(ORGANISED_ON)), ReasonRequired)
    events = story.when(lambda t: t.cancel(envelope=envelope(ORGANISED_ON, "anggaran dipotong")))
    assert kinds(events) == ["Cancelled"]
    assert story.aggregate.status is TrainingStatus.CANCELLED
    for command in (
        register(SRI),
        attend(SITI, on=DAY_1),
        complete(SITI),
        lambda t: t.link_grant(uuid4(), envelope=envelope(DAY_1)),
        lambda t: t.cancel(envelope=envelope(DAY_1, "lagi")),
    ):
        refused(story, command, IllegalTransition)


def test_a_training_that_took_place_is_not_cancelled() -> None:
    story = registered_story()
    story.when(attend(SITI, on=DAY_1))
    refused(story, lambda t: t.cancel(envelope=envelope(DAY_1, "hujan")), IllegalTransition)


# -- corrections ------------------------------------------------------------------------


def fix(version: int, changes: dict[str, Any], reason: str | None = "daftar hadir") -> Command:
    return lambda t: t.correct(version, changes, envelope=envelope(date(2018, 9, 10), reason))


def test_an_attendance_list_is_corrected_but_never_drops_someone_who_completed() -> None:
    story = held_story()
    refused(story, fix(5, {"present": (BUDI.nik,)}), CompletionNeedsAttendance)
    refused(story, fix(4, {"present": (BUDI.nik,)}), CompletionNeedsAttendance)
    refused(story, fix(5, {"present": (SITI.nik, SRI.nik)}), NotRegistered)
    refused(story, fix(5, {"present": (SITI.nik, "1610080403850002")}), InvalidValue)
    refused(story, fix(5, {"present": SITI.nik}), InvalidValue)
    events = story.when(fix(5, {"present": (SITI.nik, BUDI.nik)}))
    assert kinds(events) == ["Corrected"]
    training = story.aggregate
    assert training.attended(BUDI.nik) == (DAY_1, DAY_2)
    story.when(complete(BUDI))
    story.when(fix(4, {"present": (BUDI.nik, SITI.nik)}))  # the same people, reordered
    assert set(story.aggregate.completions) == {SITI.nik, BUDI.nik}


def test_lists_and_completions_keep_their_days_when_corrected() -> None:
    story = held_story()
    moved = "effective_date"
    refused(story, fix(4, {moved: date(2018, 8, 22)}), NotATrainingDay)
    refused(story, fix(4, {moved: DAY_2}), NotATrainingDay)  # day 2 has its list
    refused(story, fix(6, {moved: DAY_1}), CompletionNeedsAttendance)
    story.when(fix(6, {moved: date(2018, 8, 30)}))
    assert story.aggregate.completed_on(SITI.nik) == date(2018, 8, 30)
    # A one-day training's list cannot move to the day after.
    single = Story(organised(days=[DAY_1]))
    single.when(register(SITI))
    single.when(attend(SITI, on=DAY_1))
    refused(single, fix(3, {moved: DAY_2}), NotATrainingDay)


def test_corrected_names_topics_and_certificates_stay_valid() -> None:
    story = held_story()
    wrong: list[tuple[int, dict[str, Any], type[Exception]]] = [
        (1, {"title": " "}, InvalidValue),
        (1, {"venue": ""}, InvalidValue),
        (1, {"topics": ()}, InvalidValue),
        (1, {"topics": ("kemasan", "")}, InvalidValue),
        (1, {"trainers": (" ",)}, InvalidValue),
        (1, {"funder": " "}, InvalidValue),
        (1, {"days": (DAY_1,)}, FactNotCorrectable),
        (1, {"organiser": "Dinkop"}, FactNotCorrectable),
        (2, {"participant": BUDI}, FactNotCorrectable),
        (6, {"certificate": ""}, InvalidValue),
        (6, {"nik": BUDI.nik}, FactNotCorrectable),
        (7, {"present": (SITI.nik,)}, FactNotCorrectable),
    ]
    for version, changes, error in wrong:
        refused(story, fix(version, changes), error)
    refused(story, fix(1, {"title": "Bimtek"}, reason=None), ReasonRequired)
    story.when(fix(1, {"title": "Bimtek Kemasan", "topics": ("kemasan",), "funder": None}))
    story.when(fix(1, {"trainers": ()}))
    story.when(fix(6, {"certificate": "CERT-002"}))
    training = story.aggregate
    assert training.title == "Bimtek Kemasan"
    assert training.topics == ("kemasan",)
    assert training.funder is None
    assert training.trainers == ()
    assert training.facts[6].fields["certificate"] == "CERT-002"


@pytest.mark.parametrize(
    ("present", "error"),
    [
        pytest.param((BUDI.nik, BUDI.nik), InvalidValue, id="twice"),
        pytest.param((), InvalidValue, id="nobody"),
        pytest.param(None, UmkmLedgerError, id="none"),
    ],
)
def test_a_corrected_attendance_list_keeps_the_rules_of_a_recorded_one(
    present: tuple[NIK, ...] | None, error: type[Exception]
) -> None:
    """record_attendance refuses a list naming someone twice, or nobody: so does a
    correction of the list."""
    story = registered_story()
    story.when(attend(SITI, BUDI, on=DAY_1))
    refused(story, fix(4, {"present": present}), error)


def test_replay_rebuilds_the_training_it_was_recorded_from() -> None:
    training = organised()
    for who in (SITI, BUDI, SRI):
        training.register(who, envelope=envelope(ORGANISED_ON))
    training.record_attendance([SITI.nik, BUDI.nik], envelope=envelope(DAY_1))
    training.record_attendance([SITI.nik, SRI.nik], envelope=envelope(DAY_2))
    training.complete(SITI.nik, certificate="CERT-1", envelope=envelope(DAY_2))
    training.link_grant(uuid4(), envelope=envelope(DAY_2))
    training.correct(6, {"present": (SITI.nik, SRI.nik, BUDI.nik)}, envelope=envelope(reason="x"))
    training.complete(BUDI.nik, envelope=envelope(DAY_2))
    training.correct(1, {"venue": "Palembang"}, envelope=envelope(reason="x"))
    rebuilt = replay(training.collect_events())
    assert vars(rebuilt) == vars(training)
    assert set(rebuilt.completions) == {SITI.nik, BUDI.nik}
    assert rebuilt.venue == "Palembang"


# -- attendance never exceeds registrations ---------------------------------------------

#: A three-day Bimtek, and the day after it ends (completions are recorded then, too).
THREE_DAYS = (date(2018, 8, 23), date(2018, 8, 24), date(2018, 8, 25))
AFTER = date(2018, 8, 27)
#: Days that are not the training's, for attendance lists that are refused.
OFF_DAYS = (date(2018, 8, 22), AFTER)
#: Completions are tried on the last day or after it (mostly), and before it.
COMPLETION_DAYS = (THREE_DAYS[0], THREE_DAYS[-1], AFTER, AFTER)

#: (command, which, day, absent, extra). ``which`` picks among those registered so far
#: (by index, modulo; "register" picks from the pool) and ``absent`` those who miss the
#: day. An attendance list is for the next day without one, unless ``extra`` is "listed"
#: (a day with its list) or "off" (not a training day); ``extra`` "stranger" adds someone
#: not registered, "twice" lists someone twice. ``day`` indexes the days to choose from.
Step = tuple[str, int, int, list[int], str]


def training_steps() -> st.SearchStrategy[list[Step]]:
    """Some registrations first, then registrations, attendance lists and completions,
    most of them of registered people on the right days, some not."""
    which = st.integers(0, 5)
    absent: st.SearchStrategy[list[int]] = st.one_of(
        st.just([]), st.lists(which, min_size=1, max_size=2)
    )
    extra = st.sampled_from(["", "", "", "", "stranger", "twice", "listed", "off"])

    def steps(
        commands: st.SearchStrategy[str], sizes: tuple[int, int]
    ) -> st.SearchStrategy[list[Step]]:
        step = st.tuples(commands, which, st.integers(0, 3), absent, extra)
        return st.lists(step, min_size=sizes[0], max_size=sizes[1])

    first = steps(st.just("register"), (1, 5))
    middle = steps(st.sampled_from(["register", "attend", "attend", "complete"]), (3, 12))
    last = steps(st.sampled_from(["register", "attend", "complete", "complete"]), (3, 12))
    return st.tuples(first, middle, last).map(lambda parts: [s for p in parts for s in p])


class TrainingModel:
    """What the rules say a command should do: None when it succeeds, else the error."""

    def __init__(self) -> None:
        self.registered: list[NIK] = []
        self.lists: dict[date, set[NIK]] = {}
        self.completed: set[NIK] = set()

    def register(self, who: Participant) -> type[Exception] | None:
        return AlreadyRegistered if who.nik in self.registered else None

    def attend(self, niks: list[NIK], day: date) -> type[Exception] | None:
        if any(n not in self.registered for n in niks):
            return NotRegistered
        if len(set(niks)) != len(niks):
            return InvalidValue
        if day not in THREE_DAYS or day in self.lists:
            return NotATrainingDay
        return None

    def complete(self, nik: NIK, day: date) -> type[Exception] | None:
        if not self.lists:
            return IllegalTransition
        if nik not in self.registered:
            return NotRegistered
        if nik in self.completed:
            return InvalidValue
        if day < THREE_DAYS[-1] or any(nik not in self.lists.get(d, ()) for d in THREE_DAYS):
            return CompletionNeedsAttendance
        return None


def outcome(command: Command, training: Training) -> UmkmLedgerError | None:
    """The ledger's error if ``command`` is refused (any other error propagates)."""
    try:
        command(training)
    except UmkmLedgerError as error:
        return error
    return None


@settings(max_examples=50, deadline=None)
@given(
    pool=st.lists(participants(), min_size=6, max_size=6, unique_by=lambda p: p.nik),
    steps=training_steps(),
)
def test_attendance_never_exceeds_registrations(pool: list[Participant], steps: list[Step]) -> None:
    training = organised(days=THREE_DAYS)
    events = list(training.collect_events())
    model = TrainingModel()
    for command, which, day_index, absent, extra in steps:
        known = model.registered
        outsider = next((p.nik for p in pool if p.nik not in known), None)
        run: Command
        if command == "register":
            who = pool[which]
            if who.nik in known and day_index % 2:
                who = Participant(who.person, uuid4())  # again, for another enterprise
            expected = model.register(who)
            run = register(who)
        elif command == "attend":
            listed = sorted(model.lists)
            unlisted = [d for d in THREE_DAYS if d not in model.lists]
            if extra == "off":
                day = OFF_DAYS[day_index % len(OFF_DAYS)]
            elif (extra == "listed" and listed) or not unlisted:
                day = listed[day_index % len(listed)]
            else:
                day = unlisted[0]
            away = {known[i % len(known)] for i in absent}
            niks = [n for n in known if n not in away] or known[:1]
            if extra == "twice":
                niks += niks[-1:]
            if extra == "stranger" and outsider is not None:
                niks.append(outsider)
            expected = model.attend(niks, day)
            run = attend(*niks, on=day)
        else:
            day = COMPLETION_DAYS[day_index % len(COMPLETION_DAYS)]
            nik = outsider if extra == "stranger" and outsider else known[which % len(known)]
            expected = model.complete(nik, day)
            run = complete(nik, on=day)
        error = outcome(run, training)
        if error is not None:
            assert training.pending_events == [], "a refused command left events behind"
            assert expected is not None, f"{command} refused: {error}"
            assert isinstance(error, expected), f"{command}: {error!r}, not {expected.__name__}"
            continue
        assert expected is None, f"{command} was not refused with {expected}"
        events += training.collect_events()
        if command == "register":
            model.registered.append(who.nik)
        elif command == "attend":
            model.lists[day] = set(niks)
        else:
            model.completed.add(nik)

    rebuilt: Training = replay(events)
    assert vars(rebuilt) == vars(training)
    registered = set(rebuilt.participants)
    assert registered == set(model.registered)
    lists = [f for f in rebuilt.facts.values() if f.kind == "AttendanceRecorded"]
    assert len({f.effective_date for f in lists}) == len(lists), "two lists on one day"
    for fact in lists:
        assert fact.effective_date in THREE_DAYS
        assert set(fact.fields["present"]) <= registered
        assert len(fact.fields["present"]) <= len(registered)
    assert set(rebuilt.completions) == model.completed
    for nik in rebuilt.completions:
        assert rebuilt.attended(nik) == THREE_DAYS
        completed_on = rebuilt.completed_on(nik)
        assert completed_on is not None
        assert completed_on >= THREE_DAYS[-1]
    assert rebuilt.status is (TrainingStatus.HELD if lists else TrainingStatus.ORGANISED)
    for day, present in model.lists.items():
        assert {n for n in registered if day in rebuilt.attended(n)} == present
