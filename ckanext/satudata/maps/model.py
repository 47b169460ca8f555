"""The table of the thematic maps plugin.

Declared on CKAN's metadata (so CKAN's test helpers empty it), created only
by this plugin's migrations (``ckan db upgrade -p satudata_maps``).

- ``satudata_map_boundary``: the boundary files the walidata uploaded, at
  most one per level (``kecamatan`` or ``desa``): the original GeoJSON in
  CKAN's file storage (``file_id``) and the shapes made from it once, at
  upload (``shapes``: per region ``kode``, ``name``, SVG ``path`` and label
  point ``cx``/``cy`` in a ``width`` by ``height`` box).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

BOUNDARY = "satudata_map_boundary"

boundary_table = sa.Table(
    BOUNDARY,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("level", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("file_id", sa.Text),
    sa.Column("file_name", sa.Text, nullable=False, server_default=""),
    sa.Column("file_size", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("feature_count", sa.Integer, nullable=False),
    sa.Column("repaired", JSONB, nullable=False, server_default="[]"),
    sa.Column("bbox", JSONB, nullable=False, server_default="[]"),
    sa.Column("width", sa.Float, nullable=False),
    sa.Column("height", sa.Float, nullable=False),
    sa.Column("shapes", JSONB, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("level", name="satudata_map_boundary_level_key"),
    extend_existing=True,
)
