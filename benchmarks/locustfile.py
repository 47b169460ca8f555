"""Locust scenario of the load figures (``benchmarks/load.py``, issue 20).

Two kinds of simulated people against the demo content (``ckan satudata
demo load``):

* **Citizens** (``CitizenUser``, anonymous): the Beranda, Cari Data with a
  random mix of filters (keyword, urusan, OPD, year, kategori, page 2),
  dataset pages (mostly datasets with published values: table and
  charts), the downloads of published values (CSV, Excel, JSON) and of the
  uploaded files, and the Action API's ``package_search``. A citizen reads
  each page for 2-8 s.
* **Staff** (``StaffUser``, ``LOAD_STAFF`` of them, logged in through the
  login form and, for verifikator and walidata, the e-mailed code read from
  the stack's mail sink): each is a *desk* of one OPD (Disdukcapil, Dinas
  Pendidikan, Dinas Kesehatan in turn) working one submission (dataset x
  period) round its cycle as people do on the pages: the operator opens
  the entry grid, changes some values and saves it, then sends it to the
  verifikator; the verifikator opens the queue and the grid and verifies
  it; walidata opens it and returns it with a note (verified -> returned),
  so the operator can edit it again. Each step starts from the state the
  page shows, so a submission left half-way by an earlier run is picked
  up where it stands; the benchmark resets nothing.

Each account logs in once per run (a second factor costs one e-mailed
code); desks of the same OPD share the login (the session cookie is
copied), as one person's browser tabs would.

Environment: ``LOAD_STAFF`` (staff users, default 5), ``LOAD_MAIL_DIR``
(where the mail sink keeps its ``.eml`` files: needed for the login codes),
``LOAD_PASSWORD`` (the demo accounts' password), ``LOAD_EXTRA`` (a JSON
file written at the end: cache statuses seen per route, cycles per desk),
``LOAD_SEED``.

Run by ``benchmarks/load.py`` with the locust of ``.local/venv-load``; by
hand: ``.local/venv-load/bin/locust -f benchmarks/locustfile.py --headless
-u 10 -r 5 -t 30s --host http://127.0.0.1:5000``.
"""

from __future__ import annotations

import copy
import email
import email.policy
import html.parser
import json
import os
import random
import re
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from http.cookiejar import Cookie, CookieJar, request_host
from pathlib import Path
from typing import Any

import gevent.lock
from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession

PASSWORD = os.environ.get("LOAD_PASSWORD", "SatuData#2026")
STAFF = int(os.environ.get("LOAD_STAFF", "5"))
MAIL_DIR = os.environ.get("LOAD_MAIL_DIR", "")
EXTRA = os.environ.get("LOAD_EXTRA", "")
RNG = random.Random(int(os.environ.get("LOAD_SEED", "2026")))

#: The demo's OPDs with an operator and a verifikator account (demo/data/
#: portal.yaml): organization name -> account suffix.
DESKS = (("disdukcapil", "disdukcapil"), ("dinas-pendidikan", "disdik"),
         ("dinas-kesehatan", "dinkes"))
WALIDATA = "walidata"
EMAIL_DOMAIN = "satudata-semarang.example"
CODE_WAIT_S = 30.0
RETURN_NOTE = "Uji beban: dikembalikan agar siklus isian berulang."
#: Preference when a desk picks its submission: what an earlier run left
#: half-way first, so the same few submissions go round run after run.
STATE_ORDER = ("verified", "submitted", "returned", "draft", "belum_diisi")

CACHE_HEADERS = ("X-Cache-Status", "X-Cache", "X-Proxy-Cache")

CATALOGUE: dict[str, Any] = {}
CACHE_SEEN: dict[str, Counter[str]] = defaultdict(Counter)
SERVERS_SEEN: Counter[str] = Counter()
CYCLES: Counter[str] = Counter()
LOGINS: dict[str, list[Cookie]] = {}
FAILED_LOGINS: set[str] = set()
LOGIN_LOCKS: dict[str, gevent.lock.Semaphore] = defaultdict(gevent.lock.Semaphore)
CLAIMED: set[tuple[str, str]] = set()
DESK_COUNTER = [0]


# ---- cookies ---------------------------------------------------------------

