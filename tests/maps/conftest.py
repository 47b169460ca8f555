from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest


class Upload:
    """An uploaded file as CKAN's action layer gets it from a form."""

    def __init__(self, content: bytes, filename: str = "kecamatan.geojson") -> None:
        self.stream = io.BytesIO(content)
        self.filename = filename

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)


@pytest.fixture
def keepers() -> dict[str, Any]:
    """A walidata (editor of the walidata organization) and a sysadmin,
    without the rest of ``people`` (for tests that need nobody else)."""
    from ckan.tests import factories

    walidata = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"}])
    return {"walidata": walidata, "sysadmin": factories.Sysadmin(name="admin-portal")}


@pytest.fixture
def everyone(people: dict[str, Any]) -> dict[str, Any]:
    """``people`` (see tests/conftest.py) plus the verifikator of another
    OPD (admin of dinkes)."""
    from ckan.tests import factories, helpers

    other = factories.User(name="verifikator-lain")
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id="dinkes", username=other["name"], role="admin")
    people["other_verifikator"] = other
    return people


def storage_files() -> list[Path]:
    """The files in the satudata storage folder that this database's file
    rows name. (The parallel test workers share the storage's folder: it
    keeps the ini's path while ``ckan.storage_path`` is the worker's.)"""
    import sqlalchemy as sa
    from ckan import model
    from ckan.common import config

    root = Path(config["ckan.files.storage.satudata.path"])
    known = {row[0] for row in model.Session.execute(sa.text(
        "SELECT location FROM file"))}
    return sorted(path for path in root.rglob("*")
                  if path.is_file() and path.name in known)


def maps_state() -> dict[str, Any]:
    """The boundary rows, CKAN's file rows and the stored files: equal
    before and after means nothing was written."""
    import sqlalchemy as sa
    from ckan import model

    rows = model.Session.execute(sa.text(
        "SELECT id, level, sha256, file_id FROM satudata_map_boundary ORDER BY level"
    )).all()
    files = model.Session.execute(sa.text(
        "SELECT id, location FROM file ORDER BY id")).all()
    return {"rows": [tuple(row) for row in rows], "files": [tuple(f) for f in files],
            "stored": storage_files()}
