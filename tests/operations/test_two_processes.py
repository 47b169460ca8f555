"""Several web processes behind one nginx: a change made through one is seen
by the next request of every other (docs/deployment.md).

Two gunicorn servers, A and B (one worker each), run the portal on this
test's databases and Redis, with the portal's caches switched on as in
production. For each cache of what the walidata (or an operator) may
change at run time, B answers once (filling its caches), the change is
made through A over HTTP, and B's next answer must show it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.indicators.support import POPULATION, as_user
from tests.workflow.support import VALUES

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
APPLICATION = "ckanext.satudata.operations.wsgi:application"
#: The caches of the servers, on as in production (the test ini turns
#: most of them off for the other tests).
SERVER_OPTIONS = {
    "ckanext.satudata.stats_cache_seconds": "300",
    "ckanext.satudata.monitoring.cache_seconds": "3600",
    "ckanext.satudata.performance.cache_seconds": "600",
    "ckanext.satudata.search.cache_size": "512",
}
START_SECONDS = 90
#: Every name made here ends with this (the module keeps its data).
RUN = uuid.uuid4().hex[:6]
#: A Tuesday between the test periods' deadlines and today, a working day
#: in every calendar (no national holidays are known for 2025).
HOLIDAY = "2025-02-04"


class Server:
    """One gunicorn server of the portal, called over HTTP."""

    def __init__(self, name: str, port: int, log: Path) -> None:
        self.name, self.url, self.log = name, f"http://127.0.0.1:{port}", log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, ini: Path) -> None:
        env = {**os.environ, "CKAN_INI": str(ini)}  # the worker's CKAN_* too
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(GUNICORN), APPLICATION, "--workers", "1",
                 "--bind", self.url.removeprefix("http://"),
                 "--timeout", "120", "--graceful-timeout", "5"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"server {self.name} stopped:\n"
                                 + self.log.read_text()[-3000:])
        try:
            return requests.get(f"{self.url}/api/3/action/status_show",
                                timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Quick shutdown (gunicorn's SIGQUIT), without waiting."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def call(self, action: str, token: str | None = None, *, post: bool = False,
             files: dict[str, Any] | None = None, **data: Any) -> Any:
        """The result of ``action``: a GET unless ``post`` or ``files``."""
        url = f"{self.url}/api/3/action/{action}"
        headers = {"Authorization": token} if token else {}
        if files:
            response = requests.post(url, data=data, files=files, headers=headers,
                                     timeout=60)
        elif post:
            response = requests.post(url, json=data, headers=headers, timeout=60)
        else:
            response = requests.get(url, params=data, headers=headers, timeout=60)
        body = response.json()
        assert body.get("success"), f"{self.name} {action}: {body.get('error')}"
        return body["result"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_ini(folder: Path, test_ini: Path) -> Path:
    """The test ini with the caches on (its databases, Redis and storage,
    or a parallel worker's through the CKAN_* variables)."""
    options = "\n".join(f"{key} = {value}" for key, value in SERVER_OPTIONS.items())
    ini = folder / "server.ini"
    ini.write_text(
        f"[app:main]\nuse = config:{test_ini.resolve()}\n{options}\n\n"
        "[loggers]\nkeys = root\n[handlers]\nkeys = console\n"
        "[formatters]\nkeys = generic\n"
        "[logger_root]\nlevel = WARNING\nhandlers = console\n"
        "[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\n"
        "level = NOTSET\nformatter = generic\n"
        "[formatter_generic]\nformat = %(levelname)s [%(name)s] %(message)s\n",
        encoding="utf-8")
    return ini


@pytest.fixture(scope="module")
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            reset_db: Any, reset_redis: Any) -> Iterator[tuple[Server, Server]]:
    """A and B, started on freshly migrated tables, stopped at the end."""
    from ckanext.satudata.testing import migrate_plugin_tables

    reset_db()
    migrate_plugin_tables()
    reset_redis()
    folder = tmp_path_factory.mktemp("servers")
    ini = _server_ini(folder, Path(request.config.getoption("--ckan-ini")))
    pair = (Server("A", _free_port(), folder / "a.log"),
            Server("B", _free_port(), folder / "b.log"))
    try:
        for server in pair:
            server.start(ini)
        deadline = time.monotonic() + START_SECONDS
        waiting = list(pair)
        while waiting:
            waiting = [server for server in waiting if not server.ready()]
            if waiting and time.monotonic() > deadline:
                raise AssertionError(f"{[s.name for s in waiting]} did not answer"
                                     f" within {START_SECONDS} s")
            if waiting:
                time.sleep(0.3)
        yield pair
    finally:
        for server in pair:
            server.stop()
        for server in pair:
            server.wait()


