"""HTML to PDF (WeasyPrint), the QR code (segno) and the letterhead.

Rendering never leaves the machine: :class:`LocalFetcher` is WeasyPrint's
URL fetcher and answers only ``data:`` URIs, files of the portal's public
folders (addressed by ``file:`` or by the portal's own URL) and the
configured logo file; anything else (``http://example.org/x.png``) is
refused and logged, the document rendered without it.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import os
import urllib.parse
import urllib.request
from typing import Any

import segno
import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ckanext.satudata.config import site_url
from ckanext.satudata.documents import config

log = logging.getLogger(__name__)

#: Pixels per QR module in the embedded PNG (drawn without smoothing).
QR_SCALE = 4
#: Light modules around the QR code (the quiet zone the standard asks).
QR_BORDER = 4


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` (a full QR code, error correction M)."""
    return segno.make_qr(url, error="m", boost_error=False)


def qr_data_uri(url: str) -> str:
    """A PNG ``data:`` URI of the QR code of ``url``."""
    return qr_code(url).png_data_uri(scale=QR_SCALE, border=QR_BORDER)


def _inside(path: str, folder: str) -> bool:
    folder = os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


def local_path(url: str) -> str | None:
    """The file on this machine that ``url`` names, when the portal may
    read it for a document; ``None`` otherwise."""
    parsed = urllib.parse.urlsplit(url)
    scheme = parsed.scheme.lower()
    logo = config.letterhead_logo()
    if scheme == "file":
        path = os.path.realpath(urllib.request.url2pathname(parsed.path))
        allowed = [p for p in config.public_paths() if _inside(path, p)]
        if not allowed and not (logo and path == os.path.realpath(logo)):
            return None
    elif scheme in ("http", "https", ""):
        own = urllib.parse.urlsplit(site_url() + "/")
        if scheme and (scheme, parsed.netloc) != (own.scheme, own.netloc):
            return None
        relative = urllib.parse.unquote(parsed.path)
        if relative.startswith(own.path):
            relative = relative[len(own.path):]
        relative = relative.lstrip("/")
        path = None
        for folder in config.public_paths():
            candidate = os.path.realpath(os.path.join(folder, relative))
            if _inside(candidate, folder) and os.path.isfile(candidate):
                path = candidate
                break
        if path is None:
            return None
    else:
        return None
    return path if os.path.isfile(path) else None


class LocalFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for documents: ``data:`` URIs and local
    files (:func:`local_path`), nothing from the network. ``refused`` lists
    what a template asked for and did not get."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"data", "file", "http", "https"},
                         allow_redirects=False, **kwargs)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None
              ) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = local_path(url)
        if path is None:
            self.refused.append(url)
            log.warning("Document rendering: not fetched (not local): %s", url)
            raise ValueError(f"only local files and data: URIs, not {url}")
        with open(path, "rb") as opened:
            body = opened.read()
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": kind})


def logo_data_uri() -> str:
    """The configured letterhead logo as a ``data:`` URI ("" when none is
    set or it is not a local image)."""
    logo = config.letterhead_logo()
    if not logo:
        return ""
    path: str | None
    if os.path.isabs(logo) and os.path.isfile(logo):
        path = os.path.realpath(logo)
    elif "://" in logo:
        path = local_path(logo)
    else:  # an address on the portal: /base/images/logo.png
        path = local_path(site_url() + "/" + logo.lstrip("/"))
    if path is None:
        log.warning("Letterhead logo %r is not a local image: left out", logo)
        return ""
    kind = mimetypes.guess_type(path)[0] or ""
    if not kind.startswith("image/"):
        log.warning("Letterhead logo %r is not an image: left out", logo)
        return ""
    with open(path, "rb") as opened:
        encoded = base64.b64encode(opened.read()).decode("ascii")
    return f"data:{kind};base64,{encoded}"


def to_pdf(html: str, fetcher: LocalFetcher | None = None) -> bytes:
    """``html`` as a PDF; relative addresses resolve against the portal."""
    document = weasyprint.HTML(string=html, base_url=site_url() + "/",
                               url_fetcher=fetcher or LocalFetcher())
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf
