"""The calendar plugin refuses to start without the catalogue plugin."""

from __future__ import annotations

import pytest
from ckan.exceptions import CkanConfigurationException

from ckanext.satudata.calendar.plugin import SatudataCalendarPlugin


def test_it_needs_the_catalogue(monkeypatch):
    from ckan.common import config

    monkeypatch.setitem(config, "ckan.plugins",
                        "satudata_documents satudata_calendar activity")
    with pytest.raises(CkanConfigurationException, match="needs satudata in"):
        SatudataCalendarPlugin().configure(config)
    monkeypatch.setitem(config, "ckan.plugins", "satudata_calendar satudata")
    SatudataCalendarPlugin().configure(config)
