"""Data and helpers of the indicator tests, also used by the workflow and
DCAT tests (the fixtures built on them are in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from ckan.tests import factories

POPULATION = {
    "components": [
        {"code": "perempuan", "name": "Perempuan", "unit": "Orang",
         "type": "integer", "required": True},
        {"code": "laki_laki", "name": "Laki-laki", "unit": "Orang",
         "type": "integer", "required": True},
        {"code": "rasio", "name": "Rasio jenis kelamin", "unit": "Persen",
         "type": "percentage", "required": False},
    ],
    "breakdown": {"type": "region", "level": "kecamatan"},
    "granularity": "semester",
    "first_period": "2024-S1",
}


# ---- action-layer and HTTP API tests ------------------------------------

#: The 16 kecamatan of Kota Semarang (Kepmendagri codes and official names).
KECAMATAN = {
    "33.74.01": "Semarang Tengah",
    "33.74.02": "Semarang Utara",
    "33.74.03": "Semarang Timur",
    "33.74.04": "Gayamsari",
    "33.74.05": "Genuk",
    "33.74.06": "Pedurungan",
    "33.74.07": "Semarang Selatan",
    "33.74.08": "Candisari",
    "33.74.09": "Gajahmungkur",
    "33.74.10": "Tembalang",
    "33.74.11": "Banyumanik",
    "33.74.12": "Gunungpati",
    "33.74.13": "Semarang Barat",
    "33.74.14": "Mijen",
    "33.74.15": "Ngaliyan",
    "33.74.16": "Tugu",
}


def submission_of(opd: dict[str, Any], period: str = "2024-S1") -> dict[str, Any]:
    """The submission of ``opd``'s dataset for ``period``, as its operator."""
    from ckan.tests import helpers

    return helpers.call_action("satudata_submission_show", as_user(opd["operator"]),
                               id=opd["dataset"]["id"], period=period)


def history_of(opd: dict[str, Any], period: str = "2024-S1") -> list[dict[str, Any]]:
    """The history of ``opd``'s dataset for ``period``, as its operator."""
    from ckan.tests import helpers

    return helpers.call_action("satudata_submission_history",
                               as_user(opd["operator"]),
                               id=opd["dataset"]["id"], period=period)


def as_user(user: dict[str, Any] | None) -> dict[str, Any]:
    """A context that runs the auth functions, as ``user`` (None: anonymous)."""
    return {"user": user["name"] if user else "", "ignore_auth": False}


def table_state() -> dict[str, list[str]]:
    """Every row of the indicator tables, as sorted JSON text: equal before
    and after means nothing was written."""
    import json

    import sqlalchemy as sa
    from ckan import model

    from ckanext.satudata.indicators import model as tables

    state = {}
    for table in (
        tables.structure_table, tables.submission_table, tables.change_table,
        tables.survey_link_table, tables.import_table,
    ):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        state[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows
        )
    return state


class Api:
    """Calls of the Action API through the Flask test client, each user
    with an API token of their own (None: anonymous, no header)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._tokens: dict[str, str] = {}

    def headers(self, user: dict[str, Any] | None) -> dict[str, str]:
        if user is None:
            return {}
        if user["name"] not in self._tokens:
            self._tokens[user["name"]] = factories.APIToken(user=user["name"])["token"]
        return {"Authorization": self._tokens[user["name"]]}

    def call(
        self, action: str, user: dict[str, Any] | None = None, *,
        status: int | None = 200, **data: Any,
    ) -> Any:
        """POST ``data`` as JSON; the response's JSON (checked against
        ``status`` unless it is None)."""
        response = self.app.post(
            f"/api/3/action/{action}", json=data, headers=self.headers(user),
        )
        return self._checked(response, status)

    def upload(
        self, action: str, user: dict[str, Any] | None, content: bytes,
        filename: str, *, status: int | None = 200, **fields: Any,
    ) -> Any:
        """POST ``fields`` and the file ``content`` as ``upload`` (multipart)."""
        import io

        response = self.app.post(
            f"/api/3/action/{action}",
            data={**fields, "upload": (io.BytesIO(content), filename)},
            headers=self.headers(user), content_type="multipart/form-data",
        )
        return self._checked(response, status)

    @staticmethod
    def _checked(response: Any, status: int | None) -> Any:
        body = response.get_json()
        if status is not None:
            assert response.status_code == status, (response.status_code, body)
        return body
