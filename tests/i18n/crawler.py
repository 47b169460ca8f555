"""A crawler that finds untranslated English UI strings on the portal's pages.

"English UI string" is defined by the message catalogues, not by guessing:
every msgid of CKAN core (``ckan.pot``), of the templates of the plugins we
run (scheming, dcat, activity, tracking: extracted on the fly) and of our own
catalogue. A text node or a user-facing attribute (placeholder, title,
aria-label, alt, button value) that equals such a msgid, or matches a
msgid with placeholders, is untranslated when the effective Indonesian
catalogue (CKAN's own merged with ours, as the app merges them) has no
translation for it or translates it to something else.
"""

from __future__ import annotations

import importlib
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
SKIPPED_PARENTS = {"script", "style", "noscript", "code", "pre", "textarea"}
_PLACEHOLDER = re.compile(r"%\([a-zA-Z_0-9]+\)[sdfr]|%[sdfr]|\{[a-zA-Z_0-9!r]*\}")
#: URL paths the crawler does not follow (machine formats, downloads, actions)
SKIP_PATHS = re.compile(
    r"^/(api|_tracking|webassets|base|user/_logout|user/logout|en(/|$))"
    r"|/download|\.(ttl|rdf|jsonld|xml|csv|json|n3)$|/catalog"
)

#: Query-string variants of one path crawled (facet links multiply fast)
MAX_QUERY_VARIANTS = 3

I18N_DIR = Path(__file__).resolve().parents[2] / "ckanext" / "satudata" / "i18n"
PLUGIN_TEMPLATES = (
    "ckanext.scheming",
    "ckanext.dcat",
    "ckanext.activity",
    "ckanext.tracking",
)


def _package_dir(name: str) -> Path:
    return Path(importlib.import_module(name).__file__ or "").parent


@cache
def english_msgids() -> frozenset[str]:
    """Every UI msgid of the code the portal runs."""
    ids: set[str] = set()
    core_pot = _package_dir("ckan") / "i18n" / "ckan.pot"
    for pot in (core_pot, I18N_DIR / "ckanext-satudata.pot"):
        for message in read_po(pot.open("rb")):
            ids.update(_forms(message.id))
    for package in PLUGIN_TEMPLATES:
        templates = _package_dir(package) / "templates"
        if templates.is_dir():
            for _file, _line, message, _comments, _ctx in extract_from_dir(
                str(templates), method_map=[("**.html", "ckan")]
            ):
                ids.update(_forms(message))
    return frozenset(i for i in ids if i and i.strip())


def _forms(message_id: str | tuple[str, ...] | None) -> list[str]:
    if not message_id:
        return []
    return [message_id] if isinstance(message_id, str) else list(message_id)


@cache
def indonesian() -> dict[str, str]:
    """The effective id catalogue: CKAN's, overlaid with the extension's."""
    merged: dict[str, str] = {}
    core_mo = _package_dir("ckan") / "i18n" / "id" / "LC_MESSAGES" / "ckan.mo"
    ours = I18N_DIR / "id" / "LC_MESSAGES" / "ckanext-satudata.mo"
    for mo in (core_mo, ours):
        for message in read_mo(mo.open("rb")):
            for english, translated in zip(
                _forms(message.id), _forms(message.string), strict=False
            ):
                if translated:
                    merged[english] = translated
            if isinstance(message.id, tuple) and message.string:
                first = _forms(message.string)[0]
                for english in message.id:
                    merged.setdefault(english, first)
    return merged


def _normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def _lookup() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    """Exact msgids by normalised text, and patterns for msgids with
    placeholders (only those with enough literal text to be specific)."""
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for msgid in english_msgids():
        if "<" in msgid:
            continue  # markup: split over several nodes
        if _PLACEHOLDER.search(msgid):
            literal = _PLACEHOLDER.sub("", msgid)
            if sum(c.isalpha() for c in literal) < 8:
                continue
            parts = [re.escape(_normalise(p)) for p in _PLACEHOLDER.split(msgid)]
            patterns.append((re.compile(r"^" + r"\s*.+?\s*".join(parts) + r"$"), msgid))
        else:
            exact[_normalise(msgid)] = msgid
    return exact, patterns


def untranslated_msgid(text: str) -> str | None:
    """The msgid ``text`` shows untranslated, or ``None``."""
    text = _normalise(text)
    if not any(c.isalpha() for c in text):
        return None
    exact, patterns = _lookup()
    catalogue = indonesian()
    candidates = [text, text.rstrip(":").strip(), text.rstrip(".…").strip()]
    for candidate in candidates:
        msgid = exact.get(candidate)
        if msgid is not None:
            return msgid if catalogue.get(msgid) != msgid else None
    for pattern, msgid in patterns:
        if pattern.match(text):
            translated = catalogue.get(msgid)
            if translated is None or _PLACEHOLDER.sub(
                "", translated
            ) != _PLACEHOLDER.sub("", msgid):
                return msgid
    return None


def ui_texts(html: str) -> Iterable[str]:
    """Text nodes and user-facing attribute values of a page."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=True):
        if node.parent is not None and node.parent.name in SKIPPED_PARENTS:
            continue
        if type(node).__name__ in ("Comment", "Doctype", "Declaration"):
            continue
        if node.strip():
            yield str(node)
    for tag in soup.find_all(True):
        for attribute in ATTRIBUTES:
            if tag.get(attribute):
                yield str(tag[attribute])
        if tag.name == "input" and tag.get("type") in ("submit", "button", "reset"):
            if tag.get("value"):
                yield str(tag["value"])


def links(html: str, base: str) -> Iterable[str]:
    soup = BeautifulSoup(html, "html.parser")
    for anchor in soup.find_all("a", href=True):
        url = urljoin(base, anchor["href"])
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "") and parts.netloc in (
            "",
            "test.ckan.net",
        ):
            path = parts.path or "/"
            if not SKIP_PATHS.search(path):
                yield path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Report:
    pages: list[str] = field(default_factory=list)
    findings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def lines(self) -> list[str]:
        return [
            f"{msgid!r} on {sorted(pages)[:3]}"
            for msgid, pages in sorted(self.findings.items())
        ]


def crawl(
    get: Callable[[str], tuple[int, str]], start: Iterable[str], limit: int = 150
) -> Report:
    """Breadth-first crawl from ``start`` through internal links; ``get``
    returns (status, html) for a path."""
    report = Report()
    queue = list(start)
    seen = set(queue)
    variants: dict[str, int] = defaultdict(int)
    while queue and len(report.pages) < limit:
        path = queue.pop(0)
        status, html = get(path)
        if status != 200 or "<html" not in html[:500].lower():
            continue
        report.pages.append(path)
        for text in ui_texts(html):
            msgid = untranslated_msgid(text)
            if msgid is not None:
                report.findings[msgid].add(path)
        for link in links(html, path):
            route = link.split("?", 1)[0]
            if link in seen or variants[route] >= MAX_QUERY_VARIANTS:
                continue
            seen.add(link)
            variants[route] += "?" in link
            queue.append(link)
    return report


def env_limit(default: int) -> int:
    return int(os.environ.get("SATUDATA_CRAWL_LIMIT", default))
