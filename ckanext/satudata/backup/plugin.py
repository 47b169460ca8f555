from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from ckanext.satudata import startup


@tk.blanket.config_declarations
class SatudataBackupPlugin(p.SingletonPlugin):
    """Backups that restore: ``ckan satudata backup create|list|verify|
    restore`` (one archive with both databases, the stored files and a
    manifest of checksums; docs/backup.md). The commands are in the
    catalogue's ``satudata`` group."""

    p.implements(p.IConfigurable)

    def configure(self, config_: CKANConfig) -> None:
        # the commands live in the catalogue's command group
        startup.require_plugins("satudata_backup", needs=["satudata"])
