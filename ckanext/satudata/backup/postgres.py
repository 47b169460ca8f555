"""The PostgreSQL side of a backup: ``pg_dump``/``pg_restore`` of the
portal's databases with the client programs of this machine, and the
questions asked of a database before and after (server version, tables,
schema revisions, DataStore permissions).

Connection details reach the client programs through the ``PG*``
environment variables (the password in ``PGPASSWORD``): nothing but a
database name is ever on a command line, in a message or in an archive.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from ckanext.satudata.backup.errors import BackupError

#: URL query parameters libpq takes from the environment.
_QUERY_VARIABLES = {
    "host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")
#: Tables of CKAN's DataStore set-up (``ckan datastore set-permissions``),
#: present in an empty DataStore database too: their names start with "_".
_DATASTORE_OWN = "_"


class DatabaseError(BackupError):
    """A client program or a database refused; the message names the
    database, never its URL."""


@dataclass(frozen=True)
class Database:
    """One of the portal's databases: ``main`` or ``datastore``."""

    role: str
    url: str  # with its password: never printed nor archived

    @property
    def name(self) -> str:
        return make_url(self.url).database or ""

    def engine(self) -> sa.engine.Engine:
        """A connection that stays open only while used."""
        return sa.create_engine(self.url, poolclass=NullPool)


