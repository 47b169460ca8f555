"""Counts of whole visibility classes (the landing page) equal counting
rows: for every user, after every kind of index change, under concurrent
writers, and across the migration that introduces them."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.model import repo
from ckan.tests import factories, helpers

from ckanext.satudata.search import counts
from ckanext.satudata.search.backend import PostgresSearchConnection
from ckanext.satudata.search.model import (
    CLASS_COUNT_TABLE_NAME,
    TABLE_NAME,
    TOKEN_TABLE_NAME,
)

#: The result cache off: each search is computed, with and without the
#: per-class counts.
pytestmark = [pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
              pytest.mark.ckan_config("ckanext.satudata.search.cache_size", 0)]

OPTION = "ckanext.satudata.search.class_counts"
FACETS = '["organization", "groups", "tags", "res_format", "license_id"]'


@pytest.fixture
def spy(monkeypatch) -> list[str]:
    """Records each search answered from the per-class counts."""
    used: list[str] = []
    facet_counts, hit_count = counts.facet_counts, counts.hit_count

    def facets(*args: Any, **kwargs: Any) -> Any:
        used.append("facets")
        return facet_counts(*args, **kwargs)

    def hits(*args: Any, **kwargs: Any) -> Any:
        used.append("hits")
        return hit_count(*args, **kwargs)

    monkeypatch.setattr(counts, "facet_counts", facets)
    monkeypatch.setattr(counts, "hit_count", hits)
    return used


def search(user: str = "", **params: Any) -> dict[str, Any]:
    context = {"user": user, "ignore_auth": False}
    return helpers.call_action("package_search", context=context, **params)


def by_counting_rows(ckan_config, user: str, **params: Any) -> dict[str, Any]:
    """The same search with the per-class counts turned off."""
    ckan_config[OPTION] = False
    try:
        return search(user, **params)
    finally:
        ckan_config[OPTION] = True


def assert_counts_exact() -> None:
    with model.ensure_engine().connect() as conn:
        assert counts.differences(conn) == []


@pytest.fixture
def catalogue() -> dict[str, Any]:
    """Two OPDs with public, private and draft datasets, a group, users of
    each kind."""
    member = factories.User(name="operator-dukcapil")
    outsider = factories.User(name="operator-dinkes")
    sysadmin = factories.Sysadmin(name="walidata-admin")
    dukcapil = factories.Organization(
        name="disdukcapil", users=[{"name": member["name"], "capacity": "editor"}])
    dinkes = factories.Organization(
        name="dinas-kesehatan",
        users=[{"name": outsider["name"], "capacity": "editor"}])
    group = factories.Group(name="kependudukan")

    def dataset(org: dict[str, Any], *tags: str, **extra: Any) -> dict[str, Any]:
        return factories.Dataset(
            owner_org=org["id"], tags=[{"name": t} for t in tags],
            license_id=extra.pop("license_id", "cc-by"),
            resources=[{"url": "http://contoh.id/a.csv",
                        "format": extra.pop("fmt", "CSV")}], **extra)

    sets = {
        "penduduk": dataset(dukcapil, "penduduk", "kecamatan",
                            groups=[{"id": group["id"]}]),
        "kk": dataset(dukcapil, "penduduk", fmt="XLSX", license_id="cc-zero"),
        "rahasia": dataset(dukcapil, "penduduk", "rentan", private=True),
        "puskesmas": dataset(dinkes, "kesehatan", fmt="PDF"),
        "gizi": dataset(dinkes, "kesehatan", "balita", private=True,
                        license_id="odc-odbl"),
    }
    helpers.call_action(
        "package_create", context={"user": member["name"]}, name="draf-penduduk",
        owner_org=dukcapil["id"], state="draft", tags=[{"name": "draf"}])
    return {"member": member, "outsider": outsider, "sysadmin": sysadmin,
            "dukcapil": dukcapil, "dinkes": dinkes, "group": group, "sets": sets}


def users(catalogue: dict[str, Any]) -> list[str]:
    return ["", catalogue["member"]["name"], catalogue["outsider"]["name"],
            catalogue["sysadmin"]["name"]]


LANDINGS = [
    {},
    {"include_private": True},
    {"include_private": True, "include_drafts": True},
    {"include_private": True, "rows": 2, "start": 3},  # a deeper page
]


def assert_landings_exact(ckan_config, spy: list[str], who: list[str]) -> None:
    """Every user's landing pages: counted per class, equal to counting rows."""
    for user in who:
        for params in LANDINGS:
            params = {"facet.field": FACETS, "facet.limit": -1, **params}
            del spy[:]
            result = search(user, **params)
            assert spy == ["facets"], (user, params)
            assert result == by_counting_rows(ckan_config, user, **params), (
                user, params)
    assert_counts_exact()


