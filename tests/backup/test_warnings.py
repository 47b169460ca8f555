"""What a restore warns about: the archive's site against this one (pure)."""

from __future__ import annotations

from ckanext.satudata.backup.restore import version_warnings

RUNNING = {"ckan": "2.12.0", "ckanext-satudata": "0.12.0",
           "ckanext-scheming": "3.1.0", "ckanext-dcat": "2.4.4", "python": "3.11.7"}


def _manifest(**changes: object) -> dict[str, object]:
    manifest: dict[str, object] = {
        "site_id": "semarang", "plugins": ["satudata", "datastore"],
        "versions": {**RUNNING, "python": "3.11.2"},
    }
    manifest.update(changes)
    return manifest


def test_the_same_site_and_code_give_no_warning() -> None:
    # another Python or PostgreSQL is no reason to warn
    assert version_warnings(_manifest(), RUNNING, ["satudata", "datastore", "x"],
                            "semarang") == []


def test_every_difference_is_named() -> None:
    found = version_warnings(
        _manifest(versions={**RUNNING, "ckanext-satudata": "0.11.0",
                            "ckanext-dcat": None},
                  plugins=["satudata", "datastore", "satudata_maps"]),
        RUNNING, ["satudata", "datastore"], "salatiga")
    assert found == [
        "ckanext-satudata: the archive was made with 0.11.0, this site runs 0.12.0",
        "ckanext-dcat: the archive was made with None, this site runs 2.4.4",
        "plugins enabled on the archive's site and not here: satudata_maps",
        "the archive is of site 'semarang', this is 'salatiga'",
    ]
