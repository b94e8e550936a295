"""The Ledger's audit side: signed checkpoints, verification, proof bundles.

:class:`~umkm_ledger.Ledger` holds this service and hands it its audit calls. Keys are
Ed25519 keys (``cryptography`` objects, or their PEM bytes); checkpoints are
:class:`~umkm_ledger.audit.checkpoint.Checkpoint` objects, or the JSON documents
:meth:`Checkpoint.dumps` writes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from umkm_ledger.audit.bundle import make_bundle
from umkm_ledger.audit.checkpoint import (
    Checkpoint,
    load_private_key,
    load_public_key,
    sign_checkpoint,
)
from umkm_ledger.audit.replay import HistoryStep, replay
from umkm_ledger.audit.report import AuditReport, ReportSource, build_report
from umkm_ledger.audit.trail import TrailRow, audit_trail
from umkm_ledger.audit.verify import Verification, verify_log
from umkm_ledger.audit.view_check import check_views, folded_views
from umkm_ledger.funding.commands import FundingCommands
from umkm_ledger.funding.service import funder_key
from umkm_ledger.kernel.clock import latest_today
from umkm_ledger.kernel.coerce import to_date, to_id
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.period import Period
from umkm_ledger.platform.history import EventRecord, event_records
from umkm_ledger.platform.session import Session
from umkm_ledger.platform.view_store import ViewStore
from umkm_ledger.programs.commands import ProgramCommands
from umkm_ledger.programs.progress.facts import Facts

if TYPE_CHECKING:
    pass

__all__ = [
    "AuditService",
    "LedgerNotIntact",
    "dumps_bundle",
    "to_checkpoint",
    "to_moment",
    "to_public_key",
]


class LedgerNotIntact(InvalidValue):
    """Raised instead of signing a checkpoint over a ledger that fails verification."""


def to_private_key(key: Ed25519PrivateKey | bytes) -> Ed25519PrivateKey:
    return key if isinstance(key, Ed25519PrivateKey) else load_private_key(key)


def to_public_key(key: Ed25519PublicKey | bytes) -> Ed25519PublicKey:
    return key if isinstance(key, Ed25519PublicKey) else load_public_key(key)


def to_moment(value: datetime | str, field: str) -> datetime:
    """A moment: a datetime, or ISO text (``2026-11-29T09:00``; no zone means UTC; a
    date alone means the end of that day)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidValue(field, value, "is not a date and time (ISO 8601)") from None
        if len(text) == 10:  # a date alone: all of that day
            moment = moment.replace(hour=23, minute=59, second=59, microsecond=999999)
    else:
        raise InvalidValue(field, value, "must be a datetime or ISO text")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def to_checkpoint(checkpoint: Checkpoint | Mapping[str, Any] | str | bytes) -> Checkpoint:
    if isinstance(checkpoint, Checkpoint):
        return checkpoint
    if isinstance(checkpoint, Mapping):
        return Checkpoint.from_json(checkpoint)
    if not isinstance(checkpoint, str | bytes):
        raise InvalidValue("checkpoint", type(checkpoint).__name__, "must be a checkpoint")
    return Checkpoint.loads(checkpoint)


