"""Named business rules.

Each class is one rule; its docstring states the rule in words (``Rule.rule()`` returns
it for reports). Raising one means the command was refused and nothing was recorded.

Each message is a template marked with ``N_``, its parameters named, so that the command
line can say it in Indonesian (the catalogue has every template and every rule's words);
words of the ledger's vocabulary given as parameters (a status, an action, a kind of
record) are passed through ``N_`` so that they are translated too, and a ``detail`` is a
``Message`` made by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation

__all__ = ["EffectiveDateInFuture", "FactNotCorrectable", "IllegalTransition", "ReasonRequired"]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class IllegalTransition(BusinessRuleViolation):
    """An enterprise, group, program, enrolment, allocation, grant or KUR referral can
    take only the actions that its lifecycle table allows in its current status (a closed
    enterprise reports no sales until it is reactivated)."""

    def __init__(self, kind: str, status: str, action: str, allowed: Sequence[str]) -> None:
        self.kind = kind
        self.status = status
        self.action = action
        self.allowed = tuple(allowed)
        super().__init__(
            N_(
                "{article} {status} {kind} cannot {action}; in status {status!r} it allows: "
                "{allowed}",
                article=_article(status),
                status=N_(status),
                kind=N_(kind),
                action=N_(action),
                allowed=tuple(N_(a) for a in self.allowed) or N_("nothing"),
            )
        )


class ReasonRequired(BusinessRuleViolation):
    """Corrections, duplicate resolutions, merges, closures and removals must state why."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(N_("{action} requires a reason", action=N_(action)))


class EffectiveDateInFuture(BusinessRuleViolation):
    """A fact cannot take effect after the day it is recorded (in Indonesia's easternmost
    time zone, so no office is refused its own today)."""

    def __init__(self, effective: date, today: date) -> None:
        self.effective = effective
        super().__init__(
            N_(
                "effective date {effective} is after today ({today})",
                effective=effective.isoformat(),
                today=today.isoformat(),
            )
        )


class FactNotCorrectable(BusinessRuleViolation):
    """A correction names an earlier event of the same record and only the fields that
    event recorded and that may be corrected; a correction itself is corrected by a
    further correction of the original event."""

    def __init__(self, detail: str) -> None:
        super().__init__(N_(detail))


# -- funding -----------------------------------------------------------------------
