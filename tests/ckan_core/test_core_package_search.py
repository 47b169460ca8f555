"""CKAN core's own search tests, run against satudata_search.

The classes are imported from the installed ``ckan.tests`` package so that
pytest collects them here, under this project's fixtures. Nothing in them
is changed; tests we skip are listed in README.md with the reason.
"""

from ckan.tests.logic.action.test_get import (  # noqa: F401
    TestPackageAutocomplete,
    TestPackageSearch,
)
