"""Build the extension's Indonesian catalogue.

Sources (edited by people):
  i18n/source/id.po   the extension's own messages (kept in step with the
                      template by ``pybabel update``, see ``make i18n``)
  i18n/core/id.po     Indonesian for CKAN core messages that CKAN's own
                      catalogue leaves untranslated or words differently

Output (generated, committed, read by CKAN):
  i18n/id/LC_MESSAGES/ckanext-satudata.po  both sources merged; CKAN reads
                      it to build the JavaScript translations
  i18n/id/LC_MESSAGES/ckanext-satudata.mo  compiled; CKAN overlays plugin
                      catalogues on its own, so these fill its gaps

Where both sources have a msgid, the extension's own wins. Indonesian has
one plural form (as in CKAN's catalogue); Babel's locale data says two, and
a second, empty form would make gettext fall back to the English plural.

usage: python scripts/i18n_compile.py I18N_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

DOMAIN = "ckanext-satudata"


def merged_catalogue(i18n: Path) -> Catalog:
    own = read_po((i18n / "source" / "id.po").open("rb"), locale="id")
    core = read_po((i18n / "core" / "id.po").open("rb"), locale="id")
    merged = Catalog(locale="id", domain=DOMAIN, project=DOMAIN, fuzzy=False)
    merged._num_plurals, merged._plural_expr = 1, "0"
    for source in (core, own):
        for message in source:
            string = _single_plural(message.string)
            if message.id and string and not message.fuzzy:
                merged.delete(message.id, message.context)
                merged.add(message.id, string, context=message.context)
    return merged


def _single_plural(string: str | tuple[str, ...]) -> str | tuple[str, ...]:
    if isinstance(string, str):
        return string
    return (string[0],) if string and string[0] else ()


def main(i18n: Path) -> None:
    merged = merged_catalogue(i18n)
    out = i18n / "id" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"{DOMAIN}.po").open("wb") as po:
        write_po(po, merged, width=76, sort_output=True, omit_header=False)
    with (out / f"{DOMAIN}.mo").open("wb") as mo:
        write_mo(mo, merged)
    print(f"{DOMAIN}: {len(merged)} messages (extension + CKAN core)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
