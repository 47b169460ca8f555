"""Organization roles named as the workflow knows them (chained on CKAN's
``member_roles_list``; assigning roles stays CKAN's ``member_create``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.actions import chained_action
from ckanext.satudata.validation import check_refs
from ckanext.satudata.workflow import members


@chained_action
@tk.side_effect_free
def member_roles_list(
    up_func: Any, context: Context, data_dict: DataDict
) -> list[DataDict]:
    """The possible roles of members of groups and organizations (CKAN's
    ``member_roles_list``). For organizations the ``text`` names the
    workflow role each capacity stands for: ``admin`` is the verifikator,
    ``editor`` the operator, ``member`` reads only; in the walidata
    organization every capacity is walidata.

    :param group_type: the group type, either ``"group"`` or
        ``"organization"`` (optional, default ``"organization"``)
    :type group_type: string
    :param id: id or name of the organization (optional): when it is the
        walidata organization, the roles read as walidata
    :type id: string
    :returns: a list of dictionaries with ``text`` (the role's name) and
        ``value`` (the capacity CKAN stores, e.g. ``"admin"``)
    :rtype: list of dictionaries
    """
    check_refs(data_dict or {}, optional=("id", "group_type"))
    roles = up_func(context, data_dict)
    data_dict = data_dict or {}
    if data_dict.get("group_type", "organization") != "organization":
        return roles
    walidata = members.is_walidata_organization(data_dict.get("id"))
    return [
        {**role, "text": members.capacity_label(role["value"], walidata)}
        for role in roles
    ]
