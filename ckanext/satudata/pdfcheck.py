"""Uploaded PDFs checked by their content (pypdf), shared by every plugin
that accepts a document: assignment letters of staff accounts, change
requests, data requests.

A file passes when it

- is at most ``max_bytes`` long (checked before anything is parsed);
- starts with ``%PDF-`` and parses;
- is not encrypted (nobody could check, print or archive it);
- has between one and ``max_pages`` pages;
- holds no JavaScript (``/JS``, ``/JavaScript`` actions or name trees, an
  ``/OpenAction`` running it), no automatic actions (``/AA``), no
  ``/Launch`` actions, no embedded files (``/EmbeddedFiles`` name tree,
  ``/EmbeddedFile`` streams, ``/FileAttachment`` annotations).

:func:`problems` answers with a list of :class:`Problem` (an English msgid
and its values, translated into the current language by ``str()``);
:func:`check` raises :class:`PdfRejected` (a ``ValueError``) carrying that
list. The whole object graph reachable from the trailer is walked, so a
name hidden in a compressed object stream or written with ``#xx`` escapes is
found too.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from ckanext.satudata.messages import N_, message

__all__ = ["PdfRejected", "Problem", "check", "problems"]

#: Objects walked at most; a letter has some hundreds, a scanned report
#: some thousands. A file with more is refused rather than walked.
MAX_OBJECTS = 200_000

NOT_PDF = N_("The file is not a PDF.")
UNREADABLE = N_("The PDF cannot be read; it may be damaged.")
TOO_LARGE = N_("The file is larger than {max_kb} KB.")
ENCRYPTED = N_("The PDF is encrypted or password-protected.")
NO_PAGES = N_("The PDF has no pages.")
TOO_MANY_PAGES = N_("The PDF has more than {max_pages} pages.")
JAVASCRIPT = N_("The PDF contains JavaScript.")
AUTO_ACTION = N_("The PDF contains automatic actions.")
LAUNCH = N_("The PDF contains an action that launches a program.")
EMBEDDED = N_("The PDF contains embedded files.")
TOO_COMPLEX = N_("The PDF is too complex to be checked.")


@dataclasses.dataclass(frozen=True)
class Problem:
    """One reason a PDF is refused: ``msgid`` (English) and the values of
    its placeholders; ``str()`` translates it into the current language."""

    msgid: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return message(self.msgid, self.params)


class PdfRejected(ValueError):
    """The PDF failed :func:`check`; ``problems`` says why."""

    def __init__(self, found: list[Problem]) -> None:
        self.problems = found
        super().__init__("; ".join(problem.msgid for problem in found))

    def messages(self) -> list[str]:
        """The problems in the current language."""
        return [str(problem) for problem in self.problems]


class _TooComplex(Exception):
    pass


def check(content: bytes, *, max_bytes: int, max_pages: int) -> None:
    """Raise :class:`PdfRejected` unless ``content`` is an acceptable PDF.

    :param content: the uploaded bytes
    :param max_bytes: largest size accepted
    :param max_pages: most pages accepted
    """
    found = problems(content, max_bytes=max_bytes, max_pages=max_pages)
    if found:
        raise PdfRejected(found)


def problems(content: bytes, *, max_bytes: int, max_pages: int) -> list[Problem]:
    """Every reason ``content`` is refused (empty: accepted).

    :param content: the uploaded bytes
    :param max_bytes: largest size accepted
    :param max_pages: most pages accepted
    """
    if len(content) > max_bytes:
        return [Problem(TOO_LARGE, {"max_kb": max(max_bytes // 1024, 1)})]
    if not content.startswith(b"%PDF-"):
        return [Problem(NOT_PDF)]
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return [Problem(ENCRYPTED)]
        pages = len(reader.pages)
        found = _active_content(reader)
    except _TooComplex:
        return [Problem(TOO_COMPLEX)]
    except Exception:  # pypdf raises many kinds of errors on a bad file
        return [Problem(UNREADABLE)]
    if pages == 0:
        found.insert(0, Problem(NO_PAGES))
    elif pages > max_pages:
        found.insert(0, Problem(TOO_MANY_PAGES, {"max_pages": max_pages}))
    return found


def _active_content(reader: PdfReader) -> list[Problem]:
    """JavaScript, automatic or launch actions, embedded files anywhere in
    the objects reachable from the trailer (one problem per kind)."""
    kinds: set[str] = set()
    for obj in _dictionaries(reader.trailer):
        keys = set(obj.keys())
        action = obj.get("/S")
        subtype = obj.get("/Subtype")
        if "/JS" in keys or "/JavaScript" in keys or action == "/JavaScript":
            kinds.add(JAVASCRIPT)
        if "/AA" in keys:
            kinds.add(AUTO_ACTION)
        if action == "/Launch" or "/Launch" in keys:
            kinds.add(LAUNCH)
        if ("/EmbeddedFiles" in keys or subtype == "/FileAttachment"
                or obj.get("/Type") == "/EmbeddedFile"):
            kinds.add(EMBEDDED)
    order = (JAVASCRIPT, AUTO_ACTION, LAUNCH, EMBEDDED)
    return [Problem(kind) for kind in order if kind in kinds]


def _dictionaries(root: Any) -> Iterator[DictionaryObject]:
    """Every dictionary (streams included) reachable from ``root``, each
    indirect object once."""
    stack: list[Any] = [root]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > MAX_OBJECTS:
                raise _TooComplex
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            yield obj
            # dict.values: the raw values, references not yet resolved
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
