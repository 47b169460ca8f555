"""Actions of the institution accounts: see ``docs/institutions.md``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.accounts import api as accounts
from ckanext.satudata.institutions import config, notify, present, registration, store
from ckanext.satudata.institutions.logic import schema
from ckanext.satudata.messages import N_, message

__all__ = [
    "satudata_institution_approve",
    "satudata_institution_list",
    "satudata_institution_register",
    "satudata_institution_reject",
    "satudata_institution_show",
    "satudata_institution_update",
]

#: The per-IP counter of registrations (``accounts.api``).
THROTTLE = "institution_register"


def _shown(context: Context, institution_id: str) -> dict[str, Any]:
    row = store.get(institution_id)
    assert row is not None
    return present.full(row, present.viewer(context.get("user") or None))


def satudata_institution_register(context: Context, data_dict: DataDict
                                  ) -> dict[str, Any]:
    """Register an institution (status ``diajukan``), or send again a
    rejected registration corrected (``registration_id`` and ``token`` of the e-mailed
    link). The contact gets "registrasi diterima", the walidata a notice.
    For anybody; at most ``register_per_hour`` attempts an hour from one
    IP address. Every error at once, each naming its field (``users__<i>__
    <field>`` for a user's row).

    :param category: the category's code (``ckanext.satudata.institutions.
        categories``: ``kementerian_lembaga``, ``pemerintah_provinsi``,
        ``pemerintah_kabkota``, ``bumn``, ``perguruan_tinggi``, ``lainnya``)
    :type category: string
    :param name: the institution's name
    :type name: string
    :param email: the contact's e-mail (its domain as the category's rule
        says, ``*.go.id`` for government)
    :type email: string
    :param contact_name: the contact's full name
    :type contact_name: string
    :param phone: the contact's phone (any Indonesian notation, kept as
        ``+62…``)
    :type phone: string
    :param users: 2 to 4 users, each a dictionary with ``id_number`` (NIP,
        18 digits; or NIK, 16 digits, for the categories of
        ``nik_categories``), ``fullname``, ``unit`` (unit kerja),
        ``email``, ``jabatan``, ``phone``
    :type users: list of dictionaries
    :param letter: the Surat Permohonan Pembuatan Akun (PDF, at most
        ``letter_max_bytes``, 1 MB; optional for a correction: the old one
        is kept)
    :type letter: file
    :param homepage: must stay empty (a field people do not see)
    :type homepage: string
    :param registration_id: the rejected registration to correct
        (optional)
    :type registration_id: string
    :param token: the token of its correction link (with
        ``registration_id``)
    :type token: string
    :returns: the registration (see :func:`satudata_institution_show`),
        shown as its contact reads it
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_register", context, data_dict)
    if not accounts.ip_limit_hit(THROTTLE, config.register_per_hour(), 3600):
        raise tk.ValidationError({"registration": [message(N_(
            "Too many registrations from your network address; try again in "
            "an hour"))]})
    corrected = bool(data_dict.get("registration_id"))
    institution_id = registration.register(context, data_dict)
    if not context.get("defer_commit"):
        notify.registered(institution_id, corrected)
    row = store.get(institution_id)
    assert row is not None
    return present.full(row, present.Viewer(None, False, False, institution_id))


@validate(schema.institution_ref)
@tk.side_effect_free
def satudata_institution_show(context: Context, data_dict: DataDict
                              ) -> dict[str, Any]:
    """One institution: category, name, contact, status (``diajukan``,
    ``ditolak``, ``disetujui``) and its label, the walidata's ``notes``,
    the profile (``address``, ``files``: links to ``letter``, ``logo``,
    ``sdi``), ``profile_missing`` (``logo``, ``address``),
    ``profile_complete``, and its ``users`` (the NIP/NIK masked but for the
    walidata and the institution's own users). For the walidata, the
    pembina, the institution's users, or with the correction ``token``.

    :param id: the institution's id
    :type id: string
    :param token: the token of the correction link (optional)
    :type token: string
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_show", context, data_dict)
    row = store.get(data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound(tk._("Institution not found"))
    who = present.viewer(context.get("user") or None)
    if not (who.walidata or who.pembina or who.institution_id == row["id"]):
        who = present.Viewer(None, False, False, row["id"])  # the correction link
    return present.full(row, who)


@validate(schema.institution_list)
@tk.side_effect_free
def satudata_institution_list(context: Context, data_dict: DataDict
                              ) -> dict[str, Any]:
    """The institutions, newest first (``count`` and ``results``: id,
    name, category and its label, status and its label, created). For the
    walidata and the pembina.

    :param status: only this status (``diajukan``, ``ditolak``,
        ``disetujui``; optional)
    :type status: string
    :param limit: at most this many (default 100, at most 1000)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_list", context, data_dict)
    count, rows = store.institutions(
        data_dict.get("status"), min(int(data_dict.get("limit", 100)), 1000),
        int(data_dict.get("offset", 0)))
    return {"count": count, "results": [present.summary(row) for row in rows]}


@validate(schema.approve)
def satudata_institution_approve(context: Context, data_dict: DataDict
                                 ) -> dict[str, Any]:
    """Approve a registration waiting for verification: each user's CKAN
    account is created (or an active account with their e-mail linked) and
    e-mailed a link to set their own password (CKAN's reset key; a linked
    account a notice); the contact is told. Walidata only.

    :param id: the institution's id
    :type id: string
    :param notes: a note to the contact (optional)
    :type notes: string
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_approve", context, data_dict)
    accounts_made = registration.approve(context, data_dict["id"],
                                         data_dict.get("notes", ""))
    notify.approved(data_dict["id"], accounts_made)
    return _shown(context, data_dict["id"])


@validate(schema.reject)
def satudata_institution_reject(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """Reject a registration waiting for verification, with notes; the
    contact gets them and a link to correct and send again the same
    registration (valid ``correction_days``, 14). Walidata only.

    :param id: the institution's id
    :type id: string
    :param notes: what to correct
    :type notes: string
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_reject", context, data_dict)
    token = registration.reject(context, data_dict["id"], data_dict["notes"])
    notify.rejected(data_dict["id"], token)
    return _shown(context, data_dict["id"])


@validate(schema.update)
def satudata_institution_update(context: Context, data_dict: DataDict
                                ) -> dict[str, Any]:
    """Change an approved institution's profile. For its own users and the
    walidata. The logo and the address are required before the first
    access request.

    :param id: the institution's id
    :type id: string
    :param address: its address
    :type address: string
    :param contact_name: the contact's name (optional)
    :type contact_name: string
    :param phone: the contact's phone (optional)
    :type phone: string
    :param logo: the logo (PNG or JPEG, at most ``logo_max_bytes``, 200 KB)
    :type logo: file
    :param sdi: the Dokumen Kelembagaan SDI (PDF, at most
        ``sdi_max_bytes``)
    :type sdi: file
    :rtype: dictionary
    """
    tk.check_access("satudata_institution_update", context, data_dict)
    registration.update(context, data_dict["id"], data_dict, data_dict)
    return _shown(context, data_dict["id"])