def client_env(url: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a client program connecting to ``url``: ``base``
    (this process's environment) with the ``PG*`` variables of the URL."""
    parsed = make_url(url)
    env = dict(os.environ if base is None else base)
    values = {
        "PGHOST": parsed.host, "PGPORT": parsed.port, "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password, "PGDATABASE": parsed.database,
    }
    for key, variable in _QUERY_VARIABLES.items():
        value = parsed.query.get(key)
        if value:
            values[variable] = value if isinstance(value, str) else value[0]
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def parse_version(text: str) -> tuple[int, int] | None:
    """(major, minor) of ``pg_dump --version``'s answer."""
    found = _VERSION.search(text)
    return (int(found[1]), int(found[2] or 0)) if found else None


def tool_version(path: Path) -> tuple[int, int] | None:
    try:
        answer = subprocess.run([str(path), "--version"], capture_output=True,
                                text=True, timeout=30, check=False)
    except OSError:
        return None
    return parse_version(answer.stdout)


def server_version(database: Database) -> str:
    """The server's version, e.g. "15.20"."""
    engine = database.engine()
    try:
        with engine.connect() as connection:
            return str(connection.execute(sa.text("SHOW server_version")).scalar()
                       ).split()[0]
    except sa.exc.SQLAlchemyError as error:
        raise DatabaseError(
            f"cannot connect to the {database.role} database {database.name!r}:"
            f" {_first_line(error)}") from None
    finally:
        engine.dispose()


def _first_line(error: Exception) -> str:
    """The driver's message (it names host, user and database, never the
    password), without SQLAlchemy's statement and links."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def candidates(name: str, server_major: int, configured_dir: str) -> list[Path]:
    """Where to look for client program ``name``, best first."""
    if configured_dir:
        return [Path(configured_dir) / name]
    found = [Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")]
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    others = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True,
                    key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit()
                    else 0)
    return [*found, *others]


def find_tool(name: str, server: str, configured_dir: str = "") -> tuple[Path, str]:
    """The client program ``name`` able to talk to a server of version
    ``server`` (same major version or newer) and its version."""
    major = int(server.split(".")[0])
    for path in candidates(name, major, configured_dir):
        version = tool_version(path) if path.is_file() else None
        if version and version[0] >= major:
            return path, f"{version[0]}.{version[1]}"
    where = configured_dir or f"/usr/lib/postgresql/{major}/bin or the PATH"
    raise DatabaseError(
        f"{name} of PostgreSQL {major} or newer not found in {where} (the server"
        f" is {server}); install the PostgreSQL {major} client programs or set"
        " ckanext.satudata.backup.pg_bin_dir")


def _run(command: list[str], database: Database, what: str) -> None:
    answer = subprocess.run(command, env=client_env(database.url),
                            capture_output=True, text=True, check=False)
    if answer.returncode != 0:
        detail = answer.stderr.strip().splitlines()[-5:]
        raise DatabaseError(
            f"{what} of the {database.role} database {database.name!r} failed:\n  "
            + "\n  ".join(detail))


def dump(database: Database, target: Path, pg_dump: Path) -> None:
    """``pg_dump --format=custom`` of ``database`` into ``target`` (one
    consistent snapshot)."""
    _run([str(pg_dump), "--format=custom", "--no-password", f"--file={target}"],
         database, "pg_dump")


def restore(database: Database, source: Path, pg_restore: Path) -> None:
    """``pg_restore`` of a dump into ``database`` in one transaction: owned
    by the target's user, without the source's grants (the DataStore's are
    given again by :func:`grant_datastore_read`); objects of the dump that
    exist already are dropped first."""
    _run([str(pg_restore), "--no-owner", "--no-privileges", "--clean",
          "--if-exists", "--single-transaction", "--exit-on-error", "--no-password",
          f"--dbname={database.name}", str(source)], database, "pg_restore")


_RELATIONS = sa.text("""
    SELECT n.nspname, c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
""")


def relations(database: Database) -> list[str]:
    """Tables and views of ``database`` (``schema.name``), CKAN's DataStore
    bookkeeping (``_table_metadata``…) left out of a DataStore database."""
    engine = database.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(_RELATIONS).all()
    finally:
        engine.dispose()
    return [
        f"{schema}.{name}" for schema, name in rows
        if not (database.role == "datastore" and schema == "public"
                and name.startswith(_DATASTORE_OWN))
    ]


def revisions(database: Database) -> dict[str, str]:
    """The alembic revision of CKAN core (``alembic_version``, as "ckan") and
    of each plugin (``<plugin>_alembic_version``) recorded in ``database``."""
    engine = database.engine()
    found: dict[str, str] = {}
    try:
        with engine.connect() as connection:
            tables = connection.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND (tablename = 'alembic_version'"
                " OR tablename LIKE '%\\_alembic\\_version')")).scalars().all()
            for table in sorted(tables):
                values = connection.execute(sa.text(
                    f'SELECT version_num FROM "{table}" ORDER BY 1')).scalars().all()
                key = ("ckan" if table == "alembic_version"
                       else table.removesuffix("_alembic_version"))
                if values:
                    found[key] = ",".join(values)
    finally:
        engine.dispose()
    return found


def datastore_tables(database: Database) -> int:
    return len(relations(database))


def grant_datastore_read(main: Database, datastore: Database, read_url: str) -> None:
    """Give the DataStore's read-only user its permissions again (CKAN's
    ``ckan datastore set-permissions`` script), run as the DataStore's
    write user, which owns what the restore created. ``DatabaseError`` when
    that user may not (then a superuser runs the script)."""
    from ckanext.datastore.cli import permissions_sql

    sql = permissions_sql(
        maindb=main.name, datastoredb=datastore.name,
        mainuser=make_url(main.url).username or "",
        writeuser=make_url(datastore.url).username or "",
        readuser=make_url(read_url).username or "",
    )
    # the script's \connect is psql's: this connection is to that database
    sql = "\n".join(line for line in sql.splitlines()
                    if not line.lstrip().startswith("\\connect"))
    engine = datastore.engine()
    try:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql)
            connection.commit()
        finally:
            connection.close()
    except Exception as error:  # psycopg2's errors, whatever their class
        raise DatabaseError(
            f"setting the DataStore permissions of {datastore.name!r} failed:"
            f" {_first_line(error)}") from None
    finally:
        engine.dispose()


def unreadable(read_url: str, role: str = "datastore") -> list[str]:
    """DataStore tables the read-only user cannot read (all, when it cannot
    connect)."""
    reader = Database(role, read_url)
    engine = reader.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("""
                SELECT c.relname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')
                  AND NOT has_table_privilege(c.oid, 'SELECT')
                ORDER BY 1""")).scalars().all()
    except sa.exc.SQLAlchemyError:
        return ["(cannot connect as the read-only user)"]
    finally:
        engine.dispose()
    return list(rows)
