"""The publication guard: a period whose check holds it is not published."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.messages import N_, message
from ckanext.satudata.privacy import present, scanning

HELD = N_(
    "Period {period} is held: personal data was found in it ({kinds}). It"
    " is published once the walidata confirm it (personal-data check page:"
    " {link}) or the values are corrected."
)
UNCHECKED = N_(
    "Period {period} is held: it could not be checked for personal data"
    " ({error}). The walidata may confirm it on the personal-data check"
    " page: {link}"
)


def publication(package: model.Package, grid: Any,
                submission: dict[str, Any]) -> None:
    """Raise ``ValidationError`` when the period's check holds it."""
    try:
        scanning.check_publication(package, grid, submission)
    except scanning.Held as held:
        row = held.row
        link = tk.h.url_for("satudata_privacy.read", id=package.name,
                            period=grid.period.id)
        if row["status"] == scanning.FAILED:
            text = message(UNCHECKED, {
                "period": grid.period.label, "link": link,
                "error": present.scan(row)["error"] or "",
            })
        else:
            kinds = []
            for item in row["findings"]:
                label = present.finding(item)["kind_label"]
                if item["confidence"] == "high" and label not in kinds:
                    kinds.append(label)
            text = message(HELD, {"period": grid.period.label, "link": link,
                                  "kinds": ", ".join(kinds)})
        raise tk.ValidationError({"privacy": [text]}) from held
