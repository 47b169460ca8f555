"""Demo access requests for restricted data (plugin
``satudata_accessrequests``), idempotently.

``data/accessrequests.yaml`` gives a synthetic micro table with identifying
columns (fictional people, NIKs of a valid structure belonging to nobody),
added as a DataStore resource of the terbatas level-3 demo dataset, and the
requests of the approved demo institution's users (Bappeda Provinsi Jawa
Tengah, :mod:`.institutions`) in several stages: just filed (Verifikasi
Teknis), returned to the institution, at Cek Kualitas (the extracts
built), at Verifikasi BAST (the signed BAST uploaded) and delivered.

:func:`load` walks each through the actions as the demo accounts: the
institution user files it (generated KAK, SK, Peraturan), ``walidata``
moves the officers' stages (Verifikasi Substansi: the verifikator of a
producing OPD when the demo has one), the detection and build jobs run in
the load itself (no worker needed: the steps that would start them are
committed by the loader, so nothing is queued), the institution user
enters the BAST number and uploads the issued BAST as the signed one,
``walidata`` approves it.

A download token is only e-mailed, never stored in clear: each load issues
a fresh token of the delivered request (the earlier one revoked) and
prints it. That token is the only thing a second load changes: the
requests are found by their letter number within the institution; one
already at its stage is left alone (``unchanged``), one stopped on the way
(an interrupted load) is moved on, one someone moved elsewhere is kept.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import ckan.plugins.toolkit as tk
import yaml
from ckan import model
from werkzeug.datastructures import FileStorage

from ckanext.satudata.accessrequests import api as access
from ckanext.satudata.demo import catalogue
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.datarequests import _pdf, _pdf_upload
from ckanext.satudata.demo.workflow import WALIDATA
from ckanext.satudata.documents import api as documents
from ckanext.satudata.institutions import api as institutions

Outcome = Literal["created", "moved", "updated", "unchanged", "kept", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("created", "moved", "updated", "unchanged", "kept",
                                 "skipped")
DIPROSES, DIKEMBALIKAN, SELESAI = "diproses", "dikembalikan", "selesai"
#: The stages of an access request, in order (``accessrequests.stages``).
STAGES = ("permohonan", "verifikasi_teknis", "verifikasi_substansi",
          "verifikasi_koordinator", "pengolahan_data", "cek_kualitas",
          "unduh_data", "verifikasi_bast", "selesai")
#: Where a demo request may be left: its (status, stage).
TARGETS: dict[str, tuple[str, str]] = {
    "verifikasi_teknis": (DIPROSES, "verifikasi_teknis"),
    "dikembalikan": (DIKEMBALIKAN, "verifikasi_teknis"),
    "cek_kualitas": (DIPROSES, "cek_kualitas"),
    "verifikasi_bast": (DIPROSES, "verifikasi_bast"),
    "selesai": (SELESAI, "selesai"),
}


class AccessRequestsError(ValueError):
    """An entry of ``data/accessrequests.yaml`` is wrong."""


@dataclass(frozen=True)
class MicroTable:
    dataset: str
    name: str
    description: str
    columns: tuple[dict[str, str], ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        names = [column["id"] for column in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Item:
    dataset: str
    variables: tuple[str, ...]
    format: str
    notes: str = ""


@dataclass(frozen=True)
class Target:
    letter_number: str
    requester: str
    stage: str
    purpose: str
    items: tuple[Item, ...]
    note: str = ""
    bast_number: str = ""


def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(
        "data/accessrequests.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def micro_table() -> MicroTable:
    entry = _data()["micro_table"]
    table = MicroTable(
        dataset=entry["dataset"], name=entry["name"],
        description=" ".join(entry["description"].split()),
        columns=tuple(entry["columns"]),
        rows=tuple(tuple(row) for row in entry["rows"]))
    if any(len(row) != len(table.columns) for row in table.rows):
        raise AccessRequestsError("micro_table: every row has every column")
    return table


def targets() -> list[Target]:
    found: list[Target] = []
    for entry in _data()["requests"]:
        where = str(entry.get("letter_number"))
        items = tuple(Item(**{**item, "variables": tuple(item["variables"])})
                      for item in entry.get("items") or ())
        target = Target(**{**entry, "items": items,
                           "purpose": " ".join(entry["purpose"].split()),
                           "note": " ".join((entry.get("note") or "").split())})
        if target.stage not in TARGETS:
            raise AccessRequestsError(f"{where}: stage is one of {sorted(TARGETS)}")
        if not target.items:
            raise AccessRequestsError(f"{where}: at least one item")
        if (target.stage == "dikembalikan") != bool(target.note):
            raise AccessRequestsError(f"{where}: a note with (only) dikembalikan")
        if target.stage in ("verifikasi_bast", "selesai") and not target.bast_number:
            raise AccessRequestsError(f"{where}: give the bast_number")
        if any(t.letter_number == target.letter_number for t in found):
            raise AccessRequestsError(f"{where}: one request per letter number")
        found.append(target)
    return found


def load(echo: Echo = print) -> None:
    """Apply ``data/accessrequests.yaml``. Safe to run repeatedly."""
    ckan = Ckan()
    report(echo, "access request micro table", Counter([_ensure_table(ckan)]),
           OUTCOMES)
    outcomes: Counter[Outcome] = Counter()
    delivered: list[tuple[str, str]] = []
    for target in targets():
        outcome, number = _ensure(ckan, target, echo)
        outcomes[outcome] += 1
        if number and target.stage == "selesai":
            delivered.append((number, target.requester))
    report(echo, "access requests", outcomes, OUTCOMES)
    for number, requester in delivered:
        _echo_token(ckan, number, requester, echo)


# --------------------------------------------------------------------------
# The micro table (a DataStore resource of the level-3 dataset)
# --------------------------------------------------------------------------

def _ensure_table(ckan: Ckan) -> Outcome:
    table = micro_table()
    package = ckan.show("package_show", id=table.dataset)
    if package is None:
        return "skipped"
    resource = next((r for r in package["resources"]
                     if r.get("name") == table.name), None)
    if resource is not None and _table_matches(ckan, resource, table):
        return "unchanged"
    if resource is None:
        ckan("datastore_create", force=True, resource={
            "package_id": package["id"], "name": table.name,
            "description": table.description, "format": "CSV"},
             fields=list(table.columns), records=table.records())
        return "created"
    if resource.get("datastore_active"):
        ckan("datastore_delete", resource_id=resource["id"], force=True)
    ckan("datastore_create", resource_id=resource["id"], force=True,
         fields=list(table.columns), records=table.records())
    return "updated"


def _table_matches(ckan: Ckan, resource: dict[str, Any], table: MicroTable) -> bool:
    if not resource.get("datastore_active"):
        return False
    found = ckan.show("datastore_search", resource_id=resource["id"], sort="_id",
                      limit=len(table.rows) + 1)
    if found is None:
        return False
    fields = [{"id": f["id"], "type": f["type"]} for f in found["fields"]
              if f["id"] != "_id"]
    records = [{key: value for key, value in record.items() if key != "_id"}
               for record in found["records"]]
    return fields == list(table.columns) and records == table.records()


# --------------------------------------------------------------------------
# The requests
# --------------------------------------------------------------------------

def _find(ckan: Ckan, target: Target) -> dict[str, Any] | None:
    """The request of ``target`` (its letter number, the requester's
    institution), as walidata reads it."""
    for found in ckan("satudata_access_request_list", user=target.requester,
                      mine=True, q=target.letter_number):
        if found["letter_number"] == target.letter_number:
            return ckan("satudata_access_request_show", user=WALIDATA,
                        id=found["id"])
    return None


def _position(status: str, stage: str) -> tuple[int, int]:
    return STAGES.index(stage), status == DIKEMBALIKAN


def _ensure(ckan: Ckan, target: Target, echo: Echo) -> tuple[Outcome, str]:
    """The outcome and the request's number."""
    missing = [item.dataset for item in target.items
               if model.Package.get(item.dataset) is None]
    if missing or institutions.institution_of(target.requester) is None:
        echo(f"  access request {target.letter_number}: no dataset"
             f" {', '.join(missing)} or institution user {target.requester}:"
             " skipped")
        return "skipped", ""
    goal = TARGETS[target.stage]
    found = _find(ckan, target)
    if found is None:
        try:
            found = _create(ckan, target)
        except tk.ValidationError as error:  # the catalogue changed under us
            echo(f"  access request {target.letter_number}: {error.error_dict}:"
                 " skipped")
            return "skipped", ""
        outcome: Outcome = "created"
    elif (found["status"], found["stage"]) == goal:
        return "unchanged", found["number"]
    elif found["status"] == DIKEMBALIKAN or _position(
            found["status"], found["stage"]) > _position(*goal):
        return "kept", found["number"]
    else:
        outcome = "moved"
    while (found["status"], found["stage"]) != goal:
        found = _step(ckan, target, found)
    return outcome, found["number"]


