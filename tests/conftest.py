from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ckanext.satudata.testing import migrate_plugin_tables
from tests import loaded

if TYPE_CHECKING:
    from tests.indicators.support import Api


def pytest_configure(config: pytest.Config) -> None:
    """A parallel worker (``make test`` runs two) gets databases, Redis and
    storage of its own before CKAN's plugin reads the ini (tests/workers.py)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from tests.workers import prepare

        prepare(Path(config.getoption("--ckan-ini")), worker)


#: CKAN's ``app`` and ``with_plugins``, which keep the plugins and the web
#: app of the test ini between tests that change neither (tests/loaded.py)
app = loaded.app
with_plugins = loaded.with_plugins


@pytest.fixture(autouse=True)
def _seeded_faker():
    """CKAN's factories fill titles and notes with random Faker text, whose
    words occasionally match a test's query ("one" is in Faker's word list,
    so q=One can find a dataset by its notes, with Solr too). Seeding each
    test makes every run see the same data."""
    from ckan.tests import factories

    factories.fake.seed_instance(2026)



@pytest.fixture(autouse=True)
def _forget_test_app():
    """Outside a request, ``h.url_for`` builds URLs with the last web app a
    test made (``ckan.config.middleware._internal_test_request_context``).
    A test that made one with only a few plugins (``ckan_config`` on
    ``ckan.plugins``) would leave later tests of the same process unable
    to build the other plugins' URLs, depending on which files ran before
    (the order differs between workers). After each test the URLs come
    again from the app of the test ini, made at session start."""
    yield
    from ckan.config import middleware

    middleware._internal_test_request_context = None

#: Whether this process migrated the plugins' tables since CKAN last
#: dropped them (see clean_db).
_MIGRATED = False


@pytest.fixture
def clean_db(reset_db):
    """CKAN's clean_db, plus the tables of our plugins and of activity.

    CKAN's first reset drops every table, those made by plugin migrations
    included, and recreates only the core ones.
    """
    from ckan import model
    from ckan.tests import factories

    global _MIGRATED
    # CKAN's reset drops every table only the first time (later it empties
    # them): the plugins' tables need migrating again only then. Checking
    # nine plugins' alembic heads costs ~0.6 s a test.
    kept = model.repo.tables_created_and_initialised
    reset_db()
    if not (kept and _MIGRATED):
        migrate_plugin_tables()
        _MIGRATED = True
    # The seeded sequence repeats in every test: with the database empty,
    # the values ``fake.unique`` saw in earlier tests are free again (else
    # it runs dry after some hundred tests). Tests that keep the database
    # (CKAN core's class-level data) keep the memory.
    factories.fake.unique.clear()


@pytest.fixture
def clean_datastore(clean_db, clean_index):
    """CKAN's clean_datastore (ckanext/datastore/tests/conftest.py) with our
    clean_db: the DataStore database emptied too."""
    from ckanext.datastore.tests import helpers as datastore_helpers

    engine = datastore_helpers.db.get_write_engine()
    datastore_helpers.rebuild_all_dbs(datastore_helpers.orm.scoped_session(
        datastore_helpers.orm.sessionmaker(bind=engine)
    ))


# ---- an OPD with its people and an indicator dataset ---------------------
# Used by the indicator, workflow and DCAT tests; their data and helpers
# (POPULATION, as_user, fill, to_state...) are in tests/indicators/support.py
# and tests/workflow/support.py. CKAN is imported inside the fixtures: this
# file is loaded before CKAN's pytest plugin reads the test ini.


@pytest.fixture
def opd() -> dict[str, Any]:
    """An OPD with an operator (editor), a verifikator (admin), a plain
    member, and an indicator dataset with the population structure."""
    from ckan.tests import factories

    from ckanext.satudata.testing import sdi_fields

    operator = factories.User(name="operator")
    verifikator = factories.User(name="verifikator")
    member = factories.User(name="anggota")
    organization = factories.Organization(
        name="disdukcapil",
        users=[
            {"name": operator["name"], "capacity": "editor"},
            {"name": verifikator["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    dataset = factories.Dataset(
        name="penduduk-kecamatan", title="Jumlah Penduduk Menurut Jenis Kelamin",
        owner_org=organization["id"], **sdi_fields(),
    )
    return {
        "organization": organization, "dataset": dataset, "operator": operator,
        "verifikator": verifikator, "member": member,
    }


@pytest.fixture
def structured(opd: dict[str, Any]) -> dict[str, Any]:
    """``opd`` with the POPULATION structure set by its operator."""
    from ckan.tests import helpers

    from tests.indicators.support import POPULATION, as_user

    opd["structure"] = helpers.call_action(
        "satudata_structure_update", as_user(opd["operator"]),
        id=opd["dataset"]["id"], **POPULATION,
    )
    return opd


@pytest.fixture
def people(structured: dict[str, Any]) -> dict[str, Any]:
    """``structured`` plus walidata (editor of the walidata organization),
    a sysadmin, an operator of another OPD, pembina (member of bps) and a
    public user."""
    from ckan.tests import factories

    walidata = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"},
    ])
    other = factories.User(name="operator-lain")
    factories.Organization(name="dinkes", users=[
        {"name": other["name"], "capacity": "editor"},
    ])
    pembina = factories.User(name="pembina")
    factories.Organization(name="bps", users=[
        {"name": pembina["name"], "capacity": "member"},
    ])
    structured.update(
        walidata=walidata, sysadmin=factories.Sysadmin(name="admin-portal"),
        other_operator=other, pembina=pembina,
        public=factories.User(name="warga"),
    )
    return structured


@pytest.fixture
def api(app: Any) -> Api:
    """Action API calls through the test client, each user with a token."""
    from tests.indicators.support import Api

    return Api(app)


@pytest.fixture(scope="session")
def _mail_sink() -> Any:
    from ckanext.satudata.demo.mailsink import MailSink

    sink = MailSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mailbox(_mail_sink: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A real local SMTP server (aiosmtpd) that CKAN's mailer sends to in
    this test: ``mailbox.to(address)`` lists what arrived there,
    ``mailbox.text(message)`` gives a message's text."""
    from ckan.common import config

    monkeypatch.setitem(config, "smtp.server", _mail_sink.address)
    monkeypatch.setitem(config, "smtp.starttls", False)
    # a CLI command under test loads its own config: CKAN reads these
    # variables over the file's values
    monkeypatch.setenv("CKAN_SMTP_SERVER", _mail_sink.address)
    monkeypatch.setenv("CKAN_SMTP_STARTTLS", "false")
    _mail_sink.clear()
    return _mail_sink
