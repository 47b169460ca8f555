"""Helpers for tests of this extension (and of sites that use it)."""

from __future__ import annotations

import importlib
import logging
import os

from ckan.model import repo

from ckanext.satudata import deployment

#: Plugins whose tables the test database needs, and the package holding
#: their ``migration/<plugin>`` folder, in migration order: those of
#: config/portal.ini with migrations, as ``ckan db upgrade`` applies them
#: on a real site (ckanext/satudata/deployment.py).
MIGRATED_PLUGINS = tuple(
    (name, "ckanext.satudata" if name.startswith("satudata") else f"ckanext.{name}")
    for name in deployment.migrated_plugins(deployment.portal_plugins())
)


def _alembic_ini(plugin: str, package: str) -> str:
    root = os.path.dirname(importlib.import_module(package).__file__ or "")
    return os.path.join(root, "migration", plugin, "alembic.ini")


def migrate_plugin_tables(
    plugins: tuple[tuple[str, str], ...] = MIGRATED_PLUGINS,
) -> None:
    """Bring the tables of ``plugins`` to their newest migration.

    Works whether or not the plugins are loaded at the moment: CKAN's test
    runner loads and unloads plugins around each test.

    CKAN's activity migrations load their ``alembic.ini`` logging with
    ``disable_existing_loggers``: every logger already made (ours included)
    is switched off and the root logger's handlers are replaced. The
    loggers are put back as they were afterwards, else a test after a
    migration cannot see what the code logged.
    """
    loggers = [logging.root] + [
        item for item in logging.root.manager.loggerDict.values()
        if isinstance(item, logging.Logger)
    ]
    saved = [
        (item, item.disabled, item.level, item.propagate, item.handlers[:])
        for item in loggers
    ]
    try:
        _upgrade(plugins)
    finally:
        for item, disabled, level, propagate, handlers in saved:
            item.disabled, item.level, item.propagate = (
                disabled, level, propagate)
            item.handlers[:] = handlers


def _upgrade(plugins: tuple[tuple[str, str], ...]) -> None:
    for plugin, package in plugins:
        original = repo._alembic_ini
        repo._alembic_ini = _alembic_ini(plugin, package)
        try:
            repo.upgrade_db()
        finally:
            repo._alembic_ini = original


def sdi_fields(**overrides: object) -> dict[str, object]:
    """A complete, valid set of the SDI schema's own fields, for creating
    datasets in tests (pass it to ``factories.Dataset(**sdi_fields())``)."""
    fields: dict[str, object] = {
        "notes": "Jumlah penduduk per kecamatan menurut jenis kelamin.",
        "tujuan": "Perencanaan pembangunan dan pelayanan publik.",
        "sumber_data": "Sistem Informasi Administrasi Kependudukan (SIAK)",
        "kode_referensi": "DS-DUKCAPIL-001",
        "satuan": "Orang",
        "tahun_data": "2024",
        "frekuensi": "semesteran",
        "wilayah": "33.74",
        "metode": "kompilasi_administrasi",
        "kontak_nama": "Sri Wahyuni",
        "kontak_email": "sri.wahyuni@satudata-semarang.example",
        "kategori": "data_dasar",
        "urusan": "2.12",
        "keterbukaan": "terbuka",
        "tanggal_rilis": "2025-01-15",
    }
    fields.update(overrides)
    return fields
