"""``umkm-ledger audit ...``: keys, signed checkpoints, verification and proof bundles.

``verify`` and ``check-bundle`` exit with status 1 when what they check fails (and 2, like
every command, on bad input), so scripts can tell a tampered ledger from a typo.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from umkm_ledger.audit.bundle import check_bundle
from umkm_ledger.audit.checkpoint import generate_key, key_id, private_pem, public_pem
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.errors import InvalidValue
from umkm_ledger.ledger_audit import dumps_bundle, to_checkpoint, to_public_key

__all__ = ["audit"]


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidValue(what, path, f"cannot be read ({error.strerror})") from None


def _write(path: str | None, text: str) -> None:
    if path is None or path == "-":
        click.echo(text, nl=False)
    else:
        Path(path).write_text(text, encoding="utf-8")


@click.group()
def audit() -> None:
    """Tamper evidence: keys, signed checkpoints, verification, proof bundles."""


@audit.command("keygen")
@click.option("--out", required=True, help="Private key file; the public key goes to OUT.pub.")
def keygen(out: str) -> None:
    """Make an Ed25519 key pair for signing checkpoints."""
    key = generate_key()
    private = Path(out)
    if private.exists():
        raise InvalidValue("--out", out, "exists already; a key is never overwritten")
    private.write_bytes(private_pem(key))
    os.chmod(private, 0o600)
    Path(f"{out}.pub").write_bytes(public_pem(key))
    click.echo(f"key {key_id(key)}: {out} (keep it secret), {out}.pub (give it to auditors)")


@audit.command("checkpoint")
@click.option("--key", "key_file", required=True, help="The private key file that signs.")
@click.option("-o", "--out", default=None, help="Write the checkpoint here (default: print).")
@click.option("--origin", default=None, help="A name for the ledger (default: its URL).")
@pass_cli
def checkpoint(cli: CliContext, key_file: str, out: str | None, origin: str | None) -> None:
    """Sign (tree size, root hash, time) of the ledger as it is now."""
    signed = cli.ledger.checkpoint(_read(key_file, "--key"), origin=origin)
    _write(out, signed.dumps())
    if out is not None:
        click.echo(f"checkpoint of {signed.tree_size} records: {out}")


@audit.command("verify")
@click.option("--checkpoint", "checkpoint_file", default=None, help="A checkpoint file.")
@click.option("--public-key", "public_key_file", default=None, help="Its signer's public key.")
@pass_cli
def verify(cli: CliContext, checkpoint_file: str | None, public_key_file: str | None) -> None:
    """Recompute the tree; OK with counts, or the first bad record and what is wrong."""
    if (checkpoint_file is None) != (public_key_file is None):
        raise InvalidValue("--checkpoint", checkpoint_file, "goes with --public-key")
    result = cli.ledger.verify(
        checkpoint=None if checkpoint_file is None else _read(checkpoint_file, "--checkpoint"),
        public_key=None if public_key_file is None else _read(public_key_file, "--public-key"),
    )
    click.echo(str(result))
    if not result.ok:
        raise SystemExit(1)


@audit.command("bundle")
@click.argument("record_id")
@click.option("--checkpoint", "checkpoint_file", required=True)
@click.option("-o", "--out", required=True, help="The bundle file to write.")
@pass_cli
def bundle(cli: CliContext, record_id: str, checkpoint_file: str, out: str) -> None:
    """Export a grant's (or any record's) events with inclusion proofs."""
    made = cli.ledger.proof_bundle(
        record_id, checkpoint=to_checkpoint(_read(checkpoint_file, "--checkpoint"))
    )
    _write(out, dumps_bundle(made))
    click.echo(f"{len(made['events'])} events of {record_id}: {out}")


@audit.command("check-bundle")
@click.argument("bundle_file")
@click.option("--public-key", "public_key_file", required=True)
def check_bundle_command(bundle_file: str, public_key_file: str) -> None:
    """Check a bundle offline (no database): signature, leaves, inclusion proofs."""
    try:
        data = json.loads(_read(bundle_file, "BUNDLE"))
    except ValueError as error:
        raise InvalidValue("BUNDLE", bundle_file, f"is not JSON ({error})") from None
    result = check_bundle(data, to_public_key(_read(public_key_file, "--public-key")))
    click.echo(str(result))
    for event in result.events:
        click.echo(f"  v{event['version']:<3} position {event['position']:<8} {event['kind']}")
    if not result.ok:
        raise SystemExit(1)
