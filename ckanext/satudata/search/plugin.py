from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup
from ckanext.satudata.search import engine
from ckanext.satudata.translation import SatudataTranslation


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
class SatudataSearchPlugin(SatudataTranslation, p.SingletonPlugin):
    """Embedded PostgreSQL search engine in place of Solr."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config_: Any) -> None:
        startup.require_ckan_version("satudata_search", engine.CKAN_VERSION)
        engine.install()