# ---- the people and data of the tests (made in this, a third, process) ----

_PEOPLE: dict[str, Any] = {}


def _token(user: dict[str, Any]) -> str:
    from ckan.tests import helpers

    return helpers.call_action("api_token_create", {"ignore_auth": True},
                               user=user["name"], name="tes")["token"]


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, Any]:
    """A walidata (sysadmin) and an OPD with its operator and an indicator
    dataset (the POPULATION structure: semesters from 2024-S1, all of
    2024 overdue), each user with an API token; made once a module, with
    the plugins loaded in this process then (the other tests only call
    the servers)."""
    if not _PEOPLE:
        request.getfixturevalue("with_plugins")
        from ckan.tests import factories, helpers

        from ckanext.satudata.testing import sdi_fields

        walidata = factories.Sysadmin(name=f"walidata-{RUN}")
        operator = factories.User(name=f"operator-{RUN}")
        organization = factories.Organization(
            name=f"opd-{RUN}", users=[{"name": operator["name"], "capacity": "editor"}])
        dataset = factories.Dataset(name=f"penduduk-{RUN}",
                                    owner_org=organization["id"], **sdi_fields())
        helpers.call_action("satudata_structure_update", as_user(operator),
                            id=dataset["id"], **POPULATION)
        _PEOPLE.update(walidata=walidata, walidata_token=_token(walidata),
                       operator=operator, operator_token=_token(operator),
                       organization=organization, dataset=dataset)
    return _PEOPLE


# ---- the tests ---------------------------------------------------------------


def test_a_new_dataset_counts_at_once_and_visits_are_shared(servers, people):
    """Beranda's figures (satudata_portal_stats): the datasets and producers
    are counted on every request, the visits kept in Redis for all."""
    import sqlalchemy as sa
    from ckan import model

    from ckanext.satudata.testing import sdi_fields

    a, b = servers
    before = b.call("satudata_portal_stats")
    organization = a.call("organization_create", people["walidata_token"], post=True,
                          name=f"dinas-{RUN}", title="Dinas Baru")
    a.call("package_create", people["walidata_token"], post=True,
           name=f"baru-{RUN}", title="Dataset Baru", owner_org=organization["id"],
           **sdi_fields())
    after = b.call("satudata_portal_stats")
    assert (after["datasets"], after["producers"]) == (
        before["datasets"] + 1, before["producers"] + 1)

    model.Session.execute(sa.text(
        "INSERT INTO tracking_raw (user_key, url, tracking_type, access_timestamp)"
        " VALUES (:key, '/dataset/x', 'page', now())"), {"key": RUN})
    model.Session.commit()
    # A counts nothing itself: it reads the figures B counted (one value
    # for every process, at most stats_cache_seconds old)
    assert a.call("satudata_portal_stats")["views"] == after["views"]


def test_a_new_dataset_is_found_at_once(servers, people):
    """The search's result cache of each process (satudata_search) is
    tied to the index generation, a PostgreSQL sequence."""
    from ckanext.satudata.testing import sdi_fields

    a, b = servers
    query = {"q": "*:*", "fq": f'name:"cari-{RUN}"', "rows": 0}
    assert b.call("package_search", **query)["count"] == 0
    a.call("package_create", people["walidata_token"], post=True,
           name=f"cari-{RUN}", title="Dicari", owner_org=people["organization"]["id"],
           **sdi_fields())
    assert b.call("package_search", **query)["count"] == 1


