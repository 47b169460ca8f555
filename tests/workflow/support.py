"""Helpers of the workflow tests (also used by the DCAT tests): fill a
period, move it, bring it to a state, read every table a move may write.
The fixtures (``people`` and the ones it builds on) are in tests/conftest.py."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan.tests import helpers

from tests.indicators.support import KECAMATAN, as_user, table_state

#: Values of 2024-S1 for every kecamatan: perempuan, laki_laki, rasio.
VALUES = {
    code: {"perempuan": 1000 + i * 10, "laki_laki": 990 + i * 10,
           "rasio": round(99.0 + i / 10, 1)}
    for i, code in enumerate(KECAMATAN)
}


def fill(opd: dict[str, Any], period: str = "2024-S1",
         values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Save ``values`` (default VALUES) as the operator."""
    return helpers.call_action(
        "satudata_submission_save", as_user(opd["operator"]),
        id=opd["dataset"]["id"], period=period, values=values or VALUES,
    )


def move(opd: dict[str, Any], action: str, who: str,
         period: str = "2024-S1",
         **data: Any) -> dict[str, Any]:
    """Move the period with ``action`` as ``opd[who]``."""
    return helpers.call_action(
        f"satudata_submission_{action}", as_user(opd[who]),
        id=opd["dataset"]["id"], period=period, **data,
    )


def to_state(opd: dict[str, Any], state: str,
             period: str = "2024-S1") -> None:
    """Bring the period to ``state`` along the normal path."""
    fill(opd, period)
    if state == "draft":
        return
    move(opd, "submit", "operator", period)
    if state == "submitted":
        return
    if state == "returned":
        move(opd, "return", "verifikator", period, note="Periksa lagi")
        return
    move(opd, "verify", "verifikator", period)
    if state == "verified":
        return
    move(opd, "publish", "walidata", period)


def workflow_state() -> dict[str, list[str]]:
    """``table_state`` (the indicator tables) plus every row of the workflow
    tables, the dataset resources and the satudata activities: equal before
    and after means a refused move wrote nothing."""
    import json

    from ckan import model

    from ckanext.activity.model import Activity
    from ckanext.satudata.workflow import model as tables

    state = table_state()
    for table in (tables.transition_table, tables.notification_table,
                  tables.publication_table, model.resource_table):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        state[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows
        )
    state["activity"] = sorted(
        f"{row.id} {row.activity_type}" for row in model.Session.query(Activity)
        .filter(Activity.activity_type.like("satudata %"))
    )
    return state


def waiting_on_locks(connection: sa.engine.Connection) -> int:
    """How many sessions of the test database wait for a lock."""
    count = connection.execute(sa.text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )).scalar_one()
    connection.rollback()  # pg_stat_activity is read once per transaction
    return count
