"""``ckan satudata-workflow`` commands."""

from __future__ import annotations

import click

__all__ = ["satudata_workflow"]


@click.group(name="satudata-workflow", short_help="Verification workflow")
def satudata_workflow() -> None:
    """Verification and publication of indicator values."""
