from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests._services import fresh_database, mysql_url, postgres_url
from tuner.storages import BaseStorage, InMemoryStorage, RDBStorage

BACKENDS = ["inmemory", "sqlite", "postgres", "mysql"]
RDB_BACKENDS = ["sqlite", "postgres", "mysql"]


@pytest.fixture(scope="session")
def postgres_db() -> Iterator[str]:
    with fresh_database(postgres_url()) as url:
        yield url


@pytest.fixture(scope="session")
def mysql_db() -> Iterator[str]:
    with fresh_database(mysql_url()) as url:
        yield url


def _url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'tuner.db'}"
    fixture = "postgres_db" if backend == "postgres" else "mysql_db"
    return str(request.getfixturevalue(fixture))


@pytest.fixture(params=RDB_BACKENDS)
def rdb_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL; server databases are shared by the session (tests use fresh ids)."""
    return _url(request.param, request, tmp_path)


StorageFactory = Callable[[], BaseStorage]


@pytest.fixture(params=BACKENDS)
def storage_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StorageFactory]:
    """Makes handles on one storage: for the databases each call is a new RDBStorage on
    the same URL (as a second worker would open), for in-memory the same object."""
    if request.param == "inmemory":
        memory = InMemoryStorage()
        yield lambda: memory
        return
    url = _url(request.param, request, tmp_path)
    made: list[RDBStorage] = []

    def make() -> BaseStorage:
        made.append(RDBStorage(url))
        return made[-1]

    yield make
    for storage in made:
        storage._db.dispose()


@pytest.fixture
def storage(storage_factory: StorageFactory) -> BaseStorage:
    return storage_factory()
