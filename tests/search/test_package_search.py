"""package_search through satudata_search: Indonesian text, permissions,
facets, Lucene syntax, sorting and paging."""

from __future__ import annotations

from typing import Any

import ckan.lib.search as search_lib
import ckan.logic as logic
import pytest
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def search(user: str = "", **params: Any) -> dict[str, Any]:
    context = {"user": user, "ignore_auth": False}
    return helpers.call_action("package_search", context=context, **params)


def titles(result: dict[str, Any]) -> list[str]:
    return [d["title"] for d in result["results"]]


@pytest.fixture
def population() -> dict[str, Any]:
    """Two OPDs with public and private datasets about population."""
    operator = factories.User(name="operator-dukcapil")
    outsider = factories.User(name="operator-dinkes")
    dukcapil = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil",
        users=[{"name": operator["name"], "capacity": "editor"}])
    dinkes = factories.Organization(
        name="dinas-kesehatan", title="Dinas Kesehatan",
        users=[{"name": outsider["name"], "capacity": "editor"}])
    sets = {
        "jumlah": factories.Dataset(
            owner_org=dukcapil["id"], title="Jumlah Penduduk Menurut Kecamatan",
            tags=[{"name": "penduduk"}, {"name": "kecamatan"}]),
        "data": factories.Dataset(
            owner_org=dukcapil["id"], title="Data Kependudukan Kota Semarang",
            notes="Rekap administrasi kependudukan.", tags=[{"name": "adminduk"}]),
        "private": factories.Dataset(
            owner_org=dukcapil["id"], private=True,
            title="Data Penduduk Rentan Administrasi Kependudukan",
            tags=[{"name": "penduduk"}]),
        "sekolah": factories.Dataset(
            owner_org=dinkes["id"], title="Jumlah Sekolah Dasar",
            notes="Sekolah per kecamatan.", tags=[{"name": "sekolah"}]),
        "puskesmas": factories.Dataset(
            owner_org=dinkes["id"], title="Kunjungan Puskesmas",
            notes="Kunjungan pasien per bulan, menurut jenis kelamin penduduk.",
            tags=[{"name": "kesehatan"}]),
    }
    return {"operator": operator, "outsider": outsider, "sets": sets,
            "dukcapil": dukcapil, "dinkes": dinkes}


class TestIndonesianText:
    def test_penduduk_finds_kependudukan_and_ranks_exact_title_first(
            self, population):
        result = search(q="penduduk")
        found = titles(result)
        assert found[0] == "Jumlah Penduduk Menurut Kecamatan"
        assert "Data Kependudukan Kota Semarang" in found
        # a title match ranks above a match in the notes only
        assert found.index("Data Kependudukan Kota Semarang") < found.index(
            "Kunjungan Puskesmas")
        assert "Jumlah Sekolah Dasar" not in found
        assert result["count"] == 3

    def test_stems_match_both_ways(self, population):
        assert "Jumlah Penduduk Menurut Kecamatan" in titles(
            search(q="kependudukan"))
        assert titles(search(q="sekolah")) == ["Jumlah Sekolah Dasar"]

    def test_prefix_and_phrase(self, population):
        assert "Kunjungan Puskesmas" in titles(search(q="puskes*"))
        assert titles(search(q='"jumlah penduduk"')) == [
            "Jumlah Penduduk Menurut Kecamatan"]
        assert titles(search(q='"penduduk jumlah"')) == []

    def test_all_words_must_match(self, population):
        assert titles(search(q="jumlah sekolah")) == ["Jumlah Sekolah Dasar"]
        assert search(q="jumlah gempa")["count"] == 0

    def test_organization_title_is_searchable(self, population):
        found = titles(search(q="pencatatan sipil"))
        assert set(found) == {"Jumlah Penduduk Menurut Kecamatan",
                              "Data Kependudukan Kota Semarang"}


