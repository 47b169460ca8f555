"""Public pages of the portal: Tentang Kami, Kontak, Daftar Data and the
access-request explanation. Views only render what the actions return."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

satudata = Blueprint("satudata", __name__)


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else ""}


@satudata.route("/tentang-kami")
def about() -> str:
    return tk.render("satudata/about.html")


@satudata.route("/kontak")
def contact() -> str:
    return tk.render("satudata/contact.html")


@satudata.route("/daftar-data")
def daftar_data() -> str:
    organizations = tk.get_action("satudata_daftar_data")(_context(), {})
    return tk.render("satudata/daftar_data.html", {"organizations": organizations})


@satudata.route("/daftar-data/permohonan-akses/<name>")
def access_request(name: str) -> str:
    """Explains how to ask for a terbatas dataset (the request flow itself
    comes with the Permohonan Data capability)."""
    listed = tk.get_action("satudata_daftar_data")(_context(), {"dataset": name})
    if not listed:
        return tk.abort(404, tk._("Dataset not found"))
    organization = listed[0]
    return tk.render(
        "satudata/access_request.html",
        {"dataset": organization["datasets"][0], "organization": organization},
    )
