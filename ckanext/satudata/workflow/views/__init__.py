"""Pages of the workflow, one module per capability; the plugin registers
every blueprint imported here."""

from .notifications import satudata_notifications
from .published import satudata_published
from .review import satudata_workflow

__all__ = ["satudata_notifications", "satudata_published", "satudata_workflow"]
