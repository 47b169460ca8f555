"""Demo data requests (plugin ``satudata_datarequests``), idempotently.

``data/datarequests.yaml`` names the demo requesters (accounts without any
membership: an institution's researcher, a provincial office, a student)
and the requests, one in every status of the SOP Permohonan Data: waiting
for the walidata, waiting for completeness, forwarded and overdue,
answered, waiting for the data balikan (one of them overdue), data balikan
uploaded, done, rejected with its Surat Penolakan, cancelled.

:func:`load` walks each through the actions as the demo accounts — the
requester files it with a generated Surat Pernyataan (and KAK), walidata
accepts and forwards it (Surat Pengantar), the OPD's operator answers it
(Surat Tindak Lanjut), walidata delivers (Surat Penyampaian Data) or
rejects it (Surat Penolakan), the requester uploads the data balikan — so
the letters, stages, files and notifications are what real use leaves
behind. A request with ``ago`` is then moved back in time (its stages,
files and the data balikan's due date) through the request tables, to show
"Terlambat" and an overdue data balikan.

Running it again changes nothing: a request is found by its requester and
purpose; one already in its status is left alone, one stopped on the way
(an interrupted load) is moved on, one that someone moved elsewhere is
reported as kept.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml
from ckan import model
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from werkzeug.datastructures import FileStorage

from ckanext.satudata.datarequests import model as tables
from ckanext.satudata.datarequests import stages, statuses, store
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.catalogue import EMAIL_DOMAIN
from ckanext.satudata.demo.workflow import WALIDATA

Outcome = Literal["created", "moved", "unchanged", "kept", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("created", "moved", "unchanged", "kept", "skipped")
S = statuses
#: The statuses a request passes through to reach each demo status.
PATHS: dict[str, tuple[str, ...]] = {
    S.DIAJUKAN: (S.DIAJUKAN,),
    S.MENUNGGU_KELENGKAPAN: (S.DIAJUKAN, S.MENUNGGU_KELENGKAPAN),
    S.DITERIMA: (S.DIAJUKAN, S.DITERIMA),
    S.DITERUSKAN: (S.DIAJUKAN, S.DITERIMA, S.DITERUSKAN),
    S.DITINDAKLANJUTI: (S.DIAJUKAN, S.DITERIMA, S.DITERUSKAN, S.DITINDAKLANJUTI),
    S.MENUNGGU_DATA_BALIKAN: (S.DIAJUKAN, S.DITERIMA, S.DITERUSKAN,
                              S.DITINDAKLANJUTI, S.MENUNGGU_DATA_BALIKAN),
    S.DATA_BALIKAN_DIUNGGAH: (S.DIAJUKAN, S.DITERIMA, S.DITERUSKAN,
                              S.DITINDAKLANJUTI, S.MENUNGGU_DATA_BALIKAN,
                              S.DATA_BALIKAN_DIUNGGAH),
    S.DIBATALKAN: (S.DIAJUKAN, S.DIBATALKAN),
}
ANSWERS = ("links", "files", "declined")
#: The OPD's demo operator (editor) who answers.
OPERATORS = {"disdukcapil": "operator-disdukcapil",
             "dinas-pendidikan": "operator-disdik",
             "dinas-kesehatan": "operator-dinkes"}


class DatarequestsError(ValueError):
    """An entry of ``data/datarequests.yaml`` is wrong."""


@dataclass(frozen=True)
class Requester:
    name: str
    fullname: str
    kind: str
    phone: str
    institution: str = ""

    @property
    def email(self) -> str:
        return f"{self.name}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Target:
    requester: str
    status: str
    purpose: str
    format: str
    period: str = ""
    datasets: tuple[str, ...] = ()
    description: str = ""
    variables: str = ""
    regions: tuple[str, ...] = ()
    organization: str = ""
    answer: str = ""
    reason_opd: str = ""
    rejected_at: str = ""
    reason: str = ""
    comment: str = ""
    ago: int = 0
    path: tuple[str, ...] = field(default=(), compare=False)


def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/datarequests.yaml").read_text(
        encoding="utf-8")
    return yaml.safe_load(text)


def requesters() -> dict[str, Requester]:
    found = {}
    for entry in _data()["requesters"]:
        requester = Requester(**entry)
        if requester.kind not in ("instansi", "perorangan"):
            raise DatarequestsError(f"{requester.name}: kind instansi or perorangan")
        if (requester.kind == "instansi") != bool(requester.institution):
            raise DatarequestsError(f"{requester.name}: an institution (and only"
                                    " an instansi) names its institution")
        found[requester.name] = requester
    return found


def _path(status: str, rejected_at: str, kind: str) -> tuple[str, ...]:
    if status == S.DITOLAK:
        if rejected_at not in statuses.REJECTABLE:
            raise DatarequestsError(f"rejected_at is one of {statuses.REJECTABLE}")
        return (*PATHS[rejected_at], S.DITOLAK)
    if status == S.SELESAI:
        return (*PATHS[S.DITINDAKLANJUTI], S.SELESAI) if kind == "perorangan" else (
            *PATHS[S.DATA_BALIKAN_DIUNGGAH], S.SELESAI)
    if status not in PATHS:
        raise DatarequestsError(f"unknown status {status}")
    return PATHS[status]


def targets() -> list[Target]:
    people = requesters()
    found: list[Target] = []
    for entry in _data()["requests"]:
        where = f"{entry.get('requester')}: {entry.get('purpose')}"
        entry = {**entry, "datasets": tuple(entry.get("datasets") or ()),
                 "regions": tuple(entry.get("regions") or ())}
        for key in ("purpose", "reason", "reason_opd", "comment", "description"):
            if key in entry:
                entry[key] = " ".join(str(entry[key]).split())
        target = Target(**entry)
        requester = people.get(target.requester)
        if requester is None:
            raise DatarequestsError(f"{where}: unknown requester")
        path = _path(target.status, target.rejected_at, requester.kind)
        target = Target(**{**entry, "path": path})
        if S.DITERUSKAN in path and target.organization not in OPERATORS:
            raise DatarequestsError(f"{where}: forward to one of {sorted(OPERATORS)}")
        if S.DITINDAKLANJUTI in path and target.answer not in ANSWERS:
            raise DatarequestsError(f"{where}: answer is one of {ANSWERS}")
        if (target.answer == "declined") != bool(target.reason_opd):
            raise DatarequestsError(f"{where}: reason_opd with (only) a decline")
        if target.status in (S.DITOLAK, S.DIBATALKAN) and not target.reason:
            raise DatarequestsError(f"{where}: give the reason")
        if any((t.requester, t.purpose) == (target.requester, target.purpose)
               for t in found):
            raise DatarequestsError(f"{where}: one request per requester and purpose")
        found.append(target)
    return found


def load(echo: Echo = print) -> None:
    """Apply ``data/datarequests.yaml``. Safe to run repeatedly."""
    from ckanext.satudata.demo.loader import demo_password

    ckan = Ckan(defer_commit=False)
    people = requesters()
    accounts: Counter[str] = Counter()
    for requester in people.values():
        accounts[_ensure_account(ckan, requester, demo_password())] += 1
    report(echo, "data request accounts", accounts,
           ("created", "updated", "unchanged"))
    outcomes: Counter[Outcome] = Counter()
    for target in targets():
        outcomes[_ensure(ckan, target, people[target.requester], echo)] += 1
    report(echo, "data requests", outcomes, OUTCOMES)


def _ensure_account(ckan: Ckan, requester: Requester, password: str) -> str:
    wanted = {"fullname": requester.fullname, "email": requester.email}
    user = model.User.get(requester.name)
    if user is None:
        ckan("user_create", name=requester.name, password=password,
             about="Akun demo pemohon data.", **wanted)
        return "created"
    if user.state == "active" and all(
            getattr(user, key) == value for key, value in wanted.items()):
        return "unchanged"
    ckan("user_patch", id=user.id, state="active", **wanted)
    return "updated"


def _find(requester: Requester, purpose: str) -> dict[str, Any] | None:
    user = model.User.get(requester.name)
    for row in store.of_requester(user.id) if user else []:
        if row["purpose"] == purpose:
            return row
    return None


def _ensure(ckan: Ckan, target: Target, requester: Requester, echo: Echo) -> Outcome:
    missing = [name for name in target.datasets if model.Package.get(name) is None]
    if missing:
        echo(f"  data request {target.purpose[:40]}...: no dataset"
             f" {', '.join(missing)}: skipped")
        return "skipped"
    found = _find(requester, target.purpose)
    if found is not None:
        if found["status"] == target.status:
            return "unchanged"
        if found["status"] not in target.path[:-1]:
            return "kept"
        start, outcome = target.path.index(found["status"]) + 1, "moved"
        number = found["number"]
    else:
        number = _create(ckan, target, requester)
        start, outcome = 1, "created"
    for status in target.path[start:]:
        _step(ckan, status, number, target, requester)
    if target.ago:
        backdate(number, target.ago)
    return outcome


# --------------------------------------------------------------------------
# The steps
# --------------------------------------------------------------------------

def _create(ckan: Ckan, target: Target, requester: Requester) -> str:
    values: dict[str, Any] = {
        "requester_kind": requester.kind, "institution": requester.institution,
        "contact_name": requester.fullname, "contact_email": requester.email,
        "contact_phone": requester.phone, "datasets": list(target.datasets),
        "description": target.description, "variables": target.variables,
        "period": target.period, "regions": list(target.regions),
        "format": target.format, "purpose": target.purpose,
        "pernyataan": _pdf_upload("surat-pernyataan.pdf", (
            "SURAT PERNYATAAN PENGGUNAAN DATA",
            f"Yang bertanda tangan di bawah ini, {requester.fullname},",
            "menyatakan akan menggunakan data sesuai tujuan permohonan",
            "dan mengunggah data balikan. (data demo)")),
    }
    if requester.kind == "instansi":
        values["kak"] = _pdf_upload("kak.pdf", (
            "KERANGKA ACUAN KERJA", requester.institution, target.purpose[:80],
            "(data demo)"))
    return ckan("satudata_data_request_create", user=requester.name, **values)[
        "number"]


def _step(ckan: Ckan, status: str, number: str, target: Target,
          requester: Requester) -> None:
    """Move the request to ``status`` (the next one on its path)."""
    operator = OPERATORS.get(target.organization, "")
    if status == S.MENUNGGU_KELENGKAPAN:
        ckan("satudata_data_request_accept", user=WALIDATA, id=number,
             incomplete=True, comment=target.comment or "Lengkapi dokumen.")
    elif status == S.DITERIMA:
        ckan("satudata_data_request_accept", user=WALIDATA, id=number,
             comment="Dokumen lengkap.")
    elif status == S.DITERUSKAN:
        ckan("satudata_data_request_forward", user=WALIDATA, id=number,
             organization=target.organization,
             comment="Mohon ditindaklanjuti sesuai SOP.")
    elif status == S.DITINDAKLANJUTI:
        _respond(ckan, operator, number, target)
    elif status == S.MENUNGGU_DATA_BALIKAN or (
            status == S.SELESAI and requester.kind == "perorangan"):
        ckan("satudata_data_request_deliver", user=WALIDATA, id=number,
             comment="Data disampaikan melalui portal.")
    elif status == S.DATA_BALIKAN_DIUNGGAH:
        ckan("satudata_data_request_balikan_upload", user=requester.name, id=number,
             upload=_pdf_upload("data-balikan.pdf", (
                 "DATA BALIKAN", "Ringkasan hasil pemanfaatan data",
                 target.purpose[:80], "(data demo)")))
    elif status == S.SELESAI:
        ckan("satudata_data_request_balikan_accept", user=WALIDATA, id=number,
             accept=True, comment="Data balikan diterima.")
    elif status == S.DITOLAK:
        ckan("satudata_data_request_reject", user=WALIDATA, id=number,
             reason=target.reason)
    elif status == S.DIBATALKAN:
        ckan("satudata_data_request_cancel", user=requester.name, id=number,
             reason=target.reason)


def _respond(ckan: Ckan, operator: str, number: str, target: Target) -> None:
    if target.answer == "declined":
        ckan("satudata_data_request_respond", user=operator, id=number, decline=True,
             reason=target.reason_opd)
    elif target.answer == "links":
        links = [{"dataset": name} for name in target.datasets]
        ckan("satudata_data_request_respond", user=operator, id=number, links=links,
             comment="Data tersedia pada dataset di portal.")
    else:
        content = "kecamatan,tahun,nilai\nSemarang Tengah,2024,1520\nGenuk,2024,2210\n"
        ckan("satudata_data_request_respond", user=operator, id=number,
             files=FileStorage(stream=io.BytesIO(content.encode()),
                               filename=f"data-{number.lower()}.csv",
                               content_type="text/csv"),
             comment="Data terlampir.")


# --------------------------------------------------------------------------
# Back in time
# --------------------------------------------------------------------------

def backdate(number: str, days: int) -> bool:
    """Move every date of request ``number`` back so that it was filed
    ``days`` days ago (once: a request filed long enough ago is left
    alone); its data balikan's due date follows its stage. Whether it
    moved."""
    row = store.find(number)
    if row is None:
        return False
    now = store.now()
    if row["created"] <= now - dt.timedelta(days=days - 0.5):
        return False
    shift = (row["created"] - (now - dt.timedelta(days=days)))
    request_id = row["id"]
    session = model.Session
    session.execute(tables.request_table.update()
                    .where(tables.request_table.c.id == request_id)
                    .values(created=tables.request_table.c.created - shift,
                            modified=tables.request_table.c.modified - shift))
    for stage in store.stages(request_id):
        pauses = [{**pause, **{key: _iso_minus(pause.get(key), shift)
                               for key in ("started", "ended") if pause.get(key)}}
                  for pause in stage["pauses"] or []]
        store.update_stage(stage["id"], started=stage["started"] - shift,
                           finished=(stage["finished"] - shift
                                     if stage["finished"] else None),
                           pauses=pauses)
    session.execute(tables.file_table.update()
                    .where(tables.file_table.c.request_id == request_id)
                    .values(created=tables.file_table.c.created - shift))
    balikan = [stage for stage in store.stages(request_id)
               if stage["stage"] == stages.DATA_BALIKAN]
    if row["balikan_due"] is not None and balikan:
        store.update(request_id, balikan_due=stages.due(balikan[-1], now))
    model.repo.commit()
    return True


def _iso_minus(value: str, shift: dt.timedelta) -> str:
    return (dt.datetime.fromisoformat(value) - shift).isoformat()


# --------------------------------------------------------------------------
# Generated PDFs
# --------------------------------------------------------------------------

def _pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page A4 PDF with ``lines`` in Helvetica."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
    })

    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = [f"BT /F1 11 Tf 72 {760 - 18 * i} Td ({escaped(line)}) Tj ET"
                for i, line in enumerate(lines)]
    content = DecodedStreamObject()
    content.set_data("\n".join(commands).encode("latin-1", "replace"))
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_upload(filename: str, lines: tuple[str, ...]) -> FileStorage:
    return FileStorage(stream=io.BytesIO(_pdf(lines)), filename=filename,
                       content_type="application/pdf")
