"""Downloads of a dataset's published values: ``/dataset/<id>/data.csv``,
``data.json`` and ``data.xlsx`` (every published period, the columns of
the DataStore table)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.satudata.workflow import downloads

satudata_published = Blueprint("satudata_published", __name__)


def _context() -> dict[str, Any]:
    return {"user": "" if tk.current_user.is_anonymous else tk.current_user.name}


@satudata_published.route("/dataset/<id>/data.<kind>")
def download(id: str, kind: str) -> Response:
    if kind not in downloads.FORMATS:
        return tk.abort(404, tk._("Not found"))
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": id})
        table = tk.get_action("satudata_published_records")(
            _context(), {"id": pkg["id"]}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        # like the dataset page: a dataset the user may not read is not found
        return tk.abort(404, tk._("Dataset not found"))
    if not table["records"]:
        return tk.abort(404, tk._("Nothing has been published for this dataset yet"))
    meta = {
        "dataset": pkg["name"], "title": pkg.get("title") or pkg["name"],
        "organization": (pkg.get("organization") or {}).get("title"),
        "url": tk.url_for("dataset.read", id=pkg["name"], qualified=True),
    }
    content = downloads.build(kind, meta, table["fields"], table["records"])
    return Response(content, content_type=downloads.FORMATS[kind], headers={
        "Content-Disposition": f'attachment; filename="{pkg["name"]}.{kind}"',
    })
