"""The whole path of a change request through the actions: create →
request document → upload the signed PDF → approve → the submission, the
DataStore table, the downloads and the revision history show the new
values; the old ones only in the history."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from ckan.tests import helpers
from pypdf import PdfReader

from ckanext.satudata.workflow import store as workflow_store
from tests.indicators.support import as_user, submission_of
from tests.workflow.support import VALUES

from .support import (
    NEW_LAKI,
    NEW_PEREMPUAN,
    OTHER_ROW,
    PERIOD,
    ROW,
    approve,
    create,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")


def _records(opd: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = workflow_store.publication(opd["dataset"]["id"])
    assert found is not None
    records = helpers.call_action("datastore_search", as_user(None), limit=1000,
                                  resource_id=found["resource_id"])["records"]
    return {r["kode_wilayah"]: r for r in records if r["periode"] == PERIOD}


def test_create_upload_approve(people: dict[str, Any], api: Any, app: Any) -> None:
    publish(people)
    created = create(people)
    assert created["status"] == "waiting_upload"
    shown = api.call("satudata_change_request_show", people["operator"],
                     id=created["id"])["result"]  # the API speaks Indonesian
    assert shown["status_label"] == "Menunggu upload dokumen persetujuan"
    assert created["cells_changed"] == 2
    assert [(c["row"], c["old"], c["new"]) for c in created["cells"]] == [
        (ROW, VALUES[ROW]["perempuan"], NEW_PEREMPUAN),
        (OTHER_ROW, VALUES[OTHER_ROW]["laki_laki"], NEW_LAKI),
    ]
    document = helpers.call_action("satudata_change_request_document",
                                   as_user(people["verifikator"]), id=created["id"])
    reader = PdfReader(io.BytesIO(base64.b64decode(document["content"])))
    text = "".join(page.extract_text() for page in reader.pages)
    assert str(document["number"]) in text
    assert "Salah ketik pada rekap kecamatan" in text

    uploaded = upload(people, created["id"])
    assert uploaded["status"] == "waiting_approval"
    assert uploaded["approval"]["signature"] == "wet_ink"

    shown = helpers.call_action("satudata_change_request_show",
                                as_user(people["walidata"]), id=created["id"])
    assert shown["checks"]["summary"]["error"] == 0
    assert shown["allowed"]["approve"]

    before = helpers.call_action("package_show", id=people["dataset"]["id"])
    done = approve(people, created["id"])
    after = helpers.call_action("package_show", id=people["dataset"]["id"])
    # DCAT's dct:modified of the dataset and of its data distribution
    resource = next(r for r in after["resources"] if r["url_type"] == "datastore")
    assert after["metadata_modified"] > before["metadata_modified"]
    assert resource["last_modified"] > before["metadata_modified"]
    assert done["status"] == "done"
    assert submission_of(people, PERIOD)["values"][ROW]["perempuan"] == NEW_PEREMPUAN
    records = _records(people)
    assert records[ROW]["perempuan"] == NEW_PEREMPUAN
    assert records[OTHER_ROW]["laki_laki"] == NEW_LAKI
    revisions = helpers.call_action("satudata_revision_list", as_user(None),
                                    id=people["dataset"]["id"])["revisions"]
    assert len(revisions) == 1
    assert revisions[0]["document_number"] == document["number"]
    assert revisions[0]["cells"][0]["old"] == VALUES[ROW]["perempuan"]
    # the public activity stream records the approved change
    page = app.get("/dataset/activity/penduduk-kecamatan").get_data(as_text=True)
    assert "menyetujui perubahan 2 nilai terbitan" in page
    assert document["number"] in page


def test_the_revision_activity_escapes_its_data(people: dict[str, Any],
                                                app: Any) -> None:
    """The activity sentence keeps its links but never renders text from
    the activity's data as markup."""
    from ckan import model
    from ckan.lib.plugins import get_permission_labels

    site = helpers.call_action("get_site_user", {"ignore_auth": True})
    helpers.call_action("activity_create", {"user": site["name"], "ignore_auth": True},
                        user_id=people["walidata"]["id"],
                        object_id=people["dataset"]["id"],
                        activity_type="satudata revised package", data={
                            "package": {"id": people["dataset"]["id"],
                                        "name": "penduduk-kecamatan",
                                        "title": "<b>judul</b>"},
                            "period": PERIOD, "period_label": "<script>x()</script>",
                            "cells": "<i>2</i>", "document_number": "<u>1</u>"},
                        permission_labels=get_permission_labels().get_dataset_labels(
                            model.Package.get(people["dataset"]["id"])))
    page = app.get("/dataset/activity/penduduk-kecamatan").get_data(as_text=True)
    assert "satudata-revised-package" in page, page[-3000:]
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<u>1</u>" not in page
    assert "<i>2</i>" not in page  # a count that is no number (|safe let it through)
    assert 'class="satudata-period"' in page  # the macro's markup stays
