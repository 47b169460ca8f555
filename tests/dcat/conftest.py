"""The workflow's fixtures, for the DCAT description of published data."""

from tests.workflow.conftest import opd, people, structured  # noqa: F401
