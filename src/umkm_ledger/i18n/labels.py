"""Text for people in the reader's language: labels, terms, messages, errors and times.

Everything the command line and the reports say to people goes through :class:`Labels`: a
label by its key (``labels["size_class"]``), a stored term (a status), a
:class:`~umkm_ledger.kernel.errors.Message` (an event's summary, an error, an anomaly's detail),
a number, a moment in the reader's time zone. English is the source text, written in the
code; every other language comes from its catalogue (:mod:`.catalogue`). Record contents
(names, reasons, titles) are shown as they were recorded.

A text that has no translation is shown in English, unless translations are strict
(``UMKM_LEDGER_STRICT_TRANSLATIONS=1``, as the tests run): then it raises
:class:`MissingTranslation`, so a string added without its Indonesian form is caught.
"""

from __future__ import annotations

import functools
import os
import re
import string
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone

from babel.numbers import format_decimal, format_percent

from umkm_ledger.i18n.catalogue import translations
from umkm_ledger.kernel.errors import N_, Message, UmkmLedgerError
from umkm_ledger.kernel.values import RegionCode

__all__ = [
    "DEFAULT_ZONE",
    "LANGUAGES",
    "STRICT_ENV",
    "ZONES",
    "Labels",
    "MissingTranslation",
]

#: Languages people can read the ledger in, and the locale numbers are written for.
LANGUAGES = {"en": "en", "id": "id_ID"}

#: The time zones times are shown in. Indonesia keeps no summer time, so each is a fixed
#: offset: WIB (Sumatra, Java, West and Central Kalimantan), WITA (Bali, Nusa Tenggara,
#: the rest of Kalimantan, Sulawesi), WIT (Maluku, Papua). Stored times stay UTC.
ZONES = {
    "WIB": timezone(timedelta(hours=7), "WIB"),
    "WITA": timezone(timedelta(hours=8), "WITA"),
    "WIT": timezone(timedelta(hours=9), "WIT"),
    "UTC": UTC,
}
DEFAULT_ZONE = "WIB"

#: Set (to anything but "" or "0") to make a missing translation an error.
STRICT_ENV = "UMKM_LEDGER_STRICT_TRANSLATIONS"


class MissingTranslation(LookupError):
    """A text for people has no form in the language asked for (strict translations)."""

    def __init__(self, language: str, text: str) -> None:
        self.language = language
        self.text = text
        super().__init__(f"no {language!r} translation of {text!r}: add it to the catalogue")


