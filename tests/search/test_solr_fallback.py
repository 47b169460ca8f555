"""Without satudata_search in ckan.plugins the portal uses CKAN's Solr.

Runs the portal's configuration, minus our search plugin, in a separate
Python process (plugins patch CKAN at start-up, so this cannot be shown
inside the test process), against a stub Solr that records requests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.lib.search.common as common
    import ckan.plugins as p
    import ckan.plugins.toolkit as tk

    from ckanext.satudata.testing import sdi_fields

    app = make_app(load_config(sys.argv[1]))
    with app._wsgi_app.test_request_context():
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site_user["name"], "ignore_auth": True}
        tk.get_action("organization_create")(dict(context), {"name": "solr-opd"})
        tk.get_action("package_create")(dict(context), {
            "name": "solr-penduduk", "title": "Penduduk", "owner_org": "solr-opd",
            **sdi_fields(wilayah="33.74.01", tahun_data="2023-2024")})
        facets = {}
        for plugin in p.PluginImplementations(p.IFacets):  # as Cari Data asks
            facets = plugin.dataset_facets(facets, "dataset")
        result = tk.get_action("package_search")(
            {"ignore_auth": True}, {"q": "penduduk", "facet.field": list(facets)})
    print(json.dumps({
        "make_connection": common.make_connection.__module__,
        "search_plugin_loaded": p.plugin_loaded("satudata_search"),
        "count": result["count"],
    }))
""")


class StubSolr(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self) -> None:
        self._answer(parse_qs(urlparse(self.path).query))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        if "/update" in self.path:  # index writes: keep the document
            StubSolr.requests.append({"path": urlparse(self.path).path, "body": body})
            self._send(b'{"responseHeader": {"status": 0}}', "application/json")
            return
        self._answer(parse_qs(body))

    def _answer(self, params: dict) -> None:
        path = urlparse(self.path).path
        StubSolr.requests.append({"path": path, **params})
        if path.endswith("/schema"):  # CKAN's start-up schema version check
            self._send(b'<?xml version="1.0"?><schema name="ckan-2.12"/>',
                       "application/xml")
            return
        body = json.dumps({
            "responseHeader": {"status": 0},
            "response": {"numFound": 0, "start": 0, "docs": []},
            "facet_counts": {"facet_fields": {}},
        }).encode()
        self._send(body, "application/json")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.mark.usefixtures("clean_db")
def test_portal_without_search_plugin_queries_solr(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubSolr)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    plugins = ("satudata satudata_access scheming_datasets activity tracking dcat "
               "text_view image_view")
    ini = tmp_path / "solr.ini"
    ini.write_text(textwrap.dedent(f"""
        [app:main]
        use = config:{ROOT / 'test.ini'}
        ckan.plugins = {plugins}
        solr_url = http://127.0.0.1:{port}/solr/ckan
    """))
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ini)], capture_output=True,
            text=True, timeout=120, cwd=ROOT, env=dict(os.environ))
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"make_connection": "ckan.lib.search.common",
                       "search_plugin_loaded": False, "count": 0}
    selects = [r for r in StubSolr.requests
               if r["path"].rstrip("/").endswith("/select")]
    assert selects, StubSolr.requests
    assert any(r["path"].endswith("/schema") for r in StubSolr.requests)
    assert any("penduduk" in " ".join(r.get("q", [])) for r in selects)
    # the SDI facets go to Solr as they are, in fields its schema has: the
    # catch-all string field (urusan, kategori, keterbukaan) and the
    # multi-valued vocab_* strings (wilayah with its parents, each year)
    asked = [f for r in selects for f in r.get("facet.field", [])]
    for field in ("urusan", "organization", "vocab_wilayah", "vocab_tahun",
                  "kategori", "res_format", "keterbukaan", "tags"):
        assert field in asked, field
    updates = " ".join(r["body"] for r in StubSolr.requests if "body" in r)
    for value in ("vocab_wilayah", "33.74.01", "vocab_tahun", "2023", "urusan",
                  "2.12", "keterbukaan", "terbuka"):
        assert value in updates, value
