"""What every way of running the portal must agree on.

``make demo``, ``make prod`` and the Docker image all start the portal
through ``scripts/portal.sh``, which takes its plugin list from
``config/portal.ini`` (``ckan.plugins``), migrates with ``ckan db upgrade``
(core and every enabled plugin's migrations, in ``ckan.plugins`` order)
and starts the worker on :data:`WORKER_QUEUES`.
``tests/operations/test_deployment.py`` fails when the compose file, the
image or a script disagrees with them.
"""

from __future__ import annotations

import configparser
from pathlib import Path

#: The source tree's root (config/, scripts/, docker/).
ROOT = Path(__file__).resolve().parents[2]
PORTAL_INI = ROOT / "config" / "portal.ini"

#: Every queue a plugin puts jobs on (``QUEUE`` of each plugin's jobs
#: module) plus CKAN's default queue: a worker of the portal listens to all
#: of them, in this order of priority.
WORKER_QUEUES: tuple[str, ...] = ("default", "satudata", "satudata_privacy")

#: Plugins a deployment may leave out of ``ckan.plugins``, and why.
OPTIONAL_PLUGINS: dict[str, str] = {
    "satudata_search": "replaced by Solr (solr_url) when the site scales out",
}


def portal_plugins(path: Path = PORTAL_INI) -> list[str]:
    """``ckan.plugins`` of ``config/portal.ini``, in order."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(path, encoding="utf-8")
    return parser.get("app:main", "ckan.plugins").split()


def missing_plugins(plugins: list[str], path: Path = PORTAL_INI) -> list[str]:
    """Plugins of ``config/portal.ini`` that ``plugins`` lacks and may not."""
    have = set(plugins)
    return [
        name
        for name in portal_plugins(path)
        if name not in have and name not in OPTIONAL_PLUGINS
    ]


def plugin_order_problems(plugins: list[str], path: Path = PORTAL_INI) -> list[str]:
    """Plugins of ``plugins`` not in ``config/portal.ini`` or out of its
    order (the order decides which template and which chained action
    wins, and the order of migrations)."""
    expected = [name for name in portal_plugins(path) if name in set(plugins)]
    unknown = [name for name in plugins if name not in expected]
    problems = [f"{name}: not in config/portal.ini" for name in unknown]
    known = [name for name in plugins if name in expected]
    if known != expected:
        problems.append("order differs from config/portal.ini: " + " ".join(known))
    return problems


def migrated_plugins(plugins: list[str]) -> list[str]:
    """The plugins of ``plugins`` with migrations of their own, in the
    order ``ckan db upgrade`` applies them."""
    import importlib.util

    found = []
    ours = ROOT / "ckanext" / "satudata" / "migration"
    for name in plugins:
        if (ours / name / "alembic.ini").exists():
            found.append(name)
            continue
        spec = importlib.util.find_spec(f"ckanext.{name}")
        if spec and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations)))
            if (folder / "migration" / name / "alembic.ini").exists():
                found.append(name)
    return found


def queues_in_code(package: Path = ROOT / "ckanext" / "satudata") -> set[str]:
    """Every queue name a module of ours puts jobs on: its ``QUEUE``
    constant or a literal ``queue="…"`` argument."""
    import re

    pattern = re.compile(
        r"""^\s*QUEUE\s*=\s*["']([\w-]+)["']|queue\s*=\s*["']([\w-]+)["']""", re.M
    )
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add(match[1] or match[2])
    return found


def compose_problems(compose: dict, path: Path = PORTAL_INI) -> list[str]:
    """What in a parsed ``docker-compose.yml`` disagrees with the portal:
    plugins missing or out of order, Solr search without Solr, roles that
    are not the entrypoint's."""
    problems: list[str] = []
    services = compose.get("services") or {}
    roles = {"migrate", "web", "worker", "scheduler"}
    portal = {
        name: service
        for name, service in services.items()
        if str(service.get("command", "")) in roles
    }
    missing_roles = roles - {str(service.get("command")) for service in portal.values()}
    problems += [
        f"no service runs the portal's {role} role" for role in sorted(missing_roles)
    ]
    for name, service in portal.items():
        env = service.get("environment") or {}
        plugins = str(env.get("CKAN_PLUGINS", "")).split()
        if not plugins:
            problems.append(f"{name}: CKAN_PLUGINS not set")
            continue
        problems += [
            f"{name}: plugin {plugin} of config/portal.ini missing"
            for plugin in missing_plugins(plugins, path)
        ]
        problems += [
            f"{name}: {problem}" for problem in plugin_order_problems(plugins, path)
        ]
        if "satudata_search" not in plugins and not env.get("CKAN_SOLR_URL"):
            problems.append(
                f"{name}: neither satudata_search nor CKAN_SOLR_URL: no search"
            )
        if "satudata_search" not in plugins and "solr" not in services:
            problems.append(f"{name}: search by Solr but no solr service")
    return problems
