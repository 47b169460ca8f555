from __future__ import annotations

import pytest

from ckanext.satudata.testing import migrate_plugin_tables


@pytest.fixture(scope="module")
def calendar_db(reset_db):
    """An empty database with the plugins' tables, once per module: for
    the arithmetic tests, which read the (empty) regional holidays and
    write nothing."""
    from ckan import model

    reset_db()
    migrate_plugin_tables()
    model.Session.remove()
