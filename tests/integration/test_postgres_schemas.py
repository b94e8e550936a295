"""A PostgreSQL ledger in a schema of its own, named as the district names it.

``?schema=Kab-Banyuasin`` reached SQL as a syntax error, and a mixed-case schema broke
every write (eventsourcing looked its composite type up unquoted). The ledger now quotes
the schema wherever SQL is built, creates a missing schema on first open, refuses a name
it does not accept, and refuses a name that differs only in case from an existing schema
(that would be a second, empty ledger beside the first).
"""

from __future__ import annotations

import psycopg
import pytest

from tests.integration.test_programs import DESA_A1, program, register
from umkm_ledger import ConfigurationError, Ledger


def _schemas(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        return {str(name) for (name,) in connection.execute("SELECT nspname FROM pg_namespace")}


@pytest.mark.parametrize("schema", ["Kab-Banyuasin", "KabBanyuasin", "kab_banyuasin"])
def test_a_ledger_lives_in_the_schema_named_exactly_as_written(
    postgres_url: str, schema: str
) -> None:
    url = f"{postgres_url}?schema={schema}"
    with Ledger.open(url, actor="siti@officer") as ledger:
        program_id = program(ledger)
        weaver = register(ledger, 1, DESA_A1)
        ledger.enrol(program_id, weaver, effective_date="2016-03-01")
        ledger.register_funder("Dinkoperindag Banyuasin", source="APBD kabupaten")
        ledger.allocate(
            "Dinkoperindag Banyuasin", program_id, fiscal_year=2016,
            instrument="in-kind goods", amount="Rp50 juta", effective_date="2016-01-05",
        )  # fmt: skip
        assert ledger.progress(program_id, as_of="2016-12-31").indicator("new_binaan").actual == 1
        assert [row.funder for row in ledger.funds().rows] == ["Dinkoperindag Banyuasin"]
        assert ledger.audit_trail(program_id=program_id)
        assert ledger.resolve_id(str(weaver)[:8], "enterprise") == weaver
        ledger.rebuild("progress")
        assert ledger.binaan(program_id) == [weaver]
        assert ledger.verify().ok
    assert schema in _schemas(postgres_url)  # created on first open
    with psycopg.connect(postgres_url) as connection:
        # Everything is in that schema, nothing in public.
        tables = {
            (str(space), str(name))
            for space, name in connection.execute(
                "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN (%s, 'public')",
                (schema,),
            )
        }
    assert tables
    assert {space for space, _ in tables} == {schema}
    with Ledger.open(url) as again:  # and opens again as the same ledger
        assert again.binaan(program_id) == [weaver]


def test_a_schema_differing_only_in_case_is_refused(postgres_url: str) -> None:
    with Ledger.open(f"{postgres_url}?schema=Kab-Banyuasin") as ledger:
        ledger.register_funder("Dinkoperindag Banyuasin", source="APBD kabupaten")
    with pytest.raises(ConfigurationError, match=r"'Kab-Banyuasin'.*case included"):
        Ledger.open(f"{postgres_url}?schema=kab-banyuasin")
    assert "kab-banyuasin" not in _schemas(postgres_url)


@pytest.mark.parametrize(
    "schema", ["", "Kab Banyuasin", "a.b", "pg_ledger", "1st", "x" * 64, "a;DROP", "ß"]
)
def test_a_schema_name_the_ledger_does_not_accept_is_refused(
    postgres_url: str, schema: str
) -> None:
    with pytest.raises(ConfigurationError, match="letters, digits, _ and -"):
        Ledger.open(f"{postgres_url}?schema={schema}")


def test_two_schemas_in_one_url_are_refused(postgres_url: str) -> None:
    with pytest.raises(ConfigurationError, match="name one schema"):
        Ledger.open(f"{postgres_url}?schema=a&schema=b")


def test_a_role_that_may_not_create_the_schema_is_told_so(postgres_url: str) -> None:
    role = "reader_" + postgres_url.rsplit("/", 1)[1].removeprefix("t_")
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'")
    try:
        url = postgres_url.replace("://postgres:postgres@", f"://{role}:pw@", 1)
        with pytest.raises(ConfigurationError, match="may not create it"):
            Ledger.open(f"{url}?schema=Kab-Banyuasin")
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f"DROP ROLE {role}")
