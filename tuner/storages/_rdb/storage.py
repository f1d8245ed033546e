"""RDBStorage: studies in a relational database shared by any number of workers."""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections.abc import Callable, Container, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from tuner._direction import StudyDirection
from tuner.distributions import (
    BaseDistribution,
    check_distribution_compatibility,
    distribution_to_json,
)
from tuner.exceptions import (
    DuplicatedStudyError,
    StudyNotFoundError,
    TrialNotFoundError,
    UpdateFinishedTrialError,
)
from tuner.storages._base import BaseStorage, JSONSerializable
from tuner.storages._frozen_study import FrozenStudy
from tuner.storages._heartbeat import BaseHeartbeat
from tuner.storages._rdb import _schema
from tuner.storages._rdb import _statements as sql
from tuner.storages._rdb._cache import StudyTrials
from tuner.storages._rdb._codec import (
    STUDY_ROW,
    DistributionCache,
    build_trials,
    dumps,
    encode_float,
    float_row,
    from_db_datetime,
    insert_template_rows,
    to_db_datetime,
    utc_now,
)
from tuner.storages._rdb._database import Database
from tuner.storages._rdb._engine import connection_error, parse_url
from tuner.storages._rdb.models import (
    studies,
    study_attrs,
    trial_attrs,
    trial_heartbeats,
    trial_intermediate_values,
    trial_params,
    trial_values,
    trials,
)
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study

_MAX_IN_IDS = 200
_UNFINISHED_STATES = (TrialState.RUNNING, TrialState.WAITING)


