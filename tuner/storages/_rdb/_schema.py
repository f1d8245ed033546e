"""Schema versions: creating, checking and upgrading the tables with the shipped alembic
revisions (found through this package's path, never the current directory)."""

from __future__ import annotations

import functools
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from tuner.exceptions import StorageSchemaError
from tuner.storages._rdb._engine import masked
from tuner.storages._rdb.models import VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_SCRIPT_LOCATION = os.path.join(os.path.dirname(os.path.abspath(__file__)), "alembic")
_LOCK_NAME = "tuner_schema"
_PG_LOCK_KEY = zlib.crc32(_LOCK_NAME.encode())


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # alembic loads only when the schema is touched

    config = Config()
    config.set_main_option("script_location", _SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_version() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def all_versions() -> list[str]:
    """Every revision, newest first."""
    return [r.revision for r in script_directory().walk_revisions()]


def current_version(connection: Connection) -> str | None:
    """The revision of the database, or None when it has no tuner tables yet."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds a database-wide lock on schema changes, so
    that workers starting at once on an empty database create the tables exactly once."""
    backend = engine.url.get_backend_name()
    with engine.connect() as connection:
        if backend == "sqlite":
            connection = connection.execution_options(tuner_write=True)  # BEGIN IMMEDIATE
            with connection.begin():
                yield connection
        elif backend == "postgresql":
            with connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                yield connection
        else:  # MySQL: DDL is not transactional, so a named lock guards it.
            got = connection.execute(
                text("SELECT GET_LOCK(:name, 300)"), {"name": _LOCK_NAME}
            ).scalar()
            if got != 1:
                raise StorageSchemaError(
                    "Timed out waiting for another worker to create or upgrade the schema of "
                    f"{masked(engine.url)!r}; try again."
                )
            try:
                connection.commit()
                yield connection
            finally:
                connection.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": _LOCK_NAME})
                connection.commit()


def _upgrade_locked(engine: Engine, target: str, *, only_if_missing: bool = False) -> str | None:
    """Bring the schema to ``target`` unless, read under the lock, it is already there (or,
    with ``only_if_missing``, exists at all); returns the version it is at afterwards.

    Reading under the lock matters on MySQL, whose DDL is not transactional: a worker
    creating the schema stamps each revision as it goes, so a read without the lock can
    see a half-made schema at an older revision.
    """
    with _schema_lock(engine) as connection:
        version = current_version(connection)
        if version == target or (only_if_missing and version is not None):
            return version
        from alembic import command

        command.upgrade(alembic_config(connection), target)
        return target


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (create it on an empty database)."""
    _upgrade_locked(engine, head_version() if target == "head" else target)


def ensure_schema(engine: Engine, skip_compatibility_check: bool) -> None:
    """Create the schema on an empty database; refuse a database at another revision."""
    with engine.connect() as connection:
        version = current_version(connection)
    head = head_version()
    if version != head:
        # Missing or at another revision: another worker may be creating or upgrading it
        # right now, so decide after it is done, under the schema lock. A database that
        # is still empty there gets the schema created.
        version = _upgrade_locked(engine, head, only_if_missing=True)
    if version == head or skip_compatibility_check:
        return
    url = masked(engine.url)
    if version in all_versions():
        raise StorageSchemaError(
            f"The database {url!r} has tuner schema version {version}, older than this tuner's "
            f"{head}. Upgrade it once (back it up first) with "
            f"`tuner.storages.RDBStorage({url!r}, skip_compatibility_check=True).upgrade()` "
            f"or `python -m tuner.storages._rdb upgrade {url!r}`."
        )
    raise StorageSchemaError(
        f"The database {url!r} has tuner schema version {version}, which this tuner does not "
        f"know (its newest is {head}): it was made by a newer tuner. Upgrade tuner "
        "(`pip install -U tuner`)."
    )


class SchemaVersions:
    """The schema-version methods of :class:`~tuner.storages.RDBStorage`."""

    _engine: Engine

    def upgrade(self) -> None:
        """Upgrade the database schema to this tuner's version (back it up first)."""
        upgrade(self._engine)

    def get_current_version(self) -> str:
        """The schema version of the database."""
        with self._engine.connect() as c:
            version = current_version(c)
        assert version is not None
        return version

    def get_head_version(self) -> str:
        """The newest schema version this tuner knows."""
        return head_version()

    def get_all_versions(self) -> list[str]:
        """Every schema version, newest first."""
        return all_versions()
