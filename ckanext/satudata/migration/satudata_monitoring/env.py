"""Alembic environment of the satudata_monitoring tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_monitoring_period",
    "satudata_monitoring_check",
    "satudata_monitoring_report",
))
