"""The login history ("Aktivitas Pengguna", issue 15): the action and its
roles, filters, the user's own page and dashboard block, the walidata's
page and CSV file, the retention."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.logic import NotAuthorized, ValidationError
from ckan.tests import factories, helpers

from ckanext.satudata.accounts import history, keys
from ckanext.satudata.accounts.model import login_event_table as table

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")

ROLES = ("anonymous", "public", "operator", "verifikator", "walidata", "pembina",
         "sysadmin")
WALIDATA = {"walidata", "sysadmin"}
UTC = dt.timezone.utc


def _context(people: dict[str, Any], role: str) -> dict[str, Any]:
    name = "" if role == "anonymous" else people[role]["name"]
    return {"user": name, "ignore_auth": False}


def _list(context: dict[str, Any], **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_login_history_list", context, **data)


def _event(kind: str, outcome: str, user: dict[str, Any] | None = None,
           login: str = "", detail: dict[str, Any] | None = None,
           when: dt.datetime | None = None) -> str:
    """Record an event (at ``when``, else now) and commit."""
    event_id = history.record(kind, outcome, user["id"] if user else None, login,
                              detail)
    if when is not None:
        model.Session.execute(sa.update(table).where(table.c.id == event_id)
                              .values(created=when))
    model.Session.commit()
    return event_id


def _rows() -> list[tuple[Any, ...]]:
    return [tuple(row) for row in model.Session.execute(
        sa.select(table).order_by(table.c.id)).all()]


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def _recent(count: int) -> list[dt.datetime]:
    """``count`` times a minute apart, the last an hour ago, oldest first
    (whole seconds, as the pages show them)."""
    last = history.now().replace(microsecond=0) - dt.timedelta(hours=1)
    return [last - dt.timedelta(minutes=count - 1 - index) for index in range(count)]


def _token(user: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


@pytest.fixture
def events(people: dict[str, Any]) -> dict[str, Any]:
    """An event of every role's account, plus an unknown account's."""
    found = {}
    for role in ROLES[1:]:
        found[role] = _event("login", "success", people[role],
                             detail={"method": "password"})
    found["unknown"] = _event("login_failed", "failure", None, "nobody@example.org",
                              {"reason": "password"})
    return found


# ---- the action and its roles ----------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_own_events_every_logged_in_role(people, events, role):
    before = _rows()
    if role == "anonymous":
        with pytest.raises(NotAuthorized):
            _list(_context(people, role))
        with pytest.raises(NotAuthorized):
            _list(_context(people, role), user=people["operator"]["name"])
    else:
        found = _list(_context(people, role), user=people[role]["name"])
        assert found["count"] == 1
        assert [item["id"] for item in found["items"]] == [events[role]]
        assert found["items"][0]["user_name"] == people[role]["name"]
    assert _rows() == before


@pytest.mark.parametrize("role", ROLES[1:])
def test_someone_elses_events_only_for_walidata(people, events, role):
    target = people["other_operator"]
    mine = _event("lockout", "info", target)
    before = _rows()
    if role in WALIDATA:
        found = _list(_context(people, role), user=target["name"])
        assert [item["id"] for item in found["items"]] == [mine]
        by_id = _list(_context(people, role), user=target["id"])
        assert by_id["count"] == 1
    else:
        with pytest.raises(NotAuthorized):
            _list(_context(people, role), user=target["name"])
        with pytest.raises(NotAuthorized):
            _list(_context(people, role), user=target["id"])
    assert _rows() == before


@pytest.mark.parametrize("role", ROLES[1:])
def test_without_user_walidata_sees_all_others_their_own(people, events, role):
    found = _list(_context(people, role))
    ids = {item["id"] for item in found["items"]}
    if role in WALIDATA:
        assert ids == set(events.values())
        assert found["count"] == len(events)
    else:
        assert ids == {events[role]}


def test_item_fields_and_sentences(people, app):
    user = people["operator"]
    with app.flask_app.test_request_context(
            "/", headers={"User-Agent": "Firefox/140"},
            environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        _event("login_failed", "failure", user, detail={"reason": "password"})
    found = _list(_context(people, "operator"), user=user["id"])
    item = found["items"][0]
    assert item["kind"] == "login_failed" and item["outcome"] == "failure"
    assert item["ip"] == "10.1.2.3" and item["user_agent"] == "Firefox/140"
    assert item["user_id"] == user["id"] and item["user_name"] == "operator"
    assert item["user_display_name"] == model.User.get(user["id"]).display_name
    assert item["detail"] == {"reason": "password"}
    assert dt.datetime.fromisoformat(item["created"]).tzinfo is not None
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", item["created_local"])
    assert item["login"] == ""
    # through the API, in the portal's language (Indonesian by default)
    response = app.get("/api/3/action/satudata_login_history_list",
                       query_string={"kind": "login_failed"}, headers=_token(user))
    item = response.json["result"]["items"][0]
    assert item["text"] == "Gagal masuk: kata sandi salah"
    assert item["kind_label"] == "Gagal masuk"
    assert item["outcome_label"] == "Gagal"


def test_sentences_in_indonesian(people, app):
    user = people["operator"]
    for kind, outcome, detail in (
        ("login", "success", {"method": "password"}),
        ("code_sent", "success", {}),
        ("lockout", "info", {}),
        ("code_failed", "failure", {"reason": "wrong"}),
        ("logout", "info", {"reason": "idle"}),
    ):
        _event(kind, outcome, user, detail=detail)
    response = app.get("/api/3/action/satudata_login_history_list",
                       headers=_token(user))
    texts = {item["kind"]: item["text"] for item in response.json["result"]["items"]}
    assert texts["login"] == "Berhasil masuk"
    assert texts["code_sent"] == "Kode masuk dikirim"
    assert texts["lockout"] == "Akun dikunci sementara setelah beberapa kali gagal"
    assert texts["code_failed"] == "Gagal masuk: kode salah"
    assert "tidak aktif" in texts["logout"]


def test_unknown_account_keeps_the_typed_login(people, events):
    found = _list(_context(people, "walidata"), user="nobody@example.org")
    assert found["count"] == 1
    item = found["items"][0]
    assert item["id"] == events["unknown"]
    assert item["user_id"] is None and item["user_name"] is None
    assert item["login"] == "nobody@example.org"
    # any case
    assert _list(_context(people, "walidata"), user="NOBODY@example.org")["count"] == 1


def test_user_by_email(people, events):
    email = model.User.get(people["operator"]["id"]).email
    found = _list(_context(people, "walidata"), user=email)
    assert [item["id"] for item in found["items"]] == [events["operator"]]
    # one's own e-mail too
    found = _list(_context(people, "operator"), user=email)
    assert [item["id"] for item in found["items"]] == [events["operator"]]
    other = model.User.get(people["public"]["id"]).email
    with pytest.raises(NotAuthorized):
        _list(_context(people, "operator"), user=other)


# ---- filters -----------------------------------------------------------------------

def test_filters_kind_outcome_and_days_in_jakarta(people):
    user = people["operator"]
    context = _context(people, "operator")
    # Jakarta is UTC+7: 24 Aug 17:30 UTC is 25 Aug 00:30 there
    late = _event("login", "success", user, when=_utc(2025, 8, 24, 17, 30))
    early = _event("login_failed", "failure", user,
                   when=_utc(2025, 8, 24, 16, 30))  # 24 Aug 23:30 WIB
    last = _event("logout", "success", user,
                  when=_utc(2025, 8, 25, 16, 59))  # 25 Aug 23:59 WIB
    after = _event("logout", "success", user,
                   when=_utc(2025, 8, 25, 17, 0))  # 26 Aug 00:00 WIB

    def ids(**data: Any) -> list[str]:
        return [item["id"] for item in _list(context, **data)["items"]]

    assert ids() == [after, last, late, early]
    assert ids(since="2025-08-25", until="2025-08-25") == [last, late]
    assert ids(since="2025-08-26") == [after]
    assert ids(until="2025-08-24") == [early]
    assert ids(kind="login_failed") == [early]
    assert ids(outcome="success", kind="logout") == [after, last]
    assert ids(limit=2) == [after, last]
    assert ids(limit=2, offset=2) == [late, early]
    assert _list(context, limit=1)["count"] == 4


@pytest.mark.parametrize(("data", "field"), [
    ({"since": "25-08-2025"}, "since"),
    ({"until": "2025-02-30"}, "until"),
    ({"since": "2025-08-26", "until": "2025-08-25"}, "until"),
    ({"kind": "hack"}, "kind"),
    ({"outcome": "maybe"}, "outcome"),
    ({"limit": 0}, "limit"),
    ({"limit": 5000}, "limit"),
    ({"limit": "many"}, "limit"),
    ({"offset": -1}, "offset"),
])
def test_bad_filters_are_validation_errors(people, data, field):
    with pytest.raises(ValidationError) as error:
        _list(_context(people, "walidata"), **data)
    assert field in error.value.error_dict


def test_unknown_user_for_a_plain_user_is_refused(people):
    with pytest.raises(NotAuthorized):
        _list(_context(people, "public"), user="nobody-at-all")


# ---- the user's own page and the dashboard ---------------------------------------

def test_own_page_lists_own_events_in_indonesian(app, people, events):
    user = people["operator"]
    _event("code_sent", "success", user)
    page = app.get("/dashboard/aktivitas-akun", headers=_token(user))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Aktivitas Pengguna" in html
    assert "Berhasil masuk" in html and "Kode masuk dikirim" in html
    assert "Jenis aktivitas" in html and "Alamat IP" in html
    assert "nobody@example.org" not in html  # nobody else's events
    assert html.index("Kode masuk dikirim") < html.index("Berhasil masuk")


def test_own_page_shows_at_most_50(app, people):
    user = people["public"]
    headers = _token(user)  # a token_created event, the newest
    times = _recent(55)
    for when in times:
        _event("login", "success", user, when=when)
    html = app.get("/dashboard/aktivitas-akun", headers=headers).get_data(as_text=True)
    assert html.count("<tr class=\"satudata-history-") == 50
    assert html.count('data-kind="login"') == 49
    assert 'data-kind="token_created"' in html
    assert history.local_time(times[-1]) in html  # the newest login
    assert history.local_time(times[6]) in html
    assert history.local_time(times[5]) not in html  # the 6th oldest is left out


def test_own_page_needs_a_login(app):
    assert app.get("/dashboard/aktivitas-akun").status_code == 403


def test_dashboard_shows_last_five_and_links(app, people):
    user = people["verifikator"]
    headers = _token(user)  # a token_created event, the newest
    times = _recent(7)
    for when in times:
        _event("login", "success", user, when=when)
    html = app.get("/dashboard/", headers=headers).get_data(as_text=True)
    block = html[html.index("satudata-recent-activity"):]
    block = block[:block.index("</section>")]
    assert block.count("<li") == 5
    assert block.count('data-kind="login"') == 4
    assert "Aktivitas Pengguna" in block and "Jenis aktivitas" in block
    assert "Berhasil masuk" in block and "Token API" in block
    assert history.local_time(times[6]) in block
    assert history.local_time(times[3]) in block
    assert history.local_time(times[2]) not in block
    assert "/dashboard/aktivitas-akun" in block
    # the tab, on the dashboard's other pages too (without the block)
    other = app.get("/dashboard/datasets", headers=headers).get_data(as_text=True)
    assert 'href="/dashboard/aktivitas-akun"' in other
    assert "satudata-recent-activity" not in other


# ---- the walidata's page ------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_walidata_page_roles(app, people, events, role):
    headers = {} if role == "anonymous" else _token(people[role])
    for url in ("/akun/aktivitas", "/akun/aktivitas.csv"):
        response = app.get(url, headers=headers)
        assert response.status_code == (200 if role in WALIDATA else 403), (url, role)


def test_walidata_page_filters_in_indonesian(app, people, events):
    headers = _token(people["walidata"])
    html = app.get("/akun/aktivitas", headers=headers).get_data(as_text=True)
    assert "Aktivitas Seluruh Pengguna" in html
    for word in ("Jenis aktivitas", "Dari tanggal", "Sampai tanggal", "Unduh CSV",
                 "Terapkan saringan", "Gagal masuk"):
        assert word in html, word
    assert "nobody@example.org" in html and "operator-lain" not in html
    html = app.get("/akun/aktivitas", query_string={
        "user": "operator", "kind": "login"}, headers=headers).get_data(as_text=True)
    assert 'href="/user/operator"' in html and "nobody@example.org" not in html
    assert "/akun/aktivitas.csv?user=operator&amp;kind=login" in html
    assert "1 aktivitas" in html


def test_walidata_page_bad_filter_names_the_field(app, people, events):
    response = app.get("/akun/aktivitas", query_string={"since": "kemarin"},
                       headers=_token(people["walidata"]))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Dari tanggal: Isi tanggal dengan format TTTT-BB-HH" in html
    assert "nobody@example.org" not in html
    response = app.get("/akun/aktivitas.csv", query_string={"kind": "x"},
                       headers=_token(people["walidata"]))
    assert response.status_code == 400


def test_walidata_page_pages(app, people):
    headers = _token(people["walidata"])
    model.Session.execute(sa.delete(table))  # the token's event
    model.Session.commit()
    user = people["public"]
    times = _recent(51)
    for when in times:
        _event("login", "success", user, when=when)
    first = app.get("/akun/aktivitas", headers=headers).get_data(as_text=True)
    assert first.count("satudata-history-success") == 50
    assert "Halaman 1 dari 2" in first and "page=2" in first
    second = app.get("/akun/aktivitas?page=2", headers=headers).get_data(as_text=True)
    assert second.count("satudata-history-success") == 1
    assert history.local_time(times[0]) in second
    assert app.get("/akun/aktivitas?page=3", headers=headers).status_code == 404
    assert app.get("/akun/aktivitas?page=x", headers=headers).status_code == 404


def _csv(response: Any) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_download(app, people, events):
    headers = _token(people["walidata"])  # a token_created event
    _event("login_failed", "failure", None, '=HYPERLINK("http://evil","klik")',
           {"reason": "password"})
    response = app.get("/akun/aktivitas.csv", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="aktivitas-pengguna-')
    rows = _csv(response)
    assert rows[0] == ["Waktu (Asia/Jakarta)", "Nama pengguna", "Nama lengkap",
                       "Login yang diketik", "Jenis aktivitas", "Hasil",
                       "Keterangan", "Alamat IP", "Peramban (user agent)"]
    assert len(rows) == 1 + len(events) + 2
    assert rows[1][3] == "'=HYPERLINK(\"http://evil\",\"klik\")"  # newest first
    assert rows[1][4] == "Gagal masuk"
    assert rows[1][6] == "Gagal masuk: akun tidak dikenal"
    names = {row[1] for row in rows[1:]}
    assert {"operator", "walidata", "admin-portal"} <= names
    operator = next(row for row in rows if row[1] == "operator")
    assert operator[4:7] == ["Masuk", "Berhasil", "Berhasil masuk"]


def test_csv_has_the_page_filters(app, people, events):
    response = app.get("/akun/aktivitas.csv", query_string={"kind": "login_failed"},
                       headers=_token(people["walidata"]))
    rows = _csv(response)
    assert len(rows) == 2 and rows[1][3] == "nobody@example.org"


# ---- retention -----------------------------------------------------------------------

@pytest.mark.ckan_config("ckanext.satudata.login_history_days", "30")
def test_prune_deletes_old_keeps_recent(people):
    user = people["operator"]
    now = history.now()
    old = _event("login", "success", user, when=now - dt.timedelta(days=31))
    recent = _event("login", "success", user, when=now - dt.timedelta(days=29))
    assert history.prune_if_due() == 1
    kept = {row[0] for row in _rows()}
    assert recent in kept and old not in kept
    # at most once a day
    _event("login", "success", user, when=now - dt.timedelta(days=40))
    assert history.prune_if_due() is None
    assert keys.redis().ttl(keys.key(*history.PRUNED_KEY)) > 23 * 3600
    assert history.prune_if_due(force=True) == 1


@pytest.mark.ckan_config("ckanext.satudata.login_history_days", "30")
def test_walidata_page_prunes(app, people):
    old = _event("login", "success", people["operator"],
                 when=history.now() - dt.timedelta(days=31))
    app.get("/akun/aktivitas", headers=_token(people["walidata"]))
    assert old not in {row[0] for row in _rows()}


@pytest.mark.ckan_config("ckanext.satudata.login_history_days", "30")
def test_cli_prune_history(cli, people):
    user = people["operator"]
    now = history.now()
    old = _event("login", "success", user, when=now - dt.timedelta(days=31))
    recent = _event("login", "success", user, when=now - dt.timedelta(days=1))
    result = cli.invoke(ckan, ["satudata-accounts", "prune-history"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1" in result.output
    model.Session.remove()
    kept = {row[0] for row in _rows()}
    assert recent in kept and old not in kept
    again = cli.invoke(ckan, ["satudata-accounts", "prune-history", "--if-due"])
    assert again.exit_code == 0 and "Not due" in again.output
