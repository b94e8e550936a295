"""The HTTP service (the ``server`` extra: ``pip install 'umkm-ledger[server]'``), for
systems that are not Python and for people with a browser.

:func:`create_app` is the ASGI application ``umkm-ledger serve`` runs; see
``docs/how-to/serve-the-ledger-over-http.md``.
"""

from umkm_ledger.server.app import create_app

__all__ = ["create_app"]
