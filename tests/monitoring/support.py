"""The hand-made fixture of the monitoring tests, with known answers.

Two OPDs, one semester dataset each, first period 2024-S1, the fill
deadline 30 days after a period's end (2024-S1: 30 July 2024; 2024-S2:
30 January 2025). Figures are read for the window 2024 on 10 March 2025:

- disdukcapil: 2024-S1 submitted Mon 8 July, returned Tue 9 July (one
  cell note), submitted again Wed 10 July, verified Fri 12 July (2 working
  days), published Wed 17 July (3 working days: the weekend between), on
  time; 2024-S2 filled as a draft only: overdue by 27 working days (31
  January, the 20 working days of February, 3-7 and 10 March).
- dinkes: 2024-S1 submitted Wed 31 July, verified Thu 1 August, published
  Mon 5 August: 4 working days late (31 July, 1, 2 and 5 August); 2024-S2
  never filled: overdue by 27 working days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckan.tests import factories, helpers
from freezegun import freeze_time

from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import POPULATION, as_user
from tests.workflow.support import VALUES

TODAY = dt.date(2025, 3, 10)
CELL = next(iter(VALUES))


def _at(moment: str, action: str, user: dict[str, Any], dataset: dict[str, Any],
        period: str, **data: Any) -> None:
    with freeze_time(moment):
        helpers.call_action(action, as_user(user), id=dataset["id"], period=period,
                            **data)


def build() -> dict[str, Any]:
    """Create the fixture (in a clean database) and return its objects."""
    walidata = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"}])
    pembina = factories.User(name="pembina")
    factories.Organization(name="bps", users=[
        {"name": pembina["name"], "capacity": "member"}])
    found: dict[str, Any] = {"walidata": walidata, "pembina": pembina,
                             "sysadmin": factories.Sysadmin(name="admin-portal"),
                             "public": factories.User(name="warga")}
    for name, urusan in (("disdukcapil", "2.12"), ("dinkes", "1.02")):
        operator = factories.User(name=f"operator-{name}")
        verifikator = factories.User(name=f"verifikator-{name}")
        organization = factories.Organization(name=name, title=name.title(), users=[
            {"name": operator["name"], "capacity": "editor"},
            {"name": verifikator["name"], "capacity": "admin"},
        ])
        dataset = factories.Dataset(
            name=f"penduduk-{name}", owner_org=organization["id"],
            **sdi_fields(urusan=urusan))
        helpers.call_action("satudata_structure_update", as_user(operator),
                            id=dataset["id"], **POPULATION)
        found[name] = {"organization": organization, "dataset": dataset,
                       "operator": operator, "verifikator": verifikator}
    d = found["disdukcapil"]
    _at("2024-07-05 03:00:00", "satudata_submission_save", d["operator"],
        d["dataset"], "2024-S1", values=VALUES)
    _at("2024-07-08 03:00:00", "satudata_submission_submit", d["operator"],
        d["dataset"], "2024-S1")
    _at("2024-07-09 03:00:00", "satudata_submission_return", d["verifikator"],
        d["dataset"], "2024-S1", note="Periksa lagi",
        cell_notes={CELL: {"perempuan": "Terlalu tinggi"}},
        deadline="2024-07-20")
    _at("2024-07-10 03:00:00", "satudata_submission_submit", d["operator"],
        d["dataset"], "2024-S1")
    _at("2024-07-12 03:00:00", "satudata_submission_verify", d["verifikator"],
        d["dataset"], "2024-S1")
    _at("2024-07-17 03:00:00", "satudata_submission_publish", walidata,
        d["dataset"], "2024-S1")
    _at("2025-01-20 03:00:00", "satudata_submission_save", d["operator"],
        d["dataset"], "2024-S2", values={CELL: {"perempuan": 5}})
    k = found["dinkes"]
    _at("2024-07-30 03:00:00", "satudata_submission_save", k["operator"],
        k["dataset"], "2024-S1", values=VALUES)
    _at("2024-07-31 03:00:00", "satudata_submission_submit", k["operator"],
        k["dataset"], "2024-S1")
    _at("2024-08-01 03:00:00", "satudata_submission_verify", k["verifikator"],
        k["dataset"], "2024-S1")
    _at("2024-08-05 03:00:00", "satudata_submission_publish", walidata,
        k["dataset"], "2024-S1")
    return found