class PortalCookieJar(CookieJar):
    """``Domain=`` without a value (CKAN's generated ``SESSION_COOKIE_DOMAIN =``)
    is ignored by browsers (RFC 6265 5.2.3: a host-only cookie); Python's
    ``http.cookiejar`` turns it into the domain ``.`` and drops the cookie."""

    def make_cookies(self, response: Any, request: Any) -> list[Cookie]:
        cookies = super().make_cookies(response, request)
        for cookie in cookies:
            if cookie.domain in ("", "."):
                cookie.domain = request_host(request)
                cookie.domain_specified = False
                cookie.domain_initial_dot = False
        return cookies


def _use_portal_jar(session: FastHttpSession) -> None:
    jar = PortalCookieJar()
    session.cookiejar = jar
    session.client.cookiejar = jar


# ---- HTML forms ------------------------------------------------------------

class Form:
    def __init__(self, action: str, attrs: dict[str, str]) -> None:
        self.action = action
        self.attrs = attrs
        self.fields: list[dict[str, str]] = []

    def values(self) -> dict[str, str]:
        return {f["name"]: f.get("value", "") for f in self.fields
                if f.get("name") and "disabled" not in f}


class PageParser(html.parser.HTMLParser):
    """The forms (action, fields) and links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.alerts: list[tuple[str, str]] = []
        self._form: Form | None = None
        self._textarea: dict[str, str] | None = None
        self._alert: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a)
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select") and self._form is not None:
            field = dict(a)
            self._form.fields.append(field)
            if tag == "textarea":
                field["value"] = ""
                self._textarea = field
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "div" and "alert" in a.get("class", "").split():
            self._alert = [a["class"], ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "div" and self._alert is not None:
            self.alerts.append((self._alert[0], " ".join(self._alert[1].split())))
            self._alert = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._alert is not None:
            self._alert[1] += data

    def form_ending(self, suffix: str) -> Form | None:
        for form in self.forms:
            if urllib.parse.urlsplit(form.action).path.endswith(suffix):
                return form
        return None

    def errors(self) -> list[str]:
        return [text for cls, text in self.alerts
                if "alert-error" in cls or "alert-danger" in cls]


def parse(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    return parser


def csrf_of(page: PageParser) -> dict[str, str]:
    for form in page.forms:
        for field in form.fields:
            if field.get("name") == "_csrf_token":
                return {"_csrf_token": field.get("value", "")}
    return {}


# ---- the catalogue (read once, before the users start; not measured) ---------

def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.load(answer)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60):
            return True
    except OSError:
        return False


@events.test_start.add_listener
def _read_catalogue(environment: Any, **_kwargs: Any) -> None:
    base = (environment.host or "").rstrip("/")
    facets = ["urusan", "organization", "vocab_tahun", "kategori", "tags"]
    query = urllib.parse.urlencode({
        "rows": 1000, "facet.field": json.dumps(facets), "facet.limit": 50,
    })
    result = _get_json(f"{base}/api/3/action/package_search?{query}")["result"]
    datasets = [p["name"] for p in result["results"]]
    uploads = [urllib.parse.urlsplit(r["url"]).path for p in result["results"]
               for r in p.get("resources", [])
               if r.get("url_type") == "upload" and r.get("url")]
    # only what anybody may download: an upload held by the personal-data
    # check (satudata_privacy) answers 403 to visitors, as it should
    files = [path for path in uploads if _answers(base + path)]
    CATALOGUE.update(
        datasets=datasets,
        published=[name for name in datasets
                   if _answers(f"{base}/dataset/{name}/data.json")],
        files=files, held_files=[p for p in uploads if p not in files],
        facets={f: list((result.get("facets") or {}).get(f, {})) for f in facets},
    )


@events.request.add_listener
def _count_cache_status(name: str, response: Any = None, **_kwargs: Any) -> None:
    headers = getattr(response, "headers", None)
    if not headers:
        return
    for header in CACHE_HEADERS:
        value = headers.get(header)
        if value:
            CACHE_SEEN[name][f"{header}: {value}"] += 1
            break
    SERVERS_SEEN[(headers.get("Server") or "?").split("/")[0]] += 1


@events.test_stop.add_listener
def _write_extra(**_kwargs: Any) -> None:
    if not EXTRA:
        return
    Path(EXTRA).write_text(json.dumps({
        "cache_status": {name: dict(seen) for name, seen in CACHE_SEEN.items()},
        "servers": dict(SERVERS_SEEN),
        "cycles": dict(CYCLES),
        "catalogue": {k: len(v) for k, v in CATALOGUE.items() if k != "facets"},
    }, indent=2))


# ---- citizens ----------------------------------------------------------------

class CitizenUser(FastHttpUser):
    """An anonymous visitor."""

    wait_time = between(2, 8)

    def _dataset(self) -> str:
        published = CATALOGUE.get("published") or []
        if published and RNG.random() < 0.7:
            return RNG.choice(published)
        return RNG.choice(CATALOGUE["datasets"])

    @task(3)
    def beranda(self) -> None:
        self.client.get("/", name="Beranda")

    @task(4)
    def cari_data(self) -> None:
        facets = CATALOGUE["facets"]
        params: dict[str, str] = {}
        if RNG.random() < 0.5 and facets.get("tags"):
            params["q"] = RNG.choice(facets["tags"])
        for field in RNG.sample(["urusan", "organization", "vocab_tahun",
                                 "kategori"], RNG.randint(0, 2)):
            if facets.get(field):
                params[field] = RNG.choice(facets[field])
        if RNG.random() < 0.15:
            params["page"] = "2"
        self.client.get(f"/dataset/?{urllib.parse.urlencode(params)}",
                        name="Cari Data")

    @task(4)
    def dataset_page(self) -> None:
        self.client.get(f"/dataset/{self._dataset()}", name="dataset page")

    @task(2)
    def download(self) -> None:
        published = CATALOGUE.get("published") or []
        if not published:
            return
        kind, name = RNG.choice((("csv", "download CSV"), ("csv", "download CSV"),
                                 ("xlsx", "download Excel"),
                                 ("json", "download JSON")))
        self.client.get(f"/dataset/{RNG.choice(published)}/data.{kind}", name=name)

    @task(1)
    def download_file(self) -> None:
        if CATALOGUE.get("files"):
            self.client.get(RNG.choice(CATALOGUE["files"]), name="download file")

    @task(2)
    def api_search(self) -> None:
        facets = CATALOGUE["facets"]
        params = {"rows": "10", "facet.field": json.dumps(["urusan", "organization"])}
        if facets.get("tags"):
            params["q"] = RNG.choice(facets["tags"])
        if RNG.random() < 0.5 and facets.get("urusan"):
            params["fq"] = f'urusan:"{RNG.choice(facets["urusan"])}"'
        self.client.get(f"/api/3/action/package_search?{urllib.parse.urlencode(params)}",
                        name="API package_search")


# ---- staff -------------------------------------------------------------------

class StaffError(Exception):
    """A staff step could not go on. Unless the failed request was reported
    already (``reported``), it is counted as a failure of "desk stuck"."""

    def __init__(self, message: str, reported: bool = False) -> None:
        super().__init__(message)
        self.reported = reported


def _mail_files() -> set[str]:
    return {p.name for p in Path(MAIL_DIR).glob("*.eml")} if MAIL_DIR else set()


def _code_in(path: Path, address: str) -> str | None:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if address not in str(message.get("To", "")):
        return None
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    found = re.search(r"^\s*(\d{6})\s*$", text, re.MULTILINE)
    return found.group(1) if found else None


def _wait_code(address: str, before: set[str]) -> str:
    """The login code e-mailed to ``address`` after ``before`` was listed;
    else the newest one of the last 5 minutes (a code still valid from an
    earlier login is not sent again)."""
    if not MAIL_DIR:
        raise StaffError("LOAD_MAIL_DIR is not set: cannot read the login code")
    deadline = time.monotonic() + CODE_WAIT_S
    while time.monotonic() < deadline:
        for name in sorted(_mail_files() - before, reverse=True):
            code = _code_in(Path(MAIL_DIR) / name, address)
            if code:
                return code
        time.sleep(0.25)
    recent = sorted((p for p in Path(MAIL_DIR).glob("*.eml")
                     if p.stat().st_mtime > time.time() - 300),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for path in recent:
        code = _code_in(path, address)
        if code:
            return code
    raise StaffError(f"no login code for {address} in {MAIL_DIR}")


class LoginFailed(StaffError):
    """An account could not log in: its desk stops for this run."""


class Desk:
    """One OPD's operator, verifikator and walidata sessions."""

    def __init__(self, user: StaffUser, organization: str, suffix: str) -> None:
        self.user = user
        self.organization = organization
        self.sessions: dict[str, FastHttpSession] = {}
        self.accounts = {"operator": f"operator-{suffix}",
                         "verifikator": f"verifikator-{suffix}",
                         "walidata": WALIDATA}
        for role in self.accounts:
            session = user.client if role == "operator" else FastHttpSession(
                base_url=user.host, request_event=user.environment.events.request,
                user=user, network_timeout=user.network_timeout,
                connection_timeout=user.connection_timeout,
            )
            _use_portal_jar(session)
            self.sessions[role] = session
        self.submission: tuple[str, str] | None = None

    # -- login --
    def login(self, role: str) -> None:
        account = self.accounts[role]
        session = self.sessions[role]
        with LOGIN_LOCKS[account]:
            if account in FAILED_LOGINS:
                # never retried: failed logins and codes lock the account
                raise LoginFailed(f"the login of {account} failed earlier")
            if account not in LOGINS:
                try:
                    self._login(session, account)
                except StaffError as error:
                    FAILED_LOGINS.add(account)
                    raise LoginFailed(str(error), error.reported) from error
                LOGINS[account] = [copy.copy(c) for c in session.cookiejar]
            else:
                for cookie in LOGINS[account]:
                    session.cookiejar.set_cookie(copy.copy(cookie))

    def _login(self, session: FastHttpSession, account: str) -> None:
        page = parse(session.get("/user/login", name="login form").text)
        before = _mail_files()
        with session.post("/user/login", name="login", allow_redirects=False,
                          data={"login": account, "password": PASSWORD,
                                **csrf_of(page)}, catch_response=True) as answer:
            where = answer.headers.get("Location", "")
            if answer.status_code != 302 or where.rstrip("/").endswith("/user/login"):
                answer.failure(f"login of {account} refused ({answer.status_code})")
                raise StaffError(f"login of {account} refused", reported=True)
        if "/user/login/kode" not in where:
            return
        code = _wait_code(f"{account}@{EMAIL_DOMAIN}", before)
        page = parse(session.get("/user/login/kode", name="login code form").text)
        with session.post("/user/login/kode", name="login code", allow_redirects=False,
                          data={"code": code, **csrf_of(page)},
                          catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"login code of {account} refused "
                               f"({answer.status_code})")
                raise StaffError(f"login code of {account} refused", reported=True)

    # -- choosing the submission --
    def claim(self) -> None:
        candidates: list[tuple[int, str, str]] = []

        def add(items: list[dict[str, Any]], state_key: str = "state") -> None:
            for item in items:
                if item.get("organization") != self.organization:
                    continue
                state = item.get(state_key) or "belum_diisi"
                if state in STATE_ORDER:
                    candidates.append((STATE_ORDER.index(state), item["package_name"],
                                       item["period"]))

        for role in ("walidata", "verifikator", "operator"):
            queues = self._api(role, "satudata_queue_list")
            if role == "walidata":
                for group in queues.get("walidata") or []:
                    add(group.get("items") or [], "state")
            else:
                add(queues.get(role) or [])
        add([i for i in self._api("operator", "satudata_due_list",
                                  "?include_drafts=true")
             if i.get("status") == "belum_diisi"], "status")
        for _, name, period in sorted(candidates):
            if (name, period) not in CLAIMED:
                CLAIMED.add((name, period))
                self.submission = (name, period)
                return
        raise StaffError(f"no submission left to work on for {self.organization}")

    def _api(self, role: str, action: str, query: str = "") -> Any:
        with self.sessions[role].get(f"/api/3/action/{action}{query}", name="API queue",
                                     catch_response=True) as answer:
            try:
                return answer.json()["result"]
            except (ValueError, KeyError, TypeError):
                answer.failure(f"{action} as {role}: no result")
                raise StaffError(f"{action} as {role} failed", reported=True) from None

    # -- pages --
    def entry_url(self) -> str:
        assert self.submission is not None
        name, period = self.submission
        return f"/dataset/{name}/isian/{period}"

    def entry(self, role: str) -> PageParser:
        return parse(self.sessions[role].get(self.entry_url(), name="isian form").text)

    def post(self, role: str, url: str, name: str, data: dict[str, str]) -> PageParser:
        """POST a form as a browser does, then the page it redirects to; the
        POST fails when that page shows an error message."""
        session = self.sessions[role]
        with session.post(url, name=name, data=data, allow_redirects=False,
                          catch_response=True) as answer:
            if answer.status_code != 302:
                page = parse(answer.text or "")
                answer.failure(f"{name}: HTTP {answer.status_code} "
                               f"{'; '.join(page.errors())[:300]}")
                raise StaffError(f"{name} answered {answer.status_code}",
                                 reported=True)
            where = urllib.parse.urlsplit(answer.headers.get("Location", ""))
            follow = parse(session.get(where.path or self.entry_url(),
                                       name="isian form").text)
            if follow.errors():
                answer.failure(f"{name}: {'; '.join(follow.errors())[:300]}")
                raise StaffError(f"{name} refused", reported=True)
        return follow

    # -- the cycle's steps; each returns whether it moved the submission --
    def operator_step(self) -> bool:
        session = self.sessions["operator"]
        session.get("/dashboard/isian", name="dasbor isian")
        page = self.entry("operator")
        grid = next((f for f in page.forms
                     if "satudata-entry-form" in f.attrs.get("class", "")), None)
        if grid is None or not any(f.get("name", "").startswith("v|")
                                   and "disabled" not in f for f in grid.fields):
            return False
        self.user.wait()
        page = self.post("operator", self.entry_url(), "isian save", _edited(grid))
        submit = page.form_ending("/kirim")
        if submit is None:
            raise StaffError("no submit form after saving")
        self.user.wait()
        self.post("operator", submit.action, "submit", submit.values())
        return True

    def verifikator_step(self) -> bool:
        self.sessions["verifikator"].get("/dashboard/verifikasi",
                                         name="antrean verifikasi")
        page = self.entry("verifikator")
        verify = page.form_ending("/verifikasi")
        if verify is None:
            return False
        self.user.wait()
        self.post("verifikator", verify.action, "verify", verify.values())
        return True

    def walidata_step(self) -> bool:
        session = self.sessions["walidata"]
        session.get("/dashboard/verifikasi", name="antrean verifikasi")
        page = self.entry("walidata")
        link = next((h for h in page.links if h.endswith("/kembalikan")), None)
        if link is None:
            return False
        self.user.wait()
        form_page = parse(session.get(link, name="return form").text)
        form = next((f for f in form_page.forms
                     if "satudata-return-form" in f.attrs.get("class", "")), None)
        if form is None:
            raise StaffError("no return form")
        data = {**form.values(), "note": RETURN_NOTE}
        self.user.wait()
        self.post("walidata", link, "return", data)
        return True


