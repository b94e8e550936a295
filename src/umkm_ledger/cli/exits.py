"""The exit statuses of ``umkm-ledger``, one per outcome a script must tell apart.

======  ============================================================================
0       done (verified, for ``audit verify`` and ``audit check-bundle``)
1       ``audit verify`` / ``audit check-bundle`` ran, and what they checked is not
        intact (a finding, a bundle that does not check)
2       usage: an unknown command or option, a missing argument (click's own)
3       refused: a value or a business rule refused the command; nothing was recorded
4       could not run: the ledger could not be opened or read (a wrong ``--db``, no
        ledger there, a database fault, a missing extra, a file that cannot be read)
70      an error in umkm_ledger itself (a bug: the traceback is on stderr)
141     the reader of the output stopped reading (``| head``): as a program killed by
        SIGPIPE ends, so that ``set -o pipefail`` scripts see it; nothing is printed
======  ============================================================================
"""

from __future__ import annotations

from umkm_ledger.kernel.errors import ConfigurationError, UmkmLedgerError

__all__ = [
    "COULD_NOT_RUN",
    "INTERNAL",
    "NOT_INTACT",
    "OK",
    "PIPE_CLOSED",
    "REFUSED",
    "USAGE",
    "status_of",
]

OK = 0
NOT_INTACT = 1
USAGE = 2
REFUSED = 3
COULD_NOT_RUN = 4
INTERNAL = 70
PIPE_CLOSED = 128 + 13  # SIGPIPE


def status_of(error: UmkmLedgerError) -> int:
    """The exit status a ledger error ends the command with."""
    return COULD_NOT_RUN if isinstance(error, ConfigurationError) else REFUSED
