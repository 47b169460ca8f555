"""Signals the plugins send to each other (blinker, CKAN's ``ckanext``
namespace). Senders call ``send``; subscribers name the object in their
``ISignal.get_signal_subscriptions`` (``{signals.values_changed: [f]}``).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk

#: Sent by indicator entry after every save that changed something (before
#: the commit, on the same session), with the dataset id as sender and
#: ``period``, ``period_label``, ``submission_id``, ``revision``, ``actor``
#: (an ``indicators.entry.Actor``), ``source`` and ``cells`` (how many
#: changed). The workflow records it in the dataset's activity stream.
values_changed = tk.signals.ckanext.signal("satudata_values_changed")
