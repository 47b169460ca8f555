from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup
from ckanext.satudata.catalogue import (
    csrf_exemption_fix,
    indexing,
    request_isolation,
)
from ckanext.satudata.translation import SatudataTranslation


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
class SatudataPlugin(SatudataTranslation, p.SingletonPlugin):
    """Portal Satu Data: SDI catalogue, public pages in Indonesian, demo."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")
        tk.add_resource("assets", "satudata")

    # IConfigurable
    def configure(self, config_: tk.CKANConfig) -> None:
        # the SDI schema; our scheming/package/resource_read.html overrides
        # scheming's, which does not extend
        startup.require_plugins(
            "satudata", needs=["scheming_datasets"], before=["scheming_datasets"]
        )

    # IMiddleware
    def make_middleware(self, app: Any, config_: tk.CKANConfig) -> Any:
        csrf_exemption_fix.install()  # CKAN 2.12.0 flaw; remove when > 2.12.0
        request_isolation.install(app)
        return app

    # IFacets
    def dataset_facets(
        self, facets_dict: dict[str, Any], package_type: str
    ) -> dict[str, Any]:
        return {
            "tags": tk._("Keywords"),
            "urusan": tk._("Government affair"),
            "organization": tk._("Data producer"),
            indexing.WILAYAH_FACET: tk._("Region"),
            indexing.YEAR_FACET: tk._("Year"),
            "kategori": tk._("Category"),
            "res_format": tk._("Format"),
            "keterbukaan": tk._("Access class"),
            "groups": tk._("Groups"),
        }

    # IPackageController
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return indexing.add_index_fields(pkg_dict)

    def after_dataset_search(
        self, search_results: dict[str, Any], search_params: dict[str, Any]
    ) -> dict[str, Any]:
        return indexing.label_facets(search_results)
