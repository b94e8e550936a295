"""Record ids on the command line: the whole id, or its first 8 (or more) hex digits as
histories print them (``joined group 3f2a9c1e``); funders by name or by id."""

from __future__ import annotations

from typing import Any

import click

from umkm_ledger.cli.context import CliContext
from umkm_ledger.kernel.errors import NotFound
from umkm_ledger.platform.ids import is_id_prefix

__all__ = ["FunderRef", "RecordId"]


def _cli(ctx: click.Context | None) -> CliContext | None:
    """The open command line, unless parsing only (shell completion) or outside it."""
    if ctx is None or ctx.resilient_parsing:
        return None
    return ctx.find_object(CliContext)


class RecordId(click.ParamType[str]):
    """A record id of one of ``kinds`` (any kind if none), given whole or by its start;
    converted to the whole id (as text) with :meth:`umkm_ledger.Ledger.resolve_id` (in a
    ledger that must exist: an id names a record of it)."""

    name = "id"

    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        cli = _cli(ctx)
        if cli is None:  # only in a command used outside the umkm-ledger group
            return str(value)
        field = "ID" if param is None else _shown_name(param)
        return str(cli.existing_ledger.resolve_id(value, self.kinds or None, field=field))


class FunderRef(click.ParamType[str]):
    """A funder by its name, or by its id (whole or its start): a registered name is
    taken as the name, even one that looks like the start of an id."""

    name = "funder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        cli = _cli(ctx)
        if cli is None or not is_id_prefix(text):
            return text
        try:
            cli.existing_ledger.funder(text)
        except NotFound:
            field = "FUNDER" if param is None else _shown_name(param)
            return str(cli.existing_ledger.resolve_id(text, "funder", field=field))
        return text


def _shown_name(param: click.Parameter) -> str:
    """How the user wrote the parameter: ``GRANT_ID`` or ``--program``."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name
