"""Engines for the three supported databases, with the settings that make them safe to share.

* sqlite: WAL journal (readers never block the writer), a busy timeout, and write
  transactions that take the write lock at BEGIN (``BEGIN IMMEDIATE``) so two writers never
  deadlock on a lock upgrade, which sqlite reports as "database is locked" at once.
* PostgreSQL via psycopg 3 and MySQL/MariaDB via pymysql, both READ COMMITTED.

Transient failures (a lock timeout, a deadlock, a serialization failure) are retried a
bounded number of times by :func:`is_transient`'s callers.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

from tuner.exceptions import StorageInternalError

SQLITE_BUSY_TIMEOUT_MS = 60_000

# Bare scheme -> the driver tuner supports, and the extra that installs it.
_DEFAULT_DRIVERS = {
    "postgresql": ("postgresql+psycopg", "psycopg", "postgres"),
    "postgres": ("postgresql+psycopg", "psycopg", "postgres"),
    "mysql": ("mysql+pymysql", "pymysql", "mysql"),
    "mariadb": ("mariadb+pymysql", "pymysql", "mysql"),
}
_EXTRAS = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql"}

_EXAMPLES = (
    "sqlite:///path/to/tuner.db, postgresql://user:password@host:5432/dbname or "
    "mysql://user:password@host:3306/dbname"
)


def masked(url: str | URL) -> str:
    """The URL with its password replaced by ``***``, fit for error messages and logs."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "<unparsable URL>"
    return url.render_as_string(hide_password=True)


def parse_url(url: str) -> URL:
    """Parse a database URL, choosing tuner's driver when the URL names none.

    Raises:
        ValueError: The URL is malformed or names an unknown database.
    """
    if not isinstance(url, str | URL):
        raise TypeError(f"The storage URL must be a string, got {type(url).__name__}.")
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise ValueError(
            f"Could not parse the storage URL {masked(url)!r}: {e}. Use a URL such as {_EXAMPLES}."
        ) from None
    if parsed.drivername in _DEFAULT_DRIVERS:
        parsed = parsed.set(drivername=_DEFAULT_DRIVERS[parsed.drivername][0])
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "mysql", "mariadb"):
        raise ValueError(
            f"Unsupported database {parsed.get_backend_name()!r} in the storage URL "
            f"{masked(parsed)!r}; use sqlite, PostgreSQL or MySQL/MariaDB, e.g. {_EXAMPLES}."
        )
    if parsed.get_backend_name() != "sqlite" and not parsed.database:
        raise ValueError(
            f"The storage URL {masked(parsed)!r} names no database; append it, e.g. "
            f"{masked(parsed.set(database='tuner'))!r}."
        )
    return parsed


def _check_driver(url: URL) -> None:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return
    driver = url.get_driver_name()
    module = {"psycopg": "psycopg", "pymysql": "pymysql"}.get(driver, driver)
    try:
        importlib.import_module(module)
    except ImportError:
        extra = _EXTRAS.get(backend, backend)
        raise ImportError(
            f"The storage URL {masked(url)!r} needs the Python package {module!r}, which is "
            f"not installed. Install it with `pip install tuner[{extra}]`."
        ) from None


def make_engine(url: URL, engine_kwargs: dict[str, Any] | None) -> Engine:
    """Create the engine for ``url``; ``engine_kwargs`` (passed to SQLAlchemy) win."""
    _check_driver(url)
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if url.database in (None, "", ":memory:"):
            # One connection for every thread: each new one would be a new, empty database.
            kwargs["poolclass"] = StaticPool
    elif backend == "postgresql":
        kwargs["isolation_level"] = "READ COMMITTED"
    else:
        kwargs["isolation_level"] = "READ COMMITTED"
        kwargs["pool_recycle"] = 3600  # before the server's wait_timeout drops the link
        if "charset" not in url.query:
            url = url.update_query_dict({"charset": "utf8mb4"})
    user = dict(engine_kwargs or {})
    if "connect_args" in user and "connect_args" in kwargs:
        user["connect_args"] = {**kwargs["connect_args"], **user["connect_args"]}
    kwargs.update(user)
    try:
        engine = create_engine(url, **kwargs)
    except NoSuchModuleError:
        raise ValueError(
            f"SQLAlchemy has no driver for the storage URL {masked(url)!r}; use e.g. {_EXAMPLES}."
        ) from None
    except ImportError as e:
        raise ImportError(
            f"The driver of the storage URL {masked(url)!r} is not installed ({e}); install "
            f"it, e.g. `pip install tuner[{_EXTRAS.get(backend, backend)}]`."
        ) from None
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN below be the only transaction control.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            # Safe with WAL: a crash may lose the last commits, never corrupt the file.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("tuner_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_transient(error: BaseException, write: bool) -> bool:
    """True for errors that a retry of the whole transaction can cure.

    A lost connection is retried for reads only: a write may have committed just before
    the link broke, and running it again could, e.g., create a second trial.
    """
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return not write
    message = str(error.orig).lower()
    if "database is locked" in message or "database is busy" in message:
        return True
    # PostgreSQL: serialization failure, deadlock.
    code = getattr(error.orig, "sqlstate", None)
    if code in ("40001", "40P01"):
        return True
    # MySQL: deadlock, lock wait timeout.
    args: tuple[Any, ...] = getattr(error.orig, "args", ())
    return isinstance(error, OperationalError) and bool(args) and args[0] in (1205, 1213)


def connection_error(url: URL, error: BaseException) -> StorageInternalError:
    """The error to raise when the database cannot be reached at all."""
    backend = url.get_backend_name()
    if backend == "sqlite":
        fix = "check that the directory exists and is writable"
    else:
        fix = (
            "check that the server is running and reachable, and that the user, password "
            "and database name are right (the database must exist)"
        )
    return StorageInternalError(
        f"Could not connect to the storage {masked(url)!r}: {getattr(error, 'orig', error)}. "
        f"To fix it, {fix}."
    )
