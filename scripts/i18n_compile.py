"""Compile the extension's Indonesian catalogue.

The .mo holds the extension's own messages (ckanext-satudata.po) and the
Indonesian strings we ship for CKAN core messages its own catalogue leaves
untranslated (core/id.po). CKAN merges plugin catalogues over its own, so
these fill the gaps; where both have a msgid, the extension's wins.

usage: python scripts/i18n_compile.py I18N_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "ckanext-satudata"


def main(i18n: Path) -> None:
    own_po = i18n / "id" / "LC_MESSAGES" / f"{DOMAIN}.po"
    core_po = i18n / "core" / "id.po"
    own = read_po(own_po.open("rb"), locale="id")
    merged = Catalog(locale="id", domain=DOMAIN, fuzzy=False)
    merged.mime_headers = own.mime_headers
    # Indonesian has one plural form (as in CKAN's own catalogue); Babel's
    # locale data says two, and a second, empty form would make gettext
    # fall back to the English plural ("3 datasets found").
    merged._num_plurals, merged._plural_expr = 1, "0"
    for source in (read_po(core_po.open("rb"), locale="id"), own):
        for message in source:
            string = _single_plural(message.string)
            if message.id and string and not message.fuzzy:
                merged.delete(message.id, message.context)
                merged.add(message.id, string, context=message.context)
    with (i18n / "id" / "LC_MESSAGES" / f"{DOMAIN}.mo").open("wb") as out:
        write_mo(out, merged)
    print(f"{DOMAIN}.mo: {len(own)} extension + core messages, {len(merged)} in all")


def _single_plural(string: str | tuple[str, ...]) -> str | tuple[str, ...]:
    if isinstance(string, str):
        return string
    return (string[0],) if string and string[0] else ()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
