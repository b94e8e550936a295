"""What the Ledger's parts (programs, funding, activity, audit) use of the Ledger itself,
declared once for the type checker."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from umkm_ledger.kernel.envelope import Actor, Envelope

if TYPE_CHECKING:
    from umkm_ledger.platform.application import LedgerApplication
    from umkm_ledger.platform.view_store import ViewStore

__all__ = ["LedgerPart"]


class LedgerPart:
    """Base of the Ledger's mixins; :class:`umkm_ledger.Ledger` provides all of it."""

    _app: LedgerApplication
    url: str

    if TYPE_CHECKING:

        def _envelope(
            self,
            *,
            command_id: str | None,
            effective_date: date | str | None,
            actor: Actor | str | None,
            reason: str | None = None,
            default_date: date | None = None,
        ) -> tuple[Envelope, bool]: ...

        def _views(self) -> ViewStore: ...
