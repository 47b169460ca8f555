"""Actions of the documents plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.documents import issuing
from ckanext.satudata.documents.logic import schema

__all__ = ["satudata_document_verify"]


@validate(schema.document_verify)
@tk.side_effect_free
def satudata_document_verify(context: Context, data_dict: DataDict
                             ) -> dict[str, Any]:
    """What an issued document is, as its public verification page says:
    kind, number, date, subject, issuing organization, status, and the
    SHA-256 of what it certifies and of its PDF (never the document or the
    data it is about).

    :param id: the document's id (from its QR code)
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_document_verify", context, data_dict)
    return issuing.public(data_dict["id"])
