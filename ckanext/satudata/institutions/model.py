"""Tables of the institution accounts.

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p
satudata_institutions``).

- ``satudata_institution``: one registered institution (category, name,
  contact, status, the walidata's decision and notes, the correction
  link's hashed token and expiry, the profile: logo, address, Dokumen
  Kelembagaan SDI). Files live in CKAN's file storage, owned by
  ``satudata_institution``/its id;
- ``satudata_institution_user``: the 2 to 4 people registered with it (NIP or
  NIK, name, unit, e-mail, position, phone) and, once approved, the CKAN
  account each one uses.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta

INSTITUTION = "satudata_institution"
PERSON = "satudata_institution_user"

institution_table = sa.Table(
    INSTITUTION,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("phone", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("letter_file_id", sa.Text),
    sa.Column("notes", sa.Text, nullable=False, server_default=""),
    sa.Column("decided_by", sa.Text),
    sa.Column("decided", sa.DateTime(timezone=True)),
    sa.Column("correction_hash", sa.Text),
    sa.Column("correction_expires", sa.DateTime(timezone=True)),
    sa.Column("address", sa.Text, nullable=False, server_default=""),
    sa.Column("logo_file_id", sa.Text),
    sa.Column("sdi_file_id", sa.Text),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Index("satudata_institution_status", "status"),
    extend_existing=True,
)

person_table = sa.Table(
    PERSON,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("institution_id", sa.Text, nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("id_kind", sa.Text, nullable=False),
    sa.Column("id_number", sa.Text, nullable=False),
    sa.Column("fullname", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("jabatan", sa.Text, nullable=False),
    sa.Column("phone", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, index=True),
    extend_existing=True,
)