def _number(text: str) -> int | None:
    """An integer as shown in the grid (``10.518`` or ``10518``)."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text.strip()):
        return int(text.strip().replace(".", ""))
    return None


def _edited(grid: Form) -> dict[str, str]:
    """The grid's fields with a few whole numbers changed by one, as an
    operator correcting some cells; an empty grid gets small numbers in its
    numeric cells (a period never filled)."""
    data = grid.values()
    cells = [f for f in grid.fields if f.get("name", "").startswith("v|")]
    if not any(f.get("value") for f in cells):
        for field in cells:
            if field.get("inputmode") == "decimal":
                data[field["name"]] = str(RNG.randint(1, 99))
        return data
    numbers = [f["name"] for f in cells if _number(f.get("value", "")) is not None]
    for name in RNG.sample(numbers, min(len(numbers), 3)):
        value = _number(data[name]) or 0
        data[name] = str(max(0, value + RNG.choice((-1, 1))))
    return data


class StaffUser(FastHttpUser):
    """An OPD desk: operator, verifikator and walidata taking turns."""

    fixed_count = STAFF
    wait_time = between(1, 4)

    def on_start(self) -> None:
        index = DESK_COUNTER[0]
        DESK_COUNTER[0] += 1
        organization, suffix = DESKS[index % len(DESKS)]
        self.desk = Desk(self, organization, suffix)
        self.ready = False
        self.stop_desk = False

    def _prepare(self) -> None:
        for role in ("operator", "verifikator", "walidata"):
            self.desk.login(role)
        self.desk.claim()
        self.ready = True

    def _stuck(self, error: StaffError) -> None:
        if error.reported:
            return
        self.environment.events.request.fire(
            request_type="STAFF", name="desk stuck", response_time=0,
            response_length=0, exception=error, context={}, response=None,
        )

    @task
    def cycle(self) -> None:
        if self.stop_desk:
            self.wait()
            return
        try:
            self._cycle()
        except LoginFailed as error:
            self._stuck(error)
            self.stop_desk = True
        except StaffError as error:
            # a move refused or a page that failed: take the next submission
            self._stuck(error)
            self.ready = False
            self.wait()

    def _cycle(self) -> None:
        desk = self.desk
        if not self.ready:
            self._prepare()
        moved = desk.operator_step()
        self.wait()
        moved = desk.verifikator_step() or moved
        self.wait()
        moved = desk.walidata_step() or moved
        if not moved:  # published, or held where none of the three may act
            raise StaffError(f"{desk.entry_url()}: nobody of the desk may move it")
        CYCLES[f"{desk.organization} {desk.entry_url()}"] += 1
