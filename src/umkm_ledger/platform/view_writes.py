"""A page of a view's SQL, run in few batches with the effect of running it in order.

A view folds each event into a few statements (:mod:`umkm_ledger.platform.view`); a
page of 10 000 events gives tens of thousands, mostly inserts and updates keyed by the
event's own record. Run one at a time, they cost most of a catch-up. Run as one
``executemany`` per SQL text, they would be reordered, which is only safe for
statements that do not touch each other's rows.

So each statement is put at a *level*: one past the highest level of any earlier
statement it conflicts with. Two statements conflict when they touch the same table,
at least one of them changes it, and they may touch the same rows. Which rows a
statement touches is known from the first column of its table's key (``View.keys``):
an insert names its value, and so does an update or delete whose ``WHERE`` holds
``column = ?`` for it. A statement whose rows are not known that way conflicts with
every statement on its table that changes it or that it changes. Plain inserts (without
``ON CONFLICT``, without ``SELECT`` of the table itself) do not conflict with one
another: rows appended in any order are the same rows.

Statements at one level never conflict, so they may run in any order: they run as one
``executemany`` per SQL text, level after level. A session scheduled, then held (an
insert and an update of the same row) takes two levels however many sessions the page
holds, instead of two statements per session.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

__all__ = ["run_statements"]

Statement = tuple[str, Sequence[Any]]

_TABLE_NAME = re.compile(r"\{(\w+)\}")
_WRITTEN = re.compile(r"^(?:INSERT INTO|UPDATE|DELETE FROM) \{(\w+)\}")
_INSERT_COLUMNS = re.compile(r"^INSERT INTO \{\w+\} \(([\w, ]+)\) VALUES \(([^()]*)\)")
_EQUALS = re.compile(r"\b(\w+) = \?")

# What an access to a table does: reads it, appends rows to it (commuting with other
# appends), or changes it otherwise.
_READ, _APPEND, _CHANGE = 0, 1, 2


class _Transaction(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...


class _Access(NamedTuple):
    table: str
    mode: int
    #: Where in the parameters the value of the table's first key column is (None:
    #: the rows are not known).
    key_at: int | None


class _Shape(NamedTuple):
    accesses: tuple[_Access, ...]
    #: Whether the statement needs the keys of the tables it names (anything but a
    #: plain insert finds rows by them).
    needs_keys: bool


@functools.lru_cache(maxsize=4096)
def _shape(sql: str, first_keys: tuple[tuple[str, str], ...]) -> _Shape:
    """How a statement's SQL text touches tables (cached: views reuse a few texts)."""
    keyed = dict(first_keys)
    written_match = _WRITTEN.match(sql)
    written = written_match.group(1) if written_match else None
    named = _TABLE_NAME.findall(sql)
    accesses: list[_Access] = []
    is_insert = sql.startswith("INSERT INTO")
    plain = is_insert and " ON CONFLICT " not in sql
    if written is not None:
        reads_itself = named.count(written) > 1
        mode = _APPEND if plain and not reads_itself else _CHANGE
        accesses.append(_Access(written, mode, _key_at(sql, written, keyed.get(written))))
    for table in sorted(set(named) - {written}):
        accesses.append(_Access(table, _READ, _key_at(sql, table, keyed.get(table))))
    if written is not None and not is_insert:
        accesses.append(_Access(written, _READ, _key_at(sql, written, keyed.get(written))))
    needs_keys = not (is_insert and " SELECT " not in sql)
    return _Shape(tuple(accesses), needs_keys)


def _key_at(sql: str, table: str, column: str | None) -> int | None:
    """The parameter holding the first key column's value of the rows of ``table`` that
    ``sql`` touches (the table it writes, or the one table it selects from)."""
    if column is None:
        return None
    named = _TABLE_NAME.findall(sql)
    columns = _INSERT_COLUMNS.match(sql)
    if columns is not None:
        names = [c.strip() for c in columns.group(1).split(",")]
        values = [v.strip() for v in columns.group(2).split(",")]
        if named != [table] or column not in names or len(values) != len(names):
            return None
        at = names.index(column)
        if values[at] != "?" or any("?" in v and v != "?" for v in values):
            return None
        return values[:at].count("?")
    if named.count(table) != 1 or len(set(named)) > 2 or " JOIN " in sql or " OR " in sql:
        return None
    if sql.count(" FROM ") > 1 or (named[0] != table and f" FROM {{{table}}}" not in sql):
        return None
    where = sql.rfind(" WHERE ")
    if where < 0:
        return None
    for match in _EQUALS.finditer(sql, where):
        if match.group(1) == column:
            return sql.count("?", 0, match.end()) - 1
    return None


