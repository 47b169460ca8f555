"""The one message catalogue of every satudata plugin (``i18n/`` of the
package root, domain ``ckanext-satudata``)."""

from __future__ import annotations

import os

from ckan.lib.plugins import DefaultTranslation

I18N_DIR = os.path.join(os.path.dirname(__file__), "i18n")
DOMAIN = "ckanext-satudata"


class SatudataTranslation(DefaultTranslation):
    """``ITranslation`` of a satudata plugin: the shared catalogue (core's
    default would look for ``i18n/`` beside each plugin's sub-package)."""

    def i18n_directory(self) -> str:
        return I18N_DIR

    def i18n_domain(self) -> str:
        return DOMAIN