class TestPermissions:
    def test_anonymous_never_sees_private(self, population):
        result = search(q="penduduk", include_private=True)
        assert "Data Penduduk Rentan Administrasi Kependudukan" not in titles(result)

    def test_member_sees_own_private(self, population):
        result = search(population["operator"]["name"], q="penduduk",
                        include_private=True)
        assert "Data Penduduk Rentan Administrasi Kependudukan" in titles(result)
        assert result["count"] == 4

    def test_member_of_other_org_does_not(self, population):
        result = search(population["outsider"]["name"], q="penduduk",
                        include_private=True)
        assert "Data Penduduk Rentan Administrasi Kependudukan" not in titles(result)

    def test_sysadmin_sees_all(self, population):
        admin = factories.Sysadmin()
        result = search(admin["name"], q="penduduk", include_private=True)
        assert result["count"] == 4

    def test_private_needs_include_private(self, population):
        result = search(population["operator"]["name"], q="penduduk")
        assert "Data Penduduk Rentan Administrasi Kependudukan" not in titles(result)

    def test_drafts_only_for_creator(self):
        creator = factories.User()
        org = factories.Organization(
            users=[{"name": creator["name"], "capacity": "editor"}])
        helpers.call_action(
            "package_create", context={"user": creator["name"]},
            name="draf-penduduk", title="Draf Penduduk", owner_org=org["id"],
            state="draft")
        assert search(creator["name"], q="draf", include_drafts=True)["count"] == 1
        other = factories.User()
        assert search(other["name"], q="draf", include_drafts=True)["count"] == 0
        assert search(creator["name"], q="draf")["count"] == 0

    @pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
    def test_collaborator_sees_private_dataset(self):
        org = factories.Organization()
        dataset = factories.Dataset(owner_org=org["id"], private=True,
                                    title="Kolaborasi Rahasia")
        user = factories.User()
        assert search(user["name"], q="kolaborasi", include_private=True)[
            "count"] == 0
        helpers.call_action(
            "package_collaborator_create", id=dataset["id"],
            user_id=user["id"], capacity="editor")
        found = search(user["name"], q="kolaborasi", include_private=True)
        assert titles(found) == ["Kolaborasi Rahasia"]


class TestFacets:
    def test_counts_equal_matching_datasets(self, population):
        result = search(q="penduduk", rows=100, **{
            "facet.field": '["organization", "tags", "res_format", "license_id"]'})
        facets = result["facets"]
        assert sum(facets["organization"].values()) == result["count"]
        for tag, count in facets["tags"].items():
            assert count == sum(
                1 for d in result["results"]
                if tag in {t["name"] for t in d["tags"]})
        assert facets["organization"] == {"disdukcapil": 2, "dinas-kesehatan": 1}

    def test_limit_and_mincount(self, population):
        result = search(**{"facet.field": '["tags"]', "facet.limit": 2})
        # all public tags are used once: ties go in index (alphabetical)
        # order, as Solr's facet.sort=count does
        assert list(result["facets"]["tags"]) == ["adminduk", "kecamatan"]
        result = search(**{"facet.field": '["tags"]', "facet.limit": -1,
                           "facet.mincount": 2})
        assert result["facets"]["tags"] == {}  # penduduk: 1 public + 1 private

    def test_facet_on_extra(self):
        org = factories.Organization()
        for year in ("2023", "2024", "2024"):
            factories.Dataset(owner_org=org["id"],
                              extras=[{"key": "tahun_data", "value": year}])
        result = search(**{"facet.field": '["tahun_data"]'})
        assert result["facets"]["tahun_data"] == {"2024": 2, "2023": 1}
        assert search(fq='tahun_data:"2023"')["count"] == 1

    def test_facets_on_column_and_stored_only_fields(self):
        org = factories.Organization()
        for name, url in (("data-a", "http://contoh.id/a.csv"),
                          ("data-b", "http://contoh.id/a.csv"),
                          ("data-c", "http://contoh.id/c.csv")):
            factories.Dataset(owner_org=org["id"], name=name,
                              resources=[{"url": url, "format": "CSV"}])
        result = search(**{"facet.field": '["name", "res_url"]'})
        assert result["facets"]["name"] == {"data-a": 1, "data-b": 1, "data-c": 1}
        assert result["facets"]["res_url"] == {
            "http://contoh.id/a.csv": 2, "http://contoh.id/c.csv": 1}
        assert search(fq='res_url:"http://contoh.id/c.csv"')["count"] == 1
        assert search(fq="res_url:*a.csv")["count"] == 2

    def test_sort_and_range_on_extras(self):
        org = factories.Organization()
        for name, year, day in (("lama", "2019", "2019-03-01"),
                                ("baru", "2024", "2024-06-30"),
                                ("tengah", "2021", "2021-01-15")):
            factories.Dataset(owner_org=org["id"], name=name, extras=[
                {"key": "tahun_data", "value": year},
                {"key": "rilis_date", "value": day}])
        names = [d["name"] for d in search(sort="tahun_data desc")["results"]]
        assert names == ["baru", "tengah", "lama"]
        names = [d["name"] for d in search(sort="rilis_date asc")["results"]]
        assert names == ["lama", "tengah", "baru"]
        assert search(fq="rilis_date:[2020-01-01T00:00:00Z TO *]")["count"] == 2
        assert search(fq="tahun_data:[2020 TO 2022]")["count"] == 1

    def test_group_and_organization_counts(self, population):
        group = factories.Group(name="kependudukan")
        helpers.call_action(
            "member_create", id=group["id"], object=population["sets"]["data"]["id"],
            object_type="package", capacity="public")
        groups = helpers.call_action("group_list", all_fields=True)
        assert groups[0]["package_count"] == 1

        def counts(user: str) -> dict[str, int]:
            orgs = helpers.call_action(
                "organization_list", context={"user": user, "ignore_auth": False},
                all_fields=True)
            return {o["name"]: o["package_count"] for o in orgs}

        assert counts("") == {"disdukcapil": 2, "dinas-kesehatan": 2}
        assert counts(population["operator"]["name"]) == {
            "disdukcapil": 3, "dinas-kesehatan": 2}
        assert search(fq="groups:kependudukan")["count"] == 1