def test_a_regional_holiday_changes_the_days_late_at_once(servers, people):
    """The working days late of the monitoring (cached in B's process
    before, and in Redis)."""
    a, b = servers
    ask = {"id": people["organization"]["name"], "window": "2024"}
    before = b.call("satudata_monitoring_organization", people["walidata_token"], **ask)
    late = {row["period"]: row["days_late"] for row in before["problems"]
            if row["kind"] == "overdue"}
    assert set(late) == {"2024-S1", "2024-S2"}

    a.call("satudata_holiday_create", people["walidata_token"], post=True,
           day=HOLIDAY, name="Hari Jadi Uji")
    after = b.call("satudata_monitoring_organization", people["walidata_token"], **ask)
    assert {row["period"]: row["days_late"] for row in after["problems"]
            if row["kind"] == "overdue"} == {
        period: days - 1 for period, days in late.items()}


def test_saved_values_show_in_the_monitoring_at_once(servers, people):
    """The monitoring's figures in Redis, versioned by every refresh."""
    a, b = servers
    ask = {"id": people["organization"]["name"], "window": "2024"}
    before = b.call("satudata_monitoring_organization", people["walidata_token"], **ask)
    a.call("satudata_submission_save", people["operator_token"], post=True,
           id=people["dataset"]["id"], period="2024-S1", values=VALUES)
    after = b.call("satudata_monitoring_organization", people["walidata_token"], **ask)
    assert after["organization"]["filled"] == before["organization"]["filled"] + 1


def test_a_performance_indicator_shows_at_once(servers, people):
    """Capaian Kinerja's rows, kept in Redis until the walidata mark one."""
    a, b = servers
    name = people["dataset"]["name"]
    assert not [row for row in b.call("satudata_performance_list")
                if row["name"] == name]
    a.call("satudata_performance_mark", people["walidata_token"], post=True,
           id=people["dataset"]["id"], indikator_kinerja="ya",
           kinerja_komponen="perempuan", kinerja_target="2024: 20000",
           kinerja_arah="naik")
    rows = [row for row in b.call("satudata_performance_list") if row["name"] == name]
    assert [(row["year"], row["target"]) for row in rows] == [(2024, 20000)]


def test_a_new_boundary_replaces_the_old_one_at_once(servers, people):
    """The map boundary's shapes, kept by each process under the row's id."""
    from tests.maps.support import KECAMATAN_FILE

    a, b = servers
    token = people["walidata_token"]

    def upload(name: str) -> None:
        a.call("satudata_maps_boundary_upload", token, name=name,
               files={"upload": ("kecamatan.geojson", KECAMATAN_FILE,
                                 "application/geo+json")})

    upload("Batas lama")
    assert b.call("satudata_maps_boundary_show", level="kecamatan",
                  shapes="true")["name"] == "Batas lama"
    upload("Batas baru")
    assert b.call("satudata_maps_boundary_show", level="kecamatan",
                  shapes="true")["name"] == "Batas baru"


def _expiry_days(token: str) -> float:
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return (claims["exp"] - time.time()) / 86400


def test_an_option_set_at_run_time_applies_at_once(servers, people):
    """``ckanext.satudata.api_token.max_days``, set on /ckan-admin/config
    (CKAN's ``ckan.config_update`` stamp, checked on every request)."""
    from ckan import model

    a, b = servers
    token, user = people["walidata_token"], people["walidata"]["name"]
    option = "ckanext.satudata.api_token.max_days"
    try:
        first = b.call("api_token_create", token, post=True, user=user, name="b1")
        assert 364 < _expiry_days(first["token"]) <= 365
        a.call("config_option_update", token, post=True, **{option: "7"})
        second = b.call("api_token_create", token, post=True, user=user, name="b2")
        assert 6 < _expiry_days(second["token"]) <= 7
    finally:
        model.delete_system_info(option)
        model.set_system_info("ckan.config_update", str(dt.datetime.now().timestamp()))
        model.Session.commit()
