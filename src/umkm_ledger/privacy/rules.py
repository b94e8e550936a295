"""The privacy rules, each a refusal whose docstring states the rule."""

from __future__ import annotations

from uuid import UUID

from umkm_ledger.kernel.errors import N_, BusinessRuleViolation

__all__ = ["ErasureAlreadyRequested", "ErasureNeedsASecondOfficer", "PersonalDataIsPlain"]


class ErasureNeedsASecondOfficer(BusinessRuleViolation):
    """Whoever requested an erasure can neither approve nor reject it: erasing cannot be
    undone, so a second officer decides (as with grants)."""

    def __init__(self, erasure_id: UUID, user: str, action: str) -> None:
        self.erasure_id = erasure_id
        self.user = user
        self.action = action
        super().__init__(
            N_(
                "{user} requested erasure {erasure} and so cannot {action} it",
                user=user,
                erasure=erasure_id,
                action=N_(action),
            )
        )


class PersonalDataIsPlain(BusinessRuleViolation):
    """A ledger from before personal data was sealed per person holds it in plain events,
    which cannot be erased by destroying a key."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "this ledger keeps personal data in plain events (it was made before "
                "personal data was sealed per person): no key can be destroyed to erase it"
            )
        )


class ErasureAlreadyRequested(BusinessRuleViolation):
    """A person's erasure has one request open at a time: another is refused while one is
    requested or once one was approved (after a rejection, which stays on record, a new
    request may be made)."""

    def __init__(self, erasure_id: UUID, status: str) -> None:
        self.erasure_id = erasure_id
        self.status = status
        super().__init__(
            N_(
                "this person's erasure was already requested ({erasure}, {status})",
                erasure=erasure_id,
                status=N_(status),
            )
        )
