from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import factories

from ckanext.satudata.testing import sdi_fields

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


@pytest.fixture
def opd() -> dict[str, Any]:
    """An OPD with an operator (editor), a verifikator (admin), a plain
    member, and an indicator dataset with the population structure."""
    operator = factories.User(name="operator")
    verifikator = factories.User(name="verifikator")
    member = factories.User(name="anggota")
    organization = factories.Organization(
        name="disdukcapil",
        users=[
            {"name": operator["name"], "capacity": "editor"},
            {"name": verifikator["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    dataset = factories.Dataset(
        name="penduduk-kecamatan", title="Jumlah Penduduk Menurut Jenis Kelamin",
        owner_org=organization["id"], **sdi_fields(),
    )
    return {
        "organization": organization, "dataset": dataset, "operator": operator,
        "verifikator": verifikator, "member": member,
    }
