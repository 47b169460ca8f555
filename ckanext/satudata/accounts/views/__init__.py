"""Pages of the accounts plugin, one module per capability; the plugin
registers every blueprint named in the modules' ``__all__``."""

from __future__ import annotations

from ckanext.satudata.accounts.views import history, login, security, staff
from ckanext.satudata.actions import gather

__all__ = gather(globals(), login, security, history, staff)