def _create(ckan: Ckan, target: Target) -> dict[str, Any]:
    institution = institutions.institution_of(target.requester) or {}
    name = institution.get("name", "")
    files = {field: _pdf_upload(f"{field}.pdf", (title, name,
                                                 target.purpose[:80], "(data demo)"))
             for field, title in (
                 ("kak", "KERANGKA ACUAN KERJA"),
                 ("sk", "SK PENETAPAN PELAKSANA"),
                 ("peraturan", "PERATURAN TENTANG SATU DATA INDONESIA"))}
    items = [{"dataset_id": model.Package.get(item.dataset).id,
              "variables": list(item.variables), "format": item.format,
              "notes": item.notes} for item in target.items]
    created = ckan("satudata_access_request_create", user=target.requester,
                   letter_number=target.letter_number, purpose=target.purpose,
                   agree=True, items=items, **files)
    return ckan("satudata_access_request_show", user=WALIDATA, id=created["id"])


def _substance_mover(target: Target) -> str:
    """A demo verifikator (OPD admin) of an OPD producing one of the items'
    datasets; else walidata (who may always act)."""
    owners = {model.Package.get(item.dataset).owner_org for item in target.items}
    for account in catalogue.ACCOUNTS:
        for organization, capacity in account.memberships:
            group = model.Group.get(organization)
            if (capacity == "admin" and account.name.startswith("verifikator")
                    and group is not None and group.id in owners):
                return account.name
    return WALIDATA


