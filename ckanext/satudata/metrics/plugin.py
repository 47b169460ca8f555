from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.exceptions import CkanConfigurationException

from ckanext.satudata import startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.metrics import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.metrics import helpers

    return helpers.get_helpers()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
class SatudataMetricsPlugin(p.SingletonPlugin):
    """Operations figures for the Pengelola TIK: every web request timed
    and counted in Redis (shared by all worker processes and containers),
    a Prometheus ``/metrics`` endpoint protected by a token and/or the
    network, and the walidata's page ``/pemantauan/sistem``
    (docs/metrics.md)."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IMiddleware, inherit=True)

    def update_config(self, config_: CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: CKANConfig) -> None:
        from ckanext.satudata.metrics import config as metrics_config

        # the page uses the catalogue's theme and message catalogue
        startup.require_plugins("satudata_metrics", needs=["satudata"])
        # a wrong network stops CKAN with one line instead of a /metrics
        # that refuses everybody
        try:
            metrics_config.allowed_networks()
        except ValueError as error:
            raise CkanConfigurationException(str(error)) from error

    def make_middleware(self, app: Any, config: CKANConfig) -> Any:
        from ckanext.satudata.metrics import recorder

        return recorder.install(app)
