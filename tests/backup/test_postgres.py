"""How the client programs are called (pure): connection details through
the environment, the password never on a command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckanext.satudata.backup import postgres


def test_client_env_carries_the_connection() -> None:
    env = postgres.client_env(
        "postgresql://writer:s%40cret-Pa55@db.internal:6432/portal?sslmode=require",
        {"PATH": "/usr/bin", "PGPASSWORD": "stale"})
    assert env == {
        "PATH": "/usr/bin", "PGHOST": "db.internal", "PGPORT": "6432",
        "PGUSER": "writer", "PGPASSWORD": "s@cret-Pa55", "PGDATABASE": "portal",
        "PGSSLMODE": "require",
    }


def test_client_env_for_a_socket() -> None:
    env = postgres.client_env("postgresql://ckan@/portal?host=/run/postgresql", {})
    assert env == {"PGHOST": "/run/postgresql", "PGUSER": "ckan",
                   "PGDATABASE": "portal"}


@pytest.mark.parametrize(("text", "expected"), [
    ("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n", (15, 20)),
    ("pg_restore (PostgreSQL) 17.2\n", (17, 2)),
    ("pg_dump (PostgreSQL) 18devel\n", (18, 0)),
    ("command not found", None),
])
def test_parse_version(text: str, expected: tuple[int, int] | None) -> None:
    assert postgres.parse_version(text) == expected


def test_the_configured_folder_is_the_only_candidate() -> None:
    assert postgres.candidates("pg_dump", 15, "/opt/pg/bin") == [
        Path("/opt/pg/bin/pg_dump")]
    found = postgres.candidates("pg_dump", 15, "")
    assert found[0] == Path("/usr/lib/postgresql/15/bin/pg_dump")


def test_a_too_old_client_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n")
    fake.chmod(0o755)
    with pytest.raises(postgres.DatabaseError,
                       match="pg_dump of PostgreSQL 15 or newer not found"):
        postgres.find_tool("pg_dump", "15.20", str(tmp_path))
    path, version = postgres.find_tool("pg_dump", "13.1", str(tmp_path))
    assert (path, version) == (fake, "13.4")
