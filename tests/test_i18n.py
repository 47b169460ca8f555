"""The extension's Indonesian catalogue is complete, compiled and used."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from ckan.lib.helpers import url_for
from ckan.plugins.toolkit import asbool, config

I18N = Path(__file__).resolve().parents[1] / "ckanext" / "satudata" / "i18n"
PO = I18N / "source" / "id.po"
MERGED_PO = I18N / "id" / "LC_MESSAGES" / "ckanext-satudata.po"
MO = I18N / "id" / "LC_MESSAGES" / "ckanext-satudata.mo"


def test_every_msgid_has_an_indonesian_translation():
    template = read_po(open(I18N / "ckanext-satudata.pot", "rb"))
    catalogue = read_po(open(PO, "rb"))
    msgids = {m.id for m in template if m.id}
    assert msgids, "the template lists no messages"
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    assert untranslated == []
    assert msgids <= {m.id for m in catalogue if m.id}
    assert not any(m.fuzzy for m in catalogue if m.id)


def _first(text):
    return text if isinstance(text, str) else text[0]


def test_compiled_catalogue_is_core_gaps_plus_ours():
    """The .mo holds our messages and the Indonesian strings we ship for
    CKAN core (core/id.po); ours win where both have a msgid."""
    expected = {}
    for po in (I18N / "core" / "id.po", PO):
        for message in read_po(open(po, "rb")):
            if message.id and _first(message.string):
                expected[_first(message.id)] = _first(message.string)
    compiled = read_mo(open(MO, "rb"))
    assert {_first(m.id): _first(m.string) for m in compiled if m.id} == expected
    # the merged .po CKAN reads for the JavaScript strings says the same
    merged = read_po(open(MERGED_PO, "rb"))
    assert {_first(m.id): _first(m.string) for m in merged if m.id} == expected
    # one plural form, as in CKAN's catalogue ("3 dataset ditemukan")
    assert ("Plural-Forms", "nplurals=1; plural=0;") in compiled.mime_headers


def test_core_strings_fill_every_gap_of_ckans_catalogue():
    core = read_po(open(I18N / "core" / "id.po", "rb"))
    assert len(core) > 700
    assert all(_first(m.string) for m in core if m.id)
    assert core["Order by"].string == "Urutkan berdasarkan"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_search_errors_speak_indonesian(app):
    page = app.get(
        url_for("dataset.search"), query_string={"q": "title:(sekolah"}, status=400
    )
    assert "tidak dapat dibaca" in page.body
    english = app.get(
        "/en" + url_for("dataset.search"),
        query_string={"q": "title:(sekolah"},
        status=400,
    )
    assert "Could not parse query" in english.body


@pytest.mark.usefixtures("with_plugins")
def test_locale_defaults():
    assert config.get("ckan.locale_default") == "id"
    assert config.get("ckan.locales_offered") == ["id", "en"]
    assert config.get("ckan.display_timezone") == "Asia/Jakarta"
    assert asbool(config.get("ckan.csrf_protection.ignore_extensions")) is False


@pytest.mark.usefixtures("with_plugins")
def test_javascript_strings_of_core_are_translated(app):
    """CKAN builds the JavaScript catalogue from the plugins' .po files:
    core's JS strings that only our catalogue translates reach the browser."""
    from ckan.lib.i18n import build_js_translations

    build_js_translations()
    strings = app.get("/api/i18n/id").json
    assert (
        strings["Upload a file on your computer"][1]
        == "Unggah berkas dari komputer Anda"
    )
    assert strings["Please Confirm"][1] == "Mohon Konfirmasi"