class TestSyntax:
    def test_fielded_boolean_and_negation(self, population):
        assert search(q="tags:penduduk")["count"] == 1
        assert search(fq="tags:(penduduk OR sekolah)")["count"] == 2
        assert search(fq="-tags:penduduk")["count"] == 3
        assert search(q="penduduk -tags:adminduk")["count"] == 2
        assert search(q="penduduk AND NOT kunjungan")["count"] == 2
        assert search(q="+organization:disdukcapil +kecamatan")["count"] == 1
        assert search(q="sekolah OR puskesmas")["count"] == 2
        assert search(q="sekolah puskesmas")["count"] == 0  # mm: both needed
        assert search(q="*:*")["count"] == 4
        assert search(q='title:"jumlah penduduk"')["count"] == 1
        assert search(q="name:jumlah*")["count"] == 0  # factory names
        name = population["sets"]["sekolah"]["name"]
        assert search(q=f"name:{name[:6]}*")["count"] >= 1

    def test_date_ranges(self, population):
        assert search(fq="metadata_modified:[2024-01-01T00:00:00Z TO NOW]")[
            "count"] == 4
        assert search(fq="metadata_created:[* TO 2000-01-01T00:00:00Z]")[
            "count"] == 0
        assert search(fq="metadata_modified:[NOW-1DAY TO NOW+1DAY]")["count"] == 4
        assert search(fq="metadata_modified:{NOW/DAY TO *}")["count"] == 4

    def test_numeric_range_on_string_field(self, population):
        assert search(fq="num_tags:[2 TO *]")["count"] == 1

    @pytest.mark.parametrize("params, words", [
        ({"q": "title:(penduduk"}, "parse"),
        ({"q": "title:penduduk~2"}, "Fuzzy"),
        ({"q": "title:/pend.*/"}, "Regular expression"),
        ({"fq": "metadata_modified:[kemarin TO NOW]"}, "Invalid date"),
        ({"fq": "metadata_modified:[NOW-1FORTNIGHT TO NOW]"}, "date unit"),
        ({"q": "title:[a TO b]"}, "Ranges are not supported on the text field"),
        ({"sort": "title_string sideways"}, "sort"),
        ({"q": "name:jumlah\x00"}, "NUL"),
        ({"fq": "tags:a\x00b"}, "NUL"),
    ])
    def test_unsupported_syntax_is_a_clear_error(self, params, words):
        with pytest.raises(SearchQueryError, match=words):
            search(**params)

    def test_overlong_words_are_searched_not_a_500(self, population):
        word = "penduduk" * 400  # 3,200 letters, past PostgreSQL's lexeme limit
        assert search(q=word)["count"] == 0
        assert search(q=f"title:{word}")["count"] == 0
        factories.Dataset(title="Kata Panjang", notes=f"Catatan {word}.")
        assert titles(search(q=word)) == ["Kata Panjang"]

    def test_api_answers_400_not_500(self, app):
        response = app.get("/api/3/action/package_search",
                           query_string={"q": "title:(penduduk"}, status=400)
        body = response.json
        assert body["success"] is False
        assert body["error"]["__type"] == "Search Query Error"
        assert "tidak dapat dibaca" in body["error"]["message"]

    def test_page_shows_error_not_500(self, app):
        response = app.get("/dataset/", query_string={"q": "title:(penduduk"},
                           status=400)
        assert "tidak dapat dibaca" in response.body


