"""The PostgreSQL the test session runs against is real, isolates tests, and goes away."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest

from tests.conftest import postgres_unavailable
from umkm_ledger.testing.postgres import (
    PostgresUnavailable,
    ThrowawayPostgres,
    create_database,
    drop_database,
)

pytestmark = pytest.mark.postgres


def _port_refuses(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        return sock.connect_ex((host, port)) != 0


def test_server_answers_sql(postgres_server_url: str) -> None:
    with psycopg.connect(postgres_server_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        row = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    assert row[0] >= 140000, f"PostgreSQL 14 or newer needed, got server_version_num {row[0]}"


def test_created_databases_are_isolated(postgres_server_url: str) -> None:
    first = create_database(postgres_server_url)
    second = create_database(postgres_server_url)
    try:
        assert first != second
        with psycopg.connect(first, autocommit=True) as conn:
            conn.execute("CREATE TABLE only_in_first (x int)")
            conn.execute("INSERT INTO only_in_first VALUES (1)")
        with psycopg.connect(second) as conn:
            found = conn.execute("SELECT to_regclass('only_in_first')").fetchone()
            assert found == (None,)
        with psycopg.connect(first) as conn:
            assert conn.execute("SELECT x FROM only_in_first").fetchall() == [(1,)]
    finally:
        for url in (first, second):
            drop_database(postgres_server_url, url.rsplit("/", 1)[1])


def test_postgres_url_fixture_gives_an_empty_database(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute("SELECT current_database()").fetchone()
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert row is not None
    assert row[0].startswith("t_")
    assert postgres_url.endswith("/" + row[0])
    assert tables == (0,)


def test_a_second_server_starts_and_really_stops() -> None:
    server = ThrowawayPostgres()
    try:
        server.start()
    except PostgresUnavailable as exc:
        postgres_unavailable(f"PostgreSQL unavailable: {exc}")
    try:
        directory = server.directory
        port, host = server.port, server.host
        assert directory is not None
        assert directory.is_dir()
        assert server.url == f"postgresql://postgres:postgres@127.0.0.1:{port}/postgres"
        db_url = server.create_database("second_server_db")
        assert db_url == f"postgresql://postgres:postgres@127.0.0.1:{port}/second_server_db"
        with psycopg.connect(db_url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("second_server_db",)
        assert not _port_refuses(host, port)
    finally:
        server.stop()

    assert _port_refuses(host, port), f"port {port} still accepts connections after stop()"
    assert not Path(directory).exists(), f"{directory} still exists after stop()"
    assert not server.running
    server.stop()  # idempotent


def test_context_manager_stops_server() -> None:
    try:
        with ThrowawayPostgres() as server:
            port, directory = server.port, server.directory
            with psycopg.connect(server.url) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
    except PostgresUnavailable as exc:
        postgres_unavailable(f"PostgreSQL unavailable: {exc}")
    assert _port_refuses("127.0.0.1", port)
    assert directory is not None
    assert not directory.exists()
