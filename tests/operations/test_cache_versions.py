"""The monitoring's figures in Redis are invalidated again when the
transaction that changed them commits: figures another web process
computed in between (from the rows before the commit) are never served."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.satudata.monitoring import cache


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "3600")
def test_figures_computed_before_the_commit_are_not_served() -> None:
    model.Session.execute(sa.text("SELECT 1"))  # a transaction is open
    cache.bump()
    # another process asks now: it still reads the rows of before the commit
    assert cache.cached("figures", {}, lambda: "before") == "before"
    model.Session.commit()
    assert cache.cached("figures", {}, lambda: "after") == "after"


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "3600")
def test_figures_are_kept_while_nothing_changes() -> None:
    model.Session.commit()
    cache.bump()  # outside a transaction: once
    assert cache.cached("figures", {}, lambda: "first") == "first"
    model.Session.execute(sa.text("SELECT 1"))
    model.Session.commit()
    assert cache.cached("figures", {}, lambda: "second") == "first"
