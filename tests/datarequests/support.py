"""Helpers of the data request tests: the people (requesters, the OPD the
request goes to and another OPD, walidata, pembina), files to attach, the
steps, and every table a step may write."""

from __future__ import annotations

import io
import json
import os
import zipfile
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers
from pypdf import PdfWriter

from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import Api, as_user

ROLES = ("anonymous", "requester", "other_requester", "operator", "verifikator",
         "other_operator", "other_verifikator", "walidata", "pembina")


def make_people() -> dict[str, Any]:
    """Two requesters, the OPD ``disdukcapil`` (operator: editor,
    verifikator: admin) holding a dataset, another OPD ``dinkes``, walidata
    (editor of ``diskominfo``) and pembina (member of ``bps``)."""
    people: dict[str, Any] = {"anonymous": None}
    for role, name in (("requester", "pemohon"), ("other_requester", "pemohon-lain"),
                       ("operator", "operator"), ("verifikator", "verifikator"),
                       ("other_operator", "operator-lain"),
                       ("other_verifikator", "verifikator-lain"),
                       ("walidata", "walidata"), ("pembina", "pembina")):
        people[role] = factories.User(name=name, fullname=name.title())
    people["organization"] = factories.Organization(name="disdukcapil", users=[
        {"name": "operator", "capacity": "editor"},
        {"name": "verifikator", "capacity": "admin"}])
    people["other_organization"] = factories.Organization(name="dinkes", users=[
        {"name": "operator-lain", "capacity": "editor"},
        {"name": "verifikator-lain", "capacity": "admin"}])
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    factories.Organization(name="bps", users=[
        {"name": "pembina", "capacity": "member"}])
    people["dataset"] = factories.Dataset(
        name="penduduk-kecamatan", title="Jumlah Penduduk Menurut Kecamatan",
        owner_org=people["organization"]["id"], **sdi_fields())
    return people


def blank_pdf(pages: int = 1, title: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx() -> bytes:
    """A minimal Excel workbook (its zip structure)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


CSV = b"kecamatan,laki_laki,perempuan\nKlojen,50000,52000\n"


class Upload:
    """A file as an action receives it from a multipart form."""

    def __init__(self, content: bytes, filename: str) -> None:
        self.stream = io.BytesIO(content)
        self.filename = filename


FIELDS: dict[str, Any] = {
    "contact_name": "Sari Wulandari",
    "contact_email": "sari@example.org",
    "contact_phone": "0812-3456-7890",
    "description": "Jumlah penduduk per kecamatan menurut jenis kelamin",
    "variables": "kecamatan, laki-laki, perempuan",
    "period": "2020-2024",
    "format": "csv",
    "purpose": "Penelitian skripsi",
}


def fields(people: dict[str, Any], kind: str = "instansi") -> dict[str, Any]:
    found = {**FIELDS, "requester_kind": kind,
             "datasets": [people["dataset"]["name"]]}
    if kind == "instansi":
        found["institution"] = "Universitas Brawijaya"
    return found


def call(people: dict[str, Any], role: str, action: str, **data: Any) -> Any:
    return helpers.call_action(f"satudata_data_request_{action}",
                               as_user(people[role]), **data)


def create(people: dict[str, Any], role: str = "requester", kind: str = "instansi",
           **data: Any) -> dict[str, Any]:
    uploads = {"pernyataan": Upload(blank_pdf(), "pernyataan.pdf")}
    if kind == "instansi":
        uploads["kak"] = Upload(blank_pdf(2), "kak.pdf")
    return call(people, role, "create", **{**fields(people, kind), **uploads, **data})


#: Each status → the steps (action, who, data) that bring a new request there.
def _steps(people: dict[str, Any]) -> dict[str, list[tuple[str, str, Any]]]:
    org = people["organization"]["name"]
    accepted = [("accept", "walidata", dict)]
    forwarded = [*accepted, ("forward", "walidata",
                             lambda: {"organization": org, "comment": "Mohon data"})]
    responded = [*forwarded, ("respond", "operator",
                              lambda: {"files": Upload(CSV, "data.csv")})]
    delivered = [*responded, ("deliver", "walidata", lambda: {"comment": "Terlampir"})]
    balikan = [*delivered, ("balikan_upload", "requester",
                            lambda: {"upload": Upload(blank_pdf(), "balikan.pdf")})]
    return {
        "diajukan": [],
        "menunggu_kelengkapan": [("accept", "walidata", lambda: {
            "incomplete": True, "comment": "KAK belum ditandatangani"})],
        "diterima": accepted,
        "diteruskan": forwarded,
        "ditindaklanjuti": responded,
        "menunggu_data_balikan": delivered,
        "data_balikan_diunggah": balikan,
        "selesai": [*balikan, ("balikan_accept", "walidata", dict)],
    }


def bring(people: dict[str, Any], status: str, kind: str = "instansi"
          ) -> dict[str, Any]:
    """A new request of ``requester`` taken to ``status``."""
    request = create(people, kind=kind)
    for action, role, data in _steps(people)[status]:
        request = call(people, role, action, id=request["id"], **data())
    assert request["status"] == status, (request["status"], status)
    return request


def _storage_files() -> list[str]:
    root = tk.config.get("ckan.storage_path") or ""
    found = []
    for base, _, names in os.walk(os.path.join(root, "satudata")):
        found.extend(os.path.join(base, name) for name in names)
    return sorted(found)


def state() -> dict[str, list[str]]:
    """Every row of the data request tables, the documents, the
    notifications, CKAN's files (rows and owners) and the stored bytes:
    equal before and after means nothing was written."""
    from ckanext.satudata.datarequests import model as tables
    from ckanext.satudata.documents import model as documents
    from ckanext.satudata.workflow import model as workflow

    found: dict[str, list[str]] = {}
    for table in (tables.request_table, tables.stage_table, tables.file_table,
                  tables.download_table, documents.document_table,
                  workflow.notification_table, model.File.__table__,
                  model.FileOwner.__table__):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        found[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows)
    found["storage"] = _storage_files()
    return found


class FrozenApi(Api):
    """:class:`tests.indicators.support.Api` whose tokens were issued on
    1 January 2026 (CKAN dates a token by the real clock, and refuses one
    issued "later" than a frozen clock)."""

    def headers(self, user: dict[str, Any] | None) -> dict[str, str]:
        from ckan.lib import api_token

        if user is None:
            return {}
        if user["name"] not in self._tokens:
            factories.APIToken(user=user["name"])
            token = (model.Session.query(model.ApiToken)
                     .filter(model.ApiToken.user_id == user["id"])
                     .order_by(model.ApiToken.created_at.desc()).first())
            assert token is not None
            self._tokens[user["name"]] = api_token.encode(
                {"jti": token.id, "iat": 1767225600})
        return {"Authorization": self._tokens[user["name"]]}
