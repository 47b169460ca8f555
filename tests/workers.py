"""Parallel test workers (pytest-xdist), each with its own services.

``make test`` runs the suite in two processes (``-n 2``): one pytest
process keeps a core busy and PostgreSQL much less, and the machine has
two. Each worker ``gwN`` gets its own copy of everything a test may empty
or fill, through the variables CKAN reads over the ini's values
(``CKAN_SQLALCHEMY_URL``…, see ``ckan/config/environment.py``), which the
CLI commands and subprocesses the tests start inherit:

- the databases ``<db>_gwN`` and ``<db>_gwN_datastore``, created (with the
  DataStore's permissions) the first time by ``scripts/database.sh`` and
  ``scripts/datastore.sh``;
- Redis database ``2 + N`` (locks, throttles, job queues);
- the storage folder ``<storage_path>-gwN``.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: CKAN's variable for each option a worker needs its own copy of.
VARIABLES = {
    "sqlalchemy.url": "CKAN_SQLALCHEMY_URL",
    "ckan.datastore.write_url": "CKAN_DATASTORE_WRITE_URL",
    "ckan.datastore.read_url": "CKAN_DATASTORE_READ_URL",
    "ckan.redis.url": "CKAN_REDIS_URL",
    "ckan.storage_path": "CKAN_STORAGE_PATH",
}


def read_options(ini: Path) -> dict[str, str]:
    """The options of ``VARIABLES`` as the test ini's ``[app:main]`` sets
    them (``%(here)s`` filled in)."""
    parser = configparser.ConfigParser(
        defaults={"here": str(ini.resolve().parent)}, strict=False,
    )
    parser.read(ini, encoding="utf-8")
    return {name: parser.get("app:main", name) for name in VARIABLES}


def own_copy(options: dict[str, str], worker: str) -> dict[str, str]:
    """The variables giving ``worker`` (``gw0``, ``gw1``…) its own copy of
    each service in ``options``."""
    number = int(worker.removeprefix("gw"))
    suffix = f"_{worker}"

    def database(url: str) -> str:  # …/satudata_test → …/satudata_test_gw1
        return re.sub(r"/(\w+?)(_datastore)?$",
                      lambda m: f"/{m[1]}{suffix}{m[2] or ''}", url)

    values = {
        "sqlalchemy.url": database(options["sqlalchemy.url"]),
        "ckan.datastore.write_url": database(options["ckan.datastore.write_url"]),
        "ckan.datastore.read_url": database(options["ckan.datastore.read_url"]),
        "ckan.redis.url": re.sub(r"/\d+$", f"/{2 + number}",
                                 options["ckan.redis.url"]),
        "ckan.storage_path": f"{options['ckan.storage_path']}-{worker}",
    }
    return {VARIABLES[name]: value for name, value in values.items()}


def prepare(ini: Path, worker: str) -> None:
    """Point this process (and what it starts) at ``worker``'s copies,
    creating its databases when missing."""
    variables = own_copy(read_options(ini), worker)
    os.environ.update(variables)
    database = variables["CKAN_SQLALCHEMY_URL"].rsplit("/", 1)[1]
    scripts = ROOT / "scripts"
    for command in ([scripts / "database.sh", database],
                    [scripts / "datastore.sh", database, ini]):
        subprocess.run([str(part) for part in command], check=True,
                       cwd=ROOT, env=dict(os.environ), capture_output=True)
