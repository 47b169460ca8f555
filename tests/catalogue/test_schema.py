"""The SDI dataset schema through the Action API: mandatory fields on
publish, reference codes, access classes, and a full round trip."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

SDI_KEYS = (
    "tujuan",
    "sumber_data",
    "kode_referensi",
    "satuan",
    "tahun_data",
    "frekuensi",
    "wilayah",
    "metode",
    "kontak_nama",
    "kontak_email",
    "kategori",
    "urusan",
    "keterbukaan",
    "tanggal_rilis",
)
MS_IND = {
    "ms_konsep": "Penduduk adalah semua orang yang berdomisili di wilayah NKRI.",
    "ms_definisi": "Jumlah penduduk menurut data administrasi kependudukan.",
    "ms_interpretasi": "Makin besar nilainya, makin banyak penduduk.",
    "ms_rumus": "Jumlah penduduk laki-laki + jumlah penduduk perempuan",
    "ms_ukuran": "Jumlah",
    "ms_klasifikasi": "Kecamatan, jenis kelamin",
}


@pytest.fixture
def operator() -> dict[str, Any]:
    user = factories.User(name="operator-disdukcapil")
    factories.Organization(
        name="disdukcapil", users=[{"name": user["name"], "capacity": "editor"}]
    )
    return user


def _create(operator: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = {
        "name": "jumlah-penduduk",
        "title": "Jumlah Penduduk",
        "owner_org": "disdukcapil",
        **fields,
    }
    return helpers.call_action("package_create", {"user": operator["name"]}, **data)


def _error_of(operator: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Errors of package_create through the HTTP Action API, as a client
    sees them (in the portal's default language, Indonesian)."""
    with pytest.raises(tk.ValidationError) as caught:
        _create(operator, **fields)
    assert model.Session.query(model.Package).count() == 0, "nothing is stored"
    return caught.value.error_dict


def _api_error_of(app: Any, operator: dict[str, Any], **fields: Any) -> dict[str, Any]:
    token = factories.APIToken(user=operator["name"])["token"]
    data = {
        "name": "jumlah-penduduk",
        "title": "Jumlah Penduduk",
        "owner_org": "disdukcapil",
        **fields,
    }
    response = app.post(
        "/api/3/action/package_create",
        json=data,
        headers={"Authorization": token},
        status=409,
    )
    assert model.Session.query(model.Package).count() == 0, "nothing is stored"
    error = response.json["error"]
    assert error.pop("__type") == "Validation Error"
    return error


def test_every_sdi_field_round_trips(operator):
    sent = sdi_fields(**MS_IND, tag_string="penduduk,kecamatan", license_id="cc-by")
    created = _create(operator, **sent)
    shown = helpers.call_action("package_show", id=created["id"])
    for key in (*SDI_KEYS, *MS_IND):
        assert shown[key] == sent[key], key
    assert sorted(t["name"] for t in shown["tags"]) == ["kecamatan", "penduduk"]
    assert shown["organization"]["name"] == "disdukcapil"
    assert shown["private"] is False


@pytest.mark.parametrize(
    "field",
    [
        "sumber_data",
        "wilayah",
        "keterbukaan",
        "urusan",
        "kontak_email",
        "notes",
        "tujuan",
    ],
)
def test_missing_mandatory_field_is_refused_in_indonesian(app, operator, field):
    fields = sdi_fields()
    fields.pop(field, None)
    errors = _api_error_of(app, operator, **fields)
    assert errors == {field: ["Wajib diisi untuk menerbitkan dataset"]}


def test_unknown_region_code_is_refused(app, operator):
    errors = _api_error_of(app, operator, **sdi_fields(wilayah="33.99"))
    assert list(errors) == ["wilayah"]
    assert 'Kode wilayah "33.99" tidak dikenal' in errors["wilayah"][0]


def test_invalid_access_class_is_refused(app, operator):
    errors = _api_error_of(app, operator, **sdi_fields(keterbukaan="publik"))
    assert list(errors) == ["keterbukaan"]
    message = errors["keterbukaan"][0]
    assert 'Kode "publik" tidak dikenal' in message
    assert "terbuka, terbatas, rahasia" in message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("urusan", "9.99"),
        ("kategori", "data_lain"),
        ("frekuensi", "harian"),
        ("metode", "tebakan"),
        ("tahun_data", "2024-2019"),
        ("tahun_data", "dua ribu"),
        ("kontak_email", "bukan-email"),
        ("kode_referensi", "kode dengan spasi"),
        ("tanggal_rilis", "31-12-2024"),
    ],
)
def test_invalid_values_are_refused_by_field(operator, field, value):
    errors = _error_of(operator, **sdi_fields(**{field: value}))
    assert list(errors) == [field]