class TestSortPaging:
    def test_sort_and_paging(self, population):
        by_title = titles(search(sort="title_string asc"))
        assert by_title == sorted(by_title, key=str.lower)
        assert titles(search(sort="title_string desc")) == by_title[::-1]
        newest = titles(search(sort="metadata_created desc"))
        assert newest[0] == "Kunjungan Puskesmas"
        page = search(sort="title_string asc", rows=2, start=2)
        assert titles(page) == by_title[2:4]
        assert page["count"] == 4

    def test_fl(self, population):
        result = search(q="sekolah", fl="name,title")
        assert result["results"] == [{
            "name": population["sets"]["sekolah"]["name"],
            "title": "Jumlah Sekolah Dasar"}]

    def test_autocomplete_and_tag_show(self, population):
        found = helpers.call_action("package_autocomplete", q="kependu")
        assert {p["title"] for p in found} >= {"Data Kependudukan Kota Semarang"}
        tag = helpers.call_action("tag_show", id="penduduk", include_datasets=True)
        assert [d["title"] for d in tag["packages"]] == [
            "Jumlah Penduduk Menurut Kecamatan"]


class TestIndexInStep:
    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
    def test_update_delete_purge(self, population):
        admin = factories.Sysadmin()
        ctx = {"user": admin["name"]}
        dataset = population["sets"]["sekolah"]
        helpers.call_action("package_patch", context=dict(ctx), id=dataset["id"],
                            title="Jumlah Guru SMP")
        assert titles(search(q="guru")) == ["Jumlah Guru SMP"]
        assert search(q="sekolah dasar")["count"] == 0
        helpers.call_action("package_delete", context=dict(ctx), id=dataset["id"])
        assert search(q="guru")["count"] == 0
        assert search(admin["name"], q="guru", include_deleted=True)["count"] == 1
        helpers.call_action("dataset_purge", context=dict(ctx), id=dataset["id"])
        assert search(admin["name"], q="guru", include_deleted=True)["count"] == 0

    def test_deleted_leave_the_index_by_default(self, population):
        admin = factories.Sysadmin()
        dataset = population["sets"]["sekolah"]
        helpers.call_action("package_delete", context={"user": admin["name"]},
                            id=dataset["id"])
        assert search(admin["name"], q="sekolah", include_deleted=True)[
            "count"] == 0
        with pytest.raises(SearchError):
            search_lib.show(dataset["id"])

    def test_resource_change_reindexes(self, population):
        admin = factories.Sysadmin()
        dataset = population["sets"]["puskesmas"]
        helpers.call_action(
            "resource_create", context={"user": admin["name"]},
            package_id=dataset["id"], url="http://example.com/kunjungan.xlsx",
            name="Rekap Imunisasi Balita", format="XLSX")
        assert titles(search(q="imunisasi")) == ["Kunjungan Puskesmas"]
        assert search(fq='res_format:"XLSX"')["count"] == 1

    def test_private_flag_change_reindexes(self, population):
        admin = factories.Sysadmin()
        dataset = population["sets"]["jumlah"]
        helpers.call_action("package_patch", context={"user": admin["name"]},
                            id=dataset["id"], private=True)
        assert "Jumlah Penduduk Menurut Kecamatan" not in titles(search(q="penduduk"))

    def test_bad_search_leaves_data_unchanged(self, population):
        before = search(q="*:*")["count"]
        with pytest.raises(logic.ValidationError):
            search(rows="banyak")
        assert search(q="*:*")["count"] == before
