"""The performance indicator fields of a dataset are the walidata's: every
role against CKAN's dataset actions, ``satudata_performance_mark`` and
the dataset form; the values the walidata send are checked and stored in
their canonical form; errors name the field, in Indonesian."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import as_user

from . import support

pytestmark = [
    pytest.mark.usefixtures("clean_db", "with_plugins"),
    pytest.mark.ckan_config("ckanext.satudata.performance.cache_seconds", "0"),
]

FIELDS = ("indikator_kinerja", "kinerja_komponen", "kinerja_target", "kinerja_arah")
MARKS = {"indikator_kinerja": "ya", "kinerja_komponen": "keberhasilan",
         "kinerja_target": "2024: 90; 2025: 88", "kinerja_arah": "naik"}
LABELS = {"indikator_kinerja": "Indikator Kinerja",
          "kinerja_komponen": "Komponen Realisasi",
          "kinerja_target": "Target per Tahun",
          "kinerja_arah": "Arah Indikator"}
#: Who may change the dataset through CKAN's package_patch at all (an
#: editor or admin of its OPD, a sysadmin), and who may set the fields.
CAN_EDIT = {"operator", "verifikator", "sysadmin"}
WALIDATA = {"walidata", "sysadmin"}


@pytest.fixture
def portal() -> dict[str, Any]:
    found = support.people()
    structure = {"components": [
        support.component("keberhasilan", "Angka Keberhasilan", "Persen", "percentage"),
        support.component("catatan", "Catatan", "", "text")],
        "breakdown": {"type": "none"}, "granularity": "tahunan", "first_period": "2024"}
    support.dataset(found, "tbc", "Keberhasilan Pengobatan TBC", "dinkes", structure,
                    urusan="1.02")
    return found


def _stored(found: dict[str, Any]) -> dict[str, Any]:
    model.Session.expire_all()
    package = model.Package.get(found["tbc"]["id"])
    return {"extras": dict(package.extras), "modified": package.metadata_modified}


def _marks(found: dict[str, Any]) -> dict[str, str]:
    extras = _stored(found)["extras"]
    return {name: extras.get(name) for name in FIELDS}


def _mark_as_walidata(found: dict[str, Any], **values: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_performance_mark",
                               as_user(found["walidata"]), id=found["tbc"]["id"],
                               **(values or MARKS))


def test_package_patch_sets_the_fields_for_the_walidata_only(
        portal: dict[str, Any]) -> None:
    """Every role; the one allowed last (it changes the dataset)."""
    for role in sorted(support.ROLES, key=lambda r: r in WALIDATA):
        before = _stored(portal)
        context = as_user(portal[role])
        if role not in CAN_EDIT:
            # CKAN's own rule: not an editor of the dataset (the walidata
            # use satudata_performance_mark)
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action("package_patch", context,
                                    id=portal["tbc"]["id"], **MARKS)
            assert _stored(portal) == before, role
        elif role not in WALIDATA:
            with pytest.raises(tk.ValidationError) as refused:
                helpers.call_action("package_patch", context,
                                    id=portal["tbc"]["id"], **MARKS)
            assert set(refused.value.error_dict) == set(FIELDS), role
            assert _stored(portal) == before, role
        else:
            helpers.call_action("package_patch", context, id=portal["tbc"]["id"],
                                **MARKS)
            assert _marks(portal) == MARKS


def test_mark_action_for_the_walidata_only(portal: dict[str, Any]) -> None:
    for role in sorted(support.ROLES, key=lambda r: r in WALIDATA):
        before = _stored(portal)
        call = ("satudata_performance_mark", as_user(portal[role]))
        values = {**MARKS, "kinerja_target": f"2024: 90; 2025: {len(role)}"}
        if role in WALIDATA:
            shown = helpers.call_action(*call, id=portal["tbc"]["name"], **values)
            assert shown == {"id": portal["tbc"]["id"], "name": "tbc", **values}
            assert _marks(portal) == values
        else:
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action(*call, id=portal["tbc"]["name"], **values)
            assert _stored(portal) == before, role
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("satudata_performance_mark", as_user(portal["walidata"]),
                            id="tidak-ada", **MARKS)


def test_others_keep_the_fields_when_editing_a_marked_dataset(
        app: Any, portal: dict[str, Any]) -> None:
    _mark_as_walidata(portal)
    operator = as_user(portal["operator"])
    dataset_id = portal["tbc"]["id"]
    # another field: the marks stay
    helpers.call_action("package_patch", operator, id=dataset_id, title="TBC 2025")
    assert _marks(portal) == MARKS
    # package_update without the fields (the form sends none to them): kept
    shown = helpers.call_action("package_show", operator, id=dataset_id)
    for name in FIELDS:
        shown.pop(name)
    helpers.call_action("package_update", operator, **shown)
    assert _marks(portal) == MARKS
    # the same values written another way are no change
    helpers.call_action("package_patch", operator, id=dataset_id,
                        kinerja_target="2025 = 88\n2024: 90,0", indikator_kinerja="ya")
    assert _marks(portal) == MARKS
    # a change, or clearing one, is not theirs
    for changed in ({"kinerja_target": "2024: 90; 2025: 80"},
                    {"indikator_kinerja": "tidak"}, {"kinerja_arah": ""}):
        with pytest.raises(tk.ValidationError) as refused:
            helpers.call_action("package_patch", operator, id=dataset_id, **changed)
        assert set(refused.value.error_dict) == set(changed)
    assert _marks(portal) == MARKS
    # the refusal names the field, in Indonesian (the Action API)
    token = factories.APIToken(user=portal["operator"]["name"])["token"]
    response = app.post("/api/3/action/package_patch",
                        json={"id": "tbc", "kinerja_target": "2025: 1"},
                        headers={"Authorization": token})
    assert response.status_code == 409
    assert response.json["error"]["kinerja_target"] == [
        "Hanya walidata yang dapat mengisi atau mengubah Target per Tahun"]
    assert _marks(portal) == MARKS


def test_only_the_walidata_create_a_marked_dataset(portal: dict[str, Any]) -> None:
    fields = {"owner_org": portal["dinkes"]["id"], **sdi_fields(),
              "indikator_kinerja": "ya", "kinerja_komponen": "jumlah",
              "kinerja_target": "2025: 10", "kinerja_arah": "turun"}
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("package_create", as_user(portal["operator"]),
                            name="baru", title="Baru", **fields)
    assert set(refused.value.error_dict) == set(FIELDS)
    assert model.Package.get("baru") is None
    created = helpers.call_action("package_create", as_user(portal["sysadmin"]),
                                  name="baru", title="Baru", **fields)
    assert created["kinerja_target"] == "2025: 10"
    # an operator's dataset without the fields is theirs as always
    plain = helpers.call_action("package_create", as_user(portal["operator"]),
                                name="biasa", title="Biasa",
                                owner_org=portal["dinkes"]["id"], **sdi_fields())
    assert "indikator_kinerja" not in plain
    # "tidak" or blank means not marked: anyone may send it
    helpers.call_action("package_patch", as_user(portal["operator"]),
                        id="biasa", indikator_kinerja="tidak", kinerja_komponen="")
    assert "indikator_kinerja" not in helpers.call_action(
        "package_show", as_user(portal["operator"]), id="biasa")


#: Wrong values of the walidata: the field in error and words its message holds.
WRONG = [
    ({"kinerja_target": "80"}, "kinerja_target", "2024: 80"),
    ({"kinerja_target": "2024: 12.500"}, "kinerja_target", "12500"),
    ({"kinerja_komponen": "jumlah"}, "kinerja_komponen", "keberhasilan"),
    ({"kinerja_komponen": "catatan"}, "kinerja_komponen", "keberhasilan"),
    ({"kinerja_komponen": "Bukan Kode"}, "kinerja_komponen", "Bukan Kode"),
    ({"kinerja_komponen": ""}, "kinerja_komponen", "Komponen Realisasi"),
    ({"kinerja_target": ""}, "kinerja_target", "Target per Tahun"),
    ({"kinerja_arah": "kiri"}, "kinerja_arah", "naik"),
    ({"indikator_kinerja": "mungkin"}, "indikator_kinerja", "ya"),
]


def test_the_walidatas_values_are_checked(app: Any, portal: dict[str, Any]) -> None:
    """Through the Action API, in Indonesian, each error naming what is wrong."""
    token = factories.APIToken(user=portal["walidata"]["name"])["token"]
    before = _stored(portal)
    for values, field, expected in WRONG:
        response = app.post("/api/3/action/satudata_performance_mark",
                            json={"id": "tbc", **MARKS, **values},
                            headers={"Authorization": token})
        assert response.status_code == 409, response.json
        error = response.json["error"]
        assert set(error) == {field, "__type"}, error
        assert expected in " ".join(error[field]), error
        assert _stored(portal) == before
    shown = _mark_as_walidata(portal, indikator_kinerja="ya",
                              kinerja_komponen=" keberhasilan ",
                              kinerja_target="2025: 88,50;2024=90", kinerja_arah="naik")
    assert shown["kinerja_target"] == "2024: 90; 2025: 88,5"
    assert shown["kinerja_komponen"] == "keberhasilan"
    shown = _mark_as_walidata(portal, kinerja_target={"2026": 92.5})
    assert shown["kinerja_target"] == "2026: 92,5"
    assert shown["indikator_kinerja"] == "ya"  # the fields not sent stay


# ---- the dataset form and the walidata's page ----------------------------------

def _headers(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _form_fields(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id="dataset-edit")
    found: dict[str, str] = {}
    for node in form.find_all(["input", "select", "textarea"]):
        name = node.get("name")
        if not name or node.get("type") in ("submit", "checkbox", "file"):
            continue
        if node.name == "select":
            chosen = node.find("option", selected=True)
            found[name] = chosen["value"] if chosen else ""
        elif node.name == "textarea":
            found[name] = node.get_text()
        else:
            found[name] = node.get("value", "")
    return found


def test_the_form_shows_the_fields_read_only_to_the_opd(
        app: Any, portal: dict[str, Any]) -> None:
    _mark_as_walidata(portal)
    page = app.get("/dataset/edit/tbc", headers=_headers(portal["operator"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert "Indikator Kinerja (diisi walidata)" in soup.get_text()
    shown = {" ".join(node.get_text(" ", strip=True).split())
             for node in soup.select(".satudata-readonly-field")}
    assert shown == {"Indikator Kinerja Ya", "Komponen Realisasi keberhasilan",
                     "Target per Tahun 2024: 90; 2025: 88",
                     "Arah Indikator Naik (makin tinggi makin baik)"}
    fields = _form_fields(html)
    assert not set(FIELDS) & set(fields)
    # the form sent back as it is keeps the marks
    fields["title"] = "Keberhasilan Pengobatan TBC (revisi)"
    response = app.post("/dataset/edit/tbc", data={**fields, "save": ""},
                        headers=_headers(portal["operator"]), follow_redirects=False)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert model.Package.get("tbc").title.endswith("(revisi)")
    assert _marks(portal) == MARKS
    # the walidata (a sysadmin here) have the inputs
    page = app.get("/dataset/edit/tbc", headers=_headers(portal["sysadmin"]))
    fields = _form_fields(page.get_data(as_text=True))
    assert set(FIELDS) <= set(fields)


def test_the_mark_page_is_the_walidatas(app: Any, portal: dict[str, Any]) -> None:
    for role in support.ROLES:
        if role in WALIDATA:
            continue
        headers = _headers(portal[role]) if portal[role] else {}
        before = _stored(portal)
        assert app.get("/dataset/tbc/kinerja", headers=headers).status_code == 403
        response = app.post("/dataset/tbc/kinerja", data=MARKS, headers=headers,
                            follow_redirects=False)
        assert response.status_code == 403, role
        assert _stored(portal) == before, role
    for role in sorted(WALIDATA):
        headers = _headers(portal[role])
        page = app.get("/dataset/tbc/kinerja", headers=headers)
        assert page.status_code == 200
        soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        assert soup.find("input", attrs={"name": "_csrf_token"})
        options = [o["value"]
                   for o in soup.select("select[name=kinerja_komponen] option")]
        assert options == ["", "keberhasilan"]  # numeric components only
        values = {**MARKS, "kinerja_target": f"2024: 90; 2025: {len(role)}"}
        response = app.post("/dataset/tbc/kinerja", data=values, headers=headers,
                            follow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dataset/tbc/kinerja")
        assert _marks(portal) == values
        # a wrong target: the form again, the error naming the field, nothing saved
        again = app.post("/dataset/tbc/kinerja",
                         data={**values, "kinerja_target": "delapan"}, headers=headers)
        assert again.status_code == 200
        text = BeautifulSoup(again.get_data(as_text=True), "html.parser").get_text(" ")
        assert re.search(r"Target per Tahun\s*:", text)
        assert "delapan" in again.get_data(as_text=True)
        assert _marks(portal) == values
    # the dataset page links the walidata there
    link = "a.satudata-performance-mark"
    for role, shown in (("sysadmin", True), ("walidata", True), ("operator", False),
                        ("anonymous", False)):
        headers = _headers(portal[role]) if portal[role] else {}
        soup = BeautifulSoup(app.get("/dataset/tbc", headers=headers).get_data(
            as_text=True), "html.parser")
        assert bool(soup.select_one(link)) == shown, role
