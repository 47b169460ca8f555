"""Alembic environment of the satudata_maps tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_map_",
))
