"""The test helpers themselves."""

from __future__ import annotations

import logging

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
