"""``umkm-ledger token ...``: API tokens for the HTTP service (issue, revoke, list).

Whoever can run these commands can open the ledger's database: they are the
administrator. Each issue and revocation is an event recorded under ``--actor``.
"""

from __future__ import annotations

import json

import click

from umkm_ledger.access.roles import ROLE_DUTIES
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import RecordId
from umkm_ledger.cli.output import emitted, format_option, plain
from umkm_ledger.cli.recorded import recording
from umkm_ledger.kernel.errors import N_

__all__ = ["token"]

_ROLES_HELP = "; ".join(f"{role}: {duty}" for role, duty in ROLE_DUTIES.items())


@click.group()
def token() -> None:
    """API tokens for the HTTP service (umkm-ledger serve)."""


@token.command("issue")
@click.argument("holder", metavar="USER@ROLE")
@click.option("--label", default="", help="What the token is for (a machine, a system).")
@click.option("--expires", "expires_on", default=None, help="Last day it works (YYYY-MM-DD).")
@format_option("json")
@pass_cli
def issue(cli: CliContext, holder: str, label: str, expires_on: str | None, fmt: str) -> None:
    """Issue a token to USER@ROLE and print its secret, once (the ledger keeps only a
    digest of it). Roles: see --help of `token`."""
    # No command id: each issue makes a new secret, so it is never the same command twice.
    issued = cli.ledger.issue_token(holder, label=label, expires_on=expires_on)
    if fmt == "json":
        click.echo(json.dumps({**plain(issued.token), "secret": issued.secret}, indent=2))
        return
    said = N_(
        "issued API token {token_id} to {holder}; its secret, shown this once:",
        token_id=issued.token.id,
        holder=issued.token.actor,
    )
    click.echo(cli.labels.text(said))
    click.echo(issued.secret)


token.help = f"API tokens for the HTTP service (umkm-ledger serve). Roles: {_ROLES_HELP}."


@token.command("revoke")
@click.argument("token_id", type=RecordId("API token"))
@click.option("--reason", required=True, help="Why (recorded with the revocation).")
@click.option("--command-id", default=None, help="Idempotency key.")
@pass_cli
@recording
def revoke(cli: CliContext, token_id: str, reason: str, command_id: str | None) -> str:
    """Revoke a token: requests with it are refused from now on."""
    return str(cli.ledger.revoke_token(token_id, reason=reason, command_id=command_id))


@token.command("list")
@format_option("json", "csv")
@pass_cli
def list_(cli: CliContext, fmt: str) -> None:
    """Every token issued: id, holder, status, label (never a secret)."""
    tokens = cli.existing_ledger.tokens()
    if emitted(fmt, tokens):
        return
    for view in tokens:
        until = f" until {view.expires_on.isoformat()}" if view.expires_on else ""
        click.echo(f"{view.id}  {view.status.value:<8} {view.actor}{until}  {view.label}")