class TestLanding:
    def test_every_user_sees_the_counts_of_counting_rows(
            self, catalogue, ckan_config, spy):
        assert_landings_exact(ckan_config, spy, users(catalogue))

    def test_counts_are_the_visible_datasets(self, catalogue, spy):
        def facets(user: str, **params: Any) -> tuple[int, dict[str, Any]]:
            result = search(user, **{"facet.field": FACETS, **params})
            return result["count"], result["facets"]

        count, found = facets("", include_private=True)
        assert count == 3
        assert found["organization"] == {"disdukcapil": 2, "dinas-kesehatan": 1}
        assert found["tags"] == {"penduduk": 2, "kecamatan": 1, "kesehatan": 1}
        assert found["groups"] == {"kependudukan": 1}
        assert found["res_format"] == {"CSV": 1, "XLSX": 1, "PDF": 1}
        count, found = facets(catalogue["member"]["name"], include_private=True)
        assert count == 4
        assert found["tags"]["rentan"] == 1
        assert "balita" not in found["tags"]
        count, found = facets(catalogue["member"]["name"], include_private=True,
                              include_drafts=True)
        assert count == 5
        assert found["tags"]["draf"] == 1
        count, found = facets(catalogue["outsider"]["name"], include_private=True)
        assert count == 4
        assert found["license_id"] == {"cc-by": 2, "cc-zero": 1, "odc-odbl": 1}
        count, _ = facets(catalogue["sysadmin"]["name"], include_private=True)
        assert count == 5
        count, _ = facets(catalogue["member"]["name"])  # no include_private
        assert count == 3
        assert search(rows=0)["count"] == 3  # hits without facets
        assert spy == ["facets"] * 6 + ["hits"]

    def test_filters_on_class_fields_use_the_class_counts(
            self, catalogue, ckan_config, spy):
        for fq in ("capacity:public", "-capacity:private",
                   "state:(active OR draft)", "+dataset_type:dataset",
                   "entity_type:package", "capacity:pub*",
                   "permission_labels:public", "permission_labels:member-*",
                   "state:[a TO b]", "site_id:*"):
            params = {"facet.field": FACETS, "fq": fq, "include_private": True}
            for user in ("", catalogue["sysadmin"]["name"]):
                del spy[:]
                result = search(user, **params)
                assert spy == ["facets"], fq
                assert result == by_counting_rows(ckan_config, user, **params), fq

    def test_other_searches_count_rows(self, catalogue, ckan_config, spy):
        sysadmin = catalogue["sysadmin"]["name"]
        for extra in (
                {"q": "penduduk"}, {"fq": "tags:penduduk"}, {"fq": "name:kk*"},
                {"fq": "metadata_modified:[NOW-1DAY TO NOW]"},
                {"fq": "entity_type:pack*"}, {"q": "capacity:public penduduk"},
                {"facet.field": '["organization", "name"]'},  # a column
                {"facet.field": '["organization", "private"]'}):  # not faceted
            params = {"facet.field": FACETS, "include_private": True, **extra}
            result = search(sysadmin, **params)
            assert spy == [], extra
            assert result == by_counting_rows(ckan_config, sysadmin, **params)

    @pytest.mark.ckan_config(OPTION, False)
    def test_option_off_counts_rows(self, catalogue, spy):
        assert search(**{"facet.field": FACETS})["count"] == 3
        assert spy == []


