"""Messages of every satudata plugin: msgids are English, translated into
the current language where they are shown (the catalogue is ``i18n/``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def message(msgid: str, params: dict[str, Any] | None = None) -> str:
    """``msgid`` translated into the current language, placeholders filled."""
    text = tk._(msgid)
    return text.format(**params) if params else text
