"""Helpers of the letter, notification and reminder tests (H3): a data
request as ``store`` gives it, built by hand for the unit tests, PDF text,
the ``satudata`` queue worked off here and now, and the SMTP sink's mail by
recipient."""

from __future__ import annotations

import datetime as dt
import email.message
import io
import uuid
from typing import Any

import rq
from ckan.lib import jobs
from pypdf import PdfReader


def request_dict(**values: Any) -> dict[str, Any]:
    """A request dictionary with the keys of ``store`` (instansi, two
    datasets, two regions)."""
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    return {
        "id": str(uuid.uuid4()), "number": "PD-2026-00007", "status": "diterima",
        "requester_id": None,
        "requester": {"name": "peneliti", "fullname": "Dewi Lestari",
                      "email": "dewi@example.org"},
        "requester_kind": "instansi", "institution": "Universitas Brawijaya",
        "contact_name": "Dewi Lestari", "contact_email": "dewi@example.org",
        "contact_phone": "+6281234567890",
        "datasets": [], "description": "Jumlah penduduk per kelurahan",
        "variables": "Jenis kelamin, kelompok umur", "period": "2020-2024",
        "regions": ["35.73.01", "35.73.02"], "format": "xlsx",
        "purpose": "Penelitian tesis tentang kepadatan penduduk",
        "organization": None, "response": None, "reason": "",
        "balikan_due": None, "files": [], "created": now, "modified": now,
        **values,
    }


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def run_jobs() -> None:
    """Work off the ``satudata`` queue; no job may fail."""
    queue = jobs.get_queue("satudata")
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0
    assert queue.failed_job_registry.count == 0


def mails(mailbox: Any) -> dict[str, list[email.message.EmailMessage]]:
    """What the SMTP sink received, by recipient address."""
    found: dict[str, list[email.message.EmailMessage]] = {}
    for _, _, message in mailbox.messages:
        address = message["To"].addresses[0].addr_spec
        found.setdefault(address, []).append(message)
    return found


def subject(message: email.message.EmailMessage) -> str:
    return " ".join(str(message["Subject"]).split())