class TestChanges:
    def test_counts_follow_every_change(self, catalogue, ckan_config, spy):
        who = users(catalogue)
        admin = {"user": catalogue["sysadmin"]["name"]}
        sets = catalogue["sets"]

        def call(action: str, **data: Any) -> Any:
            return helpers.call_action(action, context=dict(admin), **data)

        created = factories.Dataset(owner_org=catalogue["dinkes"]["id"],
                                    tags=[{"name": "baru"}, {"name": "penduduk"}])
        assert_landings_exact(ckan_config, spy, who)
        call("package_patch", id=created["id"], tags=[{"name": "diganti"}],
             license_id="cc-by-sa")
        call("package_patch", id=sets["kk"]["id"],
             owner_org=catalogue["dinkes"]["id"])
        assert_landings_exact(ckan_config, spy, who)
        call("package_patch", id=sets["penduduk"]["id"], private=True)
        call("bulk_update_public", org_id=catalogue["dukcapil"]["id"],
             datasets=[sets["rahasia"]["id"]])
        call("bulk_update_private", org_id=catalogue["dinkes"]["id"],
             datasets=[sets["puskesmas"]["id"]])
        assert_landings_exact(ckan_config, spy, who)
        call("member_create", id=catalogue["group"]["id"], object=created["id"],
             object_type="package", capacity="public")
        call("resource_create", package_id=sets["gizi"]["id"], format="JSON",
             url="http://contoh.id/gizi.json")
        assert_landings_exact(ckan_config, spy, who)
        call("package_delete", id=created["id"])
        call("bulk_update_delete", org_id=catalogue["dukcapil"]["id"],
             datasets=[sets["penduduk"]["id"]])
        call("dataset_purge", id=sets["gizi"]["id"])
        assert_landings_exact(ckan_config, spy, who)

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
    def test_deleted_datasets_kept_in_the_index(self, catalogue, ckan_config, spy):
        sysadmin = catalogue["sysadmin"]["name"]
        helpers.call_action("package_delete", context={"user": sysadmin},
                            id=catalogue["sets"]["kk"]["id"])
        params = {"facet.field": FACETS, "include_deleted": True,
                  "include_private": True}
        result = search(sysadmin, **params)
        assert result["count"] == 5
        assert result == by_counting_rows(ckan_config, sysadmin, **params)
        assert spy == ["facets"]
        assert_landings_exact(ckan_config, spy, users(catalogue))

    def test_search_index_commands(self, catalogue, cli, ckan_config, spy):
        for args in (["search-index", "clear"], ["search-index", "rebuild"]):
            assert cli.invoke(ckan, args).exit_code == 0, args
            assert_counts_exact()
        assert_landings_exact(ckan_config, spy, users(catalogue))

    def test_any_change_of_the_table_is_counted(self, catalogue, ckan_config, spy):
        with model.ensure_engine().begin() as conn:  # e.g. a repair by hand
            conn.execute(sa.text(
                f"INSERT INTO {TOKEN_TABLE_NAME} (token) VALUES ('tags=manual') "
                f"ON CONFLICT DO NOTHING"))
            conn.execute(sa.text(
                f"UPDATE {TABLE_NAME} SET facet_ids = facet_ids || (SELECT id FROM "
                f"{TOKEN_TABLE_NAME} WHERE token = 'tags=manual') "
                f"WHERE capacity = 'public'"))
            conn.execute(sa.text(
                f"DELETE FROM {TABLE_NAME} WHERE index_id IN "
                f"(SELECT index_id FROM {TABLE_NAME} LIMIT 1)"))
        assert_landings_exact(ckan_config, spy, users(catalogue))
        with model.ensure_engine().begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {TABLE_NAME}"))
            assert conn.execute(sa.text(
                f"SELECT count(*) FROM {CLASS_COUNT_TABLE_NAME}")).scalar_one() == 0
        assert search(**{"facet.field": FACETS})["count"] == 0
        assert_counts_exact()

    def test_a_count_dropping_to_zero_is_removed(self, catalogue):
        helpers.call_action(
            "package_patch", context={"user": catalogue["sysadmin"]["name"]},
            id=catalogue["sets"]["gizi"]["id"], tags=[])  # balita was only there
        with model.ensure_engine().connect() as conn:
            assert conn.execute(sa.text(
                f"SELECT count(*) FROM {CLASS_COUNT_TABLE_NAME} "
                f"c JOIN {TOKEN_TABLE_NAME} d ON d.id = c.token_id "
                f"WHERE n = 0 OR d.token = 'tags=balita'")).scalar_one() == 0
        assert_counts_exact()