def _step(ckan: Ckan, target: Target, request: dict[str, Any]) -> dict[str, Any]:
    """Take the request one step towards ``target``'s stage; the request
    after it, as walidata reads it."""
    ref, stage = request["id"], request["stage"]
    if stage == "verifikasi_teknis" and target.stage == "dikembalikan":
        ckan("satudata_access_request_return", user=WALIDATA, id=ref, stage=stage,
             note=target.note)
    elif stage == "verifikasi_teknis":
        ckan("satudata_access_request_advance", user=WALIDATA, id=ref, stage=stage,
             comment="Dokumen persyaratan lengkap dan sesuai.")
    elif stage == "verifikasi_substansi":
        ckan("satudata_access_request_advance", user=_substance_mover(target),
             id=ref, stage=stage,
             comment="Variabel yang diminta sesuai dengan tujuan penggunaan.")
    elif stage == "verifikasi_koordinator":
        # committed here, not by the action: the detection runs below, in
        # this process, instead of a queued job
        Ckan(defer_commit=True)("satudata_access_request_advance", user=WALIDATA,
                                id=ref, stage=stage,
                                comment="Disetujui untuk diproses.")
        model.repo.commit()
        access.detect_now(ref)
    elif stage == "pengolahan_data":
        _process(ckan, ref, request)
    elif stage == "cek_kualitas":
        ckan("satudata_access_request_advance", user=WALIDATA, id=ref, stage=stage,
             comment="Jumlah baris dan kolom sesuai; kolom identitas telah"
             " dihapus.")
    elif stage == "unduh_data":
        _sign_bast(ckan, target, request)
    elif stage == "verifikasi_bast":
        ckan("satudata_access_request_bast_approve", user=WALIDATA, id=ref,
             comment="BAST telah ditandatangani dan dicap.")
    else:
        raise AccessRequestsError(f"{request['number']}: cannot move on from"
                                  f" {request['status']}/{stage}")
    return ckan("satudata_access_request_show", user=WALIDATA, id=ref)


