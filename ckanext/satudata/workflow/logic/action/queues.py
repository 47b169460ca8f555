"""Action of the work queues: what waits for each user."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.workflow import queues


@tk.side_effect_free
def satudata_queue_list(context: Context, data_dict: DataDict) -> DataDict:
    """What waits for the user, per role they hold. No parameters.

    :returns: ``operator`` (drafts and returned periods of the OPDs where
        the user is editor; returned ones with ``deadline`` and
        ``overdue``), ``verifikator`` (submitted periods of the OPDs where
        the user is admin) and ``walidata`` (verified periods waiting for
        final verification, grouped per OPD: ``organization``,
        ``organization_title``, ``items``); a key is present only for a
        role the user holds
    :rtype: dictionary
    """
    tk.check_access("satudata_queue_list", context, data_dict)
    return queues.for_user(context.get("user"))
