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

#: Sent by the workflow when a period is about to be published (inside the
#: walidata's publish move, the submission row locked, before anything is
#: written), with the dataset id as sender and ``package`` (a
#: ``model.Package``), ``grid`` (its ``indicators.api.Grid``),
#: ``submission`` (the submission row: ``values``, ``revision``…) and
#: ``user``. A receiver that must hold the publication raises
#: ``tk.ValidationError`` (the move is refused, nothing written); the
#: personal-data guard (``satudata_privacy``) does. Without receivers the
#: publication goes on.
period_publishing = tk.signals.ckanext.signal("satudata_period_publishing")

#: Sent by the workflow after a move of a period was recorded (before the
#: commit, on the same session), with the dataset id as sender and
#: ``package``, ``grid`` and ``transition`` (its ``action``, ``from_state``,
#: ``to_state``, ``revision``, ``user_id``…). The personal-data guard
#: starts its scan of the period when it is submitted or verified.
period_moved = tk.signals.ckanext.signal("satudata_period_moved")

#: Sent by indicator entry after a dataset's structure was saved (before the
#: commit, on the same session), with the dataset id as sender. The
#: monitoring rewrites the dataset's periods (they start at its first
#: period, in its granularity).
structure_changed = tk.signals.ckanext.signal("satudata_structure_changed")
