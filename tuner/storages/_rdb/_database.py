"""Connections and transactions: retries of transient errors, autocommit single statements,
guarded upserts."""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import URL, Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from tuner.storages._rdb._engine import is_transient, make_engine
from tuner.storages._rdb._statements import Upsert

T = TypeVar("T")
_MAX_RETRIES = 20


class Database:
    """The engines of one storage and the ways the storage talks through them."""

    def __init__(self, url: URL, engine_kwargs: dict[str, Any]) -> None:
        self.engine = make_engine(url, engine_kwargs)
        backend = self.engine.url.get_backend_name()
        self._sqlite = backend == "sqlite"
        # Single statements on a server run in autocommit: no BEGIN/COMMIT round trips.
        # (sqlite keeps transactions: there they are free and take the write lock early.)
        # On PostgreSQL these commits do not wait for the WAL flush (synchronous_commit
        # off): they only write to running trials (params, attrs, intermediate values,
        # beats), and the synchronous commit that finishes the trial flushes them too.
        # A server crash can lose the last fraction of a second of a running trial's
        # writes, never a finished trial, never consistency.
        self._auto_engine = None
        if not self._sqlite and "isolation_level" not in engine_kwargs:
            auto = {**engine_kwargs, "isolation_level": "AUTOCOMMIT"}
            auto.setdefault("pool_reset_on_return", None)
            if backend == "postgresql":
                connect_args = dict(auto.get("connect_args", {}))
                options = connect_args.get("options", "")
                connect_args["options"] = f"{options} -c synchronous_commit=off".strip()
                auto["connect_args"] = connect_args
            self._auto_engine = make_engine(url, auto)
        self._returning = self.engine.dialect.insert_returning
        self._pid = os.getpid()
        # An in-memory sqlite database is one connection shared by all threads (see
        # make_engine): its transactions must take turns.
        memory = self._sqlite and self.engine.url.database in (None, "", ":memory:")
        self._serial: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if memory else contextlib.nullcontext()
        )

    def dispose(self) -> None:
        self.engine.dispose()
        if self._auto_engine is not None:
            self._auto_engine.dispose()

    def _check_pid(self) -> None:
        if os.getpid() != self._pid:  # forked: the parent's connections are not ours
            self.engine.dispose(close=False)
            if self._auto_engine is not None:
                self._auto_engine.dispose(close=False)
            self._pid = os.getpid()

    def run(self, fn: Callable[[Connection], T], write: bool = False) -> T:
        """Run ``fn`` in one transaction, retrying transient lock and deadlock errors."""
        self._check_pid()

        def attempt() -> T:
            with self._serial, self.engine.connect() as connection:
                if write and self._sqlite:
                    connection = connection.execution_options(tuner_write=True)
                with connection.begin():
                    return fn(connection)

        return _with_retries(attempt, write)

    def execute(self, statement: Any, params: dict[str, Any], write: bool = False) -> Any:
        """Run one statement; return its rows (a list) for a query, else its row count."""

        def fn(c: Connection) -> Any:
            return _result(c.execute(statement, params))

        if self._auto_engine is None:
            return self.run(fn, write)
        self._check_pid()
        auto_engine = self._auto_engine

        def attempt() -> Any:
            with auto_engine.connect() as connection:
                return fn(connection)

        return _with_retries(attempt, write)

    def upsert(self, stmts: Upsert, params: dict[str, Any], durable: bool) -> bool:
        """Insert or update one row if its guard holds; False when it did not.

        A unique constraint makes concurrent writers of one key safe: the loser of the
        insert race updates instead. ``durable=False`` allows the asynchronous commit.
        """

        def run(statement: Any) -> Any:
            if durable and self._auto_engine is not None:
                return self.run(lambda c: _result(c.execute(statement, params)), write=True)
            return self.execute(statement, params, write=True)

        try:
            if self._returning:  # psycopg gives no row count for INSERT ... SELECT
                return bool(run(stmts.insert_returning))
            return bool(run(stmts.insert))
        except IntegrityError:
            return bool(run(stmts.update))


def _result(result: Any) -> Any:
    """The rows of a query, or the row count of a write."""
    return result.all() if result.returns_rows else result.rowcount


def _with_retries(attempt: Callable[[], T], write: bool) -> T:
    """Call ``attempt`` again after a transient lock or deadlock error, a bounded number of
    times with back-off; any other error, or the last one, propagates."""
    for n in range(_MAX_RETRIES + 1):
        try:
            return attempt()
        except DBAPIError as e:
            if n == _MAX_RETRIES or not is_transient(e, write):
                raise
            _backoff(n)
    raise AssertionError("unreachable")


def _backoff(attempt: int) -> None:
    time.sleep(min(0.5, 0.005 * 2**attempt) * (0.5 + random.random()))
