"""What only the database storage has: URLs and drivers, schema versions and migrations,
heartbeats, pickling."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, text

import tuner
from tests._services import fresh_database, mysql_url, postgres_url
from tuner.exceptions import StorageInternalError, StorageSchemaError
from tuner.storages import RDBStorage, RetryFailedTrialCallback, fail_stale_trials
from tuner.storages._rdb import _schema
from tuner.storages._rdb._engine import make_engine, parse_url
from tuner.storages._rdb.models import VERSION_TABLE, Base
from tuner.trial import TrialState

ROOT = str(Path(__file__).resolve().parents[2])


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tuner.db'}"


# -- URLs, drivers, connection errors ---------------------------------------------------------


def test_bare_urls_get_tuners_drivers() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("mysql://u@h/db").drivername == "mysql+pymysql"
    assert parse_url("mysql+pymysql://u@h/db").drivername == "mysql+pymysql"
    assert parse_url("sqlite:///x.db").drivername == "sqlite"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", ["Could not parse", "sqlite:///"]),
        ("oracle://scott:tiger@host/db", ["Unsupported database", "***"]),
        ("postgresql://scott:tiger@host", ["names no database"]),
    ],
)
def test_bad_urls(url: str, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        RDBStorage(url)
    for word in words:
        assert word in str(info.value)
    assert "tiger" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "extra"),
    [("postgresql+psycopg2://u:pw@h/db", "postgres"), ("mysql+mysqldb://u:pw@h/db", "mysql")],
)
def test_missing_driver_names_the_extra(url: str, extra: str) -> None:
    with pytest.raises(ImportError) as info:
        RDBStorage(url)
    assert f"pip install tuner[{extra}]" in str(info.value)
    assert ":pw@" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    ["postgresql://scott:tiger@127.0.0.1:1/db", "mysql://scott:tiger@127.0.0.1:1/db"],
)
def test_unreachable_server(url: str) -> None:
    with pytest.raises(StorageInternalError) as info:
        RDBStorage(url)
    message = str(info.value)
    assert "scott:***@127.0.0.1:1/db" in message
    assert "tiger" not in message
    assert "server is running" in message


def test_sqlite_in_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StorageInternalError, match="directory exists"):
        RDBStorage(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")


def test_sqlite_in_memory_is_one_database_for_all_threads() -> None:
    study = tuner.create_study(storage="sqlite:///:memory:")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=8, n_jobs=2)
    assert sorted(t.number for t in study.trials) == list(range(8))


def test_storage_argument_accepts_a_url(tmp_path: Path) -> None:
    study = tuner.create_study(storage=_sqlite(tmp_path), study_name="s")
    assert isinstance(study._storage, RDBStorage)


# -- schema versions and migrations -----------------------------------------------------------


def test_versions(rdb_url: str) -> None:
    storage = RDBStorage(rdb_url)
    assert storage.get_current_version() == storage.get_head_version() == "v0002"
    assert storage.get_all_versions() == ["v0002", "v0001"]


@pytest.fixture(params=["sqlite", "postgres", "mysql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield _sqlite(tmp_path)
    else:
        server = postgres_url() if request.param == "postgres" else mysql_url()
        with fresh_database(server) as url:
            yield url


def _create_at(url: str, revision: str) -> None:
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        command.upgrade(_schema.alembic_config(connection), revision)
    engine.dispose()


def test_a_worker_arriving_mid_migration_waits_for_it(empty_url: str) -> None:
    """On MySQL, DDL is not transactional, so a worker creating the schema stamps each
    revision as it goes; another worker that reads the version then must wait for the
    migration to finish instead of failing on a schema that looks old."""
    _create_at(empty_url, "v0001")  # the creating worker has stamped its first revision
    engine = make_engine(parse_url(empty_url), None)  # tuner's engine: sqlite's lock is real
    outcome: dict[str, object] = {}

    def open_storage() -> None:
        try:
            outcome["version"] = RDBStorage(empty_url).get_current_version()
        except Exception as error:  # reported by the assertion below
            outcome["error"] = error

    with _schema._schema_lock(engine) as connection:  # ... and still holds the schema lock
        worker = threading.Thread(target=open_storage)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive(), f"the worker did not wait: {outcome}"
        command.upgrade(_schema.alembic_config(connection), "v0002")
    worker.join(60)
    engine.dispose()
    assert outcome == {"version": "v0002"}


def test_migration_from_first_revision_keeps_every_trial(empty_url: str) -> None:
    _create_at(empty_url, "v0001")
    with pytest.raises(StorageSchemaError) as info:
        RDBStorage(empty_url)
    message = str(info.value)
    assert "v0001" in message and ".upgrade()" in message
    assert "python -m tuner.storages._rdb upgrade" in message
    old = RDBStorage(empty_url, skip_compatibility_check=True)
    assert old.get_current_version() == "v0001"
    study = tuner.create_study(storage=old, study_name="kept", direction="maximize")
    study.set_user_attr("note", "before upgrade")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=7)
    study.enqueue_trial({"x": 0.25})
    before = [(t.number, t.state, t.params, t.values) for t in study.trials]

    out = subprocess.run(
        [sys.executable, "-m", "tuner.storages._rdb", "upgrade", empty_url],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": ROOT},
    )  # fmt: skip
    assert "from v0001 to v0002" in out.stdout
    storage = RDBStorage(empty_url)
    assert storage.get_current_version() == storage.get_head_version()
    loaded = tuner.load_study(study_name="kept", storage=storage)
    assert [(t.number, t.state, t.params, t.values) for t in loaded.trials] == before
    assert loaded.user_attrs == {"note": "before upgrade"}
    loaded.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    assert [t.number for t in loaded.trials] == list(range(9))
    assert loaded.trials[7].params == {"x": 0.25}  # the enqueued trial ran after upgrade
    assert loaded.trials[7].state == TrialState.COMPLETE
    storage.record_heartbeat(loaded.trials[8]._trial_id)  # the new table works


def test_models_match_migrations(rdb_url: str) -> None:
    RDBStorage(rdb_url)  # at head through the migrations
    engine = create_engine(parse_url(rdb_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_database_from_a_newer_tuner(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    RDBStorage(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = 'v9999'"))
    with pytest.raises(StorageSchemaError, match="newer tuner"):
        RDBStorage(url)


# -- heartbeats and retries -------------------------------------------------------------------


def test_heartbeat_arguments(tmp_path: Path) -> None:
    url = _sqlite(tmp_path)
    for kwargs in (
        {"heartbeat_interval": 0},
        {"grace_period": 3},
        {"heartbeat_interval": 1, "grace_period": -1},
        {"failed_trial_callback": RetryFailedTrialCallback()},
    ):
        with pytest.raises(ValueError):
            RDBStorage(url, **kwargs)  # type: ignore[arg-type]
    storage = RDBStorage(url, heartbeat_interval=5)
    assert storage.get_heartbeat_interval() == 5
    assert storage.get_failed_trial_callback() is None


def test_stale_trial_is_failed_and_retried(rdb_url: str) -> None:
    storage = RDBStorage(
        rdb_url,
        heartbeat_interval=1,
        grace_period=1,
        failed_trial_callback=RetryFailedTrialCallback(max_retry=1),
    )
    study = tuner.create_study(storage=storage, study_name=f"hb-{uuid.uuid4().hex}")
    dead = study.ask()
    dead.suggest_float("x", 0, 1)
    dead.report(0.5, 3)
    storage.record_heartbeat(dead._trial_id)
    alive = study.ask()  # never beats: not taken for dead (its worker may be starting)
    assert storage._get_stale_trial_ids(study._study_id) == []
    time.sleep(1.6)
    assert storage._get_stale_trial_ids(study._study_id) == [dead._trial_id]
    fail_stale_trials(study)
    fail_stale_trials(study)  # idempotent: the trial is failed and retried once
    trials = study.trials
    assert trials[dead.number].state == TrialState.FAIL
    assert trials[alive.number].state == TrialState.RUNNING
    [retry] = [t for t in trials if t.state == TrialState.WAITING]
    assert retry.params == trials[dead.number].params
    assert retry.intermediate_values == {}
    assert RetryFailedTrialCallback.retried_trial_number(retry) == dead.number
    assert RetryFailedTrialCallback.retry_history(retry) == [dead.number]
    # A late tell from the dead worker is refused clearly.
    with pytest.raises(tuner.exceptions.UpdateFinishedTrialError):
        storage.set_trial_state_values(dead._trial_id, TrialState.COMPLETE, [1.0])
    # max_retry=1: a failed retry is not retried again.
    claimed = study.ask()
    assert claimed.number == retry.number
    storage.record_heartbeat(claimed._trial_id)
    time.sleep(1.6)
    fail_stale_trials(study)
    assert study.trials[retry.number].state == TrialState.FAIL
    assert not [t for t in study.trials if t.state == TrialState.WAITING]


def test_retry_callback_inherits_intermediate_values() -> None:
    study = tuner.create_study()
    failed = tuner.trial.create_trial(
        state=TrialState.FAIL, intermediate_values={1: 0.5}, system_attrs={"fail_reason": "x"}
    )
    study.add_trial(failed)
    RetryFailedTrialCallback(inherit_intermediate_values=True)(study, study.trials[0])
    retry = study.trials[1]
    assert retry.intermediate_values == {1: 0.5}
    assert "fail_reason" not in retry.system_attrs
    with pytest.raises(ValueError):
        RetryFailedTrialCallback(max_retry=-1)


# -- pickling ---------------------------------------------------------------------------------


def test_pickle_round_trip(tmp_path: Path) -> None:
    storage = RDBStorage(_sqlite(tmp_path), heartbeat_interval=2)
    study = tuner.create_study(storage=storage, study_name="p")
    study.optimize(lambda t: t.suggest_int("n", 0, 5), n_trials=3)
    copy = pickle.loads(pickle.dumps(storage))
    assert copy.get_heartbeat_interval() == 2
    assert len(copy.get_all_trials(study._study_id)) == 3


def test_every_write_durable_on_request(rdb_url: str) -> None:
    """With an explicit isolation level every statement runs in a full transaction (on the
    servers; sqlite always works that way)."""
    if rdb_url.startswith("sqlite"):
        pytest.skip("sqlite runs every write in a transaction anyway")
    storage = RDBStorage(rdb_url, engine_kwargs={"isolation_level": "READ COMMITTED"})
    study = tuner.create_study(storage=storage, study_name=f"durable-{uuid.uuid4().hex}")

    def objective(trial: tuner.Trial) -> float:
        trial.set_user_attr("u", [1])
        trial.report(0.5, 1)
        return trial.suggest_float("x", 0, 1)

    study.optimize(objective, n_trials=3)
    trials = RDBStorage(rdb_url).get_all_trials(study._study_id)
    assert [(t.user_attrs, t.intermediate_values) for t in trials] == [({"u": [1]}, {1: 0.5})] * 3
    assert [t.value for t in trials] == [t.params["x"] for t in trials]


# -- query counts: the cache and the bulk loads -------------------------------------------------


def test_reads_cost_one_query_whatever_the_study_size(rdb_url: str) -> None:
    writer = RDBStorage(rdb_url)
    study = tuner.create_study(storage=writer, study_name=f"q-{uuid.uuid4().hex}")
    dist = {"x": tuner.distributions.FloatDistribution(0, 1)}
    study.add_trials(
        tuner.trial.create_trial(
            value=i,
            params={"x": i / 300},
            distributions=dist,
            user_attrs={"i": i},
            intermediate_values={0: i},
        )  # fmt: skip
        for i in range(300)
    )
    reader = RDBStorage(rdb_url)
    statements: list[str] = []
    for engine in (reader._db.engine, reader._db._auto_engine):
        if engine is not None:
            event.listen(engine, "before_cursor_execute",
                         lambda *args: statements.append(args[2]))  # fmt: skip
    complete = (TrialState.COMPLETE,)
    first = reader.get_all_trials(study._study_id, deepcopy=False, states=complete)
    assert len(first) == 300 and first[299].user_attrs == {"i": 299}
    assert len([s for s in statements if "SELECT" in s.upper()]) == 1  # no N+1
    statements.clear()
    for _ in range(3):
        again = reader.get_all_trials(study._study_id, deepcopy=False, states=complete)
        assert again[0] is first[0]  # finished trials come from the cache
    queries = [s for s in statements if not s.startswith("BEGIN")]  # sqlite's own BEGIN
    assert len(queries) == 3  # one small "what changed?" query per read
