"""Alembic environment of the satudata_workflow tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_transition", "satudata_notification", "satudata_publication",
))
