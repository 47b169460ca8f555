"""Pages of the workflow, one module per capability; the plugin registers
every blueprint imported here."""

from ckanext.satudata.workflow.views.notifications import satudata_notifications
from ckanext.satudata.workflow.views.published import satudata_published
from ckanext.satudata.workflow.views.review import satudata_workflow

__all__ = ["satudata_notifications", "satudata_published", "satudata_workflow"]
