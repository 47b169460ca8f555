"""Publication: the DataStore table, the dataset page's "Komponen data",
the CSV/JSON/Excel downloads and who sees them."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata.indicators.model import submission_table
from ckanext.satudata.workflow import publication, store
from ckanext.satudata.workflow.model import transition_table
from tests.indicators.support import KECAMATAN, as_user, submission_of

from .support import VALUES, fill, move, to_state, waiting_on_locks, workflow_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

COMPONENTS = ("perempuan", "laki_laki", "rasio")
KINDS = ("csv", "json", "xlsx")
#: Values of 2024-S2: every count 5 more than in 2024-S1.
VALUES_S2 = {
    code: {"perempuan": cells["perempuan"] + 5, "laki_laki": cells["laki_laki"] + 5,
           "rasio": cells["rasio"]}
    for code, cells in VALUES.items()
}


def _site() -> dict[str, Any]:
    return {"user": helpers.call_action("get_site_user", {"ignore_auth": True})["name"],
            "ignore_auth": True}


def _resource_id(opd: dict[str, Any]) -> str:
    found = store.publication(opd["dataset"]["id"])
    assert found is not None
    return found["resource_id"]


def _search(resource_id: str, user: dict[str, Any] | None = None,
            **data: Any) -> dict[str, Any]:
    return helpers.call_action("datastore_search", as_user(user),
                               resource_id=resource_id, **{"limit": 1000, **data})


def _by_row(records: list[dict[str, Any]], period: str = "2024-S1") -> dict[str, Any]:
    """``{kode_wilayah: {component: value}}`` of one period's records."""
    return {
        r["kode_wilayah"]: {c: r[c] for c in COMPONENTS}
        for r in records if r["periode"] == period
    }


def _download(app: Any, opd: dict[str, Any], kind: str, status: int = 200,
              headers: dict[str, str] | None = None) -> Any:
    return app.get(f"/dataset/{opd['dataset']['name']}/data.{kind}",
                   status=status, headers=headers or {})


