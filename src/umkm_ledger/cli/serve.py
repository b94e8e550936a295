"""``umkm-ledger serve``: the HTTP service (the ``server`` extra), for systems that are
not Python and for people with a browser. See ``docs/how-to/serve-the-ledger-over-http.md``."""

from __future__ import annotations

import os

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.kernel.errors import N_, ConfigurationError

__all__ = ["URL_ENV", "serve"]

#: Where worker processes find the ledger's URL (set by ``serve`` for them).
URL_ENV = "UMKM_LEDGER_SERVE_DB"


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback: put TLS in front to serve others).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes (PostgreSQL: more than one serves requests at once).",
)
@pass_cli
def serve(cli: CliContext, host: str, port: int, workers: int) -> None:  # fmt: skip
    """Serve the ledger over HTTP: commands, queries, the feed and pages."""
    try:
        import uvicorn  # noqa: PLC0415 - the server extra, only when serving
    except ImportError:
        raise ConfigurationError(
            N_("serving needs the server extra: pip install 'umkm-ledger[server]'")
        ) from None
    cli.existing_ledger.close()  # refuse a wrong --db now, not at the first request
    os.environ[URL_ENV] = cli.url
    uvicorn.run(
        "umkm_ledger.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # Access logs name paths and statuses; tokens travel in headers, never in paths.
        access_log=True,
    )
