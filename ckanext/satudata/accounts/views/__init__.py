"""Pages of the accounts plugin, one module per capability; the plugin
registers every blueprint named in the modules' ``__all__``."""

from __future__ import annotations

from ckanext.satudata.accounts.views import history, login, security, staff

_MODULES = (login, security, history, staff)
for _module in _MODULES:
    globals().update({name: getattr(_module, name) for name in _module.__all__})

__all__ = sorted(name for _module in _MODULES for name in _module.__all__)
