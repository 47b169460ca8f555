"""Alembic environment of the satudata_datarequests tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_data_request",
))