def run_statements(  # noqa: PLR0915 - one loop, kept flat: it runs per statement
    tx: _Transaction,
    statements: Iterable[Statement],
    names: Mapping[str, str],
    keys: Mapping[str, str],
    make_keys: Callable[[Iterable[str]], None],
) -> None:
    """Run ``statements`` (``{table}`` names, ``?`` placeholders) with the effect of
    running them in order, as one ``executemany`` per SQL text and level. ``keys`` are
    the view's table keys; ``make_keys`` makes the unique indexes of the tables named
    (before any statement that finds rows by them)."""
    first_keys = tuple(sorted((t, k.split(",")[0].strip()) for t, k in keys.items()))
    statements = list(statements)
    shapes = {sql: _shape(sql, first_keys) for sql in {sql for sql, _ in statements}}
    # Tables only appended to in this page: statements touching nothing else cannot
    # conflict with any, and skip the bookkeeping (most of a page's statements).
    contended = {a.table for shape in shapes.values() for a in shape.accesses if a.mode != _APPEND}
    free = {
        sql
        for sql, shape in shapes.items()
        if not any(a.table in contended for a in shape.accesses)
    }
    keyed = {
        table
        for sql, shape in shapes.items()
        if shape.needs_keys
        for table in _TABLE_NAME.findall(sql)
    }
    # Per table, and per (table, key): the highest level so far of each kind of access
    # (read, append, change); "unknown" holds those whose rows are not known.
    by_key: dict[tuple[str, Any], list[int]] = {}
    unknown: dict[str, list[int]] = {}
    every: dict[str, list[int]] = {}
    first: dict[str, list[Sequence[Any]]] = {}
    batches: list[dict[str, list[Sequence[Any]]]] = [first]
    for sql, params in statements:
        if sql in free:
            rows = first.get(sql)
            if rows is None:
                first[sql] = [params]
            else:
                rows.append(params)
            continue
        accesses = shapes[sql].accesses
        buckets = []
        level = 0
        for table, mode, key_at in accesses:
            if key_at is None:
                own = every.get(table)
                if own is None:
                    own = every[table] = [-1, -1, -1]
                mine = unknown.get(table)
                if mine is None:
                    mine = unknown[table] = [-1, -1, -1]
                others = None
            else:
                key = (table, params[key_at])
                mine = by_key.get(key)
                if mine is None:
                    mine = by_key[key] = [-1, -1, -1]
                own, others = mine, unknown.get(table)
                every_bucket = every.get(table)
                if every_bucket is None:
                    every_bucket = every[table] = [-1, -1, -1]
                buckets.append((every_bucket, mode))
            for bucket in (own, others):
                if bucket is None:
                    continue
                read, append, change = bucket
                if mode == _READ:
                    seen = append if append > change else change
                elif mode == _APPEND:
                    seen = read if read > change else change
                else:
                    seen = max(read, append, change)
                if seen >= level:
                    level = seen + 1
            buckets.append((mine, mode))
            if key_at is None:
                buckets.append((own, mode))
        for bucket, mode in buckets:
            bucket[mode] = max(bucket[mode], level)
        while len(batches) <= level:
            batches.append({})
        batch = batches[level]
        rows = batch.get(sql)
        if rows is None:
            batch[sql] = [params]
        else:
            rows.append(params)
    if keyed:
        make_keys(keyed)
    for batch in batches:
        for sql, rows in batch.items():
            text = sql.format(**names)
            if len(rows) == 1:
                tx.execute(text, rows[0])
            else:
                tx.executemany(text, rows)
