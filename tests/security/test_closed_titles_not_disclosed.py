"""The "make public" guard of ``bulk_update_public`` must not tell an OPD
user the titles of other organizations' closed datasets.

Before the fix the guard looked at every id it was given: an editor of one
OPD who sent the id of another OPD's rahasia dataset got its title back in
the error (this test failed: the title was in the message)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")
SECRET = "Daftar Penerima Bantuan Sosial Rahasia"


@pytest.fixture
def two_opds() -> dict[str, Any]:
    editor = factories.User()
    own = factories.Organization(
        users=[{"name": editor["name"], "capacity": "admin"}]
    )
    other = factories.Organization()
    secret = factories.Dataset(
        owner_org=other["id"], title=SECRET, **sdi_fields(keterbukaan="rahasia"),
    )
    mine = factories.Dataset(
        owner_org=own["id"], title="Data Terbatas Milik Sendiri",
        **sdi_fields(keterbukaan="terbatas"),
    )
    return {"editor": editor, "own": own, "secret": secret, "mine": mine}


def _call(world: dict[str, Any], *ids: str) -> Any:
    return helpers.call_action(
        "bulk_update_public",
        {"user": world["editor"]["name"], "ignore_auth": False},
        org_id=world["own"]["id"], datasets=list(ids),
    )


def test_other_organizations_titles_are_never_named(
    two_opds: dict[str, Any],
) -> None:
    with pytest.raises(Exception) as refused:
        _call(two_opds, two_opds["secret"]["id"], two_opds["mine"]["id"])
    assert SECRET not in str(refused.value)
    assert "Data Terbatas Milik Sendiri" in str(refused.value)
    # a request with only the other OPD's dataset changes nothing there
    _call(two_opds, two_opds["secret"]["id"])
    assert model.Package.get(two_opds["secret"]["id"]).private is True
