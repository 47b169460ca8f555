"""Uploaded PDFs checked by content (``ckanext.satudata.pdfcheck``): the
files are built here with pypdf. No database."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from ckanext.satudata import pdfcheck

LIMITS = {"max_bytes": 200_000, "max_pages": 3}


def pdf(pages: int = 1, build=None) -> bytes:
    """A PDF of blank pages; ``build(writer)`` adds to it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if build:
        build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def msgids(content: bytes, **limits: int) -> list[str]:
    return [p.msgid for p in pdfcheck.problems(content, **{**LIMITS, **limits})]


def test_a_plain_letter_passes():
    assert msgids(pdf(2)) == []
    pdfcheck.check(pdf(), **LIMITS)  # no exception


def add_js(writer: PdfWriter, code: str = "app.alert('hai');") -> None:
    """Document-level JavaScript (the /JavaScript name tree); pypdf 7's
    ``add_open_action`` replaces ``add_js``."""
    writer.add_open_action(JavaScript(code))


def test_javascript_is_refused():
    assert msgids(pdf(build=add_js)) == [pdfcheck.JAVASCRIPT]


def test_an_open_action_running_javascript_is_refused():
    def open_action(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        })
    assert msgids(pdf(build=open_action)) == [pdfcheck.JAVASCRIPT]


def test_automatic_actions_are_refused():
    def page_action(writer: PdfWriter) -> None:
        writer.pages[0][NameObject("/AA")] = DictionaryObject({
            NameObject("/O"): DictionaryObject({
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject("https://contoh.test/"),
            }),
        })
    assert msgids(pdf(build=page_action)) == [pdfcheck.AUTO_ACTION]


def test_a_launch_action_is_refused():
    def launch(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        })
    assert msgids(pdf(build=launch)) == [pdfcheck.LAUNCH]


def test_an_embedded_file_is_refused():
    found = msgids(pdf(build=lambda w: w.add_attachment("data.exe", b"MZ\x90")))
    assert found == [pdfcheck.EMBEDDED]


def test_a_file_attachment_annotation_is_refused():
    def annotation(writer: PdfWriter) -> None:
        from pypdf.generic import ArrayObject

        writer.pages[0][NameObject("/Annots")] = ArrayObject([
            writer._add_object(DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
            })),
        ])
    assert msgids(pdf(build=annotation)) == [pdfcheck.EMBEDDED]


def test_several_problems_are_all_named():
    def both(writer: PdfWriter) -> None:
        add_js(writer)
        writer.add_attachment("a.txt", b"halo")
    assert msgids(pdf(build=both)) == [pdfcheck.JAVASCRIPT, pdfcheck.EMBEDDED]


def test_names_written_with_escapes_are_found():
    """``/J#61vaScript`` is ``/JavaScript`` to a PDF reader; the offsets it
    shifts are repaired by the reader too."""
    escaped = (pdf(build=add_js).replace(b"/JavaScript", b"/J#61vaScript")
               .replace(b"/JS ", b"/J#53 "))
    assert b"/JavaScript" not in escaped
    assert msgids(escaped) == [pdfcheck.JAVASCRIPT]


def test_an_encrypted_pdf_is_refused():
    assert msgids(pdf(build=lambda w: w.encrypt("rahasia", algorithm="RC4-128"))) == [
        pdfcheck.ENCRYPTED]


def test_a_non_pdf_renamed_pdf_is_refused():
    docx_like = b"PK\x03\x04" + b"\x00" * 100
    assert msgids(docx_like) == [pdfcheck.NOT_PDF]
    assert msgids(b"<html><script>alert(1)</script></html>") == [pdfcheck.NOT_PDF]
    assert msgids(b"") == [pdfcheck.NOT_PDF]


def test_a_damaged_pdf_is_refused():
    assert msgids(b"%PDF-1.7\n" + b"\x00garbage" * 50) == [pdfcheck.UNREADABLE]
    assert msgids(pdf()[:300]) == [pdfcheck.UNREADABLE]


def test_an_oversized_file_is_refused_before_parsing():
    content = pdf()
    found = pdfcheck.problems(content, max_bytes=len(content) - 1, max_pages=3)
    assert [p.msgid for p in found] == [pdfcheck.TOO_LARGE]
    assert found[0].params == {"max_kb": max((len(content) - 1) // 1024, 1)}
    # checked on the size alone: bytes that are no PDF at all
    assert msgids(b"x" * 2048, max_bytes=1024) == [pdfcheck.TOO_LARGE]
    assert msgids(content, max_bytes=len(content)) == []


def test_the_page_limit():
    assert msgids(pdf(3)) == []
    found = pdfcheck.problems(pdf(4), **LIMITS)
    assert [p.msgid for p in found] == [pdfcheck.TOO_MANY_PAGES]
    assert found[0].params == {"max_pages": 3}
    assert msgids(pdf(0)) == [pdfcheck.NO_PAGES]


def test_check_raises_a_value_error_with_the_problems():
    with pytest.raises(ValueError) as caught:
        pdfcheck.check(b"bukan pdf", **LIMITS)
    assert isinstance(caught.value, pdfcheck.PdfRejected)
    assert [p.msgid for p in caught.value.problems] == [pdfcheck.NOT_PDF]
