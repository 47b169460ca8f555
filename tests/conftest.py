from __future__ import annotations

import pytest

from ckanext.satudata.testing import migrate_plugin_tables


@pytest.fixture(autouse=True)
def _seeded_faker():
    """CKAN's factories fill titles and notes with random Faker text, whose
    words occasionally match a test's query ("one" is in Faker's word list,
    so q=One can find a dataset by its notes, with Solr too). Seeding each
    test makes every run see the same data."""
    from ckan.tests import factories

    factories.fake.seed_instance(2026)


@pytest.fixture
def clean_db(reset_db):
    """CKAN's clean_db, plus the tables of our plugins and of activity.

    CKAN's first reset drops every table, those made by plugin migrations
    included, and recreates only the core ones.
    """
    from ckan.tests import factories

    reset_db()
    migrate_plugin_tables()
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