def synthetic_doc(rng: random.Random, number: int) -> dict[str, Any]:
    """An index document of one of a few classes, with random facet values."""
    private = rng.random() < 0.4
    org = rng.choice(["a", "b", "c"])
    return {
        "index_id": f"doc-{number}", "id": f"id-{number}", "name": f"data-{number}",
        "site_id": "test.ckan.net", "state": rng.choice(["active", "active", "draft"]),
        "capacity": "private" if private else "public", "dataset_type": "dataset",
        "entity_type": "package", "title": f"Data {number}",
        "title_string": f"Data {number}",
        "permission_labels": [f"member-{org}"] if private else ["public"],
        "organization": org, "tags": rng.sample(["a", "b", "c", "d", "e"], 2),
        "res_format": [rng.choice(["CSV", "PDF"])],
    }


def test_concurrent_writers_keep_counts_exact():
    """Writers in parallel (web requests, a rebuild): batches and single
    documents, updates of the same documents, deletes. No deadlock, no
    error; a reader comparing the counts with the rows in one snapshot
    never sees them differ, nor does the check afterwards."""
    errors: list[BaseException] = []
    start = threading.Barrier(5)
    writing = threading.Event()
    seen: list[list[Any]] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        engine = PostgresSearchConnection()
        try:
            start.wait()
            for _ in range(15):
                numbers = rng.sample(range(40), rng.choice([1, 1, 5]))
                engine.add([synthetic_doc(rng, n) for n in numbers])
                if rng.random() < 0.3:
                    engine.delete(id=[f"doc-{rng.randrange(40)}"])
        except BaseException as e:  # reported below
            errors.append(e)

    def reader() -> None:
        start.wait()
        while writing.is_set():
            with model.ensure_engine().connect() as conn:
                seen.append(counts.differences(conn))

    writing.set()
    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    looking = threading.Thread(target=reader)
    for thread in [*threads, looking]:
        thread.start()
    for thread in threads:
        thread.join()
    writing.clear()
    looking.join()
    assert errors == []
    assert seen and all(found == [] for found in seen)
    with model.ensure_engine().connect() as conn:
        assert conn.execute(sa.text(
            f"SELECT count(*) FROM {TABLE_NAME}")).scalar_one() > 0
    assert_counts_exact()


@pytest.fixture
def search_alembic() -> Iterator[None]:
    original = repo._alembic_ini
    repo._alembic_ini = str(Path(counts.__file__).parents[1] / "migration"
                            / "satudata_search" / "alembic.ini")
    try:
        yield
    finally:
        repo.upgrade_db()
        repo._alembic_ini = original


