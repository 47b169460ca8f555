"""Conventions shared by the actions of every satudata plugin.

An action is ``(context: Context, data_dict: DataDict)``, validated by
CKAN's ``ckan.logic.validate`` decorator with a schema of its plugin's
``logic/schema.py`` before ``tk.check_access``, documented on the function
(Sphinx ``:param:``), and exported by ``tk.blanket.actions`` from
``logic/action.py`` (or the ``__all__`` of a ``logic/action/`` package).
A chained action uses :func:`chained_action` below.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

import ckan.plugins.toolkit as tk

F = TypeVar("F", bound=Callable[..., Any])


def chained_action(func: F) -> F:
    """``tk.chained_action`` that keeps ``func``'s docstring for ``help_show``.

    CKAN calls a chained action through ``functools.partial(func,
    previous)`` and copies only ``func.__dict__`` onto the partial
    (``get_action`` in ckan/logic/__init__.py). A function's ``__doc__``
    is not in its ``__dict__``, so ``help_show`` answered with the
    docstring of ``functools.partial`` itself; with the docstring in the
    ``__dict__`` CKAN copies it onto the partial too.
    """
    func.__dict__["__doc__"] = func.__doc__
    return tk.chained_action(func)


def gather(namespace: dict[str, Any], *modules: ModuleType) -> list[str]:
    """Put the names each of ``modules`` lists in its ``__all__`` into
    ``namespace`` (a package's ``globals()``) and return them sorted, the
    package's ``__all__``: a ``logic/action/``, ``logic/auth/`` or
    ``views/`` package made of one module per capability, for
    ``tk.blanket``."""
    names = []
    for module in modules:
        for name in module.__all__:
            namespace[name] = getattr(module, name)
            names.append(name)
    return sorted(names)
