"""Archived schema revisions against the code's migrations (pure), and the
code's own migrations as CKAN finds them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ckanext.satudata
from ckanext.satudata.backup import migrations
from ckanext.satudata.backup.migrations import Scripts


def _scripts(*revisions: str) -> Scripts:
    return Scripts(frozenset(revisions[-1:]), frozenset(revisions))


CODE = {
    "ckan": _scripts("a1", "a2"),
    "satudata_search": _scripts("0001", "0002"),
    "satudata_new": _scripts("0001_new"),
}


@pytest.mark.parametrize(("archived", "unknown", "behind", "absent", "not_enabled"), [
    ({"ckan": "a2", "satudata_search": "0002", "satudata_new": "0001_new"},
     [], [], [], []),
    ({"ckan": "a2", "satudata_search": "0001"}, [], ["satudata_search"],
     ["satudata_new"], []),
    ({"ckan": "a3", "satudata_search": "0002", "satudata_new": "0001_new"},
     [("ckan", "a3")], [], [], []),
    ({"ckan": "a2", "satudata_search": "0002", "satudata_new": "0001_new",
      "satudata_gone": "0004"}, [], [], [], ["satudata_gone"]),
])
def test_compare(archived: dict[str, str], unknown: list[tuple[str, str]],
                 behind: list[str], absent: list[str], not_enabled: list[str]) -> None:
    found = migrations.compare(archived, CODE)
    assert found.unknown == unknown
    assert found.behind == behind
    assert found.absent == absent
    assert found.not_enabled == not_enabled
    assert found.pending == sorted({*behind, *absent})


@pytest.mark.usefixtures("with_plugins")
def test_the_code_migrations_of_core_and_our_plugins() -> None:
    found = migrations.code_scripts(["satudata_search", "satudata", "activity"])
    assert set(found) == {"ckan", "satudata_search", "activity"}  # satudata: none
    versions = Path(ckanext.satudata.__file__).parent.joinpath(
        "migration", "satudata_search", "versions")
    written = {re.search(r'^revision = "(.+)"', path.read_text(), re.M)[1]
               for path in versions.glob("*.py")}  # type: ignore[index]
    assert found["satudata_search"].known == written
    assert len(found["satudata_search"].heads) == 1
    assert found["satudata_search"].heads < written
    assert found["ckan"].heads <= found["ckan"].known