def _parsed(kind: str, body: bytes) -> list[dict[str, Any]]:
    """The records of a download, numbers as numbers."""
    if kind == "json":
        return json.loads(body)["records"]
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        for row in rows:
            for code in ("perempuan", "laki_laki"):
                row[code] = int(row[code])
            row["rasio"] = float(row["rasio"])
        return rows
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Periode", "Label periode", "Kode wilayah", "Nama wilayah"]
    assert header[4:] == ["Perempuan (Orang)", "Laki-laki (Orang)",
                          "Rasio jenis kelamin (Persen)"]
    ids = ["periode", "periode_label", "kode_wilayah", "nama_wilayah", *COMPONENTS]
    return [dict(zip(ids, (cell.value for cell in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]


def _page(app: Any, opd: dict[str, Any], status: int = 200, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return app.get(f"/dataset/{opd['dataset']['name']}?{query}", status=status).body


# ---- before and after publication ------------------------------------------

def test_nothing_is_visible_before_publication(
    app: Any, people: dict[str, Any],
) -> None:
    to_state(people, "verified")
    body = _page(app, people)
    assert 'id="komponen-data"' not in body
    assert "<svg" not in body
    for kind in KINDS:
        _download(app, people, kind, status=404)
    shown = helpers.call_action("satudata_published_show", as_user(None),
                                id=people["dataset"]["id"])
    assert shown["periods"] == [] and shown["rows"] == []
    assert store.publication(people["dataset"]["id"]) is None
    dataset = helpers.call_action("package_show", as_user(None),
                                  id=people["dataset"]["id"])
    assert dataset["resources"] == []


def test_publication_reaches_the_datastore_page_and_downloads(
    app: Any, people: dict[str, Any],
) -> None:
    to_state(people, "published")
    resource_id = _resource_id(people)
    resource = helpers.call_action("resource_show", as_user(None), id=resource_id)
    assert resource["name"] == "Data Jumlah Penduduk Menurut Jenis Kelamin"
    assert resource["datastore_active"] is True
    assert resource["url_type"] == "datastore"
    assert "diterbitkan" in resource["description"]

    # the DataStore, read by anyone through the API
    found = _search(resource_id)
    assert found["total"] == len(KECAMATAN)
    assert _by_row(found["records"]) == VALUES
    fields = {f["id"]: f for f in found["fields"]}
    assert [f["id"] for f in found["fields"]][1:] == [
        "periode", "periode_label", "kode_wilayah", "nama_wilayah", *COMPONENTS]
    assert fields["perempuan"]["type"] == "int8"
    assert fields["rasio"]["type"] == "numeric"
    assert fields["perempuan"]["info"]["label"] == "Perempuan (Orang)"
    names = {r["kode_wilayah"]: r["nama_wilayah"] for r in found["records"]}
    assert names == KECAMATAN
    assert {r["periode_label"] for r in found["records"]} == {"2024 Semester 1"}

    # the page, anonymous
    body = _page(app, people)
    assert 'id="komponen-data"' in body
    assert "2024 Semester 1" in body
    assert "Semarang Tengah" in body and "Tugu" in body
    assert "1.000" in body and "1.150" in body  # perempuan, Indonesian grouping
    assert "99,5" in body  # rasio of the sixth kecamatan, decimal comma
    assert body.count('role="img"') == 1  # one period: the bar chart only
    assert "<title>" in body and "aria-label=" in body
    assert "satudata-line-chart" not in body  # it waits for two periods
    assert "satudata-bar-chart" in body
    for kind in KINDS:
        # a download CKAN's tracking counts (the monitoring's usage figures)
        assert re.search(
            r'<a class="[^"]*\bresource-url-analytics\b[^"]*" href="/dataset/'
            + re.escape(f"{people['dataset']['name']}/data.{kind}") + '"', body)
    assert f"/datastore/dump/{resource_id}" in body
    assert f"/api/3/action/datastore_search?resource_id={resource_id}" in body

    # the downloads, anonymous
    for kind in KINDS:
        response = _download(app, people, kind)
        assert "attachment" in response.headers["Content-Disposition"]
        records = _parsed(kind, response.data)
        assert len(records) == len(KECAMATAN)
        assert _by_row(records) == VALUES, kind
        assert {r["nama_wilayah"] for r in records} == set(KECAMATAN.values())
    assert json.loads(_download(app, people, "json").data)["fields"][4] == {
        "id": "perempuan", "label": "Perempuan", "unit": "Orang", "type": "integer"}
    workbook = openpyxl.load_workbook(io.BytesIO(_download(app, people, "xlsx").data))
    sheet = workbook["Data"]
    assert isinstance(sheet["E2"].value, int) and sheet["G3"].value == 99.1


def test_the_action_shows_table_totals_and_series(people: dict[str, Any]) -> None:
    to_state(people, "published")
    shown = helpers.call_action("satudata_published_show", as_user(None),
                                id=people["dataset"]["name"])
    assert shown["periods"] == [{"id": "2024-S1", "label": "2024 Semester 1"}]
    assert shown["period"]["id"] == "2024-S1"
    assert {r["code"]: r["values"] for r in shown["rows"]} == VALUES
    women = sum(cells["perempuan"] for cells in VALUES.values())
    assert shown["totals"]["perempuan"] == {"value": women, "count": 16,
                                            "aggregate": "sum"}
    rasio = shown["totals"]["rasio"]
    assert rasio["aggregate"] == "mean"
    assert rasio["value"] == pytest.approx(
        sum(c["rasio"] for c in VALUES.values()) / 16, abs=0.005)
    series = {s["component"]: s for s in shown["series"]}
    assert series["perempuan"]["points"] == [
        {"period": "2024-S1", "label": "2024 Semester 1", "value": women, "count": 16}]
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_published_show", as_user(None),
                            id=people["dataset"]["id"], period="2024-S2")
    assert "period" in error.value.error_dict


def test_the_action_answers_get_requests_of_anyone(
    app: Any, people: dict[str, Any],
) -> None:
    to_state(people, "published")
    name = people["dataset"]["name"]
    shown = app.get(f"/api/3/action/satudata_published_show?id={name}").json
    assert shown["result"]["period"]["id"] == "2024-S1"
    table = app.get(f"/api/3/action/satudata_published_records?id={name}").json
    assert _by_row(table["result"]["records"]) == VALUES
    assert table["result"]["resource_id"] == _resource_id(people)


def test_two_published_periods_share_one_table(
    app: Any, people: dict[str, Any],
) -> None:
    to_state(people, "published")
    resource_id = _resource_id(people)
    fill(people, "2024-S2", VALUES_S2)
    for action, who in (("submit", "operator"), ("verify", "verifikator"),
                        ("publish", "walidata")):
        move(people, action, who, "2024-S2")
    assert _resource_id(people) == resource_id
    found = _search(resource_id)
    assert found["total"] == 2 * len(KECAMATAN)
    assert _by_row(found["records"], "2024-S1") == VALUES
    assert _by_row(found["records"], "2024-S2") == VALUES_S2
    dataset = helpers.call_action("package_show", as_user(None),
                                  id=people["dataset"]["id"])
    assert [r["id"] for r in dataset["resources"]] == [resource_id]

    shown = helpers.call_action("satudata_published_show", as_user(None),
                                id=people["dataset"]["id"])
    assert [p["id"] for p in shown["periods"]] == ["2024-S2", "2024-S1"]
    assert shown["period"]["id"] == "2024-S2"
    older = helpers.call_action("satudata_published_show", as_user(None),
                                id=people["dataset"]["id"], period="2024-S1")
    assert older["period"]["label"] == "2024 Semester 1"

    body = _page(app, people)
    assert body.count('role="img"') == 2  # bar chart and line chart
    assert 'value="2024-S1"' in body and 'value="2024-S2" selected' in body
    picked = _page(app, people, periode="2024-S1", komponen="rasio")
    assert 'value="2024-S1" selected' in picked and 'value="rasio" selected' in picked
    assert 'data-aggregate="mean"' in picked  # the line of a percentage is a mean
    assert 'data-aggregate="sum"' in body
    for kind in KINDS:
        records = _parsed(kind, _download(app, people, kind).data)
        assert [r["periode"] for r in records] == ["2024-S1"] * 16 + ["2024-S2"] * 16


def test_field_info_follows_renamed_components(people: dict[str, Any]) -> None:
    to_state(people, "published")
    structure = dict(people["structure"])
    components = [dict(c) for c in structure["components"]]
    components[0].update(name="Penduduk perempuan", unit="Jiwa")
    helpers.call_action(
        "satudata_structure_update", as_user(people["operator"]),
        id=people["dataset"]["id"], components=components,
        breakdown=structure["breakdown"], granularity=structure["granularity"],
        first_period=structure["first_period"],
    )
    to_state(people, "published", "2024-S2")
    fields = {f["id"]: f for f in _search(_resource_id(people), limit=0)["fields"]}
    assert fields["perempuan"]["info"]["label"] == "Penduduk perempuan (Jiwa)"


# ---- access classes ----------------------------------------------------------

def test_published_values_of_a_terbatas_dataset_stay_closed(
    app: Any, api: Any, people: dict[str, Any],
) -> None:
    helpers.call_action("package_patch", _site(), id=people["dataset"]["id"],
                        keterbukaan="terbatas")
    to_state(people, "published")
    resource_id = _resource_id(people)
    _page(app, people, status=404)
    for kind in KINDS:
        _download(app, people, kind, status=404)
    for user in (None, people["public"], people["other_operator"]):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_published_show", as_user(user),
                                id=people["dataset"]["id"])
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("satudata_published_records", as_user(user),
                                id=people["dataset"]["id"])
        with pytest.raises(helpers.logic.NotAuthorized):
            _search(resource_id, user)
    # the OPD and the pembina data read them
    for user in (people["member"], people["pembina"]):
        shown = helpers.call_action("satudata_published_show", as_user(user),
                                    id=people["dataset"]["id"])
        assert {r["code"]: r["values"] for r in shown["rows"]} == VALUES
        assert _by_row(_search(resource_id, user)["records"]) == VALUES
    # members of the OPD see the section and download the values
    member = api.headers(people["member"])
    body = app.get(f"/dataset/{people['dataset']['name']}", headers=member).body
    assert 'id="komponen-data"' in body
    csv_file = _download(app, people, "csv", headers=member).data
    assert _by_row(_parsed("csv", csv_file)) == VALUES


# ---- failures ----------------------------------------------------------------

def _ours(state: dict[str, list[str]]) -> dict[str, list[str]]:
    """``workflow_state`` without CKAN's resources (a failed first
    publication leaves the resource it made, deleted)."""
    return {table: rows for table, rows in state.items() if table != "resource"}


def test_a_datastore_failure_leaves_the_period_unpublished(
    people: dict[str, Any],
) -> None:
    to_state(people, "published")
    resource_id = _resource_id(people)
    # the table was rebuilt with a column the values do not fit (only the
    # workflow may write it: see tests/security/test_published_data_integrity)
    with publication.writing():
        helpers.call_action("datastore_delete", _site(), resource_id=resource_id,
                            force=True)
        helpers.call_action("datastore_create", _site(), resource_id=resource_id,
                            force=True, fields=[{"id": "perempuan", "type": "date"}])
    to_state(people, "verified", "2024-S2")
    before = workflow_state()
    with pytest.raises(helpers.logic.ValidationError) as error:
        move(people, "publish", "walidata", "2024-S2")
    assert "datastore" in error.value.error_dict
    assert "DataStore" in error.value.error_dict["datastore"][0]
    model.Session.remove()
    assert submission_of(people, "2024-S2")["state"] == "verified"
    assert workflow_state() == before
    assert _search(resource_id)["total"] == 0
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("satudata_published_show", as_user(None),
                            id=people["dataset"]["id"], period="2024-S2")


def test_a_failed_first_publication_leaves_no_resource(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The DataStore refuses the rows of the first publication (a value
    that is no number, injected into the row builder): the resource made
    for it goes again, and a later publication starts afresh."""
    from ckanext.satudata.workflow import tabular

    build = tabular.records

    def broken(*args: Any) -> list[dict[str, Any]]:
        rows = build(*args)
        rows[0]["perempuan"] = "bukan angka"
        return rows

    to_state(people, "verified")
    before = _ours(workflow_state())
    monkeypatch.setattr(tabular, "records", broken)
    with pytest.raises(helpers.logic.ValidationError) as error:
        move(people, "publish", "walidata")
    assert "datastore" in error.value.error_dict
    model.Session.remove()
    assert submission_of(people)["state"] == "verified"
    assert _ours(workflow_state()) == before
    dataset = helpers.call_action("package_show", _site(), id=people["dataset"]["id"])
    assert dataset["resources"] == []
    made = model.Session.query(model.Resource).one()  # deleted again
    assert made.state == "deleted"
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("datastore_search", _site(), resource_id=made.id)

    monkeypatch.setattr(tabular, "records", build)
    move(people, "publish", "walidata")
    assert _by_row(_search(_resource_id(people))["records"]) == VALUES
    assert _resource_id(people) != made.id


def _failing_after_the_datastore(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving the move fails after the rows were written (injected into
    our activity step, which runs after the DataStore upsert)."""
    from ckanext.satudata.workflow import activity

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(activity, "record_transition", broken)


def test_a_first_publication_whose_state_fails_takes_its_table_back(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_state(people, "verified")
    before = _ours(workflow_state())
    _failing_after_the_datastore(monkeypatch)
    with pytest.raises(RuntimeError):
        move(people, "publish", "walidata")
    model.Session.remove()
    assert submission_of(people)["state"] == "verified"
    assert _ours(workflow_state()) == before
    dataset = helpers.call_action("package_show", _site(), id=people["dataset"]["id"])
    assert dataset["resources"] == []  # the resource made for it went again
    made = model.Session.query(model.Resource).one()
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("datastore_search", _site(), resource_id=made.id)


def test_a_later_publication_whose_state_fails_takes_its_rows_back(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_state(people, "published")
    resource_id = _resource_id(people)
    fill(people, "2024-S2", VALUES_S2)
    move(people, "submit", "operator", "2024-S2")
    move(people, "verify", "verifikator", "2024-S2")
    before = workflow_state()
    _failing_after_the_datastore(monkeypatch)
    with pytest.raises(RuntimeError):
        move(people, "publish", "walidata", "2024-S2")
    model.Session.remove()
    assert submission_of(people, "2024-S2")["state"] == "verified"
    assert workflow_state() == before
    found = _search(resource_id)
    assert found["total"] == len(KECAMATAN)  # 2024-S1 only, as published
    assert _by_row(found["records"]) == VALUES


def test_a_deleted_resource_is_made_again_with_every_period(
    people: dict[str, Any],
) -> None:
    to_state(people, "published")
    first = _resource_id(people)
    with publication.writing():  # only the workflow may delete it
        helpers.call_action("resource_delete", _site(), id=first)
    to_state(people, "published", "2024-S2")
    second = _resource_id(people)
    assert second != first
    found = _search(second)
    assert found["total"] == 2 * len(KECAMATAN)
    assert _by_row(found["records"], "2024-S1") == VALUES


# ---- other breakdowns ----------------------------------------------------------

def _other_dataset(
    opd: dict[str, Any], name: str, structure: dict[str, Any],
) -> dict[str, Any]:
    """``opd`` with a second dataset of ``structure`` in its place."""
    from ckan.tests import factories

    from ckanext.satudata.testing import sdi_fields

    dataset = factories.Dataset(name=name, title=name.replace("-", " ").title(),
                                owner_org=opd["organization"]["id"], **sdi_fields())
    helpers.call_action("satudata_structure_update", as_user(opd["operator"]),
                        id=dataset["id"], **structure)
    return {**opd, "dataset": dataset}


def _publish(opd: dict[str, Any], period: str, values: dict[str, Any]) -> None:
    fill(opd, period, values)
    for action, who in (("submit", "operator"), ("verify", "verifikator"),
                        ("publish", "walidata")):
        move(opd, action, who, period)


def test_a_category_table_and_a_component_named_like_a_column(
    app: Any, people: dict[str, Any],
) -> None:
    long_name = "Sekolah Menengah Pertama dan Madrasah Tsanawiyah Negeri maupun Swasta"
    opd = _other_dataset(people, "jumlah-sekolah", {
        "components": [
            {"code": "periode", "name": "Jumlah", "unit": "Sekolah", "type": "integer"},
            {"code": "keterangan", "name": "Keterangan", "type": "text"},
        ],
        "breakdown": {"type": "category", "categories": [
            {"code": "SD", "name": "Sekolah Dasar"}, {"code": "SMP", "name": long_name},
        ]},
        "granularity": "tahunan", "first_period": "2023",
    })
    _publish(opd, "2023", {"SD": {"periode": 120, "keterangan": "=SUM(A1)"},
                           "SMP": {"periode": 45}})
    found = _search(_resource_id(opd))
    assert [f["id"] for f in found["fields"]][1:] == [
        "periode", "periode_label", "kode_kategori", "nama_kategori",
        "nilai_periode", "keterangan"]
    keys = ("kode_kategori", "nama_kategori", "nilai_periode", "keterangan")
    assert [tuple(r[k] for k in keys) for r in found["records"]] == [
        ("SD", "Sekolah Dasar", 120, "=SUM(A1)"), ("SMP", long_name, 45, None)]
    body = _page(app, opd)
    assert "satudata-bar-chart" in body and long_name in body
    rows = list(csv.reader(io.StringIO(
        _download(app, opd, "csv").data.decode("utf-8-sig"))))
    assert rows == [
        ["periode", "periode_label", "kode_kategori", "nama_kategori",
         "nilai_periode", "keterangan"],
        # formula-like text is neutralised in CSV (tests/security)
        ["2023", "2023", "SD", "Sekolah Dasar", "120", "'=SUM(A1)"],
        ["2023", "2023", "SMP", long_name, "45", ""],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(_download(app, opd, "xlsx").data))["Data"]
    assert sheet["F2"].value == "=SUM(A1)" and sheet["F2"].data_type == "s"


def test_a_dataset_without_breakdown_is_the_portal_region(
    app: Any, people: dict[str, Any],
) -> None:
    from ckanext.satudata import region

    opd = _other_dataset(people, "indeks-kota", {
        "components": [{"code": "indeks", "name": "Indeks", "type": "decimal"}],
        "breakdown": {"type": "none"}, "granularity": "tahunan",
        "first_period": "2022",
    })
    _publish(opd, "2022", {"total": {"indeks": "71,5"}})
    _publish(opd, "2023", {"total": {"indeks": "72,25"}})
    found = _search(_resource_id(opd), sort="periode")
    assert [(r["periode"], r["kode_wilayah"], r["nama_wilayah"], r["indeks"])
            for r in found["records"]] == [
        ("2022", "33.74", region.name("33.74"), 71.5),
        ("2023", "33.74", region.name("33.74"), 72.25),
    ]
    body = _page(app, opd)
    assert "satudata-bar-chart" not in body  # one row: no bars
    assert "satudata-line-chart" in body and "72,25" in body


# ---- two walidata at once ------------------------------------------------------

def _publish_at_once(
    app: Any, api: Any, people: dict[str, Any],
    requests: list[tuple[str, str]], hold: sa.Select,
) -> list[tuple[int, Any]]:
    """Send the publications ``requests`` ((who, period)) at once while a
    connection of our own holds the rows of ``hold`` (FOR UPDATE), until
    every request waits for a lock; then let go. Each result is (HTTP
    status, JSON body)."""
    headers = {who: api.headers(people[who]) for who, _ in requests}
    model.Session.commit()  # everything the threads read is committed
    model.Session.remove()
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, Any]] = []

    def publish(who: str, period: str) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        response = client.post(
            "/api/3/action/satudata_submission_publish", headers=headers[who],
            json={"id": people["dataset"]["id"], "period": period},
        )
        results.append((response.status_code, response.get_json()))

    engine = model.meta.engine
    with engine.connect() as holder, engine.connect() as watcher:
        lock = holder.begin()
        holder.execute(hold.with_for_update())
        threads = [threading.Thread(target=publish, args=r, daemon=True)
                   for r in requests]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while waiting_on_locks(watcher) < len(requests) and time.monotonic() < deadline:
            time.sleep(0.02)
        all_waited = waiting_on_locks(watcher) == len(requests)
        lock.rollback()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert all_waited, results  # a real race
    return results


def test_two_walidata_publishing_at_once_make_one_publication(
    app: Any, api: Any, people: dict[str, Any],
) -> None:
    """Both requests wait at the submission's row lock, then race:
    creating the resource commits CKAN's session, and still only one
    publishes."""
    to_state(people, "verified")
    results = _publish_at_once(
        app, api, people, [("walidata", "2024-S1"), ("sysadmin", "2024-S1")],
        sa.select(submission_table.c.id).where(submission_table.c.period == "2024-S1"),
    )
    assert sorted(status for status, _body in results) == [200, 409], results
    refused = next(body for status, body in results if status == 409)
    assert "state" in refused["error"]
    assert submission_of(people)["state"] == "published"
    published = model.Session.execute(sa.select(transition_table).where(
        transition_table.c.action == "publish")).all()
    assert len(published) == 1
    dataset = helpers.call_action("package_show", as_user(None),
                                  id=people["dataset"]["id"])
    assert [r["id"] for r in dataset["resources"]] == [_resource_id(people)]
    assert _by_row(_search(_resource_id(people))["records"]) == VALUES


def test_two_first_periods_published_at_once_share_one_table(
    app: Any, api: Any, people: dict[str, Any],
) -> None:
    """Two periods of a dataset without published data yet, published at
    the same moment: both find no resource and create one (held here at
    the dataset's row until both do); the second to register writes into
    the first one's table and removes its own."""
    to_state(people, "verified")
    fill(people, "2024-S2", VALUES_S2)
    move(people, "submit", "operator", "2024-S2")
    move(people, "verify", "verifikator", "2024-S2")
    package = model.package_table
    results = _publish_at_once(
        app, api, people, [("walidata", "2024-S1"), ("sysadmin", "2024-S2")],
        sa.select(package.c.id).where(package.c.id == people["dataset"]["id"]),
    )
    assert [status for status, _body in results] == [200, 200], results
    model.Session.remove()
    assert submission_of(people, "2024-S1")["state"] == "published"
    assert submission_of(people, "2024-S2")["state"] == "published"
    dataset = helpers.call_action("package_show", as_user(None),
                                  id=people["dataset"]["id"])
    assert [r["id"] for r in dataset["resources"]] == [_resource_id(people)]
    found = _search(_resource_id(people))
    assert found["total"] == 2 * len(KECAMATAN)
    assert _by_row(found["records"], "2024-S1") == VALUES
    assert _by_row(found["records"], "2024-S2") == VALUES_S2
    # the resource created and then given up left no table behind
    tables = helpers.call_action("datastore_search", _site(),
                                 resource_id="_table_metadata", limit=1000)
    names = {r["name"] for r in tables["records"]}
    assert len(names & {r["id"] for r in dataset["resources"]}) == 1
