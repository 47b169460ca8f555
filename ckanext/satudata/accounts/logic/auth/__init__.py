"""Auth functions of the accounts plugin, one module per capability
(login and lockout, login history, passwords, API tokens, staff
accounts). ``tk.blanket.auth_functions`` exports the names in
``__all__``, gathered from the modules' own ``__all__``."""

from __future__ import annotations

from ckanext.satudata.accounts.logic.auth import (
    history,
    login,
    passwords,
    staff,
    tokens,
)

_MODULES = (login, history, passwords, tokens, staff)
for _module in _MODULES:
    globals().update({name: getattr(_module, name) for name in _module.__all__})

__all__ = sorted(name for _module in _MODULES for name in _module.__all__)
