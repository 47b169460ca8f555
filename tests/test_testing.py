"""The test helpers themselves."""

from __future__ import annotations

import logging
import os

import pytest

from ckanext.satudata.testing import migrate_plugin_tables


@pytest.mark.usefixtures("clean_db")
def test_migrating_leaves_our_loggers_switched_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # CKAN's activity migration loads an alembic.ini logging configuration
    # that switches off every logger made before it
    logger = logging.getLogger("ckanext.satudata.test_logger")
    migrate_plugin_tables()
    assert not logger.disabled
    with caplog.at_level(logging.WARNING, logger=logger.name):
        logger.warning("still heard")
    assert "still heard" in caplog.text


def test_each_parallel_worker_has_its_own_services() -> None:
    from tests.workers import own_copy

    options = {
        "sqlalchemy.url": "postgresql://u:p@127.0.0.1:5432/satudata_test",
        "ckan.datastore.write_url":
            "postgresql://u:p@127.0.0.1:5432/satudata_test_datastore",
        "ckan.datastore.read_url":
            "postgresql://r:r@127.0.0.1:5432/satudata_test_datastore",
        "ckan.redis.url": "redis://127.0.0.1:6379/1",
        "ckan.storage_path": "/work/.local/test-storage",
    }
    assert own_copy(options, "gw1") == {
        "CKAN_SQLALCHEMY_URL": "postgresql://u:p@127.0.0.1:5432/satudata_test_gw1",
        "CKAN_DATASTORE_WRITE_URL":
            "postgresql://u:p@127.0.0.1:5432/satudata_test_gw1_datastore",
        "CKAN_DATASTORE_READ_URL":
            "postgresql://r:r@127.0.0.1:5432/satudata_test_gw1_datastore",
        "CKAN_REDIS_URL": "redis://127.0.0.1:6379/3",
        "CKAN_STORAGE_PATH": "/work/.local/test-storage-gw1",
    }
    assert own_copy(options, "gw0")["CKAN_REDIS_URL"] == "redis://127.0.0.1:6379/2"


def test_this_worker_uses_its_own_database() -> None:
    from ckan.common import config

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = config["sqlalchemy.url"]
    if worker:
        assert url.endswith(f"_{worker}")
        assert config["ckan.datastore.write_url"].endswith(f"_{worker}_datastore")
    else:
        assert "_gw" not in url


@pytest.mark.ckan_config("ckan.plugins", "activity")
def test_an_app_with_few_plugins(app) -> None:
    # the app of this test knows none of our URLs…
    from ckan.config import middleware

    assert middleware._internal_test_request_context is not None
    with pytest.raises(Exception, match="satudata_indicators.entry"):
        from ckan.plugins import toolkit as tk

        tk.h.url_for("satudata_indicators.entry", id="x", period="2024")


@pytest.mark.usefixtures("with_plugins")
def test_later_tests_build_urls_with_the_ini_app() -> None:
    # …and the next test (same process, next in this file) is not bound to it
    from ckan.plugins import toolkit as tk

    assert tk.h.url_for("satudata_indicators.entry", id="x", period="2024") \
        == "/dataset/x/isian/2024"
