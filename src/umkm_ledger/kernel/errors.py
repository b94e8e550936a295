"""Every error a user of umkm_ledger can cause derives from :class:`UmkmLedgerError`.

The hierarchy is shallow on purpose: catch ``UmkmLedgerError`` for "the caller did
something the ledger refuses", or one of the four families below when the caller
wants to react differently:

* :class:`InvalidValue` - a value failed validation (a malformed NIK, a negative amount).
* :class:`BusinessRuleViolation` - a well-formed command that a named rule forbids.
* :class:`NotFound` - an id that the ledger does not know.
* :class:`ConcurrencyConflict` - someone else changed the same record first; retry.
* :class:`StorageFault` (a :class:`ConfigurationError`) - the database is read-only, full,
  not a ledger or unreachable; the message says what to do.

When any of these is raised by a command, nothing has been recorded.

Every error's message is a :class:`Message`: ``str(error)`` is English (for developers and
logs), and the message keeps its template and parameters so that the command line can say
it in the reader's language (``umkm-ledger --lang id``; see
``docs/how-to/translate-the-ledger.md``). Text for people is marked with :func:`N_`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

__all__ = [
    "N_",
    "BusinessRuleViolation",
    "CommandIdReused",
    "ConcurrencyConflict",
    "ConfigurationError",
    "InvalidValue",
    "Message",
    "NotFound",
    "StorageBusy",
    "StorageFault",
    "UmkmLedgerError",
]


class Message(str):
    """Text for people: an English template with named parameters, and the English text.

    A ``Message`` *is* its English text (a ``str``: it prints, compares, logs and is stored
    as plain text would be), and keeps the ``template`` and ``params`` it was made from, so
    the presentation can say it in another language from its catalogue (the domain knows
    nothing of languages). A parameter that is a ``Message`` is translated too, a tuple is
    a list joined with ", " (its Messages translated), a datetime is a moment (ISO 8601 in
    English, the reader's time zone on the command line); any other parameter (a name, an
    id, a figure) is shown as it is. Make one with :func:`N_`.
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        text = template.format_map(_in_english(params)) if params else template
        made = super().__new__(cls, text)
        made.template = template
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its template (str's own pickling would give the English text only).
        return (_message, (self.template, dict(self.params)))


def _message(template: str, params: dict[str, object]) -> Message:
    return Message(template, **params)


def _in_english(params: Mapping[str, object]) -> dict[str, object]:
    return {name: _english(value) for name, value in params.items()}


def _english(value: object) -> object:
    if isinstance(value, tuple):
        return ", ".join(str(_english(item)) for item in value)
    if isinstance(value, datetime):  # a moment, as stored (UTC); people are shown their zone
        return value.isoformat()
    return value


def N_(template: str, /, **params: object) -> Message:  # noqa: N802 - gettext's name
    """Mark ``template`` as text for people and make it a :class:`Message`.

    ``N_`` is what the catalogue's extraction looks for (with ``InvalidValue``'s third
    argument), so write the template as a literal: ``N_("must be one of: {choices}",
    choices=known)``, never an f-string. ``N_(message)`` of a Message is that message, so
    a parameter that may already be one can be passed through it.
    """
    if isinstance(template, Message) and not params:
        return template
    return Message(template, **params)


class UmkmLedgerError(Exception):
    """Base class of every error that umkm_ledger raises for a caller's mistake."""

    #: True when repeating the same command unchanged may succeed.
    retryable: ClassVar[bool] = False

    def __init__(self, message: str = "", /) -> None:
        super().__init__(N_(message))

    @property
    def message(self) -> Message:
        """What went wrong, for people: ``str(error)`` in English, and the template the
        command line translates."""
        first = self.args[0] if self.args else ""
        return N_(first) if isinstance(first, str) else Message(str(first))


class InvalidValue(UmkmLedgerError, ValueError):
    """A value failed validation.

    ``field`` names where the bad value was found (``"nik"``, ``"owners[0].birth_year"``),
    ``shown_value`` is the value as it may be printed (personal data arrives here
    already masked), and ``problem`` says what is wrong with it in words.
    """

    def __init__(self, field: str, shown_value: object, problem: str) -> None:
        self.field = field
        self.shown_value = _printable(shown_value)
        #: What is wrong, in words: a :class:`Message` (a plain text is its own template).
        self.problem = N_(problem)
        super().__init__(
            N_(
                "{field}: {problem} (got {shown})",
                field=field,
                problem=self.problem,
                shown=repr(self.shown_value),
            )
        )

    def at(self, prefix: str) -> InvalidValue:
        """The same error, located under ``prefix`` (``owners[0]`` + ``nik``)."""
        located = type(self).__new__(type(self))
        InvalidValue.__init__(located, f"{prefix}.{self.field}", self.shown_value, self.problem)
        return located


# Sixteen digits standing alone are NIK-shaped, whatever field they were typed into (a NIK
# pasted into the NIB column): shown as a NIK is, its middle eight digits hidden.
_NIK_SHAPED = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{2})(?![0-9])")


