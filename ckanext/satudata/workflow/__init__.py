"""Verification and publication of indicator values (plugin
``satudata_workflow``)."""
