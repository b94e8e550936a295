"""What indicator kinds read: the program, and the rows of the materialized views.

:class:`Facts` hands kinds typed rows of the ``progress`` view (and raw SQL over any
registered view, for kinds that bring their own), after catching each view up with the
events recorded so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import attrs

from umkm_ledger.enterprises.classification import SizeClass
from umkm_ledger.kernel.values import KBLI, RegionCode
from umkm_ledger.platform.view_store import Slot, SlotRetired, ViewStore
from umkm_ledger.programs.readmodels import ProgramView

__all__ = ["EnrolmentFacts", "EnterpriseFacts", "Facts", "ProgramFacts"]


#: A program as indicator kinds see it: the read model users get from ``ledger.program``.
ProgramFacts = ProgramView


@attrs.frozen
class EnterpriseFacts:
    """An enterprise's row in the progress view, with its size-class history."""

    #: The enterprise's id as 32 hex digits (``UUID(id)`` reads it back).
    id: str
    #: The record it counts as: itself, or the survivor it was merged into.
    counts_as: str
    desa: RegionCode
    sector: str
    gender: str
    birth_year: int
    registered_on: date
    nib_on: date | None
    status: str
    #: (effective date, version, size class) in effective order.
    size_changes: tuple[tuple[date, int, str], ...] = ()
    #: The KBLI code it was registered with (``sector`` is its section letter).
    kbli: KBLI | None = None

    def size_class_on(self, day: date) -> str | None:
        """The size class in effect on ``day`` (None: not classified yet)."""
        return _in_effect(self.size_changes, day)


@attrs.frozen
class EnrolmentFacts:
    enrollment_id: str
    enterprise: EnterpriseFacts
    enrolled_on: date
    #: (funder, claimed on) pairs.
    funders: tuple[tuple[str, date], ...]
    #: (effective date, version, "enrolled" or "exited") in effective order: the
    #: enrolment, and each exit and re-enrolment.
    steps: tuple[tuple[date, int, str], ...] = ()

    def funders_on(self, day: date) -> tuple[str, ...]:
        return tuple(sorted({funder for funder, claimed in self.funders if claimed <= day}))

    def status_on(self, day: date) -> str | None:
        """``enrolled`` or ``exited`` on ``day`` (None: not enrolled yet)."""
        return _in_effect(self.steps, day)

    @property
    def status(self) -> str:
        """The status after every step recorded so far."""
        return self.steps[-1][2] if self.steps else "enrolled"


def _in_effect(history: Sequence[tuple[date, int, str]], day: date) -> str | None:
    """The value of the last (effective date, version, value) dated by ``day``."""
    current = None
    for effective, _version, value in history:
        if effective > day:
            break
        current = value
    return current


def stored_day(text: str | None) -> date | None:
    """A date as the views store it (ISO text), or None."""
    return None if text is None else date.fromisoformat(text)


def rank(size_class: str | None) -> int:
    """Mikro < kecil < menengah (-1: not classified)."""
    return -1 if size_class is None else SizeClass(size_class).rank


