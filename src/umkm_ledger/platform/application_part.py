"""What the application's command mixins (funding, activity) use of the application,
declared once for the type checker."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from umkm_ledger.kernel.envelope import Envelope

if TYPE_CHECKING:
    from umkm_ledger.platform.application import Work

__all__ = ["ApplicationPart"]

A = TypeVar("A", bound=Aggregate)


class ApplicationPart:
    """Base of the command mixins; :class:`LedgerApplication` provides all of it."""

    if TYPE_CHECKING:

        def _run(
            self,
            command: str,
            envelope: Envelope,
            *,
            idempotent: bool,
            arguments: Mapping[str, Any],
            work: Work,
            optimistic: bool = False,
            retries: int = 0,
        ) -> UUID: ...

        def _find(self, cls: type[A], aggregate_id: UUID) -> A | None: ...

        def _get(self, cls: type[A], aggregate_id: UUID) -> A: ...

        def record_command(
            self,
            command: str,
            cls: type[A],
            record_id: UUID,
            act: Callable[[A], object],
            envelope: Envelope,
            arguments: Mapping[str, Any],
            *,
            idempotent: bool = False,
            retries: int = 0,
            key: str | None = None,
        ) -> UUID: ...

        def save(self, *objs: Any, **kwargs: Any) -> Any: ...
