"""Database servers for tests: their URLs, whether they are up, and throwaway databases.

The URLs come from ``TUNER_TEST_POSTGRES_URL`` and ``TUNER_TEST_MYSQL_URL``. A test that
needs a server that is down is skipped, or fails when ``TUNER_TEST_REQUIRE_SERVICES=1``
(set it in CI so that a broken service cannot pass unnoticed).
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MYSQL_DEFAULT = "mysql+pymysql://root@127.0.0.1:3306/test"


def postgres_url() -> str:
    return os.environ.get("TUNER_TEST_POSTGRES_URL", POSTGRES_DEFAULT)


def mysql_url() -> str:
    return os.environ.get("TUNER_TEST_MYSQL_URL", MYSQL_DEFAULT)


def services_required() -> bool:
    return os.environ.get("TUNER_TEST_REQUIRE_SERVICES") == "1"


@functools.cache
def _unreachable_reason(url: str) -> str | None:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    connect_args = {"connect_timeout": 3}
    try:
        engine = create_engine(parsed, connect_args=connect_args)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as e:  # any failure means: no usable server
        return (
            f"{backend} server at {parsed.render_as_string(hide_password=True)} is not "
            f"reachable ({type(e).__name__}: {str(e).splitlines()[0]})"
        )
    return None


def require(url: str) -> None:
    """Skip the calling test when the server of ``url`` is down (fail under CI)."""
    reason = _unreachable_reason(url)
    if reason is None:
        return
    if services_required():
        pytest.fail(f"TUNER_TEST_REQUIRE_SERVICES=1 but the {reason}.")
    pytest.skip(f"{reason}; set TUNER_TEST_POSTGRES_URL / TUNER_TEST_MYSQL_URL to run it")


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """A new, empty database on the server of ``url``, dropped afterwards."""
    require(url)
    parsed = make_url(url)
    name = f"tuner_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            if parsed.get_backend_name() == "postgresql":
                connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()
