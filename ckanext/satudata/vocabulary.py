"""Controlled vocabularies of the SDI schema, read from ``schemas/vocabularies``.

Each vocabulary is a JSON file: ``{"name", "title", "source", "items": [...]}``
where every item has a stable ``value`` code and a ``label`` per language
(``id``, ``en``); some carry more (``dcat`` URIs, ``public``, ``months``).
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from ckan.lib.i18n import get_lang

VOCABULARY_DIR = os.path.join(
    os.path.dirname(__file__), "schemas", "vocabularies"
)
DEFAULT_LANG = "id"

Item = dict[str, Any]


class UnknownVocabulary(KeyError):
    pass


@cache
def names() -> tuple[str, ...]:
    """Names of the vocabularies shipped with the extension."""
    return tuple(
        sorted(
            name[: -len(".json")]
            for name in os.listdir(VOCABULARY_DIR)
            if name.endswith(".json")
        )
    )


@cache
def vocabulary(name: str) -> dict[str, Any]:
    """The whole vocabulary ``name`` (title, source, items)."""
    if name not in names():
        raise UnknownVocabulary(name)
    with open(os.path.join(VOCABULARY_DIR, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


@cache
def _by_code(name: str) -> dict[str, Item]:
    return {item["value"]: item for item in vocabulary(name)["items"]}


def codes(name: str) -> list[str]:
    """Codes of ``name`` in their published order."""
    return list(_by_code(name))


def item(name: str, code: str) -> Item | None:
    """The item with ``code``, or ``None`` when the code is unknown."""
    return _by_code(name).get(code)


def localized(text: dict[str, str] | str, lang: str | None = None) -> str:
    """Pick ``lang`` (default: the request's language) from a label dict."""
    if isinstance(text, str):
        return text
    lang = lang or _lang()
    return text.get(lang) or text.get(DEFAULT_LANG) or next(iter(text.values()), "")


def label(name: str, code: str, lang: str | None = None) -> str:
    """Label of ``code``; the code itself when it is not in the vocabulary."""
    found = item(name, code)
    return localized(found["label"], lang) if found else code


def choices(name: str, lang: str | None = None) -> list[dict[str, str]]:
    """``[{"value", "label"}]`` for select fields."""
    return [
        {"value": entry["value"], "label": localized(entry["label"], lang)}
        for entry in vocabulary(name)["items"]
    ]


def _lang() -> str:
    try:
        return str(get_lang() or DEFAULT_LANG)
    except (RuntimeError, AttributeError):  # outside a request
        return DEFAULT_LANG


def is_public_access(code: str | None) -> bool:
    """Whether the access class ``code`` (keterbukaan) makes a dataset public."""
    found = item("keterbukaan", code or "")
    return bool(found and found.get("public"))