def _process(ckan: Ckan, ref: str, request: dict[str, Any]) -> None:
    """Pengolahan Data: detect, build the extracts (in this process), then
    ✓ once every extract is ready."""
    reports = [item.get("report") or {} for item in request["items"]]
    statuses = {report.get("status") for report in reports}
    if statuses == {"ready"}:
        ckan("satudata_access_request_advance", user=WALIDATA, id=ref,
             stage="pengolahan_data", comment="Ekstrak data selesai disusun.")
    elif statuses & {"detecting", None}:
        access.detect_now(ref)
    elif "building" in statuses:  # an interrupted load
        access.build_extracts_now(ref)
    else:
        Ckan(defer_commit=True)("satudata_access_request_extract", user=WALIDATA,
                                id=ref)
        model.repo.commit()
        access.build_extracts_now(ref)
        shown = ckan("satudata_access_request_show", user=WALIDATA, id=ref)
        failed = [item["report"].get("error") for item in shown["items"]
                  if (item.get("report") or {}).get("status") != "ready"]
        if failed:
            raise AccessRequestsError(f"{shown['number']}: extract failed: {failed}")


def _sign_bast(ckan: Ckan, target: Target, request: dict[str, Any]) -> None:
    """Unduh Data: the BAST number (the BAST is issued), then its PDF
    uploaded as the signed one."""
    ref = request["id"]
    if request["bast_number"] != target.bast_number or not request["bast_document"]:
        ckan("satudata_access_request_bast_document", user=target.requester, id=ref,
             bast_number=target.bast_number)
        return
    content = documents.pdf(request["bast_document"]["id"])
    if len(content) > 500 * 1024:  # bast_max_bytes' default
        content = _pdf(("BERITA ACARA SERAH TERIMA DATA", target.bast_number,
                        request["number"], "(ditandatangani dan dicap; data demo)"))
    ckan("satudata_access_request_bast_upload", user=target.requester, id=ref,
         upload=FileStorage(stream=io.BytesIO(content),
                            filename="bast-ditandatangani.pdf",
                            content_type="application/pdf"))


# --------------------------------------------------------------------------
# The download token
# --------------------------------------------------------------------------

def _echo_token(ckan: Ckan, number: str, requester: str, echo: Echo) -> None:
    """Issue a fresh token of the delivered request (the earlier one
    revoked) and print it: it is stored nowhere else."""
    user = model.User.get(requester)
    request = ckan("satudata_access_request_show", user=requester, id=number)
    if user is None or request["status"] != SELESAI:
        return
    token = access.issue_token(request["id"], user.id)
    shown = ckan("satudata_access_request_show", user=requester, id=number)
    newest = max((t for t in shown["tokens"] if t["valid"]),
                 key=lambda t: t["created"])
    days = (dt.datetime.fromisoformat(newest["expires"])
            - dt.datetime.fromisoformat(newest["created"])).days
    echo(f"Token unduh demo ({number}, {requester}): {token} — berlaku"
         f" {days} hari/{newest['max_uses']} unduhan")
    echo(f"  (a new token each load, the earlier one revoked; log in as"
         f" {requester}: /akses-data/{number})")
