"""Downloads of a request's files and letters, for the download view
(``/permohonan-data/<number>/berkas/<id>``, ``.../surat/<document id>``)::

    tk.check_access("satudata_data_request_file_download", context,
                    {"id": number, "file_id": file_id})
    found = downloads.target(number, file_id)   # ObjectNotFound
    answer = files.response(found["file_id"], found["name"])
    downloads.record(found["request_id"], file_id, user_id)

Every download is recorded (``satudata_data_request_download``: who,
when, which file).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.datarequests import letters, store
from ckanext.satudata.documents import api as documents

#: document kind → letter
LETTER_OF_KIND = {kind: letter for letter, (kind, _, _) in letters.KINDS.items()}


def _letter_document(request: dict[str, Any], document_id: str
                     ) -> dict[str, Any] | None:
    """The letter ``document_id`` issued in one of the request's stages."""
    if not any(row["document_id"] == document_id
               for row in store.stages(request["id"])):
        return None
    try:
        return documents.get(document_id)
    except tk.ObjectNotFound:
        return None


def target(ref: str, file_id: str) -> dict[str, Any]:
    """What ``file_id`` of the request ``ref`` (id or number) is: a file
    (``satudata_data_request_file.id``) or a letter (document id).

    :returns: ``request_id``, ``file_id`` (in CKAN's file storage, for
        ``satudata.files.response``), ``name``, ``kind`` (the file's kind,
        or ``letter``) and ``letter`` (``pengantar``... or ``None``)
    :raises ckan.plugins.toolkit.ObjectNotFound: no such request or file
    """
    request = store.find(ref)
    if request is None or not isinstance(file_id, str) or not file_id:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    row = store.get_file(request["id"], file_id)
    if row is not None:
        return {"request_id": request["id"], "file_id": row["file_id"],
                "name": row["name"], "kind": row["kind"], "letter": None}
    document = _letter_document(request, file_id)
    if document is None:
        raise tk.ObjectNotFound(tk._("File not found"))
    return {"request_id": request["id"], "file_id": document["file_id"],
            "name": f"{document['number'].replace('/', '-')}.pdf", "kind": "letter",
            "letter": LETTER_OF_KIND.get(document["kind"], document["kind"])}


def record(request_id: str, file_id: str, user_id: str, *,
           defer_commit: bool = False) -> None:
    """Record that ``user_id`` downloaded ``file_id`` (a file's or a
    letter's id, as in the address) of the request (committed unless
    ``defer_commit``)."""
    store.record_download(request_id, file_id, user_id)
    if not defer_commit:
        model.repo.commit()
