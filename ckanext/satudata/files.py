"""Uploaded and generated documents kept in CKAN 2.12's file storage,
shared by every plugin: assignment letters of staff accounts, request
documents, signed approvals, reports.

Files go through CKAN's own actions (``file_create``,
``file_ownership_transfer``, ``file_delete``) into the storage
:data:`STORAGE`, configured in ``config/portal.ini``
(``ckan.files.storage.satudata.*``: a private folder under
``ckan.storage_path``, each file named by a fresh UUID). Each file is owned
by the object it belongs to (``owner_type``/``owner_id``, e.g. an
assignment letter by its ``satudata_staff_assignment`` row) and pinned
there. Nobody reads a file through CKAN's own file pages: the owner type
is not in ``ckan.files.owner.cascade_access``, so only a sysadmin passes
``file_show``; a plugin serves its documents with its own view and its own
permission check (:func:`response`).

The bytes are written when :func:`store` is called, the database rows when
the caller commits. A caller whose transaction fails after :func:`store`
calls :func:`discard` so no unowned bytes stay behind.
"""

from __future__ import annotations

import io
import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import files
from ckan.types import Context, Response
from werkzeug.datastructures import FileStorage

__all__ = ["STORAGE", "delete", "discard", "owned_by", "read", "response", "store"]

#: The storage of every satudata document.
STORAGE = "satudata"


def _context(**extra: Any) -> Context:
    # No user in the context: file_create would make the caller the file's
    # first owner (the file is handed to its real owner at once).
    return Context(ignore_auth=True, user="", **extra)


def _upload(content: bytes | FileStorage, name: str | None,
            content_type: str | None) -> tuple[files.Upload, str]:
    if isinstance(content, FileStorage):
        name = name or content.filename or ""
        content = content.read()
    if not name:
        raise ValueError("a stored file needs a name")
    if content_type:
        upload = files.Upload(io.BytesIO(content), name, len(content), content_type)
    else:
        upload = files.make_upload(content)
        upload.filename = name
    return upload, name


def read_upload(upload: Any, limit: int, default_name: str = "upload"
                ) -> tuple[bytes, str] | None:
    """The bytes (at most ``limit + 1``: more means too large) and the bare
    name (at most 200 characters) of an uploaded file — a form's
    ``FileStorage``, a file-like object or bytes; ``None`` when ``upload``
    is none of them."""
    name = os.path.basename(getattr(upload, "filename", "") or default_name)
    stream = getattr(upload, "stream", None) or upload
    if isinstance(upload, bytes | bytearray):
        content = bytes(upload)
    elif hasattr(stream, "read"):
        content = stream.read(limit + 1)
    else:
        return None
    return content, name[:200]


def store(content: bytes | FileStorage, *, owner_type: str, owner_id: str,
          name: str | None = None, content_type: str | None = None,
          defer_commit: bool = True) -> dict[str, Any]:
    """Store ``content`` owned by ``owner_type``/``owner_id``; CKAN's file
    dictionary (``id``, ``name``, ``location``, ``size``, ``content_type``...).

    :param content: the bytes, or an uploaded file (its name is the default
        ``name``)
    :param owner_type: what the file belongs to (a table or object type,
        e.g. ``satudata_staff_assignment``)
    :param owner_id: the id of that object
    :param name: the file's name, shown when it is downloaded
    :param content_type: its MIME type (default: detected from the bytes)
    :param defer_commit: leave the commit to the caller (default); on a
        failure before it, call :func:`discard`
    :raises ckan.plugins.toolkit.ValidationError: the storage refused it
    """
    upload, name = _upload(content, name, content_type)
    created = tk.get_action("file_create")(
        _context(defer_commit=True),
        {"name": name, "storage": STORAGE, "upload": upload},
    )
    try:
        # the row gets its id when flushed (file_create did not commit)
        model.Session.flush()
        found = model.Session.scalar(
            model.File.by_location(created["location"], STORAGE))
        assert found is not None
        return tk.get_action("file_ownership_transfer")(
            _context(defer_commit=defer_commit),
            {"id": found.id, "owner_type": owner_type,
             "owner_id": owner_id, "pin": True},
        )
    except Exception:
        discard(created)
        raise


def discard(file_dict: dict[str, Any]) -> None:
    """Remove the stored bytes of a file whose rows were never committed
    (the caller's transaction failed or was rolled back)."""
    storage = files.get_storage(file_dict.get("storage") or STORAGE)
    data = files.FileData(file_dict["location"])
    if storage.exists(data):
        storage.remove(data)


def _file(file_id: str) -> model.File:
    found = model.Session.get(model.File, file_id)
    if found is None:
        raise tk.ObjectNotFound("file")
    return found


def read(file_id: str) -> bytes:
    """The bytes of a stored file.

    :raises ckan.plugins.toolkit.ObjectNotFound: no such file
    """
    found = _file(file_id)
    storage = files.get_storage(found.storage)
    return storage.content(files.FileData.from_object(found))


def response(file_id: str, filename: str | None = None) -> Response:
    """A download (attachment) of a stored file, for a view that checked
    who may read it.

    :raises ckan.plugins.toolkit.ObjectNotFound: no such file
    """
    found = _file(file_id)
    storage = files.get_storage(found.storage)
    answer = storage.as_response(files.FileData.from_object(found),
                                 filename or found.name)
    # never shown in the browser (a PDF viewer runs scripts): downloaded
    answer.headers.set("Content-Disposition", "attachment",
                       filename=filename or found.name)
    answer.headers["X-Content-Type-Options"] = "nosniff"
    return answer


def owned_by(owner_type: str, owner_id: str) -> list[dict[str, Any]]:
    """The files of one owner."""
    rows = (
        model.Session.query(model.File)
        .join(model.FileOwner, model.FileOwner.file_id == model.File.id)
        .filter(model.FileOwner.owner_type == owner_type,
                model.FileOwner.owner_id == owner_id)
        .all()
    )
    return [row.dictize(False) for row in rows]


def delete(file_id: str, defer_commit: bool = False) -> None:
    """Remove a file: its bytes and its rows."""
    tk.get_action("file_delete")(_context(defer_commit=defer_commit),
                                 {"id": file_id})
