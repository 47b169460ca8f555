"""XML from uploads is parsed safely and the DataStore runs no user SQL
(issue 14, item 10).

Before the fix ``defusedxml`` was not installed, so ``openpyxl.DEFUSEDXML``
was False and openpyxl read worksheets with the standard library's expat
parser, which expands internal entities (only expat's own amplification
limit stood between a "billion laughs" sheet and the worker's memory):
``test_openpyxl_parses_through_defusedxml`` and
``test_entity_expansion_in_a_worksheet_is_refused`` failed then. The
DataStore's SQL search was off only by CKAN's default; it is now set
explicitly in config/portal.ini and tested.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories

from ckanext.satudata.indicators import template, upload
from tests.indicators.sheets import MAX_BYTES, make_grid

SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n<!ENTITY a "lol">\n'
    + b"".join(
        b'<!ENTITY %s "%s">\n' % (chr(98 + level).encode(), chr(97 + level).encode()
                                  .join([b"&", b";"]) * 10)
        for level in range(8)
    )
    + b"]>\n"
)


def _bomb_workbook() -> bytes:
    """The template with an entity bomb in its data sheet's prologue, the
    bomb used in the sheet's first cell."""
    source = zipfile.ZipFile(io.BytesIO(template.build_template(make_grid(), {})))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET:
                body = content.split(b"?>", 1)[-1]
                body = body.replace(b"<sheetData>", b'<sheetData><row r="1">'
                                    b'<c r="A1" t="inlineStr"><is><t>&i;</t></is></c>'
                                    b"</row>", 1)
                content = LAUGHS + body
            archive.writestr(info.filename, content)
    return buffer.getvalue()


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


def test_entity_expansion_in_a_worksheet_is_refused():
    from defusedxml import EntitiesForbidden

    data = _bomb_workbook()
    with pytest.raises(ValueError) as caught:  # openpyxl's wrapping
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    causes = []
    error: BaseException | None = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(cause, EntitiesForbidden) for cause in causes)
    with pytest.raises(upload.UploadRefused) as refused:
        upload.read(data, "isian.xlsx", make_grid(), max_bytes=MAX_BYTES)
    assert refused.value.message == (
        "The workbook is damaged and cannot be read: save it again as .xlsx"
    )


def test_datastore_sql_search_is_off_in_the_config():
    assert tk.asbool(tk.config.get("ckan.datastore.sqlsearch.enabled")) is False


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_datastore_search_sql_is_refused_through_the_api(app):
    with pytest.raises(KeyError):
        tk.get_action("datastore_search_sql")
    sysadmin = factories.SysadminWithToken(password="SatuData#2026")
    headers = {"Authorization": sysadmin["token"]}
    response = app.post(
        "/api/3/action/datastore_search_sql",
        json={"sql": "SELECT 1"}, headers=headers, status=400,
    )
    assert "Action name not known: datastore_search_sql" in response.text
