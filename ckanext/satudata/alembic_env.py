"""Alembic environment shared by the extension's plugins: each plugin keeps
its own version table (``<plugin>_alembic_version``) and compares (alembic
autogenerate) only its own tables. Each ``migration/<plugin>/env.py`` calls
:func:`run` with its plugin's name and the prefixes of its tables."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from ckan.model.meta import metadata
from sqlalchemy import engine_from_config, pool


def run(plugin: str, table_prefixes: tuple[str, ...]) -> None:
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    version_table = f"{plugin}_alembic_version"

    def own_tables(obj, name, type_, reflected, compare_to) -> bool:
        return type_ != "table" or name.startswith(table_prefixes)

    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata, literal_binds=True,
            version_table=version_table, include_object=own_tables,
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
            version_table=version_table, include_object=own_tables,
        )
        with context.begin_transaction():
            context.run_migrations()