#: Labels by key, in English (the catalogue has their translations).
_LABELS: dict[str, Message] = {
    "enterprise": N_("Enterprise"),
    "status": N_("Status"),
    "owners": N_("Owners"),
    "address": N_("Address"),
    "desa": N_("Desa/kelurahan"),
    "sector": N_("Sector"),
    "founded": N_("Founded"),
    "size_class": N_("Size class"),
    "unclassified": N_("not yet classified"),
    "reports": N_("Reports"),
    "duplicates": N_("Suspected duplicate of"),
    "merged_into": N_("Merged into"),
    "timeline": N_("Timeline"),
    "group": N_("Group"),
    "members": N_("Members"),
    "chairperson": N_("Chairperson"),
    "region": N_("Region"),
    "enterprises": N_("Enterprises"),
    "groups": N_("Groups"),
    "naik_kelas": N_("Moved up a size class"),
    "events": N_("Events recorded"),
    "ledger": N_("Ledger"),
    "none": N_("none"),
    "corrected_by": N_("corrected by"),
    "reason": N_("reason"),
    "by_status": N_("By status"),
    "sales": N_("sales"),
    "capital": N_("capital"),
    "program": N_("Program"),
    "programs": N_("Programs"),
    "agency": N_("Agency"),
    "scope": N_("Region scope"),
    "period": N_("Period"),
    "as_of": N_("as of"),
    "baseline": N_("Baseline"),
    "opening_balance": N_("Opening balance"),
    "actual": N_("Actual"),
    "target": N_("Target"),
    "per_period": N_("Per period"),
    "by": N_("By"),
    "indicators": N_("Indicators"),
    "binaan": N_("Binaan"),
    "attributed_total": N_("Attributed total"),
    "deduplicated": N_("deduplicated"),
    "population": N_("population"),
    "coverage_percent": N_("coverage (%)"),
    "median_percent": N_("median growth (%)"),
    "total_percent": N_("total growth (%)"),
    "kecamatan": N_("kecamatan"),
    "kabupaten": N_("kabupaten/kota"),
    "province": N_("province"),
    "gender": N_("gender"),
    "youth": N_("youth"),
    "not youth": N_("not youth"),
    "funder": N_("funder"),
    "(not disaggregated)": N_("(not disaggregated)"),
    "(no funder)": N_("(no funder)"),
    "planned": N_("planned"),
    "running": N_("running"),
    "enrolled": N_("enrolled"),
    "exited": N_("exited"),
    # Statuses, as shown (the stored values stay English).
    "active": N_("active"),
    "dormant": N_("dormant"),
    "closed": N_("closed"),
    "graduated": N_("graduated (mandiri)"),
    "merged": N_("merged"),
    "dissolved": N_("dissolved"),
    # The funding side.
    "grant": N_("Grant"),
    "beneficiary": N_("Beneficiary"),
    "value": N_("Value"),
    "year": N_("year"),
    "instrument": N_("instrument"),
    "allocated": N_("allocated"),
    "pledged": N_("pledged"),
    "committed": N_("committed"),
    "delivered": N_("delivered"),
    "released": N_("released"),
    "remaining": N_("remaining"),
    "proposed_by": N_("Proposed by"),
    "not_eligible": N_("Not eligible"),
    "acknowledged": N_("acknowledged"),
    "unacknowledged": N_("not acknowledged"),
    "condition": N_("Condition"),
    "no_anomalies": N_("no anomalies"),
    "no_aid": N_("no aid recorded"),
    "as_member": N_("as a group member"),
    "proposed": N_("proposed"),
    "eligible": N_("eligible"),
    "ineligible": N_("ineligible"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "partly delivered": N_("partly delivered"),
    "returned": N_("returned"),
    "repaid": N_("repaid"),
    "cancelled": N_("cancelled"),
    "revoked": N_("revoked"),
    "mentoring": N_("Mentoring session"),
    "mentor": N_("Mentor"),
    "mentors": N_("Mentors"),
    "planned_on": N_("Planned"),
    "topics": N_("Topics"),
    "invited": N_("For"),
    "held_on": N_("Held"),
    "attended": N_("attended"),
    "notes": N_("Notes"),
    "done": N_("done"),
    "open": N_("open"),
    "due": N_("due"),
    "overdue": N_("overdue"),
    "follow_ups": N_("follow-ups"),
    "training": N_("Training"),
    "organiser": N_("Organiser"),
    "partner": N_("with"),
    "venue": N_("Venue"),
    "trainers": N_("Trainers"),
    "present": N_("present"),
    "completed": N_("Completed"),
    "registered": N_("registered"),
    "days": N_("days"),
    "coverage": N_("Mentoring coverage"),
    "mentored_at_least": N_("mentored at least"),
    "never_visited": N_("never visited"),
    "held": N_("held"),
    "scheduled": N_("scheduled"),
    "no-show": N_("no-show"),
    "organised": N_("organised"),
    "history": N_("History"),
    "known_at": N_("as known at"),
    "recorded": N_("recorded"),
    "corrects": N_("corrects"),
    # Instruments of funding, and who receives aid.
    "instrument:cash grant": N_("cash grant"),
    "instrument:in-kind goods": N_("in-kind goods"),
    "instrument:loan": N_("loan"),
    "instrument:interest subsidy": N_("interest subsidy"),
    "instrument:training": N_("training"),
    "instrument:mentoring": N_("mentoring"),
    "beneficiary:enterprise": N_("enterprise"),
    "beneficiary:group": N_("group"),
    # Kinds of record, as timelines name them.
    "record:enterprise": N_("enterprise"),
    "record:enrolment": N_("enrolment"),
    "record:grant": N_("grant"),
    "record:KUR referral": N_("KUR referral"),
    "record:mentoring session": N_("mentoring session"),
    "record:training": N_("training"),
    "record:consultation": N_("consultation"),
    "record:exhibition": N_("exhibition"),
    "referred": N_("referred"),
    "approved by the bank": N_("approved by the bank"),
    "declined by the bank": N_("declined by the bank"),
    "posted": N_("posted"),
    "withdrawn": N_("withdrawn"),
    "unacknowledged handover": N_("unacknowledged handover"),
    "aid to a non-binaan": N_("aid to a non-binaan"),
    "same item twice in a fiscal year": N_("same item twice in a fiscal year"),
    "decision by the proposer attempted": N_("decision by the proposer attempted"),
    # What a recording command says it recorded (``recorded grant 3f2a...: ...``).
    "record:group": N_("group"),
    "record:program": N_("program"),
    "record:funder": N_("funder"),
    "record:allocation": N_("allocation"),
    "record:refusal": N_("refusal"),
    "record:API token": N_("API token"),
    "record:erasure": N_("erasure"),
    "record:migration of personal data": N_("migration of personal data"),
    "effective": N_("effective"),
    "nothing_new": N_("nothing new recorded for"),
    # Errors, times and units.
    "error": N_("error"),
    "minutes": N_("min"),
    "days_short": N_("d"),
    "hours_short": N_("h"),
    # A record's state after a step of its history (``status: delivered``).
    "state:status": N_("status"),
    "state:size_class": N_("size class"),
    "state:nib": N_("NIB"),
    "state:amount": N_("amount"),
    "state:value": N_("value"),
    "state:committed": N_("committed"),
    "state:remaining": N_("remaining"),
    "state:delivered_value": N_("delivered"),
    "state:released": N_("released"),
    "state:condition": N_("condition"),
    "state:planned_on": N_("planned for"),
    "state:members": N_("members"),
    "state:participants": N_("participants"),
    "state:commitments": N_("grants committed"),
    "state:state": N_("state"),
    # A proof bundle's events (``v1   position 3``).
    "position": N_("position"),
    # A program's targets (``Target: 20 per desa x 4 in 2014, 2015``).
    "per": N_("per"),
    "in": N_("in"),
    "chart": N_("chart"),
    # The funding ledger's last row.
    "total": N_("(total)"),
}

#: Words the domain passes as parameters of its messages without a literal there:
#: how far an allocation got, and the steps of its amount.
_WORDS = (N_("not yet allocated"), N_("amended"), N_("texts"))


class Labels:
    """Text for people in one language (``en`` or ``id``), times in one zone (``WIB``)."""

    def __init__(
        self,
        language: str,
        *,
        zone: str = DEFAULT_ZONE,
        strict: bool | None = None,
        places: Callable[[RegionCode], Message] | None = None,
    ) -> None:
        self.language = language
        #: What shows a region code to people (the ledger's region names' ``label``).
        self.places = places
        self.locale = LANGUAGES[language]
        self.zone_name = zone
        self.zone = ZONES[zone]
        self.strict = (
            os.environ.get(STRICT_ENV, "").strip() not in ("", "0") if strict is None else strict
        )
        self._table: Mapping[str, str] = {} if language == "en" else translations(language)

    def __getitem__(self, key: str) -> str:
        return self.text(_LABELS[key])

    def term(self, value: str) -> str:
        """A stored term (a status, a basis, an action) in this language; anything else
        (a region code, a name) as it is."""
        english = _LABELS.get(value)
        if english is not None:
            return self.text(english)
        return self._table.get(value, value)

    def named(self, namespace: str, value: str) -> str:
        """A kind of thing in this language (``named("instrument", "loan")``); unknown
        ones as they are."""
        english = _LABELS.get(f"{namespace}:{value}")
        return value if english is None else self.text(english)

    def text(self, message: str) -> str:
        """``message`` in this language: a :class:`Message` by its template, its
        parameters put in (those that are Messages translated too); a plain text (one
        recorded in English, say) by the template it was made from."""
        if isinstance(message, Message) and message.params:
            template = self._template(message.template)
            return template.format_map(self._rendered(message.params))
        if self.language == "en":
            return str(message)
        return self._phrase(str(message))

    def place(self, code: RegionCode | str | None, name: str | None = None) -> str:
        """A region as people read it, its code beside its name: ``Madang Suku III
        (16.08.13)``. The name given, or the one :attr:`places` finds (which marks a code
        it cannot name); without either, the code alone."""
        if code is None:
            return "-"
        if name is not None:
            return self.text(N_("{name} ({code})", name=name, code=str(code)))
        if self.places is not None and isinstance(code, RegionCode):
            return self.text(self.places(code))
        return str(code)

    def error(self, error: UmkmLedgerError) -> str:
        """An error as one line: ``error: InvalidValue: nik: ...`` in this language."""
        return f"{self['error']}: {type(error).__name__}: {self.text(error.message)}"

    def moment(self, moment: datetime) -> str:
        """A recorded time in the reader's zone, named: ``2024-05-02 09:15 WIB``."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return f"{aware.astimezone(self.zone):%Y-%m-%d %H:%M} {self.zone_name}"

    def number(self, value: int | float) -> str:
        return str(format_decimal(value, locale=self.locale))

    def percent(self, fraction: float) -> str:
        return str(format_percent(fraction, format="#,##0.0 %", locale=self.locale))

    def _template(self, template: str) -> str:
        if self.language == "en":
            return template
        found = self._table.get(template)
        return self._missing(template) if found is None else found

    def _rendered(self, params: Mapping[str, object]) -> dict[str, object]:
        return {name: self._param(value) for name, value in params.items()}

    def _param(self, value: object) -> object:
        if isinstance(value, Message):
            return self.text(value)
        if isinstance(value, tuple):
            return ", ".join(str(self._param(item)) for item in value)
        if isinstance(value, datetime):
            return self.moment(value)
        if isinstance(value, RegionCode) and self.places is not None:
            return self.place(value)  # "in desa Wana Bakti (16.08.13.2004)"
        return value

    def _phrase(self, text: str) -> str:
        if not text:
            return text
        found = self._table.get(text)
        if found is not None:
            return found
        recognised = self._recognised(text)
        return recognised if recognised is not None else self._missing(text)

    def _recognised(self, text: str) -> str | None:
        """``text`` (English made from a template, as recorded in an event or raised by
        older code) in this language, if a template of the catalogue made it."""
        for pattern, translated in _patterns(self.language):
            found = pattern.fullmatch(text)
            if found is not None:
                values = {name: self._lenient(value) for name, value in found.groupdict().items()}
                return translated.format_map(values)
        return None

    def _lenient(self, text: str) -> str:
        """A part of a recognised text: translated if it is a text of the catalogue, as
        it is otherwise (a name, an id)."""
        found = self._table.get(text)
        if found is not None:
            return found
        recognised = self._recognised(text)
        return text if recognised is None else recognised

    def _missing(self, text: str) -> str:
        if self.strict:
            raise MissingTranslation(self.language, text)
        return text


@functools.cache
def _patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    """Each translated template with placeholders as a pattern matching the English it
    makes, the most specific (most literal text) first."""
    made = []
    for template, translated in translations(language).items():
        pattern, literal = _pattern(template)
        if pattern is not None and literal:
            made.append((literal, pattern, translated))
    made.sort(key=lambda item: -item[0])
    return [(pattern, translated) for _, pattern, translated in made]


def _pattern(template: str) -> tuple[re.Pattern[str] | None, int]:
    parts, seen, literal = [], set(), 0
    for text, name, _spec, conversion in string.Formatter().parse(template):
        parts.append(re.escape(text))
        literal += len(text.strip())
        if name is None:
            continue
        if name in seen:
            parts.append(f"(?P={name})")
            continue
        seen.add(name)
        group = f"(?P<{name}>.+?)"
        parts.append(f"'{group}'" if conversion == "r" else group)
    if not seen:
        return None, literal
    return re.compile("".join(parts), re.DOTALL), literal
