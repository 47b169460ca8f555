"""Auth functions of the catalogue plugin."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = [
    "satudata_daftar_data",
    "satudata_portal_stats",
    "satudata_vocabulary_list",
    "satudata_vocabulary_show",
    "satudata_wilayah_show",
]


@tk.auth_allow_anonymous_access
def _public(context: Context, data_dict: DataDict | None) -> AuthResult:
    return {"success": True}


satudata_vocabulary_list = _public
satudata_vocabulary_show = _public
satudata_wilayah_show = _public
satudata_portal_stats = _public
satudata_daftar_data = _public
