"""satudata_search_status: what walidata sees of the index, and who may."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan import model
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


def test_kept_counts_checked_on_request():
    admin = factories.Sysadmin()
    factories.Dataset(tags=[{"name": "penduduk"}])
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, check_counts=True)
    assert status["count_differences"] == 0
    with model.ensure_engine().begin() as conn:  # counts gone wrong
        conn.execute(sa.text("UPDATE satudata_search_class_count SET n = n + 1"))
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, check_counts=True)
    assert status["count_differences"] > 0
    assert "count_differences" not in helpers.call_action(
        "satudata_search_status", context={"user": admin["name"]})
    search.commit()  # the end of `ckan search-index rebuild`: counted again
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, check_counts=True)
    assert status["count_differences"] == 0


def test_wrong_counts_neither_hang_a_rebuild_nor_outlive_it(cli):
    """Found by CI: counts left wrong (by the test above) made every later
    landing search count one dataset too many, and CKAN's ``search-index
    rebuild``, which pages until it has ``count`` results, never ended.
    A short page now proves the count, and clearing the index (as a
    rebuild does) counts again."""
    from ckan.cli.cli import ckan

    admin = factories.Sysadmin()
    names = {factories.Dataset()["name"] for _ in range(2)}
    with model.ensure_engine().begin() as conn:  # counts gone wrong
        conn.execute(sa.text("UPDATE satudata_search_class_count SET n = n + 1"))
    found = helpers.call_action("package_search", rows=1000)
    assert found["count"] == 2
    assert {d["name"] for d in found["results"]} == names

    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, check_counts=True)
    assert status["count_differences"] == 0
    assert status["indexed"] == {"active": 2}


def test_clearing_the_index_drops_its_counts():
    """``ckan search-index clear`` leaves no count behind, even wrong ones
    (CKAN ends it with a commit, which counts again)."""
    admin = factories.Sysadmin()
    factories.Dataset()
    with model.ensure_engine().begin() as conn:  # counts gone wrong
        conn.execute(sa.text("UPDATE satudata_search_class_count SET n = n + 1"))
    search.clear_all()
    status = helpers.call_action("satudata_search_status",
                                 context={"user": admin["name"]}, check_counts=True)
    assert status["count_differences"] == 0
    assert status["indexed"] == {}


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
