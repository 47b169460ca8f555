"""CKAN core's own search tests, run against satudata_search.

The classes are imported from the installed ``ckan.tests`` package so that
pytest collects them here, under this project's fixtures. Nothing in them
is changed; tests we skip are listed in README.md with the reason.

Run with their own configuration (``tests/ckan_core/core.ini``), as CKAN
runs them with its test-core.ini: ``make test`` does.
"""

from ckan.tests.cli.test_search_index import (
    TestSearchIndex as TestSearchIndexCli,  # noqa: F401
)
from ckan.tests.controllers.test_group import (  # noqa: F401
    TestGroupInnerSearch,
    TestGroupSearch,
)
from ckan.tests.controllers.test_organization import (  # noqa: F401
    TestOrganizationInnerSearch,
    TestOrganizationSearch,
    sysadmin,
)
from ckan.tests.controllers.test_package import TestSearch, user  # noqa: F401
from ckan.tests.lib.search.test_index import (  # noqa: F401
    TestPackageSearchIndex,
    TestSearchIndex,
)
from ckan.tests.lib.search.test_query import TestPackageQuery  # noqa: F401
from ckan.tests.logic.action.test_get import (  # noqa: F401
    TestGroupList,
    TestGroupShow,
    TestOrganizationList,
    TestOrganizationShow,
    TestPackageAutocomplete,
    TestPackageSearch,
    TestTagShow,
)
