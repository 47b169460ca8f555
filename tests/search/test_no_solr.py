"""Every page, API call and command that needs search works with no Solr,
and nothing ever opens a connection to ``solr_url``."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import ckan.lib.search as search
import pysolr
import pytest
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from ckanext.satudata.search import engine


class SolrTrap:
    """A listening socket standing in for Solr, counting who knocks."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.clients: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def solr_trap(monkeypatch, ckan_config) -> Iterator[SolrTrap]:
    trap = SolrTrap()
    monkeypatch.setitem(ckan_config, "solr_url",
                        f"http://127.0.0.1:{trap.port}/solr/ckan")
    original = pysolr.Solr.__init__

    def record(self, url, *args, **kwargs):
        trap.clients.append(url)
        original(self, url, *args, **kwargs)

    monkeypatch.setattr(pysolr.Solr, "__init__", record)
    yield trap
    trap.close()


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_portal_works_without_solr(app, cli, solr_trap):
    assert engine.installed()
    user = factories.UserWithToken(password="SatuData#2026")
    org = factories.Organization(
        name="dinas-pendidikan", title="Dinas Pendidikan",
        users=[{"name": user["name"], "capacity": "editor"}])
    group = factories.Group(name="pendidikan")
    public = factories.Dataset(
        name="jumlah-sekolah", title="Jumlah Sekolah Menurut Jenjang",
        owner_org=org["id"], groups=[{"id": group["id"]}],
        tags=[{"name": "sekolah"}],
        resources=[{"url": "http://example.com/sekolah.csv", "format": "CSV"}])
    factories.Dataset(name="data-guru-internal", title="Data Guru Internal",
                      owner_org=org["id"], private=True)
    auth = {"Authorization": user["token"]}

    for url in ("/", "/dataset/", "/dataset/?q=sekolah&tags=sekolah",
                f"/dataset/{public['name']}", "/organization/",
                f"/organization/{org['name']}", "/group/", f"/group/{group['name']}"):
        page = app.get(url)
        assert page.status_code == 200, url
    assert "Jumlah Sekolah Menurut Jenjang" in app.get("/dataset/").body
    assert "Data Guru Internal" not in app.get("/dataset/").body
    assert "Data Guru Internal" in app.get(
        f"/organization/{org['name']}", headers=auth).body
    assert app.get("/dashboard/datasets", headers=auth).status_code == 200

    for action, params in (
            ("package_search", {"q": "sekolah"}),
            ("package_autocomplete", {"q": "sekol"}),
            ("organization_show", {"id": org["name"], "include_datasets": True}),
            ("group_list", {"all_fields": True}),
            ("tag_show", {"id": "sekolah", "include_datasets": True})):
        body = app.get(f"/api/3/action/{action}", query_string=params).json
        assert body["success"], (action, body)

    catalogue = app.get("/catalog.ttl")
    assert catalogue.status_code == 200
    assert "Jumlah Sekolah Menurut Jenjang" in catalogue.body
    assert "Data Guru Internal" not in catalogue.body
    assert app.get(f"/dataset/{public['name']}.ttl").status_code == 200
    recent = app.get("/catalog.ttl", query_string={"modified_since": "2020-01-01"})
    assert "Jumlah Sekolah Menurut Jenjang" in recent.body
    future = app.get("/catalog.ttl", query_string={"modified_since": "2999-01-01"})
    assert "Jumlah Sekolah Menurut Jenjang" not in future.body

    for args in (["search-index", "rebuild"], ["search-index", "check"],
                 ["search-index", "show", public["name"]],
                 ["search-index", "clear"], ["search-index", "rebuild", "-o"]):
        result = cli.invoke(ckan, args)
        assert result.exit_code == 0, (args, result.output)
    assert helpers.call_action("package_search", q="sekolah")["count"] == 1

    assert solr_trap.clients == []
    assert solr_trap.connections == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_search_index_commands_keep_index_and_database_in_step(cli):
    org = factories.Organization()
    datasets = [factories.Dataset(owner_org=org["id"]) for _ in range(3)]
    assert cli.invoke(ckan, ["search-index", "clear"]).exit_code == 0
    assert helpers.call_action("package_search")["count"] == 0
    check = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 3 out of 3" in check.output
    assert cli.invoke(ckan, ["search-index", "rebuild", "-o"]).exit_code == 0
    assert helpers.call_action("package_search")["count"] == 3
    check = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 0 out of 3" in check.output
    assert search.show(datasets[0]["name"])["id"] == datasets[0]["id"]
