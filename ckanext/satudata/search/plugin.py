from __future__ import annotations

import os
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import engine

_I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n")


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
class SatudataSearchPlugin(DefaultTranslation, p.SingletonPlugin):
    """Embedded PostgreSQL search engine in place of Solr."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config_: Any) -> None:
        engine.install()

    # Search errors are in the extension's catalogue, so that they are
    # translated even when satudata_search is the only plugin enabled.
    def i18n_directory(self) -> str:
        return _I18N_DIR

    def i18n_domain(self) -> str:
        return "ckanext-satudata"
