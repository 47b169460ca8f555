"""Which accounts need the second factor and which count as staff, from
the roles module (:mod:`ckanext.satudata.roles`)."""

from __future__ import annotations

from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.accounts import config, sessions

#: The roles ``ckanext.satudata.otp.required_roles`` may name.
ROLES = ("walidata", "verifikator", "operator", "pembina", "sysadmin")


def account_roles(user: model.User) -> set[str]:
    """The site-wide roles of ``user``: walidata, pembina, sysadmin, and
    verifikator/operator when admin/editor of any OPD (not of the walidata
    or pembina organization)."""
    found = set()
    if roles.is_sysadmin(user):
        found.add("sysadmin")
    if roles.is_walidata(user):
        found.add("walidata")
    if roles.is_pembina(user):
        found.add("pembina")
    if roles.opd_ids(user, "admin"):
        found.add("verifikator")
    if roles.opd_ids(user, "editor"):
        found.add("operator")
    return found


def otp_required_by_role(user: model.User) -> bool:
    return bool(account_roles(user) & config.otp_required_roles())


def otp_required(user: model.User) -> bool:
    """Whether ``user`` must enter an e-mailed code after the password: by
    role, or because they turned it on themselves."""
    return otp_required_by_role(user) or sessions.otp_opt_in(user.id)


def is_staff(user: model.User) -> bool:
    """Walidata, pembina, sysadmin, or a member of any organization: their
    sessions end when idle."""
    return bool(account_roles(user)) or bool(
        roles.organization_ids(user, "member", "editor", "admin"))
