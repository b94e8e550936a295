"""Every error a user of umkm_ledger can cause derives from :class:`UmkmLedgerError`.

The hierarchy is shallow on purpose: catch ``UmkmLedgerError`` for "the caller did
something the ledger refuses", or one of the four families below when the caller
wants to react differently:

* :class:`InvalidValue` - a value failed validation (a malformed NIK, a negative amount).
* :class:`BusinessRuleViolation` - a well-formed command that a named rule forbids.
* :class:`NotFound` - an id that the ledger does not know.
* :class:`ConcurrencyConflict` - someone else changed the same record first; retry.

When any of these is raised by a command, nothing has been recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

__all__ = [
    "BusinessRuleViolation",
    "CommandIdReused",
    "ConcurrencyConflict",
    "ConfigurationError",
    "InvalidValue",
    "NotFound",
    "UmkmLedgerError",
]


class UmkmLedgerError(Exception):
    """Base class of every error that umkm_ledger raises for a caller's mistake."""

    #: True when repeating the same command unchanged may succeed.
    retryable: ClassVar[bool] = False


class InvalidValue(UmkmLedgerError, ValueError):
    """A value failed validation.

    ``field`` names where the bad value was found (``"nik"``, ``"owners[0].birth_year"``),
    ``shown_value`` is the value as it may be printed (personal data arrives here
    already masked), and ``problem`` says what is wrong with it in words.
    """

    def __init__(self, field: str, shown_value: object, problem: str) -> None:
        self.field = field
        self.shown_value = shown_value
        self.problem = problem
        super().__init__(f"{field}: {problem} (got {shown_value!r})")

    def at(self, prefix: str) -> InvalidValue:
        """The same error, located under ``prefix`` (``owners[0]`` + ``nik``)."""
        located = type(self).__new__(type(self))
        InvalidValue.__init__(located, f"{prefix}.{self.field}", self.shown_value, self.problem)
        return located


class BusinessRuleViolation(UmkmLedgerError):
    """A command broke a named business rule.

    Subclasses are the rules themselves; each one's docstring states the rule in words,
    which :meth:`rule` returns so that reports can quote it.
    """

    @classmethod
    def rule(cls) -> str:
        """The rule this error enforces, in words (the subclass's docstring)."""
        return " ".join((cls.__doc__ or cls.__name__).split())


class NotFound(UmkmLedgerError, LookupError):
    """No record with the given id exists in this ledger."""

    def __init__(self, kind: str, identifier: object) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(f"no {kind} with id {identifier} in this ledger")


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
                f"command id {command_id!r} was first used for {first} with another "
                f"{', '.join(self.differing)}; resend it unchanged or use a new command id"
            )
        else:
            super().__init__(
                f"command id {command_id!r} was first used for {first}; it cannot be "
                f"reused for {now}"
            )


class ConfigurationError(UmkmLedgerError):
    """The ledger could not be opened as asked (an unknown URL scheme, a missing file)."""
