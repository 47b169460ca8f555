"""Alembic environment of the satudata_accessrequests tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), ("satudata_access_",))
