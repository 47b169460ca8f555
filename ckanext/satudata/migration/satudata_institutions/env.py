"""Alembic environment of the satudata_institutions tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_institution",
))
