"""Template helpers of the workflow (they call actions; no rules of their
own)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.messages import N_
from ckanext.satudata.workflow import config, transition

#: DataStore column types as readers of a data dictionary know them.
COLUMN_TYPES = {
    "text": N_("text"),
    "int": N_("whole number"), "int4": N_("whole number"),
    "int8": N_("whole number"),
    "numeric": N_("decimal number"), "float8": N_("decimal number"),
    "date": N_("date"), "timestamp": N_("date and time"),
    "bool": N_("yes or no"),
}


def satudata_state_label(state: str) -> str:
    """A submission state in the user's language."""
    return transition.state_label(state)


def satudata_role_label(role: str | None) -> str:
    """A workflow role (operator, verifikator, walidata, surveyor)."""
    return transition.role_label(role)


def satudata_queues() -> dict[str, Any]:
    """The current user's queues (see ``satudata_queue_list``), once per
    request."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return {}
    cached = getattr(tk.g, "satudata_queues", None)
    if cached is None:
        cached = tk.get_action("satudata_queue_list")(
            {"user": tk.current_user.name}, {}
        )
        tk.g.satudata_queues = cached
    return cached


def satudata_queue_count() -> int:
    """How many periods wait for the current user in their queues."""
    queues = satudata_queues()
    return (
        len(queues.get("operator", [])) + len(queues.get("verifikator", []))
        + sum(len(group["items"]) for group in queues.get("walidata", []))
    )


def satudata_overdue_returns() -> int:
    """Returned periods past their deadline in the current user's queue."""
    return sum(1 for item in satudata_queues().get("operator", [])
               if item["overdue"])


def satudata_return_deadline_days() -> int:
    """Days a return gives by default (``ckanext.satudata.return_deadline_days``)."""
    return config.return_deadline_days()


def satudata_unread_count() -> int:
    """How many notifications the current user has not read (once per
    request)."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return 0
    cached = getattr(tk.g, "satudata_unread_count", None)
    if cached is None:
        cached = tk.get_action("satudata_notification_list")(
            {"user": tk.current_user.name}, {"limit": 0}
        )["unread"]
        tk.g.satudata_unread_count = cached
    return cached


def satudata_submission_checks(package_id: str, period: str) -> dict[str, Any] | None:
    """The quality checks of a dataset's period (``satudata_submission_checks``)
    for the current user; None when they may not see them (or the dataset
    or period is not found)."""
    if not tk.current_user or tk.current_user.is_anonymous:
        return None
    try:
        return tk.get_action("satudata_submission_checks")(
            {"user": tk.current_user.name}, {"id": package_id, "period": period}
        )
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def satudata_published_section(package_id: str) -> dict[str, Any] | None:
    """What the dataset page shows under "Komponen data": the result of
    ``satudata_published_show`` for the page's ``?periode=`` (an unknown
    period shows the newest), the chart component (``?komponen=``, default
    the first numeric one) and the charts' geometry. ``None`` while
    nothing is published or when the user may not read the dataset."""
    from ckanext.satudata.workflow import charts

    args = tk.request.args
    context = {"user": "" if tk.current_user.is_anonymous else tk.current_user.name}
    show = tk.get_action("satudata_published_show")
    try:
        try:
            shown = show(dict(context), {"id": package_id,
                                         "period": args.get("periode") or None})
        except tk.ValidationError:
            shown = show(dict(context), {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None
    if not shown["periods"]:
        return None
    component = charts.pick_component(shown["components"], args.get("komponen"))
    return {
        **shown,
        "chart_components": charts.numeric(shown["components"]),
        "chart_component": component,
        "chart_series": next((s for s in shown["series"] if component
                              and s["component"] == component["code"]), None),
        "bar": charts.bar_for(shown, component,
                              config.chart_max_bars()),
        "line": charts.line_for(shown, component),
    }


def satudata_format_number(value: Any, decimals: int | None = None) -> str:
    """A number the Indonesian way (``1.234.567``, ``99,5``); text as it is."""
    from ckanext.satudata.workflow import numbers

    return numbers.format_number(value, decimals)


def _user_context() -> dict[str, Any]:
    anonymous = not tk.current_user or tk.current_user.is_anonymous
    return {"user": "" if anonymous else tk.current_user.name}


def satudata_member_role_options(organization_id: str) -> list[dict[str, Any]]:
    """The roles of an organization's members as the workflow names them
    (``member_roles_list``): ``text`` and ``value`` (CKAN's capacity)."""
    return tk.get_action("member_roles_list")(
        _user_context(), {"group_type": "organization", "id": organization_id}
    )


def satudata_member_roles(organization_id: str) -> dict[str, str]:
    """Per user id, the role of each member of an organization as the
    workflow names it (e.g. "Verifikator (Admin)")."""
    found: dict[str, str] = {}
    for role in satudata_member_role_options(organization_id):
        for user_id, _type, _capacity in tk.get_action("member_list")(
            _user_context(), {"id": organization_id, "object_type": "user",
                              "capacity": role["value"]}
        ):
            found[user_id] = role["text"]
    return found


def satudata_is_walidata_organization(organization_id: str) -> bool:
    """Whether the organization is the walidata one (its members are
    walidata)."""
    from ckanext.satudata.workflow import members

    return members.is_walidata_organization(organization_id)


def satudata_column_type_label(column_type: str) -> str:
    """A DataStore column type (``int8``, ``numeric``, ...) in words of the
    user's language; other types as they are."""
    label = COLUMN_TYPES.get((column_type or "").strip())
    return tk._(label) if label else column_type
