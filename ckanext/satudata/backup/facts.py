"""Facts about the running site an archive records and a restore reports:
package versions and counts of what the main database holds."""

from __future__ import annotations

import importlib.metadata
import platform

from ckan import model

from ckanext.satudata.backup.manifest import PACKAGES


def versions() -> dict[str, str | None]:
    """Installed version of each package of :data:`PACKAGES` (``None`` when
    not installed) and of Python."""
    found: dict[str, str | None] = {}
    for package in PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    found["python"] = platform.python_version()
    return found


def counts() -> dict[str, int]:
    """Active datasets, resources, users and organizations."""
    session = model.Session
    try:
        return {
            "datasets": session.query(model.Package)
            .filter(model.Package.state == "active").count(),
            "resources": session.query(model.Resource)
            .filter(model.Resource.state == "active").count(),
            "users": session.query(model.User)
            .filter(model.User.state == "active").count(),
            "organizations": session.query(model.Group)
            .filter(model.Group.state == "active", model.Group.is_organization)
            .count(),
        }
    finally:
        session.remove()
