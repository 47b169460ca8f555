"""Start-up checks: each plugin refuses to run without its companions.

A plugin calls :func:`require_plugins` once (in ``IConfigurable.configure``,
which CKAN runs once per start, after every plugin of ``ckan.plugins`` is
loaded) with the plugins it needs and those it must come before. When
``ckan.plugins`` does not fit, CKAN stops with a
``CkanConfigurationException``: CKAN's command line (``ckan run``, ``ckan db
upgrade``, ...) prints its message, without a traceback, as the last line
before ``Aborted!``; a WSGI server logs it and does not start.

The pure part, :func:`plugins_problem`, takes the list of plugins and is
tested without CKAN running.
"""

from __future__ import annotations

from collections.abc import Sequence

import ckan
import ckan.plugins.toolkit as tk
from ckan.exceptions import CkanConfigurationException

OPTION = "ckan.plugins"


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _fixed(plugins: list[str], plugin: str, missing: list[str],
           late: list[str]) -> list[str]:
    """``plugins`` with ``missing`` added at the end and ``plugin`` moved
    just before the first of ``late``."""
    fixed = [*plugins, *[name for name in missing if name not in plugins]]
    if late and plugin in fixed:
        fixed.remove(plugin)
        first = min(fixed.index(name) for name in late)
        fixed.insert(first, plugin)
    return fixed


def plugins_problem(
    plugin: str,
    plugins: Sequence[str],
    needs: Sequence[str] = (),
    before: Sequence[str] = (),
) -> str | None:
    """What is wrong with ``plugins`` (the value of ``ckan.plugins``) for
    ``plugin``, or ``None`` when nothing is.

    :param needs: plugins that must be in ``ckan.plugins`` too
    :param before: plugins that ``plugin`` must come before when they are
        in ``ckan.plugins`` (e.g. to override their templates)
    """
    plugins = list(plugins)
    missing = [name for name in needs if name not in plugins]
    position = plugins.index(plugin) if plugin in plugins else -1
    late = [
        name for name in before
        if position >= 0 and name in plugins and plugins.index(name) < position
    ]
    if not missing and not late:
        return None
    reasons = []
    if missing:
        reasons.append(f"it needs {_names(missing)} in {OPTION}")
    if late:
        reasons.append(f"it must come before {_names(late)} in {OPTION}")
    fixed = " ".join(_fixed(plugins, plugin, missing, late))
    return (
        f"Plugin {plugin} cannot start: {'; '.join(reasons)}. "
        f"Change {OPTION} in your CKAN config file to: {OPTION} = {fixed}"
    )


def require_plugins(
    plugin: str, needs: Sequence[str] = (), before: Sequence[str] = ()
) -> None:
    """Stop CKAN when ``ckan.plugins`` lacks what ``plugin`` needs or lists
    it after a plugin it must come before (see :func:`plugins_problem`)."""
    problem = plugins_problem(
        plugin, tk.aslist(tk.config.get(OPTION)), needs, before
    )
    if problem:
        raise CkanConfigurationException(problem)


def version_problem(plugin: str, written_for: str, running: str) -> str | None:
    """The refusal of ``plugin`` (written for CKAN ``written_for``) to run on
    CKAN ``running``, or ``None`` when they are the same."""
    if running == written_for:
        return None
    return (
        f"Plugin {plugin} cannot start: it was written for CKAN {written_for}"
        f" and this is CKAN {running}. Install CKAN {written_for}, or remove"
        f" {plugin} from {OPTION} in your CKAN config file."
    )


def require_ckan_version(plugin: str, written_for: str) -> None:
    """Stop CKAN unless it is exactly version ``written_for``."""
    problem = version_problem(plugin, written_for, ckan.__version__)
    if problem:
        raise CkanConfigurationException(problem)