def test_migration_counts_the_rows_already_indexed(
        catalogue, ckan_config, spy, search_alembic):
    """Down to the text facet values and up again: the rows there keep
    their facet values and are counted per class."""
    before = search(**{"facet.field": FACETS})
    repo.downgrade_db("0002_narrow_index")
    with model.ensure_engine().connect() as conn:
        assert conn.execute(sa.text(
            f"SELECT count(*) FROM {TABLE_NAME} WHERE "
            f"'tags=penduduk' = ANY(facet_tokens)")).scalar_one() == 3
    repo.upgrade_db()
    del spy[:]
    assert search(**{"facet.field": FACETS}) == before
    assert before["facets"]["tags"]["penduduk"] == 2
    assert_landings_exact(ckan_config, spy, users(catalogue))


class TestOnePass:
    """Free-text searches ordered by relevance take facets and page from
    one pass over the matches: the same answer as two queries."""

    QUERIES = [
        {"q": "penduduk"}, {"q": "penduduk", "rows": 1, "start": 1},
        {"q": "penduduk", "rows": 2, "start": 50},  # past the last match
        {"q": "penduduk kecamatan"}, {"q": "tidak-ada-kata-ini"},
        {"q": "penduduk", "sort": "score desc, metadata_created asc"},
        {"q": "penduduk", "fq": "tags:penduduk", "include_private": True},
    ]

    def test_same_answer_as_two_queries(self, catalogue, monkeypatch):
        from ckanext.satudata.search import backend

        passes: list[bool] = []
        one_pass = backend._one_pass

        def spy(*args: Any) -> bool:
            passes.append(one_pass(*args))
            return passes[-1]

        monkeypatch.setattr(backend, "_one_pass", spy)
        for user in ("", catalogue["member"]["name"]):
            for extra in self.QUERIES:
                params = {"facet.field": FACETS, **extra}
                del passes[:]
                result = search(user, **params)
                assert passes == [True], extra
                monkeypatch.setattr(backend, "_one_pass", lambda *args: False)
                assert result == search(user, **params), extra
                monkeypatch.setattr(backend, "_one_pass", spy)

    def test_with_the_result_cache(self, catalogue, ckan_config):
        from ckanext.satudata.search import cache

        ckan_config["ckanext.satudata.search.cache_size"] = 100
        before = cache.stats()["hits"]
        pages = [search(q="penduduk", rows=1, start=n, **{"facet.field": FACETS})
                 for n in (0, 1, 0)]
        # the second search took its facets from the cache, the third all
        # (facets, page, documents)
        assert cache.stats()["hits"] == before + 4
        assert [p["count"] for p in pages] == [2, 2, 2]
        assert pages[0] == pages[2]
        assert pages[0]["results"] != pages[1]["results"]
        assert pages[0]["facets"] == pages[1]["facets"]
        ckan_config["ckanext.satudata.search.cache_size"] = 0
        assert search(q="penduduk", rows=1, start=1,
                      **{"facet.field": FACETS}) == pages[1]


def test_a_deadlocked_write_is_tried_again():
    """PostgreSQL breaks a deadlock by failing one transaction: the engine
    writes it again (up to three times), other failures are not retried."""
    import psycopg2.errors
    from ckan.lib.search.common import SearchIndexError
    from sqlalchemy.exc import DataError, OperationalError

    from ckanext.satudata.search import backend

    def failing(error: Exception, times: int) -> list[int]:
        calls: list[int] = []

        def change(conn: Any) -> None:
            calls.append(1)
            if len(calls) <= times:
                raise error
            conn.execute(sa.text("SELECT 1"))

        backend._write(change)
        return calls

    deadlock = OperationalError("UPDATE", {}, psycopg2.errors.DeadlockDetected())
    assert len(failing(deadlock, 2)) == 3
    with pytest.raises(OperationalError):
        failing(deadlock, 3)
    lost = OperationalError("UPDATE", {}, psycopg2.errors.AdminShutdown())
    with pytest.raises(OperationalError):
        failing(lost, 1)
    bad = DataError("INSERT", {}, psycopg2.errors.InvalidTextRepresentation())
    with pytest.raises(SearchIndexError):
        failing(bad, 1)
