from __future__ import annotations

import pytest

from ckanext.satudata.testing import migrate_plugin_tables


@pytest.fixture
def clean_db(reset_db):
    """CKAN's clean_db, plus the tables of our plugins and of activity.

    CKAN's first reset drops every table, those made by plugin migrations
    included, and recreates only the core ones.
    """
    reset_db()
    migrate_plugin_tables()
