"""The demo access requests (``ckanext/satudata/demo/accessrequests.py``,
``demo/data/accessrequests.yaml``): the synthetic micro table of the
level-3 dataset, requests in several stages, one delivered whose printed
token downloads its extract without the identifying columns; a second
load changes nothing but the token. Loaded with only what they need: the
demo OPDs and topics, ``walidata``, ``verifikator-dinkes``, the
requested datasets and the demo institutions (the whole demo:
``tests/test_demo.py``)."""

from __future__ import annotations

import base64
import csv
import io
import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs as ckan_jobs
from lokal.nik import parse_nik

from ckanext.satudata.accessrequests import jobs
from ckanext.satudata.demo import accessrequests as demo
from ckanext.satudata.demo import catalogue, loader
from ckanext.satudata.demo import institutions as demo_institutions
from ckanext.satudata.demo.calls import Ckan

from .support import state

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_datastore",
                                     "mailbox")

ACCOUNTS = ("walidata", "verifikator-dinkes")
IDENTIFYING = {"NIK", "Nama", "Alamat"}
TOKEN = re.compile(r"Token unduh demo \((AD-[\d-]+), ([a-z-]+)\): (\S+) — berlaku"
                   r" 5 hari/3 unduhan")


def _prerequisites() -> None:
    ckan = Ckan()
    loader._load_organizations(ckan)
    loader._load_groups(ckan)
    accounts = [a for a in catalogue.ACCOUNTS if a.name in ACCOUNTS]
    for account in accounts:
        loader._ensure_account(ckan, account, loader.demo_password())
    loader._sync_memberships(ckan, accounts)
    wanted = {item.dataset for target in demo.targets() for item in target.items}
    loader._load_datasets(ckan, [d for d in catalogue.datasets() if d.name in wanted])
    demo_institutions.load(echo=lambda line: None)


def _call(user: str, action: str, **data: Any) -> Any:
    return tk.get_action(action)({"user": user, "ignore_auth": False}, data)


def _requests() -> dict[str, dict[str, Any]]:
    found = _call("walidata", "satudata_access_request_list")
    return {row["letter_number"]: _call("walidata", "satudata_access_request_show",
                                        id=row["id"]) for row in found}


def test_the_yaml_is_valid() -> None:
    table = demo.micro_table()
    assert {c["id"] for c in table.columns} >= IDENTIFYING
    for record in table.records():
        info = parse_nik(record["NIK"])
        assert info.nik is not None and info.district_code == "33.74.05"
    levels = {d.name: d.metadata.get("level_akses") for d in catalogue.datasets()}
    assert levels[table.dataset] == "3"
    targets = demo.targets()
    assert {t.stage for t in targets} == set(demo.TARGETS)
    assert {levels[i.dataset] for t in targets for i in t.items} == {"2", "3"}


def test_the_demo_access_requests(app: Any) -> None:
    _prerequisites()
    output: list[str] = []
    demo.load(echo=output.append)
    assert "  access request micro table: 1 created" in output, output
    assert "  access requests: 5 created" in output, output
    # the detection and build ran in the load: nothing was queued for the
    # worker (it would redo them on requests moved on since)
    queued = ckan_jobs.get_queue(jobs.QUEUE).jobs
    assert not [job for job in queued
                if "access request" in (job.meta.get("title") or "")]

    by_letter = _requests()
    stages = {target.letter_number: target.stage for target in demo.targets()}
    assert {key: (row["status"], row["stage"]) for key, row in by_letter.items()} \
        == {key: demo.TARGETS[stage] for key, stage in stages.items()}
    institution = {row["institution"]["name"] for row in by_letter.values()}
    assert institution == {"Bappeda Provinsi Jawa Tengah"}

    # at Cek Kualitas: both extracts built, the level-3 one without identities
    [checked] = [row for row in by_letter.values() if row["stage"] == "cek_kualitas"]
    assert sorted(item["level"] for item in checked["items"]) == [2, 2, 3]
    assert {item["report"]["status"] for item in checked["items"]} == {"ready"}
    [micro] = [item["report"] for item in checked["items"] if item["level"] == 3]
    assert set(micro["removed"]) == IDENTIFYING
    assert not IDENTIFYING & set(micro["columns"])
    # Verifikasi Substansi of the request with a dinas-kesehatan dataset:
    # its verifikator
    substance = next(s for s in checked["stages"]
                     if s["stage"] == "verifikasi_substansi")
    assert "verifikator-dinkes" in str(substance)

    # the returned one carries the walidata's note
    [returned] = [row for row in by_letter.values() if row["status"] == "dikembalikan"]
    assert returned["return_note"].startswith("Nomor surat permohonan")

    # delivered: the printed token downloads the extract, without identities
    [line] = [line for line in output if line.startswith("Token unduh demo")]
    match = TOKEN.fullmatch(line)
    assert match, line
    number, requester, token = match.groups()
    delivered = by_letter["050/0412/BAPPEDA/2026"]
    assert (delivered["number"], delivered["status"]) == (number, "selesai")
    assert requester == "dwi-rahayu"
    [item] = delivered["items"]
    assert set(item["report"]["removed"]) == IDENTIFYING
    got = _call(requester, "satudata_access_request_download", id=number,
                item_id=item["id"], token=token, include_content=True)
    text = base64.b64decode(got["content"]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Kelurahan", "Jumlah_ART", "Desil", "Program",
                       "Status_Penyaluran"]
    assert len(rows) == 1 + len(demo.micro_table().rows)
    for record in demo.micro_table().records():
        assert record["NIK"] not in text and record["Nama"] not in text

    # a second load: nothing changes but the (fresh) token
    before = state()
    del before["satudata_access_token"]
    again: list[str] = []
    demo.load(echo=again.append)
    assert "  access request micro table: 1 unchanged" in again, again
    assert "  access requests: 5 unchanged" in again, again
    after = state()
    del after["satudata_access_token"]
    assert after == before
    [line] = [line for line in again if line.startswith("Token unduh demo")]
    match = TOKEN.fullmatch(line)
    assert match and match.group(3) != token
    with pytest.raises(tk.ValidationError):  # the earlier one is revoked
        _call(requester, "satudata_access_request_download", id=number,
              item_id=item["id"], token=token)
    _call(requester, "satudata_access_request_download", id=number,
          item_id=item["id"], token=match.group(3))
