"""Core actions guarded by the access-class plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from ckanext.satudata.access import rules
from ckanext.satudata.actions import chained_action
from ckanext.satudata.validation import check_refs

__all__ = [
    "bulk_update_public",
    "package_show",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "tag_show",
]


@chained_action
def bulk_update_public(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's bulk "make public" writes ``private`` without validating the
    datasets: refuse it for any dataset whose access class is not
    ``terbuka``, so the organization page cannot open terbatas/rahasia data.

    :param datasets: list of ids of the datasets to update
    :type datasets: list of strings
    :param org_id: id of the owning organization
    :type org_id: string
    """
    check_refs(data_dict, required=("org_id",), lists=("datasets",))
    tk.check_access("bulk_update_public", context, data_dict)
    closed = []
    # core changes only datasets of ``org_id``: look at those alone, so
    # that no other organization's title reaches the message
    organization = model.Group.get(data_dict.get("org_id") or "")
    for dataset_id in data_dict.get("datasets") or []:
        package = model.Package.get(dataset_id)
        if (
            package is not None
            and organization is not None
            and package.owner_org == organization.id
            and not rules.is_public_class(rules.access_class(package))
        ):
            closed.append(package.title or package.name)
    if closed:
        raise tk.ValidationError(
            {
                "datasets": [
                    tk._(
                        'Only datasets with access class "terbuka" can be public. '
                        "Change the access class of: {titles}"
                    ).format(titles=", ".join(closed))
                ]
            }
        )
    return next_action(context, data_dict)


#: ``package_show``'s flags, read by core with ``asbool`` (500 on others).
_SHOW_FLAGS = ("use_default_schema", "include_plugin_data")


def _is_flag(value: Any) -> bool:
    if isinstance(value, (bool, int)):
        return True
    if not isinstance(value, str):
        return False
    try:
        tk.asbool(value)
    except ValueError:
        return False
    return True


@chained_action
@tk.side_effect_free
def package_show(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Return the metadata of a dataset and its resources (core's
    ``package_show``; an ``id`` that is no text and a flag that is no
    boolean are a validation error naming the field, where core answered
    500).

    :param id: the id or name of the dataset
    :type id: string
    :param use_default_schema: use the default package schema instead of a
        custom schema defined with an IDatasetForm plugin (default: ``False``)
    :type use_default_schema: bool
    :param include_plugin_data: include the internal plugin data object
        (sysadmins only; default: ``False``)
    :type include_plugin_data: bool
    :rtype: dictionary
    """
    check_refs(data_dict, optional=("id", "name_or_id"))
    errors = {flag: [tk._("Not a boolean")] for flag in _SHOW_FLAGS
              if data_dict.get(flag) is not None and not _is_flag(data_dict[flag])}
    if errors:
        raise tk.ValidationError(errors)
    return next_action(context, data_dict)


def _visible(context: Context, data_dict: DataDict) -> set[str] | None:
    """Tag names the caller may see, ``None`` for "all" (vocabulary tags,
    sysadmins)."""
    if data_dict.get("vocabulary_id"):
        return None
    user = context.get("user") or ""
    user_obj = model.User.get(user) if user else None
    if user_obj is not None and user_obj.sysadmin:
        return None
    return rules.visible_free_tags(user)


def _name(tag: Any) -> str:
    return tag["name"] if isinstance(tag, dict) else tag


@chained_action
@tk.side_effect_free
def tag_list(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``tag_list`` without the kata kunci of datasets the caller
    may not read."""
    tags = next_action(context, data_dict)
    visible = _visible(context, data_dict)
    return tags if visible is None else [t for t in tags if _name(t) in visible]


@chained_action
@tk.side_effect_free
def tag_autocomplete(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``tag_autocomplete`` limited to readable datasets' tags."""
    names = next_action(context, data_dict)
    visible = _visible(context, data_dict)
    return names if visible is None else [n for n in names if n in visible]


@chained_action
@tk.side_effect_free
def tag_search(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``tag_search`` limited to readable datasets' tags."""
    found = next_action(context, data_dict)
    visible = _visible(context, data_dict)
    if visible is None:
        return found
    results = [t for t in found["results"] if _name(t) in visible]
    return {"count": len(results), "results": results}


@chained_action
@tk.side_effect_free
def tag_show(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``tag_show``; a tag only closed datasets carry is not found."""
    check_refs(data_dict, required=("id",), optional=("vocabulary_id",))
    tag = next_action(context, data_dict)
    visible = _visible(
        context, {**data_dict, "vocabulary_id": tag.get("vocabulary_id")}
    )
    if visible is not None and tag["name"] not in visible:
        raise tk.ObjectNotFound(tk._("Tag not found"))
    return tag