def _printable(value: object) -> object:
    """``value`` as an error may show it: a NIK-shaped run of 16 digits in it masked, and
    an int too long to print described (Python refuses to turn more than 4300 digits into
    text, with a raw ``ValueError``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > 100:
        return f"<a number of about {int(value.bit_length() * 0.30103) + 1} digits>"
    if isinstance(value, int) and _NIK_SHAPED.fullmatch(str(abs(value))):
        return _NIK_SHAPED.sub(r"\1********\2", str(value))
    if isinstance(value, str) and _NIK_SHAPED.search(value):
        return _NIK_SHAPED.sub(r"\1********\2", value)
    return value


class BusinessRuleViolation(UmkmLedgerError):
    """A command broke a named business rule.

    Subclasses are the rules themselves; each one's docstring states the rule in words,
    which :meth:`rule` returns so that reports can quote it.
    """

    @classmethod
    def rule(cls) -> Message:
        """The rule this error enforces, in words (the subclass's docstring; the catalogue
        has each rule's words in Indonesian too)."""
        return Message(" ".join((cls.__doc__ or cls.__name__).split()))


class NotFound(UmkmLedgerError, LookupError):
    """No record with the given id exists in this ledger."""

    def __init__(self, kind: str, identifier: object) -> None:
        self.kind = kind
        self.identifier = identifier
        # ``kind`` is a word of the ledger's vocabulary ("enterprise", "funder"), translated.
        super().__init__(
            N_(
                "no {kind} with id {identifier} in this ledger",
                kind=N_(kind),
                identifier=identifier,
            )
        )


class ConcurrencyConflict(UmkmLedgerError):
    """Another writer changed the same record between our read and our write.

    Nothing of this command was recorded. Re-reading and sending the same command
    again (with the same command id) is safe.
    """

    retryable = True


class CommandIdReused(UmkmLedgerError):
    """A command id was sent again with a different command or different arguments.

    A command id names one command; resending it must send the same command, so that
    the ledger can answer with the first result instead of recording twice.
    """

    def __init__(
        self, command_id: str, first: str, now: str, differing: Sequence[str] = ()
    ) -> None:
        self.command_id = command_id
        #: What differs from the first command: argument names, or ``actor``,
        #: ``effective_date``, ``reason`` (empty when the command itself differs).
        self.differing = tuple(differing)
        if self.differing:
            super().__init__(
                N_(
                    "command id {command_id!r} was first used for {first} with another "
                    "{differing}; resend it unchanged or use a new command id",
                    command_id=command_id,
                    first=first,
                    differing=self.differing,
                )
            )
        else:
            super().__init__(
                N_(
                    "command id {command_id!r} was first used for {first}; it cannot be "
                    "reused for {now}",
                    command_id=command_id,
                    first=first,
                    now=now,
                )
            )


class ConfigurationError(UmkmLedgerError):
    """The ledger could not be opened as asked (an unknown URL scheme, a missing file)."""


class StorageFault(ConfigurationError):
    """The ledger's database could not do what was asked: it is read-only, full, not a
    ledger, unreachable, or a view's bookkeeping in it was damaged. ``fault`` names which,
    and the message says what to do. A command that meets one has recorded nothing."""

    def __init__(self, fault: str, message: str) -> None:
        #: ``read-only``, ``full``, ``not-a-ledger``, ``no-ledger``, ``unreachable``, ``busy``,
        #: ``view-damaged`` or ``failed``.
        self.fault = fault
        super().__init__(message)


class StorageBusy(StorageFault):
    """The database stayed locked by other writers for longer than the ledger waits.
    Nothing was recorded; sending the same command again (same command id) is safe."""

    retryable = True
