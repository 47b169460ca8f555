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
from ckanext.satudata.actions import gather

__all__ = gather(globals(), login, history, passwords, tokens, staff)
