"""The member pages of an organization name the roles as the workflow
does: an OPD's admin is its verifikator, an editor its operator, a member
only reads; every member of the walidata organization is walidata. The
roles are still CKAN's capacities, assigned with CKAN's member form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ckan.tests import helpers

from tests.indicators.support import as_user

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

OPD_ROLES = {"admin": "Verifikator (Admin)", "editor": "Operator (Editor)",
             "member": "Member (read only)"}
WALIDATA_ROLES = {"admin": "Walidata (Admin)", "editor": "Walidata (Editor)",
                  "member": "Member (read only, not walidata)"}


def _text(app: Any, msgid: str) -> str:
    """``msgid`` in the portal's language (Indonesian once translated)."""
    import ckan.plugins.toolkit as tk

    with app.flask_app.test_request_context():
        return tk._(msgid)


def _login(user: dict[str, Any]) -> dict[str, str]:
    token = helpers.call_action("api_token_create", {"user": user["name"]},
                                user=user["name"], name="test")["token"]
    return {"Authorization": token}


def _page(app: Any, url: str, user: dict[str, Any]) -> str:
    response = app.get(url, headers=_login(user))
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _rows(html: str) -> dict[str, str]:
    """User name → role cell of the members table."""
    table = html.split('class="table table-header table-hover table-bordered'
                       ' satudata-members"', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        user = re.search(r'href="/user/([^"]+)"', row)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found[user.group(1)] = cells[1].strip()
    return found


def _options(html: str) -> dict[str, str]:
    select = re.search(r'<select id="role" name="role".*?</select>', html, re.S)
    assert select, "the form has no role select"
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>',
                           select.group(0)))


def test_the_opd_member_pages_name_the_workflow_roles(app: Any,
                                                      people: dict[str, Any]) -> None:
    expected = {
        "operator": _text(app, OPD_ROLES["editor"]),
        "verifikator": _text(app, OPD_ROLES["admin"]),
        "anggota": _text(app, OPD_ROLES["member"]),
    }
    for url in ("/organization/members/disdukcapil",
                "/organization/manage_members/disdukcapil"):
        html = _page(app, url, people["verifikator"])
        rows = _rows(html)
        assert {name: rows.get(name) for name in expected} == expected, url
        assert f"<th>{_text(app, 'Role')}</th>" in html  # "Peran"
        assert _text(app, "Roles in the verification workflow") in html
        assert _text(app, "Verified periods go to walidata (the editors and"
                     " admins of the walidata organization), who publish them"
                     " or return them.") in html


def test_the_member_form_offers_the_roles_and_assigns_them(
    app: Any, people: dict[str, Any],
) -> None:
    url = "/organization/member_new/disdukcapil"
    headers = _login(people["verifikator"])
    html = app.get(url, headers=headers).get_data(as_text=True)
    assert _options(html) == {value: _text(app, msgid)
                              for value, msgid in OPD_ROLES.items()}
    assert _text(app, "Roles in the verification workflow") in html
    assert _text(app, "What are roles?") not in html  # CKAN's box is replaced
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert csrf, "form has no CSRF field"
    # CKAN's own form still assigns the capacity: warga becomes an operator
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf.group(1), "username": "warga", "role": "editor",
    })
    assert response.status_code == 200
    members = helpers.call_action("member_list", {}, id="disdukcapil",
                                  object_type="user", capacity="editor")
    assert people["public"]["id"] in {user_id for user_id, _, _ in members}
    rows = _rows(_page(app, "/organization/members/disdukcapil",
                       people["verifikator"]))
    assert rows["warga"] == _text(app, OPD_ROLES["editor"])
    # editing a member's role offers the same roles, the current one selected
    html = _page(app, f"{url}?user=warga", people["verifikator"])
    assert re.search(r'<option value="editor" selected>', html)


def test_the_walidata_organization_says_its_members_are_walidata(
    app: Any, people: dict[str, Any],
) -> None:
    helpers.call_action("organization_member_create", {"ignore_auth": True},
                        id="diskominfo", username="warga", role="admin")
    html = _page(app, "/organization/members/diskominfo", people["walidata"])
    rows = _rows(html)
    assert (rows["walidata"], rows["warga"]) == (
        _text(app, WALIDATA_ROLES["editor"]), _text(app, WALIDATA_ROLES["admin"]))
    assert _text(app, "The editors and admins of this organization are"
                 " walidata: walidata give the final check to the periods the"
                 " OPDs have verified, return them with notes or publish them,"
                 " and read every terbatas and rahasia dataset.") in html
    assert _text(app, "has no walidata powers: neither publishes nor reads"
                 " closed datasets of the OPDs.") in html
    form = _page(app, "/organization/member_new/diskominfo", people["public"])
    assert _options(form) == {value: _text(app, msgid)
                              for value, msgid in WALIDATA_ROLES.items()}


def test_member_roles_list_keeps_the_capacities(people: dict[str, Any]) -> None:
    roles = helpers.call_action("member_roles_list", as_user(people["public"]),
                                group_type="organization")
    assert [role["value"] for role in roles] == ["admin", "editor", "member"]
    assert all(role["text"] for role in roles)
    walidata = helpers.call_action("member_roles_list", {}, id="diskominfo")
    assert [role["value"] for role in walidata] == ["admin", "editor", "member"]
    # groups (not organizations) keep CKAN's own names
    groups = helpers.call_action("member_roles_list", {}, group_type="group")
    assert [role["value"] for role in groups] == ["admin", "member"]
    assert [role["text"] for role in groups] == ["Admin", "Member"]
