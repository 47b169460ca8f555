"""satudata_search_status: what walidata sees of the index, and who may."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import search
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_sysadmin_sees_index_in_step_with_database():
    admin = factories.Sysadmin()
    datasets = [factories.Dataset() for _ in range(3)]
    helpers.call_action("package_delete", context={"user": admin["name"]},
                        id=datasets[0]["id"])
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, list_missing=True)
    assert status["engine"] == "postgresql"
    assert status["indexed"] == {"active": 2}  # deleted ones leave the index
    assert status["datasets"] == {"active": 2, "deleted": 1}
    assert status["missing"] == 0 and status["missing_names"] == []
    assert status["size_bytes"] > 0


def test_missing_datasets_are_named():
    admin = factories.Sysadmin()
    dataset = factories.Dataset(name="data-hilang")
    search.clear(dataset["id"])  # as `ckan search-index clear <id>` does
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, list_missing=True)
    assert status["missing"] == 1
    assert status["missing_names"] == ["data-hilang"]


@pytest.mark.parametrize("who", ["anonymous", "user", "org_admin"])
def test_others_are_refused(who):
    org_admin = factories.User()
    factories.Organization(users=[{"name": org_admin["name"], "capacity": "admin"}])
    user = {"anonymous": "", "user": factories.User()["name"],
            "org_admin": org_admin["name"]}[who]
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("satudata_search_status",
                            context={"user": user, "ignore_auth": False})


def test_names_only_on_request():
    admin = factories.Sysadmin()
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]})
    assert "missing_names" not in status
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, list_missing="true")
    assert status["missing_names"] == []
