"""Alembic environment of the satudata_indicators tables."""

import os

from ckanext.satudata.alembic_env import run

run(os.path.basename(os.path.dirname(__file__)), (
    "satudata_structure", "satudata_submission", "satudata_survey_link",
    "satudata_import",
))
