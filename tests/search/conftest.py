from __future__ import annotations

import pathlib

import pytest

#: The search engine's own tests run it under the plugins CKAN core ships,
#: without the SDI schema (whose mandatory fields CKAN's factories do not
#: fill): what they check is that core's package_search works unchanged.
SEARCH_PLUGINS = "satudata_search activity dcat"
_HERE = pathlib.Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in pathlib.Path(str(item.path)).parents:
            item.add_marker(pytest.mark.ckan_config("ckan.plugins", SEARCH_PLUGINS))