class RDBStorage(_schema.SchemaVersions, BaseStorage, BaseHeartbeat):
    """Keeps studies in sqlite, PostgreSQL or MySQL/MariaDB, shared by many workers.

    Any number of processes on any number of machines can optimize one study through the
    same URL. Trial numbers are unique per study by a database constraint; an enqueued
    trial goes to exactly one worker; finished trials (immutable) are cached, so a sampler
    that reads all trials of a large study each time only fetches what changed.

    Args:
        url: e.g. ``"sqlite:///tuner.db"``, ``"postgresql://user:pw@host/db"`` (psycopg 3)
            or ``"mysql://user:pw@host/db"`` (pymysql).
        engine_kwargs: Passed on to :func:`sqlalchemy.create_engine`.
        skip_compatibility_check: Open a database whose schema version is not this
            tuner's (e.g. to call :meth:`upgrade`).
        heartbeat_interval: Seconds between the beats of a running trial; None turns
            heartbeats off.
        grace_period: Seconds without a beat after which a RUNNING trial's worker is taken
            for dead and the trial failed (default ``2 * heartbeat_interval``).
        failed_trial_callback: Called with each trial failed that way, e.g.
            :class:`~tuner.storages.RetryFailedTrialCallback`.

    Example:
        >>> import tempfile, tuner
        >>> url = f"sqlite:///{tempfile.mkdtemp()}/example.db"
        >>> study = tuner.create_study(study_name="demo", storage=url)
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> len(tuner.load_study(study_name="demo", storage=url).trials)
        3
    """

    def __init__(
        self,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        skip_compatibility_check: bool = False,
        *,
        heartbeat_interval: int | None = None,
        grace_period: int | None = None,
        failed_trial_callback: Callable[[Study, FrozenTrial], None] | None = None,
    ) -> None:
        if heartbeat_interval is not None and not heartbeat_interval > 0:
            raise ValueError(
                "`heartbeat_interval` must be a positive number of seconds, got "
                f"{heartbeat_interval!r}."
            )
        if grace_period is not None:
            if heartbeat_interval is None:
                raise ValueError("`grace_period` needs `heartbeat_interval` to be set too.")
            if not grace_period > 0:
                raise ValueError(f"`grace_period` must be positive, got {grace_period!r}.")
        if failed_trial_callback is not None and heartbeat_interval is None:
            raise ValueError(
                "`failed_trial_callback` runs on trials failed by heartbeat; set "
                "`heartbeat_interval` too."
            )
        self.url = url
        self.engine_kwargs = dict(engine_kwargs or {})
        self.skip_compatibility_check = skip_compatibility_check
        self.heartbeat_interval = heartbeat_interval
        self.grace_period = grace_period
        self.failed_trial_callback = failed_trial_callback
        self._setup()
        try:
            _schema.ensure_schema(self._engine, skip_compatibility_check)
        except OperationalError as e:
            raise connection_error(self._engine.url, e) from None

    def _setup(self) -> None:
        self._db = Database(parse_url(self.url), self.engine_kwargs)
        self._engine = self._db.engine
        self._run = self._db.run
        self._execute = self._db.execute
        self._upsert = self._db.upsert
        self._heartbeat_sql = sql.HeartbeatStatements(self._engine.url.get_backend_name())
        self._lock = threading.Lock()
        self._studies: dict[int, StudyTrials] = {}
        self._known_studies: set[int] = set()
        self._finished: dict[int, FrozenTrial] = {}  # trial id -> its final state
        self._fresh: dict[int, FrozenTrial] = {}  # trials created here, not yet read back
        self._trial_study: dict[int, int] = {}
        self._param_dists: dict[tuple[int, str], BaseDistribution] = {}
        self._dists = DistributionCache()

    def __getstate__(self) -> dict[str, Any]:
        keys = ("url", "engine_kwargs", "heartbeat_interval", "grace_period")
        state = {k: self.__dict__[k] for k in keys}
        state["failed_trial_callback"] = self.failed_trial_callback
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.skip_compatibility_check = True  # the pickling process checked it
        self._setup()

    # -- studies ----------------------------------------------------------------------------

    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        if study_name is None:
            study_name = f"no-name-{uuid.uuid4()}"
        stmt = insert(studies).values(
            study_name=study_name, directions=json.dumps([int(d) for d in directions])
        )
        try:
            study_id = self._run(lambda c: _new_id(c.execute(stmt)), write=True)
        except IntegrityError:
            raise DuplicatedStudyError(
                f"A study named {study_name!r} already exists; pass load_if_exists=True to "
                "resume it, or choose another name."
            ) from None
        self._known_studies.add(study_id)
        return study_id

    def delete_study(self, study_id: int) -> None:
        ids = select(trials.c.trial_id).where(trials.c.study_id == study_id)

        def fn(c: Connection) -> None:
            for table in (
                trial_params,
                trial_values,
                trial_intermediate_values,
                trial_attrs,
                trial_heartbeats,
            ):
                c.execute(delete(table).where(table.c.trial_id.in_(ids)))
            c.execute(delete(trials).where(trials.c.study_id == study_id))
            c.execute(delete(study_attrs).where(study_attrs.c.study_id == study_id))
            if c.execute(delete(studies).where(studies.c.study_id == study_id)).rowcount == 0:
                raise _no_study(study_id)

        self._run(fn, write=True)
        with self._lock:
            self._known_studies.discard(study_id)
            cached = self._studies.pop(study_id, None)
            for trial in cached.trials if cached else []:
                self._finished.pop(trial._trial_id, None)
            for trial_id in [i for i, s in self._trial_study.items() if s == study_id]:
                del self._trial_study[trial_id]
                self._fresh.pop(trial_id, None)
            self._param_dists = {k: v for k, v in self._param_dists.items() if k[0] != study_id}

    def _set_study_attr(self, study_id: int, system: bool, key: str, value: Any) -> None:
        stmts = sql.upsert("tuner_study_attrs", ("study_id", "is_system", "key"),
                           ("value_json",), "study")  # fmt: skip
        params = {"p_study_id": study_id, "p_is_system": system, "p_key": key,
                  "p_value_json": dumps(value), "guard_id": study_id}  # fmt: skip
        if not self._upsert(stmts, params, durable=True):
            raise _no_study(study_id)

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(study_id, False, key, value)

    def set_study_system_attr(self, study_id: int, key: str, value: JSONSerializable) -> None:
        self._set_study_attr(study_id, True, key, value)

    def get_study_id_from_name(self, study_name: str) -> int:
        rows = self._execute(sql.STUDY_ID_BY_NAME, {"name": study_name})
        if not rows:
            raise StudyNotFoundError(
                f"No study named {study_name!r} in this storage; create it with "
                "tuner.create_study(study_name=...)."
            )
        return int(rows[0][0])

    def get_study_name_from_id(self, study_id: int) -> str:
        rows = self._execute(sql.STUDY_NAME, {"study_id": study_id})
        if not rows:
            raise _no_study(study_id)
        return str(rows[0][0])

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        rows = self._execute(sql.STUDY_DIRECTIONS, {"study_id": study_id})
        if not rows:
            raise _no_study(study_id)
        return [StudyDirection(d) for d in json.loads(rows[0][0])]

    def _get_study_attrs(self, study_id: int, system: bool) -> dict[str, Any]:
        rows = self._execute(sql.STUDY_ATTRS, {"study_id": study_id, "is_system": system})
        if not rows:
            raise _no_study(study_id)
        return {key: json.loads(value) for key, value in rows if key is not None}

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        return self._get_study_attrs(study_id, False)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        return self._get_study_attrs(study_id, True)

    def get_all_studies(self) -> list[FrozenStudy]:
        def fn(c: Connection) -> tuple[list[Any], list[Any]]:
            rows = c.execute(select(studies).order_by(studies.c.study_id)).all()
            return list(rows), list(c.execute(select(study_attrs)).all())

        rows, attrs = self._run(fn)
        user: dict[int, dict[str, Any]] = {}
        system: dict[int, dict[str, Any]] = {}
        for attr in attrs:
            target = system if attr.is_system else user
            target.setdefault(attr.study_id, {})[attr.key] = json.loads(attr.value_json)
        return [
            FrozenStudy(
                study_name=row.study_name,
                direction=None,
                directions=[StudyDirection(d) for d in json.loads(row.directions)],
                user_attrs=user.get(row.study_id, {}),
                system_attrs=system.get(row.study_id, {}),
                study_id=row.study_id,
            )
            for row in rows
        ]

    # -- trials: writes ---------------------------------------------------------------------

    def _check_study(self, c: Connection, study_id: int) -> None:
        if study_id in self._known_studies:
            return
        if c.execute(sql.STUDY_EXISTS, {"study_id": study_id}).first() is None:
            raise _no_study(study_id)
        self._known_studies.add(study_id)

    def _register_distribution(
        self, c: Connection | None, study_id: int, name: str, distribution: BaseDistribution
    ) -> None:
        """Check ``distribution`` against the one the study used for ``name`` before."""
        known = self._param_dists.get((study_id, name))
        if known is None:
            params = {"study_id": study_id, "name": name}
            rows = (c.execute(sql.KNOWN_DISTRIBUTION, params).all() if c is not None
                    else self._execute(sql.KNOWN_DISTRIBUTION, params))  # fmt: skip
            if not rows:
                self._param_dists[(study_id, name)] = distribution
                return
            known = self._param_dists[(study_id, name)] = self._dists.get(rows[0][0])
        if known is not distribution:
            check_distribution_compatibility(known, distribution)

    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        now = utc_now()
        template = template_trial

        def fn(c: Connection) -> tuple[int, int]:
            self._check_study(c, study_id)
            if template is not None:
                for name, dist in template.distributions.items():
                    self._register_distribution(c, study_id, name, dist)
            last = c.execute(sql.MAX_NUMBER, {"study_id": study_id}).scalar()
            number = 0 if last is None else int(last) + 1
            row: dict[str, Any] = {"study_id": study_id, "number": number}
            if template is None:
                row.update(state=int(TrialState.RUNNING), datetime_start=now)
            else:
                row.update(
                    state=int(template.state),
                    datetime_start=to_db_datetime(template.datetime_start),
                    datetime_complete=to_db_datetime(template.datetime_complete),
                )
            trial_id = _new_id(c.execute(insert(trials), row))
            if template is not None:
                insert_template_rows(c, trial_id, template)
            return trial_id, number

        for _ in range(1000):
            try:
                trial_id, number = self._run(fn, write=True)
                break
            except IntegrityError:
                # Another worker took this number first (the unique constraint said so), or
                # the study was deleted meanwhile; try the next number.
                self._known_studies.discard(study_id)
        else:
            raise RuntimeError(f"Could not create a trial in study {study_id}.")
        with self._lock:
            self._trial_study[trial_id] = study_id
            if template is None:
                if len(self._fresh) > 1000:  # created through the raw API and never read
                    self._fresh.clear()
                self._fresh[trial_id] = FrozenTrial(
                    number=number, state=TrialState.RUNNING, value=None,
                    datetime_start=from_db_datetime(now), datetime_complete=None, params={},
                    distributions={}, user_attrs={}, system_attrs={}, intermediate_values={},
                    trial_id=trial_id,
                )  # fmt: skip
        return trial_id

    def _study_of(self, trial_id: int) -> int:
        study_id = self._trial_study.get(trial_id)
        if study_id is None:
            rows = self._execute(sql.TRIAL_STUDY, {"tid": trial_id})
            if not rows:
                raise _no_trial(trial_id)
            study_id = self._trial_study[trial_id] = int(rows[0][0])
        return study_id

    def _not_updatable(self, c: Connection | None, trial_id: int) -> Exception:
        params = {"tid": trial_id}
        rows = (c.execute(sql.TRIAL_STATE, params).all() if c is not None
                else self._execute(sql.TRIAL_STATE, params))  # fmt: skip
        if not rows:
            return _no_trial(trial_id)
        state, number = TrialState(rows[0][0]), rows[0][1]
        return UpdateFinishedTrialError(
            f"Trial#{number} has already finished ({state.name}) and cannot be updated."
        )

    def _write_trial_row(self, trial_id: int, stmts: sql.Upsert, params: dict[str, Any]) -> None:
        params["guard_id"] = trial_id
        if not self._upsert(stmts, params, durable=False):
            raise self._not_updatable(None, trial_id)
        self._fresh.pop(trial_id, None)

    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        self._register_distribution(None, self._study_of(trial_id), param_name, distribution)
        stmts = sql.upsert("tuner_trial_params", ("trial_id", "param_name"),
                           ("param_value", "distribution_json"), "trial")  # fmt: skip
        params = {"p_trial_id": trial_id, "p_param_name": param_name,
                  "p_param_value": float(param_value_internal),
                  "p_distribution_json": distribution_to_json(distribution)}  # fmt: skip
        self._write_trial_row(trial_id, stmts, params)

    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        params = {"tid": trial_id, "now": utc_now(), "new_state": int(state)}

        def fn(c: Connection) -> bool:
            if state == TrialState.RUNNING:
                if c.execute(sql.CLAIM_WAITING, params).rowcount:
                    return True
                row = c.execute(sql.TRIAL_STATE, params).first()
                if row is not None and row[0] == TrialState.RUNNING:
                    return False
                raise self._not_updatable(c, trial_id)
            stmt = sql.FINISH if state.is_finished() else sql.SET_UNFINISHED_STATE
            if not c.execute(stmt, params).rowcount:
                raise self._not_updatable(c, trial_id)
            if values is not None:
                c.execute(sql.DELETE_VALUES, params)
                rows = [
                    {"trial_id": trial_id, "objective": i, **float_row(v)}
                    for i, v in enumerate(values)
                ]
                if rows:
                    c.execute(insert(trial_values), rows)
            if state.is_finished() and self.heartbeat_interval is not None:
                c.execute(sql.DELETE_HEARTBEAT, params)
            return True

        result = self._run(fn, write=True)
        self._fresh.pop(trial_id, None)
        return result

    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        stmts = sql.upsert("tuner_trial_intermediate_values", ("trial_id", "step"),
                           ("value", "value_kind"), "trial")  # fmt: skip
        value, kind = encode_float(intermediate_value)
        params = {"p_trial_id": trial_id, "p_step": int(step), "p_value": value,
                  "p_value_kind": kind}  # fmt: skip
        self._write_trial_row(trial_id, stmts, params)

    def _set_trial_attr(self, trial_id: int, system: bool, key: str, value: Any) -> None:
        stmts = sql.upsert("tuner_trial_attrs", ("trial_id", "is_system", "key"),
                           ("value_json",), "trial")  # fmt: skip
        params = {"p_trial_id": trial_id, "p_is_system": system, "p_key": key,
                  "p_value_json": dumps(value)}  # fmt: skip
        self._write_trial_row(trial_id, stmts, params)

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(trial_id, False, key, value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: JSONSerializable) -> None:
        self._set_trial_attr(trial_id, True, key, value)

    # -- trials: reads ----------------------------------------------------------------------

    def _load(self, statement: Any, params: dict[str, Any], c: Connection | None = None
              ) -> list[FrozenTrial]:  # fmt: skip
        rows = c.execute(statement, params).all() if c else self._execute(statement, params)
        return build_trials(rows, self._dists)

    def get_trial(self, trial_id: int) -> FrozenTrial:
        trial = self._finished.get(trial_id) or self._fresh.pop(trial_id, None)
        if trial is not None:
            return trial
        fetched = self._load(sql.LOAD_TRIAL, {"tid": trial_id})
        if not fetched:
            raise _no_trial(trial_id)
        trial = fetched[0]
        if trial.state.is_finished():
            study_id = self._trial_study.get(trial_id)
            with self._lock:
                self._finished[trial_id] = trial
                cached = self._studies.get(study_id) if study_id is not None else None
                if cached is not None:
                    cached.finish(trial)
        return trial

    def _refresh(self, study_id: int) -> StudyTrials:
        """Bring the cache of a study up to date, reading only new and unfinished trials."""
        with self._lock:
            cached = self._studies.get(study_id)
            next_number = len(cached.trials) if cached else 0
            unfinished = dict(cached.unfinished) if cached else {}
        ids = list(unfinished)
        if len(ids) > _MAX_IN_IDS:  # many enqueued trials: re-read from the first of them
            next_number, ids = min(unfinished.values()), []
        params = {"study_id": study_id, "next_number": next_number, "ids": ids}

        rows = self._execute(sql.LOAD_CHANGED, params)
        study = next((row for row in rows if row[0] == STUDY_ROW), None)
        if study is None:  # deleted, maybe by another worker: forget it
            with self._lock:
                self._known_studies.discard(study_id)
                self._studies.pop(study_id, None)
            raise _no_study(study_id)
        fetched = build_trials(rows, self._dists)
        with self._lock:
            cached = self._studies.get(study_id)
            if cached is None:
                directions = [StudyDirection(d) for d in json.loads(study[6])]
                cached = self._studies[study_id] = StudyTrials(directions)
                self._known_studies.add(study_id)
            for trial in fetched:
                if cached.merge(trial):
                    self._trial_study[trial._trial_id] = study_id
                    if trial.state.is_finished():
                        self._finished[trial._trial_id] = trial
            return cached

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        if states is not None and not any(s in states for s in TrialState if s.is_finished()):
            # Only unfinished trials wanted (e.g. the WAITING ones): the index answers.
            wanted = [int(s) for s in _UNFINISHED_STATES if s in states]
            params = {"study_id": study_id, "states": wanted}

            def fn(c: Connection) -> list[FrozenTrial]:
                self._check_study(c, study_id)
                return self._load(sql.LOAD_IN_STATES, params, c)

            if study_id in self._known_studies:
                result = self._load(sql.LOAD_IN_STATES, params)
            else:
                result = self._run(fn)
        else:
            cached = self._refresh(study_id)
            with self._lock:
                result = cached.select(states)
        if deepcopy:
            result = [t._copy(deep=True) for t in result]
        return result

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        cached = self._refresh(study_id)
        if len(cached.directions) == 1 and cached.best is not None:
            return cached.best
        return super().get_best_trial(study_id)  # raises the right error

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        cached = self._studies.get(study_id)
        if cached is not None and 0 <= trial_number < len(cached.trials):
            return cached.trials[trial_number]._trial_id
        rows = self._execute(
            sql.TRIAL_ID_BY_NUMBER, {"study_id": study_id, "number": trial_number}
        )
        if not rows:
            raise TrialNotFoundError(f"Study {study_id} has no trial number {trial_number}.")
        return int(rows[0][0])

    def _get_trial_attrs(self, trial_id: int, system: bool) -> dict[str, Any]:
        trial = self._finished.get(trial_id)
        if trial is not None:
            return copy.deepcopy(trial.system_attrs if system else trial.user_attrs)
        rows = self._execute(sql.TRIAL_ATTRS, {"tid": trial_id, "is_system": system})
        if not rows:
            raise _no_trial(trial_id)
        return {key: json.loads(value) for key, value in rows if key is not None}

    def get_trial_user_attrs(self, trial_id: int) -> dict[str, Any]:
        return self._get_trial_attrs(trial_id, False)

    def get_trial_system_attrs(self, trial_id: int) -> dict[str, Any]:
        return self._get_trial_attrs(trial_id, True)

    # -- heartbeats -------------------------------------------------------------------------

    def record_heartbeat(self, trial_id: int) -> None:
        stmts, params = self._heartbeat_sql, {"tid": trial_id}
        if self._execute(stmts.update, params, write=True):
            return
        try:
            self._execute(stmts.insert, params, write=True)
        except IntegrityError:
            self._execute(stmts.update, params, write=True)

    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        assert self.heartbeat_interval is not None
        grace = float(self.grace_period or 2 * self.heartbeat_interval)
        rows = self._execute(self._heartbeat_sql.stale, {"study_id": study_id, "grace": grace})
        return [int(row[0]) for row in rows]

    def get_heartbeat_interval(self) -> int | None:
        return self.heartbeat_interval

    def get_failed_trial_callback(self) -> Callable[[Study, FrozenTrial], None] | None:
        return self.failed_trial_callback


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _no_study(study_id: int) -> StudyNotFoundError:
    return StudyNotFoundError(f"No study with id {study_id} in this storage.")


def _no_trial(trial_id: int) -> TrialNotFoundError:
    return TrialNotFoundError(f"No trial with id {trial_id} in this storage.")
