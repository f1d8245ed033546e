"""Alembic environment of tuner's RDB storage.

tuner runs the migrations itself (``RDBStorage.upgrade()``), handing over a connection that
already holds the schema lock; the plain ``alembic`` command works too when
``sqlalchemy.url`` is set in the config.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from tuner.storages._rdb.models import VERSION_TABLE, Base

target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # sqlite can only alter tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Set sqlalchemy.url, or run migrations through RDBStorage.upgrade().")
    engine = create_engine(url)
    with engine.begin() as connection:
        _run(connection)


def run_migrations_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# Only under alembic: importing this module elsewhere (e.g. doctest collection) does nothing.
if hasattr(context, "config"):
    if context.is_offline_mode():
        run_migrations_offline()
    else:
        run_migrations_online()
