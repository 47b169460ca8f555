from __future__ import annotations

from ckan.types import AuthResult, Context, DataDict


def satudata_search_status(context: Context, data_dict: DataDict) -> AuthResult:
    """Only sysadmins (walidata) see the state of the search index."""
    return {"success": False}
