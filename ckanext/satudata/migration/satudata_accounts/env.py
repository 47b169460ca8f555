"""Alembic environment of the satudata_accounts tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_login_event", "satudata_trusted_device", "satudata_account",
    "satudata_staff_assignment",
))
