"""Tables of indicator entry.

Declared on CKAN's metadata (like ``ckanext-activity``'s tables) so that
CKAN's test helpers empty them with the core tables; created only by this
plugin's alembic migrations (``ckan db upgrade -p satudata_indicators``).

- ``satudata_structure``: one row per dataset: components, breakdown,
  granularity and first period.
- ``satudata_submission``: one row per dataset and period: the current
  values (``{row code: {component code: value}}``), state, kode referensi
  and sumber data, and a revision number bumped on every change.
- ``satudata_submission_change``: every save and import, with who (user or
  survey link and the name the surveyor gave, and the role they acted in),
  when, source and the cell
  changes (old → new). Nothing is overwritten without a row here.
- ``satudata_survey_link``: share links (only a hash of the token is kept).
- ``satudata_import``: imports run as background jobs: status, progress and
  report.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

STRUCTURE = "satudata_structure"
SUBMISSION = "satudata_submission"
CHANGE = "satudata_submission_change"
SURVEY_LINK = "satudata_survey_link"
IMPORT = "satudata_import"

structure_table = sa.Table(
    STRUCTURE,
    meta.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("components", JSONB, nullable=False),
    sa.Column("breakdown", JSONB, nullable=False),
    sa.Column("granularity", sa.Text, nullable=False),
    sa.Column("first_period", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified_by", sa.Text),
    extend_existing=True,
)

submission_table = sa.Table(
    SUBMISSION,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("values", JSONB, nullable=False),
    sa.Column("kode_referensi", sa.Text, nullable=False),
    sa.Column("sumber_data", sa.Text, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified_by", sa.Text),
    sa.UniqueConstraint("package_id", "period", name="satudata_submission_period"),
    extend_existing=True,
)

change_table = sa.Table(
    CHANGE,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("submission_id", sa.Text, nullable=False, index=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_id", sa.Text),
    sa.Column("survey_link_id", sa.Text),
    sa.Column("actor_name", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("changes", JSONB, nullable=False),
    sa.Column("details", JSONB, nullable=False),
    extend_existing=True,
)

survey_link_table = sa.Table(
    SURVEY_LINK,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("package_id", sa.Text, nullable=False, index=True),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("rows", JSONB),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("revoked", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.Text),
    extend_existing=True,
)

import_table = sa.Table(
    IMPORT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False, index=True),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text),
    sa.Column("survey_link_id", sa.Text),
    sa.Column("actor_name", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("report", JSONB),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    # the period's revision when the file was uploaded (0: not filled yet)
    sa.Column("revision", sa.Integer),
    extend_existing=True,
)
