"""Alembic environment: each plugin keeps its own version table."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from ckan.model.meta import metadata
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

PLUGIN = os.path.basename(os.path.dirname(__file__))
VERSION_TABLE = f"{PLUGIN}_alembic_version"


def _own_tables(obj, name, type_, reflected, compare_to) -> bool:
    return type_ != "table" or name.startswith(PLUGIN)


def run() -> None:
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata, literal_binds=True,
            version_table=VERSION_TABLE, include_object=_own_tables,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.", poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=metadata,
            version_table=VERSION_TABLE, include_object=_own_tables,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
