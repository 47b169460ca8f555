from __future__ import annotations

from typing import Any

import ckan.plugins as p

from . import engine


class SatudataSearchPlugin(p.SingletonPlugin):
    """Embedded PostgreSQL search engine in place of Solr."""

    p.implements(p.IConfigurer)

    def update_config(self, config_: Any) -> None:
        engine.install()
