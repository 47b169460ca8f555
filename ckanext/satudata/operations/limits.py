"""The largest request the portal accepts, from its own upload limits.

nginx refuses a larger body before it reaches CKAN (413), so the limit in
front must follow the limits behind it: CKAN's ``ckan.max_resource_size``
and ``ckan.max_image_size`` (MB) and every ``ckanext.satudata.*max_bytes``
/ ``*max_mb`` option of our plugins.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

_BYTES = re.compile(r"^ckanext\.satudata\..*max_bytes$")
_MEGABYTES = re.compile(r"^ckanext\.satudata\..*max_mb$")
_CORE_MEGABYTES = ("ckan.max_resource_size", "ckan.max_image_size")
#: Room for the form fields and multipart framing around a file (MB).
FORM_MARGIN_MB = 1


def largest_upload_bytes(config: Mapping[str, Any]) -> int:
    """The largest single upload any of ``config``'s limits allows."""
    sizes: list[float] = []
    for key, value in config.items():
        if value in (None, ""):
            continue
        if _BYTES.match(key):
            sizes.append(float(value))
        elif _MEGABYTES.match(key) or key in _CORE_MEGABYTES:
            sizes.append(float(value) * 1024 * 1024)
    return int(max(sizes, default=0))


def request_body_mb(config: Mapping[str, Any] | None = None) -> int:
    """nginx's ``client_max_body_size`` in MB for ``config`` (CKAN's by default)."""
    if config is None:
        import ckan.plugins.toolkit as tk

        config = dict(tk.config)
    return math.ceil(largest_upload_bytes(config) / (1024 * 1024)) + FORM_MARGIN_MB
