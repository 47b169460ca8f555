"""The workflow's activities on the dataset's activity page: each type has
a sentence of its own (not CKAN's fallback), the OPD's drafts only for
those who may see them, the publication for everyone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ckan import model
from ckan.tests import helpers

from .support import fill, move, to_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

PAGE = "/dataset/activity/penduduk-kecamatan"
TYPES = ("satudata submitted package", "satudata verified package",
         "satudata returned package", "satudata published package",
         "satudata changed values package")


@pytest.fixture
def stream(people: dict[str, Any]) -> dict[str, Any]:
    """2024-S1 published; 2024-S2 returned with a note, a cell note and a
    deadline."""
    to_state(people, "published", "2024-S1")
    fill(people, "2024-S2")
    move(people, "submit", "operator", "2024-S2")
    move(people, "return", "verifikator", "2024-S2", note="Rasio Genuk <salah>",
         cell_notes={"33.74.05": {"rasio": "Periksa"}}, deadline="2099-12-31")
    return people


def _items(html: str) -> dict[str, list[str]]:
    """Activity type (as its class, without "satudata-" and "-package") →
    the text of each of its items before the date (tags removed, spaces
    collapsed)."""
    found: dict[str, list[str]] = {}
    for kind, body in re.findall(
        r'<li class="item satudata-([a-z-]+)-package">(.*?)</li>', html, re.S
    ):
        body = body.split('<span class="date"', 1)[0]
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
        found.setdefault(kind, []).append(text)
    return found


def _t(app: Any, msgid: str, plural: str | None = None, number: int = 1,
       **params: Any) -> str:
    """``msgid`` in the portal's language with ``params`` filled in."""
    import ckan.plugins.toolkit as tk

    with app.flask_app.test_request_context():
        text = tk.ungettext(msgid, plural, number) if plural else tk._(msgid)
        return text.format(**params)


def _render_date(app: Any, value: str) -> str:
    import ckan.plugins.toolkit as tk

    with app.flask_app.test_request_context():
        return tk.h.render_datetime(value)


def _page(app: Any, user: dict[str, Any] | None) -> str:
    headers = {}
    if user:
        headers["Authorization"] = helpers.call_action(
            "api_token_create", {"user": user["name"]}, user=user["name"],
            name="test")["token"]
    response = app.get(PAGE, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _name(user: dict[str, Any]) -> str:
    return model.User.get(user["id"]).display_name


def test_sysadmin_sees_every_move_as_a_sentence(app: Any,
                                                stream: dict[str, Any]) -> None:
    html = _page(app, stream["sysadmin"])
    items = _items(html)
    title = stream["dataset"]["title"]
    s1, s2 = "2024 Semester 1", "2024 Semester 2"

    def said(msgid: str, who: str, period: str, **extra: Any) -> str:
        return _t(app, msgid, actor=_name(stream[who]), period=period,
                  dataset=title, **extra)

    sent = "{actor} sent {period} of {dataset} for verification"
    assert said(sent, "operator", s1) in items["submitted"]
    assert said(sent, "operator", s2) in items["submitted"]
    assert items["verified"] == [
        said("{actor} verified {period} of {dataset}", "verifikator", s1)]
    assert items["published"] == [
        said("{actor} published {period} of {dataset}", "walidata", s1)]
    returned = items["returned"]
    assert len(returned) == 1
    assert returned[0].startswith(said(
        "{actor} returned {period} of {dataset} for correction", "verifikator", s2))
    # the note (escaped), the cell notes and the deadline
    assert "Rasio Genuk &lt;salah&gt;" in returned[0]
    assert _t(app, "{count} note on a cell", "{count} notes on cells", 1,
              count=1) in returned[0]
    assert _t(app, "To be corrected by {date}",
              date=_render_date(app, "2099-12-31")) in returned[0]
    changed = _t(app, "{actor} changed {count} value of {period} of {dataset}",
                 "{actor} changed {count} values of {period} of {dataset}", 48,
                 actor=_name(stream["operator"]), count=48, period=s1,
                 dataset=title)
    assert changed in items["changed-values"]
    # each period links to its page, for those who may open it
    assert 'href="/dataset/penduduk-kecamatan/isian/2024-S2"' in html
    # no activity fell back to CKAN's generic template
    for activity_type in TYPES:
        assert activity_type not in html
    assert "fa-users" not in "".join(
        re.findall(r'<li class="item satudata-.*?</li>', html, re.S))


def test_anonymous_sees_only_the_publication(app: Any,
                                             stream: dict[str, Any]) -> None:
    html = _page(app, None)
    items = _items(html)
    assert list(items) == ["published"]
    assert items["published"] == [_t(
        app, "{actor} published {period} of {dataset}",
        actor=_name(stream["walidata"]), period="2024 Semester 1",
        dataset=stream["dataset"]["title"])]
    # the entry page is not theirs: no link to it
    assert "/isian/" not in html


def test_a_surveyors_name_is_shown_as_text(app: Any,
                                           people: dict[str, Any]) -> None:
    """A survey link's holder has no account and names themselves: the name
    reaches the staff's activity page as text, never as markup."""
    import datetime as dt

    from .support import VALUES

    link = helpers.call_action(
        "satudata_survey_link_create", {"user": people["operator"]["name"]},
        id=people["dataset"]["id"], period="2024-S1", label="Surveyor <b>Genuk</b>",
        expires=(dt.date.today() + dt.timedelta(days=7)).isoformat())
    helpers.call_action(
        "satudata_submission_save", {"user": ""}, id=people["dataset"]["id"],
        period="2024-S1", token=link["token"], values=VALUES,
        surveyor_name='<img src=x onerror="alert(1)">')
    html = _page(app, people["sysadmin"])
    item = re.search(r'<li class="item satudata-changed-values-package">(.*?)</li>',
                     html, re.S)
    assert item, "the surveyor's save is not on the activity page"
    assert "<img" not in item.group(1)
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in item.group(1)
    # the link's maker answers for it (the site user's activities are hidden)
    [activity] = [a for a in helpers.call_action(
        "package_activity_list", {"user": people["sysadmin"]["name"]},
        id=people["dataset"]["id"],
        include_hidden_activity=True)
        if a["activity_type"] == "satudata changed values package"]
    assert activity["user_id"] == people["operator"]["id"]
    assert activity["data"]["role"] == "surveyor"
