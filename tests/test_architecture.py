"""The allowed import directions between the package root and the plugin
sub-packages (docs/architecture.md): read from the source with ``ast``, so
imports inside functions count too. No database."""

from __future__ import annotations

import ast
import pathlib
from collections.abc import Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "ckanext" / "satudata"
PACKAGE = "ckanext.satudata"

#: Each plugin sub-package and the plugin sub-packages it may import.
ALLOWED: dict[str, set[str]] = {
    "catalogue": set(),
    "access": set(),
    "search": set(),
    "dcat": {"indicators"},  # the data structure, for StatDCAT-AP
    "indicators": set(),
    "workflow": {"indicators"},
    "accounts": set(),
    "documents": set(),
    "changes": {"documents", "indicators", "workflow"},
    "calendar": set(),
    "datarequests": {"documents", "calendar", "workflow"},
    "institutions": {"accounts"},  # the per-IP limit
    "accessrequests": {"documents", "calendar", "workflow", "indicators",
                       "institutions"},
    "privacy": {"workflow", "indicators"},
    "monitoring": {"indicators", "workflow", "calendar", "changes", "datarequests",
                   "accessrequests", "documents", "maps"},
    "performance": {"monitoring", "indicators", "workflow"},
    "maps": {"indicators", "workflow"},
    "metrics": set(),
    "backup": set(),
    # a tool, not a plugin: it loads the demo content through every plugin
    "demo": {"catalogue", "access", "search", "dcat", "indicators", "workflow",
             "accounts", "documents", "changes", "datarequests", "institutions",
             "accessrequests", "privacy", "monitoring", "performance", "maps",
             "metrics"},
}
#: The one module through which another plugin may use a sub-package.
PUBLIC = {
    "indicators": f"{PACKAGE}.indicators.api",
    "documents": f"{PACKAGE}.documents.api",
    "workflow": f"{PACKAGE}.workflow.api",
    "calendar": f"{PACKAGE}.calendar.api",
    "accounts": f"{PACKAGE}.accounts.api",
    "institutions": f"{PACKAGE}.institutions.api",
    "accessrequests": f"{PACKAGE}.accessrequests.api",
    "privacy": f"{PACKAGE}.privacy.api",
    "changes": f"{PACKAGE}.changes.api",
    "monitoring": f"{PACKAGE}.monitoring.api",
    "maps": f"{PACKAGE}.maps.api",
    "backup": f"{PACKAGE}.backup.api",
}
#: Private modules the demo loader may still use: it dates returns back
#: so that the demo shows overdue corrections (test data, not a feature).
DEMO_PRIVATE = {f"{PACKAGE}.workflow.model"}
#: The catalogue's CLI starts the demo loader (``ckan satudata demo load``),
#: the monitoring's periodic report (``ckan satudata report generate``) and
#: the backup commands (``ckan satudata backup …``), each imported lazily
#: inside its command.
EXCEPTIONS = {("catalogue", "demo"), ("catalogue", "monitoring"),
              ("catalogue", "backup")}
SUBPACKAGES = set(ALLOWED)


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: pathlib.Path) -> Iterator[tuple[int, str]]:
    """(line, imported module or module.name) of every import in ``path``."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}"


def _subpackage(name: str) -> str | None:
    """The plugin sub-package ``name`` lies in, ``None`` for the root."""
    if not name.startswith(PACKAGE + "."):
        return None
    first = name[len(PACKAGE) + 1:].split(".")[0]
    return first if first in SUBPACKAGES else None


def _sources() -> list[pathlib.Path]:
    return sorted(
        path for path in ROOT.rglob("*.py") if "migration" not in path.parts
    )


def violations() -> list[str]:
    found = []
    for path in _sources():
        here = _subpackage(_module_name(path))
        for line, name in _imports(path):
            if not name.startswith(PACKAGE + "."):
                continue
            there = _subpackage(name)
            if there is None or there == here:
                continue
            where = f"{path.relative_to(ROOT)}:{line} imports {name}"
            if here is None:
                found.append(f"{where}: the package root imports no plugin")
            elif (here, there) in EXCEPTIONS:
                continue
            elif there not in ALLOWED[here]:
                found.append(f"{where}: {here} may not depend on {there}")
            elif there in PUBLIC and not (
                name == PUBLIC[there] or name.startswith(PUBLIC[there] + ".")
                or (here == "demo" and name.rsplit(".", 1)[0] in DEMO_PRIVATE)
            ):
                found.append(f"{where}: use {PUBLIC[there]}, {there}'s public module")
    return found


def test_no_forbidden_import_direction() -> None:
    assert violations() == []


def test_the_allowed_directions_have_no_cycle() -> None:
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in ALLOWED[start]:
            if step == goal or (
                step not in seen and reaches(step, goal, seen | {step})
            ):
                return True
        return False

    plugins = SUBPACKAGES - {"demo"}
    assert [name for name in plugins if reaches(name, name, set())] == []


@pytest.mark.parametrize(("source", "expected"), [
    ("from ckanext.satudata.workflow import store\n",
     "the package root imports no plugin"),
    ("def f():\n    from ckanext.satudata.indicators import entry\n",
     "the package root imports no plugin"),
])
def test_the_check_catches_a_root_import(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
    source: str, expected: str,
) -> None:
    """The walker itself: a forbidden import planted in a copy is found."""
    fake = tmp_path / "ckanext" / "satudata"
    fake.mkdir(parents=True)
    (fake / "planted.py").write_text(source)
    monkeypatch.setitem(globals(), "ROOT", fake)
    assert any(expected in item for item in violations())


def test_the_check_catches_a_private_module_of_another_plugin(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = tmp_path / "ckanext" / "satudata"
    (fake / "workflow").mkdir(parents=True)
    (fake / "catalogue").mkdir()
    (fake / "workflow" / "bad.py").write_text(
        "from ckanext.satudata.indicators.store import now\n"
    )
    (fake / "catalogue" / "bad.py").write_text(
        "from ..workflow import store\n"
    )
    monkeypatch.setitem(globals(), "ROOT", fake)
    found = violations()
    assert any("use ckanext.satudata.indicators.api" in item for item in found)
    assert any("catalogue may not depend on workflow" in item for item in found)


def test_no_import_cycle_between_packages() -> None:
    """The sub-package graph as the source has it (the root included, and
    the catalogue's CLI starting the demo) has no cycle."""
    edges: dict[str, set[str]] = {}
    for path in _sources():
        here = _subpackage(_module_name(path)) or "(root)"
        for _, name in _imports(path):
            if name.startswith(PACKAGE + "."):
                there = _subpackage(name) or "(root)"
                if there != here:
                    edges.setdefault(here, set()).add(there)

    def cycle_from(node: str, path: list[str]) -> list[str] | None:
        for step in sorted(edges.get(node, ())):
            if step in path:
                return [*path[path.index(step):], step]
            found = cycle_from(step, [*path, step])
            if found:
                return found
        return None

    assert [cycle_from(node, [node]) for node in sorted(edges)] == [None] * len(edges)
