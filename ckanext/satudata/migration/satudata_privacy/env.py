"""Alembic environment of the satudata_privacy tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_privacy_scan",
))
