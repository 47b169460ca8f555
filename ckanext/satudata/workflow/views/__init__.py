"""Pages of the workflow, one module per capability; the plugin registers
every blueprint imported here."""

from .review import satudata_workflow

__all__ = ["satudata_workflow"]