class AuditService:
    """The auditor's commands: verify, checkpoints, proof bundles, replays, the trail,
    reports, histories. Each public method is documented where callers see it, on
    :class:`umkm_ledger.Ledger`."""

    def __init__(
        self,
        session: Session,
        reports: ReportSource,
        *,
        reports_over: Callable[[ViewStore], ReportSource],
        funding_commands: FundingCommands,
        program_commands: ProgramCommands,
    ) -> None:
        self._session = session
        # A report reads every context (grants, programs, the trail): the Ledger's, or
        # (reports_over) the Ledger reading views folded afresh from verified events.
        self._reports = reports
        self._reports_over = reports_over
        self._app = session.app
        self._funding_commands = funding_commands
        self._program_commands = program_commands

    def verify(
        self,
        *,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
        on_progress: Callable[[int, int], object] | None = None,
        views: bool = True,
        on_views_progress: Callable[[int, int], object] | None = None,
    ) -> Verification:
        found = verify_log(
            self._app.recorder,
            None if checkpoint is None else to_checkpoint(checkpoint),
            None if public_key is None else to_public_key(public_key),
            on_progress=on_progress,
        )
        if not views or found.finding is not None:
            # Views are checked against an intact log only: a fold of events that do
            # not verify proves nothing about the views (and may not decode at all).
            return found
        told = on_views_progress

        def folded(_name: str, position: int, end: int) -> None:
            if told is not None:
                told(position, end)

        checks = check_views(self._app, self._session.views(), on_page=folded)
        return attrs.evolve(found, views=checks)

    def replay(
        self,
        record_id: UUID | str,
        *,
        as_of: date | str | None = None,
        known_at: datetime | str | None = None,
        locale: str = "en",
    ) -> list[HistoryStep]:
        events = self._app.events_of(to_id(record_id, "record_id"))
        return replay(
            events,
            as_of=None if as_of is None else to_date(as_of, "as_of"),
            known_at=None if known_at is None else to_moment(known_at, "known_at"),
            locale=locale,
        )

    def audit_trail(
        self,
        *,
        actor: str | None = None,
        role: str | None = None,
        funder: str | None = None,
        program_id: UUID | str | None = None,
        period: Period | str | None = None,
        kind: str | None = None,
        record_id: UUID | str | None = None,
    ) -> list[TrailRow]:
        for name, value in (("actor", actor), ("role", role), ("funder", funder), ("kind", kind)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise InvalidValue(name, value, "must be a non-empty text")
        span = period if period is None or isinstance(period, Period) else Period.parse(period)
        return audit_trail(
            Facts(self._session.views()),
            actor=actor,
            role=role,
            funder=None
            if funder is None
            else self._funding_commands.funder(funder_key(funder)).name,
            program_id=(
                None
                if program_id is None
                else self._program_commands.program(to_id(program_id, "program_id")).id
            ),
            period=span,
            kind=kind,
            record_id=(
                None if record_id is None else self._app.record(to_id(record_id, "record_id")).id
            ),
        )

    def audit_report(
        self,
        grant_id: UUID | str | None = None,
        *,
        program_id: UUID | str | None = None,
        funder: str | None = None,
        as_of: date | str | None = None,
        checkpoint: Checkpoint | Mapping[str, Any] | str | bytes | None = None,
        public_key: Ed25519PublicKey | bytes | None = None,
        locale: str = "en",
    ) -> AuditReport:
        given = [x for x in (grant_id, program_id, funder) if x is not None]
        if len(given) != 1:
            raise InvalidValue("scope", len(given), "name one grant, one program or one funder")
        if grant_id is not None:
            self._funding_commands.grant(to_id(grant_id, "grant_id"))  # NotFound unless a grant
        found = self.verify(checkpoint=checkpoint, public_key=public_key, views=False)
        # What the report shows is folded afresh from the events just verified, up to
        # where they were verified: never from view rows that nothing checked.
        with tempfile.TemporaryDirectory(prefix="umkm-audit-report-") as directory:
            views = folded_views(self._app, self._session.views(), directory, upto=found.position)
            try:
                return self._report(
                    self._reports_over(views), grant_id, program_id, funder, as_of, found,
                    locale,
                )  # fmt: skip
            finally:
                views.close()

    def _report(
        self,
        source: ReportSource,
        grant_id: UUID | str | None,
        program_id: UUID | str | None,
        funder: str | None,
        as_of: date | str | None,
        found: Verification,
        locale: str,
    ) -> AuditReport:
        return build_report(
            source,
            grant_id=None if grant_id is None else to_id(grant_id, "grant_id"),
            program_id=None if program_id is None else self._program_commands.program(
                to_id(program_id, "program_id")
            ).id,
            funder=None
            if funder is None
            else self._funding_commands.funder(funder_key(funder)).name,
            as_of=latest_today() if as_of is None else to_date(as_of, "as_of"),
            verification=(
                found.ok,
                N_(
                    "{verified}; what this report shows was computed from those events "
                    "(up to position {position}), not from the stored views",
                    verified=found.message(),
                    position=found.position,
                ),
            ),
            locale=locale,
        )  # fmt: skip

    def checkpoint(
        self, key: Ed25519PrivateKey | bytes, *, origin: str | None = None
    ) -> Checkpoint:
        signer = to_private_key(key)
        found = verify_log(self._app.recorder)
        if found.finding is not None:
            raise LedgerNotIntact(
                "ledger",
                self._session.url,
                N_("does not verify: {finding}", finding=found.finding.message()),
            )
        return sign_checkpoint(
            signer,
            origin=origin or self._session.url,
            tree_size=found.records,
            root_hash=found.root_hash,
            positions=found.positions,
        )

    def proof_bundle(
        self, record_id: UUID | str, *, checkpoint: Checkpoint | Mapping[str, Any] | str | bytes
    ) -> dict[str, Any]:
        return make_bundle(
            self._app.recorder, to_id(record_id, "record_id"), to_checkpoint(checkpoint)
        )

    def history(
        self, record_id: UUID | str, *, locale: str = "en", personal: bool = True
    ) -> list[EventRecord]:
        events = self._app.events_of(to_id(record_id, "record_id"))
        return event_records(events, locale, personal=personal)


def dumps_bundle(bundle: Mapping[str, Any]) -> str:
    return json.dumps(bundle, indent=1) + "\n"
