"""Auth functions of the documents plugin."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["satudata_document_verify"]


@tk.auth_allow_anonymous_access
def satudata_document_verify(context: Context, data_dict: DataDict | None
                             ) -> AuthResult:
    """Anybody may verify a document (its public page says the same)."""
    return {"success": True}