class Facts:
    """Rows of the views, caught up with every event recorded when first asked.

    Made for one query or one rule's read: the enrolments and enterprises it built once
    are given again, as they were, to the indicators that ask for them next."""

    def __init__(self, store: ViewStore) -> None:
        self._store = store
        self._slots: dict[str, Slot] = {}
        self._positions: dict[str, int] = {}
        # One reader answers one query: what it read once (a program's enrolments, asked
        # by every indicator; a desa code, shared by hundreds of enterprises) is kept.
        self._enrolments: dict[UUID, list[EnrolmentFacts]] = {}
        self._regions: dict[tuple[str, str], RegionCode] = {}
        self._codes: dict[tuple[int, str], KBLI] = {}
        self._known: dict[str, EnterpriseFacts] = {}

    def position(self, view: str) -> int:
        """The log position ``view`` had reached when this reader first caught it up:
        its rows show at least every event up to there (a command guarding what it read
        checks the events after it)."""
        self._slot(view)
        return self._positions[view]

    def _slot(self, view: str) -> Slot:
        slot = self._slots.get(view)
        if slot is None:
            slot = self._slots[view] = self._store.ready(view)
            # Read after catching up and before any query: the view only moves forward
            # (a slot that replaced a dropped one is as far as it was, or further).
            self._positions.setdefault(view, self._store.position(slot))
        return slot

    def rows(self, view: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` over ``view``'s tables (``{table}`` names, ``?`` placeholders)."""
        while True:
            slot = self._slot(view)
            try:
                return self._store.query(slot, sql, params)
            except SlotRetired:
                # Another process rebuilt the view and dropped these tables: read the
                # slot that replaced them (caught up as far as this one was, or further).
                del self._slots[view]

    # -- the progress view ---------------------------------------------------------

    _ENTERPRISE = (
        "e.enterprise_id, e.desa, e.sector, e.gender, e.birth_year, e.registered_on, "
        "e.nib_on, e.status, e.merged_into, e.desa_edition, e.kbli_version, e.kbli_code"
    )

    def _enterprises(self, rows: list[tuple[Any, ...]]) -> dict[str, EnterpriseFacts]:
        changes: dict[str, list[tuple[date, int, str]]] = {}
        ids = [row[0] for row in rows]
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            for enterprise_id, effective, version, size_class in self.rows(
                "progress",
                "SELECT enterprise_id, effective_on, version, size_class FROM {size_change} "
                f"WHERE enterprise_id IN ({marks})",
                chunk,
            ):
                changes.setdefault(enterprise_id, []).append(
                    (date.fromisoformat(effective), version, size_class)
                )
        merged: dict[str, str | None] = {row[0]: row[8] for row in rows}
        found: dict[str, EnterpriseFacts] = {}
        for row in rows:
            enterprise_id = row[0]
            found[enterprise_id] = EnterpriseFacts(
                id=enterprise_id,
                counts_as=self._survivor(enterprise_id, merged),
                desa=self._region(row[1], row[9]),
                sector=row[2],
                gender=row[3],
                birth_year=row[4],
                registered_on=date.fromisoformat(row[5]),
                nib_on=stored_day(row[6]),
                status=row[7],
                size_changes=tuple(sorted(changes.get(enterprise_id, []))),
                kbli=self._kbli(row[10], row[11]),
            )
        self._known.update(found)
        return found

    def _kbli(self, version: int | None, code: str | None) -> KBLI | None:
        if version is None or code is None:
            return None
        found = self._codes.get((version, code))
        if found is None:
            found = self._codes[version, code] = KBLI(int(version), code)
        return found

    def _region(self, code: str, edition: str) -> RegionCode:
        region = self._regions.get((code, edition))
        if region is None:
            region = self._regions[code, edition] = RegionCode(code, edition)
        return region

    def _survivor(self, enterprise_id: str, merged: dict[str, str | None]) -> str:
        """The record ``enterprise_id`` counts as, following merges to the survivor."""
        seen = {enterprise_id}
        current = enterprise_id
        while True:
            if current not in merged:
                rows = self.rows(
                    "progress",
                    "SELECT merged_into FROM {enterprise} WHERE enterprise_id = ?",
                    (current,),
                )
                merged[current] = rows[0][0] if rows else None
            survivor = merged[current]
            if survivor is None or survivor in seen:
                return current
            seen.add(survivor)
            current = survivor

    def enterprises_within(self, scope: Sequence[RegionCode]) -> list[EnterpriseFacts]:
        """Every enterprise whose desa lies in one of ``scope``'s regions."""
        clauses = " OR ".join(
            "(e.desa_edition = ? AND (e.desa = ? OR e.desa LIKE ?))" for _ in scope
        )
        params: list[str] = []
        for region in scope:
            # Codes of another edition may name other places: never within.
            params += [region.edition, str(region), f"{region}.%"]
        rows = self.rows(
            "progress", f"SELECT {self._ENTERPRISE} FROM {{enterprise}} e WHERE {clauses}", params
        )
        return list(self._enterprises(rows).values())

    def enterprises(self, ids: Sequence[str]) -> dict[str, EnterpriseFacts]:
        """The enterprises with these ids (32 hex digits) that the view knows."""
        wanted = list(dict.fromkeys(ids))
        found = {i: self._known[i] for i in wanted if i in self._known}
        missing = [i for i in wanted if i not in found]
        if missing:
            found.update(self._read_enterprises(missing))
        return found

    def _read_enterprises(self, ids: Sequence[str]) -> dict[str, EnterpriseFacts]:
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(list(ids), 500):
            marks = ", ".join("?" * len(chunk))
            rows += self.rows(
                "progress",
                f"SELECT {self._ENTERPRISE} FROM {{enterprise}} e "
                f"WHERE e.enterprise_id IN ({marks})",
                chunk,
            )
        return self._enterprises(rows)

    def enrolments(self, program_id: UUID) -> list[EnrolmentFacts]:
        """Every enrolment of the program (exited ones too), with its enterprise."""
        known = self._enrolments.get(program_id)
        if known is None:
            known = self._enrolments[program_id] = self._read_enrolments(program_id)
        return known

    def _read_enrolments(self, program_id: UUID) -> list[EnrolmentFacts]:
        rows = self.rows(
            "progress",
            f"SELECT n.enrollment_id, n.enrolled_on, {self._ENTERPRISE} "
            "FROM {enrolment} n JOIN {enterprise} e ON e.enterprise_id = n.enterprise_id "
            "WHERE n.program_id = ? ORDER BY n.enrollment_id",
            (program_id.hex,),
        )
        enterprises = self._enterprises([row[2:] for row in rows])
        funders: dict[str, list[tuple[str, date]]] = {}
        for enrollment_id, funder, claimed in self.rows(
            "progress",
            "SELECT a.enrollment_id, a.funder, a.claimed_on FROM {attribution} a "
            "JOIN {enrolment} n ON n.enrollment_id = a.enrollment_id WHERE n.program_id = ?",
            (program_id.hex,),
        ):
            funders.setdefault(enrollment_id, []).append((funder, date.fromisoformat(claimed)))
        steps: dict[str, list[tuple[date, int, str]]] = {}
        for enrollment_id, version, action, effective in self.rows(
            "progress",
            "SELECT s.enrollment_id, s.version, s.action, s.effective_on FROM {enrolment_step} s "
            "JOIN {enrolment} n ON n.enrollment_id = s.enrollment_id WHERE n.program_id = ?",
            (program_id.hex,),
        ):
            steps.setdefault(enrollment_id, []).append(
                (date.fromisoformat(effective), version, action)
            )
        return [
            EnrolmentFacts(
                enrollment_id=row[0],
                enterprise=enterprises[row[2]],
                enrolled_on=date.fromisoformat(row[1]),
                funders=tuple(sorted(funders.get(row[0], []))),
                steps=tuple(sorted(steps.get(row[0], []))),
            )
            for row in rows
        ]

    def sales(self, enterprise_ids: Sequence[str]) -> dict[str, list[tuple[int, int, date]]]:
        """Per enterprise: (year, amount, effective date) of each sales report."""
        found: dict[str, list[tuple[int, int, date]]] = {}
        for chunk in _chunks(list(enterprise_ids), 500):
            marks = ", ".join("?" * len(chunk))
            for enterprise_id, year, amount, effective in self.rows(
                "progress",
                "SELECT enterprise_id, year, amount, effective_on FROM {sales} "
                f"WHERE enterprise_id IN ({marks}) ORDER BY enterprise_id, version",
                chunk,
            ):
                found.setdefault(enterprise_id, []).append(
                    (year, amount, date.fromisoformat(effective))
                )
        return found


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