def test_region_code_is_normalised_and_any_level_accepted(operator):
    for name, code, stored in [
        ("a", "3374", "33.74"),
        ("b", "33", "33"),
        ("c", "33.74.01", "33.74.01"),
        ("d", "33.74.01.1001", "33.74.01.1001"),
    ]:
        created = _create(operator, name=f"wilayah-{name}", **sdi_fields(wilayah=code))
        assert created["wilayah"] == stored


def test_draft_may_lack_mandatory_fields_until_published(operator):
    draft = _create(operator, state="draft", notes="Belum lengkap")
    assert draft["state"] == "draft"
    assert draft["private"] is True, "no access class yet: not public"
    context = {"user": operator["name"]}
    with pytest.raises(tk.ValidationError) as caught:
        helpers.call_action("package_patch", context, id=draft["id"], state="active")
    assert "sumber_data" in caught.value.error_dict
    assert helpers.call_action("package_show", id=draft["id"])["state"] == "draft"
    published = helpers.call_action(
        "package_patch", context, id=draft["id"], state="active", **sdi_fields()
    )
    assert published["state"] == "active"


def test_draft_values_are_still_validated(operator):
    errors = _error_of(operator, state="draft", wilayah="00.00")
    assert list(errors) == ["wilayah"]


@pytest.mark.parametrize(
    ("keterbukaan", "private"),
    [("terbuka", False), ("terbatas", True), ("rahasia", True)],
)
def test_access_class_decides_visibility(operator, keterbukaan, private):
    created = _create(
        operator, private=not private, **sdi_fields(keterbukaan=keterbukaan)
    )
    assert created["private"] is private


def test_vocabulary_codes_are_listed_with_indonesian_labels():
    vocab = helpers.call_action("satudata_vocabulary_show", id="frekuensi")
    assert [i["value"] for i in vocab["items"]] == [
        "tahunan",
        "semesteran",
        "triwulanan",
        "bulanan",
        "tidak_tentu",
    ]
    assert vocab["items"][0]["label"]["id"] == "Tahunan"
    names = {v["name"] for v in helpers.call_action("satudata_vocabulary_list")}
    assert names == {
        "frekuensi", "kategori", "keterbukaan", "level_akses", "metode", "urusan",
    }
    urusan = helpers.call_action("satudata_vocabulary_show", id="urusan")
    assert {
        "value": "2.12",
        "label": {
            "id": "Administrasi Kependudukan dan Pencatatan Sipil",
            "en": "Population administration and civil registration",
        },
        "group": urusan["items"][13]["group"],
    } in urusan["items"]


def test_region_show_names_official_codes():
    semarang = helpers.call_action(
        "satudata_wilayah_show", id="3374", include_children=True
    )
    assert semarang["name"] == "Kota Semarang"
    assert len(semarang["children"]) == 16
    assert semarang["children"][0]["code"] == "33.74.01"
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_wilayah_show", id="33.99")


@pytest.mark.ckan_config("ckanext.satudata.stats_cache_seconds", 300)
def test_portal_figures_count_datasets_at_once_and_keep_visits(operator):
    """Every web process must show a new dataset at once (no per-process
    cache, tests/operations/test_two_processes.py); the visits, a costly
    count, are kept in Redis for ``stats_cache_seconds``."""
    import sqlalchemy as sa
    from ckan.lib.redis import connect_to_redis

    from ckanext.satudata.catalogue.logic import action

    connect_to_redis().delete(action._tracking_key())
    first = helpers.call_action("satudata_portal_stats")
    _create(operator, **sdi_fields())
    model.Session.execute(sa.text(
        "INSERT INTO tracking_raw (user_key, url, tracking_type, access_timestamp)"
        " VALUES ('visitor', '/dataset/x', 'page', now())"))
    model.Session.commit()
    again = helpers.call_action("satudata_portal_stats")
    assert again["datasets"] == first["datasets"] + 1
    assert again["views"] == first["views"], "visits kept"
    connect_to_redis().delete(action._tracking_key())
    assert helpers.call_action("satudata_portal_stats")["views"] == first["views"] + 1
