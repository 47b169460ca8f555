"""Access classes are enforced everywhere: a terbatas or rahasia dataset,
its resources and its file are invisible to the public (pages, Action API,
search and facet counts, activity, downloads, DCAT) and visible to the
owning OPD's members, the walidata (sysadmin) and the pembina data (BPS)."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SECRET_BYTES = b"nik,nama\n3374010101010001,Rahasia Sekali\n"
CLASSES = ("terbatas", "rahasia")


@pytest.fixture
def world(create_with_upload: Any) -> dict[str, Any]:
    """Disdukcapil with an operator, a terbuka, a terbatas and a rahasia
    dataset (each with an uploaded file); BPS with a pembina; an operator
    of another OPD; a walidata; a registered citizen."""
    operator = factories.User(name="operator-disdukcapil")
    other = factories.User(name="operator-dinsos")
    pembina = factories.User(name="pembina-bps")
    citizen = factories.User(name="warga")
    walidata = factories.Sysadmin(name="walidata")
    factories.Organization(
        name="disdukcapil", users=[{"name": operator["name"], "capacity": "editor"}]
    )
    factories.Organization(
        name="dinas-sosial", users=[{"name": other["name"], "capacity": "editor"}]
    )
    factories.Organization(
        name="bps", users=[{"name": pembina["name"], "capacity": "member"}]
    )
    context = {"user": operator["name"]}
    datasets = {}
    for keterbukaan in ("terbuka", *CLASSES):
        dataset = helpers.call_action(
            "package_create",
            context,
            name=f"penduduk-{keterbukaan}",
            title=f"Penduduk Rentan {keterbukaan.title()}",
            owner_org="disdukcapil",
            tag_string=f"rentan,kunci-{keterbukaan}",
            **sdi_fields(keterbukaan=keterbukaan, urusan="2.12"),
        )
        resource = create_with_upload(
            SECRET_BYTES,
            f"{keterbukaan}.csv",
            package_id=dataset["id"],
            name=f"Tabel {keterbukaan}",
            context=dict(context),
        )
        datasets[keterbukaan] = {**dataset, "resource": resource}
    return {
        "datasets": datasets,
        "operator": operator,
        "other": other,
        "pembina": pembina,
        "citizen": citizen,
        "walidata": walidata,
    }


def _ctx(user: dict[str, Any] | None) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def _can(action: str, user: dict[str, Any] | None, **data: Any) -> bool:
    try:
        helpers.call_action(action, _ctx(user), **data)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _search_names(user: dict[str, Any] | None, **params: Any) -> set[str]:
    result = helpers.call_action(
        "package_search", _ctx(user), include_private=True, rows=100, **params
    )
    return {d["name"] for d in result["results"]}


def _readers(world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: world[k] for k in ("operator", "walidata", "pembina")}


def _outsiders(world: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    return {"anonymous": None, "citizen": world["citizen"], "other OPD": world["other"]}


@pytest.mark.parametrize("keterbukaan", CLASSES)
def test_api_show_actions(world, keterbukaan):
    dataset = world["datasets"][keterbukaan]
    for who, user in _outsiders(world).items():
        assert not _can("package_show", user, id=dataset["name"]), who
        assert not _can("resource_show", user, id=dataset["resource"]["id"]), who
        assert not _can("package_activity_list", user, id=dataset["id"]), who
    for who, user in _readers(world).items():
        assert _can("package_show", user, id=dataset["name"]), who
        assert _can("resource_show", user, id=dataset["resource"]["id"]), who
        assert _can("package_activity_list", user, id=dataset["id"]), who
    open_one = world["datasets"]["terbuka"]
    assert _can("package_show", None, id=open_one["name"])
    assert _can("resource_show", None, id=open_one["resource"]["id"])


def test_search_and_facet_counts(world):
    closed = {f"penduduk-{k}" for k in CLASSES}
    for who, user in _outsiders(world).items():
        names = _search_names(user, q="penduduk")
        assert names == {"penduduk-terbuka"}, who
        facets = helpers.call_action(
            "package_search",
            _ctx(user),
            include_private=True,
            **{"facet.field": ["tags", "keterbukaan", "organization", "urusan"]},
        )["facets"]
        assert facets["keterbukaan"] == {"terbuka": 1}, who
        assert facets["organization"] == {"disdukcapil": 1}, who
        assert facets["urusan"] == {"2.12": 1}, who
        assert set(facets["tags"]) == {"rentan", "kunci-terbuka"}, who
        assert _search_names(user, fq="tags:kunci-rahasia") == set(), who
    for who, user in _readers(world).items():
        assert closed <= _search_names(user, q="penduduk"), who
        facets = helpers.call_action(
            "package_search",
            _ctx(user),
            include_private=True,
            **{"facet.field": ["keterbukaan"]},
        )["facets"]
        assert facets["keterbukaan"] == {"terbuka": 1, "terbatas": 1, "rahasia": 1}, who


def test_resource_search_and_single_activities(world):
    found = helpers.call_action("resource_search", _ctx(None), query="name:Tabel")
    assert [r["name"] for r in found["results"]] == ["Tabel terbuka"]
    for keterbukaan in CLASSES:
        dataset_id = world["datasets"][keterbukaan]["id"]
        activities = helpers.call_action(
            "package_activity_list", _ctx(world["walidata"]), id=dataset_id
        )
        assert activities
        for who, user in _outsiders(world).items():
            assert not _can(
                "activity_show", user, id=activities[0]["id"], include_data=False
            ), who
            assert not _can("activity_data_show", user, id=activities[0]["id"]), who
        assert _can(
            "activity_show",
            world["pembina"],
            id=activities[0]["id"],
            include_data=False,
        )


def test_list_actions(world):
    public = helpers.call_action("current_package_list_with_resources", _ctx(None))
    assert [d["name"] for d in public] == ["penduduk-terbuka"]
    assert helpers.call_action("package_list", _ctx(None)) == ["penduduk-terbuka"]
    organization = helpers.call_action(
        "organization_show", _ctx(None), id="disdukcapil", include_datasets=True
    )
    assert organization["package_count"] == 1
    assert [d["name"] for d in organization["packages"]] == ["penduduk-terbuka"]


def test_keywords_of_closed_datasets_do_not_leak(app, world):
    for who, user in _outsiders(world).items():
        tags = helpers.call_action("tag_list", _ctx(user))
        assert "kunci-terbatas" not in tags and "kunci-rahasia" not in tags, who
        found = helpers.call_action("tag_autocomplete", _ctx(user), q="kunci")
        assert found == ["kunci-terbuka"], who
    body = app.get("/api/2/util/tag/autocomplete?incomplete=kunci").body
    assert "kunci-terbatas" not in body and "kunci-rahasia" not in body
    assert "kunci-terbatas" in helpers.call_action("tag_list", _ctx(world["walidata"]))


def test_activity_streams(world):
    closed_ids = {world["datasets"][k]["id"] for k in CLASSES}

    def object_ids(action: str, user: dict[str, Any] | None, **data: Any) -> set[str]:
        return {a["object_id"] for a in helpers.call_action(action, _ctx(user), **data)}

    for who, user in _outsiders(world).items():
        seen = object_ids("organization_activity_list", user, id="disdukcapil")
        seen |= object_ids("recently_changed_packages_activity_list", user)
        seen |= object_ids("user_activity_list", user, id="operator-disdukcapil")
        assert world["datasets"]["terbuka"]["id"] in seen, who
        assert not seen & closed_ids, who
    for who, user in _readers(world).items():
        # core keeps private datasets out of organization streams even for
        # members; the dataset's own stream is theirs
        for dataset_id in closed_ids:
            seen = object_ids("package_activity_list", user, id=dataset_id)
            assert seen == {dataset_id}, who


@pytest.mark.parametrize("keterbukaan", CLASSES)
def test_pages_and_downloads(app, world, keterbukaan):
    dataset = world["datasets"][keterbukaan]
    resource = dataset["resource"]
    urls = [
        f"/dataset/{dataset['name']}",
        f"/dataset/{dataset['name']}/resource/{resource['id']}",
        f"/dataset/{dataset['id']}/resource/{resource['id']}/download",
        f"/dataset/{dataset['id']}/resource/{resource['id']}/download/{keterbukaan}.csv",
        f"/dataset/activity/{dataset['name']}",
        f"/dataset/{dataset['name']}.ttl",
        f"/dataset/{dataset['name']}.jsonld",
    ]
    for url in urls:
        response = app.get(url)
        assert response.status_code in (403, 404), url
        assert SECRET_BYTES.decode() not in response.body, url
        assert dataset["title"] not in response.body, url
    for page in (
        "/dataset/",
        "/dataset/?q=penduduk",
        "/organization/disdukcapil",
        "/catalog.ttl",
        "/catalog.jsonld",
        "/",
        "/organization/activity/disdukcapil",
    ):
        body = app.get(page).body
        assert dataset["title"] not in body, page
        assert dataset["name"] not in body, page
    for who in ("operator", "walidata", "pembina"):
        headers = {
            "Authorization": factories.APIToken(user=world[who]["name"])["token"]
        }
        page = app.get(f"/dataset/{dataset['name']}", headers=headers)
        assert dataset["title"] in page.body, who
        download = app.get(
            f"/dataset/{dataset['id']}/resource/{resource['id']}/download",
            headers=headers,
        )
        assert download.data == SECRET_BYTES, who


def test_pembina_reads_but_does_not_edit(world):
    terbatas = world["datasets"]["terbatas"]
    assert not _can(
        "package_update", world["pembina"], **{**terbatas, "title": "Diubah pembina"}
    )
    assert not _can("package_patch", world["pembina"], id=terbatas["id"], title="x")
    draft = helpers.call_action(
        "package_create",
        _ctx(world["operator"]),
        name="draf-disdukcapil",
        owner_org="disdukcapil",
        state="draft",
    )
    assert not _can("package_show", world["pembina"], id=draft["id"])
    assert _can("package_show", world["operator"], id=draft["id"])


def test_bulk_make_public_refuses_closed_access_classes(world):
    datasets = world["datasets"]
    organization = helpers.call_action("organization_show", id="disdukcapil")
    with pytest.raises(tk.ValidationError) as caught:
        helpers.call_action(
            "bulk_update_public",
            _ctx(world["walidata"]),
            org_id=organization["id"],
            datasets=[datasets["terbuka"]["id"], datasets["terbatas"]["id"]],
        )
    assert "Penduduk Rentan Terbatas" in caught.value.error_dict["datasets"][0]
    assert helpers.call_action("package_show", id=datasets["terbatas"]["id"])["private"]
    assert _search_names(None) == {"penduduk-terbuka"}


def test_changing_the_access_class_opens_and_closes(world):
    terbatas = world["datasets"]["terbatas"]
    context = _ctx(world["operator"])
    helpers.call_action(
        "package_patch", context, id=terbatas["id"], keterbukaan="terbuka"
    )
    assert _can("package_show", None, id=terbatas["name"])
    assert "penduduk-terbatas" in _search_names(None)
    helpers.call_action(
        "package_patch",
        context,
        id=terbatas["id"],
        keterbukaan="rahasia",
        private=False,
    )
    assert not _can("package_show", None, id=terbatas["name"])
    assert "penduduk-terbatas" not in _search_names(None)


def test_daftar_data_lists_terbatas_by_title_only(world):
    def rows(user: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
        listing = helpers.call_action("satudata_daftar_data", _ctx(user))
        return {d["name"]: d for o in listing for d in o["datasets"]}

    public = rows(None)
    assert set(public) == {"penduduk-terbuka", "penduduk-terbatas"}, "no rahasia"
    assert public["penduduk-terbuka"]["readable"] is True
    assert public["penduduk-terbatas"]["readable"] is False
    assert (
        public["penduduk-terbatas"]["keterbukaan"],
        public["penduduk-terbatas"]["urusan"],
    ) == ("terbatas", "2.12")
    assert set(public["penduduk-terbatas"]) == {
        "name",
        "title",
        "keterbukaan",
        "level_akses",
        "frekuensi",
        "urusan",
        "tahun_data",
        "readable",
    }
    assert rows(world["operator"])["penduduk-terbatas"]["readable"] is True
    assert rows(world["pembina"])["penduduk-terbatas"]["readable"] is True
    assert rows(world["other"])["penduduk-terbatas"]["readable"] is False
