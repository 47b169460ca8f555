"""Schema revisions: those an archive recorded (the alembic revision of CKAN
core and of each plugin with migrations, read from the version tables:
``alembic_version`` and ``<plugin>_alembic_version``) against the
migrations of the code that restores it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ckanext.satudata.backup.manifest import CORE


@dataclass(frozen=True)
class Scripts:
    """The migrations the running code has for one source (core or a
    plugin)."""

    heads: frozenset[str]
    known: frozenset[str]


@dataclass
class Comparison:
    #: (source, revision) the code does not know: made by newer code
    unknown: list[tuple[str, str]] = field(default_factory=list)
    #: sources whose archived revision is older than the code's head
    behind: list[str] = field(default_factory=list)
    #: sources with migrations here and no tables in the archive
    absent: list[str] = field(default_factory=list)
    #: plugins whose tables the archive has but that are not enabled here
    not_enabled: list[str] = field(default_factory=list)

    @property
    def pending(self) -> list[str]:
        """Sources ``ckan db upgrade`` has to migrate after the restore."""
        return sorted({*self.behind, *self.absent})


def compare(archived: Mapping[str, str], code: Mapping[str, Scripts]) -> Comparison:
    """How the archived revisions stand against the code's migrations."""
    result = Comparison()
    for source, value in sorted(archived.items()):
        revisions = {part for part in value.split(",") if part}
        scripts = code.get(source)
        if scripts is None:
            result.not_enabled.append(source)
            continue
        strange = sorted(revisions - scripts.known)
        result.unknown.extend((source, revision) for revision in strange)
        if not strange and revisions != set(scripts.heads):
            result.behind.append(source)
    result.absent = sorted(source for source in code if source not in archived)
    return result


def code_scripts(plugins: Iterable[str]) -> dict[str, Scripts]:
    """The migrations of CKAN core and of every enabled plugin that has
    some, as CKAN's ``ckan db upgrade`` finds them."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    # CKAN's own rule for where a plugin's migrations are (ckan/cli/db.py)
    from ckan.cli.db import _resolve_alembic_config

    found: dict[str, Scripts] = {}
    for plugin in ["", *plugins]:
        ini = _resolve_alembic_config(plugin)
        if not os.path.isfile(ini):
            continue
        script = ScriptDirectory.from_config(Config(ini))
        known = frozenset(revision.revision for revision in script.walk_revisions())
        if known:
            found[plugin or CORE] = Scripts(frozenset(script.get_heads()), known)
    return found
