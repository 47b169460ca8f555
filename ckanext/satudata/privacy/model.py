"""The table of the personal-data guard.

Declared on CKAN's metadata (so CKAN's test helpers empty it), created only
by this plugin's migrations (``ckan db upgrade -p satudata_privacy``).

``satudata_privacy_scan``: one scan of one subject — an uploaded file of a
terbuka dataset (``kind`` ``resource``; ``marker`` the resource's
``last_modified``, so a new upload is a new scan) or an indicator period
(``kind`` ``period``; ``marker`` the submission's revision). ``subject``
is the resource id or ``<package id>/<period>``; one scan per subject and
marker. Its ``status`` (pending, running, done, failed), the findings
(column, kind, confidence, rows, a masked example: never a raw value),
``high`` (the detectors' "hold" decision), and the walidata's
confirmation (who, when, note).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

SCAN = "satudata_privacy_scan"

scan_table = sa.Table(
    SCAN,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("resource_id", sa.Text),
    sa.Column("period", sa.Text),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("marker", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("findings", JSONB, nullable=False, server_default="[]"),
    sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("truncated", sa.Boolean, nullable=False, server_default="false"),
    sa.Column("high", sa.Boolean, nullable=False, server_default="false"),
    sa.Column("error", sa.Text),
    sa.Column("error_params", JSONB),
    sa.Column("requested_by", sa.Text),
    sa.Column("confirmed_by", sa.Text),
    sa.Column("confirmed", sa.DateTime(timezone=True)),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started", sa.DateTime(timezone=True)),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("subject", "marker",
                        name="satudata_privacy_scan_subject_marker"),
)
