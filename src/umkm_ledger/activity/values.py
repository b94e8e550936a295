"""Values of mentoring, training and exhibitions: who mentors, what was agreed, who came.

A participant is a person (named, with a NIK that also gives gender and birth year) and
the enterprise they represent: reports count people trained by the person, once, and
enterprises by the enterprise.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import date
from uuid import UUID

import attrs

from umkm_ledger.funding.values import non_blank_text
from umkm_ledger.kernel.errors import InvalidValue
from umkm_ledger.kernel.values.bounds import fact_date
from umkm_ledger.kernel.values.checks import checked_owner, instance, listed
from umkm_ledger.kernel.values.identifiers import NIK
from umkm_ledger.kernel.values.person import Owner
from umkm_ledger.kernel.values.text import free_text, name_text
from umkm_ledger.kernel.vocabulary import register_terms

__all__ = [
    "FollowUp",
    "Mentor",
    "MentorKind",
    "Participant",
    "Person",
    "checked_follow_ups",
    "checked_mentor",
    "checked_participant",
    "person_key",
]

#: A person identified by NIK (an owner is one; so is a worker sent to a Bimtek).
Person = Owner


class MentorKind(enum.Enum):
    """Who does the mentoring: an officer of the district office, or a PLUT consultant."""

    OFFICER = "officer"
    PLUT_CONSULTANT = "PLUT consultant"

    @classmethod
    def parse(cls, text: MentorKind | str, field: str = "mentor_kind") -> MentorKind:
        """``officer`` (``petugas``, ``pendamping``) or ``PLUT consultant``
        (``consultant``, ``konsultan``); any case."""
        if isinstance(text, MentorKind):
            return text
        key = " ".join(text.lower().replace("_", " ").split()) if isinstance(text, str) else ""
        found = _MENTOR_WORDS.get(key)
        if found is None:
            raise InvalidValue(field, text, "is not a mentor kind (officer, PLUT consultant)")
        return found


_MENTOR_WORDS = {
    **dict.fromkeys(("officer", "petugas", "pendamping", "staff"), MentorKind.OFFICER),
    **dict.fromkeys(
        ("plut consultant", "consultant", "konsultan", "konsultan plut", "plut"),
        MentorKind.PLUT_CONSULTANT,
    ),
}


@attrs.frozen
class Mentor:
    """Someone who mentors enterprises (their name is how workload is reported)."""

    name: str
    kind: MentorKind = MentorKind.OFFICER

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "name", non_blank_text(self.name, "mentor"))
        if not isinstance(self.kind, MentorKind):
            raise InvalidValue("mentor_kind", self.kind, "must be a MentorKind")

    @classmethod
    def officer(cls, name: str) -> Mentor:
        return cls(name, MentorKind.OFFICER)

    @classmethod
    def plut_consultant(cls, name: str) -> Mentor:
        return cls(name, MentorKind.PLUT_CONSULTANT)


@attrs.frozen
class FollowUp:
    """An action agreed at a mentoring session, due by a date."""

    action: str
    due: date

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "action", non_blank_text(self.action, "follow_up.action"))
        if type(self.due) is not date:
            raise InvalidValue("follow_up.due", self.due, "must be a date")


@attrs.frozen
class Participant:
    """A person registered for a training, and the enterprise they represent."""

    person: Person
    enterprise_id: UUID

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.person, Owner):
            raise InvalidValue("participant.person", "<hidden>", "must be a Person")
        if not isinstance(self.enterprise_id, UUID):
            raise InvalidValue("participant.enterprise_id", self.enterprise_id, "must be an id")

    @property
    def nik(self) -> NIK:
        """What identifies the person across trainings."""
        return self.person.nik


def person_key(nik: NIK, secret: bytes) -> str:
    """A stable key for a person that is not their NIK: views and reports count people
    by it, and a NIK (personal data) is never copied out of the events.

    Rule: a person key is an HMAC of the NIK under the ledger's secret. A NIK has so few
    likely values (one desa's kecamatan, a birth year, a 4-digit serial) that a plain
    hash of it is reversed by trying them all; without the secret no guess can be checked.
    """
    if len(secret) < 16:
        raise InvalidValue("secret", "<hidden>", "must be at least 16 bytes")
    return hmac.new(secret, nik.value.encode(), hashlib.sha256).hexdigest()[:32]


def checked_mentor(value: object, field: str) -> Mentor:
    """A :class:`Mentor` whose name keeps the text rule."""
    mentor = instance(Mentor, "a mentor")(value, field)
    name_text(mentor.name, f"{field}.name")
    return mentor


def checked_follow_ups(values: object, field: str) -> tuple[FollowUp, ...]:
    """Follow-up actions as a caller may send them: each action a free text, each due
    date from 1900-01-01 to 2200-12-31."""
    follow_ups = tuple(listed(values, field, "follow-up actions"))
    for index, value in enumerate(follow_ups):
        where = f"{field}[{index}]"
        follow_up = instance(FollowUp, "a follow-up action")(value, where)
        free_text(follow_up.action, f"{where}.action")
        fact_date(follow_up.due, f"{where}.due")
    return follow_ups


def checked_participant(value: object, field: str) -> Participant:
    """A :class:`Participant` whose person's name keeps the text rule."""
    participant = instance(Participant, "a participant")(value, field)
    checked_owner(participant.person, f"{field}.person")
    return participant


# Words shown to people (the catalogue must have each in Indonesian).
register_terms(MentorKind)
