"""Errors and descriptions as messages: English for developers and logs, translated for
people, times in the reader's zone.

Given an error raised in the domain, ``str(error)`` is the English it always was, and the
command line's :class:`Labels` says the same in Indonesian; a text recorded in English
(an eligibility reason stored in an event) is recognised by its template; a text with no
Indonesian form raises when translations are strict.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

from umkm_ledger import InvalidValue, NotFound
from umkm_ledger.funding.rules import GrantNotEligible
from umkm_ledger.i18n.labels import Labels, MissingTranslation
from umkm_ledger.kernel.errors import N_, Message
from umkm_ledger.kernel.rules import IllegalTransition
from umkm_ledger.programs.rules import OutsideProgramScope

ID = Labels("id", strict=True)


def test_an_error_reads_as_before_in_english_and_in_indonesian_on_the_command_line() -> None:
    error = IllegalTransition("enterprise", "closed", "report sales", ["reactivate"])
    assert str(error) == (
        "a closed enterprise cannot report sales; in status 'closed' it allows: reactivate"
    )
    assert ID.text(error.message) == (
        "usaha berstatus tutup tidak dapat melaporkan omzet; dalam status 'tutup' yang "
        "diperbolehkan: mengaktifkan kembali"
    )
    assert ID.error(error).startswith("kesalahan: IllegalTransition: usaha berstatus tutup")
    assert Labels("en").error(error) == f"error: IllegalTransition: {error}"


def test_an_invalid_value_keeps_its_problem_as_a_template() -> None:
    error = InvalidValue(
        "year", 3000, N_("must be a year from {first} to {last}", first=1945, last=2200)
    )
    assert str(error) == "year: must be a year from 1945 to 2200 (got 3000)"
    assert error.problem == "must be a year from 1945 to 2200"
    assert ID.text(error.message) == "year: harus tahun dari 1945 sampai 2200 (diberikan 3000)"
    located = error.at("owners[0]")
    assert ID.text(located.message).startswith("owners[0].year: harus tahun dari 1945")


def test_a_message_survives_pickling_with_its_template() -> None:
    message = NotFound("grant", "3f2a9c1e").message
    copy = pickle.loads(pickle.dumps(message))
    assert (copy, copy.template) == (message, message.template)
    assert ID.text(copy) == "tidak ada bantuan dengan id 3f2a9c1e di buku besar ini"


def test_a_text_recorded_in_english_is_recognised_by_its_template() -> None:
    # Eligibility reasons are stored in events as English text, as they were written.
    stored = str(OutsideProgramScope("P1", "16.10.08", ["16.71"]))
    assert not isinstance(stored, Message)
    assert ID.text(stored) == "16.10.08 di luar cakupan wilayah program P1 (16.71)"
    assert ID.text("the enterprise is closed, not active") == "usaha itu tutup, tidak aktif"
    reasons = GrantNotEligible("G1", [stored, "the enterprise is closed, not active"])
    assert ID.text(reasons.message) == (
        "bantuan G1 tidak lagi memenuhi syarat: 16.10.08 di luar cakupan wilayah program P1 "
        "(16.71); usaha itu tutup, tidak aktif"
    )


def test_a_text_without_an_indonesian_form_raises_when_strict_and_reads_english_if_not() -> None:
    unknown = N_("a sentence nobody translated, about {thing}", thing="x")
    with pytest.raises(MissingTranslation, match="nobody translated"):
        ID.text(unknown)
    assert Labels("id", strict=False).text(unknown) == "a sentence nobody translated, about x"
    assert Labels("en", strict=True).text(unknown) == "a sentence nobody translated, about x"


def test_words_given_as_parameters_are_translated_and_names_are_not() -> None:
    said = N_("{one} or {other}", one=N_("enterprise"), other="Tenun Songket Siti")
    assert ID.text(said) == "usaha atau Tenun Songket Siti"
    listed = N_("must be one of: {choices}", choices=(N_("loan"), "APBN"))
    assert str(listed) == "must be one of: loan, APBN"
    assert ID.text(listed) == "harus salah satu dari: pinjaman, APBN"


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("WIB", "2024-05-01 23:30 WIB"), ("WITA", "2024-05-02 00:30 WITA"),
     ("WIT", "2024-05-02 01:30 WIT"), ("UTC", "2024-05-01 16:30 UTC")],
)  # fmt: skip
def test_recorded_times_are_shown_in_the_readers_zone(zone: str, shown: str) -> None:
    recorded = datetime(2024, 5, 1, 16, 30, tzinfo=UTC)
    assert Labels("id", zone=zone).moment(recorded) == shown
    signed = N_("signed {signed}", signed=recorded)
    assert str(signed) == "signed 2024-05-01T16:30:00+00:00"  # English text keeps ISO UTC
    assert Labels("en", zone=zone).text(signed) == f"signed {shown}"


def test_the_default_zone_is_wib() -> None:
    assert Labels("en").moment(datetime(2024, 1, 1, tzinfo=UTC)) == "2024-01-01 07:00 WIB"
