"""What an action's ``id`` (and ``period``) names: a resource, or a
dataset's indicator period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.privacy import scanning
from ckanext.satudata.rows import Row


@dataclass(frozen=True)
class Target:
    package: model.Package
    resource: model.Resource | None = None
    period: str | None = None

    @property
    def subject(self) -> str:
        if self.resource is not None:
            return self.resource.id
        assert self.period is not None
        return scanning.period_subject(self.package.id, self.period)

    def scan(self) -> Row | None:
        return scanning.store.latest(self.subject)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= 200 and "\x00" not in value:
        return value
    return None


def target(data_dict: dict[str, Any] | None) -> Target:
    """The resource ``id``, or the dataset ``id`` (or name) and its
    ``period``; ``ObjectNotFound`` otherwise."""
    data = data_dict or {}
    ref, period = _text(data.get("id")), _text(data.get("period"))
    if ref is None:
        raise tk.ObjectNotFound(tk._("Not found"))
    if period is None:
        resource = model.Resource.get(ref)
        if resource is None or resource.state == "deleted" or (
            resource.package is None or resource.package.state == "deleted"
        ):
            raise tk.ObjectNotFound(tk._("Resource not found"))
        return Target(resource.package, resource=resource)
    package = model.Package.get(ref)
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return Target(package, period=period)
