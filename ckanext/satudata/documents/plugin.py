from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.exceptions import CkanConfigurationException

from ckanext.satudata import startup
from ckanext.satudata.documents import config, numbering


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
class SatudataDocumentsPlugin(p.SingletonPlugin):
    """Documents: letters, request documents, BAST and reports rendered to
    PDF with the portal's letterhead, a number and a QR code to a public
    verification page, kept in CKAN's file storage. Other plugins issue
    them through ``documents/api.py``."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the verification page extends the catalogue's theme
        startup.require_plugins("satudata_documents", needs=["satudata"])
        problem = numbering.pattern_problem(config.number_pattern())
        if problem:
            raise CkanConfigurationException(
                "ckanext.satudata.documents.number_pattern cannot number"
                f" documents: {problem}. Change it in your CKAN config file.")
